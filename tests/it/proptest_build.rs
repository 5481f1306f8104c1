//! Property tests of the builder (issue 16): arbitrary shows and episodes (any Unicode, `]]>`,
//! control characters, very long text, zero or many episodes, the optional keys of the README's
//! record tables) are written as records into a temporary site and loaded with the library's own
//! reader. Each case either fails to load, every error naming a record file and a line in it, or
//! builds a feed that is well-formed, has no error finding, and reads back (with the `rss` crate
//! and with podfeed's own parser) to the values written. The findings on a built feed do not
//! depend on the order of its items (no rule of the validator is about their order).
//!
//! Cases are cheap library calls (no process); `PROPTEST_CASES` raises their number.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use podfeed::build::{self, BuildInput, Published};
use podfeed::config::Config;
use podfeed::diagnostic::{Diagnostic, Severity};
use podfeed::feed::{self, Document};
use podfeed::records::read::read_show;
use podfeed::rules::{self, Profiles};
use proptest::prelude::*;
use toml::{Table, Value};

const SHOW: &str = "prop";
const BASE: &str = "https://prop.example.com";

/// The clock of every build: after every generated publication date.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid time")
}

/// Text as people and tools produce it: plain words, any Unicode, markup and CDATA ends, bidi
/// marks, line breaks; now and then a control character or a very long run, which make the
/// record fail to load (rarely, so that most cases with many texts still build).
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,8}",
        Just(" ".to_owned()),
        Just("]]>".to_owned()),
        Just("<b>&amp;</b>".to_owned()),
        Just("&".to_owned()),
        Just("\u{7f}\u{85}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\t".to_owned()),
        Just("\r\n".to_owned()),
        Just("é😀\u{301}\u{fffd}".to_owned()),
        "[^\u{0}-\u{1f}]{1,3}",
    ];
    let control = prop::sample::select(vec!["\u{0}", "\u{1b}[1m", "\u{8}", "\u{c}"]);
    prop_oneof![
        40 => "[A-Za-z][A-Za-z0-9 ,.'!?-]{0,30}",
        15 => prop::collection::vec(piece, 1..6).prop_map(|v| format!("x{}", v.concat())),
        1 => ("[a-z]{0,5}", control).prop_map(|(s, c)| format!("{s}{c}")),
        1 => ("[a-z]{1,3}", 100usize..3000).prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// One optional value: absent about half the time.
fn maybe<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.5, s)
}

/// What a generated episode record is, and what the feed must say of it.
#[derive(Debug, Clone)]
struct Ep {
    title: String,
    published: DateTime<Utc>,
    length: u64,
    duration: Option<u64>,
    guid: Option<String>,
    record: Table,
}

fn episode() -> impl Strategy<Value = Ep> {
    let optional = (
        maybe(text()),
        maybe(prop::sample::select(vec!["markdown", "html"])),
        maybe(text()),
        maybe((1i64..200, 1i64..500)),
        maybe(prop::sample::select(vec!["full", "trailer", "bonus"])),
        maybe(any::<bool>()),
        maybe(text()),
        maybe(text()),
        maybe((text(), text())),
    );
    (
        text(),
        0i64..1_800_000_000,
        -720i32..=840,
        0u64..5_000_000_000,
        maybe(0u64..400_000),
        any::<bool>(),
        optional,
    )
        .prop_map(|(title, secs, offset_min, length, duration, clock, opt)| {
            let (description, format, guid, numbers, kind, explicit, itunes, display, fund) = opt;
            let published = Utc.timestamp_opt(secs, 0).single().expect("in range");
            let zone = chrono::FixedOffset::east_opt(offset_min * 60).expect("a zone");
            let mut r = Table::new();
            r.insert("title".into(), Value::String(title.clone()));
            let stamp = published.with_timezone(&zone).to_rfc3339();
            r.insert("published".into(), toml_datetime(&stamp));
            let mut enclosure = Table::new();
            enclosure.insert("length".into(), Value::Integer(length as i64));
            r.insert("enclosure".into(), Value::Table(enclosure));
            if let Some(d) = duration {
                let v = if clock {
                    Value::String(format!("{}:{:02}:{:02}", d / 3600, d / 60 % 60, d % 60))
                } else {
                    Value::Integer(d as i64)
                };
                r.insert("duration".into(), v);
            }
            put(&mut r, "description", description);
            put(&mut r, "description_format", format.map(str::to_owned));
            put(&mut r, "guid", guid.clone());
            if let Some((season, number)) = numbers {
                r.insert("season".into(), Value::Integer(season));
                r.insert("episode".into(), Value::Integer(number));
                put(&mut r, "episode_display", display);
            }
            put(&mut r, "type", kind.map(str::to_owned));
            if let Some(e) = explicit {
                r.insert("explicit".into(), Value::Boolean(e));
            }
            put(&mut r, "itunes_title", itunes);
            if let Some((label, name)) = fund {
                r.insert("funding".into(), funding(&label));
                r.insert("persons".into(), persons(&name));
            }
            Ep {
                title,
                published,
                length,
                duration,
                guid,
                record: r,
            }
        })
}

/// The `i`th copy of `ep` for a show of many episodes: an hour later each, guid derived.
fn copy(ep: &Ep, i: usize) -> Ep {
    let mut copy = ep.clone();
    copy.published += chrono::Duration::hours(i as i64);
    copy.guid = None;
    copy.record.remove("guid");
    let stamp = copy.published.to_rfc3339();
    copy.record
        .insert("published".into(), toml_datetime(&stamp));
    copy
}

/// A generated show: its record and its episodes.
#[derive(Debug, Clone)]
struct ShowCase {
    title: String,
    author: String,
    record: Table,
    episodes: Vec<Ep>,
}

fn show() -> impl Strategy<Value = ShowCase> {
    let optional = (
        maybe(text()),
        maybe(text()),
        maybe(any::<bool>()),
        maybe((text(), text())),
        maybe(text()),
        maybe(prop::sample::select(vec!["ARR", "CC-BY-4.0", "my licence"])),
    );
    let episodes = prop_oneof![
        8 => prop::collection::vec(episode(), 0..6),
        1 => (episode(), 40usize..150).prop_map(|(ep, n)| (0..n).map(|i| copy(&ep, i)).collect()),
    ];
    (text(), text(), text(), optional, episodes).prop_map(
        |(title, description, author, opt, episodes)| {
            let (copyright, itunes, explicit, owner_fund, person, license) = opt;
            let mut r = Table::new();
            for (k, v) in [
                ("title", title.as_str()),
                ("description", description.as_str()),
                ("author", author.as_str()),
                ("link", "https://prop.example.com/"),
                ("language", "en-us"),
                ("image", "https://prop.example.com/cover.jpg"),
            ] {
                r.insert(k.into(), Value::String(v.to_owned()));
            }
            r.insert(
                "categories".into(),
                Value::Array(vec![Value::String("Technology".into())]),
            );
            put(&mut r, "copyright", copyright);
            put(&mut r, "itunes_title", itunes);
            if let Some(e) = explicit {
                r.insert("explicit".into(), Value::Boolean(e));
            }
            if let Some((name, label)) = owner_fund {
                let mut owner = Table::new();
                owner.insert("name".into(), Value::String(name));
                owner.insert(
                    "email".into(),
                    Value::String("host@prop.example.com".into()),
                );
                r.insert("owner".into(), Value::Table(owner));
                r.insert("funding".into(), funding(&label));
            }
            if let Some(name) = person {
                r.insert("persons".into(), persons(&name));
            }
            put(&mut r, "license", license.map(str::to_owned));
            if r.get("license")
                .is_some_and(|l| l.as_str() == Some("my licence"))
            {
                let url = "https://prop.example.com/licence".to_owned();
                r.insert("license_url".into(), Value::String(url));
            }
            ShowCase {
                title,
                author,
                record: r,
                episodes,
            }
        },
    )
}

fn put(r: &mut Table, key: &str, value: Option<String>) {
    if let Some(v) = value {
        r.insert(key.into(), Value::String(v));
    }
}

fn toml_datetime(rfc3339: &str) -> Value {
    Value::Datetime(rfc3339.parse().expect("a TOML date-time"))
}

fn funding(label: &str) -> Value {
    let mut f = Table::new();
    f.insert("url".into(), Value::String(format!("{BASE}/support")));
    f.insert("label".into(), Value::String(label.to_owned()));
    Value::Array(vec![Value::Table(f)])
}

fn persons(name: &str) -> Value {
    let mut p = Table::new();
    p.insert("name".into(), Value::String(name.to_owned()));
    p.insert("role".into(), Value::String("guest".into()));
    Value::Array(vec![Value::Table(p)])
}

/// The slug of the `i`th episode.
fn slug(i: usize) -> String {
    format!("ep-{i:03}")
}

/// Writes the case's records under `dir` (the show folder); each file's text by path.
fn write_records(dir: &Path, case: &ShowCase) -> BTreeMap<String, String> {
    let episodes = dir.join("episodes");
    std::fs::create_dir_all(&episodes).expect("create the show folder");
    let mut written = BTreeMap::new();
    let mut write = |path: std::path::PathBuf, text: String| {
        std::fs::write(&path, &text).expect("write a record");
        written.insert(path.display().to_string(), text);
    };
    write(
        dir.join("show.toml"),
        toml::to_string(&case.record).expect("TOML"),
    );
    for (i, ep) in case.episodes.iter().enumerate() {
        let mut record = ep.record.clone();
        let url = format!("{BASE}/media/{}.mp3", slug(i));
        if let Some(Value::Table(e)) = record.get_mut("enclosure") {
            e.insert("url".into(), Value::String(url));
        }
        let text = toml::to_string(&record).expect("TOML");
        write(episodes.join(format!("{}.toml", slug(i))), text);
    }
    written
}

/// A load error names a record that was written and a line of it.
fn assert_located(diagnostics: &[Diagnostic], written: &BTreeMap<String, String>) {
    assert!(!diagnostics.is_empty(), "a refusal says why");
    for d in diagnostics {
        let label = d.label().unwrap_or_else(|| panic!("no place: {d:?}"));
        let text = written
            .get(&label.file)
            .unwrap_or_else(|| panic!("names no record written: {d:?}"));
        let at = d
            .located_in(text)
            .unwrap_or_else(|| panic!("no line: {d:?}"));
        assert!(
            at.line >= 1 && at.line <= text.lines().count().max(1),
            "{d:?}"
        );
    }
}

/// The feed's items, by guid: (title, enclosure url, length, pubDate, itunes:duration).
type ReadBack = BTreeMap<String, (String, String, String, String, Option<String>)>;

fn read_with_rss(bytes: &[u8]) -> (String, Option<String>, ReadBack) {
    let channel = rss::Channel::read_from(bytes).expect("the rss crate reads the feed");
    let author = channel
        .itunes_ext()
        .and_then(|i| i.author().map(str::to_owned));
    let items = channel
        .items()
        .iter()
        .map(|item| {
            let guid = lf(item.guid().expect("a guid").value());
            let enclosure = item.enclosure().expect("an enclosure");
            let duration = item
                .itunes_ext()
                .and_then(|i| i.duration().map(str::to_owned));
            let fields = (
                lf(item.title().unwrap_or_default()),
                enclosure.url().to_owned(),
                enclosure.length().to_owned(),
                item.pub_date().unwrap_or_default().to_owned(),
                duration,
            );
            (guid, fields)
        })
        .collect();
    (lf(channel.title()), author.as_deref().map(lf), items)
}

/// The same values through podfeed's own parser: (guid, title) of every item.
fn read_with_podfeed(doc: &Document) -> Vec<(String, String)> {
    assert!(!doc.fatal, "well-formed: {:?}", doc.problems);
    let ns = feed::ns::Ns::None;
    let channel = doc.child(0, &ns, "channel").expect("a channel");
    doc.children_named(channel, &ns, "item")
        .map(|item| {
            let text = |name| {
                doc.child_text(item, &ns, name)
                    .unwrap_or_default()
                    .to_owned()
            };
            (text("guid"), text("title"))
        })
        .collect()
}

/// The text a title, an author or the like is published as: the record's, trimmed, with its
/// line ends as XML 1.0 §2.11 reads them (the `rss` crate leaves a CR in; podfeed's parser and
/// every XML parser make each line end one LF).
fn as_written(s: &str) -> String {
    lf(s.trim())
}

fn lf(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Checks a built feed against the case it was built from.
fn check_read_back(bytes: &[u8], case: &ShowCase) {
    let (title, author, items) = read_with_rss(bytes);
    assert_eq!(title, as_written(&case.title));
    assert_eq!(author.as_deref(), Some(as_written(&case.author).as_str()));
    assert_eq!(items.len(), case.episodes.len(), "one item per episode");
    for (i, ep) in case.episodes.iter().enumerate() {
        let guid = ep
            .guid
            .clone()
            .unwrap_or_else(|| podfeed::records::default_guid(SHOW, &slug(i)));
        let (title, url, length, date, duration) = items
            .get(&as_written(&guid))
            .unwrap_or_else(|| panic!("no item with guid {guid:?}"));
        assert_eq!(title, &as_written(&ep.title));
        assert_eq!(url, &format!("{BASE}/media/{}.mp3", slug(i)));
        assert_eq!(length, &ep.length.to_string());
        let read = DateTime::parse_from_rfc2822(date).expect("an RFC 2822 pubDate");
        assert_eq!(read, ep.published, "pubDate");
        let seconds = duration.as_deref().and_then(podfeed::records::parse_clock);
        assert_eq!(seconds, ep.duration, "itunes:duration {duration:?}");
    }
    let doc = feed::parse(bytes);
    let ours = read_with_podfeed(&doc);
    assert_eq!(ours.len(), items.len());
    for (guid, title) in ours {
        // podfeed's parser gives texts trimmed of XML's white space.
        let xml_space = [' ', '\t', '\r', '\n'];
        let theirs = items.get(&lf(&guid)).map(|i| i.0.trim_matches(xml_space));
        assert_eq!(theirs, Some(title.as_str()), "{guid}");
    }
}

/// The feed with its items in the order `order` gives (a permutation of their indexes).
fn reorder(bytes: &[u8], order: &[usize]) -> Vec<u8> {
    let doc = feed::parse(bytes);
    let ns = feed::ns::Ns::None;
    let channel = doc.child(0, &ns, "channel").expect("channel");
    let spans: Vec<_> = doc
        .children_named(channel, &ns, "item")
        .map(|id| doc.span_of(doc.get(id).expect("item")))
        .collect();
    let text = doc.text.as_bytes();
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for (slot, span) in spans.iter().enumerate() {
        out.extend_from_slice(&text[at..span.start]);
        out.extend_from_slice(&text[spans[order[slot] % spans.len()].clone()]);
        at = span.end;
    }
    out.extend_from_slice(&text[at..]);
    out
}

/// The findings as a multiset of (rule, the text they point at): independent of where an item is.
fn findings(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let checked = rules::validate_bytes("feed.xml", bytes, &Profiles::all(), now());
    let mut out: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.label().map(|l| l.span.clone()).unwrap_or_default();
            let at = checked.text.get(span).unwrap_or_default().to_owned();
            (d.rule_id(), at)
        })
        .collect();
    out.sort();
    out
}

/// Builds the case; the feed's bytes, or the load errors.
fn build_case(case: &ShowCase) -> Result<Vec<u8>, ()> {
    let site = tempfile::tempdir().expect("tempdir");
    let dir = site.path().join(SHOW);
    let written = write_records(&dir, case);
    let config = Config::parse("config.toml", &format!("base_url = \"{BASE}\"")).expect("config");
    let show = match read_show(&dir, SHOW, &config) {
        Ok(show) => show,
        Err(diagnostics) => {
            assert_located(&diagnostics, &written);
            return Err(());
        }
    };
    let published = Published::default();
    let input = BuildInput {
        config: &config,
        now: now(),
        source_date_epoch: None,
        published: &published,
    };
    let built = build::build(&[show], &input);
    let path = podfeed::render::feed_path(SHOW);
    Ok(built.output.files.get(&path).expect("a feed").clone())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_show_either_fails_to_load_with_a_place_or_builds_a_valid_feed_that_reads_back(
        case in show(),
        order in prop::collection::vec(any::<prop::sample::Index>(), 120),
    ) {
        let Ok(bytes) = build_case(&case) else { return Ok(()) };
        let errors: Vec<_> = rules::check_feed("feed.xml", &bytes, &Profiles::all(), now())
            .into_iter()
            .filter(|d| d.severity() == Severity::Error)
            .collect();
        prop_assert!(errors.is_empty(), "{errors:#?}");
        check_read_back(&bytes, &case);
        let n = case.episodes.len().max(1);
        let mut order: Vec<usize> = order.iter().map(|i| i.index(n)).collect();
        // A permutation: each index once, in the generated order of first appearance.
        let mut seen = std::collections::BTreeSet::new();
        order.retain(|i| seen.insert(*i));
        order.extend((0..n).filter(|i| !seen.contains(i)));
        let shuffled = reorder(&bytes, &order);
        prop_assert_eq!(findings(&shuffled), findings(&bytes));
    }
}
