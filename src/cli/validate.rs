//! `podfeed validate`.

use chrono::{DateTime, Utc};

use super::ValidateArgs;
use crate::exit::Exit;

/// Validates the feed named by `args`.
pub fn run(_args: &ValidateArgs, _now: DateTime<Utc>) -> anyhow::Result<Exit> {
    anyhow::bail!("validate is not available yet")
}
