//! JSON output: one object
//! `{"target": …, "summary": {"errors", "warnings", "infos"}, "diagnostics": [{"rule",
//! "severity", "message", "file", "line", "column", "path", "episode", "help"}]}`;
//! absent fields are omitted.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Summary};

#[derive(Serialize)]
struct Report<'a> {
    target: &'a str,
    summary: Summary,
    diagnostics: &'a [Diagnostic],
}

/// Renders a run's report as pretty-printed JSON.
pub fn render(target: &str, diagnostics: &[Diagnostic]) -> String {
    let report = Report {
        target,
        summary: Summary::of(diagnostics),
        diagnostics,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    #[test]
    fn has_target_summary_and_flat_locations() {
        let d = Diagnostic::warning("date.weekday", "m")
            .at(Location {
                file: "f.xml".into(),
                line: 3,
                column: 5,
            })
            .episode("ep-1");
        let v: serde_json::Value = serde_json::from_str(&render("f.xml", &[d])).expect("json");
        assert_eq!(v["target"], "f.xml");
        assert_eq!(v["summary"]["warnings"], 1);
        let d0 = &v["diagnostics"][0];
        assert_eq!(
            (
                d0["rule"].as_str(),
                d0["line"].as_u64(),
                d0["column"].as_u64()
            ),
            (Some("date.weekday"), Some(3), Some(5))
        );
        assert_eq!(d0["severity"], "warning");
        assert_eq!(d0["episode"], "ep-1");
    }
}
