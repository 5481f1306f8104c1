//! Link-check throughput: 10,000 distinct enclosure links on a local axum server, checked with
//! `check_links` at several concurrency settings, beside a baseline of the same number of plain
//! GETs through the same client with no checks. Prints links per second, the ratio to the
//! baseline, and peak memory (VmHWM, reset before each run where the kernel allows).
//!
//! When a `lychee` binary is found (`LYCHEE=path`, else on `PATH`; `cargo install lychee`), the
//! same URLs are also checked by lychee as a subprocess at concurrency 16 and 64, against
//! `podfeed validate` as a whole process on a feed whose enclosures are those URLs, at the same
//! concurrency: both pay their process start-up, so the ratio is of like with like (issue 15).
//!
//! Run: `cargo bench --bench links` (release).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use futures::StreamExt;
use podfeed::config::ValidateConfig;
use podfeed::http::{self, LinkKind, LinkOptions, LinkTarget};
use url::Url;

const LINKS: usize = 10_000;
const MEDIA: &[u8] = &[0u8; 4096];

/// Every path is the same small MP3 with HEAD and byte ranges, as a media host serves it.
async fn media(method: Method, headers: HeaderMap) -> Response {
    let ranged = headers.contains_key(header::RANGE);
    let (status, body): (StatusCode, &[u8]) = if ranged {
        (
            StatusCode::PARTIAL_CONTENT,
            MEDIA.get(..2).unwrap_or_default(),
        )
    } else {
        (StatusCode::OK, MEDIA)
    };
    let mut b = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "audio/mpeg")
        .header(header::ACCEPT_RANGES, "bytes");
    if ranged {
        b = b.header(header::CONTENT_RANGE, format!("bytes 0-1/{}", MEDIA.len()));
    }
    if method == Method::HEAD {
        return b
            .header(header::CONTENT_LENGTH, MEDIA.len())
            .body(Body::empty())
            .unwrap_or_default();
    }
    b.body(Body::from(body)).unwrap_or_default()
}

/// VmHWM from /proc/self/status, in KiB (0 where unavailable).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS (Linux `clear_refs` 5); false if not allowed.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn targets(base: &Url) -> Vec<LinkTarget> {
    (0..LINKS)
        .map(|i| LinkTarget {
            url: base
                .join(&format!("/e/{i}.mp3"))
                .unwrap_or_else(|_| base.clone()),
            kind: LinkKind::Enclosure {
                length: MEDIA.len() as u64,
                mime: "audio/mpeg".into(),
            },
            episode: Some(format!("ep{i}")),
            location: None,
            path: None,
        })
        .collect()
}

struct Run {
    name: String,
    secs: f64,
    peak_kib: u64,
}

fn report(runs: &[Run], reset_ok: bool) {
    let base = runs.first().map_or(1.0, |r| r.secs);
    println!("{LINKS} distinct enclosure links on 127.0.0.1 (HEAD + Range GET each for checks)");
    if !reset_ok {
        println!("note: VmHWM could not be reset between runs; peaks are cumulative");
    }
    println!(
        "{:<44} {:>9} {:>12} {:>10} {:>12}",
        "run", "seconds", "links/s", "vs base", "VmHWM KiB"
    );
    for r in runs {
        println!(
            "{:<44} {:>9.3} {:>12.0} {:>9.2}x {:>12}",
            r.name,
            r.secs,
            LINKS as f64 / r.secs,
            r.secs / base,
            r.peak_kib
        );
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = Url::parse(&format!("http://{}/", listener.local_addr().expect("addr")))
            .expect("base URL");
        tokio::spawn(async move {
            let app = axum::Router::new().fallback(media);
            axum::serve(listener, app).await.expect("serve");
        });
        let cfg = ValidateConfig::default();
        let client = http::client(&cfg);
        let mut runs = Vec::new();
        let mut reset_ok = true;

        // Baseline: the same number of plain GETs with the same client, bodies read, no checks.
        reset_ok &= reset_peak();
        let urls: Vec<Url> = targets(&base).into_iter().map(|t| t.url).collect();
        let start = Instant::now();
        let ok = futures::stream::iter(urls)
            .map(|u| {
                let client = client.clone();
                async move {
                    match client.get(u).send().await {
                        Ok(r) => r.bytes().await.is_ok(),
                        Err(_) => false,
                    }
                }
            })
            .buffer_unordered(cfg.concurrency)
            .filter(|ok| futures::future::ready(*ok))
            .count()
            .await;
        assert_eq!(ok, LINKS, "baseline requests failed");
        runs.push(Run {
            name: format!("baseline: plain GET, concurrency {}", cfg.concurrency),
            secs: start.elapsed().as_secs_f64(),
            peak_kib: peak_kib(),
        });

        for (concurrency, per_host) in [(16, 16), (16, 4), (64, 64), (1, 1)] {
            reset_ok &= reset_peak();
            let opts = LinkOptions {
                concurrency,
                per_host,
                ..LinkOptions::from_config(&cfg)
            };
            let t = targets(&base);
            let start = Instant::now();
            let d = http::check_links(&client, t, &opts).await;
            let secs = start.elapsed().as_secs_f64();
            // Every link answers as its enclosure says (the http scheme is the rules' finding,
            // not the link checks'): nothing to report.
            assert!(d.is_empty(), "unexpected findings: {:?}", d.first());
            runs.push(Run {
                name: format!("check_links: concurrency {concurrency}, per host {per_host}"),
                secs,
                peak_kib: peak_kib(),
            });
        }
        report(&runs, reset_ok);
        if let Some(lychee) = lychee() {
            let urls: Vec<String> = targets(&base).into_iter().map(|t| t.url.into()).collect();
            tokio::task::spawn_blocking(move || against_lychee(&lychee, &urls))
                .await
                .expect("lychee comparison");
        } else {
            println!(
                "lychee: not found (set LYCHEE=path or put it on PATH: cargo install lychee); comparison skipped"
            );
        }
    });
}

/// The lychee binary to compare with, if there is one.
fn lychee() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LYCHEE") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("lychee"))
            .find(|p| p.is_file())
    })
}

/// Seconds a whole process takes, and whether it exited as `ok` says it should.
fn timed(cmd: &mut Command, ok: impl Fn(&Output) -> bool) -> f64 {
    let start = Instant::now();
    let out = cmd.output().expect("run");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        ok(&out),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

/// lychee on the URLs, one a line, against `podfeed validate` of a feed of the same enclosures,
/// at concurrency 16 and 64 (all on one host, so per host = concurrency for podfeed).
fn against_lychee(lychee: &Path, urls: &[String]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("urls.txt");
    std::fs::write(&list, urls.join("\n")).expect("url list");
    let feed = dir.path().join("feed.xml");
    std::fs::write(&feed, feed_of(urls)).expect("feed");
    let podfeed = PathBuf::from(env!("CARGO_BIN_EXE_podfeed"));
    let version = Command::new(lychee).arg("--version").output().map_or_else(
        |_| "lychee".to_owned(),
        |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
    );
    println!("\n{} links, whole processes, vs {version}", urls.len());
    println!(
        "{:<14} {:>12} {:>12} {:>12} {:>12} {:>8}",
        "concurrency", "lychee s", "links/s", "podfeed s", "links/s", "ratio"
    );
    for c in [16usize, 64] {
        let config = dir.path().join(format!("config-{c}.toml"));
        std::fs::write(
            &config,
            format!(
                "base_url = \"https://podcasts.example.com\"\nfeeds_dir = \"feeds\"\noutput_dir = \"public\"\n[validate]\nconcurrency = {c}\nper_host = {c}\n"
            ),
        )
        .expect("config");
        let lychee_secs = timed(
            Command::new(lychee)
                .args(["--no-progress", "--max-retries", "0", "--accept", "200,206"])
                .args(["--max-concurrency", &c.to_string()])
                // lychee waits 50 ms between requests to one host by default (0.24): all 10,000
                // are on one host here, so that would be the measure. podfeed has no such pause.
                .args(["--host-concurrency", &c.to_string()])
                .args(["--host-request-interval", "0ms"])
                .arg(&list)
                .stdout(Stdio::null()),
            |o| o.status.success(),
        );
        // The bare feed lacks what Apple asks for (exit status 1, findings); 2 would be a
        // failure to check it.
        let podfeed_secs = timed(
            Command::new(&podfeed)
                .args(["validate", "--no-history", "--format", "json", "--config"])
                .arg(&config)
                .arg(&feed)
                .stdout(Stdio::null()),
            |o| matches!(o.status.code(), Some(0 | 1)),
        );
        let n = urls.len() as f64;
        println!(
            "{c:<14} {lychee_secs:>12.3} {:>12.0} {podfeed_secs:>12.3} {:>12.0} {:>7.2}x",
            n / lychee_secs,
            n / podfeed_secs,
            lychee_secs / podfeed_secs
        );
    }
    println!("ratio: podfeed's links per second over lychee's (above 1: podfeed is faster)");
}

/// A feed whose items' enclosures are `urls`.
fn feed_of(urls: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Links</title><link>https://example.org/</link><description>Link bench</description>\n",
    );
    for (i, u) in urls.iter().enumerate() {
        s.push_str(&format!(
            "<item><title>Episode {i}</title><guid isPermaLink=\"false\">links-{i}</guid><enclosure url=\"{u}\" length=\"{}\" type=\"audio/mpeg\"/></item>\n",
            MEDIA.len()
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}
