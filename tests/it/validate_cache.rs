//! The conditional-request cache of `podfeed validate` never hides a finding: a `304 Not
//! Modified` is trusted only when the stored run checked at least what this run checks and
//! nothing became due since.

use crate::common::example::{self, Example};

/// An episode scheduled after [`example::NOW`]: held back by the build, due a day later.
fn schedule_later_episode(ex: &Example) {
    let record = format!(
        "title = \"Later\"\npublished = 2030-01-01T12:00:00Z\nduration = 60\n\n[enclosure]\n\
         url = \"{}/good-tech-companies/media/later.mp3\"\nlength = 10\ntype = \"audio/mpeg\"\n",
        ex.base
    );
    std::fs::write(ex.show_dir().join("episodes/2030-01-01-later.toml"), record)
        .expect("write record");
}

/// `validate --feed SHOW --format json` at `now` with `extra` arguments: exit code and the one
/// report.
fn validate(ex: &Example, now: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = ex.validate_at(now, &[&["--format", "json"], extra].concat());
    (out.status.code(), example::only_report(&out))
}

#[test]
fn an_episode_that_became_due_since_the_last_run_bypasses_the_cache() {
    let mut ex = Example::new("");
    schedule_later_episode(&ex);
    let _server = ex.build_and_serve();
    let (code, first) = validate(&ex, example::NOW, &["--no-links"]);
    assert_eq!(first["status"], "checked");
    assert_eq!(code, Some(0), "{first}");
    // Still before the episode's time: the cache is good.
    let (code, early) = validate(&ex, "2030-01-01T06:00:00Z", &["--no-links"]);
    assert_eq!(early["status"], "unchanged", "{early}");
    assert_eq!(code, Some(0));
    // The episode is due now but the feed was not rebuilt: that must be seen.
    let (code, later) = validate(&ex, "2030-01-02T00:00:00Z", &["--no-links"]);
    assert_eq!(later["status"], "checked", "{later}");
    let rules = example::rule_ids(&later);
    assert!(
        rules.contains(&"compare.episode.missing".to_owned()),
        "{rules:?}"
    );
    assert_eq!(code, Some(1));
}

#[test]
fn a_run_without_links_does_not_excuse_a_later_run_from_checking_them() {
    let mut ex = Example::new("");
    let server = ex.build_and_serve();
    let (code, first) = validate(&ex, example::NOW, &["--no-links"]);
    assert_eq!((code, &first["status"]), (Some(0), &"checked".into()));
    assert_eq!(server.hits(example::MEDIA), 0);
    let (code, full) = validate(&ex, example::NOW, &[]);
    assert_eq!(full["status"], "checked", "{full}");
    assert!(
        server.hits(example::MEDIA) > 0,
        "the enclosure was not checked"
    );
    assert_eq!(code, Some(0));
    // The full run vouches for a narrower one.
    let (_, narrow) = validate(&ex, example::NOW, &["--no-links"]);
    assert_eq!(narrow["status"], "unchanged", "{narrow}");
}

#[test]
fn a_run_of_one_profile_does_not_excuse_a_later_run_of_all() {
    let mut ex = Example::new("");
    let _server = ex.build_and_serve();
    let args = ["--no-links", "--profile", "apple"];
    let (_, first) = validate(&ex, example::NOW, &args);
    assert_eq!(first["status"], "checked");
    let (_, again) = validate(&ex, example::NOW, &args);
    assert_eq!(again["status"], "unchanged", "{again}");
    let (_, all) = validate(&ex, example::NOW, &["--no-links"]);
    assert_eq!(all["status"], "checked", "{all}");
}

#[test]
fn a_run_without_records_does_not_excuse_a_later_comparison() {
    let mut ex = Example::new("");
    let _server = ex.build_and_serve();
    let url = ex.feed_url();
    let out = ex
        .podfeed()
        .args(["validate", &url, "--no-links", "--format", "json"])
        .output()
        .expect("run podfeed");
    assert_eq!(example::report(&out)["status"], "checked");
    let (_, compared) = validate(&ex, example::NOW, &["--no-links"]);
    assert_eq!(compared["status"], "checked", "{compared}");
}
