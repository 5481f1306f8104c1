//! SARIF 2.1.0 output, for code-scanning UIs (GitHub, GitLab, IDE viewers): one run per
//! invocation, the tool's rules taken from the registry ([`crate::rules::all`]) with their
//! summary, explanation and spec, one artifact per target (and per other file a finding points
//! into), and one result per finding with its rule, level, message and region.
//!
//! Regions are 1-based lines and columns counted in Unicode code points (the run says so with
//! `columnKind`), `endColumn` being the column just after the finding, as SARIF §3.30 defines
//! it. A target that could not be fetched is an error notification of the invocation, which then
//! did not execute successfully.

use serde_json::{Value, json};

use super::TargetReport;
use crate::diagnostic::{Diagnostic, Severity, Sources};
use crate::rule::Rule;

/// The schema every SARIF 2.1.0 log names.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders a run's reports as one SARIF 2.1.0 log (pretty-printed JSON, ending in a newline).
pub fn render(reports: &[TargetReport<'_>]) -> String {
    let rules: Vec<&'static Rule> = crate::rules::all().collect();
    let mut artifacts: Vec<String> = reports.iter().map(|r| r.target.to_owned()).collect();
    let mut results = Vec::new();
    for r in reports {
        let sources = r.sources();
        for d in r.diagnostics {
            results.push(result(d, &sources, &rules, &mut artifacts));
        }
    }
    let notifications: Vec<Value> = reports
        .iter()
        .filter_map(|r| r.error)
        .map(|e| json!({"level": "error", "message": {"text": e}}))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(&rules)},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts
                .iter()
                .map(|a| json!({"location": {"uri": uri(a)}}))
                .collect::<Vec<_>>(),
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// `tool.driver`: the tool and every rule it can report.
fn driver(rules: &[&'static Rule]) -> Value {
    json!({
        "name": "podfeed",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
    })
}

/// One `reportingDescriptor`: id, summary, explanation, help (explanation and source) and the
/// default level.
fn descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {
            "text": format!("{}\n\nSource: {}. Run `podfeed explain {}`.", rule.explanation, rule.spec, rule.id),
        },
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"family": rule.family.as_str(), "spec": rule.spec},
    })
}

/// SARIF's word for a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// One `result`; a file not yet an artifact becomes one.
fn result(
    d: &Diagnostic,
    sources: &Sources,
    rules: &[&'static Rule],
    artifacts: &mut Vec<String>,
) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let mut result = json!({
        "ruleId": d.rule.id,
        "level": level(d.severity()),
        "message": {"text": message},
    });
    if let Some(index) = rules.iter().position(|r| r.id == d.rule.id) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(label) = d.label() {
        let index = match artifacts.iter().position(|a| *a == label.file) {
            Some(i) => i,
            None => {
                artifacts.push(label.file.clone());
                artifacts.len() - 1
            }
        };
        let mut physical = json!({
            "artifactLocation": {"uri": uri(&label.file), "index": index},
        });
        if let Some(at) = sources.location_of(d) {
            physical["region"] = json!({
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column,
                "charOffset": at.offset,
                "charLength": at.end_offset - at.offset,
            });
        }
        let mut location = json!({"physicalLocation": physical});
        if let Some(path) = &d.path {
            location["logicalLocations"] = json!([{"fullyQualifiedName": path, "kind": "element"}]);
        }
        result["locations"] = json!([location]);
    }
    if let Some(episode) = &d.episode {
        result["properties"] = json!({"episode": episode});
    }
    result
}

/// A file name or URL as a URI reference: a URL as it is, a path with `\` turned to `/` and
/// the bytes a URI cannot hold percent-encoded.
fn uri(name: &str) -> String {
    if url::Url::parse(name).is_ok() {
        return name.to_owned();
    }
    let mut out = String::new();
    for b in name.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::report::Status;

    #[test]
    fn a_finding_has_its_rule_level_region_and_artifact() {
        let text = "<rss>\n  <channel>é<language>xx</language>\n";
        let start = text.find("<language>").expect("language");
        let d = Diagnostic::new(&crate::rules::xml::XML_MALFORMED, "bad")
            .at(Label::new("my feed.xml", start..start + 10))
            .help("close it");
        let reports = [TargetReport {
            target: "my feed.xml",
            status: Status::Checked,
            source: Some(text),
            diagnostics: std::slice::from_ref(&d),
            error: None,
        }];
        let v: Value = serde_json::from_str(&render(&reports)).expect("json");
        let run = &v["runs"][0];
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "xml.malformed");
        assert_eq!(r["level"], "error");
        let index = r["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "xml.malformed");
        let region = &r["locations"][0]["physicalLocation"]["region"];
        // Columns count characters: `é` is one.
        assert_eq!(
            (
                &region["startLine"],
                &region["startColumn"],
                &region["endColumn"]
            ),
            (&json!(2), &json!(13), &json!(23))
        );
        assert_eq!(run["artifacts"][0]["location"]["uri"], "my%20feed.xml");
        assert!(
            r["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains("close it"))
        );
    }

    #[test]
    fn a_failed_target_is_an_unsuccessful_invocation() {
        let reports = [TargetReport {
            target: "https://h.example/feed.xml",
            status: Status::Failed,
            source: None,
            diagnostics: &[],
            error: Some("https://h.example/feed.xml: 404"),
        }];
        let v: Value = serde_json::from_str(&render(&reports)).expect("json");
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
        assert_eq!(
            v["runs"][0]["artifacts"][0]["location"]["uri"],
            "https://h.example/feed.xml"
        );
    }
}
