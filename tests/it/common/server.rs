//! A small HTTP server for tests: axum on 127.0.0.1, an ephemeral port, serving files from memory
//! (or a folder) with HEAD, byte ranges, ETag and exact Content-Length/Content-Type, plus faults
//! injected per path. It counts every request, and logs each one with its query and form body, so
//! tests can check what was asked; a path's status can be switched while the server runs.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the server"
)]

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use url::Url;

/// Something a path does wrong, on purpose.
#[derive(Debug, Clone)]
pub enum Fault {
    /// `HEAD` answers 405 Method Not Allowed.
    HeadNotAllowed,
    /// Ranges are ignored: a `Range` request gets 200 and the whole body.
    NoRange,
    /// `HEAD` reports this Content-Length instead of the real one.
    WrongLength(u64),
    /// Content-Type sent instead of the real one.
    WrongType(&'static str),
    /// 404, whatever is stored.
    NotFound,
    /// Redirect with this status to this path or URL.
    Redirect(u16, String),
    /// 429 with `Retry-After` for the first `n` requests to this path, then normal.
    TooManyRequests { n: usize, retry_after: String },
    /// 503 every time.
    Unavailable,
    /// Sleep this long before answering (longer than the client's timeout: never answers).
    Hang(Duration),
    /// The body is sent in chunks with no Content-Length, so only the bytes tell its size.
    NoLength,
    /// The body is gzip-compressed when the client accepts it.
    Gzip,
}

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query's pairs, decoded.
    pub query: Vec<(String, String)>,
    /// The body read as `application/x-www-form-urlencoded` pairs (empty when there is none).
    pub form: Vec<(String, String)>,
}

/// One path's content and faults.
#[derive(Debug, Clone, Default)]
struct Resource {
    body: Vec<u8>,
    content_type: String,
    faults: Vec<Fault>,
}

/// What the server serves; build it, then [`Site::start`].
#[derive(Debug, Clone, Default)]
pub struct Site {
    resources: HashMap<String, Resource>,
}

impl Site {
    /// An empty site: every path is 404.
    pub fn new() -> Self {
        Site::default()
    }

    /// Serves `body` at `path` as `content_type`.
    pub fn file(mut self, path: &str, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
        let r = self.resources.entry(path.to_owned()).or_default();
        r.body = body.into();
        r.content_type = content_type.to_owned();
        self
    }

    /// Serves every file of `dir` (not recursive) at `/{name}`, typed by extension.
    pub fn dir(mut self, dir: &Path) -> std::io::Result<Self> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_file() {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default();
                self = self.file(&format!("/{name}"), std::fs::read(&path)?, type_of(ext));
            }
        }
        Ok(self)
    }

    /// Serves every file under `dir`, recursively, at `/{relative path}`, typed by extension;
    /// names starting with `.` (lock, manifest) are left out, as a web server would hide them.
    pub fn tree(mut self, dir: &Path) -> std::io::Result<Self> {
        fn walk(root: &Path, dir: &Path, site: &mut Site) -> std::io::Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let path = entry?.path();
                let hidden = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_none_or(|n| n.starts_with('.'));
                if hidden {
                    continue;
                }
                if path.is_dir() {
                    walk(root, &path, site)?;
                } else {
                    let rel = path.strip_prefix(root).map_err(std::io::Error::other)?;
                    let rel: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    let ext = path
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or_default();
                    let taken = std::mem::take(site);
                    *site = taken.file(
                        &format!("/{}", rel.join("/")),
                        std::fs::read(&path)?,
                        type_of(ext),
                    );
                }
            }
            Ok(())
        }
        walk(dir, dir, &mut self)?;
        Ok(self)
    }

    /// The body served at `path`, if any.
    pub fn body(&self, path: &str) -> Option<&[u8]> {
        self.resources.get(path).map(|r| r.body.as_slice())
    }

    /// Adds a fault to `path` (which may have no file, e.g. a redirect).
    pub fn fault(mut self, path: &str, fault: Fault) -> Self {
        self.resources
            .entry(path.to_owned())
            .or_default()
            .faults
            .push(fault);
        self
    }

    /// Starts serving on 127.0.0.1 on a free port, inside the current tokio runtime.
    pub async fn start(self) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        self.serve(listener)
    }

    /// Starts serving on a listener bound earlier, for content that must name the server's own
    /// URL (a feed built for it). Call inside a tokio runtime.
    pub fn start_on(self, listener: std::net::TcpListener) -> Server {
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        self.serve(listener)
    }

    fn serve(self, listener: tokio::net::TcpListener) -> Server {
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            site: self,
            hits: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
            status: Mutex::new(HashMap::new()),
        });
        let shared = Arc::clone(&state);
        let app = axum::Router::new().fallback(
            move |method, uri: Uri, headers, body: axum::body::Bytes| {
                let state = Arc::clone(&shared);
                async move {
                    state.log(&method, &uri, &body);
                    state.answer(method, uri, headers).await
                }
            },
        );
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Server { addr, state, task }
    }
}

/// Content-Type by file extension, for [`Site::dir`].
fn type_of(ext: &str) -> &'static str {
    match ext {
        "xml" => "application/rss+xml",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/x-m4a",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "vtt" => "text/vtt",
        "srt" => "application/x-subrip",
        "json" => "application/json",
        "html" => "text/html",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).expect("server URL")
    }

    /// Requests received for `path`, all methods.
    pub fn hits(&self, path: &str) -> usize {
        let hits = self.state.hits.lock().expect("hits lock");
        hits.iter()
            .filter(|((_, p), _)| p == path)
            .map(|(_, n)| n)
            .sum()
    }

    /// Requests received for `path` with `method`.
    pub fn hits_by(&self, method: &str, path: &str) -> usize {
        let hits = self.state.hits.lock().expect("hits lock");
        hits.get(&(method.to_owned(), path.to_owned()))
            .copied()
            .unwrap_or(0)
    }
}

impl Server {
    /// Every request received since the last call, in order of arrival.
    pub fn take_requests(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.state.log.lock().expect("log lock"))
    }

    /// From now on, `path` answers `code` with an empty body (`None`: back to normal).
    pub fn set_status(&self, path: &str, code: Option<u16>) {
        let mut status = self.state.status.lock().expect("status lock");
        match code {
            Some(c) => status.insert(path.to_owned(), c),
            None => status.remove(path),
        };
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct State {
    site: Site,
    hits: Mutex<HashMap<(String, String), usize>>,
    log: Mutex<Vec<Seen>>,
    status: Mutex<HashMap<String, u16>>,
}

impl State {
    fn log(&self, method: &Method, uri: &Uri, body: &[u8]) {
        let pairs = |b: &[u8]| url::form_urlencoded::parse(b).into_owned().collect();
        self.log.lock().expect("log lock").push(Seen {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query: pairs(uri.query().unwrap_or("").as_bytes()),
            form: pairs(body),
        });
    }

    async fn answer(&self, method: Method, uri: Uri, headers: HeaderMap) -> Response {
        let path = uri.path().to_owned();
        let seen = {
            let mut hits = self.hits.lock().expect("hits lock");
            let n = hits.entry((method.to_string(), path.clone())).or_insert(0);
            *n += 1;
            hits.iter()
                .filter(|((_, p), _)| *p == path)
                .map(|(_, n)| n)
                .sum::<usize>()
        };
        let forced = self.status.lock().expect("status lock").get(&path).copied();
        if let Some(code) = forced {
            return status(StatusCode::from_u16(code).expect("status code"));
        }
        let Some(res) = self.site.resources.get(&path) else {
            return status(StatusCode::NOT_FOUND);
        };
        let has = |f: fn(&Fault) -> bool| res.faults.iter().any(f);
        let mut content_type = res.content_type.clone();
        let mut head_length = None;
        for fault in &res.faults {
            match fault {
                Fault::NotFound => return status(StatusCode::NOT_FOUND),
                Fault::Unavailable => return status(StatusCode::SERVICE_UNAVAILABLE),
                Fault::HeadNotAllowed if method == Method::HEAD => {
                    return status(StatusCode::METHOD_NOT_ALLOWED);
                }
                Fault::Redirect(code, to) => {
                    let mut r = status(StatusCode::from_u16(*code).expect("redirect status"));
                    r.headers_mut().insert(
                        header::LOCATION,
                        HeaderValue::from_str(to).expect("location"),
                    );
                    return r;
                }
                Fault::TooManyRequests { n, retry_after } if seen <= *n => {
                    let mut r = status(StatusCode::TOO_MANY_REQUESTS);
                    r.headers_mut().insert(
                        header::RETRY_AFTER,
                        HeaderValue::from_str(retry_after).expect("retry-after"),
                    );
                    return r;
                }
                Fault::Hang(d) => tokio::time::sleep(*d).await,
                Fault::WrongType(t) => content_type = (*t).to_owned(),
                Fault::WrongLength(n) => head_length = Some(*n),
                _ => {}
            }
        }
        let etag = format!("\"{:x}-{}\"", res.body.len(), checksum(&res.body));
        if headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == etag.as_bytes())
        {
            return status(StatusCode::NOT_MODIFIED);
        }
        let mut code = StatusCode::OK;
        let mut body = res.body.clone();
        let mut content_range = None;
        let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
        let ranged = range.and_then(|r| parse_range(r, body.len()));
        if let Some((from, to)) = ranged.filter(|_| !has(|f| matches!(f, Fault::NoRange))) {
            code = StatusCode::PARTIAL_CONTENT;
            content_range = Some(format!("bytes {from}-{to}/{}", body.len()));
            body = body[from..=to].to_vec();
        }
        let mut builder = Response::builder()
            .status(code)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ETAG, etag)
            .header(header::ACCEPT_RANGES, "bytes")
            .header(header::LAST_MODIFIED, "Wed, 07 Aug 2024 09:00:00 GMT");
        if let Some(cr) = content_range {
            builder = builder.header(header::CONTENT_RANGE, cr);
        }
        let accepts_gzip = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("gzip"));
        if has(|f| matches!(f, Fault::Gzip)) && accepts_gzip {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&body).expect("gzip");
            body = enc.finish().expect("gzip");
            builder = builder.header(header::CONTENT_ENCODING, "gzip");
        }
        if method == Method::HEAD {
            let len = head_length.unwrap_or(body.len() as u64);
            return builder
                .header(header::CONTENT_LENGTH, len)
                .body(Body::empty())
                .expect("response");
        }
        if has(|f| matches!(f, Fault::NoLength)) {
            let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
                body.chunks(16 * 1024).map(|c| Ok(c.to_vec())).collect();
            return builder
                .body(Body::from_stream(futures::stream::iter(chunks)))
                .expect("response");
        }
        builder.body(Body::from(body)).expect("response")
    }
}

fn status(code: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = code;
    r
}

/// `bytes=a-b`, `bytes=a-` within `len`; other forms (suffix, lists) are ignored, as RFC 9110
/// allows a server to.
fn parse_range(value: &str, len: usize) -> Option<(usize, usize)> {
    let spec = value.strip_prefix("bytes=")?;
    let (a, b) = spec.split_once('-')?;
    let from: usize = a.trim().parse().ok()?;
    let last = len.checked_sub(1)?;
    let to = if b.trim().is_empty() {
        last
    } else {
        b.trim().parse::<usize>().ok()?.min(last)
    };
    (from <= to).then_some((from, to))
}

/// A cheap content hash for the ETag (FNV-1a).
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}
