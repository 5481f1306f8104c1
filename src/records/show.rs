//! `feeds/<id>/show.toml`: channel metadata.

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::tags::{RawImage, RawLocation, RawShowTags, RawTxt};
use super::{keep, show_tags, tags, values};
use crate::diagnostic::Diagnostic;
use crate::model::{Category, Funding, Locked, Owner, Person, ShowType};
use crate::toml_file::SourceFile;
use crate::{categories, taxonomy};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShow {
    title: Spanned<String>,
    description: Spanned<String>,
    link: Spanned<String>,
    language: Spanned<String>,
    author: Spanned<String>,
    owner: Option<RawOwner>,
    image: Spanned<String>,
    categories: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    explicit: bool,
    #[serde(rename = "type", default)]
    show_type: ShowType,
    copyright: Option<String>,
    feed_url: Option<Spanned<String>>,
    guid: Option<Spanned<String>>,
    locked: Option<bool>,
    #[serde(default)]
    funding: Vec<Spanned<Funding>>,
    medium: Option<Spanned<String>>,
    #[serde(default)]
    persons: Vec<RawPerson>,
    // --- Item and media tags, Apple's lifecycle tags (issue 12; records/tags.rs) ---
    license: Option<Spanned<String>>,
    license_url: Option<Spanned<String>>,
    #[serde(default)]
    locations: Vec<RawLocation>,
    #[serde(default)]
    txt: Vec<RawTxt>,
    #[serde(default)]
    images: Vec<RawImage>,
    itunes_title: Option<Spanned<String>>,
    #[serde(default)]
    itunes_block: bool,
    #[serde(default)]
    itunes_complete: bool,
    new_feed_url: Option<Spanned<String>>,
    enclosure_prefix: Option<Spanned<String>>,
    // Show group (issue 12): show-level tags, value-for-value, item limit (records/show_tags.rs).
    #[serde(default)]
    trailers: Vec<show_tags::RawTrailer>,
    update_frequency: Option<show_tags::RawUpdateFrequency>,
    podroll: Option<Spanned<Vec<show_tags::RawRemoteItem>>>,
    publisher: Option<show_tags::RawRemoteItem>,
    #[serde(default)]
    blocks: Vec<show_tags::RawBlock>,
    #[serde(default)]
    social_interact: Vec<show_tags::RawSocial>,
    chat: Option<show_tags::RawChat>,
    #[serde(default)]
    podping: bool,
    #[serde(default)]
    value: Vec<super::value::RawValue>,
    max_items: Option<Spanned<usize>>,
}

/// `[[persons]]`, with the places of the values that are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    name: Spanned<String>,
    role: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
    img: Option<Url>,
    href: Option<Url>,
}

/// The longest `podcast:person` name and `podcast:funding` label (SPEC.md §5.2).
const MAX_LABEL_CHARS: usize = 128;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOwner {
    name: String,
    email: Spanned<String>,
}

/// A show's metadata as read from `show.toml`; the loader adds the episodes.
#[derive(Debug, Clone, PartialEq)]
pub struct ShowRecord {
    /// Everything but the episodes (`episodes` is empty).
    pub show: crate::model::Show,
}

/// Parses `show.toml` of show `id`. `default_feed_url` is `{base_url}/{id}/feed.xml`.
pub fn parse_show(
    src: &SourceFile<'_>,
    id: &str,
    default_feed_url: &Url,
) -> Result<ShowRecord, Vec<Diagnostic>> {
    let raw: RawShow = src.deserialize().map_err(|d| vec![d])?;
    let mut errs = Vec::new();

    let link = keep(&mut errs, values::absolute_url(src, "link", &raw.link));
    let image = keep(&mut errs, values::absolute_url(src, "image", &raw.image));
    let language = keep(&mut errs, values::language(src, "language", &raw.language));
    let feed_url = match &raw.feed_url {
        Some(u) => keep(&mut errs, values::absolute_url(src, "feed_url", u)),
        None => Some(default_feed_url.clone()),
    };
    let podcast_guid = match &raw.guid {
        Some(g) => keep(&mut errs, parse_guid(src, g)),
        None => feed_url
            .as_ref()
            .map(|u| crate::guid::podcast_guid(u.as_str())),
    };
    let categories = keep(&mut errs, parse_categories(src, &raw.categories));
    for (field, v) in [
        ("title", &raw.title),
        ("description", &raw.description),
        ("author", &raw.author),
    ] {
        if v.get_ref().trim().is_empty() {
            errs.push(src.error(
                &crate::rules::records::RECORD_FIELD_EMPTY,
                v.span(),
                format!("`{field}` must not be empty"),
            ));
        }
    }
    for (field, v) in [("title", &raw.title), ("author", &raw.author)] {
        keep(
            &mut errs,
            values::short_text(src, field, v.span(), v.get_ref().trim()),
        );
    }
    keep(
        &mut errs,
        values::long_text(
            src,
            "description",
            raw.description.span(),
            raw.description.get_ref().trim(),
            "long",
        ),
    );
    for p in &raw.persons {
        errs.extend(check_person(src, p));
    }
    errs.extend(check_funding(src, &raw.funding));
    if let Some(owner) = &raw.owner
        && !looks_like_email(owner.email.get_ref())
    {
        errs.push(src.error(
            &crate::rules::records::RECORD_EMAIL,
            owner.email.span(),
            format!(
                "`owner.email` must be an e-mail address, found {:?}",
                owner.email.get_ref()
            ),
        ));
    }
    let medium = match &raw.medium {
        Some(m) if !crate::medium::single().any(|s| s == m.get_ref()) => {
            errs.push(src.error(
                &crate::rules::records::RECORD_MEDIUM,
                m.span(),
                format!(
                    "`medium` must be one of {}, found {:?}",
                    crate::medium::single().collect::<Vec<_>>().join(", "),
                    m.get_ref()
                ),
            ));
            None
        }
        other => other.as_ref().map(|m| m.get_ref().clone()),
    };

    let tags = tags::show_tags(
        src,
        RawShowTags {
            license: raw.license,
            license_url: raw.license_url,
            locations: raw.locations,
            txt: raw.txt,
            images: raw.images,
            itunes_title: raw.itunes_title,
            itunes_block: raw.itunes_block,
            itunes_complete: raw.itunes_complete,
            new_feed_url: raw.new_feed_url,
            enclosure_prefix: raw.enclosure_prefix,
        },
        &mut errs,
    );
    let show_level = show_tags::show_tags(
        src,
        show_tags::RawShowTags {
            trailers: raw.trailers,
            update_frequency: raw.update_frequency,
            podroll: raw.podroll,
            publisher: raw.publisher,
            blocks: raw.blocks,
            social_interact: raw.social_interact,
            chat: raw.chat,
            podping: raw.podping,
            value: raw.value,
            max_items: raw.max_items,
        },
        &mut errs,
    );

    let (
        Some(link),
        Some(image),
        Some(language),
        Some(feed_url),
        Some(podcast_guid),
        Some(categories),
    ) = (link, image, language, feed_url, podcast_guid, categories)
    else {
        return Err(errs);
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let owner = raw.owner.map(|o| Owner {
        name: o.name,
        email: o.email.into_inner(),
    });
    let locked = raw.locked.map(|locked| Locked {
        locked,
        owner: owner.as_ref().map(|o| o.email.clone()),
    });
    Ok(ShowRecord {
        show: crate::model::Show {
            id: id.to_owned(),
            title: raw.title.into_inner().trim().to_owned(),
            description: raw.description.into_inner().trim().to_owned(),
            link,
            language,
            author: raw.author.into_inner().trim().to_owned(),
            owner,
            image,
            categories,
            explicit: raw.explicit,
            show_type: raw.show_type,
            copyright: raw.copyright,
            feed_url,
            podcast_guid,
            locked,
            funding: raw.funding.into_iter().map(Spanned::into_inner).collect(),
            medium,
            persons: raw.persons.into_iter().map(person).collect(),
            show_tags: show_level,
            episodes: Vec::new(),
            license: tags.license,
            locations: tags.locations,
            txt: tags.txt,
            images: tags.images,
            itunes_title: tags.itunes_title,
            itunes_block: tags.itunes_block,
            itunes_complete: tags.itunes_complete,
            new_feed_url: tags.new_feed_url,
            enclosure_prefix: tags.enclosure_prefix,
        },
    })
}

fn parse_guid(src: &SourceFile<'_>, g: &Spanned<String>) -> Result<uuid::Uuid, Diagnostic> {
    uuid::Uuid::parse_str(g.get_ref().trim())
        .ok()
        .filter(|u| g.get_ref().trim().len() == 36 && u.get_version_num() == 5)
        .ok_or_else(|| {
            src.error(
                &crate::rules::records::RECORD_GUID,
                g.span(),
                format!("`guid` must be a UUID version 5 such as 917393e3-1b1e-5cef-ace4-edaa54e1f810, found {:?}", g.get_ref()),
            )
            .help("leave `guid` out to derive it from the feed URL (SPEC.md §4); pin it once the show is listed")
        })
}

/// Categories written `"Top"` or `"Top > Sub"`, checked against Apple's list (SPEC.md §6).
fn parse_categories(
    src: &SourceFile<'_>,
    list: &Spanned<Vec<Spanned<String>>>,
) -> Result<Vec<Category>, Diagnostic> {
    if list.get_ref().is_empty() {
        return Err(src.error(
            &crate::rules::records::RECORD_CATEGORY,
            list.span(),
            "`categories` needs at least one Apple category",
        ));
    }
    let mut out = Vec::new();
    for v in list.get_ref() {
        let at = v.span();
        let (top, sub) = match v.get_ref().split_once('>') {
            Some((t, s)) => (t.trim(), Some(s.trim())),
            None => (v.get_ref().trim(), None),
        };
        let Some(subs) = categories::subcategories(top) else {
            let help = match categories::parent_of(top) {
                Some(parent) => format!("{top:?} is a subcategory: write \"{parent} > {top}\""),
                None => {
                    "see Apple's category list (SPEC.md §6); names are case-sensitive".to_owned()
                }
            };
            return Err(src
                .error(
                    &crate::rules::records::RECORD_CATEGORY,
                    at,
                    format!("{top:?} is not an Apple Podcasts category"),
                )
                .help(help));
        };
        if let Some(sub) = sub
            && !subs.contains(&sub)
        {
            let help = match categories::parent_of(sub) {
                Some(parent) => format!("{sub:?} belongs under {parent:?}"),
                None if subs.is_empty() => format!("{top:?} has no subcategories"),
                None => format!("subcategories of {top:?}: {}", subs.join(", ")),
            };
            return Err(src
                .error(
                    &crate::rules::records::RECORD_CATEGORY,
                    at,
                    format!("{sub:?} is not a subcategory of {top:?}"),
                )
                .help(help));
        }
        out.push(Category {
            name: top.to_owned(),
            sub: sub.map(str::to_owned),
        });
    }
    Ok(out)
}

/// A `[[persons]]` entry as the model's person.
pub(super) fn person(p: RawPerson) -> Person {
    Person {
        name: p.name.into_inner().trim().to_owned(),
        role: p.role.map(Spanned::into_inner),
        group: p.group.map(Spanned::into_inner),
        img: p.img,
        href: p.href,
    }
}

/// Funding labels are at most 128 characters (SPEC.md §5.2).
pub(super) fn check_funding(src: &SourceFile<'_>, funding: &[Spanned<Funding>]) -> Vec<Diagnostic> {
    let mut errs = Vec::new();
    for f in funding {
        let n = f.get_ref().label.trim().chars().count();
        if n > MAX_LABEL_CHARS {
            errs.push(src.error(
                &crate::rules::records::RECORD_FIELD_TOO_LONG,
                f.span(),
                format!(
                    "the funding `label` is {n} characters long; expected at most {MAX_LABEL_CHARS}"
                ),
            ));
        }
    }
    errs
}

/// A person's name is 1–128 characters; `role` and `group` come from the Podcast Taxonomy, and
/// a role given with a group is one of that group's (SPEC.md §5.2).
pub(super) fn check_person(src: &SourceFile<'_>, p: &RawPerson) -> Vec<Diagnostic> {
    let mut errs = Vec::new();
    let name = p.name.get_ref().trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_LABEL_CHARS {
        errs.push(src.error(
            if n == 0 {
                &crate::rules::records::RECORD_FIELD_EMPTY
            } else {
                &crate::rules::records::RECORD_FIELD_TOO_LONG
            },
            p.name.span(),
            format!("a person's `name` is {n} characters long; expected 1 to {MAX_LABEL_CHARS}"),
        ));
    }
    let group_roles = match &p.group {
        Some(g) => match taxonomy::roles_of(g.get_ref()) {
            Some(roles) => Some(roles),
            None => {
                errs.push(
                    src.error(
                        &crate::rules::records::RECORD_PERSON_GROUP,
                        g.span(),
                        format!(
                            "{:?} is not a group of the Podcast Taxonomy; expected one of {}",
                            g.get_ref(),
                            taxonomy::group_names().join(", ")
                        ),
                    )
                    .help("leave `group` out for the default, cast"),
                );
                None
            }
        },
        None => None,
    };
    if let Some(r) = &p.role {
        let role = r.get_ref().trim();
        let fits = match group_roles {
            Some(roles) => roles.iter().any(|x| x.eq_ignore_ascii_case(role)),
            None => taxonomy::is_role(role),
        };
        if !fits {
            let expected = match (group_roles, &p.group) {
                (Some(roles), Some(g)) => {
                    format!("a role of {:?}: {}", g.get_ref(), roles.join(", "))
                }
                _ => "a role of the Podcast Taxonomy such as Host, Co-Host, Guest or Producer"
                    .to_owned(),
            };
            errs.push(
                src.error(
                    &crate::rules::records::RECORD_PERSON_ROLE,
                    r.span(),
                    format!("{:?} is not {expected}", r.get_ref()),
                )
                .help("roles are compared in any case; leave `role` out for the default, host"),
            );
        }
    }
    errs
}

/// True for something shaped like an e-mail address (`user@host.tld`, no spaces).
pub fn looks_like_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty() && host.contains('.') && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Show"
description = "About it"
link = "https://example.com"
language = "en"
author = "Someone"
image = "https://example.com/cover.jpg"
categories = ["Technology", "Business > Entrepreneurship"]
"#;

    fn parse(text: &str) -> Result<ShowRecord, Vec<Diagnostic>> {
        let url = Url::parse("https://podcasts.example.com/show/feed.xml").unwrap();
        parse_show(
            &SourceFile {
                name: "show.toml",
                text,
            },
            "show",
            &url,
        )
    }

    #[test]
    fn reads_a_good_show() {
        let show = parse(GOOD).unwrap().show;
        assert_eq!(show.categories[1].sub.as_deref(), Some("Entrepreneurship"));
        assert_eq!(
            show.feed_url.as_str(),
            "https://podcasts.example.com/show/feed.xml"
        );
    }

    #[test]
    fn reports_every_bad_value_of_a_file_together() {
        let text = GOOD
            .replace("\"en\"", "\"english\"")
            .replace("https://example.com/cover.jpg", "cover.jpg");
        let errs = parse(&text).unwrap_err();
        let rules: Vec<_> = errs.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["record.url", "record.language"]);
        assert_eq!(errs[0].located_in(&text).unwrap().line, 7);
    }

    #[test]
    fn subcategory_under_the_wrong_parent_is_an_error() {
        let errs = parse(&GOOD.replace("Business > Entrepreneurship", "Arts > Entrepreneurship"))
            .unwrap_err();
        assert_eq!(errs[0].rule, "record.category");
        assert!(
            errs[0].help.as_deref().unwrap().contains("Business"),
            "{errs:?}"
        );
    }
}
