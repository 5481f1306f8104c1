//! Text for `podfeed explain`: the rule list and one rule's explanation.

use super::{Rule, all, example, find, renamed};

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

/// The explanation of rule `id`, or `None` when there is no such rule. An old id of a renamed
/// rule gets the rule's page, headed by the rename.
pub fn explain(id: &str) -> Option<String> {
    if let Some(r) = find(id) {
        return Some(page(r));
    }
    let r = renamed(id)?;
    Some(format!(
        "{id} is the old id of {new}: the rule was renamed (see CHANGELOG.md).\n\n{page}",
        new = r.id,
        page = page(r),
    ))
}

/// One rule's page: id, severity, family, summary, explanation, a wrong and a right example
/// (rules with a mutation of the minimal feed) and source.
fn page(r: &Rule) -> String {
    let examples = example(r).map_or_else(String::new, |(wrong, right)| {
        format!(
            "\n\nWrong:\n{}\n\nRight:\n{}",
            snippet(wrong),
            snippet(right)
        )
    });
    format!(
        "{id} ({severity}, {family})\n\n{summary}.\n\n{explanation}{examples}\n\nSource: {spec}\n",
        id = r.id,
        severity = r.severity,
        family = r.family,
        summary = r.summary,
        explanation = r.explanation,
        spec = r.spec,
    )
}

/// A feed snippet indented as a block; an empty one says the text is left out.
fn snippet(text: &str) -> String {
    if text.is_empty() {
        return "    (left out)".into();
    }
    text.lines()
        .map(|l| format!("    {}", l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
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

    #[test]
    fn a_rule_with_a_mutation_shows_a_wrong_and_a_right_example() {
        let text = explain("channel.language.invalid").expect("known rule");
        assert!(
            text.contains("Wrong:\n    <language>English</language>")
                && text.contains("Right:\n    <language>en</language>"),
            "{text}"
        );
        // A missing element's example leaves the text out.
        let text = explain("channel.title.missing").expect("known rule");
        assert!(
            text.contains("Wrong:\n    (left out)\n\nRight:\n    <title>Feed Notes</title>"),
            "{text}"
        );
        // Rules of the other checks have no feed to show.
        assert!(explain("link.enclosure.range").is_some_and(|t| !t.contains("Wrong:")));
    }

    #[test]
    fn an_old_id_explains_its_rule_under_the_new_id() {
        let text = explain("date.two_digit_year").expect("an old id");
        assert!(
            text.starts_with("date.two_digit_year is the old id of date.two-digit-year"),
            "{text}"
        );
        let new = explain("date.two-digit-year").expect("the new id");
        assert!(text.ends_with(&new), "{text}");
        // The list shows current ids only.
        assert!(!list().contains("two_digit"));
    }
}
