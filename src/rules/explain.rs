//! Text for `podfeed explain`: the rule list and one rule's explanation.

use super::{all, find};

/// One line per rule: id, severity, profile (feed rules) or family (the others), summary.
pub fn list() -> String {
    let width = all().map(|r| r.id.len()).max().unwrap_or(0);
    all()
        .map(|r| {
            format!(
                "{:width$}  {:7}  {:12}  {}\n",
                r.id,
                r.severity.as_str(),
                r.family.as_str(),
                r.summary
            )
        })
        .collect()
}

/// The explanation of rule `id`, or `None` when there is no such rule.
pub fn explain(id: &str) -> Option<String> {
    let r = find(id)?;
    Some(format!(
        "{id} ({severity}, {family})\n\n{summary}.\n\n{explanation}\n\nSource: {spec}\n",
        severity = r.severity,
        family = r.family,
        summary = r.summary,
        explanation = r.explanation,
        spec = r.spec,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_rule_with_its_spec_section() {
        let text = explain("item.enclosure.length").expect("known rule");
        assert!(text.contains("SPEC.md §"), "{text}");
        assert!(explain("no.such.rule").is_none());
        assert!(list().lines().any(|l| l.starts_with("date.weekday")));
        // Rules of the other checks are explained too, with their family.
        let text = explain("link.enclosure.range").expect("known rule");
        assert!(
            text.contains("family links") && text.contains("206"),
            "{text}"
        );
        assert!(explain("item.enclosure.length").is_some_and(|t| t.contains("profile rss")));
    }
}
