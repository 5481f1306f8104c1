//! XML-level findings: well-formedness, entities, encodings, limits, namespace URIs. The parser
//! finds them ([`crate::feed::Problem`]); this family gives them rule ids and positions.

use super::{Ctx, Family, Profile, Rule};
use crate::diagnostic::Severity::{Error, Info, Warning};

/// `xml.malformed`: the feed is not well-formed XML.
pub static XML_MALFORMED: Rule = Rule {
    id: "xml.malformed",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "the feed is not well-formed XML",
    explanation: "A feed must be well-formed XML 1.0: every start tag closed by its own end tag, one root element, quoted attributes, prefixes bound to namespaces. Parsers stop at the first such error, so nothing after it is read; podfeed reports the place where reading stopped.",
    spec: "XML 1.0 §2.1; SPEC.md §0",
};

/// `xml.entity.undefined`: an entity XML does not define, such as &nbsp; or &eacute;.
pub static XML_ENTITY_UNDEFINED: Rule = Rule {
    id: "xml.entity.undefined",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "an entity XML does not define, such as &nbsp; or &eacute;",
    explanation: "XML knows only &amp; &lt; &gt; &quot; &apos; and numeric character references. HTML names such as &nbsp; make the feed malformed unless a DTD declares them, and podfeed never reads DTDs. Write the character itself (UTF-8) or a reference like &#160;.",
    spec: "XML 1.0 §4.1; SPEC.md §0",
};

/// `xml.encoding.invalid`: bytes that are not valid in the feed's encoding.
pub static XML_ENCODING_INVALID: Rule = Rule {
    id: "xml.encoding.invalid",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "bytes that are not valid in the feed's encoding",
    explanation: "The feed's bytes do not decode in the encoding it declares (UTF-8 when it declares none). Apps show replacement characters or reject the feed. Save the file as UTF-8 and declare encoding=\"UTF-8\".",
    spec: "XML 1.0 §4.3.3; SPEC.md §0 (Apple: UTF-8)",
};

/// `xml.encoding.unknown`: the XML declaration names an unknown encoding.
pub static XML_ENCODING_UNKNOWN: Rule = Rule {
    id: "xml.encoding.unknown",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "the XML declaration names an unknown encoding",
    explanation: "The encoding label in <?xml ... encoding=\"...\"?> is not a known character encoding, so readers cannot decode the feed reliably. Use UTF-8.",
    spec: "XML 1.0 §4.3.3",
};

/// `xml.encoding.not-utf8`: the feed is not encoded as UTF-8.
pub static XML_ENCODING_NOT_UTF8: Rule = Rule {
    id: "xml.encoding.not-utf8",
    severity: Warning,
    family: Family::Feed(Profile::Apple),
    summary: "the feed is not encoded as UTF-8",
    explanation: "Apple asks for UTF-8 feeds. Other encodings (ISO-8859-1, Windows-1252, UTF-16) are read by podfeed but some apps mis-handle them.",
    spec: "SPEC.md §0 (Apple: feed must be UTF-8)",
};

/// `xml.limits`: the feed exceeds podfeed's size or nesting limits.
pub static XML_LIMITS: Rule = Rule {
    id: "xml.limits",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "the feed exceeds podfeed's size or nesting limits",
    explanation: "To stay fast and safe on hostile input podfeed reads at most 128 MiB, 128 levels of nesting, 4 million elements, 1,000 elements directly in <channel> besides its items (each item's rules look at the channel's elements) and, as it checks each item when it closes, 100,000 elements in one item or in the channel. No real podcast feed comes near these limits: the real feeds of podfeed's test corpus have at most 45 channel elements, and an item has tens.",
    spec: "XML 1.0 (implementation limits)",
};

/// `xml.doctype`: the feed has a DOCTYPE, which is ignored.
pub static XML_DOCTYPE: Rule = Rule {
    id: "xml.doctype",
    severity: Info,
    family: Family::Feed(Profile::Rss),
    summary: "the feed has a DOCTYPE, which is ignored",
    explanation: "RSS 2.0 has no DTD. podfeed never reads external DTDs or expands entities they declare (that is how XXE attacks work); entities declared there are reported as undefined.",
    spec: "XML 1.0 §2.8; SPEC.md §0",
};

/// `ns.variant`: a namespace URI that is a variant of the exact one.
pub static NS_VARIANT: Rule = Rule {
    id: "ns.variant",
    severity: Warning,
    family: Family::Feed(Profile::Rss),
    summary: "a namespace URI that is a variant of the exact one",
    explanation: "Namespaces are matched by URI. http/https and trailing-slash variants of the content, atom, spotify and googleplay URIs are accepted, but strict readers ignore elements in them. Declare the exact URI.",
    spec: "SPEC.md §7",
};

/// `ns.miscased`: a namespace URI that differs from a known one only in letter case.
pub static NS_MISCASED: Rule = Rule {
    id: "ns.miscased",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "a namespace URI that differs from a known one only in letter case",
    explanation: "Namespace URIs are compared character for character: http://www.itunes.com/DTDs/Podcast-1.0.dtd is not the itunes namespace, so Apple and other readers ignore every element in it. podfeed checks those elements as meant, and asks for the exact URI, e.g. http://www.itunes.com/dtds/podcast-1.0.dtd.",
    spec: "SPEC.md §7; Namespaces in XML 1.0 §2.3",
};

/// `xml.declaration.position`: something before the XML declaration.
pub static XML_DECLARATION_POSITION: Rule = Rule {
    id: "xml.declaration.position",
    severity: Error,
    family: Family::Feed(Profile::Rss),
    summary: "something before the XML declaration",
    explanation: "The XML declaration (<?xml version=\"1.0\" ...?>) must be the very first thing in the file: not even a blank line or a space may come before it (a byte order mark may). Strict parsers refuse such a feed as not well-formed; a template or script that prints a newline first is the usual cause. Remove what comes before <?xml.",
    spec: "XML 1.0 §2.8 (production [1] document, [23] XMLDecl)",
};

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &XML_MALFORMED,
    &XML_DECLARATION_POSITION,
    &XML_ENTITY_UNDEFINED,
    &XML_ENCODING_INVALID,
    &XML_ENCODING_UNKNOWN,
    &XML_ENCODING_NOT_UTF8,
    &XML_LIMITS,
    &XML_DOCTYPE,
    &NS_VARIANT,
    &NS_MISCASED,
];

/// The rule of a parser problem. The parser names its problems by id (`crate::feed` cannot
/// depend on the rules, which depend on it); each of those ids is one of this family's. An id
/// that is not stops the tests (debug builds) and reads as `xml.malformed` otherwise.
fn problem_rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .copied()
        .find(|r| r.id == id)
        .unwrap_or_else(|| {
            debug_assert!(false, "the parser's rule {id} is not in the xml family");
            &XML_MALFORMED
        })
}

/// Turns the parser's problems into diagnostics.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    if !ctx.in_channel_pass() {
        return;
    }
    for p in &doc.problems {
        // The encoding concerns the whole channel's text: name it, so reports can show the path.
        let rule = problem_rule(p.rule);
        let el = if *rule == XML_ENCODING_NOT_UTF8 {
            ctx.channel.unwrap_or(usize::MAX)
        } else {
            usize::MAX
        };
        debug_assert_eq!(p.severity, rule.severity, "{}", p.rule);
        ctx.emit_at(rule, el, p.offset, p.message.clone());
    }
    if let Some(at) = doc.doctype {
        ctx.emit_at(
            &XML_DOCTYPE,
            usize::MAX,
            at,
            "a DOCTYPE declaration; it is not read and declares nothing podfeed uses".into(),
        );
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (&XML_MALFORMED, "</channel>", "</chanel>"),
    (
        &XML_DECLARATION_POSITION,
        "<?xml version",
        "\n<?xml version",
    ),
    (&XML_ENTITY_UNDEFINED, "We start.", "We&nbsp;start."),
    (
        &XML_ENCODING_NOT_UTF8,
        "encoding=\"UTF-8\"",
        "encoding=\"ISO-8859-1\"",
    ),
    (
        &XML_ENCODING_UNKNOWN,
        "encoding=\"UTF-8\"",
        "encoding=\"x-klingon\"",
    ),
    (
        &XML_DOCTYPE,
        "encoding=\"UTF-8\"?>",
        "encoding=\"UTF-8\"?>\n<!DOCTYPE rss>",
    ),
    (
        &NS_VARIANT,
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"",
        "xmlns:content=\"https://purl.org/rss/1.0/modules/content\"",
    ),
    (
        &NS_MISCASED,
        "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"",
        "xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\"",
    ),
];

/// Mutations too deep or too binary for the table: (rule, mutated feed bytes).
#[cfg(test)]
pub(super) fn generated() -> Vec<(&'static Rule, Vec<u8>)> {
    use super::fixture::{MINIMAL, with};
    let deep = format!("{}We start.{}", "<b>".repeat(200), "</b>".repeat(200));
    vec![
        (&XML_LIMITS, with("We start.", &deep)),
        (
            &XML_ENCODING_INVALID,
            MINIMAL
                .replace("We start.", "We \u{0}start.")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 0 { 0xFF } else { b })
                .collect(),
        ),
    ]
}
