//! The findings every kind of link shares: a request that brought back nothing usable
//! (`link.timeout`, `link.unreachable`, `link.redirect`), an error status (`link.status`), a body
//! that did not arrive and a private address (`link.private`).

use url::Url;

use super::result::{Failure, LinkResult, Response, Status, Transport};
use crate::diagnostic::Diagnostic;

/// A request for a `noun` at `url` that brought back nothing usable.
pub(super) fn failure(noun: &str, url: &Url, failure: &Failure) -> Diagnostic {
    let at = url.as_str();
    match failure {
        Failure::Transport(Transport::Timeout) => Diagnostic::new(
            &crate::rules::links::LINK_TIMEOUT,
            format!("{noun} {at}: no answer before the timeout"),
        ),
        Failure::Transport(Transport::Failed(why)) => Diagnostic::new(
            &crate::rules::links::LINK_UNREACHABLE,
            format!("{noun} {at}: {why}"),
        ),
        Failure::Loop(chain) => Diagnostic::new(
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
        Failure::TooMany(max) => Diagnostic::new(
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

/// The successful answer to the link's `GET`, or the finding that says why there is none
/// (no finding when no `GET` was sent).
pub(super) fn successful_get<'a>(
    noun: &str,
    url: &Url,
    result: &'a LinkResult,
) -> Result<&'a Response, Option<Diagnostic>> {
    match &result.get {
        None => Err(None),
        Some(Err(f)) => Err(Some(failure(noun, url, f))),
        Some(Ok(r)) if !r.status.is_success() => Err(Some(status(noun, url, r.status))),
        Some(Ok(r)) => Ok(r),
    }
}

/// `link.status`: the server answered with an error.
pub(super) fn status(noun: &str, url: &Url, status: Status) -> Diagnostic {
    Diagnostic::new(
        &crate::rules::links::LINK_STATUS,
        format!("{noun} {}: the server answered {status}", url.as_str()),
    )
}

/// A transport problem while reading a body.
pub(super) fn body_error(noun: &str, url: &Url, error: &Transport) -> Diagnostic {
    match error {
        Transport::Timeout => Diagnostic::new(
            &crate::rules::links::LINK_TIMEOUT,
            format!(
                "{noun} {}: the body did not arrive before the timeout",
                url.as_str()
            ),
        ),
        Transport::Failed(why) => Diagnostic::new(
            &crate::rules::links::LINK_UNREACHABLE,
            format!("{noun} {}: reading the body failed: {why}", url.as_str()),
        ),
    }
}

/// `link.private`: not requested, because a public feed's listeners cannot reach it.
pub(super) fn private(noun: &str, url: &Url) -> Diagnostic {
    Diagnostic::new(
        &crate::rules::links::LINK_PRIVATE,
        format!(
            "{noun} {} points at a private address; not requested for a public feed",
            url.as_str()
        ),
    )
    .help("a public feed's listeners cannot reach a private address: link the public URL")
}
