//! Transcript link checks (SPEC.md §2): the file is served, with the declared type, and reads
//! as a transcript; the reading and comparing is the caller's [`TranscriptCheck`].
//!
//! [`TranscriptCheck`]: super::TranscriptCheck

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use url::Url;

use super::links::LinkOptions;
use super::outcome::{self, header};
use super::{link_request, request};
use crate::diagnostic::Diagnostic;
use crate::mime;
use crate::validate::links::TranscriptIssue;

/// Fetches the transcript at `url`, declared as `declared_mime`, and checks it.
pub(crate) async fn check(
    client: &reqwest::Client,
    url: &Url,
    declared_mime: &str,
    expected: Option<&str>,
    opts: &LinkOptions,
    out: &mut Vec<Diagnostic>,
) {
    let noun = "transcript";
    let at = url.as_str();
    let response = match link_request::get_ok(client, url, &HeaderMap::new(), opts, noun).await {
        Ok(r) => r,
        Err(d) => return out.push(d),
    };
    if let Some(served) = header(&response, CONTENT_TYPE) {
        let (want, got) = (mime::essence(declared_mime), mime::essence(&served));
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
    let body = match request::read_capped(response, opts.transcript_max_bytes).await {
        Ok(b) => b,
        Err(e) => return out.push(outcome::body_error(noun, url, &e)),
    };
    if body.truncated {
        return out.push(Diagnostic::new(
            &crate::rules::links::LINK_TRANSCRIPT_SIZE,
            format!(
                "transcript {at} is larger than {} bytes; not read further",
                opts.transcript_max_bytes
            ),
        ));
    }
    let Some(check) = opts.transcript_check else {
        return;
    };
    match check(declared_mime, &body.bytes, expected) {
        Ok(()) => {}
        Err(TranscriptIssue::Unreadable(why)) => out.push(Diagnostic::new(
            &crate::rules::links::LINK_TRANSCRIPT_PARSE,
            format!(
                "transcript {at} does not read as {}: {why}",
                mime::essence(declared_mime)
            ),
        )),
        Err(TranscriptIssue::Differs(how)) => out.push(
            Diagnostic::new(
                &crate::rules::links::LINK_TRANSCRIPT_DIFFERS,
                format!("transcript {at} differs from the local transcript: {how}"),
            )
            .help("publish the site again so the served transcript matches"),
        ),
    }
}
