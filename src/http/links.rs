//! Checking the links of a feed: each distinct URL and kind requested once ([`observe_link`]),
//! many at a time but few per host, judged by the core ([`judge::findings`]), and every finding
//! repeated at each place that links it. A broken link is a diagnostic, never an abort.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use futures::StreamExt;
use tokio::sync::Semaphore;
use url::Url;

use super::observe::Observer;
use super::request::Redirects;
use super::retry::RetryPolicy;
use crate::config::ValidateConfig;
use crate::diagnostic::{Diagnostic, Label};
use crate::report::LinkTiming;
use crate::validate::judge::{self, LinkResult};
use crate::validate::links::{LinkKind, LinkTarget};

/// How links are checked.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Checks in flight at once, over all hosts.
    pub concurrency: usize,
    /// Checks in flight at once to one host.
    pub per_host: usize,
    /// Retries of throttled (429/503) requests.
    pub retry: RetryPolicy,
    /// Redirects followed per request.
    pub max_redirects: usize,
    /// Bytes of artwork read to find its format and size.
    pub artwork_bytes: u64,
    /// Largest transcript read.
    pub transcript_max_bytes: u64,
    /// Whether links (and redirects) to private addresses ([`judge::is_private`]) are reported
    /// as `link.private` instead of requested: set for a feed that is itself public.
    pub refuse_private: bool,
    /// Counts each distinct link checked, for a progress bar (`None`: not counted).
    pub progress: Option<indicatif::ProgressBar>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions::from_config(&ValidateConfig::default())
    }
}

impl LinkOptions {
    /// Options from `[validate]`; the rest at their defaults.
    pub fn from_config(cfg: &ValidateConfig) -> Self {
        LinkOptions {
            concurrency: cfg.concurrency.max(1),
            per_host: cfg.per_host.max(1),
            retry: RetryPolicy::default(),
            max_redirects: 10,
            artwork_bytes: 64 * 1024,
            transcript_max_bytes: 10_000_000,
            refuse_private: false,
            progress: None,
        }
    }
}

/// Where a finding is repeated.
struct Place {
    episode: Option<String>,
    location: Option<Label>,
    path: Option<String>,
}

/// Checks every target and returns the findings, sorted by place then rule.
pub async fn check_links(
    client: &reqwest::Client,
    targets: Vec<LinkTarget>,
    opts: &LinkOptions,
) -> Vec<Diagnostic> {
    check_links_timed(client, targets, opts).await.0
}

/// [`check_links`], with how long each distinct URL's check took (for the HTML report), in
/// the order they finished.
pub async fn check_links_timed(
    client: &reqwest::Client,
    targets: Vec<LinkTarget>,
    opts: &LinkOptions,
) -> (Vec<Diagnostic>, Vec<LinkTiming>) {
    let mut places: BTreeMap<(Url, LinkKind), Vec<Place>> = BTreeMap::new();
    for t in targets {
        places.entry((t.url, t.kind)).or_default().push(Place {
            episode: t.episode,
            location: t.location,
            path: t.path,
        });
    }
    if let Some(p) = &opts.progress {
        p.inc_length(places.len() as u64);
    }
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    for (url, _) in places.keys() {
        hosts
            .entry(host_key(url))
            .or_insert_with(|| Arc::new(Semaphore::new(opts.per_host.max(1))));
    }
    let mut checks = futures::stream::iter(places.keys().cloned())
        .map(|(url, kind)| {
            let host = hosts.get(&host_key(&url)).cloned();
            async move {
                // The semaphore is never closed, so acquiring only waits.
                let _permit = match &host {
                    Some(s) => s.acquire().await.ok(),
                    None => None,
                };
                let started = std::time::Instant::now();
                let found = check_one(client, &url, &kind, opts).await;
                let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                ((url, kind), found, millis)
            }
        })
        .buffer_unordered(opts.concurrency.max(1));
    // Fan each result out as it arrives, so only the final diagnostics are held.
    let mut out = Vec::new();
    let mut timings = Vec::new();
    while let Some((key, found, millis)) = checks.next().await {
        if let Some(p) = &opts.progress {
            p.inc(1);
        }
        timings.push(LinkTiming {
            url: key.0.to_string(),
            millis,
        });
        for place in places.get(&key).into_iter().flatten() {
            out.extend(found.iter().cloned().map(|mut d| {
                d.episode.clone_from(&place.episode);
                d.labels = place.location.iter().cloned().collect();
                d.path.clone_from(&place.path);
                d
            }));
        }
    }
    drop(checks);
    crate::diagnostic::sort(&mut out);
    (out, timings)
}

/// Host and port: the unit of politeness.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// All findings for one URL of one kind, without place.
async fn check_one(
    client: &reqwest::Client,
    url: &Url,
    kind: &LinkKind,
    opts: &LinkOptions,
) -> Vec<Diagnostic> {
    let result = observe_link(client, url, kind, opts).await;
    judge::findings(url, kind, &result)
}

/// What the server answers for the link to `url` of `kind`: the requests its check needs, sent
/// with `opts`' limits. A link to a private address is not requested when `opts` refuses them.
pub async fn observe_link(
    client: &reqwest::Client,
    url: &Url,
    kind: &LinkKind,
    opts: &LinkOptions,
) -> LinkResult {
    if opts.refuse_private && judge::is_private(url) {
        return LinkResult::refused();
    }
    let observer = Observer {
        client,
        redirects: Redirects {
            max: opts.max_redirects,
            refuse_private: opts.refuse_private,
        },
        retry: &opts.retry,
        artwork_bytes: opts.artwork_bytes,
        transcript_max_bytes: opts.transcript_max_bytes,
    };
    observer.observe(url, kind).await
}
