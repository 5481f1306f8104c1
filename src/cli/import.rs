//! `podfeed import`: transcript pages → episode records plus transcript files.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::ImportArgs;
use crate::exit::Exit;
use crate::records::read::read_config;
use crate::records::{decode_utf8, default_guid};
use crate::transcript::page;

/// Imports each page as `feeds/ID/episodes/<slug>.toml` and `<slug>.txt`.
pub fn run(args: &ImportArgs) -> anyhow::Result<Exit> {
    let config = match read_config(&args.config) {
        Ok(c) => c,
        Err(diagnostics) => {
            eprint!("{}", super::render_diagnostics(&diagnostics));
            return Ok(Exit::Usage);
        }
    };
    let root = args
        .config
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let show_dir = root.join(&config.feeds_dir).join(&args.feed);
    if !show_dir.join("show.toml").is_file() {
        eprintln!(
            "error: no show {:?}: {} does not exist",
            args.feed,
            show_dir.join("show.toml").display()
        );
        return Ok(Exit::Usage);
    }
    let episodes = show_dir.join("episodes");
    // Check every page first, so a bad one stops the import before anything is written.
    let mut plans = Vec::new();
    let mut failed = false;
    for file in &args.files {
        match plan(file, &args.feed, &episodes, args.force) {
            Ok(p) => plans.push(p),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed = true;
            }
        }
    }
    if failed {
        return Ok(Exit::Usage);
    }
    std::fs::create_dir_all(&episodes)
        .with_context(|| format!("cannot create {}", episodes.display()))?;
    for p in plans {
        crate::site::write_atomic(&p.transcript_path, p.transcript.as_bytes())?;
        crate::site::write_atomic(&p.record_path, p.record.as_bytes())?;
        println!("created {}", p.record_path.display());
        println!("created {}", p.transcript_path.display());
    }
    println!(
        "fill in each record's [enclosure] (the media file's url, length and type) before building"
    );
    Ok(Exit::Ok)
}

struct Plan {
    record_path: PathBuf,
    record: String,
    transcript_path: PathBuf,
    transcript: String,
}

fn plan(file: &Path, show_id: &str, episodes: &Path, force: bool) -> anyhow::Result<Plan> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {name}"))?;
    let text = decode_utf8(&name, &bytes).map_err(|d| anyhow::anyhow!("{name}: {}", d.message))?;
    let page =
        page::parse(text).map_err(|e| anyhow::anyhow!("{name}:{}: {}", e.line, e.message))?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = stem
        .strip_prefix(&format!("{show_id}-"))
        .unwrap_or(&stem)
        .to_owned();
    let record_path = episodes.join(format!("{slug}.toml"));
    let transcript_path = episodes.join(format!("{slug}.txt"));
    for p in [&record_path, &transcript_path] {
        if p.exists() && !force {
            anyhow::bail!(
                "{} already exists; pass --force to overwrite it",
                p.display()
            );
        }
    }
    let record = record_text(&page, &default_guid(show_id, &slug), &slug);
    Ok(Plan {
        record_path,
        record,
        transcript_path,
        transcript: text.to_owned(),
    })
}

/// The episode record for an imported page. The guid is written out so the episode keeps it
/// even if the file is renamed.
fn record_text(page: &page::Page, guid: &str, slug: &str) -> String {
    let s = |v: &str| toml::Value::String(v.to_owned()).to_string();
    format!(
        "title = {title}\npublished = {date}T00:00:00Z\nguid = {guid}\ndescription = {description}\n\n\
         # The media file: fill in before building.\n# [enclosure]\n# url = \"https://…/{slug}.mp3\"\n\
         # length = 0        # bytes\n# type = \"audio/mpeg\"\n\n\
         # The transcript is {slug}.txt beside this file.\n",
        title = s(&page.title),
        date = page.date.format("%Y-%m-%d"),
        guid = s(guid),
        description = s(&page.description),
    )
}
