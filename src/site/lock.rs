//! The output folder's lock: one build writes a folder at a time.
//!
//! An advisory `flock(2)` (through fs4) on `out_dir/.podfeed.lock`. The kernel releases an flock when
//! its holder's file descriptor closes, including when the process is killed, so a crashed build
//! never leaves a lock that blocks the next cron run. The holder's pid is written into the file only
//! to tell the user who holds it; the flock, not the file's content or existence, is the lock.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fs4::fs_std::FileExt;

/// Name of the lock file inside the output folder.
pub const LOCK_FILE: &str = ".podfeed.lock";

/// How often a waiting build tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock (and still held it when the wait, if any, ran out).
    #[error("another build holds the lock on this output folder{}", held_by(*pid))]
    Held {
        /// The holder's process id, as it wrote it into the lock file (absent when the holder
        /// had not written it yet, or the file was edited).
        pid: Option<u32>,
    },
    /// The output folder or the lock file could not be created or locked.
    #[error("cannot lock {path}: {source}")]
    Io {
        /// The lock file, or the output folder when that could not be created.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}

fn held_by(pid: Option<u32>) -> String {
    pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
}

/// The held lock on an output folder; dropping it releases the lock.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock on `out_dir` (created if missing). Without `wait`, fails at once with
    /// [`LockError::Held`] when another process holds it; with `wait`, tries again every 50 ms
    /// until the lock is free or the time is up.
    pub fn acquire(out_dir: &Path, wait: Option<Duration>) -> Result<Lock, LockError> {
        std::fs::create_dir_all(out_dir).map_err(|source| LockError::Io {
            path: out_dir.to_path_buf(),
            source,
        })?;
        let path = out_dir.join(LOCK_FILE);
        let io_err = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        // Never truncate on open: the file may be another holder's, and its pid is what we report.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err)?;
        let deadline = wait.map(|w| Instant::now() + w);
        loop {
            if FileExt::try_lock_exclusive(&file).map_err(io_err)? {
                break;
            }
            match deadline {
                Some(d) if Instant::now() < d => {
                    std::thread::sleep(POLL.min(d.saturating_duration_since(Instant::now())));
                }
                _ => {
                    return Err(LockError::Held {
                        pid: holder_pid(&mut file),
                    });
                }
            }
        }
        write_pid(&mut file).map_err(io_err)?;
        Ok(Lock { file, path })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Clear our pid so that nobody is later named as holder; the flock itself is released when
        // `file` closes. Errors are ignored: the lock goes away with the descriptor regardless.
        let _ = self.file.set_len(0);
        let _ = FileExt::unlock(&self.file);
    }
}

fn write_pid(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    writeln!(file, "{}", std::process::id())?;
    file.flush()
}

/// The holder's pid. A holder writes it just after taking the lock, so a build that lost the race
/// by a hair may find the file still empty: it looks again for up to 100 ms before giving up.
fn holder_pid(file: &mut File) -> Option<u32> {
    for _ in 0..10 {
        if let Some(pid) = read_pid(file) {
            return Some(pid);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    read_pid(file)
}

/// The pid a holder wrote, if the file holds one (the file is small; read at most 64 bytes).
fn read_pid(file: &mut File) -> Option<u32> {
    let mut buf = Vec::with_capacity(64);
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(64).read_to_end(&mut buf).ok()?;
    std::str::from_utf8(&buf).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_acquire_in_the_same_process_is_refused_with_our_pid() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let held = Lock::acquire(&out, None).expect("first lock");
        match Lock::acquire(&out, None) {
            Err(LockError::Held { pid }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(held);
        Lock::acquire(&out, None).expect("free again after drop");
    }

    #[test]
    fn held_error_names_the_pid() {
        let e = LockError::Held { pid: Some(42) };
        assert_eq!(
            e.to_string(),
            "another build holds the lock on this output folder (pid 42)"
        );
    }
}
