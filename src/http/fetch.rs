//! Fetching a published feed: redirects reported one by one, a size limit enforced while the body
//! streams in, conditional requests from the cache, and the Content-Type checked.

use reqwest::header::{
    CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use reqwest::{Method, StatusCode};
use url::Url;

use super::cache::CacheEntry;
use super::request::{self, Failure, Hop};
use super::retry::RetryPolicy;
use crate::config::ValidateConfig;
use crate::diagnostic::Diagnostic;
use crate::mime;

/// How a feed is fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Largest body read, in bytes (after decompression, so a gzip bomb is stopped too).
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Retries of a throttled (429/503) request.
    pub retry: RetryPolicy,
    /// Whether a redirect to a private address literal is refused (a public feed's fetch, issue
    /// 16); names are judged after DNS by the client's [`super::Guard`].
    pub refuse_private: bool,
}

impl FetchOptions {
    /// Options from `[validate]`, with 10 redirects and the default retry policy.
    pub fn from_config(cfg: &ValidateConfig) -> Self {
        FetchOptions {
            max_bytes: cfg.max_feed_bytes,
            ..FetchOptions::default()
        }
    }
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            max_bytes: ValidateConfig::default().max_feed_bytes,
            max_redirects: 10,
            retry: RetryPolicy::default(),
            refuse_private: false,
        }
    }
}

/// The outcome of a successful fetch.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// The server sent the feed.
    Feed(FeedBody),
    /// The server answered `304 Not Modified` to a conditional request: unchanged since the run
    /// that stored the cache entry.
    NotModified {
        /// The URL that answered.
        url: Url,
        /// Redirect findings.
        diagnostics: Vec<Diagnostic>,
    },
}

impl Fetched {
    /// Findings about the fetch itself (redirects, Content-Type).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Fetched::Feed(f) => &f.diagnostics,
            Fetched::NotModified { diagnostics, .. } => diagnostics,
        }
    }
}

/// A feed as served.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedBody {
    /// The URL that served it, after redirects.
    pub url: Url,
    /// The status it came with (a 2xx).
    pub status: StatusCode,
    /// The body, decompressed, at most `max_bytes` long.
    pub bytes: Vec<u8>,
    /// The Content-Type header, if any.
    pub content_type: Option<String>,
    /// `ETag`/`Last-Modified` to store for the next run (empty when the server sent neither).
    pub cache: CacheEntry,
    /// Findings about the fetch: redirects and the Content-Type.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a feed could not be fetched. Each message names the URL and what happened; the command
/// exits 4 (`Exit::Fetch`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The server answered with an error status (4xx, 5xx) or an unexpected one.
    #[error("{url}: the server answered {status}")]
    Status {
        /// The URL that answered.
        url: Url,
        /// The status.
        status: StatusCode,
    },
    /// No answer (or no whole body) within the timeout.
    #[error("{url}: timed out waiting for the server")]
    Timeout {
        /// The URL requested.
        url: Url,
    },
    /// The host name did not resolve, or the connection was refused or failed.
    #[error("{url}: could not connect: {detail}")]
    Connect {
        /// The URL requested.
        url: Url,
        /// The system's words (e.g. "dns error: …", "Connection refused").
        detail: String,
    },
    /// Any other transport failure (TLS, a broken body, a bad encoding).
    #[error("{url}: request failed: {detail}")]
    Request {
        /// The URL requested.
        url: Url,
        /// What went wrong.
        detail: String,
    },
    /// A redirect pointed back at a URL already visited.
    #[error("{url}: redirect loop: {}", chain.iter().map(Url::as_str).collect::<Vec<_>>().join(" -> "))]
    RedirectLoop {
        /// The URL requested.
        url: Url,
        /// Every URL visited, the repeated one last.
        chain: Vec<Url>,
    },
    /// More redirects than allowed.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects {
        /// The URL requested.
        url: Url,
        /// The limit.
        max: usize,
    },
    /// A redirect with no usable target, e.g. to `file://` or `ftp://`.
    #[error("{from}: redirect to {location:?} refused: {reason}")]
    BadRedirect {
        /// The URL that redirected.
        from: Url,
        /// The `Location` header as sent.
        location: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The body went past the size limit.
    #[error("{url}: the feed is larger than the limit of {limit} bytes (max_feed_bytes)")]
    TooLarge {
        /// The URL that served it.
        url: Url,
        /// The limit.
        limit: u64,
    },
}

impl FetchError {
    /// The status the server answered with, when the failure is that status.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Maps a transport error at `url` to the variant that says what happened.
    pub(crate) fn transport(url: Url, error: &reqwest::Error) -> Self {
        let detail = request::describe(error);
        if error.is_timeout() {
            FetchError::Timeout { url }
        } else if error.is_connect() {
            FetchError::Connect { url, detail }
        } else {
            FetchError::Request { url, detail }
        }
    }

    fn from_failure(start: &Url, failure: Failure) -> Self {
        match failure {
            Failure::Transport { url, error } => FetchError::transport(url, &error),
            Failure::Loop { chain } => FetchError::RedirectLoop {
                url: start.clone(),
                chain,
            },
            Failure::TooMany { max } => FetchError::TooManyRedirects {
                url: start.clone(),
                max,
            },
            Failure::BadRedirect {
                from,
                location,
                reason,
            } => FetchError::BadRedirect {
                from,
                location,
                reason,
            },
        }
    }
}

/// Fetches the feed at `url`. With a `cache` entry the request is conditional and a `304`
/// gives [`Fetched::NotModified`].
pub async fn fetch_feed(
    client: &reqwest::Client,
    url: &Url,
    opts: &FetchOptions,
    cache: Option<&CacheEntry>,
) -> Result<Fetched, FetchError> {
    let headers = conditional_headers(cache);
    let answer = request::send(
        client,
        Method::GET,
        url,
        &headers,
        request::Redirects {
            max: opts.max_redirects,
            refuse_private: opts.refuse_private,
        },
        &opts.retry,
    )
    .await
    .map_err(|f| FetchError::from_failure(url, f))?;
    let mut diagnostics: Vec<Diagnostic> = answer.hops.iter().map(redirect_diagnostic).collect();
    let final_url = answer.url().clone();
    let response = answer.response;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified {
            url: final_url,
            diagnostics,
        });
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            url: final_url,
            status,
        });
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(CONTENT_TYPE);
    let cache = CacheEntry {
        etag: header(ETAG),
        last_modified: header(LAST_MODIFIED),
        ..CacheEntry::default()
    };
    diagnostics.extend(content_type_diagnostic(&final_url, content_type.as_deref()));
    let body = request::read_capped(response, opts.max_bytes)
        .await
        .map_err(|e| FetchError::transport(final_url.clone(), &e))?;
    if body.truncated {
        return Err(FetchError::TooLarge {
            url: final_url,
            limit: opts.max_bytes,
        });
    }
    Ok(Fetched::Feed(FeedBody {
        url: final_url,
        status,
        bytes: body.bytes,
        content_type,
        cache,
        diagnostics,
    }))
}

/// `If-None-Match` / `If-Modified-Since` from a cache entry.
fn conditional_headers(cache: Option<&CacheEntry>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let Some(entry) = cache else {
        return headers;
    };
    if let Some(v) = entry
        .etag
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        headers.insert(IF_NONE_MATCH, v);
    }
    if let Some(v) = entry
        .last_modified
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        headers.insert(IF_MODIFIED_SINCE, v);
    }
    headers
}

/// A permanent redirect is news (update the feed URL you publish); a temporary one on a feed is
/// a warning, since podcast apps keep polling the old URL and any hop can break.
pub(crate) fn redirect_diagnostic(hop: &Hop) -> Diagnostic {
    let code = hop.status.as_u16();
    if code == 301 || code == 308 {
        Diagnostic::new(
            &crate::rules::links::FETCH_REDIRECT_PERMANENT,
            format!(
                "{} moved permanently ({code}) to {}",
                hop.from.as_str(),
                hop.to.as_str()
            ),
        )
        .help(format!("use {} as the feed URL", hop.to.as_str()))
    } else {
        Diagnostic::new(
            &crate::rules::links::FETCH_REDIRECT_TEMPORARY,
            format!(
                "{} redirects temporarily ({code}) to {}",
                hop.from.as_str(),
                hop.to.as_str()
            ),
        )
        .help("serve the feed at its URL, or use a permanent redirect (301/308) if it has moved")
    }
}

/// `fetch.content-type`: a feed should be served as XML.
fn content_type_diagnostic(url: &Url, content_type: Option<&str>) -> Option<Diagnostic> {
    let help = "serve the feed as application/rss+xml or application/xml";
    match content_type {
        Some(ct) if mime::is_feed_type(ct) => None,
        Some(ct) => Some(
            Diagnostic::new(
                &crate::rules::links::FETCH_CONTENT_TYPE,
                format!(
                    "{} is served as {}, not as XML",
                    url.as_str(),
                    mime::essence(ct)
                ),
            )
            .help(help),
        ),
        None => Some(
            Diagnostic::new(
                &crate::rules::links::FETCH_CONTENT_TYPE,
                format!("{} is served with no Content-Type", url.as_str()),
            )
            .help(help),
        ),
    }
}
