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
    /// Transcript formats to publish for every episode.
    pub transcript_formats: Vec<Format>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            transcript_formats: Format::PUBLISHED.to_vec(),
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
}

impl Default for ValidateConfig {
    fn default() -> Self {
        ValidateConfig {
            timeout_secs: 20,
            connect_timeout_secs: 10,
            max_feed_bytes: 50_000_000,
            concurrency: 16,
            per_host: 4,
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
        crate::records::SourceFile { name, text }.deserialize()
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
    fn unknown_keys_are_errors() {
        let d = Config::parse(
            "config.toml",
            "base_url = \"https://h.example\"\n[build]\nformats = []\n",
        )
        .unwrap_err();
        assert_eq!(d.rule, "record.field.unknown");
        assert_eq!(d.location.unwrap().line, 3);
    }
}
