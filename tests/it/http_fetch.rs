//! Fetching a feed over HTTP from a local server: redirects, limits, timeouts, conditional
//! requests and the Content-Type.

use std::time::Duration;

use crate::common::client::{config, retry};
use crate::common::server::{Fault, Server, Site};
use podfeed::diagnostic::Severity;
use podfeed::http::{self, FetchError, FetchOptions, Fetched};

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title></channel></rss>"#;

fn options() -> FetchOptions {
    FetchOptions {
        retry: retry(),
        ..FetchOptions::from_config(&config())
    }
}

/// Fetches `path` of `server` with [`options`] and no cache entry.
async fn fetch(server: &Server, path: &str) -> Result<Fetched, FetchError> {
    fetch_with(server, path, &options()).await
}

/// Fetches `path` of `server` with `opts` and no cache entry.
async fn fetch_with(
    server: &Server,
    path: &str,
    opts: &FetchOptions,
) -> Result<Fetched, FetchError> {
    http::fetch_feed(&http::client(&config()), &server.url(path), opts, None).await
}

fn feed_site() -> Site {
    Site::new().file("/feed.xml", FEED, "application/rss+xml; charset=utf-8")
}

fn rules(fetched: &Fetched) -> Vec<&'static str> {
    fetched.diagnostics().iter().map(|d| d.rule.id).collect()
}

#[tokio::test]
async fn a_feed_served_as_rss_comes_back_whole_with_no_findings() {
    let server = feed_site().start().await;
    let got = fetch(&server, "/feed.xml").await.expect("fetch");
    let Fetched::Feed(feed) = got else {
        panic!("expected a feed, got {got:?}")
    };
    assert_eq!(feed.bytes, FEED.as_bytes());
    assert!(feed.diagnostics.is_empty(), "{:?}", feed.diagnostics);
    assert!(feed.cache.etag.is_some());
}

#[tokio::test]
async fn a_temporary_redirect_is_a_warning_and_the_feed_is_read_at_its_target() {
    let server = feed_site()
        .fault("/old.xml", Fault::Redirect(302, "/feed.xml".into()))
        .start()
        .await;
    let got = fetch(&server, "/old.xml").await.expect("fetch");
    assert_eq!(rules(&got), ["fetch.redirect.temporary"]);
    assert_eq!(got.diagnostics()[0].severity(), Severity::Warning);
    let Fetched::Feed(feed) = got else {
        panic!("expected a feed")
    };
    assert_eq!(feed.url, server.url("/feed.xml"));
    assert_eq!(feed.bytes, FEED.as_bytes());
}

#[tokio::test]
async fn a_permanent_redirect_is_an_info_naming_the_new_url() {
    let server = feed_site()
        .fault("/old.xml", Fault::Redirect(301, "/feed.xml".into()))
        .start()
        .await;
    let got = fetch(&server, "/old.xml").await.expect("fetch");
    let d = &got.diagnostics()[0];
    assert_eq!(
        (d.rule.id, d.severity()),
        ("fetch.redirect.permanent", Severity::Info)
    );
    let new_url = server.url("/feed.xml").to_string();
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains(&new_url)),
        "{d:?}"
    );
}

#[tokio::test]
async fn a_redirect_loop_is_a_fetch_error() {
    let server = Site::new()
        .fault("/a.xml", Fault::Redirect(302, "/b.xml".into()))
        .fault("/b.xml", Fault::Redirect(302, "/a.xml".into()))
        .start()
        .await;
    let err = fetch(&server, "/a.xml").await.expect_err("loop");
    assert!(
        matches!(err, FetchError::RedirectLoop { ref chain, .. } if chain.len() == 3),
        "{err}"
    );
    assert!(err.to_string().contains("/a.xml"), "{err}");
}

#[tokio::test]
async fn too_many_redirects_is_a_fetch_error() {
    let mut site = feed_site();
    for i in 0..5 {
        site = site.fault(
            &format!("/r{i}"),
            Fault::Redirect(307, format!("/r{}", i + 1)),
        );
    }
    let server = site
        .fault("/r5", Fault::Redirect(307, "/feed.xml".into()))
        .start()
        .await;
    let opts = FetchOptions {
        max_redirects: 3,
        ..options()
    };
    let err = fetch_with(&server, "/r0", &opts)
        .await
        .expect_err("too many");
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 3, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_a_failed_fetch() {
    let server = Site::new()
        .fault(
            "/feed.xml",
            Fault::Redirect(302, "file:///etc/passwd".into()),
        )
        .start()
        .await;
    let err = fetch(&server, "/feed.xml")
        .await
        .expect_err("file:// refused");
    assert!(matches!(err, FetchError::BadRedirect { .. }), "{err}");
    assert!(err.to_string().contains("file:///etc/passwd"), "{err}");
}

#[tokio::test]
async fn a_missing_feed_is_a_status_error_naming_the_url() {
    let server = Site::new().start().await;
    let url = server.url("/nope.xml");
    let err = fetch(&server, "/nope.xml").await.expect_err("404");
    assert!(matches!(err, FetchError::Status { status, .. } if status.as_u16() == 404));
    assert!(
        err.to_string().contains(url.as_str()) && err.to_string().contains("404"),
        "{err}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_timeout() {
    let server = feed_site()
        .fault("/feed.xml", Fault::Hang(Duration::from_secs(10)))
        .start()
        .await;
    let err = fetch(&server, "/feed.xml").await.expect_err("timeout");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    // Bind then drop a listener: its port is free and nothing answers there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let url = url::Url::parse(&format!("http://127.0.0.1:{port}/feed.xml")).expect("url");
    let client = http::client(&config());
    let err = http::fetch_feed(&client, &url, &options(), None)
        .await
        .expect_err("refused");
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
}

#[tokio::test]
async fn a_body_larger_than_the_limit_is_refused_even_without_content_length() {
    let big = vec![b'x'; 300_000];
    let server = Site::new()
        .file("/big.xml", big.clone(), "application/xml")
        .file("/chunked.xml", big, "application/xml")
        .fault("/chunked.xml", Fault::NoLength)
        .start()
        .await;
    let opts = FetchOptions {
        max_bytes: 100_000,
        ..options()
    };
    for path in ["/big.xml", "/chunked.xml"] {
        let err = fetch_with(&server, path, &opts)
            .await
            .expect_err("too large");
        assert!(
            matches!(err, FetchError::TooLarge { limit: 100_000, .. }),
            "{path}: {err}"
        );
    }
}

#[tokio::test]
async fn a_gzipped_feed_is_decompressed_and_the_limit_counts_decompressed_bytes() {
    let big = vec![b'x'; 300_000]; // compresses to well under the limit
    let server = feed_site()
        .fault("/feed.xml", Fault::Gzip)
        .file("/bomb.xml", big, "application/xml")
        .fault("/bomb.xml", Fault::Gzip)
        .start()
        .await;
    let got = fetch(&server, "/feed.xml").await.expect("fetch");
    let Fetched::Feed(feed) = got else {
        panic!("expected a feed")
    };
    assert_eq!(feed.bytes, FEED.as_bytes());
    let opts = FetchOptions {
        max_bytes: 100_000,
        ..options()
    };
    let err = fetch_with(&server, "/bomb.xml", &opts)
        .await
        .expect_err("too large once decompressed");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn the_second_fetch_with_the_cache_entry_is_not_modified() {
    let server = feed_site().start().await;
    let client = http::client(&config());
    let url = server.url("/feed.xml");
    let dir = tempfile::tempdir().expect("tempdir");
    let cache_path = dir.path().join("cache.json");

    let first = http::fetch_feed(&client, &url, &options(), None)
        .await
        .expect("first fetch");
    let Fetched::Feed(feed) = first else {
        panic!("expected a feed")
    };
    let mut cache = http::read_cache(&cache_path).expect("no cache yet");
    cache.set(&url, feed.cache);
    http::write_cache(&cache_path, &cache).expect("write cache");

    let cache = http::read_cache(&cache_path).expect("read cache");
    let second = http::fetch_feed(&client, &url, &options(), cache.get(&url))
        .await
        .expect("second fetch");
    assert!(matches!(second, Fetched::NotModified { .. }), "{second:?}");
    assert_eq!(server.hits("/feed.xml"), 2);
}

#[tokio::test]
async fn a_feed_served_as_html_is_a_content_type_warning() {
    let server = Site::new()
        .file("/feed.xml", FEED, "text/html; charset=utf-8")
        .start()
        .await;
    let got = fetch(&server, "/feed.xml").await.expect("fetch");
    assert_eq!(rules(&got), ["fetch.content-type"]);
    assert!(got.diagnostics()[0].message.contains("text/html"));
}

#[tokio::test]
async fn a_throttled_feed_is_fetched_after_retry_after() {
    let server = feed_site()
        .fault(
            "/feed.xml",
            Fault::TooManyRequests {
                n: 1,
                retry_after: "0".into(),
            },
        )
        .start()
        .await;
    let got = fetch(&server, "/feed.xml")
        .await
        .expect("fetched on the second try");
    assert!(matches!(got, Fetched::Feed(_)));
    assert_eq!(server.hits("/feed.xml"), 2);
}

#[tokio::test]
async fn the_user_agent_names_podfeed_and_its_version() {
    assert_eq!(
        http::USER_AGENT,
        format!("podfeed/{}", env!("CARGO_PKG_VERSION"))
    );
}
