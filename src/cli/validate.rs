//! `podfeed validate`: reads a local feed file, checks it, prints a report, sets the exit code.
//! Fetching URLs is added later through [`crate::rules::validate_bytes`]-style library calls.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{OutputFormat, ValidateArgs};
use crate::diagnostic::Summary;
use crate::exit::Exit;
use crate::report;
use crate::rules::{self, Profiles};

/// Validates the feed named by `args`.
pub fn run(args: &ValidateArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let profiles = match Profiles::parse(&args.profiles) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Exit::Usage);
        }
    };
    let Some(target) = args.target.as_deref() else {
        eprintln!(
            "error: name a feed file to validate (validating the config's feeds is not available yet)"
        );
        return Ok(Exit::Usage);
    };
    if target.starts_with("http://") || target.starts_with("https://") {
        eprintln!("error: fetching is not available yet; download the feed and validate the file");
        return Ok(Exit::Fetch);
    }
    let bytes = match std::fs::read(target) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: could not read {target}: {e}");
            return Ok(Exit::Fetch);
        }
    };
    let checked = rules::validate_bytes(target, &bytes, &profiles, now);
    let out = match args.format {
        OutputFormat::Human => report::human::render(
            &BTreeMap::from([(target.to_owned(), checked.text)]),
            &checked.diagnostics,
            false,
        ),
        OutputFormat::Json => report::json::render(target, &checked.diagnostics) + "\n",
    };
    print!("{out}");
    Ok(if Summary::of(&checked.diagnostics).errors > 0 {
        Exit::Failed
    } else {
        Exit::Ok
    })
}
