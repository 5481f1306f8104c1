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
