//! Shell completions and the manual page (issue 17, item 7), both made from the clap
//! definitions: each names every subcommand.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::site::podfeed;

const SUBCOMMANDS: [&str; 10] = [
    "build",
    "validate",
    "import",
    "transcript",
    "chapters",
    "explain",
    "init",
    "new",
    "completions",
    "man",
];

fn run(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = podfeed(dir.path()).args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_shell_gets_a_script_naming_every_subcommand() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef podfeed"),
        ("fish", "complete -c podfeed"),
    ] {
        let script = run(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
    // An unknown shell is a usage error.
    let dir = tempfile::tempdir().unwrap();
    podfeed(dir.path())
        .args(["completions", "cmd.exe"])
        .assert()
        .code(2);
}

#[test]
fn the_man_page_is_roff_and_describes_every_subcommand() {
    let page = run(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH podfeed"),
        "{page}"
    );
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("PODFEED {}", sub.to_uppercase())),
            "no section for {sub}"
        );
    }
    assert!(page.contains("\\-\\-drafts"), "options are listed");
}
