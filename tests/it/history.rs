//! The history of checks (issue 19, items 3 and 4), each test on both backends: an SQLite file
//! and a throwaway PostgreSQL cluster (tests/it/common/postgres.rs). `--changes` prints exactly
//! what changed; four workers writing at once, one killed mid-run, lose and double nothing; the
//! history's ETags make the next fetch conditional; `podfeed history` shows the checks and when
//! each finding came and went, and the HTML report charts them.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::directory::{feed, list, start};
use crate::common::example::Example;
use crate::common::postgres::Cluster;
use crate::common::server::{Fault, Site};

/// A history to test against.
enum Db {
    Sqlite(tempfile::TempDir),
    Postgres(Cluster),
}

impl Db {
    fn sqlite() -> Db {
        Db::Sqlite(tempfile::tempdir().expect("tempdir"))
    }

    /// A new cluster, or `None` when the test is skipped (see [`Cluster::start`]).
    fn postgres() -> Option<Db> {
        Cluster::start().map(Db::Postgres)
    }

    /// What `--db` is given.
    fn spec(&self) -> String {
        match self {
            Db::Sqlite(dir) => dir.path().join("history.sqlite").display().to_string(),
            Db::Postgres(cluster) => cluster.url("postgres"),
        }
    }

    /// The rows `sql` returns, one string each, columns joined by `|`.
    fn rows(&self, sql: &str) -> Vec<String> {
        self.try_rows(sql)
            .unwrap_or_else(|| panic!("query failed: {sql}"))
    }

    /// [`Db::rows`], `None` when the query fails (before the schema exists).
    fn try_rows(&self, sql: &str) -> Option<Vec<String>> {
        match self {
            Db::Postgres(cluster) => cluster
                .try_psql("postgres", sql)
                .map(|out| out.lines().map(str::to_owned).collect()),
            Db::Sqlite(_) => {
                let conn = rusqlite::Connection::open(self.spec()).ok()?;
                conn.busy_timeout(Duration::from_secs(30)).ok()?;
                let mut stmt = conn.prepare(sql).ok()?;
                let n = stmt.column_count();
                let rows = stmt
                    .query_map([], |r| {
                        (0..n)
                            .map(|i| {
                                Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                                    rusqlite::types::Value::Integer(v) => v.to_string(),
                                    rusqlite::types::Value::Text(t) => t,
                                    _ => String::new(),
                                })
                            })
                            .collect::<rusqlite::Result<Vec<_>>>()
                            .map(|c| c.join("|"))
                    })
                    .ok()?;
                rows.collect::<rusqlite::Result<_>>().ok()
            }
        }
    }
}

/// A test run on both backends: `mod name { fn sqlite, fn postgres }`.
macro_rules! on_both {
    ($case:ident) => {
        mod $case {
            #[test]
            fn sqlite() {
                super::$case(&super::Db::sqlite());
            }

            #[test]
            fn postgres() {
                if let Some(db) = super::Db::postgres() {
                    super::$case(&db);
                }
            }
        }
    };
}

on_both!(changes_print_exactly_what_is_new_and_what_was_fixed);
on_both!(four_writers_one_killed_lose_and_double_nothing);
on_both!(the_history_keeps_the_etag_and_the_next_fetch_is_conditional);
on_both!(history_shows_the_checks_and_when_each_finding_came_and_went);
on_both!(each_check_keeps_the_http_status_it_got);
on_both!(a_finding_is_stored_at_the_line_and_column_the_report_gives);

fn podfeed(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .current_dir(dir)
        .args(args)
        .env_remove("PODFEED_DB")
        .output()
        .expect("run podfeed")
}

fn changes_print_exactly_what_is_new_and_what_was_fixed(db: &Db) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = db.spec();
    let changes = || {
        let args = [
            "validate",
            "feed.xml",
            "--no-links",
            "--changes",
            "--db",
            &spec,
        ];
        String::from_utf8_lossy(&podfeed(dir.path(), &args).stdout).into_owned()
    };
    let good = feed(1);
    std::fs::write(dir.path().join("feed.xml"), &good).expect("write");
    let first = changes();
    assert!(!first.is_empty(), "a first check: every finding is new");
    assert!(
        first.lines().all(|l| l.starts_with("feed.xml: new ")),
        "{first}"
    );
    assert!(first.contains("[item.itunes.duration.missing]"), "{first}");
    assert_eq!(changes(), "", "nothing changed, nothing printed");
    // One finding fixed (a duration given), one new (a length that is not a number).
    let changed = good
        .replace("</guid>", "</guid>\n<itunes:duration>60</itunes:duration>")
        .replace(r#"length="1000""#, r#"length="12:30""#);
    std::fs::write(dir.path().join("feed.xml"), changed).expect("write");
    let out = changes();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("feed.xml: new error[item.enclosure.length]"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("feed.xml: fixed warning[item.itunes.duration.missing]"),
        "{out}"
    );
    assert_eq!(changes(), "");
}

/// Starts `validate --list` as run `run` into `db`, its output thrown away.
fn worker(dir: &Path, list: &Path, db: &str, run: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .current_dir(dir)
        .args(["validate", "--no-links", "--format", "json", "--list"])
        .arg(list)
        .args(["--db", db, "--run", run])
        .env_remove("PODFEED_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn podfeed")
}

/// Waits for a worker; its exit code and standard error.
fn finish(worker: std::process::Child) -> (Option<i32>, String) {
    let out = worker.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), stderr)
}

/// The number of checks stored for run `run` (0 before the history has its schema).
fn stored(db: &Db, run: &str) -> usize {
    let rows = db.try_rows(&format!(
        "SELECT count(*) FROM checks WHERE run_id = '{run}'"
    ));
    rows.and_then(|r| r.first()?.parse().ok()).unwrap_or(0)
}

fn four_writers_one_killed_lose_and_double_nothing(db: &Db) {
    let n = 40;
    let mut site = Site::new();
    for i in 0..n {
        let path = format!("/f{i}.xml");
        // Slow enough (4 at a time per host) that a run lasts about two seconds.
        site = site
            .file(&path, feed(i), "application/rss+xml")
            .fault(&path, Fault::Hang(Duration::from_millis(200)));
    }
    let (_runtime, server) = start(site);
    let dir = tempfile::tempdir().expect("tempdir");
    let urls: Vec<String> = (0..n)
        .map(|i| server.url(&format!("/f{i}.xml")).to_string())
        .collect();
    let path = list(dir.path(), &urls);
    let spec = db.spec();
    // The four start together: they migrate the new history once between them.
    let mut workers: Vec<_> = ["w1", "w2", "w3", "w4"]
        .iter()
        .map(|run| worker(dir.path(), &path, &spec, run))
        .collect();
    let started = Instant::now();
    while stored(db, "w4") < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "w4 stored nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut killed = workers.pop().expect("w4");
    killed.kill().expect("SIGKILL w4");
    killed.wait().expect("reap w4");
    for w in workers {
        let (code, stderr) = finish(w);
        assert_eq!(code, Some(0), "{stderr}");
    }
    let partial = stored(db, "w4");
    assert!(partial < n, "w4 was killed mid-run, after {partial} of {n}");
    for run in ["w1", "w2", "w3"] {
        assert_eq!(stored(db, run), n, "{run}: every finished check stored");
    }
    // The killed worker's run again: its missing feeds are checked, none is stored twice.
    let (code, stderr) = finish(worker(dir.path(), &path, &spec, "w4"));
    assert_eq!(code, Some(0), "w4 again: {stderr}");
    assert_eq!(stored(db, "w4"), n);
    let doubled =
        db.rows("SELECT run_id, target FROM checks GROUP BY run_id, target HAVING count(*) > 1");
    assert!(doubled.is_empty(), "doubled: {doubled:?}");
    // Every check has exactly the findings its counts announce, and each feed read has some (a
    // `304`, the history's ETag at work, has none).
    let half = db.rows(
        "SELECT c.id FROM checks c LEFT JOIN findings f ON f.check_id = c.id \
         GROUP BY c.id, c.status, c.errors, c.warnings, c.infos \
         HAVING count(f.check_id) <> c.errors + c.warnings + c.infos \
         OR (c.status = 'checked' AND count(f.check_id) = 0)",
    );
    let read = db.rows("SELECT count(*) FROM checks WHERE status = 'checked'");
    assert_ne!(read, ["0"], "feeds were read");
    assert!(
        half.is_empty(),
        "checks without all their findings: {half:?}"
    );
}

fn the_history_keeps_the_etag_and_the_next_fetch_is_conditional(db: &Db) {
    // A feed with no errors (its warnings do not stop the cache vouching for it).
    let site = Site::new().file("/feed.xml", feed(3), "application/rss+xml");
    let (_runtime, server) = start(site);
    let dir = tempfile::tempdir().expect("tempdir");
    let url = server.url("/feed.xml").to_string();
    let spec = db.spec();
    let check = || {
        let args = ["validate", &url, "--no-links", "--format", "json"];
        let out = podfeed(dir.path(), &[&args[..], &["--db", &spec]].concat());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("one JSON object")
    };
    assert_eq!(check()["status"], "checked");
    assert_eq!(
        check()["status"],
        "unchanged",
        "the history's ETag was sent"
    );
    assert!(
        !dir.path().join(".podfeed-cache.json").exists(),
        "with --db the cache lives in the history, not in a file"
    );
    let rows = db.rows("SELECT status, etag IS NOT NULL, item_count FROM checks ORDER BY id");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("checked|"), "{rows:?}");
    assert!(rows[0].ends_with("|1"), "one item: {rows:?}");
    assert!(rows[1].starts_with("unchanged|"), "{rows:?}");
}

fn history_shows_the_checks_and_when_each_finding_came_and_went(db: &Db) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = db.spec();
    let good = feed(2);
    let validate = |text: &str| {
        std::fs::write(dir.path().join("feed.xml"), text).expect("write");
        podfeed(
            dir.path(),
            &["validate", "feed.xml", "--no-links", "--db", &spec],
        );
    };
    validate(&good);
    validate(&good.replace("</guid>", "</guid>\n<itunes:duration>60</itunes:duration>"));
    let out = podfeed(
        dir.path(),
        &["history", "feed.xml", "--db", &spec, "--format", "json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 2);
    let times: Vec<&str> = checks
        .iter()
        .filter_map(|c| c["checked_at"].as_str())
        .collect();
    assert_eq!(checks[0]["items"], 1);
    let warnings = |c: &serde_json::Value| c["warnings"].as_u64().expect("warnings");
    assert_eq!(
        warnings(&checks[0]) + 1,
        warnings(&checks[1]),
        "newest first"
    );
    let findings = v["findings"].as_array().expect("findings");
    let duration = findings
        .iter()
        .find(|f| f["rule"] == "item.itunes.duration.missing")
        .expect("the fixed finding is listed");
    assert_eq!(duration["appeared"], times[1]);
    assert_eq!(duration["went"], times[0]);
    assert!(
        findings.iter().any(|f| f["went"].is_null()),
        "findings still there: {findings:?}"
    );
    let human = podfeed(dir.path(), &["history", "feed.xml", "--db", &spec]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.starts_with("feed.xml: 2 checks, newest first\n"),
        "{text}"
    );
    assert!(text.contains("(fixed)"), "{text}");
    let none = podfeed(dir.path(), &["history", "other.xml", "--db", &spec]);
    assert_eq!(none.status.code(), Some(2), "a feed never checked");
    // The HTML report of a third check charts the three.
    let args = [
        "validate",
        "feed.xml",
        "--no-links",
        "--format",
        "html",
        "--db",
        &spec,
    ];
    let page = String::from_utf8_lossy(&podfeed(dir.path(), &args).stdout).into_owned();
    assert!(page.contains("aria-label=\"errors per check\""), "{page}");
    assert!(page.contains("oldest to newest (3 checks"), "{page}");
}

fn each_check_keeps_the_http_status_it_got(db: &Db) {
    let site = Site::new()
        .file("/feed.xml", feed(4), "application/rss+xml")
        .fault("/gone.xml", Fault::NotFound);
    let (_runtime, server) = start(site);
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = db.spec();
    let check = |target: &str| {
        podfeed(
            dir.path(),
            &["validate", target, "--no-links", "--db", &spec],
        )
    };
    let url = server.url("/feed.xml").to_string();
    let gone = server.url("/gone.xml").to_string();
    assert_eq!(check(&url).status.code(), Some(0));
    assert_eq!(check(&url).status.code(), Some(0), "conditional: a 304");
    assert_eq!(check(&gone).status.code(), Some(4));
    std::fs::write(dir.path().join("feed.xml"), feed(4)).expect("write");
    check("feed.xml");
    let rows = db.rows("SELECT target, status, http_status FROM checks ORDER BY id");
    assert_eq!(
        rows,
        [
            format!("{url}|checked|200"),
            format!("{url}|unchanged|304"),
            format!("{gone}|failed|404"),
            "feed.xml|checked|".to_owned(),
        ]
    );
    let shown = podfeed(
        dir.path(),
        &["history", &gone, "--db", &spec, "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("JSON");
    assert_eq!(v["checks"][0]["http_status"], 404, "{v}");
    let human = podfeed(dir.path(), &["history", &url, "--db", &spec]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("  unchanged  304  "), "{text}");
    assert!(text.contains("  checked    200  "), "{text}");
}

fn a_finding_is_stored_at_the_line_and_column_the_report_gives(db: &Db) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = db.spec();
    // A length that is not a number: a finding with a place in the feed.
    let text = feed(5).replace(r#"length="1000""#, r#"length="12:30""#);
    std::fs::write(dir.path().join("feed.xml"), text).expect("write");
    let args = ["validate", "feed.xml", "--no-links", "--format", "json"];
    let out = podfeed(dir.path(), &[&args[..], &["--db", &spec]].concat());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reported: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{}|{}|{}",
                d["rule"].as_str().unwrap_or(""),
                d["line"],
                d["column"]
            )
        })
        .map(|r| r.replace("null", ""))
        .collect();
    let length = reported
        .iter()
        .find(|r| r.starts_with("item.enclosure.length|"))
        .expect("the length is reported");
    assert!(!length.ends_with("||"), "the finding has a place: {length}");
    let mut stored = db.rows("SELECT rule, at_line, at_column FROM findings");
    let mut reported = reported.clone();
    stored.sort();
    reported.sort();
    assert_eq!(stored, reported);
}

/// A config folder: the default history of `validate` is beside the config file.
#[test]
fn a_plain_validate_writes_the_history_beside_the_config_and_no_history_writes_none() {
    let mut ex = Example::new("");
    let _server = ex.build_and_serve();
    let history = ex.dir.path().join(".podfeed-history.sqlite");
    let run = |args: &[&str]| {
        let out = ex.validate(&[&["--no-links"], args].concat());
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    };
    run(&["--no-history"]);
    assert!(!history.exists(), "--no-history stores nothing");
    run(&[]);
    assert!(history.exists(), "the history beside config.toml");
    let conn = rusqlite::Connection::open(&history).expect("open");
    let stored: (String, String, i64) = conn
        .query_row("SELECT target, status, http_status FROM checks", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("one check");
    // The cache file the first run wrote made the request conditional.
    assert_eq!(stored, (ex.feed_url(), "unchanged".to_owned(), 304));
    // No config file and no --db: nothing stored.
    let bare = tempfile::tempdir().expect("tempdir");
    std::fs::write(bare.path().join("feed.xml"), feed(6)).expect("write");
    podfeed(bare.path(), &["validate", "feed.xml", "--no-links"]);
    let names: Vec<_> = std::fs::read_dir(bare.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["feed.xml"], "nothing beside the feed");
}
