//! `podfeed build`.

use chrono::{DateTime, Utc};

use super::BuildArgs;
use crate::exit::Exit;

/// Builds the shows named by `args`.
pub fn run(_args: &BuildArgs, _now: DateTime<Utc>) -> anyhow::Result<Exit> {
    anyhow::bail!("build is not available yet")
}
