//! The CI and people reports of `podfeed validate` (issue 17, item 5): SARIF that the SARIF 2.1.0
//! JSON schema (kept in tests/) accepts, with the same places as the JSON report; JUnit XML that
//! parses, a case per rule checked; one well-formed, self-contained HTML page holding every
//! finding; `--fail-on warning`; and the config's `[validate] ignore`.

use std::path::Path;
use std::process::Output;

use quick_xml::events::Event;

use crate::common::example::{json_lines, only_report};

/// A feed with errors, warnings and an info: an item without enclosure, an invalid date, an
/// enclosure without length on plain http, non-ASCII text before findings (columns count
/// characters).
const FEED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n\
<title>Épisodes &amp; co</title>\n<link>http://p.example/</link>\n<description>d</description>\n\
<item><title>Un épisode</title><guid isPermaLink=\"false\">g-1</guid><pubDate>Mon, 32 Jan 2024</pubDate></item>\n\
<item><title>Two</title><guid isPermaLink=\"false\">g-2</guid><enclosure url=\"http://p.example/a.mp3\" type=\"audio/mpeg\"/></item>\n\
</channel>\n</rss>\n";

/// Runs `podfeed validate feed.xml --no-links` with `args` in `dir`.
fn validate(dir: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("podfeed")
        .expect("binary")
        .current_dir(dir)
        .args(["validate", "feed.xml", "--no-links"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run podfeed")
}

/// A folder holding [`FEED`] as feed.xml, and `config` as config.toml when given.
fn site(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("feed.xml"), FEED).expect("write feed");
    if let Some(c) = config {
        std::fs::write(dir.path().join("config.toml"), c).expect("write config");
    }
    dir
}

#[test]
fn sarif_follows_the_schema_and_places_findings_like_the_json_report() {
    let dir = site(None);
    let out = validate(dir.path(), &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "errors fail the run");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../sarif-schema-2.1.0.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let json = only_report(&validate(dir.path(), &["--format", "json"]));
    let findings = json["diagnostics"].as_array().expect("diagnostics");
    let run = &log["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    assert!(results.len() >= 3, "{json}");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for (r, d) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], d["rule"]);
        let level = match d["severity"].as_str() {
            Some("info") => "note",
            other => other.expect("severity"),
        };
        assert_eq!(r["level"], level);
        let rule = &rules[r["ruleIndex"].as_u64().expect("ruleIndex") as usize];
        assert_eq!(rule["id"], d["rule"]);
        assert!(rule["help"]["text"].as_str().is_some_and(|h| h.len() > 20));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            [
                &region["startLine"],
                &region["startColumn"],
                &region["endLine"],
                &region["endColumn"]
            ],
            [&d["line"], &d["column"], &d["end_line"], &d["end_column"]],
            "{r}"
        );
    }
    assert_eq!(run["artifacts"][0]["location"]["uri"], "feed.xml");
}

/// The test cases of a JUnit document: (suite, case, failed).
fn junit_cases(xml: &[u8]) -> Vec<(String, String, bool)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut cases = Vec::new();
    let mut buf = Vec::new();
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &[u8]| {
        e.try_get_attribute(name)
            .expect("attribute")
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
            .unwrap_or_default()
    };
    loop {
        match reader
            .read_event_into(&mut buf)
            .expect("JUnit is well-formed XML")
        {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                cases.push((attr(&e, b"classname"), attr(&e, b"name"), false));
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"failure" => {
                cases.last_mut().expect("failure in a case").2 = true;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    cases
}

#[test]
fn junit_parses_with_a_case_per_rule_checked_and_fails_on_the_chosen_level() {
    let dir = site(None);
    let json = only_report(&validate(dir.path(), &["--format", "json"]));
    let findings = json["diagnostics"].as_array().expect("diagnostics");
    let rules_with = |sev: &str| {
        let mut ids: Vec<&str> = findings
            .iter()
            .filter(|d| d["severity"] == sev)
            .filter_map(|d| d["rule"].as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let out = validate(dir.path(), &["--format", "junit"]);
    assert_eq!(out.status.code(), Some(1));
    let cases = junit_cases(&out.stdout);
    // Every feed rule is a case, passing or not; those with errors fail.
    assert!(cases.len() > 50, "{}", cases.len());
    assert!(cases.iter().all(|(suite, _, _)| suite == "feed.xml"));
    let mut failed: Vec<&str> = cases.iter().filter(|c| c.2).map(|c| c.1.as_str()).collect();
    failed.sort_unstable();
    assert_eq!(failed, rules_with("error"));

    let strict = validate(dir.path(), &["--format", "junit", "--fail-on", "warning"]);
    let failed = junit_cases(&strict.stdout).iter().filter(|c| c.2).count();
    assert_eq!(
        failed,
        rules_with("error").len() + rules_with("warning").len()
    );
}

#[test]
fn fail_on_warning_and_the_ignore_list_set_the_exit_code() {
    let dir = site(None);
    let report = only_report(&validate(dir.path(), &["--format", "json"]));
    let ids = |severities: &[&str]| {
        let mut ids: Vec<String> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| severities.iter().any(|s| d["severity"] == *s))
            .filter_map(|d| d["rule"].as_str().map(|s| format!("{s:?}")))
            .collect();
        ids.sort();
        ids.dedup();
        ids.join(", ")
    };
    let ignore = |list: &str| {
        let config = format!("base_url = \"https://p.example\"\n[validate]\nignore = [{list}]\n");
        std::fs::write(dir.path().join("config.toml"), config).expect("config");
    };
    assert_eq!(validate(dir.path(), &[]).status.code(), Some(1));

    // Errors ignored: warnings pass, unless the run fails on them.
    ignore(&ids(&["error"]));
    let out = validate(dir.path(), &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = &json_lines(&out.stdout)[0]["summary"];
    assert_eq!(summary["errors"], 0);
    assert_ne!(summary["warnings"], 0);
    assert_eq!(
        validate(dir.path(), &["--fail-on", "warning"])
            .status
            .code(),
        Some(1)
    );

    // Warnings ignored too: nothing is left to fail on.
    ignore(&ids(&["error", "warning"]));
    assert_eq!(
        validate(dir.path(), &["--fail-on", "warning"])
            .status
            .code(),
        Some(0)
    );

    ignore("\"no.such.rule\"");
    let out = validate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "a typo in the list is an error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no.such.rule"));
}

#[test]
fn the_html_page_is_well_formed_self_contained_and_holds_every_finding() {
    let dir = site(None);
    let page = validate(dir.path(), &["--format", "html"]).stdout;
    let mut reader = quick_xml::Reader::from_reader(page.as_slice());
    let mut buf = Vec::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed") {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "every element is closed");
    let text = String::from_utf8_lossy(&page);
    for external in ["<script", "<link", "src=\"http", "url(http"] {
        assert!(!text.contains(external), "{external} in the page");
    }
    let json = only_report(&validate(dir.path(), &["--format", "json"]));
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        let rule = d["rule"].as_str().expect("rule");
        assert!(
            text.contains(&format!("[<code>{rule}</code>]")),
            "{rule} missing"
        );
    }
    // The grid: one row per item, by title, the item without enclosure marked.
    assert!(
        text.contains("<td title=\"g-1\">Un épisode</td><td class=\"error\">"),
        "{text}"
    );
    assert!(text.contains("<td title=\"g-2\">Two</td>"), "{text}");
}
