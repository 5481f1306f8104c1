//! `podfeed import FEED --feed ID`: a published feed (URL or file) → `feeds/ID/` records.
//!
//! The feed is fetched like `validate` fetches it (`http::fetch_feed`: limits, timeouts,
//! redirects) and read by the pure [`crate::import`]. The edge work is here: measuring an
//! enclosure without a length (a HEAD request through the link checker), downloading transcripts
//! with `--download`, and writing the show folder: a new show is written to a temporary folder
//! beside it and renamed into place; an existing one only with `--force`, and then only the files
//! whose bytes change are rewritten.

use std::path::{Path, PathBuf};

use anyhow::Context;
use url::Url;

use super::ImportArgs;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Sources};
use crate::exit::Exit;
use crate::http::{self, LinkKind, LinkOptions};
use crate::import::{self, Imported, TranscriptLink};
use crate::transcript::{self, Format};

/// True when `source` names a feed: an http(s) URL, or a file whose first non-blank bytes are
/// `<?xml` or `<rss`.
pub fn is_feed(source: &Path) -> bool {
    let s = source.to_string_lossy();
    if s.starts_with("http://") || s.starts_with("https://") {
        return true;
    }
    let Ok(mut f) = std::fs::File::open(source) else {
        return false;
    };
    let mut head = [0u8; 512];
    let n = std::io::Read::read(&mut f, &mut head).unwrap_or(0);
    let text = head.get(..n).unwrap_or_default();
    let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| text[i..].starts_with(b"<?xml") || text[i..].starts_with(b"<rss"))
}

/// What to import, and where.
pub struct Feed<'a> {
    /// The feed's URL or path, as given.
    pub source: &'a str,
    /// The site's configuration.
    pub config: &'a Config,
    /// `feeds/ID` of the show to write.
    pub show_dir: &'a Path,
}

/// Imports `feed.source` as show `args.feed` into `feed.show_dir`.
pub fn run(args: &ImportArgs, feed: &Feed<'_>) -> anyhow::Result<Exit> {
    let Feed {
        source,
        config,
        show_dir,
    } = *feed;
    if show_dir.exists() && !args.force {
        eprintln!(
            "error: show {:?} exists ({}); import again with --force to update its records",
            args.feed,
            show_dir.display()
        );
        return Ok(Exit::Usage);
    }
    let runtime = http::runtime().context("could not start the async runtime")?;
    let client = http::client(&config.validate);
    let (bytes, url) = match get(&runtime, &client, config, source) {
        Ok(got) => got,
        Err(exit) => return Ok(exit),
    };
    let limits = crate::feed::Limits {
        max_bytes: usize::try_from(config.validate.max_feed_bytes).unwrap_or(usize::MAX),
        ..crate::feed::Limits::default()
    };
    let src = import::Source {
        name: source,
        url: url.as_ref().map(Url::as_str),
    };
    let mut imported = match import::import(&bytes, src, limits) {
        Ok(i) => i,
        Err(errors) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            eprint!("{}", render(source, text, &errors, args.color.stderr()));
            eprintln!("error: nothing imported");
            return Ok(Exit::Usage);
        }
    };
    let opts = LinkOptions {
        refuse_private: url.as_ref().is_some_and(|u| !http::is_private(u)),
        ..LinkOptions::from_config(&config.validate)
    };
    runtime.block_on(measure(&client, &opts, &mut imported));
    let mut files = records(&imported);
    if args.download {
        runtime.block_on(download(&client, &opts, &mut imported, &mut files));
    } else {
        let count = |f: fn(&import::ImportedEpisode) -> bool| {
            imported.episodes.iter().filter(|e| f(e)).count()
        };
        let n = count(|e| !e.transcripts.is_empty());
        if n > 0 {
            eprintln!("note: {n} episodes link transcripts: import with --download to keep them");
        }
        let n = count(|e| e.chapters.is_some());
        if n > 0 {
            eprintln!(
                "note: {n} episodes link chapters (<podcast:chapters>), not downloaded: import with --download to keep them"
            );
        }
    }
    let text = std::mem::take(&mut imported.text);
    eprint!(
        "{}",
        render(source, text, &imported.warnings, args.color.stderr())
    );
    let written = write_show(show_dir, &files)?;
    let mut report = format!(
        "imported {} episodes into {} ({} files written, {} unchanged)\n",
        imported.episodes.len(),
        show_dir.display(),
        written,
        files.len() - written
    );
    report.push_str(&next_steps(&args.feed, config));
    super::write_stdout(&report)?;
    Ok(Exit::Ok)
}

/// The feed's bytes, and its URL when it was fetched. `Err` is the exit code, the reason printed.
fn get(
    runtime: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    config: &Config,
    source: &str,
) -> Result<(Vec<u8>, Option<Url>), Exit> {
    if let Ok(url) = Url::parse(source)
        && matches!(url.scheme(), "http" | "https")
    {
        let opts = http::FetchOptions::from_config(&config.validate);
        return match runtime.block_on(http::fetch_feed(client, &url, &opts, None)) {
            Ok(http::Fetched::Feed(body)) => Ok((body.bytes, Some(url))),
            Ok(http::Fetched::NotModified { .. }) => Err(Exit::Fetch),
            Err(http::FetchError::TooLarge { url, limit }) => {
                eprintln!(
                    "error: {url}: the feed is larger than the limit of {limit} bytes (max_feed_bytes); nothing imported"
                );
                Err(Exit::Usage)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Err(Exit::Fetch)
            }
        };
    }
    let limit = usize::try_from(config.validate.max_feed_bytes).unwrap_or(usize::MAX);
    // Refused from its size before it is read; one that grows past the limit is refused by the
    // importer's parser, whose limit is the same.
    super::input::read_bounded(Path::new(source), limit)
        .map(|b| (b, None))
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::FileTooLarge {
                eprintln!("error: cannot read {source}: {e} (max_feed_bytes); nothing imported");
            } else {
                eprintln!("error: cannot read {source}: {e}");
            }
            Exit::Usage
        })
}

/// Measures each enclosure imported without a length: a HEAD request (or a one-byte range) that
/// answers with the size fills it in, and its warning goes.
async fn measure(client: &reqwest::Client, opts: &LinkOptions, imported: &mut Imported) {
    for e in &mut imported.episodes {
        let Some(url) = e.missing_length.as_deref().and_then(|u| Url::parse(u).ok()) else {
            continue;
        };
        let kind = LinkKind::Enclosure {
            length: 0,
            mime: String::new(),
        };
        let seen = http::observe_link(client, &url, &kind, opts).await;
        let Some(size) = size_of(&seen) else { continue };
        e.record = e
            .record
            .replacen("length = 0\n", &format!("length = {size}\n"), 1);
        e.missing_length = None;
        imported.warnings.retain(|d| {
            !(d.rule.id == "record.import.enclosure-length" && d.message.contains(url.as_str()))
        });
    }
}

/// The size a HEAD's Content-Length or a range GET's Content-Range says.
fn size_of(seen: &http::LinkResult) -> Option<u64> {
    let ok = |x: &Option<crate::validate::judge::Exchange>| match x {
        Some(Ok(r)) if r.status.is_success() => Some(r.headers.clone()),
        _ => None,
    };
    let from_range = ok(&seen.get)
        .and_then(|h| h.content_range)
        .and_then(|r| r.rsplit_once('/').and_then(|(_, n)| n.trim().parse().ok()));
    let from_head = ok(&seen.head)
        .and_then(|h| h.content_length)
        .and_then(|n| n.trim().parse().ok());
    from_range.or(from_head).filter(|n: &u64| *n > 0)
}

/// The files of the show folder, relative to it: `show.toml` and the episode records.
fn records(imported: &Imported) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![(
        PathBuf::from("show.toml"),
        imported.show.clone().into_bytes(),
    )];
    for e in &imported.episodes {
        files.push((
            Path::new("episodes").join(format!("{}.toml", e.slug)),
            e.record.clone().into_bytes(),
        ));
    }
    files
}

/// Downloads, per episode, one transcript per language (the first that reads as its declared
/// type: `<slug>.<ext>` in the show's language, `<slug>.<lang>.<ext>` in another, then listed in
/// the record's `[[transcripts]]`) and the chapters (`<slug>.chapters.json`), each beside the
/// record. Media files are never fetched.
async fn download(
    client: &reqwest::Client,
    opts: &LinkOptions,
    imported: &mut Imported,
    files: &mut Vec<(PathBuf, Vec<u8>)>,
) {
    for (n, e) in imported.episodes.iter().enumerate() {
        let mut kept: Vec<(Option<String>, String)> = Vec::new();
        for t in &e.transcripts {
            let lang = (!t.main).then(|| t.language.clone()).flatten();
            if kept.iter().any(|(l, _)| *l == lang) {
                continue;
            }
            match fetch_transcript(client, opts, t).await {
                Ok((format, bytes)) => {
                    let name = match &lang {
                        Some(l) => format!("{}.{l}.{}", e.slug, format.extension()),
                        None => format!("{}.{}", e.slug, format.extension()),
                    };
                    files.push((Path::new("episodes").join(&name), bytes));
                    kept.push((lang, name));
                }
                Err(why) => eprintln!("warning: {}: {why}; not downloaded", t.url),
            }
        }
        if kept.iter().any(|(l, _)| l.is_some()) {
            let main = e.transcripts.iter().find(|t| t.main);
            // `files` holds show.toml, then the records in episode order.
            let record = &mut files[n + 1].1;
            record.extend(transcripts_table(&kept, main).into_bytes());
        }
        if let Some(url) = &e.chapters {
            match fetch_chapters(client, opts, url).await {
                Ok(json) => {
                    let name = format!("{}.chapters.json", e.slug);
                    files.push((Path::new("episodes").join(name), json.into_bytes()));
                }
                Err(why) => eprintln!("warning: {url}: {why}; not downloaded"),
            }
        }
    }
    imported.episodes.iter_mut().for_each(|e| e.chapters = None);
}

/// `[[transcripts]]` rows for the kept files: needed once a record has more than one language.
fn transcripts_table(kept: &[(Option<String>, String)], main: Option<&TranscriptLink>) -> String {
    let mut out = String::new();
    for (lang, file) in kept {
        let lang = lang
            .clone()
            .or_else(|| main.and_then(|t| t.language.clone()));
        out.push_str("\n[[transcripts]]\n");
        out.push_str(&format!("file = {}\n", toml::Value::String(file.clone())));
        if let Some(l) = lang {
            out.push_str(&format!("language = {}\n", toml::Value::String(l)));
        }
    }
    out
}

/// A body linked from the feed, read up to the transcript cap. `Err` says why not.
async fn fetch_body(
    client: &reqwest::Client,
    opts: &LinkOptions,
    url: &str,
    mime: &str,
) -> Result<Vec<u8>, String> {
    let url = Url::parse(url).map_err(|e| e.to_string())?;
    let kind = LinkKind::Transcript {
        mime: mime.to_owned(),
        expected: None,
    };
    let seen = http::observe_link(client, &url, &kind, opts).await;
    match seen.get {
        Some(Ok(r)) if r.status.is_success() => match r.body {
            crate::validate::judge::Body::Read {
                truncated: true, ..
            } => Err(format!("larger than {} bytes", opts.transcript_max_bytes)),
            crate::validate::judge::Body::Read { bytes, .. } => Ok(bytes),
            _ => Err("the body could not be read".into()),
        },
        Some(Ok(r)) => Err(format!("the server answered {}", r.status.code)),
        _ if seen.refused => Err("a private address, linked from a public feed".into()),
        _ => Err("no answer".into()),
    }
}

/// One transcript, read by the reader its type declares.
async fn fetch_transcript(
    client: &reqwest::Client,
    opts: &LinkOptions,
    t: &TranscriptLink,
) -> Result<(Format, Vec<u8>), String> {
    let format = match t.mime.as_str() {
        "text/vtt" => Format::Vtt,
        "application/x-subrip" | "application/srt" => Format::Srt,
        "application/json" => Format::Json,
        "text/html" => Format::Html,
        "text/plain" => Format::Text,
        other => {
            return Err(format!(
                "type {other:?} is not a transcript type podfeed reads"
            ));
        }
    };
    let bytes = fetch_body(client, opts, &t.url, &t.mime).await?;
    let name = format!("transcript.{}", format.extension());
    transcript::read(&name, &bytes, Some(format))
        .map_err(|e| format!("not a {} transcript: {e}", format.extension()))?;
    Ok((format, bytes))
}

/// An episode's chapters, read as JSON chapters (SPEC.md §5.1) and written back in podfeed's
/// JSON, which the records read.
async fn fetch_chapters(
    client: &reqwest::Client,
    opts: &LinkOptions,
    url: &str,
) -> Result<String, String> {
    let bytes = fetch_body(client, opts, url, "application/json+chapters").await?;
    let parsed =
        crate::chapters::read("chapters.json", &bytes, Some(crate::chapters::Format::Json))
            .map_err(|e| format!("not JSON chapters: {e}"))?;
    Ok(crate::chapters::write(
        &parsed.chapters,
        crate::chapters::Format::Json,
    ))
}

/// Writes `files` into `show_dir`: a new show through a temporary folder renamed into place; an
/// existing one file by file, only where the bytes change. Returns how many were written.
fn write_show(show_dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<usize> {
    if show_dir.exists() {
        let mut written = 0;
        for (rel, bytes) in files {
            let path = show_dir.join(rel);
            if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
                continue;
            }
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            crate::site::write_atomic(&path, bytes)?;
            written += 1;
        }
        return Ok(written);
    }
    let parent = show_dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = show_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.import-"))
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    std::fs::create_dir_all(tmp.path().join("episodes"))?;
    for (rel, bytes) in files {
        std::fs::write(tmp.path().join(rel), bytes)?;
    }
    let tmp = tmp.keep();
    std::fs::rename(&tmp, show_dir)
        .with_context(|| format!("cannot move the imported show to {}", show_dir.display()))?;
    Ok(files.len())
}

/// The warnings as the human report renders them, against the feed's text.
fn render(name: &str, text: String, diagnostics: &[Diagnostic], styled: bool) -> String {
    let mut sources = Sources::new();
    sources.insert(name.to_owned(), text);
    crate::report::human::render(&sources, diagnostics, styled)
}

/// What to do after the import.
fn next_steps(id: &str, config: &Config) -> String {
    let feed = config.public_url(&format!("{id}/feed.xml"));
    format!(
        "next steps:\n\
         1. fill in what the warnings above name (placeholders, an owner e-mail, lengths of 0)\n\
         2. podfeed build, then podfeed validate {feed} --feed {id}\n\
         3. move the feed: publish <itunes:new-feed-url>{feed}</itunes:new-feed-url> in the old feed, \
         then answer the old URL with a 301 redirect to the new one; keep `guid` in show.toml as it is\n"
    )
}
