//! `podfeed build`: read the records, render, self-check, publish under the output folder's lock,
//! then tell the directories about feeds that changed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::progress::Progress;
use super::{BuildArgs, OutputFormat};
use crate::build::{self, BuildInput, Built, Digest, HeldBack};
use crate::diagnostic::Severity;
use crate::exit::Exit;
use crate::model::Draft;
use crate::records::memo::{Memo, Stamps};
use crate::records::read::{self, Known, Site, read_config, read_site};
use crate::render::Output;
use crate::site::fingerprint::{self, Fingerprint};
use crate::site::listing::{Listing, Meta};
use crate::site::notify::{self, PingResult};
use crate::site::{self, Lock, LockError, Manifest, PublishOptions, PublishReport};

/// Builds the shows named by `args` (all when none is named).
pub fn run(args: &BuildArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let config = match read_config(&args.config) {
        Ok(config) => config,
        Err(diagnostics) => return Ok(bad_records(args, &diagnostics)),
    };
    let root = args
        .config
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    // Only `stat` calls, so no lock: outputs change only under another build's lock, and a
    // build half-way through no longer matches the saved fingerprint. The inputs are taken
    // before a record is read: the fingerprint this build may save vouches for them as seen.
    let feeds_dir = root.join(&config.feeds_dir);
    let inputs = fingerprint_inputs(args, &feeds_dir, &out_dir)?;
    let saved = fingerprint::load(&out_dir);
    // What earlier builds published, read before the records (so the reader parses only the
    // transcripts whose files are to be rendered) and without the lock (taking it creates the
    // output folder, which a build refusing its records must not do). Checked again under the
    // lock below.
    let state = manifest_state(&out_dir);
    // The manifest and the records' memo (a cache beside the config) are read side by side.
    let use_memo = !memo_published(&args.config, &out_dir);
    let load_memo = || {
        if use_memo {
            read::load_memo(&args.config)
        } else {
            Memo::default()
        }
    };
    let load_both = || rayon::join(|| Manifest::load(&out_dir), load_memo);
    // The output folder's one listing of this build: the fingerprint compares it, the manifest
    // takes each file's size from it, and the fingerprint saved at the end is made from it. The
    // two walks (records, outputs) are only `stat` calls: they run side by side. With no saved
    // fingerprint (a first build, or an output folder removed) there is no fast path to take,
    // so the manifest and the memo are read beside the walks, not after them.
    let walk = || {
        rayon::join(
            || fingerprint::seen(&inputs, saved.as_ref().map_or(&[], |s| &s.media)),
            || fingerprint::outputs(&inputs),
        )
    };
    let ((seen, listed), loaded) = if saved.is_none() {
        let (walked, loaded) = rayon::join(walk, load_both);
        (walked, Some(loaded))
    } else {
        (walk(), None)
    };
    if let (Some(saved), Some(seen), Some(listed)) = (saved, &seen, &listed)
        && fingerprint::unchanged(&saved, seen, listed, now)
    {
        fast_path(args, saved, &feeds_dir)?;
        return Ok(Exit::Ok);
    }
    // Shown only on a terminal, not under --quiet or with --format json, after a moment.
    let progress = Progress::spinner(!args.quiet && args.format == OutputFormat::Human);
    let (mut manifest, memo) = loaded.unwrap_or_else(load_both);
    let show_ids = read::show_ids(&feeds_dir, &args.feeds).unwrap_or_default();
    let mut published = manifest.published(&out_dir, &show_ids, listed.as_ref());
    progress.step("reading records");
    let read = |published: &build::Published, memo, stamps| {
        let known = Known {
            published,
            memo,
            stamps,
            started: reading_started(),
        };
        read_site(&args.config, &args.feeds, Some(known))
    };
    let mut site = match read(&published, memo, seen.as_ref().map(|s| s as &dyn Stamps)) {
        Ok(site) => site,
        Err(diagnostics) => {
            progress.finish();
            return Ok(bad_records(args, &diagnostics));
        }
    };
    // A dry run writes nothing, not even the lock file (taking it writes our pid) or the folder.
    let _lock = if args.dry_run {
        None
    } else {
        match lock(&out_dir, args)? {
            Some(lock) => Some(lock),
            None => return Ok(Exit::Locked),
        }
    };
    // Another build published while this one read its records or waited for the lock (`--wait`):
    // its manifest is the one to build on, and the records are read again with its answers.
    if manifest_state(&out_dir) != state {
        manifest = Manifest::load(&out_dir);
        published = manifest.published(&out_dir, &show_ids, listed.as_ref());
        // The files are looked at again, not taken from the walk: they may have changed while
        // this build waited.
        site = match read(&published, load_memo(), None) {
            Ok(site) => site,
            Err(diagnostics) => {
                progress.finish();
                return Ok(bad_records(args, &diagnostics));
            }
        };
    }
    if !args.dry_run
        && use_memo
        && let Some(bytes) = site.memo.take()
        && let Err(e) = read::save_memo(&args.config, &bytes)
    {
        // A cache: the build goes on (quietly: a site whose folder cannot be written, cron's
        // mail every run), and the next one reads the records again.
        tracing::info!(
            "could not save the records' memo beside {}: {e}",
            args.config.display()
        );
    }
    progress.step("rendering feeds and transcripts");
    let mut built = build::build(
        &site.shows,
        &BuildInput {
            config: &site.config,
            now,
            source_date_epoch: crate::clock::source_date_epoch()?,
            published: &published,
        },
    );
    built.drafts = site.drafts.clone();
    // Everything is rendered: the episodes are not needed again (publishing and pings use the
    // shows' ids and feed URLs), so they are freed before the self-check parses the feed, the
    // build's largest allocation (issue 15: peak memory).
    for show in &mut site.shows {
        show.episodes = Vec::new();
    }
    progress.step("checking feeds");
    let mut problems = String::new();
    let checked = SelfCheck {
        now,
        passed: &published.self_checked,
        styled: args.color.stderr(),
    };
    let refused = refuse_broken_shows(&mut built, &checked, &mut problems);
    progress.step("writing");
    // The leftovers of an interrupted build, as the one listing saw them: publish removes them
    // without walking the folder again, and they are looked at again once it has.
    let leftovers = listed
        .as_ref()
        .map(|l| l.named_with_prefix(site::TMP_PREFIX));
    let opts = publish_options(args, &site, &mut built, &refused, leftovers.clone());
    let report = site::publish_with(&out_dir, &built.output, &opts, &manifest)?;
    let failed_pings = if args.dry_run {
        Vec::new()
    } else {
        progress.step("notifying directories");
        ping(&site, &out_dir, &report)?
    };
    progress.finish();
    eprint!("{problems}");
    print_outcome(args, &built, Files::of(&report), &failed_pings)?;
    warn_drafts(args, &built.drafts, &site.root.join(&site.config.feeds_dir));
    warn_failed_pings(args, &failed_pings);
    if !args.dry_run && refused.is_empty() && failed_pings.is_empty() {
        // Everything built was published and announced: the next build may skip the work.
        let files = report.written.len() + report.unchanged.len();
        let digest = seen.as_ref().and_then(|seen| {
            let outputs = listed_after(listed, &inputs, &report, leftovers.as_deref())?;
            fingerprint::digest_seen(seen, &site.media_files, &outputs)
        });
        if let Some(digest) = digest {
            let print = Fingerprint {
                digest,
                media: site.media_files,
                files,
                held_back: built.held_back,
                drafts: built.drafts,
            };
            fingerprint::save(&inputs, print)?;
        }
    }
    Ok(if refused.is_empty() {
        Exit::Ok
    } else {
        Exit::Failed
    })
}

/// The output folder once published: its listing from before the build with the files this build
/// wrote or removed, podfeed's own state files and the `leftovers` that listing named looked at
/// again (one `stat` each); a new listing when there was none (a first build).
fn listed_after(
    listed: Option<Listing>,
    inputs: &fingerprint::Inputs<'_>,
    report: &PublishReport,
    leftovers: Option<&[String]>,
) -> Option<Listing> {
    let Some(mut listed) = listed else {
        return fingerprint::outputs(inputs);
    };
    let own = [site::MANIFEST_FILE, site::INTENT_FILE]
        .into_iter()
        .chain(site::LEGACY_FILES);
    let touched = report
        .written
        .iter()
        .chain(&report.removed)
        .chain(leftovers.into_iter().flatten());
    listed.refresh(touched.map(String::as_str).chain(own));
    Some(listed)
}

/// Whether the records' memo of the site whose config is at `config` would lie inside the output
/// folder `out_dir` (by their real paths; the output folder's as written when it does not exist
/// yet). The memo holds episodes not yet due, so a site whose output folder holds its config
/// (`output_dir = "."`) has none: it would be published.
fn memo_published(config: &Path, out_dir: &Path) -> bool {
    let real = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let root = config.parent().unwrap_or(Path::new(""));
    real(root)
        .join(crate::records::memo::MEMO_PATH)
        .starts_with(real(out_dir))
}

/// When the reading of the records begins, in seconds since the epoch: the memo leaves out files
/// modified just before ([`crate::records::memo::SETTLE_SECS`]). The system's time, not the
/// build's `now` (which `PODFEED_NOW` may set): it is compared with the files' times.
fn reading_started() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Nothing changed since a build that published everything: the same summary, no work.
fn fast_path(args: &BuildArgs, saved: Fingerprint, feeds_dir: &Path) -> std::io::Result<()> {
    let files = Files {
        written: &[],
        removed: &[],
        unchanged: saved.files,
    };
    let built = Built {
        held_back: saved.held_back,
        drafts: saved.drafts,
        ..Built::default()
    };
    print_outcome(args, &built, files, &[])?;
    warn_drafts(args, &built.drafts, feeds_dir);
    Ok(())
}

/// A failed ping does not fail the build (it is retried by the next one), so it is a warning:
/// reported here only, once per feed and endpoint, and not under --quiet (errors only), since a
/// hub that stays down would otherwise make cron send mail every run.
fn warn_failed_pings(args: &BuildArgs, failed_pings: &[PingResult]) {
    if args.quiet {
        return;
    }
    for r in failed_pings {
        eprintln!(
            "warning: could not notify {} that {} changed: {}; the next build will try again",
            r.endpoint,
            r.feed,
            r.error.as_deref().unwrap_or("no answer")
        );
    }
}

/// One warning per draft, naming its record (not under `--quiet`, which prints errors only):
/// a draft is held back, never an error (issue 17, item 2).
fn warn_drafts(args: &BuildArgs, drafts: &[Draft], feeds_dir: &Path) {
    if args.quiet {
        return;
    }
    for d in drafts {
        let record = feeds_dir
            .join(&d.show)
            .join("episodes")
            .join(format!("{}.toml", d.episode));
        eprintln!(
            "warning: draft {}/{} held back ({}): {}",
            d.show,
            d.episode,
            d.reason.describe(),
            record.display()
        );
    }
}

/// Reports records that cannot be read: the usage exit code, nothing written.
fn bad_records(args: &BuildArgs, diagnostics: &[crate::diagnostic::Diagnostic]) -> Exit {
    eprint!(
        "{}",
        super::render_diagnostics(diagnostics, args.color.stderr())
    );
    eprintln!("error: the records have problems; nothing was written");
    Exit::Usage
}

/// The summary; the build is done whatever happens to it: a reader that closed the pipe
/// (`podfeed build | head -c 10`) does not change the outcome or the exit code.
fn print_outcome(
    args: &BuildArgs,
    built: &Built,
    files: Files<'_>,
    failed_pings: &[PingResult],
) -> std::io::Result<()> {
    match print_summary(args, built, files, failed_pings) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// What the no-change fast path compares: the record folders this build reads, the config, the
/// output folder, and what else decides the output.
pub(super) fn fingerprint_inputs<'a>(
    args: &'a BuildArgs,
    feeds_dir: &Path,
    out_dir: &'a Path,
) -> anyhow::Result<fingerprint::Inputs<'a>> {
    let mut selected = args.feeds.clone();
    selected.sort();
    let folders = if selected.is_empty() {
        vec![feeds_dir.to_path_buf()]
    } else {
        selected.iter().map(|id| feeds_dir.join(id)).collect()
    };
    let context = format!(
        "podfeed {}; shows {selected:?}; keep removed {}; SOURCE_DATE_EPOCH {:?}",
        env!("CARGO_PKG_VERSION"),
        args.keep_removed,
        crate::clock::source_date_epoch()?
    );
    Ok(fingerprint::Inputs {
        context,
        config: &args.config,
        folders,
        out_dir,
    })
}

/// Tells the configured hubs about the feeds this build changed; the pings that failed.
fn ping(site: &Site, out_dir: &Path, report: &PublishReport) -> anyhow::Result<Vec<PingResult>> {
    if report.pending_pings.is_empty() {
        return Ok(Vec::new());
    }
    let client = crate::http::client(&site.config.validate);
    let pings = notify::ping_pending(&client, &site.config.notify, out_dir, &report.pending_pings);
    Ok(crate::http::runtime()?
        .block_on(pings)?
        .into_iter()
        .filter(|r| !r.ok())
        .collect())
}

/// Takes the output folder's lock; `None`, after saying who holds it, when another build does.
fn lock(out_dir: &Path, args: &BuildArgs) -> anyhow::Result<Option<Lock>> {
    match Lock::acquire(out_dir, args.wait.map(Duration::from_secs)) {
        Ok(lock) => Ok(Some(lock)),
        Err(LockError::Held { pid }) => {
            let holder = pid.map_or_else(
                || "another build".to_owned(),
                |p| format!("another build (pid {p})"),
            );
            eprintln!(
                "error: {holder} holds {}; try again later, or pass --wait SECONDS",
                out_dir.join(site::LOCK_FILE).display()
            );
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// The metadata of the output folder's manifest and of an interrupted build's intent file (which
/// the manifest's load merges in), and of their JSON forms, which an earlier podfeed writes:
/// unchanged while no other build publishes there.
fn manifest_state(out_dir: &Path) -> [Option<Meta>; 4] {
    let [manifest, intent] = site::LEGACY_FILES;
    [site::MANIFEST_FILE, site::INTENT_FILE, manifest, intent].map(|f| Meta::of(&out_dir.join(f)))
}

/// How to publish what was built, all shows but the `refused` ones. The maps publish records in
/// the manifest are moved out of `built`, not copied (50,000 entries for a large show).
fn publish_options(
    args: &BuildArgs,
    site: &Site,
    built: &mut Built,
    refused: &[String],
    leftovers: Option<Vec<String>>,
) -> PublishOptions {
    let publishing: Vec<String> = site
        .shows
        .iter()
        .map(|s| s.id.clone())
        .filter(|id| !refused.contains(id))
        .collect();
    let notify = &site.config.notify;
    PublishOptions {
        keep_removed: args.keep_removed,
        dry_run: args.dry_run,
        // Only the shows being published are touched: a refused show keeps its published files.
        feed_urls: if notify.websub_hub.is_some() || notify.pubnotify.is_some() {
            site.shows
                .iter()
                .filter(|s| publishing.contains(&s.id))
                .map(|s| (crate::render::feed_path(&s.id), s.feed_url.to_string()))
                .collect()
        } else {
            Default::default()
        },
        shows: (!args.feeds.is_empty() || !refused.is_empty()).then_some(publishing),
        inputs: std::mem::take(&mut built.inputs),
        last_build: std::mem::take(&mut built.last_build),
        kept: std::mem::take(&mut built.kept),
        leftovers,
        // Every feed left in the output passed the self-check (the others were taken out).
        self_checked: built
            .output
            .files
            .keys()
            .filter(|p| Output::is_feed(p))
            .cloned()
            .collect(),
    }
}

/// What the self-check needs besides the build.
struct SelfCheck<'a> {
    now: DateTime<Utc>,
    /// Feeds whose bytes passed before (see [`build::self_check`]).
    passed: &'a BTreeMap<String, Digest>,
    /// Whether the problems are coloured (for standard error).
    styled: bool,
}

/// The builder's self-check: a show whose rendered feed breaks a rule (an error) is not published;
/// its files are taken out of `built`. Returns the refused show ids; `report` gets the problems and what was refused, for standard error once progress is cleared.
fn refuse_broken_shows(
    built: &mut Built,
    check: &SelfCheck<'_>,
    report: &mut String,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut refused = Vec::new();
    for (feed, diagnostics) in build::self_check(built, check.now, check.passed) {
        let errors: Vec<_> = diagnostics
            .into_iter()
            .filter(|d| d.severity() == Severity::Error)
            .collect();
        if !errors.is_empty() {
            refused.push(feed.split('/').next().unwrap_or_default().to_owned());
            problems.extend(errors);
        }
    }
    if refused.is_empty() {
        return refused;
    }
    let sources = built
        .output
        .files
        .iter()
        .filter(|(p, _)| Output::is_feed(p))
        .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    report.push_str(&crate::report::human::render(
        &sources,
        &problems,
        check.styled,
    ));
    for show in &refused {
        let _ = writeln!(
            report,
            "error: the feed rendered for show {show} (not written) breaks the rules above; \
             its published files are left as they were"
        );
        let prefix = format!("{show}/");
        built.output.files.retain(|p, _| !p.starts_with(&prefix));
        built.kept.retain(|p| !p.starts_with(&prefix));
        built.inputs.retain(|p, _| !p.starts_with(&prefix));
        built.last_build.retain(|p, _| !p.starts_with(&prefix));
    }
    refused
}

/// The `--format json` summary.
#[derive(Serialize)]
struct Summary<'a> {
    dry_run: bool,
    written: &'a [String],
    unchanged: usize,
    removed: &'a [String],
    held_back: &'a [HeldBack],
    drafts: &'a [Draft],
    next_due: Option<DateTime<Utc>>,
    failed_pings: &'a [PingResult],
}

/// One line for people (nothing with --quiet), or one JSON object; on standard output. A dry run
/// lists every path after the line. Written in one piece through [`super::write_stdout`], which
/// returns a closed pipe as an error instead of panicking.
fn print_summary(
    args: &BuildArgs,
    built: &Built,
    files: Files<'_>,
    failed_pings: &[PingResult],
) -> std::io::Result<()> {
    super::write_stdout(&summary_text(args, built, files, failed_pings))
}

/// What a build did to the published files, as its summary counts them. The no-change fast path
/// knows only how many files are up to date, not their names.
#[derive(Clone, Copy)]
struct Files<'a> {
    written: &'a [String],
    removed: &'a [String],
    unchanged: usize,
}

impl<'a> Files<'a> {
    fn of(report: &'a PublishReport) -> Files<'a> {
        Files {
            written: &report.written,
            removed: &report.removed,
            unchanged: report.unchanged.len(),
        }
    }
}

/// The text [`print_summary`] writes.
fn summary_text(
    args: &BuildArgs,
    built: &Built,
    files: Files<'_>,
    failed_pings: &[PingResult],
) -> String {
    if args.format == OutputFormat::Json {
        let summary = Summary {
            dry_run: args.dry_run,
            written: files.written,
            unchanged: files.unchanged,
            removed: files.removed,
            held_back: &built.held_back,
            drafts: &built.drafts,
            next_due: built.next_due(),
            failed_pings,
        };
        let mut text = serde_json::to_string_pretty(&summary).unwrap_or_default();
        text.push('\n');
        return text;
    }
    if args.quiet {
        return String::new();
    }
    let verb = if args.dry_run { "would be " } else { "" };
    let mut line = if files.written.is_empty() && files.removed.is_empty() {
        format!("nothing changed ({} files up to date)", files.unchanged)
    } else {
        format!(
            "{} files {verb}written, {} {verb}removed, {} unchanged",
            files.written.len(),
            files.removed.len(),
            files.unchanged
        )
    };
    if let Some(next) = built.held_back.first() {
        line.push_str(&format!(
            "; {} episode(s) scheduled, next due {} ({}/{})",
            built.held_back.len(),
            next.published.to_rfc3339(),
            next.show,
            next.episode
        ));
    }
    if !built.drafts.is_empty() {
        let _ = write!(line, "; {} draft(s) held back", built.drafts.len());
    }
    line.push('\n');
    if args.drafts {
        for d in &built.drafts {
            let _ = writeln!(
                line,
                "  draft  {}/{} ({})",
                d.show,
                d.episode,
                d.reason.describe()
            );
        }
    }
    if args.dry_run {
        for p in files.written.iter() {
            let _ = writeln!(line, "  write  {p}");
        }
        for p in files.removed {
            let _ = writeln!(line, "  remove {p}");
        }
        for h in &built.held_back {
            let _ = writeln!(
                line,
                "  held   {}/{} until {}",
                h.show,
                h.episode,
                h.published.to_rfc3339()
            );
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_show_whose_feed_breaks_a_rule_is_taken_out_and_the_others_stay() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut built = Built::default();
        let good = include_str!("../../tests/fixtures/feeds/minimal.xml");
        built.output.insert("good/feed.xml", good);
        built.output.insert("good/transcripts/a.vtt", "WEBVTT\n");
        built
            .output
            .insert("bad/feed.xml", "<rss version=\"2.0\"><channel>");
        built.output.insert("bad/transcripts/a.vtt", "WEBVTT\n");
        built.kept.insert("bad/transcripts/b.vtt".to_owned());
        let check = SelfCheck {
            now,
            passed: &BTreeMap::new(),
            styled: false,
        };
        let mut report = String::new();
        assert_eq!(
            refuse_broken_shows(&mut built, &check, &mut report),
            ["bad"]
        );
        assert!(report.contains("show bad (not written)"), "{report}");
        let left: Vec<&str> = built.output.files.keys().map(String::as_str).collect();
        assert_eq!(left, ["good/feed.xml", "good/transcripts/a.vtt"]);
        assert!(built.kept.is_empty());
    }
}
