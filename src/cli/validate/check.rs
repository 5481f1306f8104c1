//! Checking one target, the command's IO around the pure [`crate::validate::check`]: fetch the
//! feed (conditionally, see [`super::cache`]) or read the file, check it, fetch its links, and
//! put the findings in the report's order.

use chrono::{DateTime, Utc};
use url::Url;

use super::cache::{self, FeedCache, Scope, Stored};
use super::plan::{Plan, Source, Target};
use crate::cli::input::read_bounded;
use crate::diagnostic::{Diagnostic, Summary};
use crate::http::{self, CacheEntry, FetchOptions, Fetched, LinkOptions};
use crate::report::LinkTiming;
use crate::rules::Profiles;
use crate::validate;

/// How one target ended.
#[expect(
    clippy::large_enum_variant,
    reason = "one outcome per target of a run: their size does not matter"
)]
pub(super) enum Outcome {
    /// Fetched (or read) and checked.
    Checked {
        name: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
        /// The cache entry the server sent, for a URL.
        cache: Option<(Url, CacheEntry)>,
        /// How long each link's check took.
        timings: Vec<LinkTiming>,
        /// How many items the feed has.
        items: usize,
        /// The HTTP status it was served with (`None` for a file).
        http: Option<u16>,
    },
    /// `304 Not Modified`: nothing to check.
    Unchanged {
        name: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// No feed: the message names the URL or file and what happened.
    Failed {
        name: String,
        message: String,
        /// The HTTP status that refused the feed (a 404, a 500), when one came.
        http: Option<u16>,
    },
}

impl Outcome {
    /// What the outcome leaves for the cache.
    pub(super) fn stored(&self) -> Stored<'_> {
        match self {
            Outcome::Checked {
                diagnostics,
                cache: Some((url, entry)),
                ..
            } => Stored::Fetched {
                url,
                entry,
                errors: Summary::of(diagnostics).errors > 0,
            },
            Outcome::Unchanged { .. } => Stored::Unchanged,
            Outcome::Checked { .. } | Outcome::Failed { .. } => Stored::Nothing,
        }
    }
}

/// Everything a target's check needs.
pub(super) struct Checker<'a> {
    /// The client of private targets (a feed on 127.0.0.1, a file) and of `--allow-private`,
    /// and the client of public targets, whose names resolve through [`http::Guard`], which
    /// refuses private addresses. Each is built when first needed.
    pub(super) clients: http::Clients,
    /// `--allow-private`: a public target may reach private addresses (one's own LAN).
    pub(super) allow_private: bool,
    pub(super) plan: &'a Plan,
    pub(super) profiles: &'a Profiles,
    pub(super) now: DateTime<Utc>,
    /// Whether to check the feed's links (`--no-links` turns it off).
    pub(super) links: bool,
    pub(super) cache: &'a FeedCache,
    /// The history (`--db`): when given, the conditional requests' headers come from it instead
    /// of the cache file.
    pub(super) store: Option<&'a crate::cli::store::Store>,
    /// The link checks' progress bar (issue 17, item 3), shown on a terminal only.
    pub(super) progress: crate::cli::progress::Progress,
}

/// The checks that may parse and run rules at once: one per core.
fn cpu_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        tokio::sync::Semaphore::new(cores)
    })
}

/// The feed's bytes and what the fetch itself found.
struct Got {
    bytes: Vec<u8>,
    diagnostics: Vec<Diagnostic>,
    cache: Option<(Url, CacheEntry)>,
    /// The HTTP status it was served with (`None` for a file).
    http: Option<u16>,
}

/// Whether a target is public: a URL whose host is not a private address. A public feed's links
/// to private addresses are not requested (`link.private`); a feed on 127.0.0.1 or a file on
/// disk (a local preview) may link to them.
fn is_public(source: &Source) -> bool {
    match source {
        Source::Url(url) => !http::is_private(url),
        Source::File(_) => false,
    }
}

impl Checker<'_> {
    /// Whether requests for `source` refuse private addresses: a public target's, unless
    /// `--allow-private` (issue 16: the fetch cannot be turned inward).
    fn refuses_private(&self, source: &Source) -> bool {
        is_public(source) && !self.allow_private
    }

    /// The client for `source`'s requests.
    fn client_for(&self, source: &Source) -> &reqwest::Client {
        if self.refuses_private(source) {
            self.clients.guarded()
        } else {
            self.clients.open()
        }
    }

    /// Fetches (or reads) one target and checks it.
    pub(super) async fn check(&self, target: &Target) -> Outcome {
        let name = target.source.name();
        let scope = Scope {
            now: self.now,
            checks: cache::checks(self.profiles, self.links, target.records.is_some()),
            records: target.records.as_ref(),
        };
        let got = match self.get(&target.source, &scope).await {
            Ok(got) => got,
            Err(outcome) => return outcome,
        };
        let records = match (&target.records, &self.plan.config) {
            (Some(r), Some(config)) => Some(validate::Records {
                show: &r.show,
                config,
                modified: r.modified.map(DateTime::<Utc>::from),
            }),
            _ => None,
        };
        let checked = if records.is_none() {
            // Nothing borrowed to compare with (every feed of a --list): the parse and the
            // rules run on the blocking pool, so the feeds in flight use every core.
            let (profiles, now, links, bytes) = (*self.profiles, self.now, self.links, got.bytes);
            let shown = name.clone();
            // One check per core at a time: 16 large feeds in flight do not hold 16 trees.
            // (The semaphore is never closed, so a slot always comes.)
            let _slot = cpu_slots().acquire().await.ok();
            // A second core, when no other check holds it, reads on while the first checks.
            let spare = cpu_slots().try_acquire().ok();
            let spare_core = spare.is_some();
            let job = tokio::task::spawn_blocking(move || {
                let _spare = spare;
                let opts = validate::Options {
                    profiles: &profiles,
                    now,
                    records: None,
                    links,
                    spare_core,
                };
                validate::check(&shown, bytes, &opts)
            });
            match job.await {
                Ok(checked) => checked,
                Err(e) => {
                    return Outcome::Failed {
                        name,
                        message: format!("the check stopped: {e}"),
                        http: got.http,
                    };
                }
            }
        } else {
            let spare = cpu_slots().try_acquire().ok();
            let opts = validate::Options {
                profiles: self.profiles,
                now: self.now,
                records,
                links: self.links,
                spare_core: spare.is_some(),
            };
            validate::check(&name, got.bytes, &opts)
        };
        let items = checked.items;
        let mut diagnostics = got.diagnostics;
        diagnostics.extend(checked.diagnostics);
        let mut timings = Vec::new();
        if !checked.links.is_empty() {
            let opts = LinkOptions {
                refuse_private: self.refuses_private(&target.source),
                progress: Some(self.progress.handle()),
                ..LinkOptions::from_config(&self.plan.validate)
            };
            let client = self.client_for(&target.source);
            let (found, took) = http::check_links_timed(client, checked.links, &opts).await;
            diagnostics.extend(found);
            timings = took;
        }
        crate::diagnostic::sort(&mut diagnostics);
        Outcome::Checked {
            name,
            text: checked.text,
            diagnostics,
            cache: got.cache,
            timings,
            items,
            http: got.http,
        }
    }

    /// The feed's bytes: read from the file, or fetched from the URL (conditionally, when the
    /// cache vouches for a run of `scope`). An `Err` is the outcome when there is nothing to
    /// check.
    async fn get(&self, source: &Source, scope: &Scope<'_>) -> Result<Got, Outcome> {
        let name = || source.name();
        match source {
            Source::File(path) => {
                // Refused from its size before it is read (issue 16), like a body past the
                // limit while it streams.
                let limit =
                    usize::try_from(self.plan.validate.max_feed_bytes).unwrap_or(usize::MAX);
                let failed = |why: String| Outcome::Failed {
                    message: format!("cannot read {}: {why}", name()),
                    name: name(),
                    http: None,
                };
                match read_bounded(path, limit) {
                    Ok(bytes) if bytes.len() > limit => Err(failed(format!(
                        "the file grew past the limit of {limit} bytes (max_feed_bytes) while it was read"
                    ))),
                    Ok(bytes) => Ok(Got {
                        bytes,
                        diagnostics: Vec::new(),
                        cache: None,
                        http: None,
                    }),
                    Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                        Err(failed(format!("{e} (max_feed_bytes)")))
                    }
                    Err(e) => Err(failed(e.to_string())),
                }
            }
            Source::Url(url) => {
                let from_store = match self.store {
                    Some(store) => cache::from_store(store, url, scope).await,
                    None => None,
                };
                let entry = from_store
                    .as_ref()
                    .or_else(|| self.cache.conditional(url, scope));
                let opts = FetchOptions {
                    refuse_private: self.refuses_private(source),
                    ..FetchOptions::from_config(&self.plan.validate)
                };
                let client = self.client_for(source);
                match http::fetch_feed(client, url, &opts, entry).await {
                    Ok(Fetched::Feed(body)) => Ok(Got {
                        bytes: body.bytes,
                        diagnostics: body.diagnostics,
                        cache: Some((url.clone(), cache::stamped(body.cache, scope))),
                        http: Some(body.status.as_u16()),
                    }),
                    Ok(Fetched::NotModified { diagnostics, .. }) => Err(Outcome::Unchanged {
                        name: name(),
                        diagnostics,
                    }),
                    Err(e) => Err(Outcome::Failed {
                        message: e.to_string(),
                        name: name(),
                        http: e.status().map(|s| s.as_u16()),
                    }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fetched_feed_is_stored_and_its_errors_are_counted() {
        let url = Url::parse("https://h.example/feed.xml").expect("url");
        let checked = |diagnostics, cache| Outcome::Checked {
            name: url.to_string(),
            text: String::new(),
            diagnostics,
            cache,
            timings: Vec::new(),
            items: 1,
            http: Some(200),
        };
        let fetched = Some((url.clone(), CacheEntry::default()));
        let broken = checked(
            vec![Diagnostic::new(&crate::rules::xml::XML_MALFORMED, "m")],
            fetched.clone(),
        );
        assert!(matches!(
            broken.stored(),
            Stored::Fetched { errors: true, .. }
        ));
        let warned = checked(
            vec![Diagnostic::new(&crate::rules::urls::URL_HTTP, "w")],
            fetched,
        );
        assert!(matches!(
            warned.stored(),
            Stored::Fetched { errors: false, .. }
        ));
        assert!(matches!(
            checked(Vec::new(), None).stored(),
            Stored::Nothing
        ));
        let unchanged = Outcome::Unchanged {
            name: url.to_string(),
            diagnostics: Vec::new(),
        };
        assert!(matches!(unchanged.stored(), Stored::Unchanged));
        let failed = Outcome::Failed {
            name: url.to_string(),
            message: "no answer".into(),
            http: None,
        };
        assert!(matches!(failed.stored(), Stored::Nothing));
    }
}
