//! XML-level findings: well-formedness, entities, encodings, limits, namespace URIs. The parser
//! finds them ([`crate::feed::Problem`]); this family gives them rule ids and positions.

use super::{Ctx, Family, Profile, Rule};
use crate::diagnostic::Severity::{Error, Info, Warning};

/// The XML family's rules.
pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "xml.malformed",
        severity: Error,
        family: Family::Feed(Profile::Rss),
        summary: "the feed is not well-formed XML",
        explanation: "A feed must be well-formed XML 1.0: every start tag closed by its own end tag, one root element, quoted attributes, prefixes bound to namespaces. Parsers stop at the first such error, so nothing after it is read; podfeed reports the place where reading stopped.",
        spec: "XML 1.0 §2.1; SPEC.md §0",
    },
    Rule {
        id: "xml.entity.undefined",
        severity: Error,
        family: Family::Feed(Profile::Rss),
        summary: "an entity XML does not define, such as &nbsp; or &eacute;",
        explanation: "XML knows only &amp; &lt; &gt; &quot; &apos; and numeric character references. HTML names such as &nbsp; make the feed malformed unless a DTD declares them, and podfeed never reads DTDs. Write the character itself (UTF-8) or a reference like &#160;.",
        spec: "XML 1.0 §4.1; SPEC.md §0",
    },
    Rule {
        id: "xml.encoding.invalid",
        severity: Error,
        family: Family::Feed(Profile::Rss),
        summary: "bytes that are not valid in the feed's encoding",
        explanation: "The feed's bytes do not decode in the encoding it declares (UTF-8 when it declares none). Apps show replacement characters or reject the feed. Save the file as UTF-8 and declare encoding=\"UTF-8\".",
        spec: "XML 1.0 §4.3.3; SPEC.md §0 (Apple: UTF-8)",
    },
    Rule {
        id: "xml.encoding.unknown",
        severity: Error,
        family: Family::Feed(Profile::Rss),
        summary: "the XML declaration names an unknown encoding",
        explanation: "The encoding label in <?xml ... encoding=\"...\"?> is not a known character encoding, so readers cannot decode the feed reliably. Use UTF-8.",
        spec: "XML 1.0 §4.3.3",
    },
    Rule {
        id: "xml.encoding.not_utf8",
        severity: Warning,
        family: Family::Feed(Profile::Apple),
        summary: "the feed is not encoded as UTF-8",
        explanation: "Apple asks for UTF-8 feeds. Other encodings (ISO-8859-1, Windows-1252, UTF-16) are read by podfeed but some apps mis-handle them.",
        spec: "SPEC.md §0 (Apple: feed must be UTF-8)",
    },
    Rule {
        id: "xml.limits",
        severity: Error,
        family: Family::Feed(Profile::Rss),
        summary: "the feed exceeds podfeed's size or nesting limits",
        explanation: "To stay fast and safe on hostile input podfeed reads at most 128 MiB, 128 levels of nesting and 4 million elements. No real podcast feed comes near these limits.",
        spec: "XML 1.0 (implementation limits)",
    },
    Rule {
        id: "xml.doctype",
        severity: Info,
        family: Family::Feed(Profile::Rss),
        summary: "the feed has a DOCTYPE, which is ignored",
        explanation: "RSS 2.0 has no DTD. podfeed never reads external DTDs or expands entities they declare (that is how XXE attacks work); entities declared there are reported as undefined.",
        spec: "XML 1.0 §2.8; SPEC.md §0",
    },
    Rule {
        id: "ns.variant",
        severity: Warning,
        family: Family::Feed(Profile::Rss),
        summary: "a namespace URI that is a variant of the exact one",
        explanation: "Namespaces are matched by URI. http/https and trailing-slash variants of the content, atom, spotify and googleplay URIs are accepted, but strict readers ignore elements in them. Declare the exact URI.",
        spec: "SPEC.md §7",
    },
    Rule {
        id: "ns.miscased",
        severity: Error,
        family: Family::Feed(Profile::Rss),
        summary: "a namespace URI that differs from a known one only in letter case",
        explanation: "Namespace URIs are compared character for character: http://www.itunes.com/DTDs/Podcast-1.0.dtd is not the itunes namespace, so Apple and other readers ignore every element in it. podfeed checks those elements as meant, and asks for the exact URI, e.g. http://www.itunes.com/dtds/podcast-1.0.dtd.",
        spec: "SPEC.md §7; Namespaces in XML 1.0 §2.3",
    },
];

/// Turns the parser's problems into diagnostics.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for p in &doc.problems {
        // The encoding concerns the whole channel's text: name it, so reports can show the path.
        let el = match p.rule {
            "xml.encoding.not_utf8" => ctx.channel.unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        ctx.emit_at(p.rule, el, p.offset, p.message.clone());
    }
    if let Some(at) = doc.doctype {
        ctx.emit_at(
            "xml.doctype",
            usize::MAX,
            at,
            "a DOCTYPE declaration; it is not read and declares nothing podfeed uses".into(),
        );
    }
}
