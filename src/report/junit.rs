//! JUnit XML output, for CI systems' test reports: one `<testsuite>` per target and one
//! `<testcase>` per rule checked (named by the rule's id, classed by the target).
//!
//! A test case per rule checked, not per finding: the list of cases is the same from run to run,
//! so a CI system's history shows "rule X on feed Y" turning from failed to passed when it is
//! fixed, instead of a test that vanishes, and a clean feed still reports what it passed. A case
//! fails (`<failure>`, all its findings listed) when one of its findings is at least as severe as
//! the run's `--fail-on` level; its other findings go to `<system-out>`. A target that could not
//! be fetched is one case with an `<error>`.

use quick_xml::escape::escape;

use super::{Status, TargetReport};
use crate::diagnostic::{Diagnostic, Severity, Sources};
use crate::rule::Rule;

/// Renders a run's reports as one JUnit XML document. `rules` are the rules the run checked
/// (a rule with findings outside the list gets its case too); a finding at `fail_on` or worse
/// fails its case.
pub fn render(reports: &[TargetReport<'_>], rules: &[&'static Rule], fail_on: Severity) -> String {
    let suites: Vec<Suite> = reports.iter().map(|r| suite(r, rules, fail_on)).collect();
    let tests: usize = suites.iter().map(|s| s.tests).sum();
    let failures: usize = suites.iter().map(|s| s.failures).sum();
    let errors: usize = suites.iter().map(|s| s.errors).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"podfeed validate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    ));
    for s in &suites {
        out.push_str(&s.xml);
    }
    out.push_str("</testsuites>\n");
    out
}

/// One target's `<testsuite>` and its counts.
struct Suite {
    xml: String,
    tests: usize,
    failures: usize,
    errors: usize,
}

/// The suite of one target.
fn suite(r: &TargetReport<'_>, rules: &[&'static Rule], fail_on: Severity) -> Suite {
    let name = attr(r.target);
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    if r.status == Status::Failed {
        let message = attr(r.error.unwrap_or("could not be fetched"));
        cases.push_str(&format!(
            "    <testcase classname=\"{name}\" name=\"fetch\">\n      <error type=\"fetch\" message=\"{message}\"/>\n    </testcase>\n"
        ));
        tests += 1;
        errors += 1;
    } else {
        let sources = r.sources();
        let mut ids: Vec<&'static Rule> = rules.to_vec();
        ids.extend(r.diagnostics.iter().map(|d| d.rule));
        ids.sort();
        ids.dedup();
        for rule in ids {
            let found: Vec<&Diagnostic> = r.diagnostics.iter().filter(|d| d.rule == rule).collect();
            let failed = found.iter().any(|d| d.severity() >= fail_on);
            tests += 1;
            failures += usize::from(failed);
            cases.push_str(&case(&name, rule, &found, failed, &sources));
        }
    }
    let xml = format!(
        "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n"
    );
    Suite {
        xml,
        tests,
        failures,
        errors,
    }
}

/// One rule's `<testcase>`: a failure listing its findings, or passed with any findings in
/// `<system-out>`.
fn case(
    suite: &str,
    rule: &Rule,
    found: &[&Diagnostic],
    failed: bool,
    sources: &Sources,
) -> String {
    let id = attr(rule.id);
    let mut out = format!("    <testcase classname=\"{suite}\" name=\"{id}\"");
    if found.is_empty() {
        out.push_str("/>\n");
        return out;
    }
    out.push_str(">\n");
    let body: String = found.iter().map(|d| line(d, sources)).collect();
    let body = text(&body);
    if failed {
        let message = attr(&found[0].message);
        let kind = found[0].severity();
        out.push_str(&format!(
            "      <failure type=\"{kind}\" message=\"{message}\">{body}</failure>\n"
        ));
    } else {
        out.push_str(&format!("      <system-out>{body}</system-out>\n"));
    }
    out.push_str("    </testcase>\n");
    out
}

/// One finding as a line of text: `severity: FILE:LINE:COL: message (episode E)`.
fn line(d: &Diagnostic, sources: &Sources) -> String {
    let mut out = format!("{}: ", d.severity());
    if let (Some(label), Some(at)) = (d.label(), sources.location_of(d)) {
        out.push_str(&format!("{}:{}:{}: ", label.file, at.line, at.column));
    }
    out.push_str(&d.message);
    if let Some(ep) = &d.episode {
        out.push_str(&format!(" (episode {ep})"));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("\n  help: {help}"));
    }
    out.push('\n');
    out
}

/// `s` for an attribute value: escaped, without the characters XML 1.0 cannot hold.
fn attr(s: &str) -> String {
    text(s).replace('\n', "&#10;")
}

/// `s` as element text: escaped, without the characters XML 1.0 cannot hold.
fn text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    escape(&kept).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{urls::URL_HTTP, xml::XML_MALFORMED};

    #[test]
    fn a_case_per_rule_checked_failing_at_the_chosen_level() {
        let d = [
            Diagnostic::new(&XML_MALFORMED, "a <bad> & \"odd\" feed"),
            Diagnostic::new(&URL_HTTP, "plain http"),
        ];
        let reports = [TargetReport {
            target: "feed.xml",
            status: Status::Checked,
            source: Some("<rss/>"),
            diagnostics: &d,
            error: None,
        }];
        let rules: Vec<&'static Rule> = vec![&XML_MALFORMED, &URL_HTTP];
        let out = render(&reports, &rules, Severity::Error);
        assert!(out.contains("tests=\"2\" failures=\"1\""), "{out}");
        assert!(
            out.contains("a &lt;bad&gt; &amp; &quot;odd&quot; feed"),
            "{out}"
        );
        assert!(out.contains("<system-out>warning: plain http"), "{out}");
        let strict = render(&reports, &rules, Severity::Warning);
        assert!(strict.contains("tests=\"2\" failures=\"2\""), "{strict}");
    }
}
