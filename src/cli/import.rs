//! `podfeed import`.

use super::ImportArgs;
use crate::exit::Exit;

/// Imports transcript pages as episode records.
pub fn run(_args: &ImportArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("import is not available yet")
}
