//! The SQLite backend: a file opened in WAL mode (readers never wait for the writer, and a commit
//! needs no sync of its own) with a busy
//! timeout (writers of other processes wait their turn instead of failing). The schema's version
//! is SQLite's `user_version`, read and raised inside one write transaction, so two processes
//! opening a new file together migrate it once.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::types::Value as Sql;

use super::Value;
use super::schema::{Dialect, MIGRATIONS};

/// How long a writer waits for another process's transaction.
const BUSY: Duration = Duration::from_secs(60);

/// An open history file.
pub(crate) struct Sqlite {
    conn: Connection,
}

impl Sqlite {
    /// Opens (or creates) the file at `path` and brings its schema up to date. Switching a new
    /// file to WAL does not wait out the busy timeout, so processes opening a new history
    /// together try again until [`BUSY`] has passed.
    pub(super) fn open(path: &Path) -> rusqlite::Result<Self> {
        let deadline = Instant::now() + BUSY;
        loop {
            match Self::try_open(path) {
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                opened => return opened,
            }
        }
    }

    fn try_open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // In WAL mode a commit that is not synced survives the process being killed (only a
        // power cut can lose the last commits); a sync per check cost 3.5 ms (BENCHMARKS.md).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let db = Sqlite { conn };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&self) -> rusqlite::Result<()> {
        self.conn.execute_batch(Dialect::Sqlite.begin())?;
        let result = (|| {
            let version: i64 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let done = usize::try_from(version).unwrap_or(0);
            for (i, sql) in (1i64..).zip(MIGRATIONS).skip(done) {
                self.conn.execute_batch(&Dialect::Sqlite.sql(sql))?;
                self.conn.pragma_update(None, "user_version", i)?;
            }
            Ok(())
        })();
        self.conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
        result
    }

    /// Runs one statement (or several, without parameters).
    pub(super) fn execute(&self, sql: &str) -> rusqlite::Result<()> {
        self.conn.execute_batch(sql)
    }

    /// The rows `sql` returns with `params`.
    pub(super) fn query(&self, sql: &str, params: &[Value]) -> rusqlite::Result<Vec<Vec<Value>>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let params = params.iter().map(|p| match p {
            Value::Int(i) => i.map_or(Sql::Null, Sql::Integer),
            Value::Text(t) => t.clone().map_or(Sql::Null, Sql::Text),
        });
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let values = (0..columns)
                .map(|i| {
                    Ok(match row.get::<_, Sql>(i)? {
                        Sql::Integer(n) => Value::Int(Some(n)),
                        Sql::Text(t) => Value::Text(Some(t)),
                        Sql::Real(r) => Value::Text(Some(r.to_string())),
                        Sql::Null | Sql::Blob(_) => Value::Text(None),
                    })
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(values);
        }
        Ok(out)
    }
}
