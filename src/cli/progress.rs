//! Progress for work that takes more than a moment (a build, link checks): an indicatif bar on
//! standard error, shown only when standard error is a terminal, not under `--quiet`, and only
//! once the work has run for [`REVEAL_AFTER`]; cleared when done, so it leaves no trace. Off a
//! terminal (cron, CI, a pipe) not one byte is written.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before its progress is shown: a quick run shows nothing.
pub const REVEAL_AFTER: Duration = Duration::from_millis(300);

/// A progress bar (or spinner) that appears after [`REVEAL_AFTER`] and is cleared by
/// [`Progress::finish`] (or when dropped).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    /// Dropped to stop the reveal timer.
    stop: Option<mpsc::Sender<()>>,
    timer: Option<JoinHandle<()>>,
}

impl Progress {
    /// A spinner with a message for each step, or nothing when `enabled` is false.
    pub fn spinner(enabled: bool) -> Progress {
        let style = ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        Progress::start(
            enabled && stderr_is_terminal(),
            ProgressBar::new_spinner(),
            style,
        )
    }

    /// A bar counting `what` done, of a total the work adds to its [`Progress::handle`]
    /// (`inc_length`), shown whenever standard error is a terminal.
    pub fn bar(what: &'static str) -> Progress {
        let template = format!("{{bar:30}} {{pos}}/{{len}} {what} {{elapsed}}");
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        Progress::start(stderr_is_terminal(), ProgressBar::new(0), style)
    }

    /// A count of items done with their rate, and a message the work sets (e.g. the errors so
    /// far), shown whenever standard error is a terminal.
    pub fn counter() -> Progress {
        let style = ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        Progress::start(stderr_is_terminal(), ProgressBar::new_spinner(), style)
    }

    fn start(shown: bool, bar: ProgressBar, style: ProgressStyle) -> Progress {
        bar.set_draw_target(ProgressDrawTarget::hidden());
        bar.set_style(style);
        if !shown {
            return Progress {
                bar,
                stop: None,
                timer: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let revealed = bar.clone();
        let timer = std::thread::spawn(move || {
            // A message or a disconnect means the work is done: nothing is shown.
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(REVEAL_AFTER) {
                revealed.set_draw_target(ProgressDrawTarget::stderr());
                revealed.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress {
            bar,
            stop: Some(stop),
            timer: Some(timer),
        }
    }

    /// A handle for the work to count with (cheap to clone, safe to share).
    pub fn handle(&self) -> ProgressBar {
        self.bar.clone()
    }

    /// Says which step the work is at.
    pub fn step(&self, message: &'static str) {
        self.bar.set_message(message);
    }

    /// Stops the timer and clears what was drawn.
    pub fn finish(mut self) {
        self.clear();
    }

    fn clear(&mut self) {
        drop(self.stop.take());
        if let Some(timer) = self.timer.take() {
            let _ = timer.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

fn stderr_is_terminal() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stderr())
}
