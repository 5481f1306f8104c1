//! Pure renderers of a run's diagnostics: [`human`] (compiler-style, with the source line and a
//! caret) and [`json`] (objects for machines). A run that checks several targets (`podfeed
//! validate` with many feeds) hands over one [`TargetReport`] per target, in the [`crate::diagnostic::sort`] order.

use serde::Serialize;

use crate::diagnostic::Diagnostic;

pub mod human;
pub mod json;

/// How a target of a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fetched (or read) and checked.
    Checked,
    /// The server answered `304 Not Modified`: not checked again.
    Unchanged,
    /// No feed to check: see [`TargetReport::error`].
    Failed,
}

/// One target's part of a run's report.
#[derive(Debug, Clone, Copy)]
pub struct TargetReport<'a> {
    /// The URL or file, as the user named it.
    pub target: &'a str,
    /// How it ended.
    pub status: Status,
    /// Its decoded text, for the source lines under the carets (only when checked).
    pub source: Option<&'a str>,
    /// What was found, in [`crate::diagnostic::sort`] order.
    pub diagnostics: &'a [Diagnostic],
    /// Why it failed, naming the URL or file and what happened.
    pub error: Option<&'a str>,
}
