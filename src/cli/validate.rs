//! `podfeed validate`: fetch each feed (or read a file), run the rules, compare it with the local
//! records, check its links, print one report and set the exit code.
//!
//! Targets: the URL or file given; else the feed URL of `--feed ID` (or of the show folder given
//! with `--records`), else of every show in the config. Records are compared whenever a show is
//! known: `--feed`, `--records`, or a target taken from the config.
//!
//! Conditional requests: the `ETag`/`Last-Modified` of each feed URL is kept in a cache file
//! (`--cache FILE`, default `.podfeed-cache.json` beside the config file, which is not under
//! `output_dir` and so never published). An unchanged feed (`304`) is reported as "unchanged
//! since last run" and not checked again. Two guards keep that honest: an entry is stored only
//! after a run that found no errors (so a broken feed is re-checked every time), and it is not
//! used when the show's records changed after the cache file was written (a feed that did not
//! change while the records did is exactly what `compare.feed.stale` is for).
//!
//! Exit codes (DESIGN.md "Command line"): 0 ok or warnings, 1 errors found, 2 bad invocation,
//! config or records, 4 a feed could not be fetched (the worst code of all targets wins).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context;
use chrono::{DateTime, Utc};
use url::Url;

use super::{OutputFormat, ValidateArgs};
use crate::compare;
use crate::config::{Config, ValidateConfig};
use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::exit::Exit;
use crate::feed::{self, Document};
use crate::http::{self, Cache, CacheEntry, FetchOptions, Fetched, LinkKind, LinkOptions};
use crate::model::Show;
use crate::records::read::{read_config, read_show, read_site};
use crate::rules::{self, Profiles};
use crate::{published, render, report, transcript_match};

/// Where a feed comes from.
#[derive(Debug, Clone)]
enum Source {
    Url(Url),
    File(PathBuf),
}

impl Source {
    /// The name shown in locations and reports.
    fn name(&self) -> String {
        match self {
            Source::Url(u) => u.as_str().to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// A show's records and when they last changed on disk.
struct Records {
    show: Show,
    modified: Option<SystemTime>,
}

/// One feed to validate, with the records to compare it with.
struct Target {
    source: Source,
    records: Option<Records>,
}

/// What the command line asks for, resolved against the config and the records.
struct Plan {
    config: Option<Config>,
    validate: ValidateConfig,
    cache_path: PathBuf,
    targets: Vec<Target>,
}

/// How one target ended.
enum Outcome {
    /// Fetched (or read) and checked.
    Checked {
        name: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
        /// The cache entry the server sent, for a URL.
        cache: Option<(Url, CacheEntry)>,
    },
    /// `304 Not Modified`: nothing to check.
    Unchanged {
        name: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// No feed: the message names the URL or file and what happened.
    Failed { name: String, message: String },
}

/// Validates the feeds named by `args` at `now`.
pub fn run(args: &ValidateArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let profiles = match Profiles::parse(&args.profiles) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::Usage);
        }
    };
    let plan = match plan(args) {
        Ok(p) => p,
        Err(message) => {
            eprint!("{message}");
            return Ok(Exit::Usage);
        }
    };
    let (mut cache, cache_written) = load_cache(&plan.cache_path);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let run = Run {
        client: http::client(&plan.validate),
        plan: &plan,
        profiles: &profiles,
        now,
        links: !args.no_links,
        cache: &cache,
        cache_written,
    };
    let outcomes: Vec<Outcome> = runtime.block_on(async {
        let mut out = Vec::new();
        for target in &plan.targets {
            out.push(run.check(target).await);
        }
        out
    });
    if update_cache(&mut cache, &outcomes)
        && let Err(e) = http::write_cache(&plan.cache_path, &cache)
    {
        eprintln!("warning: {e}");
    }
    print!("{}", render(&outcomes, args.format));
    for o in &outcomes {
        if let Outcome::Failed { message, .. } = o {
            eprintln!("error: {message}");
        }
    }
    Ok(exit_code(&outcomes))
}

/// Resolves targets, config and records; an `Err` is the message for exit code 2.
fn plan(args: &ValidateArgs) -> Result<Plan, String> {
    if args.feed.is_some() && args.records.is_some() {
        return Err("error: give --feed ID or --records DIR, not both\n".into());
    }
    let cache_path = args.cache.clone().unwrap_or_else(|| {
        args.config
            .parent()
            .unwrap_or(Path::new(""))
            .join(".podfeed-cache.json")
    });
    let bad = |d: Vec<Diagnostic>| super::render_diagnostics(&d);
    let given = match args.target.as_deref() {
        Some(t) if t.starts_with("http://") || t.starts_with("https://") => {
            Some(Source::Url(Url::parse(t).map_err(|e| {
                format!("error: {t:?} is not a valid URL: {e}\n")
            })?))
        }
        Some(t) => Some(Source::File(PathBuf::from(t))),
        None => None,
    };
    // Which shows, from where: `--records DIR` is one show folder, `--feed ID` one show of the
    // config, no target at all every show of the config.
    let (config, shows) = if let Some(dir) = &args.records {
        let config = read_config(&args.config).map_err(bad)?;
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let show = read_show(dir, &id, &config).map_err(bad)?;
        (Some(config), vec![(show, dir.clone())])
    } else if args.feed.is_some() || given.is_none() {
        let only: Vec<String> = args.feed.iter().cloned().collect();
        let site = read_site(&args.config, &only).map_err(bad)?;
        let feeds_dir = site.root.join(&site.config.feeds_dir);
        let shows = site
            .shows
            .into_iter()
            .map(|s| {
                let dir = feeds_dir.join(&s.id);
                (s, dir)
            })
            .collect();
        (Some(site.config), shows)
    } else if args.config.is_file() {
        // A URL or file alone: the config, when there is one, still gives `[validate]`.
        (Some(read_config(&args.config).map_err(bad)?), Vec::new())
    } else {
        (None, Vec::new())
    };
    let records = shows.into_iter().map(|(show, dir)| Records {
        show,
        modified: newest_mtime(&dir),
    });
    let targets: Vec<Target> = match given {
        Some(source) => vec![Target {
            source,
            records: records.into_iter().next(),
        }],
        None => records
            .map(|r| Target {
                source: Source::Url(r.show.feed_url.clone()),
                records: Some(r),
            })
            .collect(),
    };
    if targets.is_empty() {
        return Err(format!(
            "error: nothing to validate: {} lists no shows; name a feed URL or file\n",
            args.config.display()
        ));
    }
    Ok(Plan {
        validate: config
            .as_ref()
            .map(|c| c.validate.clone())
            .unwrap_or_default(),
        config,
        cache_path,
        targets,
    })
}

/// The newest modification time of a show folder's records: `show.toml` and everything in
/// `episodes/` (records and transcripts).
fn newest_mtime(dir: &Path) -> Option<SystemTime> {
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let episodes = std::fs::read_dir(dir.join("episodes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| mtime(&e.path()));
    mtime(&dir.join("show.toml"))
        .into_iter()
        .chain(episodes)
        .max()
}

/// The cache and when it was last written; an unreadable cache is reported and replaced, never
/// a reason to stop monitoring.
fn load_cache(path: &Path) -> (Cache, Option<SystemTime>) {
    match http::read_cache(path) {
        Ok(c) => {
            let written = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            (c, written)
        }
        Err(e) => {
            eprintln!("warning: {e}; starting a new cache");
            (Cache::default(), None)
        }
    }
}

/// Stores what the run learnt; true when the file should be written (any feed was fetched).
fn update_cache(cache: &mut Cache, outcomes: &[Outcome]) -> bool {
    let mut fetched = false;
    for o in outcomes {
        if let Outcome::Checked {
            diagnostics,
            cache: Some((url, entry)),
            ..
        } = o
        {
            fetched = true;
            // A feed with errors must be checked in full next time too.
            if Summary::of(diagnostics).errors == 0 {
                cache.set(url, entry.clone());
            } else {
                cache.set(url, CacheEntry::default());
            }
        } else if matches!(o, Outcome::Unchanged { .. }) {
            fetched = true;
        }
    }
    fetched
}

/// Everything a target's check needs.
struct Run<'a> {
    client: reqwest::Client,
    plan: &'a Plan,
    profiles: &'a Profiles,
    now: DateTime<Utc>,
    links: bool,
    cache: &'a Cache,
    cache_written: Option<SystemTime>,
}

impl Run<'_> {
    /// Fetches (or reads) one target and checks it.
    async fn check(&self, target: &Target) -> Outcome {
        let name = target.source.name();
        let (bytes, mut diagnostics, cache) = match &target.source {
            Source::File(path) => match std::fs::read(path) {
                Ok(b) => (b, Vec::new(), None),
                Err(e) => {
                    return Outcome::Failed {
                        message: format!("could not read {name}: {e}"),
                        name,
                    };
                }
            },
            Source::Url(url) => {
                let entry = self.conditional(url, target.records.as_ref());
                let opts = FetchOptions::from_config(&self.plan.validate);
                match http::fetch_feed(&self.client, url, &opts, entry).await {
                    Ok(Fetched::Feed(body)) => (
                        body.bytes,
                        body.diagnostics,
                        Some((url.clone(), body.cache)),
                    ),
                    Ok(Fetched::NotModified { diagnostics, .. }) => {
                        return Outcome::Unchanged { name, diagnostics };
                    }
                    Err(e) => {
                        return Outcome::Failed {
                            message: e.to_string(),
                            name,
                        };
                    }
                }
            }
        };
        let doc = feed::parse(&bytes);
        drop(bytes);
        diagnostics.extend(rules::check_document(&name, &doc, self.profiles, self.now));
        let labels = self.compare(&name, &doc, target.records.as_ref(), &mut diagnostics);
        if self.links && !doc.fatal {
            diagnostics.extend(self.check_links(&name, &doc, &labels, target).await);
        }
        sort(&mut diagnostics);
        Outcome::Checked {
            name,
            text: doc.text,
            diagnostics,
            cache,
        }
    }

    /// The cache entry to make the request conditional with, unless the records changed after
    /// the cache was written.
    fn conditional(&self, url: &Url, records: Option<&Records>) -> Option<&CacheEntry> {
        let records_newer = records
            .and_then(|r| r.modified)
            .is_some_and(|m| self.cache_written.is_none_or(|w| m > w));
        if records_newer {
            None
        } else {
            self.cache.get(url)
        }
    }

    /// Compares the feed with the records (when there are records and the XML is whole), and
    /// gives every item's episode label: its record's slug, else its guid or title. Rule
    /// findings are relabelled from guid/title to slug so one episode has one name.
    fn compare(
        &self,
        name: &str,
        doc: &Document,
        records: Option<&Records>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Option<String>> {
        let keys: Vec<Option<String>> = published::item_ids(doc)
            .into_iter()
            .map(|i| published::item_key(doc, i))
            .collect();
        let (Some(records), Some(config), false) = (records, &self.plan.config, doc.fatal) else {
            return keys;
        };
        let published = published::summarize(doc, name);
        let public_url = |p: &str| config.public_url(p);
        let local = compare::Local {
            show: &records.show,
            formats: &config.build.transcript_formats,
            public_url: &public_url,
            records_modified: records.modified.map(DateTime::<Utc>::from),
        };
        diagnostics.extend(compare::compare(&published, &local, self.now));
        let labels: Vec<Option<String>> = published
            .items
            .iter()
            .zip(&keys)
            .map(|(item, key)| slug_of(&records.show, item).or_else(|| key.clone()))
            .collect();
        let rename: HashMap<&str, &str> = keys
            .iter()
            .zip(&labels)
            .filter_map(|(k, l)| Some((k.as_deref()?, l.as_deref()?)))
            .collect();
        for d in diagnostics.iter_mut() {
            if let Some(slug) = d.episode.as_deref().and_then(|e| rename.get(e)) {
                d.episode = Some((*slug).to_owned());
            }
        }
        labels
    }

    /// Checks every link of the feed, with the local transcripts as the expected ones.
    async fn check_links(
        &self,
        name: &str,
        doc: &Document,
        labels: &[Option<String>],
        target: &Target,
    ) -> Vec<Diagnostic> {
        let mut targets = published::link_targets(doc, name, &|n| labels.get(n).cloned().flatten());
        if let (Some(records), Some(config)) = (&target.records, &self.plan.config) {
            let expected = local_transcripts(&records.show, config);
            for t in &mut targets {
                if let LinkKind::Transcript { expected: e, .. } = &mut t.kind
                    && let Some(render) = expected.get(t.url.as_str())
                {
                    *e = Some(render());
                }
            }
        }
        let opts = LinkOptions {
            transcript_check: Some(transcript_match::check),
            ..LinkOptions::from_config(&self.plan.validate)
        };
        http::check_links(&self.client, targets, &opts).await
    }
}

/// The slug of the record that `item` publishes: same guid, else same enclosure URL.
fn slug_of(show: &Show, item: &compare::PublishedItem) -> Option<String> {
    let by_guid = item
        .guid
        .as_deref()
        .and_then(|g| show.episodes.iter().find(|e| e.guid == g));
    let by_enclosure = || {
        item.enclosure
            .as_ref()
            .and_then(|(u, _, _)| show.episodes.iter().find(|e| e.enclosure.url.as_str() == u))
    };
    by_guid.or_else(by_enclosure).map(|e| e.slug.clone())
}

/// Every transcript URL the build publishes for `show`, with a function rendering the file the
/// build writes there (rendered only for URLs the feed links).
fn local_transcripts<'a>(
    show: &'a Show,
    config: &'a Config,
) -> BTreeMap<String, Box<dyn Fn() -> String + 'a>> {
    let mut out: BTreeMap<String, Box<dyn Fn() -> String + 'a>> = BTreeMap::new();
    for episode in &show.episodes {
        for t in &episode.transcripts {
            let stem = t.output_stem(&episode.slug);
            for &format in &config.build.transcript_formats {
                let url = config.public_url(&render::transcript_path(&show.id, &stem, format));
                out.insert(
                    url.to_string(),
                    Box::new(move || render::render_transcript(episode, t, format)),
                );
            }
        }
    }
    out
}

/// One order for a whole run: channel findings first, then by episode, position and rule.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let pos = |d: &Diagnostic| d.location.as_ref().map(|l| (l.line, l.column));
        a.episode
            .cmp(&b.episode)
            .then_with(|| pos(a).cmp(&pos(b)))
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// The report of every outcome in `format`.
///
/// Human: each target's findings in compiler style with the fetched text as the source of the
/// snippets, a summary line, and a `==> TARGET` header when there are several. JSON: one compact
/// object per target and line (JSON Lines, [`JsonLine`]): the fields of [`report::json`]
/// (`target`, `summary`, `diagnostics`) plus `"status"` (`"checked"`, `"unchanged"` or
/// `"failed"`) and, when failed, `"error"`. A single target is one line, which is also one JSON
/// document.
fn render(outcomes: &[Outcome], format: OutputFormat) -> String {
    let mut out = String::new();
    for o in outcomes {
        let (name, status, diagnostics, text, error) = match o {
            Outcome::Checked {
                name,
                text,
                diagnostics,
                ..
            } => (name, "checked", diagnostics.as_slice(), Some(text), None),
            Outcome::Unchanged { name, diagnostics } => {
                (name, "unchanged", diagnostics.as_slice(), None, None)
            }
            Outcome::Failed { name, message } => (name, "failed", &[][..], None, Some(message)),
        };
        match format {
            OutputFormat::Json => {
                let line = JsonLine {
                    target: name,
                    status,
                    error: error.map(String::as_str),
                    summary: Summary::of(diagnostics),
                    diagnostics,
                };
                out.push_str(&serde_json::to_string(&line).unwrap_or_else(|e| {
                    format!("{{\"target\":{name:?},\"status\":\"failed\",\"error\":\"{e}\"}}")
                }));
                out.push('\n');
            }
            OutputFormat::Human => {
                if outcomes.len() > 1 {
                    out.push_str(&format!("==> {name}\n"));
                }
                if status == "unchanged" {
                    out.push_str(&format!(
                        "{name}: unchanged since last run (304 Not Modified); not checked again\n"
                    ));
                }
                if status == "failed" {
                    out.push_str(&format!("{name}: could not be fetched\n"));
                    continue;
                }
                let sources = text
                    .map(|t| BTreeMap::from([(name.clone(), t.clone())]))
                    .unwrap_or_default();
                out.push_str(&report::human::render(&sources, diagnostics, false));
            }
        }
    }
    out
}

/// One target's line of `--format json`: the fields of [`report::json`] in its order, plus
/// `status` and, for a failed fetch, `error`.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    target: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    summary: Summary,
    diagnostics: &'a [Diagnostic],
}

/// The worst exit code over all targets: a failed fetch, then errors found.
fn exit_code(outcomes: &[Outcome]) -> Exit {
    let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed { .. }));
    let errors = outcomes.iter().any(|o| match o {
        Outcome::Checked { diagnostics, .. } | Outcome::Unchanged { diagnostics, .. } => {
            diagnostics.iter().any(|d| d.severity == Severity::Error)
        }
        Outcome::Failed { .. } => false,
    });
    if failed {
        Exit::Fetch
    } else if errors {
        Exit::Failed
    } else {
        Exit::Ok
    }
}
