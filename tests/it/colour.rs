//! Colour (issue 17, item 4): `--color`, `NO_COLOR` and `CLICOLOR_FORCE` decide whether the human
//! report has ANSI escapes; off a terminal there are none by default.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use std::process::Output;

use crate::common::site::{podfeed, root};

/// A feed with findings, validated without links, with `env` set (and the caller's colour
/// variables removed first) and `args` added.
fn validate(env: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    let text = std::fs::read_to_string(root().join("tests/fixtures/feeds/minimal.xml")).unwrap();
    // An enclosure length that is not a number: an error with a snippet and a caret.
    let broken = text.replace("length=\"1234567\"", "length=\"12:30\"");
    assert_ne!(broken, text);
    std::fs::write(&feed, broken).unwrap();
    let mut cmd = podfeed(dir.path());
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied())
        .args(["validate", "--no-links"])
        .arg(&feed)
        .args(args);
    cmd.output().unwrap()
}

fn coloured(out: &Output) -> bool {
    assert!(!out.stdout.is_empty(), "a report was printed");
    out.stdout.contains(&0x1b)
}

#[test]
fn off_a_terminal_there_is_no_colour_by_default() {
    assert!(!coloured(&validate(&[], &[])));
}

#[test]
fn clicolor_force_colours_off_a_terminal_unless_it_is_0() {
    assert!(coloured(&validate(&[("CLICOLOR_FORCE", "1")], &[])));
    assert!(!coloured(&validate(&[("CLICOLOR_FORCE", "0")], &[])));
    assert!(!coloured(&validate(&[("CLICOLOR_FORCE", "")], &[])));
}

#[test]
fn no_color_wins_over_clicolor_force() {
    let env = [("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")];
    assert!(!coloured(&validate(&env, &[])));
}

#[test]
fn the_color_flag_wins_over_the_environment() {
    assert!(coloured(&validate(
        &[("NO_COLOR", "1")],
        &["--color", "always"]
    )));
    assert!(!coloured(&validate(
        &[("CLICOLOR_FORCE", "1")],
        &["--color", "never"]
    )));
    assert!(!coloured(&validate(&[], &["--color", "auto"])));
}
