//! Feeds per second of `podfeed validate --list` (issue 19): a local axum server on four ports
//! (four hosts, so the per-host limit of 4 is not the bound, as in a directory of many hosts)
//! serves N generated feeds of 40 episodes each (about 100 KB), with their enclosures and artwork; the release
//! binary validates the list with the defaults (16 feeds in flight) with links off, links off
//! while storing every check in an SQLite history (`--db`), and links on. The baseline, in the
//! same run, is plain GETs of the same feeds with 16 in flight and nothing checked.
//!
//! Run: `cargo bench --bench many` (`PODFEED_BENCH_FEEDS=N` for another N, default 1,000).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use futures::StreamExt;

const EPISODES: usize = 40;
/// A paragraph of show notes; each episode's notes are it 12 times (about 100 KB a feed, like the
/// real feeds of the test corpus, 114 KB on average).
const NOTES: &str = "In this episode we talk about feeds, enclosures and the many ways a \
    directory reads them; the guests explain how they publish, what breaks, and what they \
    would change about the tools they use every week. ";
const MEDIA: &[u8] = &[0u8; 4096];

fn feeds() -> usize {
    std::env::var("PODFEED_BENCH_FEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

/// Feed `i`: a show of [`EPISODES`] episodes whose enclosures and artwork are on `host`.
fn feed(i: usize, host: &str) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
<title>Show {i}</title>
<link>https://show{i}.example/</link>
<description>Show number {i}, about feeds.</description>
<language>en</language>
<itunes:author>Host {i}</itunes:author>
<itunes:image href="http://{host}/m/{i}/art.jpg"/>
<itunes:category text="Technology"/>
<itunes:explicit>false</itunes:explicit>
"#
    );
    for e in 1..=EPISODES {
        s.push_str(&format!(
            r#"<item>
<title>Episode {e} of show {i}</title>
<guid isPermaLink="false">show-{i}-ep-{e}</guid>
<pubDate>Mon, 0{e} Mar 2026 10:00:00 GMT</pubDate>
<description>{notes}</description>
<itunes:duration>1800</itunes:duration>
<enclosure url="http://{host}/m/{i}/{e}.mp3" length="{}" type="audio/mpeg"/>
</item>
"#,
            MEDIA.len(),
            notes = NOTES.repeat(12),
        ));
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

/// `/f/{i}.xml` is feed `i`; every other path a small MP3 with HEAD and byte ranges.
async fn serve(method: Method, headers: HeaderMap, path: Path<String>) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    if let Some(i) = path
        .strip_prefix("f/")
        .and_then(|p| p.strip_suffix(".xml"))
        .and_then(|n| n.parse().ok())
    {
        return Response::builder()
            .header(header::CONTENT_TYPE, "application/rss+xml")
            .body(Body::from(feed(i, &host)))
            .unwrap_or_default();
    }
    let ranged = headers.contains_key(header::RANGE);
    let mut b = Response::builder()
        .header(header::CONTENT_TYPE, "audio/mpeg")
        .header(header::ACCEPT_RANGES, "bytes");
    if method == Method::HEAD {
        return b
            .header(header::CONTENT_LENGTH, MEDIA.len())
            .body(Body::empty())
            .unwrap_or_default();
    }
    if ranged {
        b = b
            .status(StatusCode::PARTIAL_CONTENT)
            .header(header::CONTENT_RANGE, format!("bytes 0-1/{}", MEDIA.len()));
        return b.body(Body::from(&MEDIA[..2])).unwrap_or_default();
    }
    b.body(Body::from(MEDIA)).unwrap_or_default()
}

/// One timed run: what it was, its seconds.
struct Run {
    name: &'static str,
    secs: f64,
}

/// Runs `podfeed validate --list -` over `urls` with `args`; its seconds. Every feed must have
/// its JSON line.
fn podfeed(urls: &[String], args: &[&str]) -> f64 {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .args(["validate", "--format", "json", "--list", "-"])
        .args(args)
        .env_remove("PODFEED_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn podfeed");
    let mut stdin = child.stdin.take().expect("stdin");
    let list = urls.join("\n");
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let out = child.wait_with_output().expect("podfeed");
    let secs = start.elapsed().as_secs_f64();
    writer.join().expect("writer").expect("list written");
    let lines = out.stdout.split(|b| *b == b'\n').filter(|l| !l.is_empty());
    assert_eq!(lines.count(), urls.len(), "one JSON line per feed");
    secs
}

fn main() {
    let n = feeds();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut hosts = Vec::new();
    for _ in 0..4 {
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        hosts.push(listener.local_addr().expect("addr").to_string());
        rt.spawn(async move {
            let app = axum::Router::new().route("/{*path}", axum::routing::get(serve));
            axum::serve(listener, app).await.expect("serve");
        });
    }
    let urls: Vec<String> = (0..n)
        .map(|i| format!("http://{}/f/{i}.xml", hosts[i % hosts.len()]))
        .collect();
    let client = reqwest::Client::new();
    let start = Instant::now();
    let fetched = rt.block_on(
        futures::stream::iter(urls.clone())
            .map(|u| {
                let client = client.clone();
                async move { client.get(u).send().await.ok()?.bytes().await.ok() }
            })
            .buffer_unordered(16)
            .filter(|b| futures::future::ready(b.is_some()))
            .count(),
    );
    assert_eq!(fetched, n, "baseline requests failed");
    let mut runs = vec![Run {
        name: "baseline: plain GET of each feed, 16 in flight",
        secs: start.elapsed().as_secs_f64(),
    }];
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("history.sqlite").display().to_string();
    for (name, args) in [
        ("validate --list --no-links", vec!["--no-links"]),
        (
            "validate --list --no-links --db history.sqlite",
            vec!["--no-links", "--db", &db],
        ),
        ("validate --list (links on: 41 per feed)", vec![]),
    ] {
        runs.push(Run {
            name,
            secs: podfeed(&urls, &args),
        });
    }
    let base = runs[0].secs;
    println!("{n} feeds of {EPISODES} episodes on 4 local hosts, release build");
    println!(
        "{:<50} {:>8} {:>10} {:>9}",
        "run", "seconds", "feeds/s", "vs base"
    );
    for r in &runs {
        println!(
            "{:<50} {:>8.2} {:>10.0} {:>8.1}x",
            r.name,
            r.secs,
            n as f64 / r.secs,
            r.secs / base
        );
    }
}
