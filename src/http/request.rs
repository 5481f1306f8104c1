//! One logical request: redirects followed hop by hop (the client follows none), throttled
//! answers retried, and bodies read with a byte cap. Shared by the feed fetch and the link checks.

use std::collections::HashSet;
use std::time::SystemTime;

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use reqwest::{Method, Response, StatusCode};
use url::Url;

use super::retry::RetryPolicy;
use crate::validate::judge::is_private;

/// One redirect followed: `from` answered `status` pointing at `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// The URL that redirected.
    pub from: Url,
    /// Where it pointed.
    pub to: Url,
    /// 301, 302, 303, 307 or 308.
    pub status: StatusCode,
}

/// Why a request brought back no usable response.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The transport failed (DNS, connect, TLS, timeout) at `url`.
    Transport { url: Url, error: reqwest::Error },
    /// A redirect pointed back at a URL already visited.
    Loop { chain: Vec<Url> },
    /// More redirects than allowed.
    TooMany { max: usize },
    /// A redirect whose `Location` is missing, unreadable or not http(s).
    BadRedirect {
        from: Url,
        location: String,
        reason: &'static str,
    },
}

/// Which redirects a request follows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Redirects {
    /// How many, at most.
    pub max: usize,
    /// Whether a redirect to a private address ([`is_private`]) is refused.
    pub refuse_private: bool,
}

/// The final response and the redirects taken to reach it.
pub(crate) struct Answer {
    pub response: Response,
    pub hops: Vec<Hop>,
}

impl Answer {
    /// The URL that gave the final response.
    pub fn url(&self) -> &Url {
        self.response.url()
    }
}

/// Sends `method url` with `headers`, following `redirects` and retrying 429/503 per `retry`. A
/// final 429/503 after the last try is returned as the answer.
pub(crate) async fn send(
    client: &reqwest::Client,
    method: Method,
    url: &Url,
    headers: &HeaderMap,
    redirects: Redirects,
    retry: &RetryPolicy,
) -> Result<Answer, Failure> {
    let mut attempt = 1;
    loop {
        let answer = follow(client, method.clone(), url, headers, redirects).await?;
        let status = answer.response.status();
        if !RetryPolicy::retries(status) || attempt >= retry.max_tries.max(1) {
            return Ok(answer);
        }
        let asked = answer
            .response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok());
        let wait = retry.wait(attempt, asked, SystemTime::now());
        drop(answer);
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

/// Sends one request and follows redirects by hand.
async fn follow(
    client: &reqwest::Client,
    method: Method,
    start: &Url,
    headers: &HeaderMap,
    redirects: Redirects,
) -> Result<Answer, Failure> {
    let max_hops = redirects.max;
    let mut url = start.clone();
    let mut seen = HashSet::from([start.clone()]);
    let mut chain = vec![start.clone()];
    let mut hops = Vec::new();
    loop {
        let response = client
            .request(method.clone(), url.clone())
            .headers(headers.clone())
            .send()
            .await
            .map_err(|error| Failure::Transport {
                url: url.clone(),
                error,
            })?;
        let status = response.status();
        if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
            return Ok(Answer { response, hops });
        }
        let to = next_url(&url, response.headers()).map_err(|(location, reason)| {
            Failure::BadRedirect {
                from: url.clone(),
                location,
                reason,
            }
        })?;
        if redirects.refuse_private && is_private(&to) {
            return Err(Failure::BadRedirect {
                from: url,
                location: to.to_string(),
                reason: "a private address, not requested for a public feed",
            });
        }
        chain.push(to.clone());
        if !seen.insert(to.clone()) {
            return Err(Failure::Loop { chain });
        }
        if hops.len() >= max_hops {
            return Err(Failure::TooMany { max: max_hops });
        }
        hops.push(Hop {
            from: url,
            to: to.clone(),
            status,
        });
        url = to;
    }
}

/// The target of a redirect from `from`, refused unless it is http or https (DESIGN.md pitfalls:
/// a redirect to `file://` is a failed fetch, never a success).
fn next_url(from: &Url, headers: &HeaderMap) -> Result<Url, (String, &'static str)> {
    let bad = |location: &str, reason| (location.to_owned(), reason);
    let Some(raw) = headers.get(LOCATION) else {
        return Err(bad("", "no Location header"));
    };
    let location = String::from_utf8_lossy(raw.as_bytes()).into_owned();
    let to = from
        .join(&location)
        .map_err(|_| bad(&location, "not a URL"))?;
    if to.scheme() != "http" && to.scheme() != "https" {
        return Err(bad(&location, "not an http or https URL"));
    }
    Ok(to)
}

/// A body cut short by the cap, or read whole.
pub(crate) struct Body {
    /// The bytes read, at most the cap.
    pub bytes: Vec<u8>,
    /// Whether the body went on past the cap.
    pub truncated: bool,
}

/// Reads at most `cap` bytes of the body, chunk by chunk, never holding more than `cap` plus one
/// chunk; Content-Length is not trusted.
pub(crate) async fn read_capped(mut response: Response, cap: u64) -> Result<Body, reqwest::Error> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = cap.saturating_sub(bytes.len());
        if chunk.len() > room {
            bytes.extend_from_slice(chunk.get(..room).unwrap_or_default());
            return Ok(Body {
                bytes,
                truncated: true,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body {
        bytes,
        truncated: false,
    })
}

/// A transport error in words: the innermost causes, which say what actually happened
/// ("dns error: failed to lookup address", "Connection refused").
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}
