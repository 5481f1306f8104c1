//! `podfeed chapters`: convert one chapters file (JSON chapters or simple lines) to the other.
//!
//! The edge around [`crate::chapters::read`], [`crate::chapters::check`] and
//! [`crate::chapters::write`]: reads the file (refusing one over the cap before reading it all),
//! checks it (against `--duration` when given), writes to standard output or atomically to `-o`.

use anyhow::Context;

use super::ChaptersArgs;
use super::input::read_bounded;
use super::transcript::write_output;
use crate::chapters::{self, Format};
use crate::exit::Exit;

/// Converts one chapters file. Bad input prints `error: FILE:LINE: …` for every problem and
/// exits 2. Transcripts carry no section markers podfeed reads, so no chapters are derived from
/// one: a transcript given here fails as a chapters file would, at its first line.
pub fn run(args: &ChaptersArgs) -> anyhow::Result<Exit> {
    let file = args.file.display().to_string();
    let Some(to) = Format::from_name(&args.to) else {
        eprintln!("error: --to {}: expected json or txt", args.to);
        return Ok(Exit::Usage);
    };
    let bytes = read_bounded(&args.file, chapters::MAX_INPUT_BYTES)
        .with_context(|| format!("cannot read {file}"))?;
    let parsed = match chapters::read(&file, &bytes, None) {
        Ok(p) => p,
        Err(e) => {
            let col = e.column.map(|c| format!(":{c}")).unwrap_or_default();
            eprintln!("error: {file}:{}{col}: {}", e.line, e.message);
            if crate::transcript::read(&file, &bytes, None).is_ok() {
                eprintln!(
                    "note: {file} reads as a transcript; podfeed's transcripts keep no section markers, so no chapters are derived from them"
                );
            }
            return Ok(Exit::Usage);
        }
    };
    #[allow(clippy::cast_precision_loss)]
    let problems = chapters::check(&parsed, args.duration.map(|d| d as f64));
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {file}:{}: {}", p.line, p.message);
        }
        return Ok(Exit::Usage);
    }
    let mut out = parsed.chapters;
    if to == Format::Json {
        chapters::VERSION.clone_into(&mut out.version);
    }
    write_output(args.output.as_deref(), &chapters::write(&out, to))?;
    Ok(Exit::Ok)
}
