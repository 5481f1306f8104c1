//! `validate --db` and `--changes`: each check stored in the history ([`crate::cli::store`]),
//! and the findings new or fixed since a feed's last check, so a cron job mails only on change.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::check::Outcome;
use crate::cli::store::{Check, Finding, Store};
use crate::diagnostic::{Diagnostic, Sources, Summary};

/// What every check of a run shares.
pub(super) struct RunInfo<'a> {
    /// The run's id (`--run`, or one made for it: [`run_id`]).
    pub(super) run: &'a str,
    /// The run's clock.
    pub(super) now: DateTime<Utc>,
    /// What the run checks, in the cache's names ([`super::cache::checks`]).
    pub(super) covered: &'a BTreeSet<String>,
}

/// An id for a run not named by `--run`: the wall clock's nanoseconds and the process id, unique
/// on one machine and, in practice, across machines too.
pub(super) fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{}", std::process::id())
}

/// The row an outcome leaves in the history.
pub(super) fn check_of(outcome: &Outcome, info: &RunInfo<'_>) -> Check {
    let base = Check {
        run: info.run.to_owned(),
        checked_at: info.now.to_rfc3339(),
        covered: Some(info.covered.iter().cloned().collect::<Vec<_>>().join(" ")),
        ..Check::default()
    };
    // The feed is copied and its lines indexed only when a finding needs a line and column.
    let sources = match outcome {
        Outcome::Checked { diagnostics, .. } if !diagnostics.is_empty() => {
            super::output::target_report(outcome).sources()
        }
        _ => Sources::new(),
    };
    let with_findings = |check: Check, diagnostics: &[Diagnostic]| {
        let s = Summary::of(diagnostics);
        let counts = [s.errors, s.warnings, s.infos].map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        Check {
            counts,
            findings: diagnostics
                .iter()
                .map(|d| Finding::of(d, &sources))
                .collect(),
            ..check
        }
    };
    match outcome {
        Outcome::Checked {
            name,
            text,
            diagnostics,
            cache,
            items,
            http,
            ..
        } => {
            let entry = cache.as_ref().map(|(_, e)| e);
            let check = Check {
                target: name.clone(),
                status: "checked".into(),
                content_hash: Some(crate::hash::sha256_hex(text.as_bytes())),
                etag: entry.and_then(|e| e.etag.clone()),
                last_modified: entry.and_then(|e| e.last_modified.clone()),
                item_count: i64::try_from(*items).ok(),
                http_status: http.map(i64::from),
                ..base
            };
            with_findings(check, diagnostics)
        }
        Outcome::Unchanged { name, diagnostics } => {
            let check = Check {
                target: name.clone(),
                status: "unchanged".into(),
                http_status: Some(304),
                ..base
            };
            with_findings(check, diagnostics)
        }
        Outcome::Failed {
            name,
            message,
            http,
        } => Check {
            target: name.clone(),
            status: "failed".into(),
            error: Some(message.clone()),
            http_status: http.map(i64::from),
            ..base
        },
    }
}

/// Stores every outcome's check; the text of what changed since each feed's last check: a
/// `new` line per finding it did not have, a `fixed` line per finding it no longer has. A feed
/// never checked before has only new findings; one not read this time (unchanged, failed) has
/// no changes.
pub(super) async fn track(
    store: &Store,
    outcomes: &[Outcome],
    info: &RunInfo<'_>,
) -> anyhow::Result<String> {
    let mut out = String::new();
    for outcome in outcomes {
        if let Outcome::Checked {
            name, diagnostics, ..
        } = outcome
        {
            let before = store.last_findings(name).await?.unwrap_or_default();
            let sources = Sources::new();
            let after: BTreeSet<Finding> = diagnostics
                .iter()
                .map(|d| Finding::of(d, &sources))
                .collect();
            for f in after.difference(&before) {
                out.push_str(&format!("{name}: new {}\n", f.line()));
            }
            for f in before.difference(&after) {
                out.push_str(&format!("{name}: fixed {}\n", f.line()));
            }
        }
        store.record(&check_of(outcome, info)).await?;
    }
    Ok(out)
}

/// The past checks that read each outcome's feed (the last [`PAST`], oldest first), for the HTML
/// report's history chart.
pub(super) async fn past(
    store: &Store,
    outcomes: &[Outcome],
) -> anyhow::Result<Vec<crate::report::html::History>> {
    let mut out = Vec::new();
    for outcome in outcomes {
        let target = match outcome {
            Outcome::Checked { name, .. }
            | Outcome::Unchanged { name, .. }
            | Outcome::Failed { name, .. } => name,
        };
        let mut checks: Vec<_> = store
            .checks(target, PAST)
            .await?
            .into_iter()
            .filter(|c| c.status == "checked")
            .map(|c| crate::report::html::PastCheck {
                errors: usize::try_from(c.counts[0]).unwrap_or(0),
                checked_at: c.checked_at,
            })
            .collect();
        checks.reverse();
        out.push(crate::report::html::History {
            target: target.clone(),
            checks,
        });
    }
    Ok(out)
}

/// How many past checks the HTML report's chart reads.
const PAST: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(diagnostics: Vec<Diagnostic>) -> Outcome {
        Outcome::Checked {
            name: "f.xml".into(),
            text: "<rss/>".into(),
            diagnostics,
            cache: None,
            timings: Vec::new(),
            items: 0,
            http: None,
        }
    }

    #[tokio::test]
    async fn new_and_fixed_findings_and_a_failed_fetch_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("h.sqlite");
        let store = Store::open(path.to_str().expect("utf-8"))
            .await
            .expect("open");
        let covered = BTreeSet::new();
        let run = |n: usize| RunInfo {
            run: ["r1", "r2", "r3", "r4"][n],
            now: Utc::now(),
            covered: &covered,
        };
        let warned = || vec![Diagnostic::new(&crate::rules::urls::URL_HTTP, "w")];
        let new = track(&store, &[checked(warned())], &run(0)).await;
        let new = new.expect("track");
        assert!(new.starts_with("f.xml: new warning[url.http]"), "{new}");
        let failed = Outcome::Failed {
            name: "f.xml".into(),
            message: "no answer".into(),
            http: None,
        };
        assert_eq!(track(&store, &[failed], &run(1)).await.expect("track"), "");
        let same = track(&store, &[checked(warned())], &run(2)).await;
        assert_eq!(same.expect("track"), "");
        let fixed = track(&store, &[checked(Vec::new())], &run(3)).await;
        let fixed = fixed.expect("track");
        assert!(
            fixed.starts_with("f.xml: fixed warning[url.http]"),
            "{fixed}"
        );
        let checks = store.checks("f.xml", 10).await.expect("checks");
        let statuses: Vec<&str> = checks.iter().map(|c| c.status.as_str()).collect();
        assert_eq!(statuses, ["checked", "checked", "failed", "checked"]);
        assert_eq!(checks[3].counts, [0, 1, 0]);
    }
}
