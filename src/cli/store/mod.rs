//! The history of checks (issue 19, item 3): one store, two backends, one schema.
//!
//! Every check of a feed is a row (target, run, time, status, HTTP status, content hash, `ETag`
//! and `Last-Modified`, item count, the findings' counts, the fetch error) with its findings
//! (rule, severity, episode, path, message, line and column), written in one transaction, once per run and target: a
//! check is stored whole or not at all, and never twice in a run ([`Store::record`]).
//!
//! `--db PATH` opens an embedded SQLite file ([`sqlite`]); `--db postgres://…` (or
//! `postgresql://…`) a PostgreSQL server ([`postgres`]), for many machines writing one history.
//! SQLite goes through rusqlite with its bundled SQLite, which needs no system library; the
//! server through tokio-postgres, on the runtime the checks already use. sqlx would serve both,
//! but brings a second async SQL stack and compile-time macros for the few statements here.
//! The SQL below is written once: both dialects take `$1` parameters and the same statements;
//! the schema ([`schema`]) differs only in how a row gets its id.

mod postgres;
mod schema;
mod sqlite;

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;

use crate::diagnostic::{Diagnostic, Sources};
use schema::Dialect;

/// A value passed to or read from the database: every column is an integer or text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// `BIGINT` (or `NULL`).
    Int(Option<i64>),
    /// `TEXT` (or `NULL`).
    Text(Option<String>),
}

impl Value {
    fn text(s: Option<&str>) -> Value {
        Value::Text(s.map(str::to_owned))
    }

    fn count(n: usize) -> Value {
        Value::Int(i64::try_from(n).ok())
    }
}

/// Column `i` of a row as text (`None` when it is `NULL` or missing).
fn text(row: &[Value], i: usize) -> Option<String> {
    match row.get(i) {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Int(n)) => n.map(|n| n.to_string()),
        None => None,
    }
}

/// Column `i` of a row as an integer.
fn int(row: &[Value], i: usize) -> Option<i64> {
    match row.get(i) {
        Some(Value::Int(n)) => *n,
        _ => None,
    }
}

/// One finding as the history keeps it. Two checks share a finding when all of it but its place
/// (line, column) is equal: a finding that moves because a line was added above it is the same
/// finding, not one fixed and one new (`--changes`, `podfeed history`).
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    /// The rule's id.
    pub(crate) rule: String,
    /// `error`, `warning` or `info`.
    pub(crate) severity: String,
    /// The episode it is about, if any.
    pub(crate) episode: Option<String>,
    /// Where in the feed.
    pub(crate) path: Option<String>,
    /// What the rule said.
    pub(crate) message: String,
    /// The 1-based line of its primary label, when it has one in the feed's text.
    pub(crate) line: Option<i64>,
    /// The 1-based column (in characters) of its primary label.
    pub(crate) column: Option<i64>,
}

impl Finding {
    /// What tells one finding from another: all of it but its place.
    fn identity(&self) -> (&str, &str, Option<&str>, Option<&str>, &str) {
        (
            &self.rule,
            &self.severity,
            self.episode.as_deref(),
            self.path.as_deref(),
            &self.message,
        )
    }
}

impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for Finding {}

impl Ord for Finding {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.identity().cmp(&other.identity())
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Finding {
    /// The finding of a diagnostic, placed where the reports place it in `sources`.
    pub(crate) fn of(d: &Diagnostic, sources: &Sources) -> Self {
        let at = sources.location_of(d);
        Finding {
            rule: d.rule.id().to_owned(),
            severity: d.severity().as_str().to_owned(),
            episode: d.episode.clone(),
            path: d.path.clone(),
            message: d.message.clone(),
            line: at.and_then(|l| i64::try_from(l.line).ok()),
            column: at.and_then(|l| i64::try_from(l.column).ok()),
        }
    }

    /// `severity[rule] episode E: message`.
    pub(crate) fn line(&self) -> String {
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

    fn of_row(row: &[Value], from: usize) -> Self {
        Finding {
            rule: text(row, from).unwrap_or_default(),
            severity: text(row, from + 1).unwrap_or_default(),
            episode: text(row, from + 2),
            path: text(row, from + 3),
            message: text(row, from + 4).unwrap_or_default(),
            line: int(row, from + 5),
            column: int(row, from + 6),
        }
    }
}

/// One check, as stored and as read back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Check {
    /// The URL or file checked.
    pub(crate) target: String,
    /// The run it belongs to (`--run`).
    pub(crate) run: String,
    /// The run's clock, RFC 3339.
    pub(crate) checked_at: String,
    /// `checked`, `unchanged` (304) or `failed`.
    pub(crate) status: String,
    /// The HTTP status of the fetch (200, 304, 404, …); `None` for a file, or when no answer
    /// came.
    pub(crate) http_status: Option<i64>,
    /// sha256 of the feed's text, hex.
    pub(crate) content_hash: Option<String>,
    /// Why the check failed.
    pub(crate) error: Option<String>,
    /// The `ETag` the server sent.
    pub(crate) etag: Option<String>,
    /// The `Last-Modified` the server sent.
    pub(crate) last_modified: Option<String>,
    /// What the check covered (the cache's names: `links`, `profile:apple`, …), space-separated.
    pub(crate) covered: Option<String>,
    /// How many items the feed had.
    pub(crate) item_count: Option<i64>,
    /// The findings' counts by severity: errors, warnings, infos.
    pub(crate) counts: [i64; 3],
    /// The findings.
    pub(crate) findings: Vec<Finding>,
}

/// The columns of `checks` that [`Store::checks`] reads, in [`Check::of_row`]'s order.
const CHECK_COLUMNS: &str = "target, run_id, checked_at, status, content_hash, error, etag, \
    last_modified, covered, item_count, errors, warnings, infos, http_status";

impl Check {
    fn of_row(row: &[Value]) -> Self {
        Check {
            target: text(row, 0).unwrap_or_default(),
            run: text(row, 1).unwrap_or_default(),
            checked_at: text(row, 2).unwrap_or_default(),
            status: text(row, 3).unwrap_or_default(),
            content_hash: text(row, 4),
            error: text(row, 5),
            etag: text(row, 6),
            last_modified: text(row, 7),
            covered: text(row, 8),
            item_count: int(row, 9),
            counts: [10, 11, 12].map(|i| int(row, i).unwrap_or(0)),
            http_status: int(row, 13),
            findings: Vec::new(),
        }
    }
}

/// The open history.
pub(crate) enum Store {
    /// An embedded SQLite file.
    Sqlite(sqlite::Sqlite),
    /// A PostgreSQL server.
    Postgres(postgres::Postgres),
}

/// Whether `spec` names a PostgreSQL server rather than a file.
pub(crate) fn is_server(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

impl Store {
    /// Opens the history `spec` names (a file path, or a `postgres://` URL) and brings its schema
    /// up to date. The error names the file (a URL is not repeated: it may hold a password).
    pub(crate) async fn open(spec: &str) -> anyhow::Result<Store> {
        if is_server(spec) {
            let db = postgres::Postgres::open(spec)
                .await
                .context("history database (PostgreSQL)")?;
            Ok(Store::Postgres(db))
        } else {
            let db =
                sqlite::Sqlite::open(Path::new(spec)).with_context(|| format!("history {spec}"))?;
            Ok(Store::Sqlite(db))
        }
    }

    fn dialect(&self) -> Dialect {
        match self {
            Store::Sqlite(_) => Dialect::Sqlite,
            Store::Postgres(_) => Dialect::Postgres,
        }
    }

    async fn execute(&self, sql: &str) -> anyhow::Result<()> {
        match self {
            Store::Sqlite(db) => db.execute(sql)?,
            Store::Postgres(db) => db.execute(sql).await?,
        }
        Ok(())
    }

    async fn query(&self, sql: &str, params: &[Value]) -> anyhow::Result<Vec<Vec<Value>>> {
        Ok(match self {
            Store::Sqlite(db) => db.query(sql, params)?,
            Store::Postgres(db) => db.query(sql, params).await?,
        })
    }

    /// Stores `check` with its findings in one transaction: all of it or none. False when the
    /// run already has a check of the target (a list naming a feed twice, a shard run again
    /// under the same `--run`): the first stays, nothing is doubled.
    pub(crate) async fn record(&self, check: &Check) -> anyhow::Result<bool> {
        self.execute(self.dialect().begin()).await?;
        let stored = self.insert(check).await;
        let end = match stored {
            Ok(true) => "COMMIT",
            _ => "ROLLBACK",
        };
        let ended = self.execute(end).await;
        let stored = stored?;
        ended?;
        Ok(stored)
    }

    async fn insert(&self, c: &Check) -> anyhow::Result<bool> {
        let [errors, warnings, infos] = c.counts.map(|n| Value::Int(Some(n)));
        let params = [
            Value::text(Some(&c.target)),
            Value::text(Some(&c.run)),
            Value::text(Some(&c.checked_at)),
            Value::text(Some(&c.status)),
            Value::text(c.content_hash.as_deref()),
            Value::text(c.error.as_deref()),
            Value::text(c.etag.as_deref()),
            Value::text(c.last_modified.as_deref()),
            Value::text(c.covered.as_deref()),
            Value::Int(c.item_count),
            errors,
            warnings,
            infos,
            Value::Int(c.http_status),
        ];
        let sql = format!(
            "INSERT INTO checks ({CHECK_COLUMNS}) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT DO NOTHING RETURNING id"
        );
        let rows = self.query(&sql, &params).await?;
        let Some(id) = rows.first().and_then(|r| int(r, 0)) else {
            return Ok(false);
        };
        for f in &c.findings {
            let params = [
                Value::Int(Some(id)),
                Value::text(Some(&f.rule)),
                Value::text(Some(&f.severity)),
                Value::text(f.episode.as_deref()),
                Value::text(f.path.as_deref()),
                Value::text(Some(&f.message)),
                Value::Int(f.line),
                Value::Int(f.column),
            ];
            self.query(
                "INSERT INTO findings \
                 (check_id, rule, severity, episode, path, message, at_line, at_column) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &params,
            )
            .await?;
        }
        Ok(true)
    }

    /// The findings of `target`'s last check that read a feed, if it has one.
    pub(crate) async fn last_findings(
        &self,
        target: &str,
    ) -> anyhow::Result<Option<BTreeSet<Finding>>> {
        let rows = self
            .query(
                "SELECT id FROM checks WHERE target = $1 AND status = 'checked' \
                 ORDER BY id DESC LIMIT 1",
                &[Value::text(Some(target))],
            )
            .await?;
        let Some(id) = rows.first().and_then(|r| int(r, 0)) else {
            return Ok(None);
        };
        let rows = self
            .query(
                "SELECT rule, severity, episode, path, message FROM findings WHERE check_id = $1",
                &[Value::Int(Some(id))],
            )
            .await?;
        Ok(Some(rows.iter().map(|r| Finding::of_row(r, 0)).collect()))
    }

    /// `target`'s last check that read a feed, without its findings.
    pub(crate) async fn last_checked(&self, target: &str) -> anyhow::Result<Option<Check>> {
        let sql = format!(
            "SELECT {CHECK_COLUMNS} FROM checks WHERE target = $1 AND status = 'checked' \
             ORDER BY id DESC LIMIT 1"
        );
        let rows = self.query(&sql, &[Value::text(Some(target))]).await?;
        Ok(rows.first().map(|r| Check::of_row(r)))
    }

    /// `target`'s last `limit` checks with their findings, newest first.
    pub(crate) async fn checks(&self, target: &str, limit: usize) -> anyhow::Result<Vec<Check>> {
        let sql = format!(
            "SELECT id, {CHECK_COLUMNS} FROM checks WHERE target = $1 ORDER BY id DESC LIMIT $2"
        );
        let rows = self
            .query(&sql, &[Value::text(Some(target)), Value::count(limit)])
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut check = Check::of_row(&row[1..]);
            let findings = self
                .query(
                    "SELECT rule, severity, episode, path, message, at_line, at_column \
                     FROM findings WHERE check_id = $1",
                    &[Value::Int(int(row, 0))],
                )
                .await?;
            check.findings = findings.iter().map(|r| Finding::of_row(r, 0)).collect();
            check.findings.sort();
            out.push(check);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(run: &str, findings: usize) -> Check {
        Check {
            target: "https://a.example/f.xml".into(),
            run: run.into(),
            checked_at: "2030-01-01T00:00:00+00:00".into(),
            status: "checked".into(),
            etag: Some("\"v1\"".into()),
            http_status: Some(200),
            item_count: Some(3),
            counts: [i64::try_from(findings).unwrap_or(0), 0, 0],
            findings: (0..findings)
                .map(|i| Finding {
                    rule: "r".into(),
                    severity: "error".into(),
                    episode: None,
                    path: None,
                    message: format!("m{i}"),
                    line: Some(2),
                    column: Some(i64::try_from(i).unwrap_or(0) + 1),
                })
                .collect(),
            ..Check::default()
        }
    }

    #[tokio::test]
    async fn a_check_is_stored_once_per_run_with_all_its_findings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("h.sqlite");
        let spec = path.to_str().expect("utf-8 path");
        let store = Store::open(spec).await.expect("open");
        assert!(store.record(&check("r1", 2)).await.expect("record"));
        assert!(!store.record(&check("r1", 1)).await.expect("second"));
        assert!(store.record(&check("r2", 0)).await.expect("another run"));
        drop(store);
        let store = Store::open(spec)
            .await
            .expect("reopen: migrations run once");
        let checks = store
            .checks("https://a.example/f.xml", 10)
            .await
            .expect("checks");
        assert_eq!(checks.len(), 2);
        assert_eq!(checks[0].run, "r2");
        assert_eq!(checks[1].findings.len(), 2, "the first of run r1 stayed");
        assert_eq!(checks[1].etag.as_deref(), Some("\"v1\""));
        assert_eq!(checks[1].item_count, Some(3));
        assert_eq!(checks[1].http_status, Some(200));
        let places: Vec<_> = checks[1]
            .findings
            .iter()
            .map(|f| (f.line, f.column))
            .collect();
        assert_eq!(places, [(Some(2), Some(1)), (Some(2), Some(2))]);
        let last = store
            .last_findings("https://a.example/f.xml")
            .await
            .expect("last");
        assert_eq!(last, Some(BTreeSet::new()));
    }
}
