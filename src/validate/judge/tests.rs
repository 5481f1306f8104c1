//! The judge fed with results built by hand: no server, no network.

use url::Url;

use super::*;
use crate::diagnostic::Severity;

fn url(s: &str) -> Url {
    Url::parse(s).expect("test URL")
}

fn status(code: u16, reason: &'static str) -> Status {
    Status {
        code,
        reason: Some(reason),
    }
}

fn answer(code: u16, reason: &'static str, headers: Headers, body: Body) -> Exchange {
    Ok(Response {
        status: status(code, reason),
        hops: Vec::new(),
        headers,
        body,
    })
}

fn typed(mime: &str) -> Headers {
    Headers {
        content_type: Some(mime.into()),
        ..Headers::default()
    }
}

fn mp3(length: u64) -> LinkKind {
    LinkKind::Enclosure {
        length,
        mime: "audio/mpeg".into(),
    }
}

/// A media host that answers HEAD with `head` and the byte range with `get`.
fn enclosure(head: Exchange, get: Option<Exchange>) -> LinkResult {
    LinkResult {
        refused: false,
        head: Some(head),
        get,
    }
}

fn got(get: Exchange) -> LinkResult {
    LinkResult {
        refused: false,
        head: None,
        get: Some(get),
    }
}

fn read(bytes: &[u8]) -> Body {
    Body::Read {
        bytes: bytes.to_vec(),
        truncated: false,
    }
}

fn rules(d: &[Diagnostic]) -> Vec<&'static crate::rules::Rule> {
    d.iter().map(|d| d.rule).collect()
}

/// Every finding carries the severity its rule has in the registry.
fn assert_registered(d: &[Diagnostic]) {
    for f in d {
        let rule = crate::rules::find(f.rule.id).unwrap_or_else(|| panic!("{} unknown", f.rule));
        assert_eq!(f.severity(), rule.severity, "{f:?}");
    }
}

/// A HEAD answer with the length and type of a 4096-byte MP3.
fn head_ok() -> Exchange {
    let headers = Headers {
        content_length: Some("4096".into()),
        ..typed("audio/mpeg")
    };
    answer(200, "OK", headers, Body::NotRead)
}

fn partial(total: &str) -> Exchange {
    let headers = Headers {
        content_range: Some(format!("bytes 0-1/{total}")),
        accept_ranges: Some("bytes".into()),
        ..typed("audio/mpeg")
    };
    answer(206, "Partial Content", headers, Body::NotRead)
}

#[test]
fn a_well_served_enclosure_has_no_findings_over_https_or_http() {
    // Plain http is the feed rules' finding (`url.http`): the scheme needs no fetch.
    let result = enclosure(head_ok(), Some(partial("4096")));
    assert!(findings(&url("https://h/e.mp3"), &mp3(4096), &result).is_empty());
    assert!(findings(&url("http://h/e.mp3"), &mp3(4096), &result).is_empty());
}

#[test]
fn a_refused_head_is_an_error_and_the_range_answer_gives_the_length() {
    let head = answer(405, "Method Not Allowed", Headers::default(), Body::NotRead);
    assert!(needs_range_request(&head));
    let result = enclosure(head, Some(partial("5000")));
    let d = findings(&url("https://h/e.mp3"), &mp3(4096), &result);
    assert_eq!(
        rules(&d),
        [
            &crate::rules::links::LINK_ENCLOSURE_HEAD,
            &crate::rules::links::LINK_ENCLOSURE_LENGTH
        ]
    );
    assert!(d[0].message.contains("405 Method Not Allowed"), "{d:?}");
    assert!(d[1].message.contains("the server 5000"), "{d:?}");
    assert_registered(&d);
}

#[test]
fn an_error_status_on_head_ends_the_check_without_a_range_request() {
    let head = answer(404, "Not Found", Headers::default(), Body::NotRead);
    assert!(!needs_range_request(&head));
    let d = findings(&url("https://h/e.mp3"), &mp3(1), &enclosure(head, None));
    assert_eq!(rules(&d), [&crate::rules::links::LINK_STATUS]);
    assert!(d[0].message.ends_with("answered 404 Not Found"), "{d:?}");
    assert_registered(&d);
}

#[test]
fn a_host_without_ranges_is_an_error_and_its_length_and_type_are_compared() {
    let whole = Headers {
        content_length: Some("4000".into()),
        ..typed("audio/x-m4a")
    };
    let head = answer(405, "Method Not Allowed", Headers::default(), Body::NotRead);
    let result = enclosure(head, Some(answer(200, "OK", whole, Body::NotRead)));
    let d = findings(&url("https://h/e.mp3"), &mp3(4096), &result);
    assert_eq!(
        rules(&d),
        [
            &crate::rules::links::LINK_ENCLOSURE_HEAD,
            &crate::rules::links::LINK_ENCLOSURE_RANGE,
            &crate::rules::links::LINK_ENCLOSURE_LENGTH,
            &crate::rules::links::LINK_ENCLOSURE_TYPE
        ]
    );
    assert_registered(&d);
}

#[test]
fn failed_requests_say_what_happened() {
    let cases = [
        (
            Failure::Transport(Transport::Timeout),
            &crate::rules::links::LINK_TIMEOUT,
            "timeout",
        ),
        (
            Failure::Transport(Transport::Failed("Connection refused".into())),
            &crate::rules::links::LINK_UNREACHABLE,
            "Connection refused",
        ),
        (
            Failure::Loop(vec![
                url("https://h/a"),
                url("https://h/b"),
                url("https://h/a"),
            ]),
            &crate::rules::links::LINK_REDIRECT,
            "https://h/a -> https://h/b -> https://h/a",
        ),
        (
            Failure::TooMany(10),
            &crate::rules::links::LINK_REDIRECT,
            "more than 10",
        ),
    ];
    for (failure, rule, says) in cases {
        let d = findings(&url("https://h/a"), &LinkKind::Artwork, &got(Err(failure)));
        assert_eq!(rules(&d), [rule]);
        assert!(d[0].message.contains(says), "{d:?}");
        assert_registered(&d);
    }
}

#[test]
fn a_refused_private_link_is_only_reported() {
    let d = findings(
        &url("http://10.0.0.1/e.mp3"),
        &mp3(1),
        &LinkResult::refused(),
    );
    assert_eq!(rules(&d), [&crate::rules::links::LINK_PRIVATE]);
    assert_registered(&d);
}

#[test]
fn artwork_is_judged_from_its_first_bytes_with_registered_severities() {
    let png = |w: u32, h: u32| {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        b
    };
    let art = |body| findings(&url("https://h/c.png"), &LinkKind::Artwork, &got(body));
    let ok = |bytes: &[u8]| answer(206, "Partial Content", typed("image/png"), read(bytes));
    assert!(art(ok(&png(1400, 1400))).is_empty());
    let small = art(ok(&png(1000, 1000)));
    assert_eq!(rules(&small), [&crate::rules::links::LINK_ARTWORK_SIZE]);
    // The size is a MUST: not knowing it is the same error, as the registry says.
    let unknown = art(ok(&png(1400, 1400)[..12]));
    assert_eq!(rules(&unknown), [&crate::rules::links::LINK_ARTWORK_SIZE]);
    assert_eq!(unknown[0].severity(), Severity::Error);
    let late = art(answer(206, "Partial Content", typed("image/png"), {
        Body::Failed(Transport::Timeout)
    }));
    assert_eq!(rules(&late), [&crate::rules::links::LINK_TIMEOUT]);
    assert!(late[0].message.contains("body"), "{late:?}");
    let gone = art(answer(410, "Gone", Headers::default(), Body::NotRead));
    assert_eq!(rules(&gone), [&crate::rules::links::LINK_STATUS]);
    for d in [small, unknown, late, gone] {
        assert_registered(&d);
    }
}

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello there\n";

fn vtt(expected: Option<&str>) -> LinkKind {
    LinkKind::Transcript {
        mime: "text/vtt".into(),
        expected: expected.map(str::to_owned),
    }
}

#[test]
fn a_transcript_is_typed_read_and_compared_with_the_local_one() {
    let t = |kind: &LinkKind, mime: &str, body: Body| {
        let r = got(answer(200, "OK", typed(mime), body));
        findings(&url("https://h/t.vtt"), kind, &r)
    };
    let same = vtt(Some(VTT));
    assert!(t(&same, "text/vtt; charset=utf-8", read(VTT.as_bytes())).is_empty());
    let html = t(&same, "text/html", read(VTT.as_bytes()));
    assert_eq!(rules(&html), [&crate::rules::links::LINK_TRANSCRIPT_TYPE]);
    let garbage = t(&vtt(None), "text/vtt", read(b"not a caption file"));
    assert_eq!(
        rules(&garbage),
        [&crate::rules::links::LINK_TRANSCRIPT_PARSE]
    );
    let other = VTT.replace("there", "world");
    let differs = t(&same, "text/vtt", read(other.as_bytes()));
    assert_eq!(
        rules(&differs),
        [&crate::rules::links::LINK_TRANSCRIPT_DIFFERS]
    );
    assert!(differs[0].message.contains("world"), "{differs:?}");
    let big = Body::Read {
        bytes: vec![b'x'; 64],
        truncated: true,
    };
    let big = t(&same, "text/vtt", big);
    assert_eq!(rules(&big), [&crate::rules::links::LINK_TRANSCRIPT_SIZE]);
    assert!(big[0].message.contains("larger than 64 bytes"), "{big:?}");
    for d in [html, garbage, differs, big] {
        assert_registered(&d);
    }
}

const CHAPTERS: &str = r#"{"version": "1.2.0", "chapters": [
  {"startTime": 0, "title": "Intro"},
  {"startTime": 90, "title": "News", "img": "https://h/news.jpg"}
]}"#;

#[test]
fn a_chapters_file_is_read_and_checked_against_the_episode() {
    let c = |duration: Option<u64>, body: Body| {
        let r = got(answer(200, "OK", typed("application/json+chapters"), body));
        findings(
            &url("https://h/c.json"),
            &LinkKind::Chapters { duration },
            &r,
        )
    };
    assert!(c(Some(1804), read(CHAPTERS.as_bytes())).is_empty());
    assert!(c(None, read(CHAPTERS.as_bytes())).is_empty());
    // The second chapter starts after a 60-second episode ends.
    let late = c(Some(60), read(CHAPTERS.as_bytes()));
    assert_eq!(rules(&late), [&crate::rules::links::LINK_CHAPTERS_INVALID]);
    assert!(late[0].message.contains("line 3"), "{late:?}");
    // The first chapter starts after the second.
    let backwards = CHAPTERS.replace("\"startTime\": 0", "\"startTime\": 100");
    let backwards = c(None, read(backwards.as_bytes()));
    assert_eq!(
        rules(&backwards),
        [&crate::rules::links::LINK_CHAPTERS_INVALID]
    );
    let relative = CHAPTERS.replace("https://h/news.jpg", "news.jpg");
    let relative = c(None, read(relative.as_bytes()));
    assert_eq!(
        rules(&relative),
        [&crate::rules::links::LINK_CHAPTERS_INVALID]
    );
    assert!(relative[0].message.contains("\"img\""), "{relative:?}");
    let garbage = c(None, read(b"<html>not found</html>"));
    assert_eq!(rules(&garbage), [&crate::rules::links::LINK_CHAPTERS_PARSE]);
    let big = Body::Read {
        bytes: vec![b'{'; 64],
        truncated: true,
    };
    let big = c(None, big);
    assert_eq!(rules(&big), [&crate::rules::links::LINK_CHAPTERS_SIZE]);
    let gone = findings(
        &url("https://h/c.json"),
        &LinkKind::Chapters { duration: None },
        &got(answer(404, "Not Found", Headers::default(), Body::NotRead)),
    );
    assert_eq!(rules(&gone), [&crate::rules::links::LINK_STATUS]);
    for d in [late, backwards, relative, garbage, big, gone] {
        assert_registered(&d);
    }
}

#[test]
fn an_image_of_the_namespace_only_has_to_be_served() {
    let i = |r: LinkResult| findings(&url("https://h/i.webp"), &LinkKind::Image, &r);
    // Any format and size will do: a WebP that is not Apple artwork is fine.
    assert!(
        i(got(answer(
            200,
            "OK",
            typed("image/webp"),
            read(b"RIFF....WEBP")
        )))
        .is_empty()
    );
    let gone = i(got(answer(
        404,
        "Not Found",
        Headers::default(),
        Body::NotRead,
    )));
    assert_eq!(rules(&gone), [&crate::rules::links::LINK_STATUS]);
    assert!(
        gone[0].message.starts_with("image https://h/i.webp"),
        "{gone:?}"
    );
}

#[test]
fn a_target_s_findings_are_placed_at_it() {
    let target = LinkTarget {
        url: url("http://h/t.vtt"),
        kind: vtt(None),
        episode: Some("ep1".into()),
        location: None,
        path: Some("/rss/channel/item[1]/podcast:transcript".into()),
    };
    let r = got(answer(404, "Not Found", Headers::default(), Body::NotRead));
    let d = judge(&target, &r);
    assert_eq!(rules(&d), [&crate::rules::links::LINK_STATUS]);
    assert!(d.iter().all(|d| d.episode.as_deref() == Some("ep1")));
    assert!(d.iter().all(|d| d.path == target.path));
}
