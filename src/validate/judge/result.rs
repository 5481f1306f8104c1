//! What the edge saw when it requested a link, as plain values: statuses as numbers, the headers
//! that matter as text, the body as bytes. No HTTP library types, so that the judge can be fed
//! a result built by hand.

use std::fmt;

use url::Url;

/// An HTTP status as answered: the code and its reason phrase, when the code has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The numeric code, e.g. 404.
    pub code: u16,
    /// The standard reason phrase, e.g. "Not Found".
    pub reason: Option<&'static str>,
}

impl Status {
    /// Whether the code is 2xx.
    pub fn is_success(self) -> bool {
        (200..300).contains(&self.code)
    }
}

impl fmt::Display for Status {
    /// "404 Not Found", as HTTP libraries print a status.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = self.reason.unwrap_or("<unknown status code>");
        write!(f, "{} {reason}", self.code)
    }
}

/// The response headers a link check reads, each trimmed, absent when missing or not text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-Length`, as sent (for a HEAD, the length of the file, not of the empty body).
    pub content_length: Option<String>,
    /// `Content-Range`, e.g. `bytes 0-1/12345`.
    pub content_range: Option<String>,
    /// `Accept-Ranges`, e.g. `bytes`.
    pub accept_ranges: Option<String>,
}

/// One redirect followed: `from` answered `status` pointing at `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// The URL that redirected.
    pub from: Url,
    /// Where it pointed.
    pub to: Url,
    /// 301, 302, 303, 307 or 308.
    pub status: u16,
}

/// A transport problem: no answer in time, or none at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// Nothing (or not everything) arrived before the timeout.
    Timeout,
    /// The connection failed; the innermost causes in words ("Connection refused").
    Failed(String),
}

/// Why a request brought back no usable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The transport failed (DNS, connect, TLS, timeout).
    Transport(Transport),
    /// A redirect pointed back at a URL already visited: the chain, first URL first.
    Loop(Vec<Url>),
    /// More redirects than the allowed number.
    TooMany(usize),
    /// A redirect whose `Location` is missing, unreadable, not http(s), or private.
    BadRedirect {
        /// The URL that redirected.
        from: Url,
        /// The `Location` as sent.
        location: String,
        /// Why it is not followed.
        reason: &'static str,
    },
}

/// What was read of a response's body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Body {
    /// Not read: the check needs none, or the status was not a success.
    #[default]
    NotRead,
    /// Read up to the check's cap.
    Read {
        /// The bytes read, at most the cap.
        bytes: Vec<u8>,
        /// Whether the body went on past the cap.
        truncated: bool,
    },
    /// Reading it failed.
    Failed(Transport),
}

/// A response as the edge saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The final status, after the redirects.
    pub status: Status,
    /// The redirects followed to reach it.
    pub hops: Vec<Hop>,
    /// The headers that matter.
    pub headers: Headers,
    /// The body, where the check reads it.
    pub body: Body,
}

/// One request: a response, or why there was none.
pub type Exchange = Result<Response, Failure>;

/// Everything the edge saw for one link: the requests a check of its kind makes.
///
/// - enclosure: `head`, then a `get` of `Range: bytes=0-1` (body not read) unless
///   [`super::needs_range_request`] says the HEAD already ended the check;
/// - artwork: a `get` of the first bytes (a range), body read up to the cap;
/// - transcript: a `get`, body read up to the cap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkResult {
    /// Not requested: a private address linked from a public feed (`link.private`).
    pub refused: bool,
    /// The `HEAD` request, if one was sent.
    pub head: Option<Exchange>,
    /// The `GET` request, if one was sent.
    pub get: Option<Exchange>,
}

impl LinkResult {
    /// A link that was not requested because it points at a private address.
    pub fn refused() -> Self {
        LinkResult {
            refused: true,
            ..LinkResult::default()
        }
    }
}
