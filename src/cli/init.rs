//! `podfeed init [DIR]`: writes a site to start from: `config.toml`, one show with a sample
//! episode and its transcript, each key explained in a comment (the README's record tables are
//! the reference). It builds as written, with no warning, into a feed that validates with no
//! finding. Nothing is ever overwritten: when one of its files exists, nothing is written.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::InitArgs;
use crate::exit::Exit;

/// The sample show's id: its folder under `feeds/` and its path in the output.
const SHOW: &str = "my-show";

/// The sample episode's name after its date.
const EPISODE: &str = "welcome";

const CONFIG: &str = r#"# The site: where the shows are, where the feeds go, and where they are published.
# Every key is described in the README, under "Records" -> "config.toml".

# Public URL of the output folder: a show's feed is published at {base_url}/{show-id}/feed.xml.
base_url = "https://podcasts.example.com"
# The folder of show folders, one per show (relative to this file).
feeds_dir = "feeds"
# The folder `podfeed build` writes; upload it to base_url (relative to this file).
output_dir = "public"

[build]
# Every transcript is published in each of these formats and linked with <podcast:transcript>.
transcript_formats = ["vtt", "srt", "json", "html", "txt"]
# A measurement prefix (OP3, Podtrac...) put before every enclosure URL:
# enclosure_prefix = "https://op3.dev/e/"
# List at most this many episodes per show, the newest that are due:
# max_items = 100

[validate]
# `podfeed validate` limits: seconds for one request, seconds to connect, the largest feed read
# (bytes), link checks in flight at once, and at once to one host.
timeout_secs = 20
connect_timeout_secs = 10
max_feed_bytes = 50_000_000
concurrency = 16
per_host = 4

# [notify]
# A WebSub hub told of every feed that changed (also written in each feed):
# websub_hub = "https://pubsubhubbub.appspot.com/"
# A URL sent a GET with ?url=FEED for every feed that changed:
# pubnotify = "https://podping.cloud/"
"#;

const SHOW_TOML: &str = r#"# The show: the feed's channel. Every key is described in the README, under "Records" -> "show.toml".

# The show's name, what it is about (plain text), and who makes it (itunes:author).
title = "My Show"
description = "A show about the things I care about, made with podfeed."
author = "Your Name"
# The show's website (an absolute URL).
link = "https://podcasts.example.com/my-show/"
# ISO 639 language code, optionally with a region: "en", "en-us".
language = "en"
# Square artwork, 1400-3000 pixels, JPEG or PNG (an absolute URL).
image = "https://podcasts.example.com/my-show/cover.jpg"
# Apple's categories: "Technology" or "Business > Entrepreneurship"; Apple uses the first.
categories = ["Technology"]
# Apple and Spotify send ownership mail here.
owner = { name = "Your Name", email = "you@example.com" }
# itunes:explicit: whether episodes have explicit content (an episode may say otherwise).
explicit = false
# "episodic" (newest first) or "serial" (oldest first; every episode then needs `episode`).
type = "episodic"
# copyright = "© 2025 Your Name"

# The hosts, as podcast:person (role and group from the Podcast Taxonomy):
# persons = [{ name = "Your Name", role = "host", href = "https://podcasts.example.com/me" }]
# Where listeners can support the show (podcast:funding):
# funding = [{ url = "https://example.com/support", label = "Support the show" }]
# podcast:guid: derived from the feed URL by default; pin it once the show is listed, so a
# move to another host keeps it:
# guid = "..."
# podcast:locked: "no other platform may import this feed" (with the owner's e-mail):
# locked = true
"#;

const EPISODE_TOML: &str = r#"# One episode. Every key is described in the README, under "Records" -> "episodes/<slug>.toml".
# Until it has an [enclosure], or with `draft = true`, the build holds it back as a draft.

title = "Welcome to My Show"
# When it is published: RFC 3339 with a zone. A time in the future holds it back until then.
published = {published}
# Show notes in Markdown, published as HTML.
description = "What this show is about, and who is making it. Read the transcript: it is published beside the feed."
# The media's length: seconds, "M:SS" or "H:MM:SS".
duration = "1:30"
# The episode's number (and `season`, when the show has seasons).
episode = 1
# "full", "trailer" or "bonus".
type = "full"

# The media file: its public URL, its size in bytes and its MIME type (or `file`, a local copy
# to measure, instead of `length`).
[enclosure]
url = "https://podcasts.example.com/my-show/media/{slug}.mp3"
length = 1440000
type = "audio/mpeg"

# The transcript is {slug}.vtt beside this file, found by its name, and published in every
# format of config.toml's transcript_formats. Chapters go in {slug}.chapters.txt:
# "00:00 Title" lines.
"#;

const TRANSCRIPT: &str = "WEBVTT

00:00:00.000 --> 00:00:06.000
<v Your Name>Welcome to My Show. This is the first episode.

00:00:06.000 --> 00:00:12.000
<v Your Name>Every episode has a transcript like this one, published beside the feed.
";

/// Writes the sample site into `args.dir`, or nothing when one of its files exists.
pub fn run(args: &InitArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let files = site_files(&args.dir, now);
    if let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
        eprintln!(
            "error: {} already exists; `podfeed init` never overwrites a file, so nothing was written",
            path.display()
        );
        return Ok(Exit::Usage);
    }
    let mut report = String::new();
    for (path, text) in &files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::site::write_atomic(path, text.as_bytes())?;
        report.push_str(&format!("created {}\n", path.display()));
    }
    let build = if args.dir == Path::new(".") {
        "`podfeed build`".to_owned()
    } else {
        format!("`podfeed build` in {}", args.dir.display())
    };
    report.push_str(&format!(
        "next: edit the records (each key is explained in its file), then run {build}\n"
    ));
    super::write_stdout(&report)?;
    Ok(Exit::Ok)
}

/// Each file of the sample site under `dir`, with its text; the episode is dated today.
fn site_files(dir: &Path, now: DateTime<Utc>) -> Vec<(PathBuf, String)> {
    let day = now.date_naive();
    let slug = crate::import::slug::slug(day, EPISODE);
    let episodes = dir.join("feeds").join(SHOW).join("episodes");
    let published = format!("{}T00:00:00Z", day.format("%Y-%m-%d"));
    let episode = EPISODE_TOML
        .replace("{published}", &published)
        .replace("{slug}", &slug);
    vec![
        (dir.join("config.toml"), CONFIG.to_owned()),
        (
            dir.join("feeds").join(SHOW).join("show.toml"),
            SHOW_TOML.to_owned(),
        ),
        (episodes.join(format!("{slug}.vtt")), TRANSCRIPT.to_owned()),
        (episodes.join(format!("{slug}.toml")), episode),
    ]
}
