//! `podfeed completions SHELL` and `podfeed man`: a completion script and the manual page, both
//! made from the clap definitions, so they never disagree with the command line.

use clap::CommandFactory;

use super::Cli;
use crate::exit::Exit;

/// Prints the completion script for `shell` on standard output.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "podfeed", &mut script);
    super::write_stdout(&String::from_utf8_lossy(&script))?;
    Ok(Exit::Ok)
}

/// Prints the manual page (roff) on standard output: the top-level page, then one section per
/// subcommand with its options.
pub fn man() -> anyhow::Result<Exit> {
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("podfeed {}", sub.get_name());
        page.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let man = clap_mangen::Man::new(sub.clone());
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
    }
    super::write_stdout(&String::from_utf8_lossy(&page))?;
    Ok(Exit::Ok)
}
