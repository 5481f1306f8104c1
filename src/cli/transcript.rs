//! `podfeed transcript`: convert one transcript file to another format.
//!
//! The edge around [`crate::transcript::read`] and [`crate::transcript::write`]: reads the file
//! (refusing one over [`MAX_INPUT_BYTES`] before reading it), writes to standard output or
//! atomically to `-o` (a temporary file in the same folder, then renamed into place).

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::TranscriptArgs;
use super::input::read_bounded;
use crate::exit::Exit;
use crate::transcript::{self, Format, MAX_INPUT_BYTES, WriteOptions};

/// Converts one transcript file. Bad input prints `error: FILE:LINE: …` and exits 2.
pub fn run(args: &TranscriptArgs) -> anyhow::Result<Exit> {
    let file = args.file.display().to_string();
    let Some(to) = Format::from_name(&args.to).filter(|f| Format::PUBLISHED.contains(f)) else {
        eprintln!(
            "error: --to {}: expected one of vtt, srt, json, html, txt",
            args.to
        );
        return Ok(Exit::Usage);
    };
    let from = match args.from.as_deref().map(|f| (f, Format::from_name(f))) {
        None => None,
        Some((_, Some(f))) => Some(f),
        Some((name, None)) => {
            eprintln!(
                "error: --from {name}: expected one of page, vtt, srt, json, whisper, html, txt"
            );
            return Ok(Exit::Usage);
        }
    };
    let bytes =
        read_bounded(&args.file, MAX_INPUT_BYTES).with_context(|| format!("cannot read {file}"))?;
    let t = match transcript::read(&file, &bytes, from) {
        Ok(t) => t,
        Err(e) => {
            let col = e.column.map(|c| format!(":{c}")).unwrap_or_default();
            eprintln!("error: {file}:{}{col}: {}", e.line, e.message);
            return Ok(Exit::Usage);
        }
    };
    let opts = WriteOptions {
        duration_ms: args.duration.map(|s| s.saturating_mul(1000)),
    };
    let out = transcript::write(&t, to, &opts);
    write_output(args.output.as_deref(), &out)?;
    Ok(Exit::Ok)
}

/// Writes a converted file's `text` to standard output, or atomically to `output`.
pub(super) fn write_output(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match output {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        Some(path) => write_atomic(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place, so readers see
/// the old file or the new one, never half of one.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)?;
    Ok(())
}
