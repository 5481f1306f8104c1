//! `podfeed build`: read the records, render, self-check, publish under the output folder's lock,
//! then tell the directories about feeds that changed.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{BuildArgs, OutputFormat};
use crate::build::{self, BuildInput, Built, HeldBack};
use crate::diagnostic::Severity;
use crate::exit::Exit;
use crate::records::read::{Site, read_site};
use crate::render::Output;
use crate::site::notify::{self, PingResult};
use crate::site::{self, Lock, LockError, Manifest, PublishOptions, PublishReport};

/// Builds the shows named by `args` (all when none is named).
pub fn run(args: &BuildArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let site = match read_site(&args.config, &args.feeds) {
        Ok(site) => site,
        Err(diagnostics) => {
            eprint!("{}", super::render_diagnostics(&diagnostics));
            eprintln!("error: the records have problems; nothing was written");
            return Ok(Exit::Usage);
        }
    };
    let out_dir = args.out.clone().unwrap_or_else(|| site.output_dir());
    // A dry run writes nothing, not even the lock file (taking it writes our pid) or the folder.
    let _lock = if args.dry_run {
        None
    } else {
        match Lock::acquire(&out_dir, args.wait.map(Duration::from_secs)) {
            Ok(lock) => Some(lock),
            Err(LockError::Held { pid }) => {
                let holder = pid.map_or_else(
                    || "another build".to_owned(),
                    |p| format!("another build (pid {p})"),
                );
                eprintln!(
                    "error: {holder} holds {}; try again later, or pass --wait SECONDS",
                    out_dir.join(site::LOCK_FILE).display()
                );
                return Ok(Exit::Locked);
            }
            Err(e) => return Err(e.into()),
        }
    };

    let built = render(&site, &out_dir, now)?;
    let problems = build::self_check(&built, now);
    if problems.iter().any(|d| d.severity == Severity::Error) {
        let sources = built
            .output
            .files
            .iter()
            .filter(|(p, _)| Output::is_feed(p))
            .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b).into_owned()))
            .collect();
        eprint!(
            "{}",
            crate::report::human::render(&sources, &problems, false)
        );
        eprintln!("error: the rendered feed breaks the rules above; nothing was written");
        return Ok(Exit::Failed);
    }

    let opts = PublishOptions {
        keep_removed: args.keep_removed,
        dry_run: args.dry_run,
        shows: (!args.feeds.is_empty()).then(|| args.feeds.clone()),
        inputs: built.inputs.clone(),
        kept: built.kept.clone(),
        feed_urls: if site.config.notify.websub_hub.is_some()
            || site.config.notify.pubnotify.is_some()
        {
            site.shows
                .iter()
                .map(|s| (crate::render::feed_path(&s.id), s.feed_url.to_string()))
                .collect()
        } else {
            Default::default()
        },
    };
    let report = site::publish(&out_dir, &built.output, &opts)?;
    let failed_pings: Vec<PingResult> = if args.dry_run || report.pending_pings.is_empty() {
        Vec::new()
    } else {
        notify::ping_pending(&site.config.notify, &out_dir, &report.pending_pings)?
            .into_iter()
            .filter(|r| !r.ok())
            .collect()
    };
    print_summary(args, &built, &report, &failed_pings);
    // A failed ping does not fail the build (it is retried by the next one), so it is a warning:
    // reported here only, once per feed and endpoint, and not under --quiet (errors only), since a
    // hub that stays down would otherwise make cron send mail every run.
    if !args.quiet {
        for r in &failed_pings {
            eprintln!(
                "warning: could not notify {} that {} changed: {}; the next build will try again",
                r.endpoint,
                r.feed,
                r.error.as_deref().unwrap_or("no answer")
            );
        }
    }
    Ok(Exit::Ok)
}

/// Renders every show, reusing the published feed's date and the manifest's record of fresh files.
fn render(site: &Site, out_dir: &Path, now: DateTime<Utc>) -> anyhow::Result<Built> {
    let manifest = Manifest::load(out_dir);
    let previous = |rel: &str| std::fs::read(out_dir.join(rel)).ok();
    let fresh = |rel: &str, hash: &str| manifest.is_fresh(out_dir, rel, hash);
    let input = BuildInput {
        config: &site.config,
        now,
        source_date_epoch: crate::clock::source_date_epoch()?,
        previous: &previous,
        fresh: &fresh,
    };
    Ok(build::build(&site.shows, &input))
}

/// The `--format json` summary.
#[derive(Serialize)]
struct Summary<'a> {
    dry_run: bool,
    written: &'a [String],
    unchanged: usize,
    removed: &'a [String],
    held_back: &'a [HeldBack],
    next_due: Option<DateTime<Utc>>,
    failed_pings: &'a [PingResult],
}

/// One line for people (nothing with --quiet), or one JSON object; on standard output. A dry run
/// lists every path after the line.
fn print_summary(
    args: &BuildArgs,
    built: &Built,
    report: &PublishReport,
    failed_pings: &[PingResult],
) {
    if args.format == OutputFormat::Json {
        let summary = Summary {
            dry_run: args.dry_run,
            written: &report.written,
            unchanged: report.unchanged.len(),
            removed: &report.removed,
            held_back: &built.held_back,
            next_due: built.next_due(),
            failed_pings,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        );
        return;
    }
    if args.quiet {
        return;
    }
    let verb = if args.dry_run { "would be " } else { "" };
    let mut line = if report.written.is_empty() && report.removed.is_empty() {
        format!(
            "nothing changed ({} files up to date)",
            report.unchanged.len()
        )
    } else {
        format!(
            "{} files {verb}written, {} {verb}removed, {} unchanged",
            report.written.len(),
            report.removed.len(),
            report.unchanged.len()
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
    println!("{line}");
    if args.dry_run {
        for p in report.written.iter() {
            println!("  write  {p}");
        }
        for p in &report.removed {
            println!("  remove {p}");
        }
        for h in &built.held_back {
            println!(
                "  held   {}/{} until {}",
                h.show,
                h.episode,
                h.published.to_rfc3339()
            );
        }
    }
}
