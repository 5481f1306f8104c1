//! The fetch of a public feed cannot be turned inward (issue 16): a name that resolves to a
//! loopback, private or link-local address, at the first request or after a redirect, and a
//! redirect to such an address literal, are refused; `--allow-private` (`Guard::allow_private`)
//! lets them through. A "public" name is a name the test's guard resolves to the local server.

use std::net::SocketAddr;

use url::Url;

use crate::common::client::{config, retry};
use crate::common::server::{Fault, Server, Site};
use podfeed::http::{self, FetchError, FetchOptions, Fetched, Guard};

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title></channel></rss>"#;

/// The options of a public target's fetch, as `validate` sets them.
fn public() -> FetchOptions {
    FetchOptions {
        retry: retry(),
        refuse_private: true,
        ..FetchOptions::from_config(&config())
    }
}

fn addr(server: &Server) -> SocketAddr {
    let url = server.url("/");
    let port = url.port().expect("port");
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// `path` of `server` under the name `host`.
fn named(server: &Server, host: &str, path: &str) -> Url {
    let mut url = server.url(path);
    url.set_host(Some(host)).expect("host");
    url
}

async fn fetch(guard: Guard, url: &Url) -> Result<Fetched, FetchError> {
    let client = http::guarded_client(&config(), guard);
    http::fetch_feed(&client, url, &public(), None).await
}

async fn site() -> Server {
    Site::new()
        .file("/feed.xml", FEED, "application/rss+xml")
        .start()
        .await
}

#[tokio::test]
async fn a_public_name_resolving_to_loopback_is_refused_after_dns() {
    let server = site().await;
    let guard = Guard::refusing_private().fixed("feeds.example", addr(&server));
    let url = named(&server, "feeds.example", "/feed.xml");
    let err = fetch(guard, &url).await.expect_err("refused");
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("feeds.example resolves to a private address (127.0.0.1), refused for a public feed (--allow-private allows it)"),
        "{text}"
    );
    assert_eq!(server.hits("/feed.xml"), 0, "nothing was requested");
}

#[tokio::test]
async fn allow_private_lets_the_same_fetch_through() {
    let server = site().await;
    let guard = Guard::allow_private().fixed("feeds.example", addr(&server));
    let url = named(&server, "feeds.example", "/feed.xml");
    let got = fetch(guard, &url).await.expect("fetched");
    assert!(matches!(got, Fetched::Feed(ref f) if f.bytes == FEED.as_bytes()));
}

#[tokio::test]
async fn a_redirect_to_a_name_that_resolves_inward_is_refused() {
    let server0 = site().await;
    let inner = named(&server0, "inner.example", "/feed.xml");
    let server = Site::new()
        .fault("/feed.xml", Fault::Redirect(302, inner.to_string()))
        .start()
        .await;
    // The first hop is an address literal (resolves nothing); the redirect's name does.
    let guard = Guard::refusing_private().fixed("inner.example", addr(&server0));
    let err = fetch(guard, &server.url("/feed.xml"))
        .await
        .expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("inner.example resolves to a private address (127.0.0.1)"),
        "{text}"
    );
    assert_eq!(server0.hits("/feed.xml"), 0);
}

#[tokio::test]
async fn a_redirect_to_a_private_or_metadata_literal_is_refused() {
    for to in [
        "http://127.0.0.1:9/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed.xml",
        "http://10.0.0.1/feed.xml",
    ] {
        let from = Site::new()
            .fault("/feed.xml", Fault::Redirect(301, to.into()))
            .start()
            .await;
        // The guard lets the first hop's name reach the local server: the literal is judged by
        // the redirect check alone.
        let guard = Guard::allow_private().fixed("feeds.example", addr(&from));
        let url = named(&from, "feeds.example", "/feed.xml");
        let err = fetch(guard, &url).await.expect_err("refused");
        assert!(matches!(err, FetchError::BadRedirect { .. }), "{to}: {err}");
        assert!(
            err.to_string()
                .contains("a private address, not requested for a public feed"),
            "{err}"
        );
    }
}

#[test]
fn validate_offers_allow_private() {
    let out = assert_cmd::Command::cargo_bin("podfeed")
        .expect("binary")
        .args(["validate", "--help"])
        .output()
        .expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--allow-private"), "{help}");
}
