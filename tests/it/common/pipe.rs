//! Running podfeed into a pipe whose reader has gone (`podfeed … | head -c 10`).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs podfeed with `args` in `dir` with its standard output already closed, and returns the exit
/// code and standard error.
pub fn run_into_closed_pipe(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .args(args)
        .current_dir(dir)
        .env("PODFEED_NOW", "2030-01-01T00:00:00Z")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start podfeed");
    // Closing the read end before podfeed writes: every write it makes meets a closed pipe.
    drop(child.stdout.take());
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).expect("read stderr");
    }
    let status = child.wait().expect("wait for podfeed");
    (status.code(), err)
}
