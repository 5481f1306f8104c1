//! `podfeed build` on a show of 10,000 episodes with transcripts (50,000 transcript files):
//! a full build, a rebuild with nothing changed, and a rebuild after one episode changed.
//!
//! Runs the real binary, as cron does, in a temporary folder. The full build is the baseline; the
//! two rebuilds are printed as ratios to it. Run: `cargo bench --bench build`
//! (`PODFEED_BENCH_EPISODES` sets another size).

#[path = "../tests/common/show.rs"]
mod show;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use podfeed::site::{MANIFEST_FILE, Manifest};

const CUES: usize = 12;

fn build(dir: &Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_podfeed"))
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PODFEED_NOW", "2030-01-01T00:00:00Z")
        .args(["build"])
        .output()
        .expect("run podfeed");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    print!("    {}", String::from_utf8_lossy(&out.stdout));
    took
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

fn main() {
    let episodes: usize = std::env::var("PODFEED_BENCH_EPISODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let eps = show::write_site(dir.path(), episodes, CUES).expect("generate the show");
    println!(
        "generated {episodes} episodes with {CUES}-cue transcripts in {:.2?}",
        started.elapsed()
    );

    println!("full build:");
    let full = build(dir.path());
    println!("no-change rebuild:");
    let same = build(dir.path());
    show::write_episode(&eps, episodes / 2, " (changed)", CUES, 0).expect("change one episode");
    println!("one-episode-changed rebuild:");
    let one = build(dir.path());

    let (size, load, save) = manifest_cost(dir.path());

    let ratio = |d: Duration| d.as_secs_f64() / full.as_secs_f64();
    println!();
    println!("{:<28} {:>10} {:>8}", "run", "time", "ratio");
    println!(
        "{:<28} {:>10.2?} {:>8.3}",
        "full build (baseline)", full, 1.0
    );
    println!(
        "{:<28} {:>10.2?} {:>8.3}",
        "no-change rebuild",
        same,
        ratio(same)
    );
    println!(
        "{:<28} {:>10.2?} {:>8.3}",
        "one episode changed",
        one,
        ratio(one)
    );
    println!();
    println!(
        "manifest: {:.1} MB; load {load:.2?}, one save {save:.2?} ({:.3} of the one-episode rebuild)",
        size as f64 / 1e6,
        save.as_secs_f64() / one.as_secs_f64()
    );
}
