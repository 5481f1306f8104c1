//! What the server answers for one link: the requests its kind needs, sent with the link
//! options' redirect and retry limits, each answer written down as a core
//! [`LinkResult`](crate::validate::judge::LinkResult) value. Nothing here judges: whether an
//! answer is a problem is the core's [`judge`](crate::validate::judge) to say.

use reqwest::Method;
use reqwest::header::{
    ACCEPT_RANGES, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue,
    RANGE,
};
use url::Url;

use super::request::{self, Failure as SendFailure, Redirects};
use super::retry::RetryPolicy;
use crate::validate::judge::{
    self, Body, Exchange, Failure, Headers, Hop, LinkResult, Response, Status, Transport,
};
use crate::validate::links::LinkKind;

/// How the requests of a link are sent and how much of a body is read.
pub(super) struct Observer<'a> {
    /// The run's client.
    pub(super) client: &'a reqwest::Client,
    /// Which redirects are followed.
    pub(super) redirects: Redirects,
    /// Retries of throttled answers.
    pub(super) retry: &'a RetryPolicy,
    /// Bytes of artwork read to find its format and size.
    pub(super) artwork_bytes: u64,
    /// Largest transcript read.
    pub(super) transcript_max_bytes: u64,
}

impl Observer<'_> {
    /// Requests the link to `url` of `kind` as its check needs, and records the answers.
    pub(super) async fn observe(&self, url: &Url, kind: &LinkKind) -> LinkResult {
        match kind {
            LinkKind::Enclosure { .. } => {
                let head = self
                    .exchange(Method::HEAD, url, HeaderMap::new(), None)
                    .await;
                // The answer to `Range: bytes=0-1` is dropped unread: that closes the connection
                // of a 200 for a whole file.
                let get = if judge::needs_range_request(&head) {
                    Some(self.exchange(Method::GET, url, range(1), None).await)
                } else {
                    None
                };
                LinkResult {
                    refused: false,
                    head: Some(head),
                    get,
                }
            }
            LinkKind::Artwork | LinkKind::Image => {
                let cap = self.artwork_bytes.max(1);
                let get = self
                    .exchange(Method::GET, url, range(cap - 1), Some(cap))
                    .await;
                got(get)
            }
            // A chapters file is read whole, capped like a transcript.
            LinkKind::Transcript { .. } | LinkKind::Chapters { .. } => {
                let cap = Some(self.transcript_max_bytes);
                got(self.exchange(Method::GET, url, HeaderMap::new(), cap).await)
            }
        }
    }

    /// Sends `method url` with `headers`; with `body_cap`, the body of a success is read up to
    /// that many bytes.
    async fn exchange(
        &self,
        method: Method,
        url: &Url,
        headers: HeaderMap,
        body_cap: Option<u64>,
    ) -> Exchange {
        let answer = request::send(
            self.client,
            method,
            url,
            &headers,
            self.redirects,
            self.retry,
        )
        .await
        .map_err(failure)?;
        let response = answer.response;
        let code = response.status();
        let status = Status {
            code: code.as_u16(),
            reason: code.canonical_reason(),
        };
        let headers = seen_headers(response.headers());
        let body = match body_cap {
            Some(cap) if status.is_success() => match request::read_capped(response, cap).await {
                Ok(b) => Body::Read {
                    bytes: b.bytes,
                    truncated: b.truncated,
                },
                Err(e) => Body::Failed(transport(&e)),
            },
            _ => Body::NotRead,
        };
        let hops = answer
            .hops
            .into_iter()
            .map(|h| Hop {
                from: h.from,
                to: h.to,
                status: h.status.as_u16(),
            })
            .collect();
        Ok(Response {
            status,
            hops,
            headers,
            body,
        })
    }
}

/// A result of one `GET`.
fn got(get: Exchange) -> LinkResult {
    LinkResult {
        refused: false,
        head: None,
        get: Some(get),
    }
}

/// `Range: bytes=0-{last}`.
fn range(last: u64) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&format!("bytes=0-{last}")) {
        headers.insert(RANGE, v);
    }
    headers
}

/// The headers the judge reads.
fn seen_headers(headers: &HeaderMap) -> Headers {
    let text = |name: HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned())
    };
    Headers {
        content_type: text(CONTENT_TYPE),
        content_length: text(CONTENT_LENGTH),
        content_range: text(CONTENT_RANGE),
        accept_ranges: text(ACCEPT_RANGES),
    }
}

/// A transport error as the core's value.
fn transport(error: &reqwest::Error) -> Transport {
    if error.is_timeout() {
        Transport::Timeout
    } else {
        Transport::Failed(request::describe(error))
    }
}

/// A failed request as the core's value.
fn failure(f: SendFailure) -> Failure {
    match f {
        SendFailure::Transport { error, .. } => Failure::Transport(transport(&error)),
        SendFailure::Loop { chain } => Failure::Loop(chain),
        SendFailure::TooMany { max } => Failure::TooMany(max),
        SendFailure::BadRedirect {
            from,
            location,
            reason,
        } => Failure::BadRedirect {
            from,
            location,
            reason,
        },
    }
}
