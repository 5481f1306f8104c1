//! Transcript findings (SPEC.md §2): the file is served, with the declared type, reads as a
//! transcript of that type, and says what the local records say ([`transcript_match`]).

use url::Url;

use super::failure;
use super::result::{Body, LinkResult};
use crate::diagnostic::Diagnostic;
use crate::mime;
use crate::validate::links::TranscriptIssue;
use crate::validate::transcript_match;

/// The transcript at `url`, declared as `declared_mime`, with the text it should have.
#[derive(Clone, Copy)]
pub(super) struct Declared<'a> {
    pub(super) url: &'a Url,
    pub(super) mime: &'a str,
    pub(super) expected: Option<&'a str>,
}

/// The findings about a transcript from the answer to its `GET`.
pub(super) fn judge(declared: Declared<'_>, result: &LinkResult, out: &mut Vec<Diagnostic>) {
    let noun = "transcript";
    let Declared { url, mime, .. } = declared;
    let at = url.as_str();
    let response = match failure::successful_get(noun, url, result) {
        Ok(r) => r,
        Err(finding) => return out.extend(finding),
    };
    if let Some(served) = &response.headers.content_type {
        let (want, got) = (mime::essence(mime), mime::essence(served));
        if want != got {
            out.push(
                Diagnostic::new(
                    &crate::rules::links::LINK_TRANSCRIPT_TYPE,
                    format!("transcript {at}: the feed says type {want}, the server sends {got}"),
                )
                .help("make the transcript type and the server's Content-Type agree"),
            );
        }
    }
    match &response.body {
        Body::NotRead => {}
        Body::Failed(e) => out.push(failure::body_error(noun, url, e)),
        // A truncated body holds exactly the edge's cap.
        Body::Read {
            bytes,
            truncated: true,
        } => out.push(Diagnostic::new(
            &crate::rules::links::LINK_TRANSCRIPT_SIZE,
            format!(
                "transcript {at} is larger than {} bytes; not read further",
                bytes.len()
            ),
        )),
        Body::Read { bytes, .. } => out.extend(compare(declared, bytes)),
    }
}

/// `link.transcript.parse` and `link.transcript.differs`: the served `body` read as its
/// declared type and compared with the expected transcript.
fn compare(declared: Declared<'_>, body: &[u8]) -> Option<Diagnostic> {
    let at = declared.url.as_str();
    match transcript_match::check(declared.mime, body, declared.expected) {
        Ok(()) => None,
        Err(TranscriptIssue::Unreadable(why)) => Some(Diagnostic::new(
            &crate::rules::links::LINK_TRANSCRIPT_PARSE,
            format!(
                "transcript {at} does not read as {}: {why}",
                mime::essence(declared.mime)
            ),
        )),
        Err(TranscriptIssue::Differs(how)) => Some(
            Diagnostic::new(
                &crate::rules::links::LINK_TRANSCRIPT_DIFFERS,
                format!("transcript {at} differs from the local transcript: {how}"),
            )
            .help("publish the site again so the served transcript matches"),
        ),
    }
}
