//! The transcripts a feed should serve: for every transcript URL the build publishes, the file
//! it writes there, rendered from the local records. Attached to the feed's transcript links so
//! that [`super::transcript_match`] can say whether the served file still matches the records.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::model::Show;
use crate::render;
use crate::validate::links::{LinkKind, LinkTarget};

/// Sets the expected transcript of every transcript link in `targets` whose URL the build
/// publishes for `show`. Only linked transcripts are rendered.
pub fn attach(targets: &mut [LinkTarget], show: &Show, config: &Config) {
    let expected = local_transcripts(show, config);
    for t in targets {
        if let LinkKind::Transcript { expected: e, .. } = &mut t.kind
            && let Some(render) = expected.get(t.url.as_str())
        {
            *e = Some(render());
        }
    }
}

/// A function rendering one transcript file, called only when a link needs it.
type Render<'a> = Box<dyn Fn() -> String + 'a>;

/// Every transcript URL the build publishes for `show`, with the function that renders the file
/// the build writes there.
fn local_transcripts<'a>(show: &'a Show, config: &'a Config) -> BTreeMap<String, Render<'a>> {
    let mut out: BTreeMap<String, Render<'a>> = BTreeMap::new();
    for episode in &show.episodes {
        for t in &episode.transcripts {
            let stem = t.output_stem(&episode.slug);
            for &format in &config.build.transcript_formats {
                let url = config.public_url(&render::transcript_path(&show.id, &stem, format));
                out.insert(
                    url.to_string(),
                    Box::new(move || render::render_transcript(episode, t, format)),
                );
            }
        }
    }
    out
}
