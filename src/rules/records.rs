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
    // Feed import (issue 13).
    &RECORD_DESCRIPTION_FORMAT,
    &IMPORT_NOT_IMPORTED,
    &IMPORT_LENIENT,
    &IMPORT_GUID_DUPLICATE,
    &IMPORT_ENCLOSURE_LENGTH,
    &IMPORT_VALUE,
    &IMPORT_NOT_RSS,
];
