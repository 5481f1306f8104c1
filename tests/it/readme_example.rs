//! The README's worked example (Records → "A worked example") builds as the README says: its
//! files are read from the README itself, so the page and the code cannot drift apart.

use std::fs;
use std::path::Path;

use super::common::site::{podfeed, root};

/// The files of the worked example: each a line holding only a backticked path under `feeds/`,
/// then a blank line and a fenced block with the file's text.
fn example_files(readme: &str) -> Vec<(String, String)> {
    let section = readme
        .split("### A worked example")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("the README has a worked example");
    let lines: Vec<&str> = section.lines().collect();
    let mut files = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(path) = line
            .strip_prefix('`')
            .and_then(|l| l.strip_suffix("`:"))
            .filter(|p| p.starts_with("feeds/"))
        else {
            continue;
        };
        let body: Vec<&str> = lines[i + 3..]
            .iter()
            .take_while(|l| !l.starts_with("```"))
            .copied()
            .collect();
        files.push((path.to_owned(), body.join("\n") + "\n"));
    }
    files
}

#[test]
fn the_worked_example_builds_and_validates_clean() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README");
    let files = example_files(&readme);
    assert_eq!(files.len(), 3, "show, episode and chapters");
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("config.toml"),
        "base_url = \"https://podcasts.example.com\"\n",
    )
    .expect("config");
    for (path, text) in &files {
        let at = dir.path().join(path);
        fs::create_dir_all(at.parent().expect("parent")).expect("folders");
        fs::write(at, text).expect("write");
    }
    podfeed(dir.path())
        .env("PODFEED_NOW", "2026-01-01T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    let public = dir.path().join("public/night-shift");
    let feed = fs::read_to_string(public.join("feed.xml")).expect("feed");
    for tag in [
        "<podcast:trailer ",
        "<podcast:valueRecipient ",
        "<podcast:chapters ",
        ">Jonas Berg</podcast:person>",
    ] {
        assert!(feed.contains(tag), "{tag}");
    }
    assert!(Path::new(&public.join("chapters/2025-03-03-the-baker.json")).is_file());
    let out = podfeed(dir.path())
        .env("PODFEED_NOW", "2026-01-01T00:00:00Z")
        .args(["validate", "--no-links", "--format", "json"])
        .arg(public.join("feed.xml"))
        .output()
        .expect("validate");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["diagnostics"], serde_json::json!([]), "no finding");
}
