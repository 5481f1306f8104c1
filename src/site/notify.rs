//! Edge: telling directories that a feed changed (`[notify]` in config.toml).
//!
//! Two kinds of ping, each optional:
//!
//! - WebSub: a form POST `hub.mode=publish&hub.url=FEED` to `websub_hub` (the PubSubHubbub
//!   publish convention most hubs accept);
//! - Podcast Index style: a GET to `pubnotify` with `url=FEED` added to its query.
//!
//! Any 2xx answer is a success. A failed ping (no answer, timeout, other status) is a warning and
//! never fails the build. Retrying: [`publish`](super::publish) adds a feed's URL to the
//! manifest's `pending_pings` in the same step that writes the changed feed, and only
//! [`settle`] takes it out, once every configured ping for it succeeded. So a ping that failed,
//! or was never sent because the run was killed, is sent again by the next run, changed or not,
//! until it gets through.
//!
//! The pings go through the command's one HTTP client ([`crate::http::client`], which follows no
//! redirect: an endpoint that redirects is a failed ping) on the command's one runtime; each
//! request gets the `[notify]` timeout.

use std::path::Path;
use std::time::Duration;

use futures::future::join_all;
use serde::Serialize;
use url::Url;

use super::manifest::Manifest;
use crate::config::NotifyConfig;

/// Time allowed for one ping when `[notify] timeout_secs` is not set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Which kind of ping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PingKind {
    /// WebSub hub publish notification.
    WebSub,
    /// Podcast Index `pubnotify`-style GET.
    PubNotify,
}

/// The outcome of one ping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PingResult {
    /// The feed announced.
    pub feed: Url,
    /// Which kind of ping.
    pub kind: PingKind,
    /// The URL requested.
    pub endpoint: Url,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// Why the ping failed, when it did.
    pub error: Option<String>,
}

impl PingResult {
    /// Whether the ping got a 2xx answer.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Sends every configured ping for every feed in `feed_urls` with `client`, concurrently, each
/// with the configured timeout. Returns one result per (feed, endpoint); nothing when `[notify]`
/// configures no endpoint.
pub async fn ping(
    client: &reqwest::Client,
    cfg: &NotifyConfig,
    feed_urls: &[Url],
) -> Vec<PingResult> {
    let timeout = cfg
        .timeout_secs
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
    join_all(requests(cfg, feed_urls).map(|(feed, kind, endpoint)| {
        let ping = Ping {
            feed,
            kind,
            endpoint,
            timeout,
        };
        send(client, ping)
    }))
    .await
}

/// Records ping outcomes in `out_dir`'s manifest: a feed whose every ping succeeded leaves
/// `pending_pings`; the others stay for the next run. Returns the feed URLs still pending. Failed
/// pings are not logged here: the caller has the results and reports them once, its own way.
/// Call it with the output folder's [`Lock`](super::Lock) held.
pub fn settle(out_dir: &Path, results: &[PingResult]) -> anyhow::Result<Vec<String>> {
    let mut manifest = Manifest::load(out_dir);
    let before = manifest.pending_pings.clone();
    manifest.pending_pings.retain(|url| {
        let mine: Vec<_> = results.iter().filter(|r| r.feed.as_str() == url).collect();
        mine.is_empty() || mine.iter().any(|r| !r.ok())
    });
    if manifest.pending_pings != before {
        manifest.save(out_dir)?;
    }
    Ok(manifest.pending_pings)
}

/// The whole after-publish step: pings every pending feed URL (those [`publish`](super::publish)
/// reported), then [`settle`]s. URLs that do not parse are dropped from nothing and warned about.
pub async fn ping_pending(
    client: &reqwest::Client,
    cfg: &NotifyConfig,
    out_dir: &Path,
    pending: &[String],
) -> anyhow::Result<Vec<PingResult>> {
    let urls: Vec<Url> = pending
        .iter()
        .filter_map(|u| match Url::parse(u) {
            Ok(url) => Some(url),
            Err(e) => {
                tracing::warn!("pending ping for {u:?} skipped: not a URL ({e})");
                None
            }
        })
        .collect();
    let results = ping(client, cfg, &urls).await;
    settle(out_dir, &results)?;
    Ok(results)
}

/// Every (feed, kind, endpoint URL) to request.
fn requests<'a>(
    cfg: &'a NotifyConfig,
    feed_urls: &'a [Url],
) -> impl Iterator<Item = (Url, PingKind, Url)> + 'a {
    feed_urls.iter().flat_map(move |feed| {
        let hub = cfg
            .websub_hub
            .clone()
            .map(|hub| (feed.clone(), PingKind::WebSub, hub));
        let pubnotify = cfg.pubnotify.clone().map(|mut url| {
            // Appended with the URL's own query encoding, after any parameters already present
            // (an API key, say).
            url.query_pairs_mut().append_pair("url", feed.as_str());
            (feed.clone(), PingKind::PubNotify, url)
        });
        hub.into_iter().chain(pubnotify)
    })
}

/// One ping to send.
struct Ping {
    feed: Url,
    kind: PingKind,
    endpoint: Url,
    timeout: Duration,
}

/// Sends one ping; any 2xx is a success.
async fn send(client: &reqwest::Client, ping: Ping) -> PingResult {
    let Ping {
        feed,
        kind,
        endpoint,
        timeout,
    } = ping;
    let request = match kind {
        PingKind::WebSub => client
            .post(endpoint.clone())
            .form(&[("hub.mode", "publish"), ("hub.url", feed.as_str())]),
        PingKind::PubNotify => client.get(endpoint.clone()),
    };
    let (status, error) = match request.timeout(timeout).send().await {
        Ok(resp) if resp.status().is_success() => (Some(resp.status().as_u16()), None),
        Ok(resp) => (
            Some(resp.status().as_u16()),
            Some(format!("HTTP {}", resp.status())),
        ),
        Err(e) => (None, Some(error_chain(&e))),
    };
    PingResult {
        feed,
        kind,
        endpoint,
        status,
        error,
    }
}

/// reqwest's top-level message is terse ("error sending request"); the cause says why.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    #[test]
    fn pubnotify_url_keeps_its_query_and_encodes_the_feed() {
        let cfg = NotifyConfig {
            websub_hub: None,
            pubnotify: Some(url("https://api.example.org/hub/pubnotify?key=k1")),
            timeout_secs: None,
        };
        let feed = url("https://pods.example.com/a b/feed.xml?x=1&y=2");
        let all: Vec<_> = requests(&cfg, std::slice::from_ref(&feed)).collect();
        assert_eq!(all.len(), 1);
        let pairs: Vec<(String, String)> = all[0].2.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            vec![
                ("key".into(), "k1".into()),
                ("url".into(), feed.as_str().into())
            ]
        );
    }

    #[tokio::test]
    async fn no_endpoint_means_no_ping() {
        let cfg = NotifyConfig::default();
        let client = crate::http::client(&crate::config::ValidateConfig::default());
        assert!(
            ping(&client, &cfg, &[url("https://x.example/feed.xml")])
                .await
                .is_empty()
        );
    }
}
