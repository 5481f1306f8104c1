//! `podfeed transcript`.

use super::TranscriptArgs;
use crate::exit::Exit;

/// Converts one transcript file.
pub fn run(_args: &TranscriptArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("transcript is not available yet")
}
