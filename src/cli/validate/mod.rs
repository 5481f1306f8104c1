//! `podfeed validate`: fetch each feed (or read a file), run the rules, compare it with the local
//! records, check its links, print one report and set the exit code.
//!
//! The handler [`run`] is the list of steps; each step is a module:
//!
//! - [`plan`]: which targets, with which records and settings, from the arguments and config;
//! - [`cache`]: the conditional-request cache kept between runs;
//! - [`check`]: one target fetched and checked (the pure part is [`crate::validate`]);
//! - [`output`]: the report printed and the exit code.
//!
//! Exit codes (DESIGN.md "Command line"): 0 ok or warnings, 1 errors found, 2 bad invocation,
//! config or records, 4 a feed could not be fetched, or a feed file read (the worst code of all
//! targets wins).

mod cache;
mod check;
mod output;
mod plan;

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::ValidateArgs;
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
    let plan = match plan::plan(args) {
        Ok(p) => p,
        Err(message) => {
            eprint!("{message}");
            return Ok(Exit::Usage);
        }
    };
    let cache = FeedCache::load(&plan.cache_path);
    let runtime = http::runtime().context("could not start the async runtime")?;
    let checker = Checker {
        client: http::client(&plan.validate),
        guarded: http::guarded_client(&plan.validate, http::Guard::refusing_private()),
        allow_private: args.allow_private,
        plan: &plan,
        profiles: &profiles,
        now,
        links: !args.no_links,
        cache: &cache,
        progress: crate::cli::progress::Progress::bar("links checked"),
    };
    // One target after another: the link checks within a target are the concurrent part.
    let mut outcomes = runtime.block_on(async {
        let mut out = Vec::new();
        for target in &plan.targets {
            out.push(checker.check(target).await);
        }
        out
    });
    checker.progress.finish();
    output::drop_ignored(&mut outcomes, &plan.validate.ignore);
    cache.save(outcomes.iter().map(check::Outcome::stored));
    let settings = output::Settings {
        format: args.format,
        styled: args.color.stdout(),
        fail_on: args.fail_on.severity(),
        profiles: &profiles,
        links: !args.no_links,
        records: plan.targets.iter().any(|t| t.records.is_some()),
    };
    output::print(&outcomes, &settings)?;
    Ok(output::exit_code(&outcomes, settings.fail_on))
}
