//! The registry entries of the rules of `podfeed validate`'s link checks (skipped with
//! `--no-links`) and of fetching a feed: what
//! the servers behind the feed's URLs answer. The checks live in `src/http/`.

use super::{Family, Rule};
use crate::diagnostic::Severity::{self, Error, Info, Warning};

/// Shorthand for a rule of the network families.
const fn net(
    id: &'static str,
    severity: Severity,
    family: Family,
    spec: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        family,
        summary,
        explanation,
        spec,
    }
}

const L: Family = Family::Links;
const F: Family = Family::Fetch;

/// `link.private`: a public feed links to a private or loopback address.
pub static LINK_PRIVATE: Rule = net(
    "link.private",
    Error,
    L,
    "DESIGN.md \"Pitfalls\" (private addresses)",
    "a public feed links to a private or loopback address",
    "A feed served from a public host links to 127.0.0.1, 10.x, 172.16–31.x, 192.168.x, 169.254.x, ::1 or fc00::/7: apps cannot reach it, and podfeed does not request it (so a feed cannot make the validator probe a private network). Host names are not resolved for this check.",
);

/// `link.not-checked`: the feed has more distinct links than one check requests.
pub static LINK_NOT_CHECKED: Rule = net(
    "link.not-checked",
    Warning,
    L,
    "DESIGN.md \"Records\" ([validate] limits); README \"Validate\"",
    "the feed has more distinct links than podfeed checks in one feed",
    "podfeed requests at most `[validate] max_links` distinct links of one feed (50,000 by default: a 10,000-episode show with artwork and two transcripts an episode has about 40,000), in the feed's order, so that a feed cannot make the validator send millions of requests. The rest are not checked; raise the limit in config.toml for a larger show.",
);

/// `link.status`: a link's server answered with an error status.
pub static LINK_STATUS: Rule = net(
    "link.status",
    Error,
    L,
    "SPEC.md §0 (links must be publicly fetchable)",
    "a link's server answered with an error status",
    "The server answered 4xx or 5xx: apps cannot fetch the enclosure, artwork or transcript. Fix the URL in the records or publish the missing file.",
);

/// `link.timeout`: a link's server did not answer in time.
pub static LINK_TIMEOUT: Rule = net(
    "link.timeout",
    Error,
    L,
    "SPEC.md §0 (links must be publicly fetchable)",
    "a link's server did not answer in time",
    "No answer (or no complete body) arrived before the timeout. Apps give up in the same way; check the host and the URL.",
);

/// `link.unreachable`: a link's server could not be reached.
pub static LINK_UNREACHABLE: Rule = net(
    "link.unreachable",
    Error,
    L,
    "SPEC.md §0 (links must be publicly fetchable)",
    "a link's server could not be reached",
    "The connection failed: the host name does not resolve, the connection was refused or reset, or TLS failed. The message names the cause.",
);

/// `link.redirect`: a link's redirects loop, go on too long or lead nowhere usable.
pub static LINK_REDIRECT: Rule = net(
    "link.redirect",
    Error,
    L,
    "DESIGN.md \"Pitfalls\" (a redirect not followed is a failed fetch)",
    "a link's redirects loop, go on too long or lead nowhere usable",
    "Following the link's redirects ended in a loop, more hops than allowed, or a Location that is not an http(s) URL. Apps fail on it in the same way; link to the final URL.",
);

/// `link.enclosure.head`: the media host refuses HEAD requests.
pub static LINK_ENCLOSURE_HEAD: Rule = net(
    "link.enclosure.head",
    Error,
    L,
    "SPEC.md §0 (Apple partner FAQ: HEAD)",
    "the media host refuses HEAD requests",
    "Apple requires the host of an enclosure to answer HTTP HEAD requests (405 or 501 fails); Apple reads the size and type that way.",
);

/// `link.enclosure.range`: the media host does not serve byte ranges.
pub static LINK_ENCLOSURE_RANGE: Rule = net(
    "link.enclosure.range",
    Error,
    L,
    "SPEC.md §0 (Apple partner FAQ: byte-range requests)",
    "the media host does not serve byte ranges",
    "Apple requires the media host to support byte-range requests: a request with Range: bytes=0-1 must be answered 206 Partial Content. Without it apps cannot seek or resume downloads.",
);

/// `link.enclosure.length`: the enclosure length differs from the served file's size.
pub static LINK_ENCLOSURE_LENGTH: Rule = net(
    "link.enclosure.length",
    Warning,
    L,
    "SPEC.md §1.3 (`enclosure` length)",
    "the enclosure length differs from the served file's size",
    "The feed's enclosure length (in bytes) differs from the Content-Length (or Content-Range total) the server reports. Apps show wrong sizes and some refuse the download. A length of 0 means unknown and is not compared.",
);

/// `link.enclosure.type`: the enclosure type differs from the served Content-Type.
pub static LINK_ENCLOSURE_TYPE: Rule = net(
    "link.enclosure.type",
    Warning,
    L,
    "SPEC.md §1.3 (`enclosure` type); DESIGN.md \"Pitfalls\" (MIME essence)",
    "the enclosure type differs from the served Content-Type",
    "The feed's enclosure type and the server's Content-Type disagree, compared by MIME essence (parameters such as charset are ignored). Make them agree.",
);

/// `link.artwork.format`: the artwork is not a JPEG or PNG image.
pub static LINK_ARTWORK_FORMAT: Rule = net(
    "link.artwork.format",
    Error,
    L,
    "SPEC.md §1.2 (`itunes:image`)",
    "the artwork is not a JPEG or PNG image",
    "Apple requires show and episode artwork to be JPEG or PNG; other formats, or bytes that are not an image, are rejected.",
);

/// `link.artwork.size`: the artwork is not square, from 1400×1400 to 3000×3000 pixels.
pub static LINK_ARTWORK_SIZE: Rule = net(
    "link.artwork.size",
    Error,
    L,
    "SPEC.md §1.2 (`itunes:image`)",
    "the artwork is not square, from 1400×1400 to 3000×3000 pixels",
    "Apple requires square artwork from 1400×1400 to 3000×3000 pixels. When the image's first bytes do not tell its size, the finding is a warning instead.",
);

/// `link.artwork.colorspace`: the artwork is greyscale or CMYK, not RGB.
pub static LINK_ARTWORK_COLORSPACE: Rule = net(
    "link.artwork.colorspace",
    Warning,
    L,
    "SPEC.md §1.2 (`itunes:image`: RGB)",
    "the artwork is greyscale or CMYK, not RGB",
    "Apple asks for artwork in the RGB colour space; greyscale and CMYK images may be shown wrongly or refused.",
);

/// `link.transcript.type`: the transcript type differs from the served Content-Type.
pub static LINK_TRANSCRIPT_TYPE: Rule = net(
    "link.transcript.type",
    Warning,
    L,
    "SPEC.md §2 (`type`); DESIGN.md \"Pitfalls\" (MIME essence)",
    "the transcript type differs from the served Content-Type",
    "The type attribute of <podcast:transcript> and the server's Content-Type disagree, compared by MIME essence. Apps pick a reader by type.",
);

/// `link.transcript.size`: the served transcript is larger than podfeed reads.
pub static LINK_TRANSCRIPT_SIZE: Rule = net(
    "link.transcript.size",
    Warning,
    L,
    "SPEC.md §2",
    "the served transcript is larger than podfeed reads",
    "The transcript is larger than the limit podfeed reads (a few megabytes), so it was not checked further.",
);

/// `link.transcript.parse`: the served transcript does not read in its declared format.
pub static LINK_TRANSCRIPT_PARSE: Rule = net(
    "link.transcript.parse",
    Error,
    L,
    "SPEC.md §3",
    "the served transcript does not read in its declared format",
    "The transcript fetched from its URL is not valid in the format its type declares (WebVTT, SRT, JSON, HTML). Apps show nothing, or garbage.",
);

/// `link.transcript.differs`: the served transcript differs from the local one.
pub static LINK_TRANSCRIPT_DIFFERS: Rule = net(
    "link.transcript.differs",
    Warning,
    L,
    "DESIGN.md \"Transcripts\"",
    "the served transcript differs from the local one",
    "The transcript on the server does not match the one the records produce: an upload is missing or old. Publish the site again.",
);

/// `link.chapters.size`: the served chapters file is larger than podfeed reads.
pub static LINK_CHAPTERS_SIZE: Rule = net(
    "link.chapters.size",
    Warning,
    L,
    "SPEC.md §5.1",
    "the served chapters file is larger than podfeed reads",
    "The chapters file is larger than the limit podfeed reads (the transcripts' limit, a few megabytes), so it was not checked further. A chapters file that large is rarely what was meant.",
);

/// `link.chapters.parse`: the served chapters file does not read as JSON chapters.
pub static LINK_CHAPTERS_PARSE: Rule = net(
    "link.chapters.parse",
    Error,
    L,
    "SPEC.md §5.1 (JSON chapters)",
    "the served chapters file does not read as JSON chapters",
    "The file that <podcast:chapters url> links is not a JSON chapters file (an object with \"version\" and \"chapters\"): apps show no chapters.",
);

/// `link.chapters.invalid`: the served chapters file breaks the chapters format's rules.
pub static LINK_CHAPTERS_INVALID: Rule = net(
    "link.chapters.invalid",
    Error,
    L,
    "SPEC.md §5.1 (version required; ascending startTime; img and url are URLs)",
    "the served chapters file breaks the chapters format's rules",
    "The served chapters file reads, but has no version or chapter, a chapter out of order or after the episode's itunes:duration, an end before its start, an img or url that is not an absolute http(s) URL, or a location without a name or geo URI: the checks a local chapters file gets (record.chapters.times, record.chapters.value).",
);

/// `fetch.redirect.permanent`: the feed URL redirects permanently.
pub static FETCH_REDIRECT_PERMANENT: Rule = net(
    "fetch.redirect.permanent",
    Info,
    F,
    "SPEC.md §1.2 (`itunes:new-feed-url`)",
    "the feed URL redirects permanently",
    "The feed URL answers 301 or 308: the feed has moved. Apps follow it, but publish and submit the new URL.",
);

/// `fetch.redirect.temporary`: the feed URL redirects temporarily.
pub static FETCH_REDIRECT_TEMPORARY: Rule = net(
    "fetch.redirect.temporary",
    Warning,
    F,
    "SPEC.md §1.2 (`itunes:new-feed-url`)",
    "the feed URL redirects temporarily",
    "The feed URL answers 302, 303 or 307: apps keep polling the old URL, and every hop can break. Serve the feed at its URL, or redirect permanently (301/308) if it has moved.",
);

/// `fetch.content-type`: the feed is not served with an XML Content-Type.
pub static FETCH_CONTENT_TYPE: Rule = net(
    "fetch.content-type",
    Warning,
    F,
    "DESIGN.md \"Pitfalls\" (feeds served as XML)",
    "the feed is not served with an XML Content-Type",
    "A feed should be served as application/rss+xml or application/xml (text/xml also works); other types, or none, make some apps and browsers refuse or mis-handle it.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &LINK_PRIVATE,
    &LINK_NOT_CHECKED,
    &LINK_STATUS,
    &LINK_TIMEOUT,
    &LINK_UNREACHABLE,
    &LINK_REDIRECT,
    &LINK_ENCLOSURE_HEAD,
    &LINK_ENCLOSURE_RANGE,
    &LINK_ENCLOSURE_LENGTH,
    &LINK_ENCLOSURE_TYPE,
    &LINK_ARTWORK_FORMAT,
    &LINK_ARTWORK_SIZE,
    &LINK_ARTWORK_COLORSPACE,
    &LINK_TRANSCRIPT_TYPE,
    &LINK_TRANSCRIPT_SIZE,
    &LINK_TRANSCRIPT_PARSE,
    &LINK_TRANSCRIPT_DIFFERS,
    &LINK_CHAPTERS_SIZE,
    &LINK_CHAPTERS_PARSE,
    &LINK_CHAPTERS_INVALID,
    &FETCH_REDIRECT_PERMANENT,
    &FETCH_REDIRECT_TEMPORARY,
    &FETCH_CONTENT_TYPE,
];
