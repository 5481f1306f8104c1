//! What a run prints and the code it exits with (DESIGN.md "Command line"): the report of every
//! target on standard output, in the chosen format ([`crate::report`]), each failed target's
//! error on standard error, and the worst exit code of all targets. The config's `[validate]
//! ignore` rules are dropped before anything is printed or counted; `--fail-on` sets the least
//! severe finding that fails the run.

use std::io::{self, Write};

use super::super::ReportFormat;
use super::check::Outcome;
use crate::diagnostic::Severity;
use crate::exit::Exit;
use crate::report::{self, LinkTiming, Status, TargetReport};
use crate::rule::{Family, Profiles, Rule};

/// What a report needs besides the outcomes.
pub(super) struct Settings<'a> {
    /// The format.
    pub(super) format: ReportFormat,
    /// Colour the human report.
    pub(super) styled: bool,
    /// The least severe finding that fails the run.
    pub(super) fail_on: Severity,
    /// The profiles whose rules ran.
    pub(super) profiles: &'a Profiles,
    /// Whether links were checked.
    pub(super) links: bool,
    /// Whether a target was compared with records.
    pub(super) records: bool,
    /// The targets' past checks, for the HTML report's history chart.
    pub(super) history: &'a [report::html::History],
}

/// Drops the findings of the `ignore`d rules from every outcome.
pub(super) fn drop_ignored(outcomes: &mut [Outcome], ignore: &[&'static Rule]) {
    for o in outcomes {
        if let Outcome::Checked { diagnostics, .. } | Outcome::Unchanged { diagnostics, .. } = o {
            diagnostics.retain(|d| !ignore.contains(&d.rule));
        }
    }
}

/// Prints the report of every outcome in `format`, then each failure's error. A reader that
/// went away (a closed pipe) is the `Err`, for `main` to exit quietly.
/// `styled` colours the human report.
pub(super) fn print(outcomes: &[Outcome], settings: &Settings<'_>) -> std::io::Result<()> {
    super::super::stream_stdout(|out| write(outcomes, settings, out))?;
    print_errors(outcomes);
    Ok(())
}

/// Prints each failed target's error on standard error.
pub(super) fn print_errors(outcomes: &[Outcome]) {
    for o in outcomes {
        if let Outcome::Failed { message, .. } = o {
            eprintln!("error: {message}");
        }
    }
}

/// Writes the report of every outcome in the settings' format to `out`: JSON streams, the other
/// formats are rendered whole first.
fn write(outcomes: &[Outcome], settings: &Settings<'_>, out: &mut impl Write) -> io::Result<()> {
    let reports: Vec<TargetReport<'_>> = outcomes.iter().map(target_report).collect();
    let text = match settings.format {
        ReportFormat::Json => return report::json::write_lines(&reports, out),
        ReportFormat::Human => report::human::render_targets(&reports, settings.styled),
        ReportFormat::Sarif => report::sarif::render(&reports),
        ReportFormat::Junit => {
            report::junit::render(&reports, &checked_rules(settings), settings.fail_on)
        }
        ReportFormat::Html => {
            let timings: Vec<LinkTiming> = outcomes
                .iter()
                .flat_map(|o| match o {
                    Outcome::Checked { timings, .. } => timings.as_slice(),
                    _ => &[],
                })
                .cloned()
                .collect();
            let extras = report::html::Extras {
                timings: &timings,
                records: settings.records,
                history: settings.history,
            };
            report::html::render(&reports, &extras)
        }
    };
    out.write_all(text.as_bytes())
}

/// The rules the run checked: the selected profiles' feed rules, the fetch rules, and the link
/// and comparison rules when those ran.
fn checked_rules(settings: &Settings<'_>) -> Vec<&'static Rule> {
    crate::rules::all()
        .filter(|r| match r.family {
            Family::Feed(p) => settings.profiles.has(p),
            Family::Fetch => true,
            Family::Links => settings.links,
            Family::Compare => settings.records,
            Family::Records => false,
        })
        .collect()
}

/// An outcome as the report sees it.
pub(super) fn target_report(outcome: &Outcome) -> TargetReport<'_> {
    match outcome {
        Outcome::Checked {
            name,
            text,
            diagnostics,
            ..
        } => TargetReport {
            target: name,
            status: Status::Checked,
            source: Some(text),
            diagnostics,
            error: None,
        },
        Outcome::Unchanged { name, diagnostics } => TargetReport {
            target: name,
            status: Status::Unchanged,
            source: None,
            diagnostics,
            error: None,
        },
        Outcome::Failed { name, message, .. } => TargetReport {
            target: name,
            status: Status::Failed,
            source: None,
            diagnostics: &[],
            error: Some(message),
        },
    }
}

/// The worst exit code over all targets: a failed fetch (4), then findings at `fail_on` or
/// worse (1), else 0.
pub(super) fn exit_code(outcomes: &[Outcome], fail_on: Severity) -> Exit {
    let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed { .. }));
    let errors = outcomes.iter().any(|o| match o {
        Outcome::Checked { diagnostics, .. } | Outcome::Unchanged { diagnostics, .. } => {
            diagnostics.iter().any(|d| d.severity() >= fail_on)
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
