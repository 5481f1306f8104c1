//! The ids rules had before ids became dot-separated kebab-case words: `podfeed explain OLD`
//! still answers for them, naming the new id. CHANGELOG.md lists the same renames.

use super::{Rule, channel, dates, item, itunes, podcast, records, text, urls, xml};

/// Every renamed rule: (old id, the rule now).
pub static RENAMED: &[(&str, &Rule)] = &[
    ("xml.encoding.not_utf8", &xml::XML_ENCODING_NOT_UTF8),
    (
        "channel.atom_self.missing",
        &channel::CHANNEL_ATOM_SELF_MISSING,
    ),
    ("channel.atom_self.type", &channel::CHANNEL_ATOM_SELF_TYPE),
    (
        "spotify.limit.recent_count",
        &channel::SPOTIFY_LIMIT_RECENT_COUNT,
    ),
    (
        "item.title_or_description",
        &item::ITEM_TITLE_OR_DESCRIPTION,
    ),
    (
        "item.enclosure.apple_type",
        &item::ITEM_ENCLOSURE_APPLE_TYPE,
    ),
    (
        "item.enclosure.duplicate_url",
        &item::ITEM_ENCLOSURE_DUPLICATE_URL,
    ),
    (
        "itunes.type.serial_episode",
        &itunes::ITUNES_TYPE_SERIAL_EPISODE,
    ),
    (
        "itunes.episode_type.invalid",
        &itunes::ITUNES_EPISODE_TYPE_INVALID,
    ),
    ("itunes.yes_only", &itunes::ITUNES_YES_ONLY),
    ("podcast.value.too_long", &podcast::PODCAST_VALUE_TOO_LONG),
    (
        "podcast.transcript.legacy_type",
        &podcast::PODCAST_TRANSCRIPT_LEGACY_TYPE,
    ),
    ("date.two_digit_year", &dates::DATE_TWO_DIGIT_YEAR),
    ("date.military_zone", &dates::DATE_MILITARY_ZONE),
    ("date.too_old", &dates::DATE_TOO_OLD),
    ("text.too_long", &text::TEXT_TOO_LONG),
    (
        "text.description.too_long",
        &text::TEXT_DESCRIPTION_TOO_LONG,
    ),
    ("text.control_chars", &text::TEXT_CONTROL_CHARS),
    ("text.relative_url", &text::TEXT_RELATIVE_URL),
    ("record.field.too_long", &records::RECORD_FIELD_TOO_LONG),
    ("record.too_large", &records::RECORD_TOO_LARGE),
    (
        "record.transcript.too_large",
        &records::RECORD_TRANSCRIPT_TOO_LARGE,
    ),
];

/// Rules that took over a retired rule's findings: (the retired id, the rule now).
pub static REPLACED: &[(&str, &Rule)] = &[
    // Plain http is seen in the URL, not in a fetch: a feed rule, with or without link checks.
    ("link.https", &urls::URL_HTTP),
];

/// The rule that answers for `old`, when a rule was renamed from it or replaced it.
pub fn renamed(old: &str) -> Option<&'static Rule> {
    RENAMED
        .iter()
        .chain(REPLACED)
        .find(|(id, _)| *id == old)
        .map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_ids_are_no_rule_ids_and_differ_from_their_rule_only_in_spelling() {
        for (old, rule) in RENAMED {
            assert!(
                super::super::find(old).is_none(),
                "{old} is still a rule id"
            );
            assert_eq!(old.replace('_', "-"), rule.id, "{old}");
        }
        assert_eq!(
            renamed("channel.atom_self.missing").map(|r| r.id),
            Some("channel.atom-self.missing")
        );
        assert!(renamed("channel.atom-self.missing").is_none());
        for (old, rule) in REPLACED {
            assert!(
                super::super::find(old).is_none(),
                "{old} is still a rule id"
            );
            assert_eq!(renamed(old), Some(*rule));
        }
    }

    #[test]
    fn every_current_id_is_dotted_kebab_case() {
        for r in super::super::all() {
            let ok = r.id.split('.').all(|word| {
                !word.is_empty()
                    && !word.starts_with('-')
                    && !word.ends_with('-')
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
            assert!(ok, "{} is not dot-separated kebab-case words", r.id);
        }
    }
}
