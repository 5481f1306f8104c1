//! The shipped example site, built for a local test server and served by it: the setup of the
//! `podfeed validate` tests. The records are rewritten so that every URL of the feed (enclosure,
//! artwork, transcripts) points at the server, which serves the build output plus a small
//! media file of exactly the declared length and a 1400×1400 PNG header as artwork.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the setup"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;

use super::server::{Server, Site};
pub use super::site::{EPISODE, SHOW};
use super::site::{copy_dir, root};
/// The clock of the build and of validation: later than any file's mtime, so records never
/// look newer than the feed built from them.
pub const NOW: &str = "2030-01-01T00:00:00Z";
/// The feed's path on the server.
pub const FEED: &str = "/good-tech-companies/feed.xml";
/// The enclosure's path on the server.
pub const MEDIA: &str = "/good-tech-companies/media/should-ai-be-open-source.mp3";
/// The show artwork's path on the server.
pub const COVER: &str = "/good-tech-companies/cover.png";
/// The transcript paths, one per published format.
pub fn transcript(ext: &str) -> String {
    format!("/good-tech-companies/transcripts/{EPISODE}.{ext}")
}
/// The enclosure's length in the rewritten record.
pub const MEDIA_LEN: usize = 4096;

/// The first 33 bytes of a PNG of `w`×`h` pixels: signature and an RGB IHDR chunk.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// A media body of `len` bytes that starts like an MP3 with an ID3 tag.
pub fn mp3(len: usize) -> Vec<u8> {
    let mut b = b"ID3\x04\x00\x00\x00\x00\x00\x00".to_vec();
    b.resize(len, 0x55);
    b
}

/// A copy of the example site configured for a server not started yet.
pub struct Example {
    /// The site folder: config.toml, feeds/, public/ after [`Example::build`].
    pub dir: tempfile::TempDir,
    /// The runtime the server runs on, in the background, while the test runs the binary.
    pub runtime: tokio::runtime::Runtime,
    listener: Option<std::net::TcpListener>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Example {
    /// Copies the example, binds the server's port and writes a config for it; `validate` is
    /// appended to the `[validate]` table (short timeouts are already set).
    pub fn new(validate: &str) -> Example {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("feeds"), &dir.path().join("feeds"));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let config = format!(
            "base_url = \"{base}\"\n\n[build]\ntranscript_formats = [\"vtt\", \"srt\", \"json\", \"html\", \"txt\"]\n\n\
             [validate]\ntimeout_secs = 2\nconnect_timeout_secs = 1\n{validate}\n"
        );
        fs::write(dir.path().join("config.toml"), config).unwrap();
        let example = Example {
            dir,
            runtime: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
            listener: Some(listener),
            base,
        };
        example.edit_record("show.toml", |t| {
            t.replace(
                "https://podcasts.example.com/good-tech-companies/cover.jpg",
                &format!("{}{COVER}", example.base),
            )
        });
        example.edit_record(&format!("episodes/{EPISODE}.toml"), |t| {
            t.replace(
                "https://podcasts.example.com/good-tech-companies/media/should-ai-be-open-source.mp3",
                &format!("{}{MEDIA}", example.base),
            )
            .replace("length = 6800000", &format!("length = {MEDIA_LEN}"))
        });
        example
    }

    /// Rewrites a file of the show folder.
    pub fn edit_record(&self, rel: &str, edit: impl FnOnce(&str) -> String) {
        let path = self.show_dir().join(rel);
        let text = fs::read_to_string(&path).unwrap();
        let new = edit(&text);
        assert_ne!(new, text, "the edit of {rel} changed nothing");
        fs::write(path, new).unwrap();
    }

    /// The show's records folder.
    pub fn show_dir(&self) -> PathBuf {
        self.dir.path().join("feeds").join(SHOW)
    }

    /// `podfeed` in the site folder with the clock at [`NOW`].
    pub fn podfeed(&self) -> Command {
        let mut cmd = super::site::podfeed(self.dir.path());
        cmd.env("PODFEED_NOW", NOW)
            .timeout(std::time::Duration::from_secs(60));
        cmd
    }

    /// Runs `podfeed validate --feed SHOW` followed by `args` to its end.
    pub fn validate(&self, args: &[&str]) -> Output {
        self.validate_at(NOW, args)
    }

    /// [`Example::validate`] with the clock at `now`.
    pub fn validate_at(&self, now: &str, args: &[&str]) -> Output {
        self.podfeed()
            .env("PODFEED_NOW", now)
            .args(["validate", "--feed", SHOW])
            .args(args)
            .output()
            .expect("run podfeed")
    }

    /// Runs `podfeed build`, which must succeed.
    pub fn build(&self) {
        self.podfeed().arg("build").assert().success();
    }

    /// Builds the site and serves what a well-run host would: [`Example::build`], then
    /// [`Example::serve`] of [`Example::site`].
    pub fn build_and_serve(&mut self) -> Server {
        self.build();
        self.serve(self.site())
    }

    /// What a well-run host serves: the build output, the media file and the artwork.
    pub fn site(&self) -> Site {
        Site::new()
            .tree(&self.dir.path().join("public"))
            .unwrap()
            .file(MEDIA, mp3(MEDIA_LEN), "audio/mpeg")
            .file(COVER, png(1400, 1400), "image/png")
    }

    /// The built feed, as text.
    pub fn feed(&self) -> String {
        fs::read_to_string(self.dir.path().join("public").join(SHOW).join("feed.xml")).unwrap()
    }

    /// Starts serving `site` on the port the config names.
    pub fn serve(&mut self, site: Site) -> Server {
        let listener = self.listener.take().expect("served once");
        let _guard = self.runtime.enter();
        site.start_on(listener)
    }

    /// Frees the server's port for another process to listen on (`podfeed serve`), and puts
    /// the media file and the artwork where the build output is, for it to serve them.
    pub fn release_port(&mut self) -> u16 {
        let listener = self.listener.take().expect("port still held");
        let public = self.dir.path().join("public");
        let media = public.join(MEDIA.trim_start_matches('/'));
        fs::create_dir_all(media.parent().unwrap()).unwrap();
        fs::write(media, mp3(MEDIA_LEN)).unwrap();
        fs::write(public.join(COVER.trim_start_matches('/')), png(1400, 1400)).unwrap();
        listener.local_addr().unwrap().port()
    }

    /// The feed's URL on the server.
    pub fn feed_url(&self) -> String {
        format!("{}{FEED}", self.base)
    }
}

/// The JSON lines of a `--format json` run, parsed.
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The first JSON report of a `--format json` run.
pub fn report(out: &Output) -> serde_json::Value {
    json_lines(&out.stdout).remove(0)
}

/// The JSON report of a `--format json` run that must print exactly one.
pub fn only_report(out: &Output) -> serde_json::Value {
    let mut lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "{}", String::from_utf8_lossy(&out.stderr));
    lines.remove(0)
}

/// The findings of one JSON report, in order.
pub fn diagnostics(report: &serde_json::Value) -> &[serde_json::Value] {
    report["diagnostics"].as_array().expect("diagnostics")
}

/// The first finding of `rule` in one JSON report.
pub fn finding<'a>(report: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    diagnostics(report)
        .iter()
        .find(|d| d["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report}"))
}

/// The rule ids of one JSON report, in order.
pub fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    diagnostics(report)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}
