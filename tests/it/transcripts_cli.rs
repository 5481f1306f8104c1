//! `podfeed transcript` from the command line: output, `-o`, `--duration`, and bad input.

use crate::common::fixtures;

use assert_cmd::Command;
use fixtures::fixture;
use predicates::prelude::*;

fn podfeed() -> Command {
    Command::cargo_bin("podfeed").expect("binary builds")
}

#[test]
fn converts_a_page_to_vtt_on_stdout() {
    podfeed()
        .args(["transcript", "--to", "vtt"])
        .arg(fixture("page-should-ai-be-open-source.txt"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("WEBVTT\n\n00:00:00.000 --> "));
}

#[test]
fn writes_the_output_file_and_uses_the_duration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("ep.srt");
    podfeed()
        // 425 s: the last paragraph needs until about 434 s at the speaking rate, so the
        // episode's end is what ends its last cue.
        .args(["transcript", "--to", "srt", "--duration", "425", "-o"])
        .arg(&out)
        .arg(fixture("page-should-ai-be-open-source.txt"))
        .assert()
        .success()
        .stdout("");
    let srt = std::fs::read_to_string(&out).expect("written");
    assert!(srt.starts_with("1\n00:00:00,000 --> "));
    let last_timing = srt.lines().rev().find(|l| l.contains("-->"));
    assert!(
        last_timing.is_some_and(|l| l.ends_with("--> 00:07:05,000")),
        "{srt}"
    );
    // Only the output file is left in the folder: the temporary file was renamed.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn from_overrides_the_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let odd = dir.path().join("captions.dat");
    std::fs::copy(fixture("speakers.srt"), &odd).expect("copy");
    podfeed()
        .args(["transcript", "--to", "json", "--from", "srt"])
        .arg(&odd)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"speaker\": \"Ravi Shah\""));
}

#[test]
fn bad_input_names_file_and_line_and_exits_2() {
    let file = fixture("end-before-start.srt");
    podfeed()
        .args(["transcript", "--to", "vtt"])
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "error: {}:6:",
            file.display()
        )));
}

#[test]
fn unknown_output_format_exits_2() {
    podfeed()
        .args(["transcript", "--to", "docx"])
        .arg(fixture("speakers.srt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected one of vtt, srt, json, html, txt",
        ));
}

#[test]
fn missing_file_exits_2_naming_it() {
    podfeed()
        .args(["transcript", "--to", "vtt", "no-such-file.vtt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.vtt"));
}
