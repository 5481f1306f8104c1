//! The history's schema: numbered migrations written once for both backends. The two dialects
//! differ only in how a table gets its own row ids, written `{id}` in the migrations and filled
//! in by [`Dialect::sql`]; everything else (`BIGINT`, `TEXT`, `ALTER TABLE … ADD COLUMN`,
//! `INSERT … ON CONFLICT DO NOTHING RETURNING`, `$1` parameters) both SQLite and PostgreSQL
//! read alike.

/// The SQL dialect of a backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// Embedded SQLite (rusqlite).
    Sqlite,
    /// A PostgreSQL server (tokio-postgres).
    Postgres,
}

impl Dialect {
    /// `sql` with the dialect's words filled in.
    pub(super) fn sql(self, sql: &str) -> String {
        let id = match self {
            // SQLite's own row id, numbered on insert.
            Dialect::Sqlite => "INTEGER PRIMARY KEY",
            Dialect::Postgres => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        };
        sql.replace("{id}", id)
    }

    /// The statement that starts a write transaction: SQLite's takes the write lock at once
    /// (waiting out the busy timeout), so a transaction never fails half-way on a lock.
    pub(super) fn begin(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }
}

/// The migrations; schema version N is the first N of them applied, each once, in order.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: a row per check, its findings.
    "CREATE TABLE checks (
        id {id},
        target TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        status TEXT NOT NULL,
        content_hash TEXT,
        error TEXT
    );
    CREATE INDEX checks_by_target ON checks (target, id);
    CREATE TABLE findings (
        check_id BIGINT NOT NULL REFERENCES checks (id),
        rule TEXT NOT NULL,
        severity TEXT NOT NULL,
        episode TEXT,
        path TEXT,
        message TEXT NOT NULL
    );
    CREATE INDEX findings_by_check ON findings (check_id);",
    // 2 (issue 19, item 3): the run a check belongs to (a target once per run), the conditional
    // request's headers and what the check covered (the ETag cache), the item count, and the
    // findings' counts, which also tell a check whose findings are all there.
    "ALTER TABLE checks ADD COLUMN run_id TEXT;
    ALTER TABLE checks ADD COLUMN etag TEXT;
    ALTER TABLE checks ADD COLUMN last_modified TEXT;
    ALTER TABLE checks ADD COLUMN covered TEXT;
    ALTER TABLE checks ADD COLUMN item_count BIGINT;
    ALTER TABLE checks ADD COLUMN errors BIGINT;
    ALTER TABLE checks ADD COLUMN warnings BIGINT;
    ALTER TABLE checks ADD COLUMN infos BIGINT;
    CREATE UNIQUE INDEX checks_once_per_run ON checks (run_id, target);",
    // 3 (issue 19, item 3): the HTTP status of the fetch, and where each finding is (1-based
    // line and column of its primary label, as the reports show them).
    "ALTER TABLE checks ADD COLUMN http_status BIGINT;
    ALTER TABLE findings ADD COLUMN at_line BIGINT;
    ALTER TABLE findings ADD COLUMN at_column BIGINT;",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_row_id_differs_between_the_dialects() {
        let sqlite = Dialect::Sqlite.sql(MIGRATIONS[0]);
        let postgres = Dialect::Postgres.sql(MIGRATIONS[0]);
        assert!(sqlite.contains("id INTEGER PRIMARY KEY,"), "{sqlite}");
        assert!(postgres.contains("id BIGINT GENERATED ALWAYS AS IDENTITY"));
        assert_eq!(
            sqlite.replace("INTEGER PRIMARY KEY", "X"),
            postgres.replace("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "X")
        );
    }
}
