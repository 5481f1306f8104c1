//! Chapters file findings (SPEC.md §5.1): the file is served, small enough to read, reads as
//! JSON chapters, and passes the checks the records loader runs on a local chapters file
//! ([`crate::chapters::check`]): a version, ascending start times inside the episode, absolute
//! `img` and `url` links.

use url::Url;

use super::failure;
use super::result::{Body, LinkResult};
use crate::chapters::{self, Format};
use crate::diagnostic::Diagnostic;

/// The findings about the chapters file at `url` of an episode `duration` seconds long (when the
/// feed says so), from the answer to its `GET`.
pub(super) fn judge(
    url: &Url,
    duration: Option<u64>,
    result: &LinkResult,
    out: &mut Vec<Diagnostic>,
) {
    let noun = "chapters file";
    let at = url.as_str();
    let response = match failure::successful_get(noun, url, result) {
        Ok(r) => r,
        Err(finding) => return out.extend(finding),
    };
    let bytes = match &response.body {
        Body::NotRead => return,
        Body::Failed(e) => return out.push(failure::body_error(noun, url, e)),
        // A truncated body holds exactly the edge's cap.
        Body::Read {
            bytes,
            truncated: true,
        } => {
            return out.push(Diagnostic::new(
                &crate::rules::links::LINK_CHAPTERS_SIZE,
                format!(
                    "chapters file {at} is larger than {} bytes; not read further",
                    bytes.len()
                ),
            ));
        }
        Body::Read { bytes, .. } => bytes,
    };
    let parsed = match chapters::read(url.path(), bytes, Some(Format::Json)) {
        Ok(p) => p,
        Err(e) => {
            return out.push(Diagnostic::new(
                &crate::rules::links::LINK_CHAPTERS_PARSE,
                format!("chapters file {at} does not read as JSON chapters: {e}"),
            ));
        }
    };
    out.extend(
        chapters::check(&parsed, duration.map(|d| d as f64))
            .into_iter()
            .map(|p| {
                Diagnostic::new(
                    &crate::rules::links::LINK_CHAPTERS_INVALID,
                    format!("chapters file {at}, line {}: {}", p.line, p.message),
                )
            }),
    );
}
