//! Link checks against a local server: enclosures, artwork and transcripts, with faults.

use std::time::Duration;

use crate::common::client::{config, retry};
use crate::common::example::png;
use crate::common::server::{Fault, Server, Site};
use podfeed::diagnostic::{Diagnostic, Label, Severity};
use podfeed::http::{self, LinkKind, LinkOptions, LinkTarget};
use url::Url;

const MP3: &[u8] = &[
    0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];
/// The length of [`MP3`], as an enclosure declares it.
const MP3_LEN: u64 = MP3.len() as u64;

fn options() -> LinkOptions {
    LinkOptions {
        retry: retry(),
        ..LinkOptions::from_config(&config())
    }
}

fn target(url: Url, kind: LinkKind, episode: &str) -> LinkTarget {
    LinkTarget {
        url,
        kind,
        episode: Some(episode.to_owned()),
        location: None,
        path: None,
    }
}

fn mp3(length: u64) -> LinkKind {
    LinkKind::Enclosure {
        length,
        mime: "audio/mpeg".into(),
    }
}

/// The rule ids of `d`.
fn rules(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.rule.id).collect()
}

async fn check(targets: Vec<LinkTarget>, opts: &LinkOptions) -> Vec<Diagnostic> {
    http::check_links(&http::client(&config()), targets, opts).await
}

/// A server with [`MP3`] at `/e.mp3`, served with `faults`.
async fn mp3_server(faults: impl IntoIterator<Item = Fault>) -> Server {
    faults
        .into_iter()
        .fold(Site::new().file("/e.mp3", MP3, "audio/mpeg"), |site, f| {
            site.fault("/e.mp3", f)
        })
        .start()
        .await
}

/// Checks the server's `/e.mp3` as episode `ep1`'s enclosure, declared `length` bytes long.
async fn check_mp3(server: &Server, length: u64) -> Vec<Diagnostic> {
    check(
        vec![target(server.url("/e.mp3"), mp3(length), "ep1")],
        &options(),
    )
    .await
}

#[tokio::test]
async fn a_well_served_enclosure_gets_no_finding() {
    // The server is plain http: that is the feed rules' `url.http`, not a link finding.
    let server = mp3_server([]).await;
    let d = check_mp3(&server, MP3_LEN).await;
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(server.hits_by("HEAD", "/e.mp3"), 1);
    assert_eq!(server.hits_by("GET", "/e.mp3"), 1);
}

#[tokio::test]
async fn head_refused_is_an_enclosure_head_error() {
    let server = mp3_server([Fault::HeadNotAllowed]).await;
    let d = check_mp3(&server, MP3_LEN).await;
    assert_eq!(rules(&d), ["link.enclosure.head"]);
    assert_eq!(
        d.iter()
            .find(|d| d.rule == "link.enclosure.head")
            .map(|d| d.severity()),
        Some(Severity::Error)
    );
}

#[tokio::test]
async fn head_refused_still_checks_the_length_through_the_range_answer() {
    let server = mp3_server([Fault::HeadNotAllowed]).await;
    let d = check_mp3(&server, 999).await;
    assert_eq!(rules(&d), ["link.enclosure.head", "link.enclosure.length"]);
}

#[tokio::test]
async fn no_range_support_is_an_enclosure_range_error() {
    let server = mp3_server([Fault::NoRange]).await;
    let d = check_mp3(&server, MP3_LEN).await;
    assert_eq!(rules(&d), ["link.enclosure.range"]);
}

#[tokio::test]
async fn a_length_that_differs_from_content_length_is_reported() {
    let server = mp3_server([Fault::WrongLength(12345)]).await;
    let d = check_mp3(&server, MP3_LEN).await;
    assert_eq!(rules(&d), ["link.enclosure.length"]);
    let msg = &d
        .iter()
        .find(|d| d.rule == "link.enclosure.length")
        .expect("length")
        .message;
    assert!(
        msg.contains("12345") && msg.contains(&MP3.len().to_string()),
        "{msg}"
    );
}

#[tokio::test]
async fn a_content_type_that_differs_from_the_declared_type_is_reported() {
    let server = mp3_server([Fault::WrongType("application/octet-stream")]).await;
    let d = check_mp3(&server, MP3_LEN).await;
    assert_eq!(rules(&d), ["link.enclosure.type"]);
}

#[tokio::test]
async fn a_missing_enclosure_is_a_status_error_not_an_abort() {
    let server = Site::new().file("/ok.mp3", MP3, "audio/mpeg").start().await;
    let d = check(
        vec![
            target(server.url("/gone.mp3"), mp3(1), "ep1"),
            target(server.url("/ok.mp3"), mp3(MP3_LEN), "ep2"),
        ],
        &options(),
    )
    .await;
    let errors: Vec<_> = d
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{d:?}");
    assert_eq!(errors[0].rule, "link.status");
    assert_eq!(errors[0].episode.as_deref(), Some("ep1"));
    assert!(errors[0].message.contains("404"));
}

#[tokio::test]
async fn a_404_transcript_is_a_status_error() {
    let server = Site::new().start().await;
    let kind = LinkKind::Transcript {
        mime: "text/vtt".into(),
        expected: None,
    };
    let d = check(vec![target(server.url("/t.vtt"), kind, "ep1")], &options()).await;
    assert_eq!(rules(&d), ["link.status"]);
}

#[tokio::test]
async fn transcripts_are_typed_parsed_and_compared_with_the_expected_text() {
    let vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n";
    let server = Site::new()
        .file("/ok.vtt", vtt, "text/vtt; charset=utf-8")
        .file("/html.vtt", vtt, "text/html")
        .file("/bad.vtt", "not a caption file", "text/vtt")
        .file("/old.vtt", vtt, "text/vtt")
        .start()
        .await;
    let opts = options();
    let kind = |expected: Option<&str>| LinkKind::Transcript {
        mime: "text/vtt".into(),
        expected: expected.map(str::to_owned),
    };
    let cases = [
        ("/ok.vtt", kind(Some(vtt)), vec![]),
        ("/html.vtt", kind(None), vec!["link.transcript.type"]),
        ("/bad.vtt", kind(None), vec!["link.transcript.parse"]),
        (
            "/old.vtt",
            kind(Some("WEBVTT\n\n00:00.000 --> 00:01.000\nGoodbye\n")),
            vec!["link.transcript.differs"],
        ),
    ];
    for (path, kind, want) in cases {
        let d = check(vec![target(server.url(path), kind, "ep1")], &opts).await;
        assert_eq!(rules(&d), want, "{path}: {d:?}");
    }
}

#[tokio::test]
async fn artwork_of_1000_pixels_is_a_size_error_and_1400_passes() {
    let server = Site::new()
        .file("/small.png", png(1000, 1000), "image/png")
        .file("/good.png", png(1400, 1400), "image/png")
        .file("/page.png", "<html></html>", "text/html")
        .start()
        .await;
    let art = |p: &str| target(server.url(p), LinkKind::Artwork, "show");
    assert_eq!(
        rules(&check(vec![art("/small.png")], &options()).await),
        ["link.artwork.size"]
    );
    assert_eq!(
        rules(&check(vec![art("/good.png")], &options()).await),
        Vec::<&str>::new()
    );
    assert_eq!(
        rules(&check(vec![art("/page.png")], &options()).await),
        ["link.artwork.format"]
    );
}

#[tokio::test]
async fn artwork_larger_than_the_read_cap_is_read_only_up_to_the_cap() {
    let mut big = png(1400, 1400);
    big.resize(2_000_000, 0);
    let server = Site::new()
        .file("/big.png", big, "image/png")
        .fault("/big.png", Fault::NoRange)
        .start()
        .await;
    let d = check(
        vec![target(server.url("/big.png"), LinkKind::Artwork, "show")],
        &options(),
    )
    .await;
    assert_eq!(rules(&d), Vec::<&str>::new());
}

#[tokio::test]
async fn a_throttled_link_succeeds_after_retry_after() {
    let server = mp3_server([Fault::TooManyRequests {
        n: 1,
        retry_after: "Wed, 21 Oct 2015 07:28:00 GMT".into(), // past: retry at once
    }])
    .await;
    let d = check_mp3(&server, MP3_LEN).await;
    assert_eq!(rules(&d), Vec::<&str>::new());
    assert_eq!(server.hits_by("HEAD", "/e.mp3"), 2);
}

#[tokio::test]
async fn a_host_that_stays_unavailable_is_a_status_error_after_bounded_tries() {
    let server = mp3_server([Fault::Unavailable]).await;
    let d = check_mp3(&server, 1).await;
    assert_eq!(rules(&d), ["link.status"]);
    assert!(d.iter().any(|d| d.message.contains("503")));
    assert_eq!(server.hits("/e.mp3"), 3);
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout() {
    let server = mp3_server([Fault::Hang(Duration::from_secs(10))]).await;
    let d = check_mp3(&server, 1).await;
    assert_eq!(rules(&d), ["link.timeout"]);
}

#[tokio::test]
async fn a_url_linked_many_times_is_checked_once_and_reported_at_each_place() {
    let server = mp3_server([Fault::HeadNotAllowed]).await;
    let url = server.url("/e.mp3");
    let at = |line| {
        let mut t = target(url.clone(), mp3(MP3_LEN), &format!("ep{line}"));
        // The line number stands in for a byte offset: only the order matters here.
        t.location = Some(Label::point("feed.xml", line));
        t
    };
    let d = check(vec![at(30), at(10), at(20)], &options()).await;
    assert_eq!(server.hits_by("HEAD", "/e.mp3"), 1);
    assert_eq!(server.hits_by("GET", "/e.mp3"), 1);
    let head: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "link.enclosure.head")
        .map(|d| (d.label().map(|l| l.span.start), d.episode.as_deref()))
        .collect();
    assert_eq!(
        head,
        [
            (Some(10), Some("ep10")),
            (Some(20), Some("ep20")),
            (Some(30), Some("ep30"))
        ]
    );
}

#[tokio::test]
async fn redirects_are_followed_for_links_and_loops_reported() {
    let server = Site::new()
        .file("/e.mp3", MP3, "audio/mpeg")
        .fault("/track/e.mp3", Fault::Redirect(302, "/e.mp3".into()))
        .fault("/a.mp3", Fault::Redirect(302, "/b.mp3".into()))
        .fault("/b.mp3", Fault::Redirect(302, "/a.mp3".into()))
        .start()
        .await;
    let d = check(
        vec![
            target(server.url("/track/e.mp3"), mp3(MP3_LEN), "ep1"),
            target(server.url("/a.mp3"), mp3(1), "ep2"),
        ],
        &options(),
    )
    .await;
    let errors: Vec<_> = d
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| (d.rule.id, d.episode.as_deref()))
        .collect();
    assert_eq!(errors, [("link.redirect", Some("ep2"))]);
}

#[tokio::test]
async fn with_refuse_private_a_public_link_redirecting_to_a_private_address_is_not_followed() {
    let server = Site::new()
        .file("/private.mp3", MP3, "audio/mpeg")
        .start()
        .await;
    let private = server.url("/private.mp3");
    let server_with_redirect = Site::new()
        .file("/private.mp3", MP3, "audio/mpeg")
        .fault("/public.mp3", Fault::Redirect(302, private.to_string()))
        .start()
        .await;
    // The public name reaches the second server through it acting as a proxy: nothing leaves
    // this machine.
    let proxy = server_with_redirect.url("/");
    let client = reqwest::Client::builder()
        .proxy(reqwest::Proxy::http(proxy.as_str()).expect("proxy"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let public = Url::parse("http://media.example.com/public.mp3").expect("url");
    let opts = LinkOptions {
        refuse_private: true,
        ..options()
    };
    let found = http::check_links(
        &client,
        vec![
            target(public, mp3(MP3_LEN), "e1"),
            target(private, mp3(MP3_LEN), "e2"),
        ],
        &opts,
    )
    .await;
    assert_eq!(
        rules(&found),
        ["link.redirect", "link.private"],
        "{found:?}"
    );
    let redirect = found.iter().find(|d| d.rule == "link.redirect");
    assert!(
        redirect.is_some_and(|d| d.message.contains("private address")),
        "{found:?}"
    );
    assert_eq!(server.hits("/private.mp3"), 0);
    assert_eq!(server_with_redirect.hits("/private.mp3"), 0);
    assert!(server_with_redirect.hits("/public.mp3") > 0);
}

#[tokio::test]
async fn chapters_files_are_fetched_read_and_checked_against_the_episode() {
    let chapters = r#"{"version": "1.2.0", "chapters": [
  {"startTime": 0, "title": "Intro"},
  {"startTime": 90, "title": "News", "url": "https://example.org/news"}
]}"#;
    let server = Site::new()
        .file("/c.json", chapters, "application/json+chapters")
        .file("/page.json", "<html>moved</html>", "text/html")
        .start()
        .await;
    let opts = options();
    let kind = |duration| LinkKind::Chapters { duration };
    let cases = [
        ("/c.json", kind(Some(1804)), vec![]),
        // The second chapter starts after the episode's end.
        ("/c.json", kind(Some(60)), vec!["link.chapters.invalid"]),
        ("/page.json", kind(None), vec!["link.chapters.parse"]),
        ("/gone.json", kind(None), vec!["link.status"]),
    ];
    for (path, kind, want) in cases {
        let d = check(vec![target(server.url(path), kind, "ep1")], &opts).await;
        assert_eq!(rules(&d), want, "{path}: {d:?}");
        assert!(d.iter().all(|d| d.episode.as_deref() == Some("ep1")));
    }
    assert_eq!(server.hits_by("GET", "/c.json"), 2);
}

#[tokio::test]
async fn namespace_images_must_be_served_in_any_format() {
    let server = Site::new()
        .file(
            "/cover.webp",
            b"RIFF\0\0\0\0WEBPVP8 ".to_vec(),
            "image/webp",
        )
        .start()
        .await;
    let image = |p: &str| target(server.url(p), LinkKind::Image, "show");
    assert!(
        check(vec![image("/cover.webp")], &options())
            .await
            .is_empty()
    );
    assert_eq!(
        rules(&check(vec![image("/missing.png")], &options()).await),
        ["link.status"]
    );
}

#[tokio::test]
async fn a_feed_with_more_links_than_the_limit_gets_the_first_ones_checked_and_a_count() {
    let server = mp3_server([]).await;
    let targets: Vec<LinkTarget> = (0..5)
        .map(|n| {
            let mut t = target(server.url(&format!("/e.mp3?n={n}")), mp3(MP3_LEN), "ep");
            t.path = Some(format!("/rss/channel/item[{}]/enclosure", n + 1));
            t
        })
        .collect();
    let progress =
        indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::hidden());
    let opts = LinkOptions {
        max_links: 3,
        progress: Some(progress.clone()),
        ..options()
    };
    let d = check(targets, &opts).await;
    // Three requested (a HEAD and a range GET each), in the feed's order; two counted.
    assert_eq!(server.hits_by("HEAD", "/e.mp3"), 3);
    // The progress bar counts the links checked, and ends full.
    assert_eq!((progress.position(), progress.length()), (3, Some(3)));
    assert_eq!(rules(&d), ["link.not-checked"]);
    assert!(
        d[0].message
            .starts_with("2 of the feed's 5 distinct links were not checked"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].path.as_deref(), Some("/rss/channel/item[4]/enclosure"));
}

#[tokio::test]
async fn a_broken_link_repeated_in_every_item_lists_its_first_places_and_counts_the_rest() {
    let server = mp3_server([]).await;
    let places = podfeed::rules::MAX_FINDINGS_PER_RULE + 5;
    let targets: Vec<LinkTarget> = (0..places)
        .map(|n| {
            let mut t = target(server.url("/missing.mp3"), mp3(MP3_LEN), "ep");
            t.path = Some(format!("/rss/channel/item[{}]/enclosure", n + 1));
            t
        })
        .collect();
    let d = check(targets, &options()).await;
    // One URL, requested once.
    assert_eq!(server.hits_by("HEAD", "/missing.mp3"), 1);
    assert!(
        d.iter().all(|d| d.rule.id == "link.status"),
        "{:?}",
        rules(&d)
    );
    assert_eq!(d.len(), podfeed::rules::MAX_FINDINGS_PER_RULE + 1);
    let counts: Vec<&Diagnostic> = d
        .iter()
        .filter(|d| d.message.contains("more places"))
        .collect();
    assert_eq!(counts.len(), 1);
    assert!(
        counts[0]
            .message
            .starts_with("5 more places link the same URL")
    );
    assert_eq!(
        counts[0].path.as_deref(),
        Some(
            format!(
                "/rss/channel/item[{}]/enclosure",
                podfeed::rules::MAX_FINDINGS_PER_RULE + 1
            )
            .as_str()
        )
    );
}
