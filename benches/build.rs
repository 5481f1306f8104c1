//! `podfeed build` on a show of 10,000 episodes with transcripts (50,000 transcript files):
//! a full build, a rebuild with nothing changed, and a rebuild after one episode changed.
//!
//! Runs the real binary, as cron does, in a temporary folder: three full builds, five of each
//! rebuild, each case's median run kept. The full build is the baseline; the two rebuilds are
//! printed as ratios to it, both in wall time and in CPU time (the child's user +
//! system time), with the child's peak resident memory. On a disk, a full build's wall time is
//! mostly fsync (one per file written), which flatters the ratios; the CPU columns show the work
//! podfeed itself does. Run: `cargo bench --bench build`.
//!
//! - `PODFEED_BENCH_EPISODES` sets another size;
//! - `PODFEED_BENCH_DIR` puts the site in another folder, e.g. `/dev/shm` (tmpfs: fsync is free, so
//!   wall time is close to CPU time);
//! - `PODFEED_BENCH_GENERATE=DIR` only writes a site of records without transcripts and the same
//!   episodes as `DIR/episodes.json` (the input of `examples/rss_baseline.rs`), then stops;
//! - `PODFEED_BENCH_KEEP=1` leaves the built site in place (its folder is printed), for a profiler;
//! - `PODFEED_BENCH_BIN=PATH` runs another `podfeed` binary (an older build, to compare).
//!
//! # Results (issue 6)
//!
//! 10,000 episodes, 12-cue transcripts, five formats (50,001 files), on a shared 2-core machine;
//! `PODFEED_BENCH_DIR=/dev/shm cargo bench --bench build`, then `cargo bench --bench build`
//! (disk). CPU is the child's user + system time; the full build is the baseline of each run.
//!
//! | run (tmpfs)         | before: wall / cpu      | after: wall / cpu       | peak MB before / after |
//! |---------------------|-------------------------|-------------------------|------------------------|
//! | full build          | 4.04 s / 3.73 s         | 4.24 s / 3.38 s         | 294 / 295              |
//! | no-change rebuild   | 1.64 s (0.41) / 1.55 s  | 1.27 s (0.30) / 0.99 s  | 210 / 199              |
//! | one episode changed | 1.91 s (0.47) / 1.80 s  | 1.40 s (0.33) / 1.20 s  | 210 / 199              |
//!
//! On disk the full build is fsync-bound (16–25 s wall, 9–10 s CPU); the no-change rebuild went
//! from 1.57 s (0.097 of the full build) to 1.07 s (0.043), the one-episode rebuild from 1.73 s
//! (0.107) to 1.44 s (0.058).
//!
//! Where a no-change rebuild's time went before (`perf record -e cpu-clock --call-graph dwarf`
//! on `podfeed build` in a built copy of this site on tmpfs, 1.45 s): reading the records 27 %
//! (a `stat` of five candidate transcript names per episode 7 %, reading 20,000 files 6 %, TOML
//! 6 %, parsing transcripts 5 %); the self-check of the 10 MB feed 20 %; rendering the feed 16 %
//! (once when unchanged, twice when anything changed); publish 15 % (among it a second `stat` of
//! every kept file 7 % and a second load of the 10 MB manifest); `Manifest::is_fresh` (one `stat`
//! per transcript file) 7 %; hashing each parsed transcript re-serialised to JSON 4 %; each
//! manifest load 4 %.
//!
//! What changed: the self-check is skipped for a feed whose bytes the manifest records as
//! published after passing the same podfeed version's check; the feed is rendered once (the
//! previous `lastBuildDate` is spliced in and compared); transcripts are hashed from their source
//! bytes; the manifest is loaded once per build; one listing of the episodes folder finds each
//! record's transcript; publish trusts the entry `is_fresh` approved instead of a second `stat`.
//!
//! What is left of a no-change rebuild (0.95 s): reading the records 34 % (TOML 9 %, transcript
//! parsing 9 %, reading files 11 %), rendering the feed 27 % (Markdown show notes 8 %),
//! `is_fresh`'s `stat` per transcript file 13 % (kept: it is what notices a published file edited
//! or deleted by hand), publish 10 %, the manifest load 4 %. Not parsing a transcript whose
//! outputs are fresh would save the 9 %, but the model would need an "unparsed" transcript that
//! every consumer (rendering, `validate`'s expected transcripts) must handle, and the reader and
//! the builder would have to agree on freshness; left out for that.

#[path = "../tests/it/common/show.rs"]
mod show;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use podfeed::site::{MANIFEST_FILE, Manifest};

const CUES: usize = 12;

/// What one run of `podfeed build` cost.
#[derive(Clone, Copy)]
struct Cost {
    wall: Duration,
    /// User + system time of the child.
    cpu: Duration,
    /// The child's peak resident set (VmHWM), in kB, sampled while it ran (0 when unknown).
    peak_kb: u64,
}

fn build(dir: &Path) -> Cost {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let bin = std::env::var_os("PODFEED_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_podfeed")),
        PathBuf::from,
    );
    let mut child = Command::new(bin)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PODFEED_NOW", "2030-01-01T00:00:00Z")
        .args(["build"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run podfeed");
    // VmHWM only grows, so the last sample before the child exits is its peak (but for what it
    // allocates in its last millisecond, when it only frees).
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    while child.try_wait().expect("wait for podfeed").is_none() {
        if let Some(kb) = std::fs::read_to_string(&status_file)
            .ok()
            .as_deref()
            .and_then(vm_hwm_kb)
        {
            peak_kb = peak_kb.max(kb);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = started.elapsed();
    let out = child.wait_with_output().expect("read podfeed's output");
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    print!("    {}", String::from_utf8_lossy(&out.stdout));
    Cost {
        wall,
        cpu: children_cpu().saturating_sub(cpu_before),
        peak_kb,
    }
}

/// Full builds per run of the bench: each takes seconds.
const FULL_RUNS: usize = 3;
/// Rebuilds per case.
const REBUILD_RUNS: usize = 5;

/// The run of median wall time among `runs`.
fn median(runs: impl Iterator<Item = Cost>) -> Cost {
    let mut runs: Vec<Cost> = runs.collect();
    runs.sort_by_key(|c| c.wall);
    runs[runs.len() / 2]
}

/// `VmHWM` of a `/proc/PID/status` text, in kB.
fn vm_hwm_kb(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system time of this process's waited-for children (`cutime` + `cstime` in
/// `/proc/self/stat`); zero where there is no `/proc`.
fn children_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces) start at field 3, `state`.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: u64 = [13, 14]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_secs_f64(ticks as f64 / clock_ticks_per_second())
}

/// `getconf CLK_TCK`: the unit of `/proc/self/stat` times (100 on Linux almost everywhere).
fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The render step alone, in this process: the feed of the generated show written five times
/// from records read once; the fastest run, and the feed's size.
fn render_cost(dir: &Path) -> (Duration, usize) {
    let site = podfeed::records::read::read_site(&dir.join("config.toml"), &[], None)
        .unwrap_or_else(|_| panic!("read the generated records"));
    let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z")
        .expect("date")
        .with_timezone(&chrono::Utc);
    let mut fastest = Duration::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let feed = podfeed::render::render_show_feed(&site.shows[0], &site.config, now, now);
        fastest = fastest.min(started.elapsed());
        size = feed.len();
    }
    (fastest, size)
}

/// The manifest's size, and the time to load it and save it once into an empty folder (a
/// changed build saves it twice: before writing, and after).
fn manifest_cost(dir: &Path) -> (u64, Duration, Duration) {
    let public = dir.join("public");
    let size = std::fs::metadata(public.join(MANIFEST_FILE)).map_or(0, |m| m.len());
    let started = Instant::now();
    let manifest = Manifest::load(&public);
    let load = started.elapsed();
    let scratch = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    manifest.save(scratch.path()).expect("save the manifest");
    (size, load, started.elapsed())
}

/// The same episodes as one JSON file, for `examples/rss_baseline.rs`: the show's channel fields
/// and, per episode, what its feed item carries (the show notes as the HTML podfeed writes).
fn episodes_json(episodes: usize) -> serde_json::Value {
    let items: Vec<serde_json::Value> = (0..episodes)
        .map(|i| {
            let slug = show::slug(i);
            let hours = i64::try_from(i).unwrap_or(i64::MAX);
            let published = chrono::DateTime::UNIX_EPOCH
                + chrono::Duration::days(19_723)
                + chrono::Duration::hours(hours);
            serde_json::json!({
                "title": format!("Episode {i}"),
                "description": format!("<p>Show notes for <em>episode {i}</em>.</p>\n"),
                "pubDate": published.to_rfc2822(),
                "guid": format!("{}/{slug}", show::SHOW),
                "enclosure": {
                    "url": format!("https://podcasts.example.com/bench-show/media/{slug}.mp3"),
                    "length": 1_000_000 + i,
                    "type": "audio/mpeg",
                },
                "duration": 5,
            })
        })
        .collect();
    serde_json::json!({
        "title": "Bench Show",
        "link": "https://podcasts.example.com",
        "description": "A generated show for tests and benchmarks.",
        "language": "en",
        "author": "Bench Author",
        "owner": { "name": "Bench Author", "email": "bench@example.com" },
        "image": "https://podcasts.example.com/bench-show/cover.jpg",
        "category": "Technology",
        "feed_url": "https://podcasts.example.com/bench-show/feed.xml",
        "episodes": items,
    })
}

/// Sets the modification time of `path` (a file, or every file under a folder) an hour back.
fn age(path: &Path) {
    let when = std::time::SystemTime::now() - Duration::from_secs(3600);
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("list folder") {
            age(&entry.expect("entry").path());
        }
    } else if let Ok(file) = std::fs::File::options().write(true).open(path) {
        file.set_modified(when).expect("set the modification time");
    }
}

/// `PODFEED_BENCH_GENERATE=DIR`: writes a site of `episodes` records without transcripts into
/// `DIR` and the same episodes as `DIR/episodes.json`, for whole-process runs
/// (`scripts/bench-scaling`).
fn generate(dir: &Path, episodes: usize) {
    std::fs::create_dir_all(dir).expect("create the folder");
    show::write_site(dir, episodes, 0).expect("generate the show");
    let json = serde_json::to_vec(&episodes_json(episodes)).expect("JSON");
    std::fs::write(dir.join("episodes.json"), json).expect("write episodes.json");
    println!(
        "generated {episodes} records and episodes.json in {}",
        dir.display()
    );
}

fn main() {
    let episodes: usize = std::env::var("PODFEED_BENCH_EPISODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    if let Some(dir) = std::env::var_os("PODFEED_BENCH_GENERATE") {
        generate(Path::new(&dir), episodes);
        return;
    }
    let dir = match std::env::var_os("PODFEED_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent),
        None => tempfile::tempdir(),
    }
    .expect("tempdir");
    let started = Instant::now();
    let eps = show::write_site(dir.path(), episodes, CUES).expect("generate the show");
    println!(
        "generated {episodes} episodes with {CUES}-cue transcripts in {} in {:.2?}",
        dir.path().display(),
        started.elapsed()
    );
    // A real show's records were written long before the build; a file modified within a moment
    // of the build is read again by the next one (the records' memo leaves it out).
    age(&dir.path().join("feeds"));

    // Each case is run several times and its median kept: on a shared machine one run of the
    // same build varies by a third.
    println!("full build ({FULL_RUNS} runs, the output folder removed before each):");
    let full = median((0..FULL_RUNS).map(|_| {
        let _ = std::fs::remove_dir_all(dir.path().join("public"));
        let _ = std::fs::remove_dir_all(dir.path().join(".podfeed-cache"));
        build(dir.path())
    }));
    println!("no-change rebuild ({REBUILD_RUNS} runs):");
    let same = median((0..REBUILD_RUNS).map(|_| build(dir.path())));
    println!(
        "one-episode-changed rebuild ({REBUILD_RUNS} runs, the same episode changed before each):"
    );
    let one = median((0..REBUILD_RUNS).map(|run| {
        let variant = format!(" (changed {run})");
        show::write_episode(&eps, episodes / 2, &variant, CUES, 0).expect("change one episode");
        // Edited a while before the build (as a podcaster's edit before cron's run): memoised,
        // so each run also writes the memo again.
        for ext in ["toml", "vtt"] {
            age(&eps.join(format!("{}.{ext}", show::slug(episodes / 2))));
        }
        build(dir.path())
    }));

    let (size, load, save) = manifest_cost(dir.path());
    let (render, feed_size) = render_cost(dir.path());

    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    println!();
    println!(
        "{:<24} {:>10} {:>7} {:>10} {:>7} {:>9}",
        "run", "wall", "ratio", "cpu", "ratio", "peak MB"
    );
    for (name, c) in [
        ("full build (baseline)", full),
        ("no-change rebuild", same),
        ("one episode changed", one),
    ] {
        println!(
            "{name:<24} {:>10.2?} {:>7.3} {:>10.2?} {:>7.3} {:>9.1}",
            c.wall,
            ratio(c.wall, full.wall),
            c.cpu,
            ratio(c.cpu, full.cpu),
            c.peak_kb as f64 / 1024.0
        );
    }
    println!();
    println!(
        "manifest: {:.1} MB; load {load:.2?}, one save {save:.2?} ({:.3} of the one-episode rebuild)",
        size as f64 / 1e6,
        save.as_secs_f64() / one.wall.as_secs_f64()
    );
    println!(
        "render step alone: the {:.1} MB feed in {render:.2?} (fastest of 5)",
        feed_size as f64 / 1e6
    );
    if std::env::var_os("PODFEED_BENCH_KEEP").is_some() {
        println!("kept the site in {}", dir.keep().display());
    }
}
