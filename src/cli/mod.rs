//! Command-line definitions (clap) and one handler module per subcommand.
//!
//! Handlers are the edge: they read files, the network and the clock's value passed in by
//! `main`, call the pure core, print, and return an [`Exit`].

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::Exit;

mod build;
mod chapters;
mod completions;
mod explain;
mod history;
mod import;
mod import_feed;
mod init;
mod input;
mod new;
pub(crate) mod progress;
mod serve;
mod store;
mod transcript;
mod validate;

/// Build, validate and convert podcast feeds with transcripts.
#[derive(Debug, Parser)]
#[command(name = "podfeed", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every show's feed and transcripts from the local records.
    Build(BuildArgs),
    /// Check a published feed (URL or file) against the specs, the local records and its links.
    Validate(ValidateArgs),
    /// Import a published feed (URL or file) as a show's records, or transcript pages as episodes.
    Import(ImportArgs),
    /// Convert one transcript file to another format.
    Transcript(TranscriptArgs),
    /// Convert one chapters file (JSON chapters or simple lines) to the other, checking it.
    Chapters(ChaptersArgs),
    /// Explain a rule: what it checks, why, and where the rule comes from.
    Explain(ExplainArgs),
    /// Start a site: a config, one show, a sample episode with its transcript, every key explained.
    Init(InitArgs),
    /// Write a new record from the show's defaults.
    #[command(subcommand)]
    New(NewCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `podfeed man | man -l -`.
    Man,
    /// Build, then serve the output folder on 127.0.0.1 for a preview, rebuilding on change.
    Serve(ServeArgs),
    /// Show a feed's checks over time from the history `validate --db` keeps.
    History(HistoryArgs),
}

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// For people.
    #[default]
    Human,
    /// JSON for machines: one object per feed checked, one per line (a single feed: one object).
    Json,
}

/// Format of `podfeed validate`'s report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ReportFormat {
    /// For people, in a terminal.
    #[default]
    Human,
    /// JSON for machines: one object per feed checked, one per line (a single feed: one object).
    Json,
    /// SARIF 2.1.0, for code-scanning UIs: one run, the rules, a result per finding.
    Sarif,
    /// JUnit XML, for CI test reports: a test suite per feed, a test case per rule checked.
    Junit,
    /// One self-contained HTML page: summary, episodes × checks grid, findings, link timings.
    Html,
}

/// The least severe finding that fails a validation (exit code 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    #[default]
    Error,
    /// Warnings and errors.
    Warning,
}

impl FailOn {
    /// The severity this level starts at.
    pub fn severity(self) -> crate::diagnostic::Severity {
        match self {
            FailOn::Error => crate::diagnostic::Severity::Error,
            FailOn::Warning => crate::diagnostic::Severity::Warning,
        }
    }
}

/// When human output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless the `NO_COLOR` environment variable is set (to anything but "").
    #[default]
    Auto,
    /// Always, even into a pipe or file.
    Always,
    /// Never.
    Never,
}

/// The `--color` option of the commands that print diagnostics.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ColorArg {
    /// Colour the human output: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// forces it), always, never.
    #[arg(long, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// What the environment says about colour (<https://no-color.org>, <https://bixense.com/clicolors/>).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColorEnv {
    /// `NO_COLOR` is set to something: no colour, whatever else is set (except `--color always`).
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set to something but `0`: colour even off a terminal.
    pub force: bool,
    /// `CLICOLOR` is `0`: no colour on a terminal.
    pub off: bool,
}

impl ColorEnv {
    /// The environment of this process.
    pub fn from_process() -> ColorEnv {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        ColorEnv {
            no_color: set("NO_COLOR").is_some(),
            force: set("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            off: set("CLICOLOR").is_some_and(|v| v == "0"),
        }
    }
}

impl ColorArg {
    /// Whether to colour what goes to standard output.
    pub fn stdout(self) -> bool {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        self.styled(terminal, ColorEnv::from_process())
    }

    /// Whether to colour what goes to standard error.
    pub fn stderr(self) -> bool {
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        self.styled(terminal, ColorEnv::from_process())
    }

    /// The decision: `--color always|never` first, then `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`,
    /// and whether the output is a terminal.
    pub fn styled(self, terminal: bool, env: ColorEnv) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if env.no_color => false,
            ColorChoice::Auto if env.force => true,
            ColorChoice::Auto => terminal && !env.off,
        }
    }
}

/// `podfeed build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// The site configuration.
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
    /// Build only these shows (folder names under feeds_dir).
    #[arg(long = "feed", value_name = "ID")]
    pub feeds: Vec<String>,
    /// Write here instead of the config's output_dir.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// List what would change, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Keep the published files of episodes that were removed from the records.
    #[arg(long)]
    pub keep_removed: bool,
    /// Wait this many seconds for another build's lock instead of exiting with code 3.
    #[arg(long, value_name = "SECONDS")]
    pub wait: Option<u64>,
    /// Summary format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// List the records held back as drafts (`draft = true`, or no `[enclosure]` yet).
    #[arg(long)]
    pub drafts: bool,
    /// When to colour the report.
    #[command(flatten)]
    pub color: ColorArg,
}

/// `podfeed validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Feed URL or file; default: the feed URL of `--feed`, or of every show in the config.
    pub target: Option<String>,
    /// The site configuration.
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
    /// Compare with this show's local records.
    #[arg(long = "feed", value_name = "ID")]
    pub feed: Option<String>,
    /// Compare with the records in this show folder.
    #[arg(long, value_name = "DIR")]
    pub records: Option<PathBuf>,
    /// Run only these profiles' rules (rss, apple, podcastindex, spotify); default: all.
    #[arg(long = "profile", value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// Report format: human, json, sarif, junit or html.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Exit with code 1 when a finding is at least this severe: error, or warning.
    #[arg(long, value_enum, default_value_t, value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// Do not check enclosures, artwork and transcripts over HTTP.
    #[arg(long)]
    pub no_links: bool,
    /// Let a feed at a public name reach private addresses (loopback, LAN, link-local) by DNS or
    /// by redirect, and check its links there: for validating a feed on one's own network.
    #[arg(long)]
    pub allow_private: bool,
    /// Conditional-request cache (ETag/Last-Modified per feed URL); default:
    /// `.podfeed-cache.json` beside the config file.
    #[arg(long, value_name = "FILE")]
    pub cache: Option<PathBuf>,
    /// Validate every feed of this list (`-`: standard input): one URL or file per line, `#`
    /// comments and blank lines skipped; checked concurrently, one report per feed as each
    /// completes (`--format json`: JSON Lines), no conditional-request cache.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["target", "feed", "records"])]
    pub list: Option<PathBuf>,
    /// With `--list`: validate only shard K of N (1-based, `1/4` to `4/4`), the lines whose
    /// URL's sha256 falls there; `auto` reads a Kubernetes Indexed Job's or a Slurm array's index.
    #[arg(long, value_name = "K/N|auto", requires = "list")]
    pub shard: Option<String>,
    /// Every check (target, time, HTTP status, content hash, ETag, item count, findings with
    /// their line and column) is stored in the history: `--db`, or by default
    /// `.podfeed-history.sqlite` beside the config file when that file exists (with no config
    /// file and no `--db`, nothing is stored); its ETags replace the cache file.
    #[command(flatten)]
    pub history: DbArg,
    /// Store nothing in the history (not even in the `--db` or `PODFEED_DB` one); the
    /// conditional requests' ETags are kept in the cache file (`--cache`) instead.
    #[arg(long, conflicts_with = "changes")]
    pub no_history: bool,
    /// The run's id in the history (default: a new one): the shards of one pass may share one,
    /// and a feed is stored once per run.
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,
    /// Print only the findings new since each feed's last check and those fixed since (the
    /// history of `--db`, or beside the config file, even when there is none yet).
    #[arg(long, conflicts_with = "list")]
    pub changes: bool,
    /// With `--shard auto`: the number of shards, when the environment does not give it.
    #[arg(long, value_name = "N", requires = "shard")]
    pub shards: Option<u64>,
    /// When to colour the report.
    #[command(flatten)]
    pub color: ColorArg,
}

/// `--db`: the history of checks.
#[derive(Debug, Args)]
pub struct DbArg {
    /// The history of checks: an SQLite file, or a PostgreSQL server's `postgres://…` URL;
    /// default: `.podfeed-history.sqlite` beside the config file (`validate` stores nothing when
    /// there is no config file and no `--db`).
    #[arg(
        long,
        value_name = "PATH|URL",
        env = "PODFEED_DB",
        hide_env_values = true
    )]
    pub db: Option<String>,
}

/// `podfeed history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The feed URL or file, as `podfeed validate` was given it.
    pub target: String,
    /// The history to read.
    #[command(flatten)]
    pub history: DbArg,
    /// The site configuration (where the default history lives).
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// How many checks to show, newest first; findings are followed over these.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub limit: usize,
}

/// `podfeed import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A published feed (URL or file) to import as records, or transcript pages to import.
    #[arg(required = true, value_name = "FEED|PAGES")]
    pub sources: Vec<PathBuf>,
    /// The show to import into.
    #[arg(long = "feed", value_name = "ID")]
    pub feed: String,
    /// The site configuration.
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
    /// Overwrite existing records.
    #[arg(long)]
    pub force: bool,
    /// With a feed: also download each episode's transcript, to publish it from the records.
    #[arg(long)]
    pub download: bool,
    /// When to colour the report.
    #[command(flatten)]
    pub color: ColorArg,
}

/// `podfeed transcript`.
#[derive(Debug, Args)]
pub struct TranscriptArgs {
    /// The transcript file to convert.
    pub file: PathBuf,
    /// The format to write: vtt, srt, json, html or txt.
    #[arg(long, value_name = "FORMAT")]
    pub to: String,
    /// The input's format, when neither its extension nor its content tells.
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The episode's duration in seconds, for the last cue's end time.
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<u64>,
}

/// `podfeed chapters`.
#[derive(Debug, Args)]
pub struct ChaptersArgs {
    /// The chapters file to convert: JSON chapters (`.json`) or simple lines.
    pub file: PathBuf,
    /// The format to write: json (JSON chapters 1.2.0) or txt (simple lines).
    #[arg(long, value_name = "FORMAT")]
    pub to: String,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The episode's duration in seconds: every chapter must start before it.
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<u64>,
}

/// `podfeed serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site configuration.
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
    /// Build into and serve this folder instead of the config's output_dir.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The port on 127.0.0.1 (0: any free port, printed on standard error).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// `podfeed explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `item.enclosure.length`; without one, lists every rule.
    pub rule: Option<String>,
}

/// `podfeed init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the site in (made when missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `podfeed new`: what to write.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A dated episode record with the next episode number, held back as a draft until its
    /// `[enclosure]` is filled in.
    Episode(NewEpisodeArgs),
}

/// `podfeed new episode`.
#[derive(Debug, Args)]
pub struct NewEpisodeArgs {
    /// The episode's title.
    pub title: String,
    /// The show to add it to.
    #[arg(long = "feed", value_name = "ID")]
    pub feed: String,
    /// The site configuration.
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
}

/// `podfeed completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Runs one parsed command line. `now` is the clock, read once by `main`.
pub fn run(cli: Cli, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    match cli.command {
        Command::Build(args) => build::run(&args, now),
        Command::Validate(args) => validate::run(&args, now),
        Command::Import(args) => import::run(&args),
        Command::Transcript(args) => transcript::run(&args),
        Command::Chapters(args) => chapters::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args, now),
        Command::New(NewCommand::Episode(args)) => new::run(&args, now),
        Command::Completions(args) => completions::completions(args.shell),
        Command::Man => completions::man(),
        Command::Serve(args) => serve::run(&args),
        Command::History(args) => history::run(&args),
    }
}

/// Writes `text` to standard output through one lock and flushes it. Unlike `print!`, which
/// panics (exit 101) when the reader has gone (`podfeed … | head`), a closed pipe comes back as
/// an `io::Error` of kind `BrokenPipe`, which `main` turns into a quiet exit 0.
pub(crate) fn write_stdout(text: &str) -> std::io::Result<()> {
    stream_stdout(|out| std::io::Write::write_all(out, text.as_bytes()))
}

/// Standard output, locked and buffered.
pub(crate) type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// Streams `write`'s output to standard output through one buffer, flushed at the end: a large
/// report is not built whole in memory first. Its errors are [`write_stdout`]'s.
pub(crate) fn stream_stdout(
    write: impl FnOnce(&mut Stdout) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = Stdout::with_capacity(64 * 1024, std::io::stdout().lock());
    write(&mut out)?;
    out.flush()
}

/// Renders diagnostics about local files (records, transcripts) for standard error, reading each
/// named file once into the run's [`crate::diagnostic::Sources`].
fn render_diagnostics(diagnostics: &[crate::diagnostic::Diagnostic], styled: bool) -> String {
    let mut sources = crate::diagnostic::Sources::new();
    for label in diagnostics.iter().flat_map(|d| &d.labels) {
        if !sources.contains(&label.file) {
            let text = std::fs::read(&label.file)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            sources.insert(label.file.clone(), text);
        }
    }
    crate::report::human::render(&sources, diagnostics, styled)
}
