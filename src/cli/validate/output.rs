//! What a run prints and the code it exits with (DESIGN.md "Command line"): the report of every
//! target on standard output, in the chosen format ([`crate::report`]), each failed target's
//! error on standard error, and the worst exit code of all targets.

use super::super::OutputFormat;
use super::check::Outcome;
use crate::diagnostic::Severity;
use crate::exit::Exit;
use crate::report::{self, Status, TargetReport};

/// Prints the report of every outcome in `format`, then each failure's error. A reader that
/// went away (a closed pipe) is the `Err`, for `main` to exit quietly.
/// `styled` colours the human report.
pub(super) fn print(
    outcomes: &[Outcome],
    format: OutputFormat,
    styled: bool,
) -> std::io::Result<()> {
    super::super::write_stdout(&render(outcomes, format, styled))?;
    for o in outcomes {
        if let Outcome::Failed { message, .. } = o {
            eprintln!("error: {message}");
        }
    }
    Ok(())
}

/// The report of every outcome in `format`: human ([`report::human::render_targets`]) or JSON
/// Lines ([`report::json::render_lines`]).
fn render(outcomes: &[Outcome], format: OutputFormat, styled: bool) -> String {
    let reports: Vec<TargetReport<'_>> = outcomes.iter().map(target_report).collect();
    match format {
        OutputFormat::Human => report::human::render_targets(&reports, styled),
        OutputFormat::Json => report::json::render_lines(&reports),
    }
}

/// An outcome as the report sees it.
fn target_report(outcome: &Outcome) -> TargetReport<'_> {
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
        Outcome::Failed { name, message } => TargetReport {
            target: name,
            status: Status::Failed,
            source: None,
            diagnostics: &[],
            error: Some(message),
        },
    }
}

/// The worst exit code over all targets: a failed fetch (4), then errors found (1), else 0.
pub(super) fn exit_code(outcomes: &[Outcome]) -> Exit {
    let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed { .. }));
    let errors = outcomes.iter().any(|o| match o {
        Outcome::Checked { diagnostics, .. } | Outcome::Unchanged { diagnostics, .. } => {
            diagnostics.iter().any(|d| d.severity() == Severity::Error)
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
