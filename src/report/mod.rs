//! Pure renderers of a run's diagnostics: [`human`] (compiler-style, with the source line and a
//! caret), [`json`] (objects for machines), [`sarif`] (SARIF 2.1.0, for code-scanning UIs),
//! [`junit`] (JUnit XML, for CI test reports) and [`html`] (one self-contained page for people). A run that checks several targets (`podfeed
//! validate` with many feeds) hands over one [`TargetReport`] per target, in the [`crate::diagnostic::sort`] order.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Sources};

pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

/// How long one link's check took (the requests of one URL), for the HTML report's chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTiming {
    /// The link.
    pub url: String,
    /// Milliseconds from its first request to its verdict.
    pub millis: u64,
}

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

impl<'a> TargetReport<'a> {
    /// The run's source table for this target: its text, when it was checked (borrowed).
    pub fn sources(&self) -> Sources<'a> {
        let mut sources = Sources::new();
        if let Some(text) = self.source {
            sources.insert(self.target, text);
        }
        sources
    }
}
