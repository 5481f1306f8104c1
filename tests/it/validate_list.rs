//! `podfeed validate --list` (issue 19): many feeds from a local server in one run, one JSON
//! object per feed, failures as results, peak memory that does not grow with the list, and
//! `--shard K/N` splitting a list over processes exactly once, whatever its order. The history
//! of checks and `--changes` are tested in `history.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::directory::{feed, list, start};
use crate::common::server::{Fault, Server, Site};

/// What a feed of the generated directory does wrong, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Good,
    Missing,
    Broken,
    Slow,
}

fn kind(i: usize) -> Kind {
    match i % 50 {
        7 => Kind::Missing,
        19 => Kind::Broken,
        33 => Kind::Slow,
        _ => Kind::Good,
    }
}

/// Serves feeds `/f0.xml`.. `/f{n-1}.xml`, a few missing (404), broken (not XML) or slow.
fn directory(n: usize) -> Site {
    let mut site = Site::new();
    for i in 0..n {
        let path = format!("/f{i}.xml");
        site = match kind(i) {
            Kind::Good => site.file(&path, feed(i), "application/rss+xml"),
            Kind::Missing => site.fault(&path, Fault::NotFound),
            Kind::Broken => site.file(&path, "<rss><channel><title>oops", "application/rss+xml"),
            Kind::Slow => site
                .file(&path, feed(i), "application/rss+xml")
                .fault(&path, Fault::Hang(Duration::from_millis(300))),
        };
    }
    site
}

/// The peak resident memory (VmHWM, kB) of a running process, or 0 once it is gone.
fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs `validate --list` with `extra` in `dir`; the exit code, standard output and the peak
/// memory seen while it ran.
fn run_list(dir: &Path, list: &Path, extra: &[&str]) -> (i32, String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .current_dir(dir)
        .args(["validate", "--no-links", "--format", "json", "--list"])
        .arg(list)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn podfeed");
    let pid = child.id();
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let mut peak = 0;
    loop {
        peak = peak.max(peak_kb(pid));
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = child.wait().expect("wait");
    let out = reader.join().expect("reader");
    (status.code().expect("exit code"), out, peak)
}

/// Each JSON line's target and status (`broken` for a feed checked with errors).
fn results(out: &str) -> Vec<(String, String)> {
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object per line");
            let status = v["status"].as_str().expect("status");
            let errors = v["summary"]["errors"].as_u64().expect("summary");
            (
                v["target"].as_str().expect("target").to_owned(),
                if status == "checked" && errors > 0 {
                    "broken".to_owned()
                } else {
                    status.to_owned()
                },
            )
        })
        .collect()
}

fn urls(server: &Server, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| server.url(&format!("/f{i}.xml")).to_string())
        .collect()
}

#[test]
fn a_thousand_feeds_one_object_each_in_memory_that_does_not_grow() {
    let n = 1000;
    let (_runtime, server) = start(directory(n));
    let dir = tempfile::tempdir().expect("tempdir");
    let all = urls(&server, n);
    let (code, out, peak_1000) = run_list(dir.path(), &list(dir.path(), &all), &[]);
    let got = results(&out);
    assert_eq!(got.len(), n, "one line per feed");
    let statuses: BTreeMap<String, String> = got.into_iter().collect();
    assert_eq!(statuses.len(), n, "no feed twice");
    for (i, url) in all.iter().enumerate() {
        let want = match kind(i) {
            Kind::Missing => "failed",
            Kind::Broken => "broken",
            Kind::Good | Kind::Slow => "checked",
        };
        assert_eq!(statuses.get(url).map(String::as_str), Some(want), "{url}");
    }
    // The 404s fail the run with code 4; they did not stop it.
    assert_eq!(code, 4);
    let hundred = list(dir.path(), &all[..100]);
    let (_, out, peak_100) = run_list(dir.path(), &hundred, &[]);
    assert_eq!(results(&out).len(), 100);
    println!("peak memory (VmHWM): {peak_100} kB at 100 feeds, {peak_1000} kB at 1,000 feeds");
    assert!(peak_100 > 0 && peak_1000 > 0, "VmHWM was read");
    assert!(
        peak_1000 * 2 <= peak_100 * 3,
        "memory grew with the list: {peak_100} kB at 100, {peak_1000} kB at 1,000"
    );
}

#[test]
fn four_shards_cover_the_list_exactly_once_in_any_order() {
    let n = 200;
    let (_runtime, server) = start(directory(n));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lines = urls(&server, n);
    let shards = |lines: &[String]| -> Vec<BTreeSet<String>> {
        let path = list(dir.path(), lines);
        (1..=4)
            .map(|k| {
                let (_, out, _) = run_list(dir.path(), &path, &["--shard", &format!("{k}/4")]);
                results(&out).into_iter().map(|(t, _)| t).collect()
            })
            .collect()
    };
    let before = shards(&lines);
    let total: usize = before.iter().map(BTreeSet::len).sum();
    let union: BTreeSet<&String> = before.iter().flatten().collect();
    assert_eq!(total, n, "no feed in two shards");
    assert_eq!(union.len(), n, "every feed in a shard");
    assert!(
        before.iter().all(|s| s.len() > n / 8),
        "{:?}",
        before.iter().map(BTreeSet::len)
    );
    // Shuffled (a fixed permutation): every feed stays in its shard.
    lines.reverse();
    let (odd, even): (Vec<_>, Vec<_>) = lines
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 2 == 1);
    let shuffled: Vec<String> = odd.into_iter().chain(even).map(|(_, l)| l).collect();
    assert_eq!(shards(&shuffled), before);
}

#[test]
fn a_shard_out_of_range_or_an_unset_scheduler_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = list(dir.path(), &["feed.xml".to_owned()]);
    for args in [vec!["--shard", "5/4"], vec!["--shard", "auto"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_podfeed"))
            .current_dir(dir.path())
            .args(["validate", "--list"])
            .arg(&path)
            .args(&args)
            .env_remove("JOB_COMPLETION_INDEX")
            .env_remove("SLURM_ARRAY_TASK_ID")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // A Kubernetes Indexed Job's pod 0 of 1 takes every line.
    let out = Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .current_dir(dir.path())
        .args([
            "validate", "--format", "json", "--shard", "auto", "--shards", "1", "--list",
        ])
        .arg(&path)
        .env("JOB_COMPLETION_INDEX", "0")
        .output()
        .expect("run");
    assert_eq!(results(&String::from_utf8_lossy(&out.stdout)).len(), 1);
}
