//! Turning a failed or non-success request into a link diagnostic (`link.status`,
//! `link.timeout`, `link.unreachable`, `link.redirect`).

use reqwest::StatusCode;
use url::Url;

use super::request::{self, Failure};
use crate::diagnostic::Diagnostic;

/// A request for a `noun` at `url` that brought back nothing usable.
pub(crate) fn failure(noun: &str, url: &Url, failure: &Failure) -> Diagnostic {
    let at = url.as_str();
    match failure {
        Failure::Transport { error, .. } if error.is_timeout() => Diagnostic::new(
            &crate::rules::links::LINK_TIMEOUT,
            format!("{noun} {at}: no answer before the timeout"),
        ),
        Failure::Transport { error, .. } => Diagnostic::new(
            &crate::rules::links::LINK_UNREACHABLE,
            format!("{noun} {at}: {}", request::describe(error)),
        ),
        Failure::Loop { chain } => Diagnostic::new(
            &crate::rules::links::LINK_REDIRECT,
            format!(
                "{noun} {at}: redirect loop: {}",
                chain
                    .iter()
                    .map(Url::as_str)
                    .collect::<Vec<_>>()
                    .join(" -> ")
            ),
        ),
        Failure::TooMany { max } => Diagnostic::new(
            &crate::rules::links::LINK_REDIRECT,
            format!("{noun} {at}: more than {max} redirects"),
        ),
        Failure::BadRedirect {
            from,
            location,
            reason,
        } => Diagnostic::new(
            &crate::rules::links::LINK_REDIRECT,
            format!(
                "{noun} {at}: {} redirects to {location:?}: {reason}",
                from.as_str()
            ),
        ),
    }
}

/// `link.status`: the server answered with an error.
pub(crate) fn status(noun: &str, url: &Url, status: StatusCode) -> Diagnostic {
    Diagnostic::new(
        &crate::rules::links::LINK_STATUS,
        format!("{noun} {}: the server answered {status}", url.as_str()),
    )
}

/// A transport error while reading a body.
pub(crate) fn body_error(noun: &str, url: &Url, error: &reqwest::Error) -> Diagnostic {
    if error.is_timeout() {
        Diagnostic::new(
            &crate::rules::links::LINK_TIMEOUT,
            format!(
                "{noun} {}: the body did not arrive before the timeout",
                url.as_str()
            ),
        )
    } else {
        Diagnostic::new(
            &crate::rules::links::LINK_UNREACHABLE,
            format!(
                "{noun} {}: reading the body failed: {}",
                url.as_str(),
                request::describe(error)
            ),
        )
    }
}

/// A response header as text.
pub(crate) fn header(
    response: &reqwest::Response,
    name: reqwest::header::HeaderName,
) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
}
