//! A throwaway PostgreSQL cluster for tests: Debian's `postgresql` binaries
//! (`/usr/lib/postgresql/<version>/bin`), a data folder in a temporary folder, trust
//! authentication, listening on 127.0.0.1 on a free port with its socket in the same folder.
//! `initdb` refuses to run as root, so as root the server runs as the `postgres` user
//! (`runuser`). The cluster is stopped and its folder removed on drop.
//!
//! Without the binaries a test is skipped ([`Cluster::start`] returns `None` and says so), unless
//! the environment variable `CI` is set: there a missing server is a failure, not a skip.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helper"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running cluster.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

/// The newest installed version's binaries, if any.
fn binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Whether this process runs as root (`id -u` says 0).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

impl Cluster {
    /// Starts a cluster; `None` (after printing "skipped: no postgresql") when the binaries are
    /// missing outside CI.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = binaries() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb \
                 (apt-get install postgresql)"
            );
            eprintln!("skipped: no postgresql");
            return None;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let as_postgres = is_root();
        let mut cluster = Cluster {
            bin,
            dir,
            port: 0,
            as_postgres,
        };
        if as_postgres {
            let chown = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(cluster.dir.path())
                .status()
                .expect("chown");
            assert!(chown.success(), "chown the cluster's folder to postgres");
        }
        cluster.run_ok(
            "initdb",
            &["-D", &cluster.data(), "-U", "postgres", "-A", "trust"],
            &["--no-sync", "--no-locale", "-E", "UTF8"],
        );
        // The port was free when it was chosen; another test may take it before the server binds
        // it, so a port in use is tried again with another.
        for _ in 0..5 {
            cluster.port = free_port();
            if cluster.try_start() {
                return Some(cluster);
            }
        }
        panic!("PostgreSQL found each of 5 free ports taken when it started");
    }

    /// The server's options: its address, port and socket folder, no fsync.
    fn options(&self) -> String {
        format!(
            "-h 127.0.0.1 -p {} -k {} -F",
            self.port,
            self.dir.path().display()
        )
    }

    fn log(&self) -> String {
        self.dir.path().join("log").display().to_string()
    }

    /// Starts the server; false when its port was taken (the log says so), a panic on any other
    /// failure.
    fn try_start(&self) -> bool {
        let options = self.options();
        let log = self.log();
        let data = self.data();
        let out = self.run(
            "pg_ctl",
            &["start", "-w", "-D", &data],
            &["-l", &log, "-o", &options],
        );
        if out.status.success() {
            return true;
        }
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(
            text.contains("Address already in use"),
            "pg_ctl start failed: {}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = std::fs::remove_file(&log);
        false
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Runs one of the cluster's programs (as `postgres` when this process is root).
    fn run(&self, program: &str, args: &[&str], more: &[&str]) -> Output {
        let exe = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args)
            .args(more)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"))
    }

    fn run_ok(&self, program: &str, args: &[&str], more: &[&str]) -> Output {
        let out = self.run(program, args, more);
        let log = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
        assert!(
            out.status.success(),
            "{program} failed: {}{}\n{log}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A new, empty database; its URL.
    pub fn database(&self, name: &str) -> String {
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        self.url(name)
    }

    /// The URL of database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// The rows `sql` returns in database `db`, one line each, columns split by `|`.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        self.try_psql(db, sql)
            .unwrap_or_else(|| panic!("psql failed: {sql}"))
    }

    /// [`Cluster::psql`], `None` when the statement fails.
    pub fn try_psql(&self, db: &str, sql: &str) -> Option<String> {
        let port = self.port.to_string();
        let out = self.run(
            "psql",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", "-d", db],
            &["-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
        );
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The cluster's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.run("pg_ctl", &["stop", "-w", "-D", &data], &["-m", "immediate"]);
    }
}
