//! `podfeed explain`: one page per family, and an old id, as the user sees them. (The feed
//! rules' fixture tests live beside each family in src/rules/: a minimal valid feed gives no
//! findings, and one mutation per rule makes that rule fire.)

use crate::common::site::stdout;

/// Runs `podfeed explain` with `args` and returns what it printed; it must succeed.
fn explain(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = crate::common::site::podfeed(dir.path())
        .arg("explain")
        .args(args)
        .assert()
        .success();
    stdout(&out)
}

#[test]
fn explain_pages_of_one_rule_per_family() {
    for id in [
        "xml.malformed",
        "channel.atom-self.missing",
        "item.enclosure.length",
        "itunes.explicit.invalid",
        "podcast.guid.mismatch",
        "date.two-digit-year",
        "text.relative-url",
        "contact.email.invalid",
        "url.invalid",
        "record.too-large",
        "link.enclosure.range",
        "fetch.redirect.permanent",
        "compare.podcast-guid.changed",
    ] {
        insta::assert_snapshot!(format!("explain_{id}"), explain(&[id]));
    }
}

#[test]
fn explain_of_an_old_id_names_the_new_one() {
    let page = explain(&["channel.atom_self.missing"]);
    assert!(
        page.starts_with("channel.atom_self.missing is the old id of channel.atom-self.missing"),
        "{page}"
    );
    assert!(
        page.ends_with(&explain(&["channel.atom-self.missing"])),
        "{page}"
    );
    insta::assert_snapshot!(page);
}

#[test]
fn explain_of_an_unknown_id_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = crate::common::site::podfeed(dir.path())
        .args(["explain", "no.such.rule"])
        .assert()
        .code(2);
    let err = crate::common::site::stderr(&out);
    assert!(err.contains("no rule \"no.such.rule\""), "{err}");
}
