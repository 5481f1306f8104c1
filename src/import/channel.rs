//! `<channel>` → `show.toml`: every value a show record can hold (README "Records").

use toml::{Table, Value};

use super::Ctx;
use crate::feed::Ns;
use crate::rules::records as rules;

/// The show record, and the language the episodes inherit.
pub(super) struct ShowOut {
    /// `show.toml`'s table.
    pub table: Table,
    /// The show's language as written in the record.
    pub language: String,
}

/// Placeholders for required values the feed does not give; each is named in a warning.
const PLACEHOLDER_URL: &str = "https://example.com/fill-in";

/// Child elements of `<channel>` the show record carries (or the build writes anew).
pub(super) const CARRIED: &[(Ns, &str)] = &[
    (Ns::None, "title"),
    (Ns::None, "link"),
    (Ns::None, "description"),
    (Ns::None, "language"),
    (Ns::None, "copyright"),
    (Ns::None, "item"),
    (Ns::None, "lastBuildDate"),
    (Ns::None, "pubDate"),
    (Ns::None, "generator"),
    (Ns::None, "docs"),
    (Ns::None, "image"),
    (Ns::Atom, "link"),
    (Ns::Itunes, "author"),
    (Ns::Itunes, "owner"),
    (Ns::Itunes, "image"),
    (Ns::Itunes, "category"),
    (Ns::Itunes, "explicit"),
    (Ns::Itunes, "type"),
    (Ns::Itunes, "summary"),
    (Ns::Podcast, "guid"),
    (Ns::Podcast, "locked"),
    (Ns::Podcast, "funding"),
    (Ns::Podcast, "person"),
    (Ns::Podcast, "medium"),
    (Ns::Podcast, "liveItem"),
];

/// Builds `show.toml` from channel `ch`. `feed_url` is where the old feed was published.
pub(super) fn show(ctx: &mut Ctx<'_>, ch: usize, feed_url: Option<&str>) -> ShowOut {
    let carried: Vec<(Ns, &str)> = CARRIED
        .iter()
        .cloned()
        .chain(super::tags::carried(super::tags::CHANNEL))
        .collect();
    ctx.unmapped.scan(ctx.doc, ch, &carried);
    let mut t = Table::new();
    let title = required(
        ctx,
        ch,
        "title",
        ctx.text(ch, &Ns::None, "title"),
        "Untitled",
    );
    t.insert("title".into(), Value::String(title.clone()));
    let description = ctx
        .text(ch, &Ns::None, "description")
        .or_else(|| ctx.text(ch, &Ns::Itunes, "summary"));
    let description = required(ctx, ch, "description", description, &title);
    t.insert("description".into(), Value::String(description));
    let link = ctx.text(ch, &Ns::None, "link").filter(|l| is_url(l));
    let link = required(ctx, ch, "link", link, PLACEHOLDER_URL);
    t.insert("link".into(), Value::String(link));
    let language = ctx
        .text(ch, &Ns::None, "language")
        .filter(|l| crate::records::is_language_code(l))
        .map(|l| l.to_ascii_lowercase());
    let language = required(ctx, ch, "language", language, "en");
    t.insert("language".into(), Value::String(language.clone()));
    let author = ctx
        .text(ch, &Ns::Itunes, "author")
        .or_else(|| ctx.text(ch, &Ns::None, "managingEditor"))
        .or_else(|| ctx.text(ch, &Ns::Itunes, "owner").and(owner_name(ctx, ch)));
    let author = required(ctx, ch, "author", author, &title);
    t.insert("author".into(), Value::String(author));
    let image = ctx
        .attr(ch, &Ns::Itunes, "image", "href")
        .or_else(|| {
            let img = ctx.doc.child(ch, &Ns::None, "image")?;
            ctx.text(img, &Ns::None, "url")
        })
        .filter(|u| is_url(u));
    let image = required(ctx, ch, "image", image, PLACEHOLDER_URL);
    t.insert("image".into(), Value::String(image));
    let categories = categories(ctx, ch);
    t.insert("categories".into(), Value::Array(categories));
    flags(ctx, ch, &mut t);
    if let Some(owner) = owner(ctx, ch) {
        t.insert("owner".into(), Value::Table(owner));
    }
    if let Some(g) = guid(ctx, ch, feed_url) {
        t.insert("guid".into(), Value::String(g));
    }
    namespace(ctx, ch, &mut t);
    super::tags::apply(ctx, ch, super::tags::CHANNEL, &mut t);
    ShowOut { table: t, language }
}

/// `explicit`, `type`, `copyright`.
fn flags(ctx: &mut Ctx<'_>, ch: usize, t: &mut Table) {
    if let Some(e) = ctx.text(ch, &Ns::Itunes, "explicit") {
        t.insert("explicit".into(), Value::Boolean(is_yes(&e)));
    }
    if let Some(kind) = ctx.text(ch, &Ns::Itunes, "type") {
        match kind.to_ascii_lowercase().as_str() {
            k @ ("episodic" | "serial") => {
                t.insert("type".into(), Value::String(k.to_owned()));
            }
            _ => warn_at(
                ctx,
                ch,
                &Ns::Itunes,
                "type",
                format!("<itunes:type> {kind:?} is neither episodic nor serial: not imported"),
            ),
        }
    }
    if let Some(c) = ctx.text(ch, &Ns::None, "copyright") {
        t.insert("copyright".into(), Value::String(c));
    }
}

/// A required value, or `fallback` with an `record.import.value` warning to fill it in.
fn required(ctx: &mut Ctx<'_>, ch: usize, key: &str, v: Option<String>, fallback: &str) -> String {
    v.unwrap_or_else(|| {
        ctx.warn(
            &rules::IMPORT_VALUE,
            ch,
            format!("the channel has no usable value for `{key}`: wrote {fallback:?}; fill it in"),
        );
        fallback.to_owned()
    })
}

/// Warns at the first child `ns:local` of `ch` (or `ch` itself).
fn warn_at(ctx: &mut Ctx<'_>, ch: usize, ns: &Ns, local: &str, message: String) {
    let at = ctx.doc.child(ch, ns, local).unwrap_or(ch);
    ctx.warn(&rules::IMPORT_VALUE, at, message);
}

fn owner_name(ctx: &Ctx<'_>, ch: usize) -> Option<String> {
    let o = ctx.doc.child(ch, &Ns::Itunes, "owner")?;
    ctx.text(o, &Ns::Itunes, "name")
}

/// `owner = { name, email }`: both, or a warning.
fn owner(ctx: &mut Ctx<'_>, ch: usize) -> Option<Table> {
    let o = ctx.doc.child(ch, &Ns::Itunes, "owner")?;
    let email = ctx
        .text(o, &Ns::Itunes, "email")
        .filter(|e| crate::records::looks_like_email(e));
    let Some(email) = email else {
        ctx.warn(
            &rules::IMPORT_VALUE,
            o,
            "<itunes:owner> has no usable e-mail: `owner` not imported; fill it in".into(),
        );
        return None;
    };
    let name = ctx.text(o, &Ns::Itunes, "name").unwrap_or_default();
    let mut t = Table::new();
    t.insert("name".into(), Value::String(name));
    t.insert("email".into(), Value::String(email));
    Some(t)
}

/// The feed's own `podcast:guid`, else the UUIDv5 of the old feed URL (SPEC.md §4); `None`
/// (with a warning) when there is neither.
fn guid(ctx: &mut Ctx<'_>, ch: usize, feed_url: Option<&str>) -> Option<String> {
    let own = ctx.text(ch, &Ns::Podcast, "guid");
    if let Some(g) = &own {
        match uuid::Uuid::parse_str(g) {
            Ok(u) if u.get_version_num() == 5 && g.len() == 36 => return Some(u.to_string()),
            _ => warn_at(
                ctx,
                ch,
                &Ns::Podcast,
                "guid",
                format!(
                    "<podcast:guid> {g:?} is not a UUID version 5: the guid of the old feed URL is pinned instead"
                ),
            ),
        }
    }
    let self_link = ctx
        .doc
        .children_named(ch, &Ns::Atom, "link")
        .filter_map(|l| ctx.doc.get(l))
        .find(|l| ctx.doc.attr_value(l, "rel") == Some("self"))
        .and_then(|l| ctx.doc.attr_value(l, "href"))
        .map(str::trim)
        .map(str::to_owned);
    match feed_url.map(str::to_owned).or(self_link) {
        Some(url) => Some(crate::guid::podcast_guid(&url).to_string()),
        None => {
            ctx.warn(
                &rules::IMPORT_VALUE,
                ch,
                "no <podcast:guid> and no feed URL (atom:link rel=\"self\") to derive it from: `guid` is not pinned; pin the one of the old feed URL before moving".into(),
            );
            None
        }
    }
}

/// `categories`: `"Top"` or `"Top > Sub"`, Apple's only.
fn categories(ctx: &mut Ctx<'_>, ch: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let tops: Vec<usize> = ctx
        .doc
        .children_named(ch, &Ns::Itunes, "category")
        .collect();
    for top in tops {
        let Some(name) = ctx
            .doc
            .get(top)
            .and_then(|e| ctx.doc.attr_value(e, "text"))
            .map(str::trim)
        else {
            continue;
        };
        let Some(subs) = crate::categories::subcategories(name) else {
            let m = format!("{name:?} is not an Apple Podcasts category: not imported");
            ctx.warn(&rules::IMPORT_VALUE, top, m);
            continue;
        };
        let mut any = false;
        let children: Vec<usize> = ctx
            .doc
            .children_named(top, &Ns::Itunes, "category")
            .collect();
        for sub in children {
            let Some(s) = ctx
                .doc
                .get(sub)
                .and_then(|e| ctx.doc.attr_value(e, "text"))
                .map(str::trim)
            else {
                continue;
            };
            if subs.contains(&s) {
                out.push(Value::String(format!("{name} > {s}")));
                any = true;
            } else {
                let m = format!("{s:?} is not a subcategory of {name:?}: not imported");
                ctx.warn(&rules::IMPORT_VALUE, sub, m);
            }
        }
        if !any {
            out.push(Value::String(name.to_owned()));
        }
    }
    if out.is_empty() {
        ctx.warn(
            &rules::IMPORT_VALUE,
            ch,
            "no Apple category: wrote \"Society & Culture\"; fill in the show's".into(),
        );
        out.push(Value::String("Society & Culture".into()));
    }
    out
}

/// The podcast namespace's channel tags checked here: locked, funding, persons, medium (the
/// others are data: `tags.rs`).
fn namespace(ctx: &mut Ctx<'_>, ch: usize, t: &mut Table) {
    if let Some(l) = ctx.text(ch, &Ns::Podcast, "locked") {
        t.insert("locked".into(), Value::Boolean(is_yes(&l)));
    }
    let funding = funding(ctx, ch);
    if !funding.is_empty() {
        t.insert("funding".into(), Value::Array(funding));
    }
    let persons = super::item::persons(ctx, ch);
    if !persons.is_empty() {
        t.insert("persons".into(), Value::Array(persons));
    }
    if let Some(m) = ctx.text(ch, &Ns::Podcast, "medium") {
        if crate::medium::single().any(|s| s == m) {
            t.insert("medium".into(), Value::String(m));
        } else {
            warn_at(
                ctx,
                ch,
                &Ns::Podcast,
                "medium",
                format!("<podcast:medium> {m:?} is not a medium the records hold: not imported"),
            );
        }
    }
}

/// `podcast:funding` children of `parent` (the channel or an item), as `funding` rows.
pub(super) fn funding(ctx: &mut Ctx<'_>, parent: usize) -> Vec<Value> {
    let mut funding = Vec::new();
    let ids: Vec<usize> = ctx
        .doc
        .children_named(parent, &Ns::Podcast, "funding")
        .collect();
    for f in ids {
        let e = ctx.doc.get(f);
        let url = e
            .and_then(|e| ctx.doc.attr_value(e, "url"))
            .map(str::trim)
            .filter(|u| is_url(u));
        let label = e
            .map(|e| ctx.doc.text_of(e).trim().to_owned())
            .unwrap_or_default();
        match url {
            Some(url) if label.chars().count() <= 128 => {
                let mut row = Table::new();
                row.insert("url".into(), Value::String(url.to_owned()));
                row.insert("label".into(), Value::String(label));
                funding.push(Value::Table(row));
            }
            _ => ctx.warn(&rules::IMPORT_VALUE, f, "<podcast:funding> without an absolute url or with a label over 128 characters: not imported".into()),
        }
    }
    funding
}

/// True for `true`/`yes`/`explicit` (any case): how feeds say yes.
pub(super) fn is_yes(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "explicit"
    )
}

/// An absolute http(s) URL.
pub(super) fn is_url(s: &str) -> bool {
    url::Url::parse(s.trim()).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}
