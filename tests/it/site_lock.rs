//! The output folder's lock, across processes: held → refused at once with the holder's pid;
//! `wait` waits; a killed holder does not block the next build.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use podfeed::site::{Lock, LockError};

/// Set only in the child process that [`spawn_holder`] starts.
const HOLDER_ENV: &str = "PODFEED_TEST_LOCK_HOLDER_DIR";

/// What the child prints once it holds the lock (the harness may print on the same line first).
const MARKER: &str = "<<lock-held>>";

/// Not a test of its own: the body of the child process [`spawn_holder`] starts by running this
/// test binary again with only this test selected. It takes the lock, says so on stdout and
/// sleeps until it is killed. Without the variable (a normal test run) it does nothing.
#[test]
fn lock_holder_child_process() {
    let Ok(dir) = std::env::var(HOLDER_ENV) else {
        return;
    };
    let _lock = Lock::acquire(Path::new(&dir), None).expect("child takes the lock");
    println!("\n{MARKER}");
    std::io::stdout().flush().expect("flush");
    std::thread::sleep(Duration::from_secs(120));
}

/// Starts a process that holds the lock on `dir`, and returns once it holds it.
fn spawn_holder(dir: &Path) -> Child {
    let exe = std::env::current_exe().expect("test binary path");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "site_lock::lock_holder_child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLDER_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the lock holder");
    let stdout = child.stdout.take().expect("piped stdout");
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read child stdout");
        if line.contains(MARKER) {
            return child;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the lock holder exited without taking the lock");
}

#[test]
fn a_lock_held_by_another_process_is_refused_at_once_with_its_pid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = spawn_holder(dir.path());
    let started = Instant::now();
    let result = Lock::acquire(dir.path(), None);
    let elapsed = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    match result {
        Err(LockError::Held { pid }) => assert_eq!(pid, Some(child.id())),
        other => panic!("expected Held, got {other:?}"),
    }
    // "At once": no waiting loop without --wait (generous bound for a loaded machine).
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[test]
fn a_killed_holder_does_not_block_the_next_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = spawn_holder(dir.path());
    assert!(matches!(
        Lock::acquire(dir.path(), Some(Duration::from_millis(100))),
        Err(LockError::Held { .. })
    ));
    child.kill().expect("SIGKILL the holder");
    child.wait().expect("reap the holder");
    // Its pid is still written in the lock file; the kernel released the flock with the process.
    let lock = Lock::acquire(dir.path(), None).expect("lock after the holder was killed");
    let content = std::fs::read_to_string(lock.path()).expect("read lock file");
    assert_eq!(content.trim(), std::process::id().to_string());
}

#[test]
fn wait_gets_the_lock_once_the_holder_lets_go() {
    let dir = tempfile::tempdir().expect("tempdir");
    let held = Lock::acquire(dir.path(), None).expect("first lock");
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
    });
    let started = Instant::now();
    let lock = Lock::acquire(dir.path(), Some(Duration::from_secs(30)));
    release.join().expect("join");
    assert!(lock.is_ok(), "{lock:?}");
    assert!(started.elapsed() >= Duration::from_millis(250));
}

#[test]
fn wait_gives_up_when_time_is_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _held = Lock::acquire(dir.path(), None).expect("first lock");
    let started = Instant::now();
    let result = Lock::acquire(dir.path(), Some(Duration::from_millis(300)));
    assert!(
        matches!(result, Err(LockError::Held { pid: Some(_) })),
        "{result:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[test]
fn the_lock_creates_the_output_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("a/b/public");
    let lock = Lock::acquire(&out, None).expect("lock");
    assert!(out.is_dir());
    assert_eq!(lock.path(), out.join(".podfeed.lock"));
}
