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
use crate::rules::MAX_FINDINGS_PER_RULE;
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
    /// Most distinct links checked; the rest are counted in one `link.not-checked` finding.
    pub max_links: usize,
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
            max_links: cfg.max_links,
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
    // The distinct links in the feed's order: the first `max_links` are checked.
    let mut order = Vec::new();
    for t in targets {
        let key = (t.url, t.kind);
        let at = places.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Vec::new()
        });
        at.push(Place {
            episode: t.episode,
            location: t.location,
            path: t.path,
        });
    }
    let mut out = Vec::new();
    if order.len() > opts.max_links {
        let skipped = order.split_off(opts.max_links);
        let first = skipped.first().and_then(|k| places.get(k)?.first());
        out.push(not_checked(skipped.len(), order.len(), first));
    }
    if let Some(p) = &opts.progress {
        p.inc_length(order.len() as u64);
    }
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    for (url, _) in &order {
        hosts
            .entry(host_key(url))
            .or_insert_with(|| Arc::new(Semaphore::new(opts.per_host.max(1))));
    }
    let mut checks = futures::stream::iter(order)
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
    let mut timings = Vec::new();
    while let Some((key, found, millis)) = checks.next().await {
        if let Some(p) = &opts.progress {
            p.inc(1);
        }
        timings.push(LinkTiming {
            url: key.0.to_string(),
            millis,
        });
        let at = places.get(&key).map_or(&[][..], Vec::as_slice);
        // A URL linked from more places than a rule lists findings: the first ones, and one
        // finding counting the rest at the first place not listed.
        let (listed, rest) = at.split_at(at.len().min(MAX_FINDINGS_PER_RULE));
        for place in listed {
            out.extend(found.iter().map(|d| placed(d, place)));
        }
        if let Some(first) = rest.first() {
            out.extend(found.iter().map(|d| {
                let mut d = placed(d, first);
                d.message = format!(
                    "{} more places link the same URL, from here on, and are not listed; the first: {}",
                    rest.len(),
                    d.message
                );
                d
            }));
        }
    }
    drop(checks);
    crate::diagnostic::sort(&mut out);
    (out, timings)
}

/// Finding `d` at `place`.
fn placed(d: &Diagnostic, place: &Place) -> Diagnostic {
    let mut d = d.clone();
    d.episode.clone_from(&place.episode);
    d.labels = place.location.iter().cloned().collect();
    d.path.clone_from(&place.path);
    d
}

/// The finding that `skipped` of a feed's distinct links were not checked, `checked` were;
/// at the first one not checked.
fn not_checked(skipped: usize, checked: usize, first: Option<&Place>) -> Diagnostic {
    let rule = &crate::rules::links::LINK_NOT_CHECKED;
    let d = Diagnostic::new(
        rule,
        format!(
            "{skipped} of the feed's {} distinct links were not checked, from here on: podfeed checks at most {checked} a feed (`[validate] max_links`)",
            skipped + checked
        ),
    )
    .help(format!("run `podfeed explain {}`", rule.id));
    match first {
        Some(place) => placed(&d, place),
        None => d,
    }
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
