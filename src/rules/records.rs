//! The registry entries of the rules about local records (`show.toml`, episode files,
//! transcripts, media files). The checks live in `src/records/` and `src/config.rs`; they run
//! when `podfeed build` reads the records, or `podfeed validate --feed ID` compares with them.

use super::{Family, Rule};
use crate::diagnostic::Severity::Error;

/// Shorthand for a records rule: every one is an error, since a build cannot go on without it.
const fn record(
    id: &'static str,
    spec: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        id,
        severity: Error,
        family: Family::Records,
        summary,
        explanation,
        spec,
    }
}

/// `record.config.formats`: config.toml lists an unknown or repeated transcript format.
pub static RECORD_CONFIG_FORMATS: Rule = record(
    "record.config.formats",
    "SPEC.md §2 (the five transcript types)",
    "config.toml lists an unknown or repeated transcript format",
    "`[build] transcript_formats` takes vtt, srt, json, html and txt, each at most once: each becomes one <podcast:transcript> link per transcript, so a repeat would publish two links of one type.",
);

/// `record.field.too-long`: a record's text is longer than Apple accepts.
pub static RECORD_FIELD_TOO_LONG: Rule = record(
    "record.field.too-long",
    "SPEC.md §1.2, §1.3, §8.5 (Apple: 255 characters; descriptions 4000 bytes)",
    "a record's text is longer than Apple accepts",
    "Titles and the author are capped at 255 characters, and descriptions and show notes (as published HTML) at 4000 bytes; longer values would make the rendered feed fail Apple's rules, so the build stops at the record.",
);

/// `record.person.role`: a person's role is not in the Podcast Taxonomy.
pub static RECORD_PERSON_ROLE: Rule = record(
    "record.person.role",
    "SPEC.md §5.2 (podcast:person, Podcast Taxonomy)",
    "a person's role is not in the Podcast Taxonomy",
    "`persons[].role` must be a role of the Podcast Taxonomy (case-insensitive), such as host, co-host, guest; with a `group`, the role must belong to that group.",
);

/// `record.person.group`: a person's group is not in the Podcast Taxonomy.
pub static RECORD_PERSON_GROUP: Rule = record(
    "record.person.group",
    "SPEC.md §5.2 (podcast:person, Podcast Taxonomy)",
    "a person's group is not in the Podcast Taxonomy",
    "`persons[].group` must be a group of the Podcast Taxonomy (case-insensitive), such as cast, writing, audio production.",
);

/// `record.serial.episode`: an episode of a serial show has no episode number.
pub static RECORD_SERIAL_EPISODE: Rule = record(
    "record.serial.episode",
    "SPEC.md §1.2 (itunes:type serial)",
    "an episode of a serial show has no episode number",
    "A serial show is listened to in order, and Apple needs itunes:episode on every item of it: give each episode record `episode = N`.",
);

/// `record.slug`: a show folder or record file name cannot be part of a URL.
pub static RECORD_SLUG: Rule = record(
    "record.slug",
    "DESIGN.md \"Records (local truth)\"",
    "a show folder or record file name cannot be part of a URL",
    "Show folders and episode record files become URL path segments of the published files, so they may hold only ASCII letters, digits, '-', '_' and '.', and start with a letter or digit. Rename the folder or file.",
);

/// `record.too-large`: a record file is larger than podfeed reads.
pub static RECORD_TOO_LARGE: Rule = record(
    "record.too-large",
    "DESIGN.md \"Records (local truth)\"",
    "a record file is larger than podfeed reads",
    "config.toml, show.toml and episode records are read whole and must be at most 1 MiB; a larger file is almost certainly not a record.",
);

/// `record.transcript.too-large`: a transcript file is larger than podfeed reads.
pub static RECORD_TRANSCRIPT_TOO_LARGE: Rule = record(
    "record.transcript.too-large",
    "DESIGN.md \"Records (local truth)\"",
    "a transcript file is larger than podfeed reads",
    "Transcript files are read up to 50 MB; a larger file is refused before it is read, so a wrong file cannot exhaust memory.",
);

/// `record.io`: a record file or folder cannot be read.
pub static RECORD_IO: Rule = record(
    "record.io",
    "DESIGN.md \"Records (local truth)\"",
    "a record file or folder cannot be read",
    "The file or folder named in the message could not be opened or listed (missing, no permission, not a folder). Records live in feeds/SHOW/show.toml and feeds/SHOW/episodes/*.toml beside config.toml.",
);

/// `record.encoding`: a record or transcript file is not UTF-8.
pub static RECORD_ENCODING: Rule = record(
    "record.encoding",
    "DESIGN.md \"Records (local truth)\"; SPEC.md §0 (Apple: UTF-8)",
    "a record or transcript file is not UTF-8",
    "Records and local transcripts are read as UTF-8 text; the message gives the line and column of the first byte that is not. Save the file as UTF-8.",
);

/// `record.syntax`: a record file is not valid TOML.
pub static RECORD_SYNTAX: Rule = record(
    "record.syntax",
    "DESIGN.md \"Records (local truth)\" (TOML)",
    "a record file is not valid TOML",
    "The file could not be read as TOML (an unclosed string, a missing `=`, a duplicate key…). The position points at where reading stopped.",
);

/// `record.field.unknown`: a record or config.toml has a field podfeed does not know.
pub static RECORD_FIELD_UNKNOWN: Rule = record(
    "record.field.unknown",
    "DESIGN.md \"Records (local truth)\"",
    "a record or config.toml has a field podfeed does not know",
    "Unknown fields are refused rather than ignored, so a misspelt key (`titel`, `base-url`) is caught instead of silently leaving the value out of the feed. Check the spelling against the README's record reference.",
);

/// `record.field.missing`: a required record field is missing.
pub static RECORD_FIELD_MISSING: Rule = record(
    "record.field.missing",
    "DESIGN.md \"Records (local truth)\"; SPEC.md §1.2, §1.3",
    "a required record field is missing",
    "A field the feed needs is absent: for example a show's `title`, or an episode's `[enclosure]` without `length` or `file` (the size in bytes, or a local copy to measure), or without `type` when the media type cannot be told from the file extension.",
);

/// `record.field.type`: a record field has the wrong type or an unknown value.
pub static RECORD_FIELD_TYPE: Rule = record(
    "record.field.type",
    "DESIGN.md \"Records (local truth)\"",
    "a record field has the wrong type or an unknown value",
    "The field holds a value of the wrong TOML type (a number where text is expected, a string where a table is expected) or a word outside its allowed set.",
);

/// `record.field.empty`: a record field that must have text is empty.
pub static RECORD_FIELD_EMPTY: Rule = record(
    "record.field.empty",
    "SPEC.md §1.2, §1.3",
    "a record field that must have text is empty",
    "Titles, descriptions, author names and an explicit `guid` must not be blank: RSS 2.0 and Apple require the elements they become, and an empty guid would make episodes indistinguishable. Leave `guid` out to have one derived.",
);

/// `record.url`: a record URL is not an absolute http or https URL.
pub static RECORD_URL: Rule = record(
    "record.url",
    "SPEC.md §0 (absolute URLs), §1.2, §1.3",
    "a record URL is not an absolute http or https URL",
    "Podcast apps fetch the URLs of a feed directly, so the website, artwork and enclosure URLs of the records need a scheme (http or https) and a host, e.g. https://example.com/ep1.mp3.",
);

/// `record.language`: a record language is not an ISO 639 code.
pub static RECORD_LANGUAGE: Rule = record(
    "record.language",
    "SPEC.md §1.2 (`language`)",
    "a record language is not an ISO 639 code",
    "The show's `language` (and a transcript's) must be a two- or three-letter ISO 639 code with an optional region, such as en, en-us or pt-BR. Apple rejects feeds with an invalid language code.",
);

/// `record.duration`: an episode duration is not seconds or H:MM:SS.
pub static RECORD_DURATION: Rule = record(
    "record.duration",
    "SPEC.md §8.2",
    "an episode duration is not seconds or H:MM:SS",
    "`duration` is written as whole seconds (425) or as \"H:MM:SS\" / \"M:SS\"; it becomes <itunes:duration>.",
);

/// `record.date`: a record date has no time zone or is not a date.
pub static RECORD_DATE: Rule = record(
    "record.date",
    "SPEC.md §8.1",
    "a record date has no time zone or is not a date",
    "`published` must be an RFC 3339 date and time with a zone, such as 2024-08-07T09:00:00Z. Without a zone the publication time would depend on the machine that builds the feed.",
);

/// `record.number`: a season or episode number is 0.
pub static RECORD_NUMBER: Rule = record(
    "record.number",
    "SPEC.md §1.3 (`itunes:season`, `itunes:episode`)",
    "a season or episode number is 0",
    "Apple requires season and episode numbers to be non-zero positive integers.",
);

/// `record.mime`: an enclosure type is not a MIME type.
pub static RECORD_MIME: Rule = record(
    "record.mime",
    "SPEC.md §1.3 (`enclosure`)",
    "an enclosure type is not a MIME type",
    "`enclosure.type` must be a MIME type such as audio/mpeg or audio/x-m4a (a slash, no spaces). Leave it out to have it told from the file extension.",
);

/// `record.email`: the owner's e-mail is not an e-mail address.
pub static RECORD_EMAIL: Rule = record(
    "record.email",
    "SPEC.md §1.2 (`itunes:owner`)",
    "the owner's e-mail is not an e-mail address",
    "`owner.email` becomes <itunes:email>, which directories use to verify who owns the show; it must look like name@example.com.",
);

/// `record.medium`: the show's medium is not one the podcast namespace defines.
pub static RECORD_MEDIUM: Rule = record(
    "record.medium",
    "SPEC.md §5.2 (`podcast:medium`)",
    "the show's medium is not one the podcast namespace defines",
    "`medium` becomes <podcast:medium> and must be one of the namespace's values, such as podcast, music, video, audiobook or newsletter.",
);

/// `record.guid`: the show's guid is not a version 5 UUID.
pub static RECORD_GUID: Rule = record(
    "record.guid",
    "SPEC.md §4",
    "the show's guid is not a version 5 UUID",
    "A show's `guid` becomes <podcast:guid>, a UUID version 5 derived from the feed URL. Leave it out to have it derived; once the show is listed, pin the published value, since it must never change.",
);

/// `record.category`: a show category is not in Apple's list.
pub static RECORD_CATEGORY: Rule = record(
    "record.category",
    "SPEC.md §6",
    "a show category is not in Apple's list",
    "`categories` needs at least one entry, each an Apple Podcasts category written \"Top\" or \"Top > Sub\" with the exact, case-sensitive names of Apple's list. A subcategory named alone is refused with the parent it belongs under.",
);

/// `record.show.unknown`: a show named on the command line has no records.
pub static RECORD_SHOW_UNKNOWN: Rule = record(
    "record.show.unknown",
    "DESIGN.md \"Command line\"",
    "a show named on the command line has no records",
    "The show id given with --feed has no feeds/ID/show.toml; the message lists the shows found.",
);

/// `record.guid.duplicate`: two episodes of a show have the same guid.
pub static RECORD_GUID_DUPLICATE: Rule = record(
    "record.guid.duplicate",
    "SPEC.md §1.3 (`guid`)",
    "two episodes of a show have the same guid",
    "Each episode's guid identifies it for ever; two episodes with one guid make apps show only one of them. Give each its own guid, or leave guids out to have them derived.",
);

/// `record.media.missing`: an episode's local media file cannot be read.
pub static RECORD_MEDIA_MISSING: Rule = record(
    "record.media.missing",
    "DESIGN.md \"Records (local truth)\"",
    "an episode's local media file cannot be read",
    "`enclosure.file` names a local copy of the media to measure its length; the file must exist and be readable.",
);

/// `record.media.length`: an episode's stated length differs from its media file.
pub static RECORD_MEDIA_LENGTH: Rule = record(
    "record.media.length",
    "SPEC.md §1.3 (`enclosure` length)",
    "an episode's stated length differs from its media file",
    "`enclosure.length` and the size of `enclosure.file` disagree; apps use the length to show download sizes and Apple compares it with what the server sends. Leave `length` out to have it measured from the file.",
);

/// `record.transcript.missing`: a transcript file an episode lists cannot be read.
pub static RECORD_TRANSCRIPT_MISSING: Rule = record(
    "record.transcript.missing",
    "DESIGN.md \"Transcripts\"",
    "a transcript file an episode lists cannot be read",
    "A transcript listed under [[transcripts]] (or found beside the episode file) must exist and be readable.",
);

/// `record.transcript.invalid`: a local transcript file does not parse.
pub static RECORD_TRANSCRIPT_INVALID: Rule = record(
    "record.transcript.invalid",
    "SPEC.md §3",
    "a local transcript file does not parse",
    "The transcript is not valid in its format (VTT, SRT, JSON, HTML or text); the message gives the line. A broken transcript would be published in five broken formats.",
);

/// `record.transcript.duplicate`: an episode has two transcripts in one language.
pub static RECORD_TRANSCRIPT_DUPLICATE: Rule = record(
    "record.transcript.duplicate",
    "SPEC.md §2 (one transcript per language)",
    "an episode has two transcripts in one language",
    "One transcript per language is published per episode; give each its own `language`, or drop one.",
);

/// `record.transcript.ambiguous`: several transcript files share an episode's name.
pub static RECORD_TRANSCRIPT_AMBIGUOUS: Rule = record(
    "record.transcript.ambiguous",
    "DESIGN.md \"Transcripts\"",
    "several transcript files share an episode's name",
    "A transcript is picked up by the episode file's stem; when several files match, podfeed cannot tell which to publish. List them with their language under [[transcripts]].",
);

// --- Item and media tags, Apple's lifecycle tags (issue 12; checks in records/tags.rs) ---

/// `record.location`: a location's name, rel, geo, osm or country is not what the namespace takes.
pub static RECORD_LOCATION: Rule = record(
    "record.location",
    "SPEC.md §5.2 (podcast:location; RFC 5870, ISO 3166-1)",
    "a location's name, rel, geo, osm or country is not what the namespace takes",
    "`locations[]` entries need a `name` of 1–128 characters; `rel` is subject or creator, `geo` an RFC 5870 URI such as \"geo:30.2672,-97.7431\", `osm` N, W or R and a number (\"R113314\"), `country` a two-letter ISO 3166-1 code.",
);

/// `record.license`: a licence identifier that is too long, or a custom licence without a url.
pub static RECORD_LICENSE: Rule = record(
    "record.license",
    "SPEC.md §5.2 (podcast:license; the namespace's licenses.json)",
    "a licence identifier that is too long, or a custom licence without a url",
    "`license` is a well-known identifier of the namespace's list (ARR, CC-BY-4.0, CC-BY-NC-4.0, CC-BY-NC-ND-4.0, POD-V4V-1.0) or a custom licence's short name (≤128 characters); a custom licence needs `license_url`, the licence's full text.",
);

/// `record.image`: a podcast:image's aspect ratio or purpose cannot be read.
pub static RECORD_IMAGE: Rule = record(
    "record.image",
    "SPEC.md §5.2 (podcast:image)",
    "a podcast:image's aspect ratio or purpose cannot be read",
    "`images[]` entries take `aspect_ratio` in CSS form (\"1/1\", \"16/9\") and `purpose` as space-separated tokens of at most 128 characters.",
);

/// `record.txt`: a podcast:txt value or purpose the namespace does not take.
pub static RECORD_TXT: Rule = record(
    "record.txt",
    "SPEC.md §5.2, §8.3 (podcast:txt)",
    "a podcast:txt value or purpose the namespace does not take",
    "`txt[]` entries hold at most 4000 characters with a `purpose` of at most 128; with purpose \"ai-content\" the text is \"true\" or \"false\".",
);

/// `record.soundbite`: a soundbite's times are not numbers, or it ends after the episode.
pub static RECORD_SOUNDBITE: Rule = record(
    "record.soundbite",
    "SPEC.md §5.2 (podcast:soundbite)",
    "a soundbite's times are not numbers, or it ends after the episode",
    "`soundbites[]` take `start` and `duration` in seconds (decimal numbers ≥ 0, duration > 0) and an optional `title` of at most 128 characters; when the episode's `duration` is given the soundbite must end within it, since its source is the enclosure.",
);

/// `record.alternate-enclosure`: an alternate enclosure lacks a source or has a bad value.
pub static RECORD_ALTERNATE_ENCLOSURE: Rule = record(
    "record.alternate-enclosure",
    "SPEC.md §5.2 (podcast:alternateEnclosure, podcast:source, podcast:integrity)",
    "an alternate enclosure lacks a source or has a bad value",
    "`alternate_enclosures[]` need a MIME `type` and at least one `sources` entry with an absolute `uri`; `title` and `rel` are at most 32 characters, `integrity` is an sri or pgp-signature value, and at most one alternate is the `default`.",
);

/// `record.enclosure-prefix`: a measurement prefix that is not a URL ending in a slash.
pub static RECORD_ENCLOSURE_PREFIX: Rule = record(
    "record.enclosure-prefix",
    "DESIGN.md \"Records (local truth)\"; OP3 and Podtrac prefix chains",
    "a measurement prefix that is not a URL ending in a slash",
    "`enclosure_prefix` (config.toml `[build]` or show.toml) is an absolute http(s) URL ending in \"/\", such as https://op3.dev/e/; chains are written as one prefix: https://op3.dev/e/dts.podtrac.com/redirect.mp3/.",
);

// Chapters (issue 12, item 1): an episode's chapters file.

/// `record.chapters.missing`: an episode's chapters file cannot be read.
pub static RECORD_CHAPTERS_MISSING: Rule = record(
    "record.chapters.missing",
    "SPEC.md §5.1 (podcast:chapters)",
    "an episode's chapters file cannot be read",
    "The file named by `chapters = \"…\"` in the episode record must exist beside the record and be readable; chapters files over 5 MiB are refused.",
);

/// `record.chapters.invalid`: an episode's chapters file is neither JSON chapters nor chapter lines.
pub static RECORD_CHAPTERS_INVALID: Rule = record(
    "record.chapters.invalid",
    "SPEC.md §5.1 (JSON chapters file)",
    "an episode's chapters file is neither JSON chapters nor chapter lines",
    "A `.json` chapters file is the Podcast Index JSON chapters format (\"version\", \"chapters\" of {\"startTime\", …}; unknown keys are errors, so a misspelt key is not lost); any other is simple lines, `HH:MM:SS(.mmm) Title <https://…>` or `MM:SS Title`, blank lines and `#` comments skipped. The error names the line and what was expected there.",
);

/// `record.chapters.times`: a chapter starts out of order, outside the episode, or ends before it starts.
pub static RECORD_CHAPTERS_TIMES: Rule = record(
    "record.chapters.times",
    "SPEC.md §5.1 (chapters ordered by ascending startTime)",
    "a chapter starts out of order, outside the episode, or ends before it starts",
    "Chapters are ordered by ascending startTime, each later than the one before; when the episode's duration is known every chapter starts before the end and ends by it; an endTime comes after its startTime. Apps jump to these times, so one out of place sends listeners to the wrong spot.",
);

/// `record.chapters.value`: a chapters file has no version or chapter, a link that is not an absolute http(s) URL, or a bad location.
pub static RECORD_CHAPTERS_VALUE: Rule = record(
    "record.chapters.value",
    "SPEC.md §5.1 (version required; img and url are URLs; location name and geo required)",
    "a chapters file has no version or chapter, a link that is not an absolute http(s) URL, or a bad location",
    "The file's \"version\" is required and it holds at least one chapter; a chapter's \"img\" and \"url\" are fetched by apps, so they are absolute http(s) URLs; a \"location\" has a \"name\" and an RFC 5870 \"geo\" URI (`geo:LAT,LON`).",
);

/// `record.chapters.ambiguous`: two chapters files share an episode's name.
pub static RECORD_CHAPTERS_AMBIGUOUS: Rule = record(
    "record.chapters.ambiguous",
    "DESIGN.md \"Transcripts\" (files found by the record's name)",
    "two chapters files share an episode's name",
    "Chapters are picked up by the record's stem, `<slug>.chapters.json` or `<slug>.chapters.txt`; with both, podfeed cannot tell which to publish. Keep one, or name it with `chapters = \"…\"`.",
);

// Show group (issue 12): show-level tags, value-for-value, live items.

/// `record.update-frequency`: `[update_frequency]` has a bad recurrence rule or start.
pub static RECORD_UPDATE_FREQUENCY: Rule = record(
    "record.update-frequency",
    "SPEC.md §5.2 (podcast:updateFrequency); RFC 5545 §3.3.10",
    "`[update_frequency]` has a bad recurrence rule or start",
    "`rrule` is an RFC 5545 recurrence rule such as \"FREQ=WEEKLY;BYDAY=MO\" (FREQ required, each part once, COUNT and UNTIL not together); `dtstart` (a date or a date-time with a zone) is required when the rule has COUNT, and written like UNTIL.",
);

/// `record.remote-item`: a podroll, publisher or time-split remote item is not usable.
pub static RECORD_REMOTE_ITEM: Rule = record(
    "record.remote-item",
    "SPEC.md §5.2 (podcast:remoteItem, podcast:podroll, podcast:publisher)",
    "a podroll, publisher or time-split remote item is not usable",
    "`feed_guid` is the other feed's podcast:guid, a UUID; `medium` is one of the namespace's mediums; `podroll` lists at least one show.",
);

/// `record.service`: a `blocks` entry names a service the namespace does not list.
pub static RECORD_SERVICE: Rule = record(
    "record.service",
    "SPEC.md §5.2 (podcast:block; the namespace's serviceslugs.txt)",
    "a `blocks` entry names a service the namespace does not list",
    "`blocks[].service` is a slug of the namespace's service list (apple, spotify, google, amazon …); leave it out to block or allow every service.",
);

/// `record.protocol`: a social or chat protocol the namespace does not list.
pub static RECORD_PROTOCOL: Rule = record(
    "record.protocol",
    "SPEC.md §5.2 (podcast:socialInteract, podcast:chat; socialprotocols.txt, chatprotocols.txt)",
    "a social or chat protocol the namespace does not list",
    "`social_interact[].protocol` is one of disabled, activitypub, twitter, lightning, atproto, bluesky, hive, matrix, nostr, and needs `uri` unless disabled; `chat.protocol` is one of irc, xmpp, nostr, matrix.",
);

/// `record.value.recipients`: a value block or time split pays no one.
pub static RECORD_VALUE_RECIPIENTS: Rule = record(
    "record.value.recipients",
    "SPEC.md §5.2 (podcast:value, podcast:valueTimeSplit)",
    "a value block or time split pays no one",
    "A `[[value]]` block needs at least one `[[value.recipients]]` with a split above 0; a time split pays either one `remote_item` or its own `recipients`, not both and not neither.",
);

/// `record.value.address`: a value recipient's address does not fit its type.
pub static RECORD_VALUE_ADDRESS: Rule = record(
    "record.value.address",
    "SPEC.md §5.2 (podcast:valueRecipient)",
    "a value recipient's address does not fit its type",
    "A `node` recipient's address is the node's public key, 66 hex digits starting 02 or 03; an `lnaddress` recipient's is a Lightning address, name@domain.",
);

/// `record.value.time-split`: a value time split is outside its bounds.
pub static RECORD_VALUE_TIME_SPLIT: Rule = record(
    "record.value.time-split",
    "SPEC.md §5.2 (podcast:valueTimeSplit)",
    "a value time split is outside its bounds",
    "`remote_percentage` is 0 to 100, and a split starts within the episode's `duration` when the record gives one (a split starting at or after the end is never played; one running past the end ends with the episode).",
);

/// `record.live`: a live record is incomplete or inconsistent.
pub static RECORD_LIVE: Rule = record(
    "record.live",
    "SPEC.md §5.2 (podcast:liveItem, podcast:contentLink)",
    "a live record is incomplete or inconsistent",
    "`[live]` needs `status` (pending, live, ended), `start` (a date-time with a zone), an `end` after it when given, and at least one `[[live.links]]`: a podcast:liveItem must include podcast:contentLink.",
);

// Feed import (issue 13): the record key it adds, and what `podfeed import FEED` reports.

/// `record.description-format`: `description_format` is neither `markdown` nor `html`.
pub static RECORD_DESCRIPTION_FORMAT: Rule = record(
    "record.description-format",
    "SPEC.md §1.3 (description, content:encoded)",
    "`description_format` is neither \"markdown\" nor \"html\"",
    "An episode's notes are Markdown, rendered to HTML, unless `description_format = \"html\"` says they are HTML already (as an imported feed had them), published as written.",
);

/// A warning of `podfeed import FEED`: the import goes on, and says what it could not carry.
const fn import(
    id: &'static str,
    spec: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        severity: crate::diagnostic::Severity::Warning,
        ..record(id, spec, summary, explanation)
    }
}

/// `record.import.not-imported`: the feed has elements the records cannot express.
pub static IMPORT_NOT_IMPORTED: Rule = import(
    "record.import.not-imported",
    "DESIGN.md \"Records\"",
    "the feed has elements the records cannot express",
    "podfeed writes only what its records hold. An element of the old feed that no record key can say is not carried into the new feed; the import names each kind once, with how many there are and where the first is, so nothing is dropped silently.",
);

/// `record.import.lenient`: a defect the importer read past.
pub static IMPORT_LENIENT: Rule = import(
    "record.import.lenient",
    "SPEC.md §7 (namespaces); XML 1.0 §2.8 (the declaration comes first)",
    "a defect in the feed that the import read past",
    "Text before the XML declaration and a well-known prefix such as itunes: used without its declaration make a feed ill-formed, yet apps often read it. The import reads past them, and the feed podfeed builds has neither.",
);

/// `record.import.guid.duplicate`: two items share a guid; the first is kept.
pub static IMPORT_GUID_DUPLICATE: Rule = import(
    "record.import.guid-duplicate",
    "SPEC.md §1.3 (guid)",
    "two items share a guid: only the first is imported",
    "An item's guid is how apps tell episodes apart; two items with one guid are one episode to them. The import keeps the first (the one apps show) and names the others.",
);

/// `record.import.enclosure.length`: an enclosure without a usable length.
pub static IMPORT_ENCLOSURE_LENGTH: Rule = import(
    "record.import.enclosure-length",
    "SPEC.md §1.3 (enclosure length)",
    "an enclosure without a usable length is imported as 0",
    "Apple wants the media file's real size in bytes. When the media does not answer a HEAD request with its size, the episode is imported with length 0 (so a published episode stays published); fill in the real size.",
);

/// `record.import.value`: a value the records cannot take as it is.
pub static IMPORT_VALUE: Rule = import(
    "record.import.value",
    "DESIGN.md \"Records\"",
    "a value of the feed that the records cannot take",
    "A record's values are checked (Apple's categories, the Podcast Taxonomy, dates with a zone, absolute URLs). A value of the old feed that fails the check is left out or replaced by a placeholder, named here, to fill in before building.",
);

/// `record.import.not-rss`: the document is not an RSS feed.
pub static IMPORT_NOT_RSS: Rule = record(
    "record.import.not-rss",
    "SPEC.md §1.1 (rss and channel)",
    "the document is not an RSS feed",
    "`podfeed import FEED` reads RSS 2.0 feeds: an <rss> root with a <channel>. Nothing is written for anything else.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &RECORD_CONFIG_FORMATS,
    &RECORD_FIELD_TOO_LONG,
    &RECORD_PERSON_ROLE,
    &RECORD_PERSON_GROUP,
    &RECORD_SERIAL_EPISODE,
    &RECORD_SLUG,
    &RECORD_TOO_LARGE,
    &RECORD_TRANSCRIPT_TOO_LARGE,
    &RECORD_IO,
    &RECORD_ENCODING,
    &RECORD_SYNTAX,
    &RECORD_FIELD_UNKNOWN,
    &RECORD_FIELD_MISSING,
    &RECORD_FIELD_TYPE,
    &RECORD_FIELD_EMPTY,
    &RECORD_URL,
    &RECORD_LANGUAGE,
    &RECORD_DURATION,
    &RECORD_DATE,
    &RECORD_NUMBER,
    &RECORD_MIME,
    &RECORD_EMAIL,
    &RECORD_MEDIUM,
    &RECORD_GUID,
    &RECORD_CATEGORY,
    &RECORD_SHOW_UNKNOWN,
    &RECORD_GUID_DUPLICATE,
    &RECORD_MEDIA_MISSING,
    &RECORD_MEDIA_LENGTH,
    &RECORD_TRANSCRIPT_MISSING,
    &RECORD_TRANSCRIPT_INVALID,
    &RECORD_TRANSCRIPT_DUPLICATE,
    &RECORD_TRANSCRIPT_AMBIGUOUS,
    // Item and media tags (issue 12)
    &RECORD_LOCATION,
    &RECORD_LICENSE,
    &RECORD_IMAGE,
    &RECORD_TXT,
    &RECORD_SOUNDBITE,
    &RECORD_ALTERNATE_ENCLOSURE,
    &RECORD_ENCLOSURE_PREFIX,
    // Chapters (issue 12, item 1).
    &RECORD_CHAPTERS_MISSING,
    &RECORD_CHAPTERS_INVALID,
    &RECORD_CHAPTERS_TIMES,
    &RECORD_CHAPTERS_VALUE,
    &RECORD_CHAPTERS_AMBIGUOUS,
    // Show group (issue 12).
    &RECORD_UPDATE_FREQUENCY,
    &RECORD_REMOTE_ITEM,
    &RECORD_SERVICE,
    &RECORD_PROTOCOL,
    &RECORD_VALUE_RECIPIENTS,
    &RECORD_VALUE_ADDRESS,
    &RECORD_VALUE_TIME_SPLIT,
    &RECORD_LIVE,
    // Feed import (issue 13).
    &RECORD_DESCRIPTION_FORMAT,
    &IMPORT_NOT_IMPORTED,
    &IMPORT_LENIENT,
    &IMPORT_GUID_DUPLICATE,
    &IMPORT_ENCLOSURE_LENGTH,
    &IMPORT_VALUE,
    &IMPORT_NOT_RSS,
];
