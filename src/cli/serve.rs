//! `podfeed serve`: builds the site, serves its output folder on 127.0.0.1 for a preview, and
//! rebuilds when the records change.
//!
//! The files are served by tower-http's `ServeDir` (HEAD, byte ranges, `If-Modified-Since`),
//! with the Content-Types a podcast app and a browser expect: `feed.xml` and `feed.xsl` as
//! `application/xml` (so a browser applies the stylesheet), transcripts as their formats' types.
//! Every [`POLL`] the build runs again; its no-change fast path (a fingerprint of the inputs'
//! metadata) makes that a few `stat` calls while nothing changed.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use axum::http::{HeaderValue, Request, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use clap::Parser;
use tower_http::services::ServeDir;

use super::{Cli, Command, ServeArgs};
use crate::exit::Exit;
use crate::site::fingerprint::{self, Seen};

/// How often the records are looked at for changes.
const POLL: Duration = Duration::from_secs(1);

/// Builds, then serves the output folder until interrupted.
pub fn run(args: &ServeArgs) -> anyhow::Result<Exit> {
    let Some(build) = build_args(args) else {
        return Ok(Exit::Usage);
    };
    let first = super::build::run(&build, crate::clock::now_from_env()?)?;
    if first != Exit::Ok {
        return Ok(first);
    }
    let (feeds_dir, out_dir) = folders(args)?;
    let runtime = crate::http::runtime().context("could not start the async runtime")?;
    runtime.block_on(serve(args.port, out_dir, build, feeds_dir))
}

/// The arguments of the build the server runs: quiet, into the same folder.
fn build_args(args: &ServeArgs) -> Option<super::BuildArgs> {
    let mut line = vec![
        "podfeed".into(),
        "build".into(),
        "--quiet".into(),
        "--config".into(),
        args.config.clone().into_os_string(),
    ];
    if let Some(out) = &args.out {
        line.push("--out".into());
        line.push(out.clone().into_os_string());
    }
    match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Build(b),
        }) => Some(b),
        _ => None,
    }
}

/// The records folder (the config's `feeds_dir`) and the folder served (`--out`, else the
/// config's `output_dir`), both beside the config file.
fn folders(args: &ServeArgs) -> anyhow::Result<(PathBuf, PathBuf)> {
    let config = crate::records::read::read_config(&args.config)
        .map_err(|_| anyhow::anyhow!("cannot read {}", args.config.display()))?;
    let root = args
        .config
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    Ok((root.join(&config.feeds_dir), out))
}

/// Rebuilds unless the records are as they were when the last rebuild failed: a failed build's
/// errors are printed once, not every [`POLL`], until the records change.
fn rebuild(build: &super::BuildArgs, feeds: &Path, out: &Path, failed: &mut Option<Seen>) {
    let Ok(inputs) = super::build::fingerprint_inputs(build, feeds, out) else {
        return;
    };
    let seen = fingerprint::seen(&inputs, &[]);
    if seen.is_some() && *failed == seen {
        return;
    }
    let ok = crate::clock::now_from_env()
        .and_then(|now| super::build::run(build, now))
        .is_ok_and(|exit| exit == Exit::Ok);
    *failed = if ok { None } else { seen };
}

/// Serves `dir` on 127.0.0.1:`port` and rebuilds every [`POLL`].
async fn serve(
    port: u16,
    dir: PathBuf,
    build: super::BuildArgs,
    feeds: PathBuf,
) -> anyhow::Result<Exit> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let addr = listener.local_addr()?;
    eprintln!("serving {} at http://{addr}/ (Ctrl-C stops)", dir.display());
    let out = dir.clone();
    tokio::spawn(async move {
        let mut failed = None;
        loop {
            tokio::time::sleep(POLL).await;
            let build = build.clone();
            let (feeds, out) = (feeds.clone(), out.clone());
            // A failed rebuild has printed its errors; the last good files stay served.
            let mut state = failed.take();
            failed = tokio::task::spawn_blocking(move || {
                rebuild(&build, &feeds, &out, &mut state);
                state
            })
            .await
            .unwrap_or(None);
        }
    });
    let app = axum::Router::new()
        .fallback_service(ServeDir::new(dir).append_index_html_on_directories(true))
        .layer(middleware::from_fn(content_type));
    axum::serve(listener, app).await?;
    Ok(Exit::Ok)
}

/// The Content-Type of a path whose type `ServeDir`'s guess gets wrong for feeds, by extension.
pub fn content_type_of(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "srt" => "application/x-subrip; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" => "application/json",
        _ => return None,
    })
}

/// Sets the Content-Type of a successful answer from its path ([`content_type_of`]).
async fn content_type(request: Request<axum::body::Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.status().is_success()
        && let Some(t) = content_type_of(&path)
    {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(t));
    }
    response
}
