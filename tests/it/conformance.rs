//! Conformance with the W3C Feed Validation Service's test suite (RSS 2.0 and iTunes cases).
//!
//! Each case names a feedvalidator message class, a severity, whether it is negated, and the
//! element concerned. A positive case agrees when podfeed reports one of the mapped rules with
//! that severity on that element. A negated case agrees when podfeed reports no mapped rule (or,
//! for unmapped classes, nothing of that severity) on it. A "success" case says the suite judged
//! the element's value valid: it agrees when podfeed reports no error or warning of any rule on
//! that element (at that line, when the case gives one). A case that can only agree, because
//! nothing podfeed reports could contradict it (a negated "success" of an unmapped class, or a
//! "success" that names no element and no mapped rule), is left out of the count and the number
//! left out is printed. Cases where podfeed deliberately disagrees are listed with reasons in
//! tests/conformance-disagreements.toml.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{TimeZone, Utc};
use podfeed::diagnostic::{Diagnostic, Severity, Source};
use podfeed::rules::{Profile, Profiles, validate_bytes};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    file: String,
    negated: bool,
    expect: String,
    severity: String,
    #[serde(default)]
    params: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct Disagreements {
    case: Vec<Disagreement>,
}

#[derive(Deserialize)]
struct Disagreement {
    file: String,
    reason: String,
}

/// feedvalidator message class → podfeed rule ids.
const MAP: &[(&str, &[&str])] = &[
    ("InvalidFormComponentName", &["channel.text-input.name"]),
    ("NotEnoughHoursInTheDay", &["channel.skip.duplicate"]),
    // More than 7 days: with 7 day names, an eighth is a duplicate or not a day.
    (
        "EightDaysAWeek",
        &["channel.skip.duplicate", "channel.skip.value"],
    ),
    ("UseZeroForMidnight", &["channel.skip.midnight"]),
    ("InvalidDay", &["channel.skip.value"]),
    ("InvalidHour", &["channel.skip.value"]),
    ("InvalidInteger", &["channel.ttl.invalid"]),
    (
        "DuplicateElement",
        &[
            "rss.channel.count",
            "rss.element.duplicate",
            "itunes.element.duplicate",
            "podcast.element.duplicate",
        ],
    ),
    ("InvalidContact", &["contact.email.invalid"]),
    ("ValidContact", &["contact.email.invalid"]),
    ("EmailFormat", &["contact.email.format"]),
    ("CharacterData", &["text.html"]),
    ("DangerousStyleAttr", &["text.style"]),
    ("ContainsRelRef", &["text.relative-url"]),
    ("NotSufficientlyUnique", &["item.guid.weak"]),
    ("InvalidKeywords", &["itunes.keywords.separator"]),
    ("UnsupportedItunesFormat", &["item.enclosure.apple-type"]),
    (
        "UndefinedElement",
        &[
            "rss.root",
            "rss.element.unknown",
            "itunes.element.placement",
            "podcast.element.placement",
            "podcast.element.unknown",
        ],
    ),
    (
        "MissingAttribute",
        &[
            "rss.version",
            "itunes.category.invalid",
            "item.enclosure.url",
            "item.enclosure.length",
            "item.enclosure.type",
            "item.source.url",
            "itunes.image.href",
            "podcast.attr.missing",
            "channel.cloud.attribute",
        ],
    ),
    ("InvalidLink", &["url.invalid", "item.enclosure.url"]),
    ("InvalidFullLink", &["url.invalid", "item.enclosure.url"]),
    (
        "InvalidURLAttribute",
        &["url.invalid", "item.enclosure.url"],
    ),
    ("ValidURI", &["url.invalid", "item.enclosure.url"]),
    ("ValidURLAttribute", &["url.invalid", "item.enclosure.url"]),
    (
        "MissingElement",
        &[
            "rss.channel.count",
            "channel.itunes.owner.missing",
            "itunes.owner.email.missing",
            "channel.title.missing",
            "channel.link.missing",
            "channel.description.missing",
            "channel.image.child",
            "item.title-or-description",
            "channel.skip.empty",
            "channel.text-input.child",
        ],
    ),
    (
        "MissingTitle",
        &[
            "channel.title.missing",
            "channel.image.child",
            "channel.text-input.child",
        ],
    ),
    (
        "MissingLink",
        &[
            "channel.link.missing",
            "channel.image.child",
            "channel.text-input.child",
        ],
    ),
    (
        "MissingDescription",
        &["channel.description.missing", "channel.text-input.child"],
    ),
    ("ContainsHTML", &["text.html"]),
    ("SecurityRisk", &["text.script"]),
    ("InvalidRFC2822Date", &["date.invalid"]),
    ("ValidRFC2822Date", &["date.invalid"]),
    (
        "ProblematicalRFC822Date",
        &[
            "date.two-digit-year",
            "date.military-zone",
            "date.weekday",
            "date.form",
        ],
    ),
    ("ImplausibleDate", &["date.too-old", "date.future"]),
    ("InvalidDuration", &["itunes.duration.invalid"]),
    ("InvalidItunesCategory", &["itunes.category.invalid"]),
    ("ObsoleteItunesCategory", &["itunes.category.obsolete"]),
    (
        "InvalidYesNoClean",
        &["itunes.explicit.invalid", "itunes.yes-only"],
    ),
    ("InvalidTrueFalse", &["itunes.explicit.invalid"]),
    ("InvalidBooleanAttribute", &["item.guid.permalink"]),
    ("ValidBooleanAttribute", &["item.guid.permalink"]),
    ("InvalidPositiveInteger", &["itunes.number.invalid"]),
    ("InvalidItunesEpisodeType", &["itunes.episode-type.invalid"]),
    ("InvalidItunesChannelType", &["itunes.type.invalid"]),
    ("InvalidLanguage", &["channel.language.invalid"]),
    ("ValidLanguage", &["channel.language.invalid"]),
    ("InvalidHeight", &["channel.image.size"]),
    ("InvalidWidth", &["channel.image.size"]),
    ("ValidHeight", &["channel.image.size"]),
    ("ValidWidth", &["channel.image.size"]),
    ("InvalidHttpGUID", &["item.guid.permalink"]),
    ("ValidHttpGUID", &["item.guid.permalink"]),
    ("InvalidPermalink", &["item.guid.permalink"]),
    ("DuplicateEnclosure", &["item.enclosure.count"]),
    (
        "DuplicateValue",
        &["item.guid.duplicate", "channel.skip.duplicate"],
    ),
    (
        "ItemMustContainTitleOrDescription",
        &["item.title-or-description"],
    ),
    ("MissingGuid", &["item.guid.missing"]),
    ("MissingSelf", &["channel.atom-self.missing"]),
    (
        "InvalidIntegerAttribute",
        &["item.enclosure.length", "channel.cloud.attribute"],
    ),
    ("ValidIntegerAttribute", &["item.enclosure.length"]),
    ("InvalidNonNegativeInteger", &["item.enclosure.length"]),
    ("InvalidMIMEAttribute", &["item.enclosure.type"]),
    ("ValidMIMEAttribute", &["item.enclosure.type"]),
    (
        "SAXError",
        &[
            "xml.malformed",
            "xml.entity.undefined",
            "xml.encoding.invalid",
        ],
    ),
    ("UndefinedNamedEntity", &["xml.entity.undefined"]),
    ("NotUTF8", &["xml.encoding.not-utf8"]),
    ("UnicodeError", &["xml.encoding.invalid"]),
    ("InvalidRSSVersion", &["rss.version"]),
    (
        "MissingItunesElement",
        &[
            "channel.itunes.image.missing",
            "channel.itunes.category.missing",
            "channel.itunes.explicit.missing",
            "channel.itunes.author.missing",
        ],
    ),
    ("MissingItunesEmail", &["channel.itunes.owner.missing"]),
    ("TooLong", &["text.too-long", "text.description.too-long"]),
    ("NotBlank", &["text.empty"]),
    ("BadCharacters", &["text.control-chars"]),
    ("ContainsSystemEntity", &["xml.doctype"]),
    ("ImageLinkDoesntMatch", &["channel.image.mismatch"]),
    ("ImageTitleDoesntMatch", &["channel.image.mismatch"]),
    ("ImageUrlFormat", &["channel.image.format"]),
    // Elements RSS 2.0 does not define, outside any namespace (<blink>, <PhotoDate>).
    ("NoBlink", &["rss.element.unknown"]),
    ("NotInANamespace", &["rss.element.unknown"]),
    // An <rss> in a namespace is not RSS 2.0's root element.
    ("InvalidNamespace", &["rss.root"]),
    ("UnexpectedAttribute", &["item.guid.attribute"]),
    ("SchemeNotIANARegistered", &["url.scheme"]),
];

/// The share of counted cases (those not on the disagreement list) that must agree (issue 4;
/// raised to the measured 440 of 450, 97.8%, in issue 14).
const GOAL_PERCENT: usize = 97;

fn rules_for(class: &str) -> Option<&'static [&'static str]> {
    MAP.iter().find(|(c, _)| *c == class).map(|(_, r)| *r)
}

/// The element a diagnostic is about: the last step of its path without an index.
fn element_of(d: &Diagnostic) -> Option<&str> {
    let last = d.path.as_deref()?.rsplit('/').next()?;
    Some(last.split('[').next().unwrap_or(last))
}

fn on_element(d: &Diagnostic, element: Option<&str>, parent: Option<&str>) -> bool {
    match element {
        None => true,
        // A missing element is reported at its parent.
        Some(e) => {
            // feedvalidator names an element `prefix:name` and writes `_` for `:` (foo_bar is
            // its foo:bar): compare both spellings.
            element_of(d).is_some_and(|x| x.replace('_', ":") == e.replace('_', ":"))
                || d.message.contains(&format!("<{e}>"))
                || parent.is_some_and(|p| element_of(d) == Some(p.replace('_', ":").as_str()))
        }
    }
}

/// How a case came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Agrees,
    Disagrees,
    /// Nothing podfeed could report would make the case fail: it is not counted.
    CannotJudge,
}

impl From<bool> for Verdict {
    fn from(ok: bool) -> Self {
        if ok {
            Verdict::Agrees
        } else {
            Verdict::Disagrees
        }
    }
}

/// The element a diagnostic is about is exactly `element` (not its parent, not a mention).
fn exactly_on(d: &Diagnostic, element: &str) -> bool {
    element_of(d) == Some(element)
}

/// The 1-based line a diagnostic points at in `source`, the text of the feed it was found in.
fn line_of(source: &Source, d: &Diagnostic) -> Option<u64> {
    d.label().map(|l| source.locate(&l.span).line as u64)
}

fn judge(case: &Case, diags: &[Diagnostic], source: &Source) -> Verdict {
    let element = case.params.get("element").and_then(|v| v.as_str());
    let line = case.params.get("line").and_then(serde_json::Value::as_u64);
    let mapped = rules_for(&case.expect);
    if case.severity == "success" {
        let at_line = |d: &Diagnostic| line.is_none_or(|l| line_of(source, d) == Some(l));
        return match (case.negated, element, mapped) {
            // "Not valid" of a class podfeed has no rule for: nothing to compare with.
            (true, _, None) => Verdict::CannotJudge,
            // "Not valid": podfeed must report one of the mapped rules.
            (true, _, Some(rules)) => diags
                .iter()
                .any(|d| rules.contains(&d.rule.id) && d.severity() >= Severity::Warning)
                .into(),
            // The suite says the element's value is valid: podfeed must find nothing wrong
            // with that element.
            (false, Some(e), _) => (!diags
                .iter()
                .any(|d| exactly_on(d, e) && at_line(d) && d.severity() >= Severity::Warning))
            .into(),
            // No element named: only a mapped rule can be checked, anywhere in the feed.
            (false, None, Some(rules)) => (!diags
                .iter()
                .any(|d| rules.contains(&d.rule.id) && d.severity() >= Severity::Warning))
            .into(),
            (false, None, None) => Verdict::CannotJudge,
        };
    }
    agrees(case, diags, source).into()
}

fn agrees(case: &Case, diags: &[Diagnostic], source: &Source) -> bool {
    let element = case.params.get("element").and_then(|v| v.as_str());
    let parent = case.params.get("parent").and_then(|v| v.as_str());
    let line = case.params.get("line").and_then(serde_json::Value::as_u64);
    let mapped = rules_for(&case.expect);
    let severity = match case.severity.as_str() {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    };
    let relevant = |d: &&Diagnostic| {
        on_element(d, element, parent) && line.is_none_or(|l| line_of(source, d) == Some(l))
    };
    if case.negated || severity.is_none() {
        // Must report nothing of the kind on that element.
        return !diags.iter().filter(relevant).any(|d| match mapped {
            Some(rules) => rules.contains(&d.rule.id) && d.severity() >= Severity::Warning,
            None => severity.is_some_and(|s| d.severity() == s),
        });
    }
    let Some(rules) = mapped else { return false };
    diags
        .iter()
        .filter(relevant)
        .any(|d| rules.contains(&d.rule.id) && Some(d.severity()) == severity)
}

#[test]
fn agrees_with_the_feedvalidator_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/feedvalidator");
    let Ok(manifest) = std::fs::read_to_string(root.join("manifest.json")) else {
        eprintln!("skipped: ../shared/corpus not found");
        return;
    };
    let cases: Vec<Case> = serde_json::from_str(&manifest).expect("manifest parses");
    let list = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance-disagreements.toml"),
    )
    .expect("disagreement list");
    let list: Disagreements = toml::from_str(&list).expect("disagreement list parses");
    let excused: HashSet<&str> = list.case.iter().map(|d| d.file.as_str()).collect();
    assert!(
        list.case.iter().all(|d| !d.reason.trim().is_empty()),
        "every disagreement has a reason"
    );
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let (mut agreed, mut counted, mut excused_agreeing) = (0, 0, Vec::new());
    let mut cannot_judge = Vec::new();
    let mut failures = Vec::new();
    for case in &cases {
        let bytes = std::fs::read(root.join(&case.file)).expect("case file");
        // The rss/ cases test RSS 2.0 alone; the ext/itunes/ cases add Apple's rules.
        let profiles = if case.file.starts_with("ext/itunes/") {
            Profiles::only(&[Profile::Rss, Profile::Apple])
        } else {
            Profiles::only(&[Profile::Rss])
        };
        let checked = validate_bytes(&case.file, &bytes, &profiles, now);
        let source = Source::new(checked.text);
        let diags = checked.diagnostics;
        let verdict = judge(case, &diags, &source);
        if verdict == Verdict::CannotJudge {
            cannot_judge.push(case.file.as_str());
            continue;
        }
        let ok = verdict == Verdict::Agrees;
        if excused.contains(case.file.as_str()) {
            if ok {
                excused_agreeing.push(case.file.clone());
            }
            continue;
        }
        counted += 1;
        if ok {
            agreed += 1;
        } else {
            let got: Vec<String> = diags
                .iter()
                .map(|d| format!("{}@{}", d.rule, d.path.as_deref().unwrap_or("-")))
                .collect();
            failures.push(format!(
                "{} {}{} {:?}: got {:?}",
                case.file,
                if case.negated { "!" } else { "" },
                case.expect,
                case.params,
                got
            ));
        }
    }
    for f in &failures {
        println!("disagree: {f}");
    }
    println!(
        "feedvalidator conformance: {agreed} of {counted} cases agree ({:.1}%); {} cases on the disagreement list; {} cases not counted because nothing podfeed reports could contradict them: {:?}",
        100.0 * agreed as f64 / counted.max(1) as f64,
        excused.len(),
        cannot_judge.len(),
        cannot_judge
    );
    assert!(
        excused_agreeing.is_empty(),
        "listed as disagreements but agree: {excused_agreeing:?}"
    );
    assert!(
        agreed * 100 >= counted * GOAL_PERCENT,
        "{agreed} of {counted} agree; expected at least {GOAL_PERCENT}%"
    );
}

#[test]
fn a_success_case_fails_when_podfeed_faults_the_element_and_an_unjudgeable_one_is_not_counted() {
    let case = |negated: bool, expect: &str, params: &str| Case {
        file: "f.xml".into(),
        negated,
        expect: expect.into(),
        severity: "success".into(),
        params: serde_json::from_str(params).expect("params"),
    };
    let none = Source::new(String::new());
    let on_ttl = Diagnostic::new(&podfeed::rules::channel::RSS_ELEMENT_UNKNOWN, "m")
        .path("/rss/channel/ttl");
    let on_channel = Diagnostic::new(&podfeed::rules::channel::CHANNEL_ATOM_SELF_MISSING, "m")
        .path("/rss/channel");
    let ttl = case(
        false,
        "ValidInteger",
        r#"{"element": "ttl", "parent": "channel"}"#,
    );
    assert_eq!(
        judge(&ttl, std::slice::from_ref(&on_ttl), &none),
        Verdict::Disagrees
    );
    // A finding on the parent is not a finding on the element.
    assert_eq!(
        judge(&ttl, std::slice::from_ref(&on_channel), &none),
        Verdict::Agrees
    );
    let doctype = case(false, "ValidDoctype", "{}");
    assert_eq!(judge(&doctype, &[on_ttl], &none), Verdict::CannotJudge);
    let not_valid = case(true, "ValidW3CDTFDate", r#"{"element": "dc:date"}"#);
    assert_eq!(
        judge(&not_valid, &[on_channel], &none),
        Verdict::CannotJudge
    );
}
