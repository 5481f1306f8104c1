//! `podfeed serve` of the example site in a child process, for the serve and browser tests, and
//! a plain HTTP/1.1 client to look at what it answers.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::example::{Example, FEED, NOW};

/// A running `podfeed serve`, stopped when dropped.
pub struct Serving {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Serving {
    /// Starts `podfeed serve` on the example's port and waits until it serves the feed.
    pub fn start(example: &mut Example) -> Serving {
        Serving::start_logging(example, Stdio::null())
    }

    /// As [`Serving::start`], with the server's standard error going to `stderr`.
    pub fn start_logging(example: &mut Example, stderr: Stdio) -> Serving {
        let port = example.release_port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_podfeed"))
            .current_dir(example.dir.path())
            .env("PODFEED_NOW", NOW)
            .args(["serve", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let serving = Serving {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while serving.get("HEAD", FEED, "").map(|a| a.status) != Some(200) {
            assert!(Instant::now() < deadline, "podfeed serve did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        serving
    }

    /// Sends one request (`extra`: header lines, each ending in `\r\n`); `None` when nothing
    /// listens yet.
    pub fn get(&self, method: &str, path: &str, extra: &str) -> Option<Answer> {
        let mut stream = TcpStream::connect(&self.addr).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{extra}\r\n",
            self.addr
        );
        stream.write_all(request.as_bytes()).ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).ok()?;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some(Answer {
            status,
            head,
            body: raw[split + 4..].to_vec(),
        })
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer: its status, head (status line and headers) and body.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// The value of header `name`, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}
