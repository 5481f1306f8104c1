//! Progress (issue 17, item 3): a build or link check that takes more than a moment shows a
//! progress line on a terminal, and not one byte of it when standard error is not a terminal
//! (cron, CI) or with `--quiet`.

use std::path::Path;
use std::process::Command;

use crate::common::cron_site::{LATE, podfeed, site};

/// Episodes enough for a debug build to run well past the progress line's delay (0.3 s).
const EPISODES: usize = 400;

#[test]
fn a_long_build_off_a_terminal_writes_no_progress_bytes() {
    let (dir, _) = site(EPISODES, 40);
    let out = podfeed(dir.path(), LATE).arg("build").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing on stderr"
    );
    assert!(!out.stdout.contains(&b'\r') && !out.stdout.contains(&0x1b));
}

/// `podfeed ARGS` run in `dir` under `script`, which gives it a terminal; what the terminal got.
/// `None` when `script` (util-linux) is not installed.
fn on_a_terminal(dir: &Path, args: &str) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("podfeed");
    let line = format!("{} {args}", bin.display());
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir)
        .env("PODFEED_NOW", LATE)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn on_a_terminal_a_long_build_shows_progress_and_quiet_does_not() {
    let (dir, _) = site(EPISODES, 40);
    let Some(shown) = on_a_terminal(dir.path(), "build") else {
        return;
    };
    assert!(
        ["reading records", "rendering", "checking feeds", "writing"]
            .iter()
            .any(|step| shown.contains(step)),
        "{shown:?}"
    );
    // A rebuild of everything, quietly: no progress, nothing at all.
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    let quiet = on_a_terminal(dir.path(), "build --quiet").unwrap();
    assert_eq!(quiet, "");
}

#[test]
fn slow_link_checks_off_a_terminal_write_no_progress_bytes() {
    use crate::common::example::{Example, MEDIA};
    use crate::common::server::Fault;
    let mut ex = Example::new("");
    ex.build();
    // The media answers after half a second: the checks run past the progress line's delay.
    let site = ex
        .site()
        .fault(MEDIA, Fault::Hang(std::time::Duration::from_millis(500)));
    let _server = ex.serve(site);
    let out = ex.validate(&[]);
    assert!(!out.stdout.is_empty(), "a report: {out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing on stderr"
    );
}
