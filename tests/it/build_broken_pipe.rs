//! `podfeed build` into a pipe that closes early (`podfeed build | head -c 10`): the build still
//! publishes everything and exits with the build's own code, instead of panicking with exit code
//! 101 when it prints its summary.

use crate::common::pipe;
use crate::common::show;

use pipe::run_into_closed_pipe;

#[test]
fn build_into_a_closed_pipe_publishes_and_exits_0_in_every_output_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    show::write_site(dir.path(), 3, 2).expect("write the site");
    let feed = dir.path().join("public").join(show::SHOW).join("feed.xml");
    // A dry run lists every path: the longest output, and nothing is written.
    for args in [
        &["build", "--dry-run"][..],
        &["build", "--format", "json"],
        &["build"],
        &["build", "--dry-run", "--format", "json"],
    ] {
        let (code, err) = run_into_closed_pipe(dir.path(), args);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(code, Some(0), "{args:?}: {err}");
        if args == ["build", "--dry-run"] {
            assert!(!feed.exists(), "a dry run wrote {}", feed.display());
        }
    }
    // The summary could not be shown, but the build happened whole.
    assert!(feed.is_file(), "{} not written", feed.display());
    let transcripts = dir
        .path()
        .join("public")
        .join(show::SHOW)
        .join("transcripts");
    for ext in ["vtt", "srt", "json", "html", "txt"] {
        let path = transcripts.join(format!("{}.{ext}", show::slug(2)));
        assert!(path.is_file(), "{} not written", path.display());
    }
}
