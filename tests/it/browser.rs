//! End to end in a browser (issue 17): headless Chromium, kept off the network but for
//! 127.0.0.1, opens the feed served by `podfeed serve` (shown through its XSL stylesheet) and the
//! HTML report of `podfeed validate`, finds the episode's title and transcript links in each page's
//! DOM, and saves a screenshot of each under the target folder (`browser/*.png`). Skipped, with a
//! message, when no `chromium` is installed (`.ci/run` installs it).

use std::path::{Path, PathBuf};

use crate::common::example::{EPISODE, Example, FEED};
use crate::common::serve::Serving;

/// The episode's title as the feed gives it.
const TITLE: &str = "Should AI be Open-source? Mark Zuckerberg’s Open Letter Explained";

/// The browser, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Runs the browser headless on `url` with `args`, kept off the network: every name but
/// 127.0.0.1 fails to resolve, and nothing is fetched in the background. Returns its stdout.
fn browse(browser: &Path, profile: &Path, url: &str, args: &[&str]) -> String {
    let out = assert_cmd::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--window-size=1100,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The DOM of `url` after load, and a screenshot of it saved as `shot`.
fn dom_and_screenshot(browser: &Path, url: &str, shot: &Path) -> String {
    let profile = tempfile::tempdir().expect("profile");
    let dom = browse(browser, profile.path(), url, &["--dump-dom"]);
    let _ = std::fs::remove_file(shot);
    let screenshot = format!("--screenshot={}", shot.display());
    browse(browser, profile.path(), url, &[&screenshot]);
    assert!(shot.is_file(), "no screenshot at {}", shot.display());
    dom
}

#[test]
fn the_served_feed_and_the_html_report_show_the_episode_and_its_transcripts() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on PATH (.ci/run installs Debian's chromium)");
        return;
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).expect("screenshots folder");
    let mut example = Example::new("");
    let serving = Serving::start(&mut example);

    let feed = dom_and_screenshot(
        &browser,
        &format!("http://{}{FEED}", serving.addr),
        &shots.join("feed.png"),
    );
    assert!(feed.contains(TITLE), "{feed}");
    assert!(feed.contains("<audio"), "{feed}");
    // itunes:duration is whole seconds (425); the page shows it as a clock.
    assert!(feed.contains("· 7:05"), "{feed}");
    for ext in ["vtt", "srt", "json", "html", "txt"] {
        let link = format!("/transcripts/{EPISODE}.{ext}\"");
        assert!(feed.contains(&link), "no transcript link {link}: {feed}");
    }
    assert!(
        feed.contains(&format!("/chapters/{EPISODE}.json\"")),
        "{feed}"
    );

    let out = example.validate(&["--format", "html"]);
    let report = example.dir.path().join("report.html");
    std::fs::write(&report, &out.stdout).expect("write report");
    let page = dom_and_screenshot(
        &browser,
        &format!("file://{}", report.display()),
        &shots.join("report.png"),
    );
    assert!(page.contains("<table class=\"grid\">"), "{page}");
    assert!(page.contains(TITLE), "the grid names the episode: {page}");
    assert!(
        !page.contains(&format!(">{EPISODE}</td>")),
        "one row for the episode, not a second one under its record's slug: {page}"
    );
    assert!(page.contains("<svg"), "the link timings chart: {page}");
    for ext in ["vtt", "srt", "json", "html", "txt"] {
        let link = format!("/transcripts/{EPISODE}.{ext}<");
        assert!(
            page.contains(&link),
            "the chart's transcript link {link}: {page}"
        );
    }
}
