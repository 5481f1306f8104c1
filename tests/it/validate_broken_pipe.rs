//! Output into a pipe that closes early (`podfeed … | head -c 10`): the command stops writing and
//! exits 0, as `main` promises for a broken pipe, instead of panicking with exit code 101.

use crate::common::pipe;

use std::path::Path;

use pipe::run_into_closed_pipe;

fn assert_quiet_exit(what: &str, (code, err): (Option<i32>, String)) {
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert_eq!(code, Some(0), "{what}: {err}");
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn validate_into_a_closed_pipe_exits_0_in_both_formats() {
    let feed = fixtures().join("feeds/minimal.xml");
    let feed = feed.to_str().expect("utf-8 path");
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["json", "human"] {
        let got = run_into_closed_pipe(dir.path(), &["validate", feed, "--format", format]);
        assert_quiet_exit(&format!("validate --format {format}"), got);
    }
}

#[test]
fn explain_into_a_closed_pipe_exits_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_quiet_exit("explain", run_into_closed_pipe(dir.path(), &["explain"]));
    assert_quiet_exit(
        "explain RULE",
        run_into_closed_pipe(dir.path(), &["explain", "item.enclosure.length"]),
    );
}

#[test]
fn transcript_into_a_closed_pipe_exits_0() {
    let vtt = fixtures().join("transcripts/voices.vtt");
    let dir = tempfile::tempdir().expect("tempdir");
    let got = run_into_closed_pipe(
        dir.path(),
        &[
            "transcript",
            vtt.to_str().expect("utf-8 path"),
            "--to",
            "srt",
        ],
    );
    assert_quiet_exit("transcript", got);
}

#[test]
fn import_into_a_closed_pipe_exits_0_and_writes_every_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let show = dir.path().join("feeds/good-tech-companies");
    std::fs::create_dir_all(&show).expect("mkdir");
    std::fs::write(
        dir.path().join("config.toml"),
        "base_url = \"https://p.example\"\n",
    )
    .expect("config");
    std::fs::write(
        show.join("show.toml"),
        "title = \"The Good Tech Companies\"\n",
    )
    .expect("show");
    let page =
        fixtures().join("transcripts/good-tech-companies-2024-09-03-feeds-that-stay-valid.txt");
    let got = run_into_closed_pipe(
        dir.path(),
        &[
            "import",
            page.to_str().expect("utf-8 path"),
            "--feed",
            "good-tech-companies",
        ],
    );
    assert_quiet_exit("import", got);
    // The report could not be shown, but the import itself happened whole.
    let episodes = show.join("episodes");
    for ext in ["toml", "txt"] {
        let path = episodes.join(format!("2024-09-03-feeds-that-stay-valid.{ext}"));
        assert!(path.is_file(), "{} not written", path.display());
    }
}
