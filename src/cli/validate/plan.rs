//! What the command line asks `podfeed validate` to check, resolved against the config and the
//! records: the targets (URL or file given; else the feed URL of `--feed ID` or of the show
//! folder given with `--records`; else of every show in the config), the records to compare each
//! with, the `[validate]` settings and the cache file. Records are compared whenever a show is
//! known: `--feed`, `--records`, or a target taken from the config.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use url::Url;

use super::super::{ValidateArgs, render_diagnostics};
use crate::config::{Config, ValidateConfig};
use crate::diagnostic::Diagnostic;
use crate::model::Show;
use crate::records::read::{read_config, read_show, read_site};

/// Where a feed comes from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    Url(Url),
    File(PathBuf),
}

impl Source {
    /// The name shown in locations and reports.
    pub(super) fn name(&self) -> String {
        match self {
            Source::Url(u) => u.as_str().to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// A show's records and when they last changed on disk.
pub(super) struct Records {
    pub(super) show: Show,
    pub(super) modified: Option<SystemTime>,
}

/// One feed to validate, with the records to compare it with.
pub(super) struct Target {
    pub(super) source: Source,
    /// Present only when [`Plan::config`] is: records are read through a config.
    pub(super) records: Option<Records>,
}

/// What the command line asks for, resolved against the config and the records.
pub(super) struct Plan {
    pub(super) config: Option<Config>,
    pub(super) validate: ValidateConfig,
    pub(super) cache_path: PathBuf,
    pub(super) targets: Vec<Target>,
}

/// Resolves targets, config and records; an `Err` is the message for exit code 2.
pub(super) fn plan(args: &ValidateArgs) -> Result<Plan, String> {
    if args.feed.is_some() && args.records.is_some() {
        return Err("error: give --feed ID or --records DIR, not both\n".into());
    }
    // Beside the config, which is not under `output_dir` and so never published.
    let cache_path = args
        .cache
        .clone()
        .unwrap_or_else(|| beside_config(args, ".podfeed-cache.json"));
    let given = given_source(args.target.as_deref())?;
    let (config, records) = shows(args, given.is_some())?;
    let targets: Vec<Target> = match given {
        Some(source) => vec![Target {
            source,
            records: records.into_iter().next(),
        }],
        None => records
            .into_iter()
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
    Ok(Plan::new(config, cache_path, targets))
}

impl Plan {
    /// A plan whose `[validate]` settings are the config's, or the defaults without one.
    fn new(config: Option<Config>, cache_path: PathBuf, targets: Vec<Target>) -> Plan {
        Plan {
            validate: config
                .as_ref()
                .map(|c| c.validate.clone())
                .unwrap_or_default(),
            config,
            cache_path,
            targets,
        }
    }
}

/// The file `name` in the config's folder, which is not under `output_dir` and so never
/// published.
pub(super) fn beside_config(args: &ValidateArgs, name: &str) -> PathBuf {
    args.config.parent().unwrap_or(Path::new("")).join(name)
}

/// The URL or file named on the command line: an `http(s)://` target is a URL, anything else a
/// file.
fn given_source(target: Option<&str>) -> Result<Option<Source>, String> {
    target
        .map(|t| source(t).map_err(|e| format!("error: {e}\n")))
        .transpose()
}

/// One target's text as a source: an `http(s)://` target is a URL, anything else a file. An
/// `Err` says why the URL is not one.
pub(super) fn source(target: &str) -> Result<Source, String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        Url::parse(target)
            .map(Source::Url)
            .map_err(|e| format!("{target:?} is not a valid URL: {e}"))
    } else {
        Ok(Source::File(PathBuf::from(target)))
    }
}

/// The plan of `--list`: the config's `[validate]` settings only, since the targets come from
/// the list and none is compared with records.
pub(super) fn settings_only(args: &ValidateArgs) -> Result<Plan, String> {
    let (config, _) = shows(args, true)?;
    Ok(Plan::new(config, PathBuf::new(), Vec::new()))
}

/// The config and the records to compare with: `--records DIR` is one show folder, `--feed ID` one show of the config, no target at all every show of the config. A URL
/// or file alone compares with nothing, but the config, when there is one, still gives
/// `[validate]`.
fn shows(
    args: &ValidateArgs,
    target_given: bool,
) -> Result<(Option<Config>, Vec<Records>), String> {
    let bad = |d: Vec<Diagnostic>| render_diagnostics(&d, args.color.stderr());
    if let Some(dir) = &args.records {
        let config = read_config(&args.config).map_err(bad)?;
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let show = read_show(dir, &id, &config).map_err(bad)?;
        Ok((Some(config), vec![records(show, dir)]))
    } else if args.feed.is_some() || !target_given {
        let only: Vec<String> = args.feed.iter().cloned().collect();
        let site = read_site(&args.config, &only, None).map_err(bad)?;
        let feeds_dir = site.root.join(&site.config.feeds_dir);
        let shows = site
            .shows
            .into_iter()
            .map(|s| {
                let dir = feeds_dir.join(&s.id);
                records(s, &dir)
            })
            .collect();
        Ok((Some(site.config), shows))
    } else if args.config.is_file() {
        Ok((Some(read_config(&args.config).map_err(bad)?), Vec::new()))
    } else {
        Ok((None, Vec::new()))
    }
}

/// A show's records, read from folder `dir`.
fn records(show: Show, dir: &Path) -> Records {
    Records {
        show,
        modified: newest_mtime(dir),
    }
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
