//! Contact rules: the e-mail addresses of `<managingEditor>`, `<webMaster>`, `<author>` and
//! `<itunes:email>` (SPEC.md §1.2, §1.3: RSS 2.0 writes them as `email (Name)`).

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};

/// `contact.email.invalid`: a contact element without a usable e-mail address.
pub static CONTACT_EMAIL_INVALID: Rule = rule(
    "contact.email.invalid",
    Error,
    Profile::Rss,
    "SPEC.md §1.2, §1.3 (RSS 2.0)",
    "a contact element without a usable e-mail address",
    "<managingEditor>, <webMaster> and <author> hold an e-mail address, optionally followed by the name in parentheses: jane@example.org (Jane Doe). <itunes:email> holds the address alone; Apple and Spotify send ownership checks to it. A name alone, or the address inside the parentheses, leaves readers with no address.",
);

/// `contact.email.format`: an e-mail address written other than as email (Name).
pub static CONTACT_EMAIL_FORMAT: Rule = rule(
    "contact.email.format",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2, §1.3 (RSS 2.0)",
    "an e-mail address written other than as email (Name)",
    "RSS 2.0 writes contacts as jane@example.org (Jane Doe). Forms such as Jane Doe <jane@example.org> or Jane Doe, jane@example.org are read differently by different apps.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[&CONTACT_EMAIL_INVALID, &CONTACT_EMAIL_FORMAT];

/// How a contact value is written.
#[derive(Debug, PartialEq, Eq)]
enum Contact {
    /// `email` or `email (Name)`, or a `mailto:` URI.
    Good,
    /// An address is there, in another form.
    OtherForm,
    /// No usable address.
    Invalid,
}

/// Runs the contact family.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    let channel = ctx.channel_pass();
    let mut rss: Vec<ElementId> = Vec::new();
    if let Some(ch) = channel {
        rss.extend(doc.children_named(ch, &Ns::None, "managingEditor"));
        rss.extend(doc.children_named(ch, &Ns::None, "webMaster"));
    }
    if let Some(item) = ctx.item {
        rss.extend(doc.children_named(item, &Ns::None, "author"));
    }
    for el in rss {
        let v = doc
            .get(el)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        let name = doc.get(el).map(|e| e.display_name()).unwrap_or_default();
        match classify(v) {
            Contact::Good => {}
            Contact::OtherForm => ctx.emit(&CONTACT_EMAIL_FORMAT,
                el,
                format!("<{name}>{v}</{name}>; expected the form jane@example.org (Jane Doe)", v = clip(v)),
            ),
            Contact::Invalid => ctx.emit(&CONTACT_EMAIL_INVALID,
                el,
                format!("<{name}>{v}</{name}> has no e-mail address first; expected e.g. jane@example.org (Jane Doe)", v = clip(v)),
            ),
        }
    }
    if let Some(owner) = channel.and_then(|ch| doc.child(ch, &Ns::Itunes, "owner")) {
        for el in doc.children_named(owner, &Ns::Itunes, "email") {
            let v = doc
                .get(el)
                .map(|e| doc.text_of(e).trim())
                .unwrap_or_default();
            // An empty address is a missing one: `itunes.owner.email.missing` says so, once.
            if !v.is_empty() && !is_address(v) {
                ctx.emit(&CONTACT_EMAIL_INVALID,
                    el,
                    format!("<itunes:email>{v}</itunes:email>; expected an e-mail address such as jane@example.org", v = clip(v)),
                );
            }
        }
    }
}

/// Sorts a `managingEditor`/`webMaster`/`author` value.
fn classify(v: &str) -> Contact {
    if let Some(uri) = v.strip_prefix("mailto:") {
        // RFC 6068: the address is percent-encoded before any `?`.
        let addr = percent_decode(uri.split('?').next().unwrap_or_default());
        let ok = addr
            .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')'))
            .any(is_address);
        return if ok { Contact::Good } else { Contact::Invalid };
    }
    let (first, rest) = v
        .split_once(|c: char| c.is_whitespace() || c == '(')
        .map_or((v, ""), |(a, _)| (a, &v[a.len()..]));
    if is_address(first) {
        let rest = rest.trim();
        return if rest.is_empty() || (rest.starts_with('(') && rest.ends_with(')')) {
            Contact::Good
        } else {
            Contact::OtherForm
        };
    }
    // An address elsewhere, outside parentheses: `Name <addr>` or `Name, addr`.
    let mut depth = 0usize;
    let mut outside = String::new();
    for c in v.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let found = outside
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '"'))
        .any(is_address);
    if found {
        Contact::OtherForm
    } else {
        Contact::Invalid
    }
}

/// A plausible addr-spec: a local part, `@`, and a dotted domain (RFC 5322, simplified).
pub(super) fn is_address(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// Undoes `%XX` escapes; a malformed escape is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(h)) => {
                out.push(h);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &CONTACT_EMAIL_INVALID,
        "<language>en</language>",
        "<language>en</language><managingEditor>Ana Example</managingEditor>",
    ),
    (
        &CONTACT_EMAIL_FORMAT,
        "<language>en</language>",
        "<language>en</language><managingEditor>Ana Example, ana@example.org</managingEditor>",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_contact_forms() {
        assert_eq!(classify("me@example.com (Mark)"), Contact::Good);
        assert_eq!(classify("me+folder@example.com (Me)"), Contact::Good);
        assert_eq!(classify("P.O'Neill@example.ie"), Contact::Good);
        assert_eq!(classify("~@example.ie"), Contact::Good);
        assert_eq!(
            classify("mailto:John%20Smith%20%3Cjsmith%40example%2Eorg%3E?subject=x"),
            Contact::Good
        );
        assert_eq!(
            classify("John Smith <jsmith@example.org>"),
            Contact::OtherForm
        );
        assert_eq!(
            classify("John Smith, jsmith@example.org"),
            Contact::OtherForm
        );
        assert_eq!(
            classify("John Smith (mailto:jsmith@example.org)"),
            Contact::Invalid
        );
        assert_eq!(classify("Me (me@example.com)"), Contact::Invalid);
        assert_eq!(classify("Mark Pilgrim"), Contact::Invalid);
        assert!(!is_address("me"));
    }
}
