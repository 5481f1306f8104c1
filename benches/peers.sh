#!/usr/bin/env bash
# podfeed side by side with the tools podcasters use today.
#
#   benches/peers.sh            # from the repository root; 10-15 minutes on 2 cores
#
# Not a cargo bench target: the peers are Python, Node and Rust programs, installed and run by the
# scripts in ../shared/peers (see its README.md). This script:
#   1. copies ../shared/peers to a temporary folder and runs its setup.sh (a Python venv with
#      feedgen, podgen, feedparser, podcastparser; npm `podcast` and podcast-partytime; the Rust
#      baselines: the bare `rss` crate, feed-rs, a bare quick-xml scan) which also makes the
#      synthetic show data/ep10000.json; installs hyperfine with apt-get when it is missing;
#   2. turns that show into podfeed records with benches/peers_to_records.py, twice: without
#      transcript files (a feed only) and with a one-cue WebVTT file per episode (the feed links a
#      VTT and an SRT transcript per item, as the peers' feeds do, and podfeed also writes those
#      20,000 files, which the peers do not);
#   3. times with hyperfine, in one run each:
#      generate: feedgen, podgen, node `podcast`, the bare `rss` crate, `podfeed build` (release,
#                fresh output folder each run) of both sites, and a no-change rebuild;
#      read:     `podfeed validate FEED --no-links` (parse + the rules) on feedgen's feed, and the
#                readers podcastparser, podcast-partytime, feed-rs, `rss`, the peers' bare
#                quick-xml scan (the baseline: buffered reads into an event buffer) and
#                podfeed's own stricter one (examples/xml_scan: the file read whole, events
#                borrowed from it) on the same file (feedparser takes about 16 s a run:
#                PEERS_FEEDPARSER=1 adds it);
#      podfeed validate is timed with --format json, the machines' format: the feed's 10,004
#      findings (a text.html warning per title) as JSON carry what the human report shows, less
#      its source snippets (a window of the one 16.6 MB line around each; that run 0.21 s);
#   4. prints each time as a ratio to the baseline of the same run (the bare `rss` crate for
#      generating, the peers' quick-xml scan for reading; validation's ratio to the stricter
#      scan too) and writes the hyperfine markdown exports and
#      the ratio tables to the results folder.
#
# Outputs go to a tmpfs folder (/dev/shm) when there is one: podfeed fsyncs every file it writes
# (a cron build killed at any moment leaves whole files) and the peers do not, so on a disk the
# 20,001 fsyncs of the transcript build measure the disk, not the program.
#
# Environment:
#   PEERS_EPISODES  episodes in the synthetic show (default 10000)
#   PEERS_RUNS      hyperfine runs per command, after one warm-up (default 5)
#   PEERS_RESULTS   results folder (default target/peers-results)
#   PEERS_DIR       an already set-up copy of the peers to use instead of a fresh one
#   PEERS_FEEDPARSER=1  also time feedparser
#   PEERS_KEEP=1    keep the temporary folders (their paths are printed)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT/../shared/peers
N=${PEERS_EPISODES:-10000}
RUNS=${PEERS_RUNS:-5}
RESULTS=${PEERS_RESULTS:-$ROOT/target/peers-results}

if [ -z "${PEERS_DIR:-}" ] && [ ! -f "$SRC/setup.sh" ]; then
  echo "benches/peers.sh: ../shared/peers not found (looked for $SRC/setup.sh)." >&2
  echo "It holds the peers' install and run scripts; it sits beside the repository in this" >&2
  echo "project's CI, not in a clone. Set PEERS_DIR to a copy of it to run this benchmark." >&2
  exit 2
fi
for tool in python3 node npm cargo; do
  command -v "$tool" >/dev/null || { echo "benches/peers.sh: $tool is needed" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/podfeed-peers.XXXXXX")
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  OUT=$(mktemp -d /dev/shm/podfeed-peers-out.XXXXXX)
else
  OUT=$WORK/out
  mkdir -p "$OUT"
fi
cleanup() {
  if [ "${PEERS_KEEP:-}" = 1 ]; then
    echo "kept: $WORK $OUT"
  else
    rm -rf "$WORK" "$OUT"
  fi
}
trap cleanup EXIT
mkdir -p "$RESULTS"

step() { printf '\n== %s\n' "$*"; }

step "hyperfine"
if ! command -v hyperfine >/dev/null; then
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "hyperfine is missing; installing it: $SUDO apt-get install -y hyperfine"
  $SUDO apt-get install -y hyperfine || { $SUDO apt-get update && $SUDO apt-get install -y hyperfine; }
fi
hyperfine --version

step "peers: setup"
if [ -n "${PEERS_DIR:-}" ]; then
  PEERS=$(cd "$PEERS_DIR" && pwd)
  echo "using $PEERS"
else
  PEERS=$WORK/peers
  cp -r "$SRC" "$PEERS"
  chmod -R u+w "$PEERS"
  echo "copied $SRC to $PEERS"
fi
(cd "$PEERS" && ./setup.sh)
DATA=$PEERS/data/ep$N.json
[ -f "$DATA" ] || python3 "$PEERS/make_data.py" "$N" "$DATA"
PY=$PEERS/venv/bin/python
R=$PEERS/rust/target/release

step "podfeed: release build"
(cd "$ROOT" && cargo build --release --locked --bin podfeed --example xml_scan)
PODFEED=$ROOT/target/release/podfeed
XMLSCAN=$ROOT/target/release/examples/xml_scan

step "podfeed: records from $(basename "$DATA")"
python3 "$ROOT/benches/peers_to_records.py" "$DATA" "$WORK/site-feed"
python3 "$ROOT/benches/peers_to_records.py" "$DATA" "$WORK/site-tx" --transcripts
# The same records for a build that takes them from the records' memo: an hour old, as a real
# show's are (a file modified just before a build is not memoised).
python3 "$ROOT/benches/peers_to_records.py" "$DATA" "$WORK/site-memo"
find "$WORK/site-memo" -type f -exec touch -d '1 hour ago' {} +

# One run of every generator before timing: makes feedgen's feed (the readers' input) and the
# rebuild's output folder, and shows that each tool wrote the same items.
step "one run of each generator (outputs in $OUT)"
cd "$PEERS"
"$PY" gen/gen_feedgen.py "$DATA" "$OUT/feedgen.xml"
"$PY" gen/gen_podgen.py "$DATA" "$OUT/podgen.xml"
node gen/gen_podcast.js "$DATA" "$OUT/nodepodcast.xml"
"$R/rss_gen" "$DATA" "$OUT/rsgen.xml"
"$PODFEED" build --config "$WORK/site-feed/config.toml" --out "$OUT/pf-feed"
"$PODFEED" build --config "$WORK/site-tx/config.toml" --out "$OUT/pf-tx"
"$PODFEED" build --config "$WORK/site-tx/config.toml" --out "$OUT/pf-rebuild"
"$PODFEED" build --config "$WORK/site-memo/config.toml" --out "$OUT/pf-memo"
python3 - "$OUT" <<'EOF'
import os, sys
out = sys.argv[1]
print(f"{'output':<32} {'bytes':>12} {'items':>7} {'transcript links':>17} {'files':>7}")
for name, path, folder in [
    ("feedgen", "feedgen.xml", None), ("podgen", "podgen.xml", None),
    ("node podcast", "nodepodcast.xml", None), ("rss crate", "rsgen.xml", None),
    ("podfeed build, feed only", "pf-feed/bench/feed.xml", "pf-feed"),
    ("podfeed build + transcripts", "pf-tx/bench/feed.xml", "pf-tx"),
]:
    data = open(os.path.join(out, path), "rb").read()
    files = sum(len(f) for _, _, f in os.walk(os.path.join(out, folder))) if folder else 1
    print(f"{name:<32} {len(data):>12,} {data.count(b'<item>'):>7} "
          f"{data.count(b'<podcast:transcript '):>17} {files:>7}")
EOF

FEED=$OUT/feedgen.xml
step "one run of each reader on feedgen's feed ($(du -h "$FEED" | cut -f1))"
"$PY" parse/parse_podcastparser.py "$FEED"
node parse/parse_partytime.js "$FEED"
"$R/feedrs_parse" "$FEED"
"$R/rss_parse" "$FEED"
"$R/qxscan" "$FEED"
"$PODFEED" validate "$FEED" --no-links --format json >"$WORK/findings.json" || true
python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["summary"]
print("podfeed validate: {errors} errors, {warnings} warnings, {infos} infos".format(**s))' "$WORK/findings.json"
if [ "${PEERS_FEEDPARSER:-}" = 1 ]; then "$PY" parse/parse_feedparser.py "$FEED"; fi

step "generate: hyperfine, $RUNS runs each"
hyperfine -N -w 1 -r "$RUNS" \
  --export-markdown "$RESULTS/generate-$N.md" --export-json "$WORK/generate.json" \
  --prepare true --prepare true --prepare true --prepare true \
  --prepare "rm -rf $OUT/pf-feed $WORK/site-feed/.podfeed-cache" \
  --prepare "rm -rf $OUT/pf-tx $WORK/site-tx/.podfeed-cache" \
  --prepare "rm -rf $OUT/pf-memo" --prepare true \
  -n "feedgen" "$PY gen/gen_feedgen.py $DATA $OUT/feedgen.xml" \
  -n "podgen" "$PY gen/gen_podgen.py $DATA $OUT/podgen.xml" \
  -n "node podcast" "node gen/gen_podcast.js $DATA $OUT/nodepodcast.xml" \
  -n "rss crate (baseline)" "$R/rss_gen $DATA $OUT/rsgen.xml" \
  -n "podfeed build, feed only" "$PODFEED build --quiet --config $WORK/site-feed/config.toml --out $OUT/pf-feed" \
  -n "podfeed build + transcripts" "$PODFEED build --quiet --config $WORK/site-tx/config.toml --out $OUT/pf-tx" \
  -n "podfeed build, feed only, records memoised" "$PODFEED build --quiet --config $WORK/site-memo/config.toml --out $OUT/pf-memo" \
  -n "podfeed rebuild, no change" "$PODFEED build --quiet --config $WORK/site-tx/config.toml --out $OUT/pf-rebuild"

step "read feedgen's feed: hyperfine, $RUNS runs each"
readers=(
  -n "podfeed validate --no-links --format json" "$PODFEED validate $FEED --no-links --format json"
  -n "podcastparser" "$PY parse/parse_podcastparser.py $FEED"
  -n "podcast-partytime" "node parse/parse_partytime.js $FEED"
  -n "feed-rs" "$R/feedrs_parse $FEED"
  -n "rss crate read" "$R/rss_parse $FEED"
  -n "quick-xml scan (baseline)" "$R/qxscan $FEED"
  -n "quick-xml scan, file read whole" "$XMLSCAN $FEED"
)
if [ "${PEERS_FEEDPARSER:-}" = 1 ]; then
  readers+=(-n "feedparser" "$PY parse/parse_feedparser.py $FEED")
fi
hyperfine -N -w 1 -r "$RUNS" \
  --export-markdown "$RESULTS/read-$N.md" --export-json "$WORK/read.json" "${readers[@]}"

step "ratios ($N episodes; medians; results in $RESULTS)"
python3 - "$WORK/generate.json" "$WORK/read.json" "$RESULTS/ratios-$N.md" "$N" <<'EOF'
import json, statistics, sys
gen, read, dest, n = sys.argv[1:5]
does = {
    "feedgen": "Python objects -> RSS (itunes ext + a small podcast:transcript ext)",
    "podgen": "Python objects -> RSS (same extensions)",
    "node podcast": "JS objects -> RSS (custom elements for transcripts)",
    "rss crate (baseline)": "Rust structs -> RSS, nothing else",
    "podfeed build, feed only": f"reads {int(n) + 2:,} TOML records, Markdown -> HTML, description + "
        "content:encoded, checks the feed with its rules, atomic write + manifest",
    "podfeed build + transcripts": "the same + reads a VTT per episode, writes it as VTT and SRT "
        "(files the peers do not write), links both",
    "podfeed build, feed only, records memoised": "the same feed, each record taken from the memo "
        "an earlier build left (its files unchanged): cron's run after an edit, less the edit",
    "podfeed rebuild, no change": "finds from the files' metadata that nothing changed, writes nothing (cron's usual run)",
    "podfeed validate --no-links --format json": "parse keeping line/column + the spec rules, a JSON report of every finding",
    "podcastparser": "episodes as dicts (gPodder)",
    "podcast-partytime": "feed object incl. podcast: namespace",
    "feed-rs": "normalised model for RSS/Atom/JSON Feed",
    "rss crate read": "rss crate model",
    "quick-xml scan (baseline)": "XML events only, no model: the floor",
    "quick-xml scan, file read whole": "the same events borrowed from the file read whole "
        "(podfeed's examples/xml_scan): a stricter floor",
    "feedparser": "universal feed parser, sanitises HTML",
}
lines = []
def table(path, title, base):
    res = json.load(open(path))["results"]
    med = {r["command"]: statistics.median(r["times"]) for r in res}
    sd = {r["command"]: r.get("stddev") or 0.0 for r in res}
    b = med[base]
    lines.append(f"\n{title} ({n} episodes), ratio to {base.replace(' (baseline)', '')}\n")
    lines.append("| tool | median s | ± sd | ratio | what it does |")
    lines.append("|---|---:|---:|---:|---|")
    for r in res:
        c = r["command"]
        lines.append(f"| {c} | {med[c]:.3f} | {sd[c]:.3f} | {med[c] / b:.2f} | {does.get(c, '')} |")
table(gen, "Generate", "rss crate (baseline)")
table(read, "Read feedgen's feed", "quick-xml scan (baseline)")
res = {r["command"]: statistics.median(r["times"]) for r in json.load(open(read))["results"]}
validate, strict = "podfeed validate --no-links --format json", "quick-xml scan, file read whole"
if validate in res and strict in res:
    lines.append(f"\n{validate} against the stricter scan: {res[validate] / res[strict]:.2f}")
text = "\n".join(lines).lstrip() + "\n"
print(text)
open(dest, "w").write(text)
EOF
ls "$RESULTS"
