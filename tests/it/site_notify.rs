//! Pings after a build that changed a feed, against a local HTTP server on 127.0.0.1.

use std::path::Path;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use podfeed::config::{NotifyConfig, ValidateConfig};
use podfeed::http;
use podfeed::render::Output;
use podfeed::site::notify::{self, PingKind};
use podfeed::site::{self, Manifest, PublishOptions, PublishReport};
use url::Url;

const FEED_URL: &str = "https://pods.example.com/show/feed.xml";

/// One request the server saw: method, path, query pairs, form body pairs.
type Seen = (String, String, Vec<(String, String)>, Vec<(String, String)>);

#[derive(Clone, Default)]
struct Hub {
    seen: Arc<Mutex<Vec<Seen>>>,
    status: Arc<AtomicU16>,
}

impl Hub {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

async fn record(State(hub): State<Hub>, req: Request) -> StatusCode {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let query = pairs(req.uri().query().unwrap_or("").as_bytes());
    let body = to_bytes(req.into_body(), 1 << 20)
        .await
        .map(|b| pairs(&b))
        .unwrap_or_default();
    hub.seen
        .lock()
        .expect("lock")
        .push((method, path, query, body));
    StatusCode::from_u16(hub.status.load(Ordering::SeqCst)).unwrap_or(StatusCode::OK)
}

fn pairs(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

/// Starts the server on its own thread and runtime (the code under test runs its own runtime,
/// as `podfeed build` does). Returns its base URL.
fn start(hub: Hub) -> String {
    hub.status.store(200, Ordering::SeqCst);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            let app = Router::new().fallback(record).with_state(hub);
            axum::serve(listener, app).await.expect("serve");
        });
    });
    format!("http://{}", rx.recv().expect("server address"))
}

fn config(base: &str) -> NotifyConfig {
    NotifyConfig {
        websub_hub: Some(Url::parse(&format!("{base}/hub")).expect("url")),
        pubnotify: Some(Url::parse(&format!("{base}/pubnotify?key=k1")).expect("url")),
        timeout_secs: Some(5),
    }
}

fn feed(content: &str) -> Output {
    let mut o = Output::default();
    o.insert("show/transcripts/ep1.vtt", "WEBVTT\n");
    o.insert("show/feed.xml", content);
    o
}

fn opts() -> PublishOptions {
    PublishOptions {
        feed_urls: [("show/feed.xml".to_string(), FEED_URL.to_string())].into(),
        ..PublishOptions::default()
    }
}

/// One cron run: publish, then ping whatever is pending, with the client and runtime the build
/// command uses.
fn run(root: &Path, cfg: &NotifyConfig, content: &str) -> (PublishReport, Vec<notify::PingResult>) {
    let report = site::publish(root, &feed(content), &opts()).expect("publish");
    let client = http::client(&ValidateConfig::default());
    let pings = notify::ping_pending(&client, cfg, root, &report.pending_pings);
    let results = http::runtime()
        .expect("runtime")
        .block_on(pings)
        .expect("pings");
    (report, results)
}

#[test]
fn each_changed_build_pings_once_and_unchanged_builds_do_not() {
    let hub = Hub::default();
    let cfg = config(&start(hub.clone()));
    let dir = tempfile::tempdir().expect("tempdir");

    let (report, results) = run(dir.path(), &cfg, "<rss>1</rss>");
    assert!(report.feed_written());
    assert_eq!(report.pending_pings, vec![FEED_URL]);
    assert!(results.iter().all(|r| r.ok()), "{results:?}");
    let seen = hub.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let websub = seen.iter().find(|s| s.1 == "/hub").expect("hub request");
    assert_eq!(websub.0, "POST");
    assert_eq!(
        websub.3,
        vec![
            ("hub.mode".to_string(), "publish".to_string()),
            ("hub.url".to_string(), FEED_URL.to_string())
        ]
    );
    let pubnotify = seen
        .iter()
        .find(|s| s.1 == "/pubnotify")
        .expect("pubnotify");
    assert_eq!(pubnotify.0, "GET");
    assert_eq!(
        pubnotify.2,
        vec![
            ("key".to_string(), "k1".to_string()),
            ("url".to_string(), FEED_URL.to_string())
        ]
    );
    assert!(Manifest::load(dir.path()).pending_pings.is_empty());

    let (report, results) = run(dir.path(), &cfg, "<rss>1</rss>");
    assert!(report.pending_pings.is_empty() && results.is_empty());
    assert_eq!(hub.seen().len(), 2, "an unchanged build pinged");

    run(dir.path(), &cfg, "<rss>2</rss>");
    assert_eq!(hub.seen().len(), 4);
}

#[test]
fn a_failed_ping_is_kept_and_retried_by_the_next_run_even_without_change() {
    let hub = Hub::default();
    let cfg = config(&start(hub.clone()));
    hub.status.store(500, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("tempdir");

    let (_, results) = run(dir.path(), &cfg, "<rss>1</rss>");
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| !r.ok() && r.status == Some(500)));
    assert_eq!(Manifest::load(dir.path()).pending_pings, vec![FEED_URL]);

    // Next run, nothing changed: the pending ping goes out again, and now succeeds.
    hub.status.store(204, Ordering::SeqCst);
    let (report, results) = run(dir.path(), &cfg, "<rss>1</rss>");
    assert!(!report.feed_written());
    assert_eq!(report.pending_pings, vec![FEED_URL]);
    assert!(results.iter().all(|r| r.ok()), "{results:?}");
    assert_eq!(hub.seen().len(), 4);
    assert!(Manifest::load(dir.path()).pending_pings.is_empty());

    let (_, results) = run(dir.path(), &cfg, "<rss>1</rss>");
    assert!(results.is_empty());
    assert_eq!(hub.seen().len(), 4);
}

#[test]
fn one_failing_endpoint_keeps_the_feed_pending() {
    let hub = Hub::default();
    let base = start(hub.clone());
    // The hub answers; the pubnotify endpoint is on a port where nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}/pubnotify", closed.local_addr().expect("addr"));
    drop(closed);
    let cfg = NotifyConfig {
        websub_hub: Some(Url::parse(&format!("{base}/hub")).expect("url")),
        pubnotify: Some(Url::parse(&dead).expect("url")),
        timeout_secs: Some(2),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, results) = run(dir.path(), &cfg, "<rss>1</rss>");
    let failed: Vec<_> = results.iter().filter(|r| !r.ok()).collect();
    assert_eq!(failed.len(), 1, "{results:?}");
    assert_eq!(failed[0].kind, PingKind::PubNotify);
    assert_eq!(failed[0].status, None);
    assert!(failed[0].error.is_some());
    assert_eq!(Manifest::load(dir.path()).pending_pings, vec![FEED_URL]);
}

#[test]
fn without_notify_config_nothing_is_pending() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report =
        site::publish(dir.path(), &feed("<rss/>"), &PublishOptions::default()).expect("publish");
    assert!(report.feed_written());
    assert!(report.pending_pings.is_empty());
}
