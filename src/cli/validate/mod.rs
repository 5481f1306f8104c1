//! `podfeed validate`: fetch each feed (or read a file), run the rules, compare it with the local
//! records, check its links, print one report and set the exit code.
//!
//! The handler [`run`] is the list of steps; each step is a module:
//!
//! - [`plan`]: which targets, with which records and settings, from the arguments and config;
//! - [`cache`]: the conditional-request cache kept between runs;
//! - [`check`]: one target fetched and checked (the pure part is [`crate::validate`]);
//! - [`output`]: the report printed and the exit code;
//! - [`history`]: every check stored in the history (by default a SQLite file beside the config
//!   file, or `--db`: SQLite or PostgreSQL, see [`crate::cli::store`]; `--no-history` stores
//!   none), and `--changes`;
//! - [`list`] and [`shard`]: `--list`, many feeds streamed through the same checks, and
//!   `--shard`, the part of the list this process takes.
//!
//! Exit codes (DESIGN.md "Command line"): 0 ok or warnings, 1 errors found, 2 bad invocation,
//! config or records, 4 a feed could not be fetched, or a feed file read (the worst code of all
//! targets wins).

mod cache;
mod check;
mod history;
mod list;
mod output;
mod plan;
mod shard;

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::{ReportFormat, ValidateArgs, write_stdout};
use crate::cli::store::Store;
use crate::exit::Exit;
use crate::http;
use crate::rules::Profiles;
use cache::FeedCache;
use check::Checker;

/// Validates the feeds named by `args` at `now`.
pub fn run(args: &ValidateArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let profiles = match Profiles::parse(&args.profiles) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::Usage);
        }
    };
    if let Some(list) = &args.list {
        return run_list(args, now, &profiles, list);
    }
    let plan = match plan::plan(args) {
        Ok(p) => p,
        Err(message) => {
            eprint!("{message}");
            return Ok(Exit::Usage);
        }
    };
    let runtime = http::runtime().context("could not start the async runtime")?;
    runtime.block_on(run_targets(args, now, &profiles, &plan))
}

/// The targets of `plan`, one after another (the link checks within a target are the concurrent
/// part), stored in the history when there is one.
async fn run_targets(
    args: &ValidateArgs,
    now: DateTime<Utc>,
    profiles: &Profiles,
    plan: &plan::Plan,
) -> anyhow::Result<Exit> {
    let store = match open_store(args).await {
        Ok(store) => store,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(Exit::Usage);
        }
    };
    // With a history `--db` names, the conditional requests' headers are kept there, with each
    // check. The default history beside the config leaves them in the cache file too, which
    // also knows when the records last changed (a history's check vouches for no run that
    // compares records, see `cache::from_store`).
    let cache = match (&store, &args.history.db) {
        (Some(_), Some(_)) => None,
        _ => Some(FeedCache::load(&plan.cache_path)),
    };
    let no_cache = FeedCache::none();
    let checker = Checker {
        store: store.as_ref(),
        ..checker(
            args,
            plan,
            profiles,
            now,
            cache.as_ref().unwrap_or(&no_cache),
        )
    };
    let mut outcomes = Vec::new();
    for target in &plan.targets {
        outcomes.push(checker.check(target).await);
    }
    checker.progress.finish();
    output::drop_ignored(&mut outcomes, &plan.validate.ignore);
    let changes = match &store {
        Some(store) => {
            let run = args.run.clone().unwrap_or_else(history::run_id);
            let covered = cache::checks(profiles, !args.no_links, false);
            let info = history::RunInfo {
                run: &run,
                now,
                covered: &covered,
            };
            match history::track(store, &outcomes, &info).await {
                Ok(text) => Some(text),
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return Ok(Exit::Usage);
                }
            }
        }
        None => None,
    };
    if let Some(cache) = cache {
        cache.save(outcomes.iter().map(check::Outcome::stored));
    }
    let history = match (&store, args.format) {
        (Some(store), ReportFormat::Html) => match history::past(store, &outcomes).await {
            Ok(history) => history,
            Err(e) => {
                eprintln!("warning: the history chart: {e:#}");
                Vec::new()
            }
        },
        _ => Vec::new(),
    };
    let settings = output::Settings {
        history: &history,
        format: args.format,
        styled: args.color.stdout(),
        fail_on: args.fail_on.severity(),
        profiles,
        links: !args.no_links,
        records: plan.targets.iter().any(|t| t.records.is_some()),
    };
    match changes {
        Some(text) if args.changes => {
            write_stdout(&text)?;
            output::print_errors(&outcomes);
        }
        _ => output::print(&outcomes, &settings)?,
    }
    Ok(output::exit_code(&outcomes, settings.fail_on))
}

/// The history's file beside the config file.
const HISTORY_FILE: &str = ".podfeed-history.sqlite";

/// The history of a run, open: the one `--db` (or `PODFEED_DB`) names, else the file beside the
/// config file when that exists (or with `--changes`, which needs one); none with
/// `--no-history`.
async fn open_store(args: &ValidateArgs) -> anyhow::Result<Option<Store>> {
    if args.no_history {
        return Ok(None);
    }
    let spec = match &args.history.db {
        Some(spec) => spec.clone(),
        None if args.changes || args.config.is_file() => plan::beside_config(args, HISTORY_FILE)
            .to_string_lossy()
            .into_owned(),
        None => return Ok(None),
    };
    Ok(Some(Store::open(&spec).await?))
}

/// `--list`: every feed of the list (of this process's shard), streamed.
fn run_list(
    args: &ValidateArgs,
    now: DateTime<Utc>,
    profiles: &Profiles,
    list: &std::path::Path,
) -> anyhow::Result<Exit> {
    if !matches!(args.format, ReportFormat::Human | ReportFormat::Json) {
        eprintln!("error: --list writes human or json (JSON Lines) reports, one feed at a time");
        return Ok(Exit::Usage);
    }
    let shard = match &args.shard {
        Some(spec) => {
            match shard::Shard::parse(spec, args.shards, &shard::SchedulerEnv::from_process()) {
                Ok(s) => Some(s),
                Err(message) => {
                    eprintln!("error: {message}");
                    return Ok(Exit::Usage);
                }
            }
        }
        None => None,
    };
    let plan = match plan::settings_only(args) {
        Ok(p) => p,
        Err(message) => {
            eprint!("{message}");
            return Ok(Exit::Usage);
        }
    };
    let reader: Box<dyn std::io::BufRead> = if list.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(list) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("error: cannot read the list {}: {e}", list.display());
                return Ok(Exit::Usage);
            }
        }
    };
    let cache = FeedCache::none();
    let runtime = http::runtime().context("could not start the async runtime")?;
    let run = args.run.clone().unwrap_or_else(history::run_id);
    let covered = cache::checks(profiles, !args.no_links, false);
    runtime.block_on(async {
        let store = match open_store(args).await {
            Ok(store) => store,
            Err(e) => {
                eprintln!("error: {e:#}");
                return Ok(Exit::Usage);
            }
        };
        // The feeds' own counter is the progress shown; the link checks' bar stays hidden.
        let checker = Checker {
            progress: crate::cli::progress::Progress::spinner(false),
            store: store.as_ref(),
            ..checker(args, &plan, profiles, now, &cache)
        };
        let settings = list::ListRun {
            format: args.format,
            fail_on: args.fail_on.severity(),
            ignore: &plan.validate.ignore,
            concurrency: plan.validate.concurrency,
            per_host: plan.validate.per_host,
            history: store.as_ref().map(|store| {
                let info = history::RunInfo {
                    run: &run,
                    now,
                    covered: &covered,
                };
                (store, info)
            }),
        };
        let mut entries = list::Entries::new(reader, shard);
        list::run(&checker, &mut entries, &settings).await
    })
}

/// The checker of a run's targets, with the link checks' progress bar.
fn checker<'a>(
    args: &ValidateArgs,
    plan: &'a plan::Plan,
    profiles: &'a Profiles,
    now: DateTime<Utc>,
    cache: &'a FeedCache,
) -> Checker<'a> {
    Checker {
        clients: http::Clients::new(&plan.validate),
        allow_private: args.allow_private,
        plan,
        profiles,
        now,
        links: !args.no_links,
        cache,
        store: None,
        progress: crate::cli::progress::Progress::bar("links checked"),
    }
}
