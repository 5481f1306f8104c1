//! `podfeed explain`.

use super::ExplainArgs;
use crate::exit::Exit;

/// Prints a rule's explanation.
pub fn run(_args: &ExplainArgs) -> anyhow::Result<Exit> {
    anyhow::bail!("explain is not available yet")
}
