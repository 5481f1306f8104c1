//! `podfeed import`: transcript pages → episode records plus transcript files (a feed goes to
//! [`super::import_feed`]).
//!
//! Each page `<show-id>-<slug>.txt` becomes `feeds/<show-id>/episodes/<slug>.toml` (title, date
//! and description from the page, an explicit guid) and `<slug>.txt` (the page itself, which the
//! build reads as the episode's transcript). Every page is checked before anything is written,
//! so a bad page or an existing record stops the whole import with nothing changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::ImportArgs;
use crate::diagnostic::Source;
use crate::exit::Exit;
use crate::records::read::read_config;
use crate::records::{decode_utf8, default_guid};
use crate::transcript::page;

/// Imports each page as `feeds/ID/episodes/<slug>.toml` and `<slug>.txt`.
pub fn run(args: &ImportArgs) -> anyhow::Result<Exit> {
    let config = match read_config(&args.config) {
        Ok(c) => c,
        Err(diagnostics) => {
            eprint!(
                "{}",
                super::render_diagnostics(&diagnostics, args.color.stderr())
            );
            return Ok(Exit::Usage);
        }
    };
    let root = args
        .config
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let show_dir = root.join(&config.feeds_dir).join(&args.feed);
    if let [source] = args.sources.as_slice()
        && super::import_feed::is_feed(source)
    {
        let feed = super::import_feed::Feed {
            source: &source.to_string_lossy(),
            config: &config,
            show_dir: &show_dir,
        };
        return super::import_feed::run(args, &feed);
    }
    let show_toml = show_dir.join("show.toml");
    if !show_toml.is_file() {
        eprintln!(
            "error: no show {:?}: {} does not exist",
            args.feed,
            show_toml.display()
        );
        return Ok(Exit::Usage);
    }
    let show_title = std::fs::read_to_string(&show_toml)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("title").and_then(|v| v.as_str()).map(str::to_owned));
    let episodes = show_dir.join("episodes");
    // Check every page first, so a bad one stops the import before anything is written.
    let mut plans = Vec::new();
    let mut failed = false;
    let mut slugs = BTreeSet::new();
    for file in &args.sources {
        match plan(file, &args.feed, &episodes, args.force) {
            Ok(p) if !slugs.insert(p.slug.clone()) => {
                eprintln!(
                    "error: {}: another page given also imports as episode {:?}",
                    file.display(),
                    p.slug
                );
                failed = true;
            }
            Ok(p) => {
                if let (Some(page_show), Some(show)) = (&p.page_show, &show_title)
                    && page_show != show
                {
                    eprintln!(
                        "warning: {}: the page is from {page_show:?}, imported into {show:?} ({})",
                        file.display(),
                        args.feed
                    );
                }
                plans.push(p);
            }
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
    // The report is printed once everything is written: a reader that goes away early (a
    // closed pipe) must not stop the import half-way.
    let mut report = String::new();
    for p in plans {
        // The transcript first: a record is never left pointing at a transcript not yet written.
        for (path, bytes, existed) in [
            (
                &p.transcript_path,
                p.transcript.as_bytes(),
                p.transcript_existed,
            ),
            (&p.record_path, p.record.as_bytes(), p.record_existed),
        ] {
            crate::site::write_atomic(path, bytes)?;
            let verb = if existed { "overwrote" } else { "created" };
            report.push_str(&format!("{verb} {}\n", path.display()));
        }
        if let Some(note) = p.note {
            report.push_str(&format!("{note}\n"));
        }
    }
    report.push_str(
        "each new record is a draft, held back by the build until its [enclosure] (the media file's url, length and type) is filled in\n",
    );
    super::write_stdout(&report)?;
    Ok(Exit::Ok)
}

/// What importing one page will write.
struct Plan {
    slug: String,
    page_show: Option<String>,
    record_path: PathBuf,
    record: String,
    record_existed: bool,
    transcript_path: PathBuf,
    transcript: String,
    transcript_existed: bool,
    /// What was kept from the record being overwritten, to tell the user.
    note: Option<String>,
}

fn plan(file: &Path, show_id: &str, episodes: &Path, force: bool) -> anyhow::Result<Plan> {
    let name = file.display().to_string();
    let bytes = super::input::read_bounded(file, crate::transcript::MAX_INPUT_BYTES)
        .with_context(|| format!("cannot read {name}"))?;
    let text = decode_utf8(&name, &bytes).map_err(|d| {
        let source = Source::new(String::from_utf8_lossy(&bytes).into_owned());
        let at = d
            .label()
            .map(|l| source.locate(&l.span))
            .map(|l| format!(":{}:{}", l.line, l.column))
            .unwrap_or_default();
        anyhow::anyhow!("{name}{at}: {}", d.message)
    })?;
    let page = page::parse(text).map_err(|e| {
        let column = e.column.map(|c| format!(":{c}")).unwrap_or_default();
        anyhow::anyhow!("{name}:{}{column}: {}", e.line, e.message)
    })?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slug_of(&stem, show_id).with_context(|| {
        format!("{name}: cannot make an episode name from the file name; rename the file to <show-id>-<episode-name>.txt")
    })?;
    let record_path = episodes.join(format!("{slug}.toml"));
    let transcript_path = episodes.join(format!("{slug}.txt"));
    let record_existed = record_path.exists();
    let transcript_existed = transcript_path.exists();
    for (p, exists) in [
        (&record_path, record_existed),
        (&transcript_path, transcript_existed),
    ] {
        if exists && !force {
            anyhow::bail!(
                "{name}: {} already exists; pass --force to overwrite it",
                p.display()
            );
        }
    }
    let guid = default_guid(show_id, &slug);
    let existing = record_existed
        .then(|| std::fs::read_to_string(&record_path).ok())
        .flatten()
        .and_then(|t| t.parse::<toml::Table>().ok());
    let (record, note) = match existing {
        Some(old) => refreshed_record(old, &page, &guid, &slug),
        None => (
            record_text(&page, &guid, &page_published(&page), &slug),
            None,
        ),
    };
    Ok(Plan {
        slug,
        page_show: page.show.clone(),
        record_path,
        record,
        record_existed,
        transcript_path,
        transcript: text.to_owned(),
        transcript_existed,
        note,
    })
}

/// The episode's name: the file stem without the `<show-id>-` prefix, made safe for URLs
/// (ASCII letters and digits, lower-case, runs of anything else as one `-`), since transcripts
/// are published as `<slug>.<ext>`. `None` when nothing is left.
fn slug_of(stem: &str, show_id: &str) -> Option<String> {
    let rest = stem
        .strip_prefix(show_id)
        .and_then(|r| r.strip_prefix(['-', '_', ' ']));
    let rest = rest.filter(|r| !r.is_empty()).unwrap_or(stem);
    let mut slug = String::with_capacity(rest.len());
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    (!slug.is_empty()).then_some(slug)
}

/// Quotes `v` as a TOML string.
fn toml_str(v: &str) -> String {
    toml::Value::String(v.to_owned()).to_string()
}

/// `published` for a page: midnight UTC of its `Episode Date:`.
fn page_published(page: &page::Page) -> String {
    format!("{}T00:00:00Z", page.date.format("%Y-%m-%d"))
}

/// A new episode record for an imported page. The guid is written out so the episode keeps it
/// even if the file is renamed later (a changed guid makes every app list the episode again).
fn record_text(page: &page::Page, guid: &str, published: &str, slug: &str) -> String {
    format!(
        "title = {title}\npublished = {published}\nguid = {guid}\ndescription = {description}\n\
         # duration = \"0:00\"   # the media's length, H:MM:SS\n\n\
         # The media file: until it is filled in, the build holds this record back as a draft.\n# [enclosure]\n# url = \"https://…/{slug}.mp3\"\n\
         # length = 0        # bytes\n# type = \"audio/mpeg\"\n\n\
         # The transcript is {slug}.txt beside this file.\n",
        title = toml_str(&page.title),
        guid = toml_str(guid),
        description = toml_str(&page.description),
    )
}

/// The record `old`, refreshed from `page` (`--force`), and a note of what was kept.
///
/// Title and description come from the page, and so does the date unless the record already
/// has that day (then its time of day stays). What the page cannot know stays: the guid above
/// all (the episode's identity: a new one makes every app list the episode again), the
/// enclosure, the duration, the transcripts listed and every other field. A record with nothing
/// but what an import writes is simply written anew, comments and all.
fn refreshed_record(
    mut old: toml::Table,
    page: &page::Page,
    default_guid: &str,
    slug: &str,
) -> (String, Option<String>) {
    let mut kept: Vec<String> = Vec::new();
    let guid = match old.get("guid").and_then(toml::Value::as_str) {
        Some(g) => {
            if g != default_guid {
                kept.push("guid".into());
            }
            g.to_owned()
        }
        None => default_guid.to_owned(),
    };
    let fresh = page_published(page);
    let published = match old.get("published").and_then(toml::Value::as_datetime) {
        Some(d)
            if d.date.map(|d| d.to_string()) == Some(page.date.format("%Y-%m-%d").to_string()) =>
        {
            let d = d.to_string();
            if d != fresh {
                kept.push("published".into());
            }
            d
        }
        _ => fresh,
    };
    let others: Vec<String> = old
        .keys()
        .filter(|k| !matches!(k.as_str(), "title" | "description" | "published" | "guid"))
        .cloned()
        .collect();
    let note = |kept: Vec<String>| {
        (!kept.is_empty()).then(|| format!("kept {} from the record it replaces", kept.join(", ")))
    };
    if others.is_empty() {
        return (record_text(page, &guid, &published, slug), note(kept));
    }
    kept.extend(others);
    kept.sort();
    old.insert("guid".into(), toml::Value::String(guid));
    old.insert("title".into(), toml::Value::String(page.title.clone()));
    old.insert(
        "description".into(),
        toml::Value::String(page.description.clone()),
    );
    if let Ok(d) = published.parse::<toml::value::Datetime>() {
        old.insert("published".into(), toml::Value::Datetime(d));
    }
    (toml::to_string(&old).unwrap_or_default(), note(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_drops_the_show_prefix_and_keeps_urls_safe() {
        let s = |stem| slug_of(stem, "good-tech-companies");
        assert_eq!(
            s("good-tech-companies-2024-08-07-should-ai-be-open-source").as_deref(),
            Some("2024-08-07-should-ai-be-open-source")
        );
        assert_eq!(s("My Episode (final)").as_deref(), Some("my-episode-final"));
        assert_eq!(
            s("good-tech-companies").as_deref(),
            Some("good-tech-companies")
        );
        assert_eq!(
            s("good-tech-companiesX").as_deref(),
            Some("good-tech-companiesx")
        );
        assert_eq!(s("--"), None);
    }

    #[test]
    fn force_keeps_the_guid_and_the_enclosure() {
        let page = page::parse(
            "S - New title\n\nEpisode Date: May 2, 2024\n\nNew notes.\n\nTranscript\nStarting point is 00:00:00 hi\n",
        )
        .expect("page");
        let old: toml::Table = "title = \"Old\"\npublished = 2024-05-02T09:30:00Z\nguid = \"abc\"\n[enclosure]\nurl = \"https://x/a.mp3\"\nlength = 5\ntype = \"audio/mpeg\"\n"
            .parse()
            .expect("toml");
        let (text, note) = refreshed_record(old, &page, "default", "ep");
        let new: toml::Table = text.parse().expect("valid toml");
        assert_eq!(new["title"].as_str(), Some("New title"));
        assert_eq!(new["description"].as_str(), Some("New notes."));
        assert_eq!(new["guid"].as_str(), Some("abc"));
        assert_eq!(new["enclosure"]["length"].as_integer(), Some(5));
        assert_eq!(new["published"].to_string(), "2024-05-02T09:30:00Z");
        assert_eq!(
            note.as_deref(),
            Some("kept enclosure, guid, published from the record it replaces")
        );
    }

    #[test]
    fn force_on_an_untouched_import_writes_the_template_again() {
        let page = page::parse(
            "S - New title\n\nEpisode Date: May 2, 2024\n\nNotes.\n\nTranscript\nStarting point is 00:00:00 hi\n",
        )
        .expect("page");
        let first = record_text(&page, "g", &page_published(&page), "ep");
        let (again, note) = refreshed_record(first.parse().expect("toml"), &page, "g", "ep");
        assert_eq!(again, first);
        assert_eq!(note, None);
    }
}
