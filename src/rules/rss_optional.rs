//! RSS 2.0's optional channel elements that podcast apps rarely use but readers still parse:
//! `cloud`, `ttl`, `skipHours`, `skipDays` and `textInput` (RSS 2.0 specification, "Optional
//! channel elements" and its sub-element sections; SPEC.md §1.2 "per RSS 2.0"). A feed that has
//! them should have them right: a wrong `ttl` or `skipHours` makes aggregators poll at the wrong
//! times.

use super::channel::vocabulary;
use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};

/// `channel.cloud.attribute`: a `<cloud>` attribute missing or out of range.
pub static CHANNEL_CLOUD_ATTRIBUTE: Rule = rule(
    "channel.cloud.attribute",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<cloud> sub-element of <channel>",
    "a <cloud> attribute missing or out of range",
    "<cloud> tells aggregators where to register for change notices (rssCloud). It needs all five attributes: domain, port (1–65535), path, registerProcedure and protocol (xml-rpc, soap or http-post). Without one, no aggregator can register. Remove <cloud> if the feed has no such service.",
);

/// `channel.ttl.invalid`: a `<ttl>` that is not a positive number of minutes.
pub static CHANNEL_TTL_INVALID: Rule = rule(
    "channel.ttl.invalid",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<ttl> sub-element of <channel>",
    "a <ttl> that is not a positive whole number of minutes",
    "<ttl> (time to live) is the number of minutes a reader may cache the feed before fetching it again: a whole number greater than zero, e.g. <ttl>60</ttl>.",
);

/// `channel.skip.value`: an hour or day of `<skipHours>`/`<skipDays>` that is not one.
pub static CHANNEL_SKIP_VALUE: Rule = rule(
    "channel.skip.value",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<skipHours>, §<skipDays>",
    "an hour or day of <skipHours> or <skipDays> that is not one",
    "<skipHours> lists <hour> elements, each a whole number from 0 to 23 (GMT); <skipDays> lists <day> elements, each an English day name: Monday, Tuesday, Wednesday, Thursday, Friday, Saturday or Sunday. Aggregators skip fetching the feed in those hours and on those days.",
);

/// `channel.skip.midnight`: `<hour>24</hour>`, the RSS 0.91 way to write midnight.
pub static CHANNEL_SKIP_MIDNIGHT: Rule = rule(
    "channel.skip.midnight",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<skipHours>; RSS 0.91",
    "<hour>24</hour>, the RSS 0.91 way to write midnight",
    "RSS 0.91 counted the hours of <skipHours> from 1 to 24; RSS 2.0 counts from 0 to 23, so midnight is 0. Readers that follow RSS 2.0 ignore 24.",
);

/// `channel.skip.duplicate`: an hour or day listed twice.
pub static CHANNEL_SKIP_DUPLICATE: Rule = rule(
    "channel.skip.duplicate",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<skipHours>, §<skipDays>",
    "an hour or day listed twice in <skipHours> or <skipDays>",
    "Each hour (at most 24) and each day (at most 7) is listed once. A second one is a mistake in the list: check which hour or day was meant.",
);

/// `channel.skip.empty`: a `<skipHours>` or `<skipDays>` with nothing in it.
pub static CHANNEL_SKIP_EMPTY: Rule = rule(
    "channel.skip.empty",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<skipHours>, §<skipDays>",
    "a <skipHours> or <skipDays> with no <hour> or <day>",
    "<skipHours> holds up to 24 <hour> elements and <skipDays> up to 7 <day> elements; an empty one says nothing. Remove it, or list the hours or days.",
);

/// `channel.text-input.child`: a `<textInput>` without one of its four children.
pub static CHANNEL_TEXT_INPUT_CHILD: Rule = rule(
    "channel.text-input.child",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<textInput> sub-element of <channel>",
    "a <textInput> without its title, description, name or link",
    "<textInput> describes a text box readers may show with the feed: it needs <title> (the button's label), <description>, <name> (the form field's name) and <link> (where the form is sent). Most podcast apps ignore it; remove it unless you use it.",
);

/// `channel.text-input.name`: a `<textInput><name>` that cannot name a form field.
pub static CHANNEL_TEXT_INPUT_NAME: Rule = rule(
    "channel.text-input.name",
    Error,
    Profile::Rss,
    "SPEC.md §1.2; RSS 2.0 §<textInput>; HTML 4.01 §6.2 (name tokens)",
    "a <textInput><name> that cannot name a form field",
    "The name of the text object in the form: a letter followed by letters, digits, hyphens, underscores, colons or periods, e.g. q or search-terms.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &CHANNEL_CLOUD_ATTRIBUTE,
    &CHANNEL_TTL_INVALID,
    &CHANNEL_SKIP_VALUE,
    &CHANNEL_SKIP_MIDNIGHT,
    &CHANNEL_SKIP_DUPLICATE,
    &CHANNEL_SKIP_EMPTY,
    &CHANNEL_TEXT_INPUT_CHILD,
    &CHANNEL_TEXT_INPUT_NAME,
];

const CLOUD_ATTRIBUTES: [&str; 5] = ["domain", "port", "path", "registerProcedure", "protocol"];
const CLOUD_PROTOCOLS: [&str; 3] = ["xml-rpc", "soap", "http-post"];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const TEXT_INPUT_ELEMENTS: &[(&str, bool)] = &[
    ("title", true),
    ("description", true),
    ("name", true),
    ("link", true),
];

/// Runs the family on the channel's optional elements.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(ch) = ctx.channel_pass() else { return };
    let doc = ctx.doc;
    if let Some(cloud) = doc.child(ch, &Ns::None, "cloud") {
        check_cloud(ctx, cloud);
    }
    if let Some(ttl) = doc.child(ch, &Ns::None, "ttl") {
        let v = doc
            .get(ttl)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        // An empty <ttl> is `text.empty`'s.
        if !v.is_empty() && !v.parse::<u32>().is_ok_and(|n| n > 0) {
            ctx.emit(
                &CHANNEL_TTL_INVALID,
                ttl,
                format!(
                    "<ttl>{v}</ttl>; expected a whole number of minutes greater than zero",
                    v = clip(v)
                ),
            );
        }
    }
    if let Some(hours) = doc.child(ch, &Ns::None, "skipHours") {
        vocabulary(ctx, hours, &[("hour", false)]);
        skip_list(ctx, hours, "hour", hour);
    }
    if let Some(days) = doc.child(ch, &Ns::None, "skipDays") {
        vocabulary(ctx, days, &[("day", false)]);
        skip_list(ctx, days, "day", day);
    }
    if let Some(input) = doc.child(ch, &Ns::None, "textInput") {
        check_text_input(ctx, input);
    }
}

fn check_cloud(ctx: &mut Ctx<'_>, cloud: ElementId) {
    let Some(e) = ctx.doc.get(cloud) else { return };
    for a in CLOUD_ATTRIBUTES {
        if ctx.doc.attr_value(e, a).is_none_or(|v| v.trim().is_empty()) {
            ctx.emit(&CHANNEL_CLOUD_ATTRIBUTE, cloud, format!("<cloud> has no {a} attribute; expected all of domain, port, path, registerProcedure and protocol"));
        }
    }
    if let Some(port) = ctx
        .doc
        .attr_value(e, "port")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        && !port.parse::<u16>().is_ok_and(|p| p > 0)
    {
        ctx.emit_attr(
            &CHANNEL_CLOUD_ATTRIBUTE,
            cloud,
            "port",
            format!(
                "<cloud port=\"{p}\">; expected a port number from 1 to 65535",
                p = clip(port)
            ),
        );
    }
    if let Some(protocol) = ctx
        .doc
        .attr_value(e, "protocol")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        && !CLOUD_PROTOCOLS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(protocol))
    {
        ctx.emit_attr(
            &CHANNEL_CLOUD_ATTRIBUTE,
            cloud,
            "protocol",
            format!(
                "<cloud protocol=\"{p}\">; expected xml-rpc, soap or http-post",
                p = clip(protocol)
            ),
        );
    }
}

/// What one `<hour>` or `<day>` says: a key to find duplicates by, or why it is not one.
enum Entry {
    Key(String),
    Midnight,
    Invalid(&'static str),
}

fn hour(v: &str) -> Entry {
    match v.parse::<u8>() {
        Ok(h) if h < 24 => Entry::Key(h.to_string()),
        Ok(24) => Entry::Midnight,
        _ => Entry::Invalid("a whole number of hours from 0 to 23"),
    }
}

fn day(v: &str) -> Entry {
    if DAYS.contains(&v) {
        Entry::Key(v.to_owned())
    } else {
        Entry::Invalid("an English day name such as Monday")
    }
}

/// The `<hour>`s or `<day>`s (`child`) of `list`: each valid, none twice, at least one.
fn skip_list(ctx: &mut Ctx<'_>, list: ElementId, child: &str, entry: fn(&str) -> Entry) {
    let doc = ctx.doc;
    let Some(parent) = doc.get(list) else { return };
    let name = parent.local.as_str();
    let mut seen: Vec<String> = Vec::new();
    let mut any = false;
    for c in doc.children_named(list, &Ns::None, child) {
        any = true;
        let v = doc
            .get(c)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        let key = match entry(v) {
            Entry::Key(k) => k,
            Entry::Midnight => {
                ctx.emit(
                    &CHANNEL_SKIP_MIDNIGHT,
                    c,
                    "<hour>24</hour> is RSS 0.91's midnight; expected <hour>0</hour>".into(),
                );
                "0".to_owned()
            }
            Entry::Invalid(expected) => {
                ctx.emit(
                    &CHANNEL_SKIP_VALUE,
                    c,
                    format!(
                        "<{child}>{v}</{child}> in <{name}>; expected {expected}",
                        v = clip(v)
                    ),
                );
                continue;
            }
        };
        if seen.contains(&key) {
            ctx.emit(
                &CHANNEL_SKIP_DUPLICATE,
                c,
                format!(
                    "<{child}>{v}</{child}> is listed twice in <{name}>; expected each once",
                    v = clip(v)
                ),
            );
        } else {
            seen.push(key);
        }
    }
    if !any {
        ctx.emit(
            &CHANNEL_SKIP_EMPTY,
            list,
            format!("<{name}> has no <{child}>; expected at least one"),
        );
    }
}

fn check_text_input(ctx: &mut Ctx<'_>, input: ElementId) {
    let doc = ctx.doc;
    vocabulary(ctx, input, TEXT_INPUT_ELEMENTS);
    for (child, _) in TEXT_INPUT_ELEMENTS {
        if doc.child(input, &Ns::None, child).is_none() {
            ctx.emit(
                &CHANNEL_TEXT_INPUT_CHILD,
                input,
                format!("<textInput> has no <{child}>; expected title, description, name and link"),
            );
        }
    }
    if let Some(name) = doc.child(input, &Ns::None, "name") {
        let v = doc
            .get(name)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        if !is_name_token(v) {
            ctx.emit(&CHANNEL_TEXT_INPUT_NAME, name, format!("<name>{v}</name> in <textInput>; expected a letter followed by letters, digits, - _ : or .", v = clip(v)));
        }
    }
}

/// An HTML 4.01 name token (§6.2): a letter, then letters, digits, `-`, `_`, `:` or `.`.
fn is_name_token(v: &str) -> bool {
    let mut chars = v.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Mutations of the minimal feed that make this family's rules fire.
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &CHANNEL_CLOUD_ATTRIBUTE,
        "<language>en</language>",
        "<language>en</language><cloud domain=\"rpc.example.org\" port=\"0\" path=\"/RPC2\" registerProcedure=\"notify\" protocol=\"xml-rpc\"/>",
    ),
    (
        &CHANNEL_TTL_INVALID,
        "<language>en</language>",
        "<language>en</language><ttl>1.5</ttl>",
    ),
    (
        &CHANNEL_SKIP_VALUE,
        "<language>en</language>",
        "<language>en</language><skipDays><day>Sonntag</day></skipDays>",
    ),
    (
        &CHANNEL_SKIP_MIDNIGHT,
        "<language>en</language>",
        "<language>en</language><skipHours><hour>24</hour></skipHours>",
    ),
    (
        &CHANNEL_SKIP_DUPLICATE,
        "<language>en</language>",
        "<language>en</language><skipHours><hour>12</hour><hour>12</hour></skipHours>",
    ),
    (
        &CHANNEL_SKIP_EMPTY,
        "<language>en</language>",
        "<language>en</language><skipDays></skipDays>",
    ),
    (
        &CHANNEL_TEXT_INPUT_CHILD,
        "<language>en</language>",
        "<language>en</language><textInput><title>Search</title><description>Find an episode</description><name>q</name></textInput>",
    ),
    (
        &CHANNEL_TEXT_INPUT_NAME,
        "<language>en</language>",
        "<language>en</language><textInput><title>Search</title><description>Find an episode</description><name>2 words</name><link>https://example.org/search</link></textInput>",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_tokens_start_with_a_letter() {
        assert!(is_name_token("q"));
        assert!(is_name_token("search-terms_2:x.y"));
        assert!(!is_name_token(""));
        assert!(!is_name_token("2q"));
        assert!(!is_name_token("two words"));
    }
}
