//! One request of a link check: sent with the link options' redirect and retry limits, and a
//! failed request or an error status turned into the link's diagnostic (see [`super::outcome`]),
//! so that each check reads as "get the response, or report why not".

use reqwest::header::HeaderMap;
use reqwest::{Method, Response};
use url::Url;

use super::links::LinkOptions;
use super::{outcome, request};
use crate::diagnostic::Diagnostic;

/// Sends `method url` with `headers` for a check of a `noun` (e.g. "artwork"). The response,
/// whatever its status; `Err` is the diagnostic of a request that brought back nothing usable.
pub(crate) async fn send(
    client: &reqwest::Client,
    method: Method,
    url: &Url,
    headers: &HeaderMap,
    opts: &LinkOptions,
    noun: &str,
) -> Result<Response, Diagnostic> {
    request::send(
        client,
        method,
        url,
        headers,
        request::Redirects {
            max: opts.max_redirects,
            refuse_private: opts.refuse_private,
        },
        &opts.retry,
    )
    .await
    .map(|answer| answer.response)
    .map_err(|f| outcome::failure(noun, url, &f))
}

/// Like [`send`] for a `GET`, also refusing a response whose status is not a success
/// (`link.status`).
pub(crate) async fn get_ok(
    client: &reqwest::Client,
    url: &Url,
    headers: &HeaderMap,
    opts: &LinkOptions,
    noun: &str,
) -> Result<Response, Diagnostic> {
    let response = send(client, Method::GET, url, headers, opts, noun).await?;
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(outcome::status(noun, url, response.status()))
    }
}
