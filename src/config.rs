//! The site configuration, `config.toml` (DESIGN.md "Records").
//!
//! Unknown keys are errors, so a typo never passes silently.

use serde::Deserialize;
use url::Url;

use crate::transcript::Format;

/// The whole `config.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Public URL of `output_dir`; feed URLs are `{base_url}/{id}/feed.xml`.
    pub base_url: Url,
    /// Folder of show folders, relative to the config file.
    #[serde(default = "default_feeds_dir")]
    pub feeds_dir: String,
    /// Folder the build writes, relative to the config file.
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// `[build]`.
    #[serde(default)]
    pub build: BuildConfig,
    /// `[validate]`.
    #[serde(default)]
    pub validate: ValidateConfig,
    /// `[notify]`: pings after a build that changed a feed.
    #[serde(default)]
    pub notify: NotifyConfig,
}

fn default_feeds_dir() -> String {
    "feeds".to_owned()
}

fn default_output_dir() -> String {
    "public".to_owned()
}

/// `[build]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuildConfig {
    /// Transcript formats to publish for every episode: each of `vtt`, `srt`, `json`, `html`,
    /// `txt` at most once (the input-only formats would publish a second, different JSON or text
    /// link of the same type).
    #[serde(deserialize_with = "published_formats")]
    pub transcript_formats: Vec<Format>,
    /// Measurement prefix of every enclosure and alternate-enclosure source URL (OP3, Podtrac),
    /// unless a show sets its own: an http(s) URL ending in `/`
    /// ([`crate::namespace::media::prefixed`] says how it composes).
    #[serde(deserialize_with = "enclosure_prefix")]
    pub enclosure_prefix: Option<String>,
    /// Show group (issue 12): list at most this many episodes per show, the newest that are
    /// due (a show's own `max_items` wins).
    pub max_items: Option<std::num::NonZeroUsize>,
    /// Write `feed.xsl` beside the feeds and link it from each feed with `<?xml-stylesheet?>`,
    /// so a browser shows the feed as a page (issue 17).
    pub stylesheet: bool,
}

/// Reads `enclosure_prefix`, checked by the grammar show.toml's key also uses; toml places the
/// error at the value.
fn enclosure_prefix<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    crate::namespace::media::enclosure_prefix(&s)
        .map(|p| Some(p.to_owned()))
        .map_err(|e| serde::de::Error::custom(format!("`enclosure_prefix`: expected {e}")))
}

/// Reads `transcript_formats`: only the published formats' names, each once. The error is
/// placed at the list by toml, so it names config.toml's line.
fn published_formats<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Format>, D::Error> {
    use serde::de::Error;
    let names = Vec::<String>::deserialize(d)?;
    let allowed = || {
        Format::PUBLISHED
            .iter()
            .map(|f| f.extension())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::with_capacity(names.len());
    for name in &names {
        let Some(format) = Format::PUBLISHED
            .into_iter()
            .find(|f| f.extension() == name.as_str())
        else {
            return Err(D::Error::custom(format!(
                "`transcript_formats` lists {name:?}; expected some of {}",
                allowed()
            )));
        };
        if out.contains(&format) {
            return Err(D::Error::custom(format!(
                "`transcript_formats` lists {name:?} twice; each format is published once"
            )));
        }
        out.push(format);
    }
    Ok(out)
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            transcript_formats: Format::PUBLISHED.to_vec(),
            enclosure_prefix: None,
            max_items: None,
            stylesheet: true,
        }
    }
}

/// `[validate]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ValidateConfig {
    /// Total time allowed for one request, in seconds.
    pub timeout_secs: u64,
    /// Time allowed to connect, in seconds.
    pub connect_timeout_secs: u64,
    /// Largest feed body read, in bytes.
    pub max_feed_bytes: u64,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Most distinct links of one feed checked.
    pub max_links: usize,
    /// Rules whose findings `podfeed validate` drops (ids, old ids accepted), for CI.
    #[serde(deserialize_with = "rule_ids")]
    pub ignore: Vec<&'static crate::rule::Rule>,
}

/// Reads `ignore`: every id a rule's (current or old), so a typo is an error, not a rule
/// silently kept.
fn rule_ids<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<&'static crate::rule::Rule>, D::Error> {
    let ids = Vec::<String>::deserialize(d)?;
    ids.iter()
        .map(|id| {
            crate::rules::find(id)
                .or_else(|| crate::rules::renamed(id))
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "`ignore` lists {id:?}, which is no rule; run `podfeed explain` to list them"
                    ))
                })
        })
        .collect()
}

impl Default for ValidateConfig {
    fn default() -> Self {
        ValidateConfig {
            timeout_secs: 20,
            connect_timeout_secs: 10,
            max_feed_bytes: 50_000_000,
            concurrency: 16,
            per_host: 4,
            max_links: 50_000,
            ignore: Vec::new(),
        }
    }
}

/// `[notify]`: where to announce a feed that changed. Each is optional.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotifyConfig {
    /// WebSub hub: receives `hub.mode=publish&hub.url=FEED` as a form POST.
    pub websub_hub: Option<Url>,
    /// Podcast Index style ping: a GET to this URL with `?url=FEED` appended.
    pub pubnotify: Option<Url>,
    /// Seconds allowed for each ping.
    pub timeout_secs: Option<u64>,
}

impl Config {
    /// Parses `config.toml` text; `name` is the path shown in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, crate::diagnostic::Diagnostic> {
        crate::toml_file::SourceFile { name, text }.deserialize()
    }

    /// The public URL of `rel` (a `/`-separated path under the output folder). Works whether or
    /// not `base_url` has a path and a trailing slash (`Url::join` alone would drop the last segment).
    pub fn public_url(&self, rel: &str) -> Url {
        let mut base = self.base_url.clone();
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.join(rel).unwrap_or(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_keep_the_base_path_with_or_without_slash() {
        for base in ["https://h.example/shows", "https://h.example/shows/"] {
            let cfg = Config::parse("config.toml", &format!("base_url = {base:?}")).unwrap();
            assert_eq!(
                cfg.public_url("x/feed.xml").as_str(),
                "https://h.example/shows/x/feed.xml"
            );
        }
        let cfg = Config::parse("config.toml", "base_url = \"https://h.example\"").unwrap();
        assert_eq!(
            cfg.public_url("x/feed.xml").as_str(),
            "https://h.example/x/feed.xml"
        );
    }

    #[test]
    fn only_published_transcript_formats_each_once() {
        let parse = |list: &str| {
            Config::parse(
                "config.toml",
                &format!(
                    "base_url = \"https://h.example\"\n\n[build]\ntranscript_formats = {list}\n"
                ),
            )
        };
        let cfg = parse(r#"["vtt", "txt", "html"]"#).unwrap();
        assert_eq!(
            cfg.build.transcript_formats,
            [Format::Vtt, Format::Text, Format::Html]
        );
        for (list, expected) in [
            (r#"["vtt", "whisper", "json", "page"]"#, "lists \"whisper\""),
            (r#"["vtt", "text"]"#, "lists \"text\""),
            (r#"["vtt", "srt", "vtt"]"#, "\"vtt\" twice"),
        ] {
            let d = parse(list).unwrap_err();
            assert_eq!(d.rule, "record.config.formats", "{list}");
            assert!(d.message.contains(expected), "{list}: {}", d.message);
            let text = format!(
                "base_url = \"https://h.example\"\n\n[build]\ntranscript_formats = {list}\n"
            );
            let loc = d.located_in(&text).unwrap();
            assert_eq!(d.label().unwrap().file, "config.toml", "{list}");
            assert_eq!(loc.line, 4, "{list}");
        }
    }

    #[test]
    fn ignore_lists_rules_by_id_and_refuses_unknown_ones() {
        let parse = |list: &str| {
            Config::parse(
                "config.toml",
                &format!("base_url = \"https://h.example\"\n[validate]\nignore = {list}\n"),
            )
        };
        let cfg = parse(r#"["url.http"]"#).unwrap();
        assert_eq!(cfg.validate.ignore, [&crate::rules::urls::URL_HTTP]);
        let d = parse(r#"["url.htp"]"#).unwrap_err();
        assert!(d.message.contains("\"url.htp\""), "{}", d.message);
        assert!(cfg.build.stylesheet, "the stylesheet is on by default");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = "base_url = \"https://h.example\"\n[build]\nformats = []\n";
        let d = Config::parse("config.toml", text).unwrap_err();
        assert_eq!(d.rule, "record.field.unknown");
        assert_eq!(d.located_in(text).unwrap().line, 3);
    }
}
