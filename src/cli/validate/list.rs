//! `podfeed validate --list FILE`: many feeds in one run (issue 19). The list is read as it is
//! validated, one line at a time; at most `[validate] concurrency` feeds are in flight (and at
//! most `per_host` of one host), and each feed's report is written as soon as it completes, then
//! dropped: memory does not grow with the list. A feed that cannot be fetched is a result like
//! any other. `--format json` writes JSON Lines (one object per feed); the human format writes a
//! line per feed with findings, each failure's error on standard error, and the summary at the end.
//! Without `--db` no conditional-request cache is kept (the file would grow with the list); with
//! it, each check is stored in the history as it completes, and the history's `ETag`s make the
//! requests conditional.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::check::{Checker, Outcome};
use super::output;
use super::plan::{self, Source, Target};
use super::shard::Shard;
use crate::cli::ReportFormat;
use crate::diagnostic::{Severity, Summary};
use crate::exit::Exit;
use crate::report::{human, json};

/// One line of the list: a source to check, or the outcome of a line that names none.
pub(super) enum Entry {
    /// A URL or file to check.
    Check(Source),
    /// A line that names no feed, as its outcome.
    Bad(Outcome),
}

/// The list's entries of one shard, read a line at a time. A line that cannot be read ends the
/// list; the error is kept for the exit code.
pub(super) struct Entries<R> {
    lines: std::io::Lines<R>,
    shard: Option<Shard>,
    /// Why the list ended early.
    broken: Option<std::io::Error>,
}

impl<R: BufRead> Entries<R> {
    /// The entries of `reader` that belong to `shard` (all, without one).
    pub(super) fn new(reader: R, shard: Option<Shard>) -> Self {
        Entries {
            lines: reader.lines(),
            shard,
            broken: None,
        }
    }
}

impl<R: BufRead> Iterator for Entries<R> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            let line = match self.lines.next()? {
                Ok(line) => line,
                Err(e) => {
                    self.broken = Some(e);
                    return None;
                }
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if self.shard.is_some_and(|s| !s.takes(line)) {
                continue;
            }
            return Some(match plan::source(line) {
                Ok(source) => Entry::Check(source),
                Err(message) => Entry::Bad(Outcome::Failed {
                    name: line.to_owned(),
                    message,
                    http: None,
                }),
            });
        }
    }
}

/// One semaphore per host for the feeds in flight, dropped when no feed of the host is: the map
/// holds only the hosts being fetched.
#[derive(Default)]
struct HostGate {
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    per_host: usize,
}

impl HostGate {
    /// Waits for a turn at `source`'s host (a file has none).
    async fn enter(&self, source: &Source) -> Option<OwnedSemaphorePermit> {
        let Source::Url(url) = source else {
            return None;
        };
        let key = format!(
            "{}:{}",
            url.host_str()?,
            url.port_or_known_default().unwrap_or(0)
        );
        let semaphore = {
            let mut hosts = self.hosts.lock().ok()?;
            Arc::clone(
                hosts
                    .entry(key)
                    .or_insert_with(|| Arc::new(Semaphore::new(self.per_host.max(1)))),
            )
        };
        semaphore.acquire_owned().await.ok()
    }

    /// Forgets the hosts no feed is fetching from.
    fn prune(&self) {
        if let Ok(mut hosts) = self.hosts.lock() {
            hosts.retain(|_, s| Arc::strong_count(s) > 1);
        }
    }
}

/// What the run has seen so far.
#[derive(Default)]
struct Tally {
    feeds: usize,
    failed: usize,
    unchanged: usize,
    findings: Summary,
    exit: Option<Exit>,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome, fail_on: Severity) {
        self.feeds += 1;
        match outcome {
            Outcome::Checked { diagnostics, .. } | Outcome::Unchanged { diagnostics, .. } => {
                let s = Summary::of(diagnostics);
                self.findings.errors += s.errors;
                self.findings.warnings += s.warnings;
                self.findings.infos += s.infos;
            }
            Outcome::Failed { .. } => self.failed += 1,
        }
        if matches!(outcome, Outcome::Unchanged { .. }) {
            self.unchanged += 1;
        }
        let this = output::exit_code(std::slice::from_ref(outcome), fail_on);
        self.exit = Some(worst(self.exit.unwrap_or(Exit::Ok), this));
    }

    /// The human summary: feeds, failures and findings.
    fn summary(&self) -> String {
        format!(
            "{} feeds validated, {} could not be fetched: {}\n",
            self.feeds,
            self.failed,
            human::summary_line(&self.findings)
        )
    }
}

/// The worse of two exit codes: a failed fetch (4) or a bad list (2) over errors (1) over 0.
fn worst(a: Exit, b: Exit) -> Exit {
    let rank = |e: Exit| match e {
        Exit::Ok => 0,
        Exit::Failed => 1,
        Exit::Locked => 2,
        Exit::Fetch => 3,
        Exit::Usage => 4,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// The settings of one `--list` run.
pub(super) struct ListRun<'a> {
    pub(super) format: ReportFormat,
    pub(super) fail_on: Severity,
    pub(super) ignore: &'a [&'static crate::rule::Rule],
    pub(super) concurrency: usize,
    pub(super) per_host: usize,
    /// The history each check is stored in (`--db`), with what the run's checks share.
    pub(super) history: Option<(&'a crate::cli::store::Store, super::history::RunInfo<'a>)>,
}

/// Validates every entry of `entries` with `checker`, writing each report as it completes; the
/// exit code is the worst of all feeds. Each check is stored in the history (when there is
/// one) before its report is written. An `Err` is a reader that went away (a closed pipe) or a
/// history that could not be written.
pub(super) async fn run<R: BufRead>(
    checker: &Checker<'_>,
    entries: &mut Entries<R>,
    settings: &ListRun<'_>,
) -> anyhow::Result<Exit> {
    let gate = HostGate {
        per_host: settings.per_host,
        ..HostGate::default()
    };
    let progress = crate::cli::progress::Progress::counter();
    let bar = progress.handle();
    let mut tally = Tally::default();
    let mut done = futures::stream::iter(entries.by_ref())
        .map(|entry| check(checker, &gate, entry))
        .buffer_unordered(settings.concurrency.max(1));
    while let Some(mut outcome) = done.next().await {
        output::drop_ignored(std::slice::from_mut(&mut outcome), settings.ignore);
        tally.add(&outcome, settings.fail_on);
        gate.prune();
        if let Some((store, info)) = &settings.history {
            store
                .record(&super::history::check_of(&outcome, info))
                .await?;
        }
        write(&outcome, settings.format)?;
        bar.inc(1);
        bar.set_message(format!(
            "feeds validated, {} errors, {} not fetched",
            tally.findings.errors, tally.failed
        ));
    }
    drop(done);
    progress.finish();
    if settings.format == ReportFormat::Human {
        super::super::write_stdout(&tally.summary())?;
    }
    let mut exit = tally.exit.unwrap_or(Exit::Ok);
    if let Some(e) = &entries.broken {
        eprintln!("error: the list could not be read to its end: {e}");
        exit = worst(exit, Exit::Usage);
    }
    Ok(exit)
}

/// One entry checked, after its turn at its host.
async fn check(checker: &Checker<'_>, gate: &HostGate, entry: Entry) -> Outcome {
    match entry {
        Entry::Bad(outcome) => outcome,
        Entry::Check(source) => {
            let _turn = gate.enter(&source).await;
            let target = Target {
                source,
                records: None,
            };
            checker.check(&target).await
        }
    }
}

/// Writes one feed's report: a JSON line, or (human) a line when it has findings and its error
/// on standard error when it failed.
fn write(outcome: &Outcome, format: ReportFormat) -> std::io::Result<()> {
    let report = output::target_report(outcome);
    match format {
        ReportFormat::Json => super::super::stream_stdout(|out| json::write_lines(&[report], out)),
        _ => {
            if let Some(message) = report.error {
                eprintln!("error: {message}");
                return Ok(());
            }
            let s = Summary::of(report.diagnostics);
            if s.errors + s.warnings + s.infos == 0 {
                return Ok(());
            }
            super::super::write_stdout(&format!("{}: {}\n", report.target, human::summary_line(&s)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_bad_urls() {
        let text = "# feeds\n\nhttps://a.example/f.xml\n  feed.xml  \nhttps://exa mple/\n";
        let names: Vec<String> = Entries::new(text.as_bytes(), None)
            .map(|e| match e {
                Entry::Check(s) => s.name(),
                Entry::Bad(Outcome::Failed { name, .. }) => format!("bad {name}"),
                Entry::Bad(_) => "other".into(),
            })
            .collect();
        assert_eq!(
            names,
            [
                "https://a.example/f.xml",
                "feed.xml",
                "bad https://exa mple/"
            ]
        );
    }

    #[test]
    fn a_failed_fetch_outranks_errors_and_a_bad_list_outranks_all() {
        assert_eq!(worst(Exit::Failed, Exit::Fetch), Exit::Fetch);
        assert_eq!(worst(Exit::Fetch, Exit::Failed), Exit::Fetch);
        assert_eq!(worst(Exit::Fetch, Exit::Usage), Exit::Usage);
        assert_eq!(worst(Exit::Ok, Exit::Failed), Exit::Failed);
    }
}
