//! The `podfeed` binary: parse arguments, read the clock once, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use podfeed::cli::Cli;
use podfeed::exit::Exit;

/// mimalloc rather than the system's allocator (issue 15): a build allocates and frees millions
/// of small strings on every core, which glibc's allocator serves with locks and fresh pages.
/// Built without transparent huge pages (`no_thp`), so a small run stays small.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let now = match podfeed::clock::now_from_env() {
        Ok(now) => now,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Exit::Usage.into();
        }
    };
    match podfeed::cli::run(cli, now) {
        Ok(exit) => exit.into(),
        Err(e) => {
            if is_broken_pipe(&e) {
                return Exit::Ok.into();
            }
            eprintln!("error: {e:#}");
            Exit::Usage.into()
        }
    }
}

/// Logs go to stderr; `RUST_LOG` selects what is shown (default: warnings and errors). Colours
/// only on a terminal: cron mails and log files get plain text.
fn init_logging() {
    use std::io::IsTerminal as _;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .init();
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
