//! An episode's chapters (SPEC.md §5.1): the published JSON chapters file, and the
//! `<podcast:chapters>` element of the item that links it.

use rss::extension::Extension;

use super::feed::element;
use super::path::chapters_path;
use crate::chapters::{self, Format, MIME};
use crate::config::Config;
use crate::model::{EpisodeChapters, Show};

/// The JSON chapters file published for `c`: version 1.2.0 chapters, the same bytes for the same
/// chapters.
pub fn render_chapters(c: &EpisodeChapters) -> String {
    let mut out = c.chapters.clone();
    chapters::VERSION.clone_into(&mut out.version);
    chapters::write(&out, Format::Json)
}

/// `<podcast:chapters url type="application/json+chapters"/>` for episode `slug`, when it has
/// chapters.
pub(super) fn link(
    show: &Show,
    slug: &str,
    c: Option<&EpisodeChapters>,
    config: &Config,
) -> Option<Extension> {
    c?;
    let url = config.public_url(&chapters_path(&show.id, slug));
    Some(element(
        "podcast:chapters",
        None,
        &[("url", url.as_str()), ("type", MIME)],
    ))
}
