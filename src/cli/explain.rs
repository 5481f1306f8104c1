//! `podfeed explain`: one rule's explanation, or the list of all rules.

use super::ExplainArgs;
use crate::exit::Exit;
use crate::rules;

/// Prints a rule's explanation, or every rule when none is named.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Exit> {
    match &args.rule {
        None => {
            super::write_stdout(&rules::explain::list())?;
            Ok(Exit::Ok)
        }
        Some(id) => match rules::explain::explain(id) {
            Some(text) => {
                super::write_stdout(&text)?;
                Ok(Exit::Ok)
            }
            None => {
                eprintln!("error: no rule \"{id}\"; run `podfeed explain` to list the rules");
                Ok(Exit::Usage)
            }
        },
    }
}
