#!/usr/bin/env python3
"""Turns the peers' synthetic show (make_data.py's JSON) into a podfeed site, for benches/peers.sh.

    python3 benches/peers_to_records.py IN.json SITE_DIR [--transcripts]

Writes SITE_DIR/config.toml, SITE_DIR/feeds/bench/show.toml and one record per episode,
SITE_DIR/feeds/bench/episodes/epNNNNN.toml, carrying what the peers put in their feeds: title,
HTML description (Markdown passes raw HTML through, README.md "Records"), pubDate, enclosure,
guid, duration and episode number.

Transcripts: the peers' feeds link two transcript URLs per item (VTT and SRT) and write no
transcript file. podfeed links only the transcripts it publishes, so a site without transcript
files gives a feed without those two links. With --transcripts each episode gets a one-cue WebVTT
file beside its record, and the build publishes it as VTT and SRT (20,000 files for 10,000
episodes) and links both, as the peers' feeds do: the same feed, plus files the peers do not write.

Standard library only: TOML is written by hand (basic strings, escaped per TOML 1.0).
"""
import json
import os
import sys

SHOW = "bench"


def toml_str(s):
    """A TOML basic string: backslash, quote and control characters escaped."""
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    args = [a for a in argv[1:] if a != "--transcripts"]
    if len(args) != 2 or any(a.startswith("--") for a in args):
        sys.exit("usage: peers_to_records.py IN.json SITE_DIR [--transcripts]")
    src, site = args
    transcripts = "--transcripts" in argv
    with open(src, encoding="utf-8") as f:
        d = json.load(f)

    episodes_dir = os.path.join(site, "feeds", SHOW, "episodes")
    os.makedirs(episodes_dir, exist_ok=True)
    # The peers link a VTT and an SRT transcript per item: publish those two formats.
    write(os.path.join(site, "config.toml"),
          'base_url = "https://example.com"\n'
          'feeds_dir = "feeds"\n'
          'output_dir = "public"\n\n'
          '[build]\n'
          'transcript_formats = ["vtt", "srt"]\n')
    write(os.path.join(site, "feeds", SHOW, "show.toml"),
          f"title = {toml_str(d['title'])}\n"
          f"description = {toml_str(d['description'])}\n"
          f"link = {toml_str(d['link'])}\n"
          f"language = {toml_str(d['language'])}\n"
          f"author = {toml_str(d['author'])}\n"
          f"image = {toml_str(d['image'])}\n"
          f"categories = [{toml_str(d['category'])}]\n"
          f"explicit = {'true' if d['explicit'] else 'false'}\n"
          f"feed_url = {toml_str(d['feed_url'])}\n")

    for e in d["episodes"]:
        slug = "ep%05d" % e["episode"]
        enc = e["enclosure"]
        # make_data.py writes ISO 8601 with an offset, which is a TOML offset date-time as is.
        record = (f"title = {toml_str(e['title'])}\n"
                  f"published = {e['pubDate']}\n"
                  f"guid = {toml_str(e['guid'])}\n"
                  f"episode = {int(e['episode'])}\n"
                  f"duration = {toml_str(e['duration'])}\n"
                  f"description = {toml_str(e['description'])}\n\n"
                  "[enclosure]\n"
                  f"url = {toml_str(enc['url'])}\n"
                  f"length = {int(enc['length'])}\n"
                  f"type = {toml_str(enc['type'])}\n")
        write(os.path.join(episodes_dir, slug + ".toml"), record)
        if transcripts:
            write(os.path.join(episodes_dir, slug + ".vtt"),
                  "WEBVTT\n\n00:00.000 --> 00:05.000\n"
                  f"<v Host>Welcome to episode {e['episode']}.\n")
    print(f"{len(d['episodes'])} episodes -> {site}"
          f"{' (with a one-cue VTT transcript each)' if transcripts else ''}")


if __name__ == "__main__":
    main(sys.argv)
