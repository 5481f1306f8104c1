//! The one HTTP client of a run, built from `[validate]` settings, and the one async runtime its
//! requests run on.

use std::sync::Arc;
use std::time::Duration;

use super::resolve::Guard;

use crate::config::ValidateConfig;

/// The User-Agent sent with every request: servers' logs should name the tool.
pub const USER_AGENT: &str = concat!("podfeed/", env!("CARGO_PKG_VERSION"));

/// Builds the client: rustls, gzip and brotli, connect and total timeouts from `cfg`, and no
/// automatic redirects, because [`super::fetch_feed`] and the link checks follow them one hop at
/// a time to report each.
pub fn client(cfg: &ValidateConfig) -> reqwest::Client {
    build(cfg, None)
}

/// Like [`client`], with names resolved through `guard`, which refuses private addresses after
/// DNS (on the first request and every redirect) unless it allows them.
pub fn guarded_client(cfg: &ValidateConfig, guard: Guard) -> reqwest::Client {
    build(cfg, Some(guard))
}

/// A run's two clients ([`client`] and the [`guarded_client`] that refuses private addresses),
/// each built on its first use: a run that reads a file and checks no links starts no TLS.
pub struct Clients {
    cfg: ValidateConfig,
    open: std::sync::OnceLock<reqwest::Client>,
    guarded: std::sync::OnceLock<reqwest::Client>,
}

impl Clients {
    /// The clients of `[validate]` settings `cfg`, not built yet.
    pub fn new(cfg: &ValidateConfig) -> Self {
        Clients {
            cfg: cfg.clone(),
            open: std::sync::OnceLock::new(),
            guarded: std::sync::OnceLock::new(),
        }
    }

    /// The client that may reach private addresses.
    pub fn open(&self) -> &reqwest::Client {
        self.open.get_or_init(|| client(&self.cfg))
    }

    /// The client whose names resolve through a [`Guard`] that refuses private addresses.
    pub fn guarded(&self) -> &reqwest::Client {
        self.guarded
            .get_or_init(|| guarded_client(&self.cfg, Guard::refusing_private()))
    }
}

fn build(cfg: &ValidateConfig, guard: Option<Guard>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .use_rustls_tls()
        .gzip(true)
        .brotli(true)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(cfg.connect_timeout_secs.max(1)))
        .timeout(Duration::from_secs(cfg.timeout_secs.max(1)));
    if let Some(guard) = guard {
        builder = builder.dns_resolver(Arc::new(guard));
    }
    // Building fails only when the TLS backend cannot start; a client without our settings is
    // the only fallback that keeps the run going, and it still never follows redirects.
    builder.build().unwrap_or_else(|e| {
        tracing::warn!("HTTP client with settings could not be built: {e}");
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default()
    })
}

/// Starts the async runtime of a command: one thread, with timers and IO. The commands make
/// their requests one target at a time; the concurrency is within a target's link checks and
/// pings, which a single thread serves.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}
