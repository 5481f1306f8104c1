//! Date rules: RFC 822 dates with SPEC.md §8.1's leniency, dates in the future or before 1990,
//! and the ISO 8601 dates of `podcast:liveItem` and `podcast:updateFrequency`.

use chrono::{DateTime, TimeZone, Utc};

use super::rfc822;
use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{DisplayName, Element, ElementId, Ns};

/// `date.invalid`: a date that is not RFC 822.
pub static DATE_INVALID: Rule = rule(
    "date.invalid",
    Error,
    Profile::Rss,
    "SPEC.md §8.1",
    "a date that is not RFC 822",
    "pubDate, lastBuildDate and podcast:trailer@pubdate are RFC 822 dates with English names: \"Sat, 07 Sep 2002 09:42:31 GMT\". ISO 8601 (2002-09-07T09:42:31Z) and localized names are errors.",
);

/// `date.two-digit-year`: a date with a two-digit year.
pub static DATE_TWO_DIGIT_YEAR: Rule = rule(
    "date.two-digit-year",
    Warning,
    Profile::Rss,
    "SPEC.md §8.1",
    "a date with a two-digit year",
    "RFC 822 allows two-digit years but RSS prefers four, and readers guess the century differently.",
);

/// `date.military-zone`: a date with a single-letter military zone.
pub static DATE_MILITARY_ZONE: Rule = rule(
    "date.military-zone",
    Warning,
    Profile::Rss,
    "SPEC.md §8.1",
    "a date with a single-letter military zone",
    "RFC 1123 notes that RFC 822 defined the signs of military zones backwards; use GMT or ±HHMM.",
);

/// `date.weekday`: the day of the week does not match the date.
pub static DATE_WEEKDAY: Rule = rule(
    "date.weekday",
    Warning,
    Profile::Rss,
    "SPEC.md §8.1",
    "the day of the week does not match the date",
    "The weekday name disagrees with the date. Readers use the date; fix or drop the weekday.",
);

/// `date.form`: a date in a form some readers cannot read.
pub static DATE_FORM: Rule = rule(
    "date.form",
    Warning,
    Profile::Rss,
    "SPEC.md §8.1; RFC 822 §5.1",
    "a date in a form some readers cannot read",
    "RFC 822 writes the day of the week with a comma after it (\"Sat, 07 Sep 2002\") and names the zone UT, GMT, a US zone or ±HHMM; \"UTC\" is not one of its names. It also allows comments in parentheses and no space after the comma, which many readers cannot parse. podfeed reads all of these; strict readers refuse them. Write the generated form: \"Sat, 07 Sep 2002 09:42:31 GMT\" or \"+0000\".",
);

/// `date.future`: a date in the future.
pub static DATE_FUTURE: Rule = rule(
    "date.future",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3, §8.1",
    "a date in the future",
    "Aggregators may hide an episode until its pubDate; a future date is usually a wrong year or time zone.",
);

/// `date.too-old`: a date before 1990.
pub static DATE_TOO_OLD: Rule = rule(
    "date.too-old",
    Warning,
    Profile::Rss,
    "SPEC.md §8.1",
    "a date before 1990",
    "Podcasts did not exist before 1990; such a date is usually a default or a parsing error upstream.",
);

/// `date.iso8601.invalid`: a podcast: date attribute that is not ISO 8601.
pub static DATE_ISO8601_INVALID: Rule = rule(
    "date.iso8601.invalid",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §8.1, §5.2",
    "a podcast: date attribute that is not ISO 8601",
    "podcast:liveItem start/end and podcast:updateFrequency dtstart are ISO 8601 date-times, e.g. 2021-09-26T07:30:00.000-0600.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &DATE_INVALID,
    &DATE_TWO_DIGIT_YEAR,
    &DATE_MILITARY_ZONE,
    &DATE_WEEKDAY,
    &DATE_FORM,
    &DATE_FUTURE,
    &DATE_TOO_OLD,
    &DATE_ISO8601_INVALID,
];

/// Runs the date family.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    if let Some(item) = ctx.item
        && let Some(el) = doc.child(item, &Ns::None, "pubDate")
    {
        rfc822_text(ctx, el);
    }
    let Some(ch) = ctx.channel_pass() else { return };
    for name in ["pubDate", "lastBuildDate"] {
        if let Some(el) = doc.child(ch, &Ns::None, name) {
            rfc822_text(ctx, el);
        }
    }
    for t in doc.children_named(ch, &Ns::Podcast, "trailer") {
        if let Some(v) = doc.get(t).and_then(|e| doc.attr_value(e, "pubdate")) {
            check_rfc822(ctx, t, Some("pubdate"), v);
        }
    }
    for live in doc.children_named(ch, &Ns::Podcast, "liveItem") {
        for attr in ["start", "end"] {
            iso(ctx, live, attr);
        }
    }
    if let Some(u) = doc.child(ch, &Ns::Podcast, "updateFrequency") {
        iso(ctx, u, "dtstart");
    }
}

fn rfc822_text(ctx: &mut Ctx<'_>, el: ElementId) {
    let v = ctx
        .el(el)
        .map(|e| ctx.doc.text_of(e).trim())
        .unwrap_or_default();
    check_rfc822(ctx, el, None, v);
}

/// Where a date is, as a finding names it (`<pubDate>`, `podcast:liveItem@start`): written out
/// only when there is a finding, as most dates have none.
struct Place<'a> {
    name: Option<DisplayName<'a>>,
    attr: Option<&'a str>,
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.name, self.attr) {
            (Some(name), Some(a)) => write!(f, "{name}@{a}"),
            (Some(name), None) => write!(f, "<{name}>"),
            (None, Some(a)) => write!(f, "@{a}"),
            (None, None) => f.write_str("<>"),
        }
    }
}

fn check_rfc822(ctx: &mut Ctx<'_>, el: ElementId, attr: Option<&str>, v: &str) {
    let what = Place {
        name: ctx.el(el).map(Element::display),
        attr,
    };
    let emit = |ctx: &mut Ctx<'_>, rule, msg: String| match attr {
        Some(a) => ctx.emit_attr(rule, el, a, msg),
        None => ctx.emit(rule, el, msg),
    };
    let parsed = match rfc822::parse(v) {
        Ok(p) => p,
        Err(why) => {
            emit(
                ctx,
                &DATE_INVALID,
                format!(
                    "{what} \"{v}\" is not an RFC 822 date ({why}); expected e.g. \"Sat, 07 Sep 2002 09:42:31 GMT\"",
                    v = clip(v)
                ),
            );
            return;
        }
    };
    if parsed.two_digit_year {
        emit(
            ctx,
            &DATE_TWO_DIGIT_YEAR,
            format!(
                "{what} \"{v}\" has a two-digit year; expected four digits",
                v = clip(v)
            ),
        );
    }
    if parsed.military_zone {
        emit(
            ctx,
            &DATE_MILITARY_ZONE,
            format!(
                "{what} \"{v}\" uses a military zone letter; expected GMT or ±HHMM",
                v = clip(v)
            ),
        );
    }
    for deviation in &parsed.deviations {
        emit(
            ctx,
            &DATE_FORM,
            format!(
                "{what} \"{v}\" has {deviation}; expected e.g. \"Sat, 07 Sep 2002 09:42:31 GMT\"",
                v = clip(v)
            ),
        );
    }
    if let Some(written) = parsed.wrong_weekday {
        let actual = rfc822::weekday_name(chrono::Datelike::weekday(&parsed.date));
        emit(
            ctx,
            &DATE_WEEKDAY,
            format!(
                "{what} \"{v}\" says {written} but that day is a {actual}",
                v = clip(v)
            ),
        );
    }
    let utc = parsed.date.with_timezone(&Utc);
    // A day of slack: feeds are often published ahead in another zone.
    if utc > ctx.now + chrono::Duration::days(1) {
        emit(
            ctx,
            &DATE_FUTURE,
            format!(
                "{what} \"{v}\" is in the future; expected a date not after now",
                v = clip(v)
            ),
        );
    }
    if utc
        < Utc
            .with_ymd_and_hms(1990, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    {
        emit(
            ctx,
            &DATE_TOO_OLD,
            format!(
                "{what} \"{v}\" is before 1990; expected a real publication date",
                v = clip(v)
            ),
        );
    }
}

fn iso(ctx: &mut Ctx<'_>, el: ElementId, attr: &str) {
    let Some(v) = ctx.el(el).and_then(|e| ctx.doc.attr_value(e, attr)) else {
        return;
    };
    if !is_iso8601(v.trim()) {
        let name = ctx.el(el).map(|e| e.display_name()).unwrap_or_default();
        ctx.emit_attr(&DATE_ISO8601_INVALID, el, attr, format!("{name}@{attr} \"{v}\" is not an ISO 8601 date-time; expected e.g. 2021-09-26T07:30:00-06:00", v = clip(v)));
    }
}

/// ISO 8601 date or date-time, with `±HHMM` or `±HH:MM` or `Z` zones and optional fractions.
fn is_iso8601(v: &str) -> bool {
    if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok()
        || DateTime::parse_from_rfc3339(v).is_ok()
    {
        return true;
    }
    ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"]
        .iter()
        .any(|f| DateTime::parse_from_str(v, f).is_ok())
        || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &DATE_INVALID,
        "Sat, 07 Sep 2024 09:42:31 GMT",
        "2024-09-07T09:42:31Z",
    ),
    (&DATE_WEEKDAY, "Sat, 07 Sep 2024", "Wed, 07 Sep 2024"),
    (&DATE_FUTURE, "Sat, 07 Sep 2024", "Tue, 07 Sep 2027"),
    (&DATE_TOO_OLD, "Sat, 07 Sep 2024", "Thu, 07 Sep 1989"),
    (&DATE_TWO_DIGIT_YEAR, "Sat, 07 Sep 2024", "Sat, 07 Sep 24"),
    (&DATE_MILITARY_ZONE, "09:42:31 GMT", "09:42:31 M"),
    (&DATE_FORM, "Sat, 07 Sep 2024", "Sat 07 Sep 2024"),
    (
        &DATE_ISO8601_INVALID,
        "<language>en</language>",
        "<language>en</language><podcast:liveItem status=\"pending\" start=\"tomorrow\"><title>Live</title></podcast:liveItem>",
    ),
];
