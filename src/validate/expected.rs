//! The transcripts a feed should serve: for every transcript URL the build publishes, the file
//! it writes there, rendered from the local records. Attached to the feed's transcript links so
//! that the link judge ([`super::judge`]) can say whether the served file still matches the
//! records.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::model::{Episode, EpisodeTranscript, Show};
use crate::render;
use crate::transcript::{Format, Transcript};
use crate::validate::links::{LinkKind, LinkTarget};

/// What the build writes at one transcript URL: the values it renders the file from.
#[derive(Debug, Clone, Copy)]
struct Published<'a> {
    episode: &'a Episode,
    transcript: &'a EpisodeTranscript,
    parsed: &'a Transcript,
    format: Format,
}

impl Published<'_> {
    /// The file's text, as the build renders it.
    fn render(&self) -> String {
        render::render_transcript(self.episode, self.transcript, self.parsed, self.format)
    }
}

/// Sets the expected transcript of every transcript link in `targets` whose URL the build
/// publishes for `show`. Only linked transcripts are rendered, each once.
pub fn attach(targets: &mut [LinkTarget], show: &Show, config: &Config) {
    let published = local_transcripts(show, config);
    let mut rendered: BTreeMap<&str, String> = BTreeMap::new();
    for t in targets {
        if let LinkKind::Transcript { expected: e, .. } = &mut t.kind
            && let Some((url, p)) = published.get_key_value(t.url.as_str())
        {
            let text = rendered.entry(url.as_str()).or_insert_with(|| p.render());
            *e = Some(text.clone());
        }
    }
}

/// Every transcript URL the build publishes for `show`, with what the build renders there.
fn local_transcripts<'a>(show: &'a Show, config: &Config) -> BTreeMap<String, Published<'a>> {
    let mut out = BTreeMap::new();
    for episode in &show.episodes {
        // Records read for validation have every transcript parsed (only a build leaves some
        // unparsed, those whose files it keeps).
        for (transcript, parsed) in episode
            .transcripts
            .iter()
            .filter_map(|t| Some((t, t.transcript.as_ref()?)))
        {
            let stem = transcript.output_stem(&episode.slug);
            for &format in &config.build.transcript_formats {
                let url = config.public_url(&render::transcript_path(&show.id, &stem, format));
                let published = Published {
                    episode,
                    transcript,
                    parsed,
                    format,
                };
                out.insert(url.to_string(), published);
            }
        }
    }
    out
}
