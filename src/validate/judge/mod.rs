//! The link judge: what the edge saw for a link ([`LinkResult`]) and what the feed says it should
//! be ([`LinkKind`]) in, findings out. Pure: the edge (`crate::http`) makes the requests and
//! records the answers; every decision about what is broken is made here, so it can be tested
//! with results built by hand.
//!
//! One file per kind of link (`enclosure`, `artwork`, `transcript`, `chapters`), the findings they
//! share in `failure`, the observed values in `result`, and `private` for the addresses a
//! public feed must not make the validator request.

mod artwork;
mod chapters;
mod enclosure;
mod failure;
mod private;
mod result;
mod transcript;

use url::Url;

use super::links::{LinkKind, LinkTarget};
use crate::diagnostic::Diagnostic;

pub use artwork::{MAX_SIDE, MIN_SIDE, check_image};
pub use enclosure::needs_range_request;
pub use private::{is_private, is_private_ip};
pub use result::{Body, Exchange, Failure, Headers, Hop, LinkResult, Response, Status, Transport};

/// The findings about the link to `url` of `kind`, given what its requests brought back; no
/// episode or place is set (one result serves every place that links the URL).
pub fn findings(url: &Url, kind: &LinkKind, result: &LinkResult) -> Vec<Diagnostic> {
    let noun = kind.noun();
    if result.refused {
        return vec![failure::private(noun, url)];
    }
    // A plain-http URL is the feed rules' `url.http` and `podcast.url.http`: its scheme says so
    // without a fetch.
    let mut out: Vec<Diagnostic> = Vec::new();
    match kind {
        LinkKind::Enclosure { length, mime } => {
            let declared = enclosure::Declared {
                url,
                length: *length,
                mime,
            };
            enclosure::judge(declared, result, &mut out);
        }
        LinkKind::Artwork => artwork::judge(url, result, &mut out),
        LinkKind::Transcript { mime, expected } => {
            let declared = transcript::Declared {
                url,
                mime,
                expected: expected.as_deref(),
            };
            transcript::judge(declared, result, &mut out);
        }
        LinkKind::Chapters { duration } => chapters::judge(url, *duration, result, &mut out),
        // Served is all an image of the namespace needs: its size and format are free.
        LinkKind::Image => {
            if let Err(Some(finding)) = failure::successful_get(noun, url, result) {
                out.push(finding);
            }
        }
    }
    out
}

/// The findings about `target`, placed at its episode, location and path.
pub fn judge(target: &LinkTarget, result: &LinkResult) -> Vec<Diagnostic> {
    findings(&target.url, &target.kind, result)
        .into_iter()
        .map(|mut d| {
            d.episode.clone_from(&target.episode);
            d.labels = target.location.iter().cloned().collect();
            d.path.clone_from(&target.path);
            d
        })
        .collect()
}

#[cfg(test)]
mod tests;
