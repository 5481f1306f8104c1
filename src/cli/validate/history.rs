//! The history of checks (issue 19, item 3), in an embedded SQLite file (`--db PATH`, default
//! `.podfeed-history.sqlite` beside the config): every check of a feed is a row (URL or file,
//! time, status, sha256 of the feed's text, the fetch error) with its findings (rule, severity,
//! episode, path, message), written in one transaction per check. `--changes` compares a feed's
//! findings with those of its last check and prints only the new and the fixed ones, so a cron
//! job mails only on change. The schema's version is SQLite's `user_version`: each migration in
//! [`MIGRATIONS`] runs once, in order.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::check::Outcome;
use crate::diagnostic::Diagnostic;

/// The schema's migrations; version N is the first N of them applied.
const MIGRATIONS: &[&str] = &["CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        status TEXT NOT NULL,
        content_hash TEXT,
        error TEXT
    );
    CREATE INDEX checks_by_target ON checks (target, id);
    CREATE TABLE findings (
        check_id INTEGER NOT NULL REFERENCES checks (id),
        rule TEXT NOT NULL,
        severity TEXT NOT NULL,
        episode TEXT,
        path TEXT,
        message TEXT NOT NULL
    );
    CREATE INDEX findings_by_check ON findings (check_id);"];

/// One finding as the history keeps it; two checks share a finding when all of it is equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Finding {
    rule: String,
    severity: String,
    episode: Option<String>,
    path: Option<String>,
    message: String,
}

impl Finding {
    fn of(d: &Diagnostic) -> Self {
        Finding {
            rule: d.rule.id().to_owned(),
            severity: d.severity().as_str().to_owned(),
            episode: d.episode.clone(),
            path: d.path.clone(),
            message: d.message.clone(),
        }
    }

    /// `severity[rule] episode E: message`.
    fn line(&self) -> String {
        let episode = self
            .episode
            .as_deref()
            .map(|e| format!(" episode {e}"))
            .unwrap_or_default();
        format!(
            "{}[{}]{episode}: {}",
            self.severity, self.rule, self.message
        )
    }
}

/// The history file, open.
pub(super) struct History {
    conn: Connection,
}

impl History {
    /// Opens (or creates) the history at `path` and brings its schema up to date.
    pub(super) fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let done = usize::try_from(version).unwrap_or(0);
        for (i, sql) in (1i64..).zip(MIGRATIONS).skip(done) {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i)?;
            tx.commit()?;
        }
        Ok(History { conn })
    }

    /// The findings of `target`'s last check that read a feed, if it has one.
    fn last(&self, target: &str) -> rusqlite::Result<Option<BTreeSet<Finding>>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM checks WHERE target = ?1 AND status = 'checked'
                 ORDER BY id DESC LIMIT 1",
                params![target],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        let mut stmt = self.conn.prepare(
            "SELECT rule, severity, episode, path, message FROM findings WHERE check_id = ?1",
        )?;
        let rows = stmt.query_map(params![id], |r| {
            Ok(Finding {
                rule: r.get(0)?,
                severity: r.get(1)?,
                episode: r.get(2)?,
                path: r.get(3)?,
                message: r.get(4)?,
            })
        })?;
        rows.collect::<rusqlite::Result<BTreeSet<_>>>().map(Some)
    }

    /// Stores one check, its row and its findings together or not at all.
    fn record(&self, outcome: &Outcome, now: DateTime<Utc>) -> rusqlite::Result<()> {
        let (target, status, hash, error, diagnostics) = match outcome {
            Outcome::Checked {
                name,
                text,
                diagnostics,
                ..
            } => (
                name,
                "checked",
                Some(crate::hash::sha256_hex(text.as_bytes())),
                None,
                diagnostics.as_slice(),
            ),
            Outcome::Unchanged { name, diagnostics } => {
                (name, "unchanged", None, None, diagnostics.as_slice())
            }
            Outcome::Failed { name, message } => (name, "failed", None, Some(message), &[][..]),
        };
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO checks (target, checked_at, status, content_hash, error)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![target, now.to_rfc3339(), status, hash, error],
        )?;
        let id = tx.last_insert_rowid();
        for f in diagnostics.iter().map(Finding::of) {
            tx.execute(
                "INSERT INTO findings (check_id, rule, severity, episode, path, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, f.rule, f.severity, f.episode, f.path, f.message],
            )?;
        }
        tx.commit()
    }

    /// Stores every outcome's check; the text of what changed since each feed's last check: a
    /// `new` line per finding it did not have, a `fixed` line per finding it no longer has. A
    /// feed never checked before has only new findings; one not read this time (unchanged,
    /// failed) has no changes.
    pub(super) fn track(
        &self,
        outcomes: &[Outcome],
        now: DateTime<Utc>,
    ) -> rusqlite::Result<String> {
        let mut out = String::new();
        for outcome in outcomes {
            if let Outcome::Checked {
                name, diagnostics, ..
            } = outcome
            {
                let before = self.last(name)?.unwrap_or_default();
                let after: BTreeSet<Finding> = diagnostics.iter().map(Finding::of).collect();
                for f in after.difference(&before) {
                    out.push_str(&format!("{name}: new {}\n", f.line()));
                }
                for f in before.difference(&after) {
                    out.push_str(&format!("{name}: fixed {}\n", f.line()));
                }
            }
            self.record(outcome, now)?;
        }
        Ok(out)
    }
}

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
        }
    }

    #[test]
    fn reopened_history_keeps_its_checks_and_a_failed_fetch_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("h.sqlite");
        let now = Utc::now();
        let warned = || vec![Diagnostic::new(&crate::rules::urls::URL_HTTP, "w")];
        let first = History::open(&path).expect("open");
        let new = first.track(&[checked(warned())], now).expect("track");
        assert!(new.starts_with("f.xml: new warning[url.http]"), "{new}");
        drop(first);
        let again = History::open(&path).expect("reopen: migrations run once");
        let failed = Outcome::Failed {
            name: "f.xml".into(),
            message: "no answer".into(),
        };
        assert_eq!(again.track(&[failed], now).expect("track"), "");
        assert_eq!(again.track(&[checked(warned())], now).expect("track"), "");
        let fixed = again.track(&[checked(Vec::new())], now).expect("track");
        assert!(
            fixed.starts_with("f.xml: fixed warning[url.http]"),
            "{fixed}"
        );
        let rows: i64 = again
            .conn
            .query_row("SELECT count(*) FROM checks", [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 4);
    }
}
