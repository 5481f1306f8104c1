//! The PostgreSQL backend, for many machines writing one history: tokio-postgres on the command's
//! async runtime (the blocking `postgres` crate starts a runtime of its own, which cannot run
//! inside the one the checks run on). The schema's version is a row of `podfeed_schema`; the
//! migrations run under an advisory lock, so workers starting together migrate once and the rest
//! wait for it. Connections are plain TCP or a local socket (no TLS yet): for a server on the
//! machine or a private network.

use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, NoTls};

use super::Value;
use super::schema::{Dialect, MIGRATIONS};

/// The advisory lock's key: any number the application owns ("podfeed" in ASCII, shortened).
const LOCK: i64 = 0x706f_6466_6565;

/// A connection to the server.
pub(crate) struct Postgres {
    client: Client,
}

impl Postgres {
    /// Connects to `url` (`postgres://…` or `postgresql://…`) and brings the schema up to date.
    pub(super) async fn open(url: &str) -> Result<Self, tokio_postgres::Error> {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                eprintln!("warning: history database connection: {e}");
            }
        });
        let db = Postgres { client };
        db.client
            .query("SELECT pg_advisory_lock($1)", &[&LOCK])
            .await?;
        let migrated = db.migrate().await;
        let unlocked = db
            .client
            .query("SELECT pg_advisory_unlock($1)", &[&LOCK])
            .await;
        migrated?;
        unlocked?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), tokio_postgres::Error> {
        self.client
            .batch_execute("CREATE TABLE IF NOT EXISTS podfeed_schema (version BIGINT NOT NULL)")
            .await?;
        let row = self
            .client
            .query_one("SELECT coalesce(max(version), 0) FROM podfeed_schema", &[])
            .await?;
        let done = usize::try_from(row.get::<_, i64>(0)).unwrap_or(0);
        for (i, sql) in (1i64..).zip(MIGRATIONS).skip(done) {
            let sql = format!(
                "BEGIN; {} INSERT INTO podfeed_schema (version) VALUES ({i}); COMMIT;",
                Dialect::Postgres.sql(sql)
            );
            if let Err(e) = self.client.batch_execute(&sql).await {
                // Leave the connection usable; the error is what the caller sees.
                let _ = self.client.batch_execute("ROLLBACK").await;
                return Err(e);
            }
        }
        Ok(())
    }

    /// Runs one statement (or several, without parameters).
    pub(super) async fn execute(&self, sql: &str) -> Result<(), tokio_postgres::Error> {
        self.client.batch_execute(sql).await
    }

    /// The rows `sql` returns with `params`.
    pub(super) async fn query(
        &self,
        sql: &str,
        params: &[Value],
    ) -> Result<Vec<Vec<Value>>, tokio_postgres::Error> {
        let params: Vec<&(dyn ToSql + Sync)> = params
            .iter()
            .map(|p| match p {
                Value::Int(i) => i as &(dyn ToSql + Sync),
                Value::Text(t) => t as &(dyn ToSql + Sync),
            })
            .collect();
        let rows = self.client.query(sql, &params).await?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        Ok(match *row.columns()[i].type_() {
                            Type::INT8 => Value::Int(row.try_get(i)?),
                            Type::INT4 => {
                                Value::Int(row.try_get::<_, Option<i32>>(i)?.map(i64::from))
                            }
                            _ => Value::Text(row.try_get(i)?),
                        })
                    })
                    .collect()
            })
            .collect()
    }
}
