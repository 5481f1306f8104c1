//! `itunes:` rules (SPEC.md §1.2, §1.3, §6, §8.2, §8.3).

use super::context::Unless;
use super::{Ctx, Profile, Rule, rule};
use crate::categories::{is_obsolete, subcategories};
use crate::diagnostic::Severity::{Error, Info, Warning};
use crate::diagnostic::clip;
use crate::feed::{Document, ElementId, Ns};

/// `channel.itunes.image.missing`: the channel has no `<itunes:image>`.
pub static CHANNEL_ITUNES_IMAGE_MISSING: Rule = rule(
    "channel.itunes.image.missing",
    Error,
    Profile::Apple,
    "SPEC.md §1.2",
    "the channel has no <itunes:image>",
    "Apple requires show artwork: <itunes:image href=\"https://…/art.jpg\"/>, square JPEG or PNG, 1400–3000 px.",
);

/// `itunes.image.href`: `<itunes:image>` without an href attribute.
pub static ITUNES_IMAGE_HREF: Rule = rule(
    "itunes.image.href",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, Appendix C.7",
    "<itunes:image> without an href attribute",
    "The artwork URL goes in the href attribute; Apple ignores a URL written as the element's text.",
);

/// `itunes.image.extension`: artwork URL does not end in .jpg or .png.
pub static ITUNES_IMAGE_EXTENSION: Rule = rule(
    "itunes.image.extension",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2",
    "artwork URL does not end in .jpg or .png",
    "Apple wants JPEG or PNG artwork whose file extension (.jpg, .jpeg, .png) matches its real type.",
);

/// `channel.itunes.category.missing`: the channel has no `<itunes:category>`.
pub static CHANNEL_ITUNES_CATEGORY_MISSING: Rule = rule(
    "channel.itunes.category.missing",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §6",
    "the channel has no <itunes:category>",
    "Apple requires at least one category from its list, e.g. <itunes:category text=\"Technology\"/>.",
);

/// `itunes.category.invalid`: a category that is not in Apple's list.
pub static ITUNES_CATEGORY_INVALID: Rule = rule(
    "itunes.category.invalid",
    Error,
    Profile::Apple,
    "SPEC.md §6",
    "a category that is not in Apple's list",
    "Category names are exact and case-sensitive (e.g. \"Society & Culture\", \"How To\"); a subcategory must sit inside its own parent, never at the top level.",
);

/// `itunes.category.obsolete`: a pre-2019 Apple category.
pub static ITUNES_CATEGORY_OBSOLETE: Rule = rule(
    "itunes.category.obsolete",
    Warning,
    Profile::Apple,
    "SPEC.md §6",
    "a pre-2019 Apple category",
    "Apple replaced its categories in 2019; names such as \"Games & Hobbies\" or \"Technology > Podcasting\" are obsolete. Pick one from the current list.",
);

/// `channel.itunes.explicit.missing`: the channel has no `<itunes:explicit>`.
pub static CHANNEL_ITUNES_EXPLICIT_MISSING: Rule = rule(
    "channel.itunes.explicit.missing",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §8.3",
    "the channel has no <itunes:explicit>",
    "Apple requires <itunes:explicit>true</itunes:explicit> or false at channel level.",
);

/// `itunes.explicit.invalid`: `<itunes:explicit>` is not true or false.
pub static ITUNES_EXPLICIT_INVALID: Rule = rule(
    "itunes.explicit.invalid",
    Error,
    Profile::Apple,
    "SPEC.md §8.3",
    "<itunes:explicit> is not true or false",
    "The value is true or false (legacy yes/no/clean/explicit are accepted with a warning).",
);

/// `itunes.explicit.legacy`: a legacy `<itunes:explicit>` value.
pub static ITUNES_EXPLICIT_LEGACY: Rule = rule(
    "itunes.explicit.legacy",
    Warning,
    Profile::Apple,
    "SPEC.md §8.3",
    "a legacy <itunes:explicit> value",
    "yes, explicit, no and clean are Apple's 2017 values; write true or false.",
);

/// `channel.itunes.author.missing`: the channel has no `<itunes:author>`.
pub static CHANNEL_ITUNES_AUTHOR_MISSING: Rule = rule(
    "channel.itunes.author.missing",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2",
    "the channel has no <itunes:author>",
    "Apple recommends <itunes:author>: the host, network or company shown under the show's name.",
);

/// `channel.itunes.owner.missing`: no `<itunes:owner>` with an `<itunes:email>`.
pub static CHANNEL_ITUNES_OWNER_MISSING: Rule = rule(
    "channel.itunes.owner.missing",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2, Appendix B",
    "no <itunes:owner> with an <itunes:email>",
    "Apple's 2022 guide recommends <itunes:owner> with <itunes:name> and <itunes:email>; Spotify and hosting services verify ownership by mailing that address.",
);

/// `itunes.owner.email.missing`: an `<itunes:owner>` without `<itunes:email>`.
pub static ITUNES_OWNER_EMAIL_MISSING: Rule = rule(
    "itunes.owner.email.missing",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2",
    "an <itunes:owner> without <itunes:email>",
    "<itunes:owner> exists to give the owner's e-mail address in <itunes:email> (with <itunes:name>); an owner block without one (or with an empty one) cannot be used to verify or contact the owner. A warning, like a missing owner: Apple's current guide no longer asks for the owner, so a feed that gives a name is not worse off than one that gives nothing.",
);

/// `itunes.type.invalid`: `<itunes:type>` is not episodic or serial.
pub static ITUNES_TYPE_INVALID: Rule = rule(
    "itunes.type.invalid",
    Error,
    Profile::Apple,
    "SPEC.md §1.2",
    "<itunes:type> is not episodic or serial",
    "<itunes:type> is episodic (default, newest first) or serial (oldest first).",
);

/// `itunes.type.serial-episode`: an item of a serial show without `<itunes:episode>`.
pub static ITUNES_TYPE_SERIAL_EPISODE: Rule = rule(
    "itunes.type.serial-episode",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §1.3",
    "an item of a serial show without <itunes:episode>",
    "In a serial show every episode needs <itunes:episode> so Apple can order them.",
);

/// `itunes.episode-type.invalid`: `<itunes:episodeType>` is not full, trailer or bonus.
pub static ITUNES_EPISODE_TYPE_INVALID: Rule = rule(
    "itunes.episode-type.invalid",
    Error,
    Profile::Apple,
    "SPEC.md §1.3",
    "<itunes:episodeType> is not full, trailer or bonus",
    "<itunes:episodeType> is full (default), trailer or bonus.",
);

/// `itunes.number.invalid`: `<itunes:episode>` or `<itunes:season>` is not a positive integer.
pub static ITUNES_NUMBER_INVALID: Rule = rule(
    "itunes.number.invalid",
    Error,
    Profile::Apple,
    "SPEC.md §1.3, §8.5",
    "<itunes:episode> or <itunes:season> is not a positive integer",
    "Episode and season numbers are whole numbers greater than zero.",
);

/// `itunes.duration.invalid`: `<itunes:duration>` is not seconds or \[H:\]MM:SS.
pub static ITUNES_DURATION_INVALID: Rule = rule(
    "itunes.duration.invalid",
    Error,
    Profile::Apple,
    "SPEC.md §8.2",
    "<itunes:duration> is not seconds or [H:]MM:SS",
    "Write the duration as whole seconds (preferred), MM:SS or H:MM:SS.",
);

/// `itunes.duration.suspicious`: `<itunes:duration>` is empty, zero or fractional.
pub static ITUNES_DURATION_SUSPICIOUS: Rule = rule(
    "itunes.duration.suspicious",
    Warning,
    Profile::Apple,
    "SPEC.md §8.2",
    "<itunes:duration> is empty, zero or fractional",
    "An empty, zero or fractional duration is accepted by some apps but shows wrong lengths; write whole seconds.",
);

/// `item.itunes.duration.missing`: an item without `<itunes:duration>`.
pub static ITEM_ITUNES_DURATION_MISSING: Rule = rule(
    "item.itunes.duration.missing",
    Warning,
    Profile::Apple,
    "SPEC.md §1.3",
    "an item without <itunes:duration>",
    "Apple recommends <itunes:duration> for every episode.",
);

/// `itunes.yes-only`: `<itunes:block>` or `<itunes:complete>` with a value other than Yes or No.
pub static ITUNES_YES_ONLY: Rule = rule(
    "itunes.yes-only",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §8.3",
    "<itunes:block> or <itunes:complete> with a value other than Yes or No",
    "Only Yes has an effect on <itunes:block> and <itunes:complete>; Apple ignores any other value, so an empty element or a value such as \"true\" does not hide the show or mark it complete. Write Yes, or remove the element.",
);

/// `itunes.keywords.separator`: `<itunes:keywords>` words without commas.
pub static ITUNES_KEYWORDS_SEPARATOR: Rule = rule(
    "itunes.keywords.separator",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2 (itunes:keywords)",
    "<itunes:keywords> words without commas",
    "Keywords are separated by commas: \"history, rome, podcast\". Without commas the whole text is one long keyword that matches no search.",
);

/// `itunes.empty`: an optional itunes element written with no value.
pub static ITUNES_EMPTY: Rule = rule(
    "itunes.empty",
    Info,
    Profile::Apple,
    "SPEC.md §1.2, §1.3",
    "an optional itunes element written with no value",
    "An empty optional element such as <itunes:episodeType></itunes:episodeType> (some hosts write one on every item) is read as if it were absent: where the tag has a default, it applies (full, episodic), and nothing is shown. No spec forbids it, so this is advice: remove it or give it a value.",
);

/// `itunes.element.placement`: an itunes element in the wrong place.
pub static ITUNES_ELEMENT_PLACEMENT: Rule = rule(
    "itunes.element.placement",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §1.3",
    "an itunes element in the wrong place",
    "Some itunes elements belong to the channel (category, owner, type, new-feed-url, complete) and some to items (duration, episode, season, episodeType); elsewhere Apple ignores them.",
);

/// `itunes.element.duplicate`: an itunes element that may appear once appears twice.
pub static ITUNES_ELEMENT_DUPLICATE: Rule = rule(
    "itunes.element.duplicate",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §1.3",
    "an itunes element that may appear once appears twice",
    "Apple reads one value of elements such as <itunes:explicit>, <itunes:image> or <itunes:duration>; a second is ambiguous.",
);

/// `itunes.element.unknown`: an `itunes:` element Apple does not define.
pub static ITUNES_ELEMENT_UNKNOWN: Rule = rule(
    "itunes.element.unknown",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2, §1.3 (Apple's tag list)",
    "an itunes element Apple does not define",
    "Apple reads only the itunes: tags it defines; any other name, often a typo such as <itunes:explict>, is ignored, so the value it was meant to give is missing. The finding names the closest tag Apple defines.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &CHANNEL_ITUNES_IMAGE_MISSING,
    &ITUNES_IMAGE_HREF,
    &ITUNES_IMAGE_EXTENSION,
    &CHANNEL_ITUNES_CATEGORY_MISSING,
    &ITUNES_CATEGORY_INVALID,
    &ITUNES_CATEGORY_OBSOLETE,
    &CHANNEL_ITUNES_EXPLICIT_MISSING,
    &ITUNES_EXPLICIT_INVALID,
    &ITUNES_EXPLICIT_LEGACY,
    &CHANNEL_ITUNES_AUTHOR_MISSING,
    &CHANNEL_ITUNES_OWNER_MISSING,
    &ITUNES_OWNER_EMAIL_MISSING,
    &ITUNES_TYPE_INVALID,
    &ITUNES_TYPE_SERIAL_EPISODE,
    &ITUNES_EPISODE_TYPE_INVALID,
    &ITUNES_NUMBER_INVALID,
    &ITUNES_DURATION_INVALID,
    &ITUNES_DURATION_SUSPICIOUS,
    &ITEM_ITUNES_DURATION_MISSING,
    &ITUNES_YES_ONLY,
    &ITUNES_KEYWORDS_SEPARATOR,
    &ITUNES_EMPTY,
    &ITUNES_ELEMENT_PLACEMENT,
    &ITUNES_ELEMENT_DUPLICATE,
    &ITUNES_ELEMENT_UNKNOWN,
];

/// The `itunes:` elements Apple defines, current and legacy (SPEC.md §1.2, §1.3: the legacy
/// ones are read or ignored, not wrong), and whether each may appear once only.
const TAGS: &[(&str, bool)] = &[
    ("applepodcastsverify", false),
    ("author", true),
    ("block", true),
    ("category", false),
    ("complete", true),
    ("duration", true),
    ("email", true),
    ("episode", true),
    ("episodeType", true),
    ("explicit", true),
    ("image", true),
    ("isClosedCaptioned", false),
    ("keywords", true),
    ("name", true),
    ("new-feed-url", true),
    ("order", false),
    ("owner", true),
    ("season", true),
    ("subtitle", true),
    ("summary", true),
    ("title", true),
    ("type", true),
];

const CHANNEL_ONLY: &[&str] = &["category", "owner", "type", "new-feed-url", "complete"];
const ITEM_ONLY: &[&str] = &["duration", "episode", "season", "episodeType"];
/// Optional elements read as absent when empty (their default applies); `duration` has its own
/// finding for an empty value.
const OPTIONAL: &[&str] = &[
    "episodeType",
    "episode",
    "season",
    "title",
    "subtitle",
    "summary",
    "keywords",
    "block",
    "complete",
    "type",
];

/// Runs the itunes family.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    if let Some(item) = ctx.item {
        item_rules(ctx, item);
    }
    if let Some(ch) = ctx.channel_pass() {
        channel(ctx, ch);
    }
}

/// Whether the channel's `itunes:type` is `serial`.
pub(super) fn is_serial(doc: &Document, ch: ElementId) -> bool {
    doc.child_text(ch, &Ns::Itunes, "type") == Some("serial")
}

fn channel(ctx: &mut Ctx<'_>, ch: ElementId) {
    let doc = ctx.doc;
    let missing = [
        ("image", &CHANNEL_ITUNES_IMAGE_MISSING),
        ("category", &CHANNEL_ITUNES_CATEGORY_MISSING),
        ("explicit", &CHANNEL_ITUNES_EXPLICIT_MISSING),
        ("author", &CHANNEL_ITUNES_AUTHOR_MISSING),
    ];
    for (name, rule) in missing {
        if doc.child(ch, &Ns::Itunes, name).is_none() {
            ctx.emit(
                rule,
                ch,
                format!("<channel> has no <itunes:{name}>; expected one"),
            );
        }
    }
    let owner = doc.child(ch, &Ns::Itunes, "owner");
    let email = owner.and_then(|o| doc.child_text(o, &Ns::Itunes, "email"));
    if let Some(o) = owner
        && email.is_none_or(str::is_empty)
    {
        // An owner block without its address is incomplete, not merely absent (SPEC.md §1.2).
        ctx.emit(
            &ITUNES_OWNER_EMAIL_MISSING,
            o,
            "<itunes:owner> has no <itunes:email>; expected the owner's address".into(),
        );
    }
    // One defect, one finding: an owner block without its address, or with a malformed one
    // (`contact.email.invalid`), is reported there and not again as a missing owner.
    if owner.is_none() {
        ctx.emit(
            &CHANNEL_ITUNES_OWNER_MISSING,
            ch,
            "<channel> has no <itunes:owner>; expected one with the owner's <itunes:email>".into(),
        );
    }
    for c in doc.children_named(ch, &Ns::Itunes, "category") {
        category(ctx, c);
    }
    let serial = doc.child_text(ch, &Ns::Itunes, "type");
    if let Some(t) = serial
        && !t.is_empty()
        && t != "episodic"
        && t != "serial"
    {
        let el = doc.child(ch, &Ns::Itunes, "type").unwrap_or(ch);
        ctx.emit(
            &ITUNES_TYPE_INVALID,
            el,
            format!(
                "<itunes:type>{t}</itunes:type>; expected episodic or serial",
                t = clip(t)
            ),
        );
    }
    elements(ctx, ch, true);
}

/// An item's itunes elements. Whether the show is serial is known once the whole channel is
/// read (its `itunes:type` may follow the items), so a missing episode number waits for it.
fn item_rules(ctx: &mut Ctx<'_>, item: ElementId) {
    let doc = ctx.doc;
    elements(ctx, item, false);
    if doc.child(item, &Ns::Itunes, "duration").is_none() {
        ctx.emit(
            &ITEM_ITUNES_DURATION_MISSING,
            item,
            "<item> has no <itunes:duration>; expected the length in seconds".into(),
        );
    }
    if doc.child(item, &Ns::Itunes, "episode").is_some() {
        return;
    }
    let message =
        "an item of a serial show without <itunes:episode>; expected an episode number".into();
    // The type is usually written before the items: then it is known now.
    match ctx.channel_type().as_deref() {
        Some("serial") => ctx.emit(&ITUNES_TYPE_SERIAL_EPISODE, item, message),
        Some(_) => {}
        None => ctx.emit_unless(
            Unless::NotSerial,
            &ITUNES_TYPE_SERIAL_EPISODE,
            item,
            message,
        ),
    }
}

fn category(ctx: &mut Ctx<'_>, c: ElementId) {
    let doc = ctx.doc;
    let top = doc
        .get(c)
        .and_then(|e| doc.attr_value(e, "text"))
        .unwrap_or_default();
    match subcategories(top) {
        Some(subs) => {
            for s in doc.children_named(c, &Ns::Itunes, "category") {
                let sub = doc.get(s).and_then(|e| doc.attr_value(e, "text")).unwrap_or_default();
                if subs.contains(&sub) {
                } else if is_obsolete(top, Some(sub)) {
                    ctx.emit_attr(&ITUNES_CATEGORY_OBSOLETE, s, "text", format!("category \"{top} > {sub}\" is obsolete since 2019; expected one of Apple's current subcategories of {top}"));
                } else {
                    ctx.emit_attr(&ITUNES_CATEGORY_INVALID, s, "text", format!("\"{sub}\" is not a subcategory of \"{top}\"; expected one of: {}", subs.join(", ")));
                }
            }
        }
        None if is_obsolete(top, None) => ctx.emit_attr(&ITUNES_CATEGORY_OBSOLETE, c, "text", format!("category \"{top}\" is obsolete since 2019; expected a current Apple category")),
        None => ctx.emit_attr(&ITUNES_CATEGORY_INVALID, c, "text", format!("\"{top}\" is not an Apple Podcasts category; expected a top-level name from Apple's list")),
    }
}

/// Value, placement and duplicate checks for the itunes children of a channel or item.
fn elements(ctx: &mut Ctx<'_>, parent: ElementId, in_channel: bool) {
    let doc = ctx.doc;
    let Some(p) = doc.get(parent) else { return };
    for &c in doc.children(p) {
        let Some(e) = doc.get(c) else { continue };
        if e.ns != Ns::Itunes {
            continue;
        }
        let name = e.local.as_str();
        if !TAGS.iter().any(|(t, _)| *t == name) {
            unknown(ctx, c, name);
            continue;
        }
        let raw = ctx.doc.text_of(e);
        let v = raw.trim();
        let misplaced = if in_channel {
            ITEM_ONLY.contains(&name)
        } else {
            CHANNEL_ONLY.contains(&name)
        };
        if misplaced {
            let (here, there) = if in_channel {
                ("channel", "item")
            } else {
                ("item", "channel")
            };
            ctx.emit(
                &ITUNES_ELEMENT_PLACEMENT,
                c,
                format!("<itunes:{name}> in the {here}; expected it in the {there}"),
            );
            continue;
        }
        if e.nth == 2 && TAGS.contains(&(name, true)) {
            ctx.emit(
                &ITUNES_ELEMENT_DUPLICATE,
                c,
                format!("a second <itunes:{name}>; expected at most one"),
            );
        }
        if v.is_empty() && OPTIONAL.contains(&name) {
            ctx.emit(
                &ITUNES_EMPTY,
                c,
                format!(
                    "<itunes:{name}> is empty; apps read it as absent (remove it or give a value)"
                ),
            );
            continue;
        }
        match name {
            "explicit" => explicit(ctx, c, raw),
            "image" => image(ctx, c),
            "duration" => duration(ctx, c, v),
            "episode" | "season"
                if v.parse::<u64>().is_ok_and(|n| n == 0) || v.parse::<u64>().is_err() =>
            {
                ctx.emit(&ITUNES_NUMBER_INVALID, c, format!("<itunes:{name}>{v}</itunes:{name}>; expected a whole number greater than zero", v = clip(v)));
            }
            "episodeType" if !matches!(v, "full" | "trailer" | "bonus") => {
                ctx.emit(&ITUNES_EPISODE_TYPE_INVALID, c, format!("<itunes:episodeType>{v}</itunes:episodeType>; expected full, trailer or bonus", v = clip(v)));
            }
            "keywords" if !v.contains(',') && v.split_whitespace().count() > 2 => {
                ctx.emit(&ITUNES_KEYWORDS_SEPARATOR,
                    c,
                    format!("<itunes:keywords>{v}</itunes:keywords> has no commas; expected keywords separated by commas, e.g. \"salt, pepper, shakers\"", v = clip(v)),
                );
            }
            "block" | "complete"
                if !v.eq_ignore_ascii_case("yes") && !v.eq_ignore_ascii_case("no") =>
            {
                ctx.emit(
                    &ITUNES_YES_ONLY,
                    c,
                    format!(
                        "<itunes:{name}>{v}</itunes:{name}> has no effect; only Yes does",
                        v = clip(v)
                    ),
                );
            }
            _ => {}
        }
    }
}

/// An `itunes:` name Apple does not define, with the closest defined one when it is a likely typo.
fn unknown(ctx: &mut Ctx<'_>, c: ElementId, name: &str) {
    let closest = TAGS
        .iter()
        .map(|(k, _)| k)
        .map(|k| {
            (
                strsim::levenshtein(&name.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                k,
            )
        })
        .min();
    let hint = match closest {
        Some((d, k)) if d <= 2 => format!("; did you mean <itunes:{k}>?"),
        _ => format!(
            "; expected one of Apple's tags ({})",
            TAGS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
        ),
    };
    ctx.emit(
        &ITUNES_ELEMENT_UNKNOWN,
        c,
        format!("<itunes:{name}> is not an Apple Podcasts tag{hint}"),
    );
}

/// `raw` is the untrimmed text: Apple compares the value as written, so " true " is not true.
fn explicit(ctx: &mut Ctx<'_>, c: ElementId, raw: &str) {
    let v = raw.trim();
    match v {
        "true" | "false" if v.len() != raw.len() => ctx.emit(&ITUNES_EXPLICIT_INVALID,
            c,
            format!("<itunes:explicit>{raw}</itunes:explicit> has white space around the value; expected exactly true or false"),
        ),
        "true" | "false" => {}
        _ if ["yes", "no", "clean", "explicit", "true", "false"]
            .iter()
            .any(|l| v.eq_ignore_ascii_case(l)) =>
        {
            ctx.emit(&ITUNES_EXPLICIT_LEGACY, c, format!("<itunes:explicit>{v}</itunes:explicit> is a legacy value; expected true or false", v = clip(v)));
        }
        _ => ctx.emit(&ITUNES_EXPLICIT_INVALID,
            c,
            format!("<itunes:explicit>{v}</itunes:explicit>; expected true or false", v = clip(v)),
        ),
    }
}

fn image(ctx: &mut Ctx<'_>, c: ElementId) {
    let Some(e) = ctx.el(c) else { return };
    match ctx.doc.attr_value(e, "href").map(str::trim) {
        None | Some("") => ctx.emit(
            &ITUNES_IMAGE_HREF,
            c,
            "<itunes:image> has no href; expected href=\"https://…/artwork.jpg\"".into(),
        ),
        Some(href) => {
            let path = href
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if ![".jpg", ".jpeg", ".png"].iter().any(|x| path.ends_with(x)) {
                ctx.emit_attr(&ITUNES_IMAGE_EXTENSION, c, "href", format!("artwork URL {href} does not end in .jpg or .png; expected a JPEG or PNG file", href = clip(href)));
            }
        }
    }
}

fn duration(ctx: &mut Ctx<'_>, c: ElementId, v: &str) {
    if is_duration(v) {
        if v.chars().all(|ch| ch == '0' || ch == ':') {
            ctx.emit(
                &ITUNES_DURATION_SUSPICIOUS,
                c,
                format!(
                    "<itunes:duration>{v}</itunes:duration> is zero; expected the episode's length",
                    v = clip(v)
                ),
            );
        }
        return;
    }
    let fractional = v.split_once('.').is_some_and(|(a, b)| {
        is_duration(a) && !b.is_empty() && b.chars().all(|ch| ch.is_ascii_digit())
    });
    if v.is_empty() || fractional {
        ctx.emit(
            &ITUNES_DURATION_SUSPICIOUS,
            c,
            format!(
                "<itunes:duration>{v}</itunes:duration>; expected whole seconds",
                v = clip(v)
            ),
        );
    } else {
        ctx.emit(
            &ITUNES_DURATION_INVALID,
            c,
            format!(
                "<itunes:duration>{v}</itunes:duration>; expected seconds (e.g. 3600) or H:MM:SS",
                v = clip(v)
            ),
        );
    }
}

/// `^\d+(:[0-5]\d(:[0-5]\d)?)?$` (SPEC.md §8.2).
pub(super) fn is_duration(v: &str) -> bool {
    let mut parts = v.split(':');
    let first = parts.next().unwrap_or_default();
    if first.is_empty() || !first.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    rest.len() <= 2
        && rest.iter().all(|p| {
            let b = p.as_bytes();
            b.len() == 2 && (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit()
        })
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &ITUNES_ELEMENT_UNKNOWN,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:explict>true</itunes:explict>",
    ),
    (
        &ITUNES_DURATION_INVALID,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>30 min</itunes:duration>",
    ),
    (
        &ITUNES_EXPLICIT_LEGACY,
        "<itunes:explicit>false</itunes:explicit>\n      <podcast",
        "<itunes:explicit>clean</itunes:explicit>\n      <podcast",
    ),
    (
        &ITUNES_CATEGORY_INVALID,
        "text=\"Technology\"",
        "text=\"Documentary\"",
    ),
    (
        &ITUNES_CATEGORY_OBSOLETE,
        "text=\"Technology\"",
        "text=\"Games &amp; Hobbies\"",
    ),
    (
        &CHANNEL_ITUNES_IMAGE_MISSING,
        "<itunes:image href=\"https://example.org/show/art.jpg\"/>",
        "",
    ),
    (
        &ITUNES_IMAGE_HREF,
        "<itunes:image href=",
        "<itunes:image url=",
    ),
    (&ITUNES_IMAGE_EXTENSION, "art.jpg", "art.gif"),
    (
        &CHANNEL_ITUNES_CATEGORY_MISSING,
        "<itunes:category text=\"Technology\"/>",
        "",
    ),
    (
        &CHANNEL_ITUNES_EXPLICIT_MISSING,
        "<itunes:explicit>false</itunes:explicit>\n    <itunes:author>",
        "<itunes:author>",
    ),
    (
        &ITUNES_EXPLICIT_INVALID,
        "<itunes:explicit>false</itunes:explicit>\n    <itunes:author>",
        "<itunes:explicit>maybe</itunes:explicit>\n    <itunes:author>",
    ),
    (
        &CHANNEL_ITUNES_AUTHOR_MISSING,
        "<itunes:author>Ana Example</itunes:author>",
        "",
    ),
    (
        &CHANNEL_ITUNES_OWNER_MISSING,
        "<itunes:owner>\n      <itunes:name>Ana Example</itunes:name>\n      <itunes:email>ana@example.org</itunes:email>\n    </itunes:owner>",
        "",
    ),
    (
        &ITUNES_EMPTY,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:episodeType/>",
    ),
    (
        &ITUNES_OWNER_EMAIL_MISSING,
        "<itunes:email>ana@example.org</itunes:email>",
        "",
    ),
    (
        &ITUNES_EXPLICIT_INVALID,
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:explicit> false </itunes:explicit>",
    ),
    (
        &ITUNES_TYPE_INVALID,
        "<language>en</language>",
        "<language>en</language><itunes:type>weekly</itunes:type>",
    ),
    (
        &ITUNES_TYPE_SERIAL_EPISODE,
        "<language>en</language>",
        "<language>en</language><itunes:type>serial</itunes:type>",
    ),
    (
        &ITUNES_EPISODE_TYPE_INVALID,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:episodeType>teaser</itunes:episodeType>",
    ),
    (
        &ITUNES_NUMBER_INVALID,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:episode>0</itunes:episode>",
    ),
    (
        &ITUNES_DURATION_SUSPICIOUS,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>0</itunes:duration>",
    ),
    (
        &ITEM_ITUNES_DURATION_MISSING,
        "<itunes:duration>1804</itunes:duration>",
        "",
    ),
    (
        &ITUNES_YES_ONLY,
        "<language>en</language>",
        "<language>en</language><itunes:block>true</itunes:block>",
    ),
    (
        &ITUNES_KEYWORDS_SEPARATOR,
        "<language>en</language>",
        "<language>en</language><itunes:keywords>feeds rss podcasts</itunes:keywords>",
    ),
    (
        &ITUNES_ELEMENT_PLACEMENT,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:category text=\"Technology\"/>",
    ),
    (
        &ITUNES_ELEMENT_DUPLICATE,
        "<itunes:author>Ana Example</itunes:author>",
        "<itunes:author>Ana Example</itunes:author><itunes:author>Ana</itunes:author>",
    ),
];
