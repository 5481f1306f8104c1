//! HTML output: one self-contained page per run (inline CSS and SVG, no script, nothing fetched)
//! for people: a summary, then for each target an episodes × checks grid coloured by outcome,
//! each finding with its source line, and the link checks' timings as a bar chart. With a
//! history of checks (`validate --db`), each feed also gets a chart of its errors per check.
//!
//! The grid's rows are the feed's items (named as the findings name them: guid, else title) and
//! any other episode a finding names (a record's slug); its columns are [`Check`]s. A cell is
//! the worst severity of the findings about that part of the episode, "ok" when the episode has
//! that part (or, for records, when records were compared) and nothing was found, and "–" when
//! it has none.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::{LinkTiming, Status, TargetReport};
use crate::diagnostic::{Diagnostic, Source, Sources, Summary};
use crate::feed::{Document, ElementId, Ns};
use crate::rule::Family;

/// A column of the grid: a part of an episode that findings are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The enclosure (and alternate enclosures).
    Enclosure,
    /// The episode's artwork.
    Artwork,
    /// Its transcripts.
    Transcripts,
    /// Its chapters.
    Chapters,
    /// The comparison with its records.
    Records,
    /// Everything else about the item.
    Other,
}

/// The columns, in order.
const CHECKS: [Check; 6] = [
    Check::Enclosure,
    Check::Artwork,
    Check::Transcripts,
    Check::Chapters,
    Check::Records,
    Check::Other,
];

impl Check {
    /// The column's heading.
    fn name(self) -> &'static str {
        match self {
            Check::Enclosure => "enclosure",
            Check::Artwork => "artwork",
            Check::Transcripts => "transcripts",
            Check::Chapters => "chapters",
            Check::Records => "records",
            Check::Other => "other",
        }
    }

    /// The column a finding belongs to, from its rule's family, id and element path.
    pub fn of(d: &Diagnostic) -> Check {
        if matches!(d.rule.family, Family::Records | Family::Compare) {
            return Check::Records;
        }
        let about = format!("{} {}", d.rule.id, d.path.as_deref().unwrap_or_default());
        let has = |w: &str| about.contains(w);
        if has("transcript") {
            Check::Transcripts
        } else if has("chapters") {
            Check::Chapters
        } else if has("enclosure") {
            Check::Enclosure
        } else if has("image") || has("artwork") {
            Check::Artwork
        } else {
            Check::Other
        }
    }

    /// The element names whose presence in an item makes an empty cell "ok".
    fn elements(self) -> &'static [&'static str] {
        match self {
            Check::Enclosure => &["enclosure"],
            Check::Artwork => &["image", "images"],
            Check::Transcripts => &["transcript"],
            Check::Chapters => &["chapters"],
            Check::Records | Check::Other => &[],
        }
    }
}

/// One past check of a feed that read it, for the history chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastCheck {
    /// When (as the history keeps it).
    pub checked_at: String,
    /// How many errors it found.
    pub errors: usize,
}

/// A feed's past checks, oldest first, by the name its report has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The report's target.
    pub target: String,
    /// Its checks, oldest first (this run's last).
    pub checks: Vec<PastCheck>,
}

/// What the page shows beside the reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// How long each link check took.
    pub timings: &'a [LinkTiming],
    /// Whether the feeds were compared with records (the records column says "ok", not "–").
    pub records: bool,
    /// The feeds' histories (empty without one).
    pub history: &'a [History],
}

/// Renders a run's reports as one HTML page.
pub fn render(reports: &[TargetReport<'_>], extras: &Extras<'_>) -> String {
    let mut all = Summary::default();
    for r in reports {
        let s = Summary::of(r.diagnostics);
        all.errors += s.errors;
        all.warnings += s.warnings;
        all.infos += s.infos;
    }
    let mut out = String::from(HEAD);
    let _ = write!(
        out,
        "<h1>podfeed validate</h1>\n<p class=\"summary\">{} feed(s): <span class=\"error\">{} error(s)</span>, <span class=\"warning\">{} warning(s)</span>, <span class=\"info\">{} info(s)</span></p>\n",
        reports.len(),
        all.errors,
        all.warnings,
        all.infos
    );
    for r in reports {
        target(&mut out, r, extras.records);
        if let Some(h) = extras.history.iter().find(|h| h.target == r.target)
            && h.checks.len() > 1
        {
            out.push_str(&history_chart(&h.checks));
        }
    }
    if !extras.timings.is_empty() {
        out.push_str("<h2>Link checks</h2>\n");
        out.push_str(&chart(extras.timings));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The page's head and style: nothing external.
const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>podfeed validate</title>\n<style>\nbody{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}\ntable{border-collapse:collapse;margin:1em 0}\nth,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}\ntd.ok{background:#d8f0d8}td.error{background:#f6c6c6}td.warning{background:#fbe7b5}td.info{background:#d6e6f8}td.none{color:#999}\nspan.error{color:#a00}span.warning{color:#8a5a00}span.info{color:#145a9c}\npre{background:#f6f6f6;padding:.5em;overflow-x:auto}\nmark{background:#fbe7b5}\n.finding{margin:1em 0}\n</style>\n</head>\n<body>\n";

/// One target's section: status, grid and findings.
fn target(out: &mut String, r: &TargetReport<'_>, records: bool) {
    let _ = writeln!(out, "<h2>{}</h2>", escape(r.target));
    match r.status {
        Status::Failed => {
            let _ = writeln!(
                out,
                "<p class=\"error\">Could not be fetched: {}</p>",
                escape(r.error.unwrap_or_default())
            );
            return;
        }
        Status::Unchanged => {
            out.push_str(
                "<p>Unchanged since the last run (304 Not Modified): not checked again.</p>\n",
            );
        }
        Status::Checked => {}
    }
    let s = Summary::of(r.diagnostics);
    let _ = writeln!(
        out,
        "<p>{} error(s), {} warning(s), {} info(s)</p>",
        s.errors, s.warnings, s.infos
    );
    grid(out, r, records);
    let sources = r.sources();
    for d in r.diagnostics {
        finding(out, d, &sources);
    }
}

/// One row of the grid: the episode's name, its title, and the parts it has.
struct Row {
    key: String,
    title: String,
    has: Vec<&'static str>,
}

/// The show (its channel's own findings) and the feed's items as rows, in order; an item with
/// neither guid nor title is named by its position.
fn items(text: &str) -> Vec<Row> {
    let doc = crate::feed::parse(text.as_bytes());
    let Some(channel) = doc.root().and_then(|_| doc.child(0, &Ns::None, "channel")) else {
        return Vec::new();
    };
    let show = Row {
        key: "(show)".to_owned(),
        title: "(the show)".to_owned(),
        has: parts(&doc, channel),
    };
    let items = doc
        .children_named(channel, &Ns::None, "item")
        .enumerate()
        .map(|(n, item)| Row {
            key: crate::rules::item_key(&doc, item).unwrap_or_else(|| format!("item {}", n + 1)),
            title: doc
                .child_text(item, &Ns::None, "title")
                .unwrap_or_default()
                .to_owned(),
            has: parts(&doc, item),
        });
    std::iter::once(show).chain(items).collect()
}

/// The local names of an item's children.
fn parts(doc: &Document, item: ElementId) -> Vec<&'static str> {
    let children = doc.get(item).map(|e| doc.children(e)).unwrap_or_default();
    CHECKS
        .iter()
        .flat_map(|c| c.elements())
        .copied()
        .filter(|name| {
            children
                .iter()
                .any(|&c| doc.get(c).is_some_and(|e| e.local == *name))
        })
        .collect()
}

/// The 1-based position of the item a finding's element path is in (`/rss/channel/item[3]/…`;
/// the only item of a feed has no index).
fn item_of(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("/rss/channel/item")?;
    match rest.strip_prefix('[') {
        Some(r) => r.split(']').next()?.parse().ok(),
        None => (rest.is_empty() || rest.starts_with('/')).then_some(1),
    }
}

/// The row of each finding: the show's (the first row, when the feed parsed) for a finding
/// about no episode; for an episode, by its element path (which holds when records renamed the
/// episode by its slug), else by its name; an episode of no item (a record not published) gets
/// a row of its own.
fn assign(rows: &mut Vec<Row>, diagnostics: &[Diagnostic]) -> Vec<Option<usize>> {
    let items = rows.len().saturating_sub(1);
    let show = (!rows.is_empty()).then_some(0);
    // The first row of each name: one lookup per finding, not a scan of the rows.
    let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_key.entry(r.key.clone()).or_insert(i);
    }
    diagnostics
        .iter()
        .map(|d| {
            let Some(ep) = d.episode.as_ref() else {
                return show;
            };
            let by_path = d.path.as_deref().and_then(item_of).filter(|&n| n <= items);
            if let Some(n) = by_path {
                return Some(n);
            }
            Some(*by_key.entry(ep.clone()).or_insert_with(|| {
                rows.push(Row {
                    key: ep.clone(),
                    title: String::new(),
                    has: Vec::new(),
                });
                rows.len() - 1
            }))
        })
        .collect()
}

/// The episodes × checks grid.
fn grid(out: &mut String, r: &TargetReport<'_>, records: bool) {
    let mut rows = r.source.map(items).unwrap_or_default();
    let row_of = assign(&mut rows, r.diagnostics);
    if rows.is_empty() {
        return;
    }
    // The worst finding of each row and check, in one pass over the findings.
    let mut worst_of = vec![[None::<crate::diagnostic::Severity>; CHECKS.len()]; rows.len()];
    for (d, at) in r.diagnostics.iter().zip(&row_of) {
        let c = CHECKS.iter().position(|&c| c == Check::of(d));
        if let (Some(i), Some(c)) = (*at, c)
            && let Some(cell) = worst_of.get_mut(i).and_then(|w| w.get_mut(c))
        {
            *cell = (*cell).max(Some(d.severity()));
        }
    }
    out.push_str("<table class=\"grid\">\n<tr><th>episode</th>");
    for c in CHECKS {
        let _ = write!(out, "<th>{}</th>", c.name());
    }
    out.push_str("</tr>\n");
    for (i, row) in rows.iter().enumerate() {
        let name = if row.title.is_empty() {
            &row.key
        } else {
            &row.title
        };
        let _ = write!(
            out,
            "<tr><td title=\"{}\">{}</td>",
            escape(&row.key),
            escape(name)
        );
        for (ci, c) in CHECKS.into_iter().enumerate() {
            let worst = worst_of.get(i).and_then(|w| w[ci]);
            let present = match c {
                Check::Records => records,
                Check::Other => true,
                _ => c.elements().iter().any(|e| row.has.contains(e)),
            };
            let (class, word) = match worst {
                Some(s) => (s.as_str(), s.as_str()),
                None if present => ("ok", "ok"),
                None => ("none", "–"),
            };
            let _ = write!(out, "<td class=\"{class}\">{word}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// The most characters of a source line a snippet shows either side of the finding.
const CONTEXT_CHARS: usize = 60;

/// One finding: severity, rule, message, place, its source line with the place marked, help.
fn finding(out: &mut String, d: &Diagnostic, sources: &Sources) {
    let sev = d.severity();
    let _ = write!(
        out,
        "<div class=\"finding\"><span class=\"{sev}\">{sev}</span>[<code>{}</code>]: {}",
        escape(d.rule.id),
        escape(&d.message)
    );
    if let Some(ep) = &d.episode {
        let _ = write!(out, " <em>(episode {})</em>", escape(ep));
    }
    if let (Some(label), Some(source)) = (d.label(), d.label().and_then(|l| sources.get(&l.file))) {
        let at = source.locate(&label.span);
        let _ = write!(
            out,
            "<br/><code>{}:{}:{}</code>\n<pre>{}</pre>",
            escape(&label.file),
            at.line,
            at.column,
            snippet(source, at.line, at.offset..at.end_offset)
        );
    }
    if let Some(help) = &d.help {
        let _ = write!(out, "<p>help: {}</p>", escape(help));
    }
    out.push_str("</div>\n");
}

/// The line `line` of `source` with `span`'s part of it in `<mark>`, cut to [`CONTEXT_CHARS`]
/// characters either side.
fn snippet(source: &Source, line: usize, span: std::ops::Range<usize>) -> String {
    let whole = source.line_span(line);
    let text = source.text();
    let start = span.start.clamp(whole.start, whole.end);
    let end = span.end.clamp(start, whole.end);
    let before = text.get(whole.start..start).unwrap_or_default();
    let marked = text.get(start..end).unwrap_or_default();
    let after = text.get(end..whole.end).unwrap_or_default();
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let before: String = before.chars().skip(skip).collect();
    let after: String = after.chars().take(CONTEXT_CHARS).collect();
    format!(
        "{}{}<mark>{}</mark>{}",
        if skip > 0 { "…" } else { "" },
        escape(&before),
        escape(marked.chars().take(4 * CONTEXT_CHARS).collect::<String>()),
        escape(&after)
    )
}

/// The most links the chart shows: the slowest.
const CHART_BARS: usize = 40;

/// The link checks' timings as an inline SVG bar chart, slowest first.
/// The errors of each past check as a column, oldest on the left, the last [`CHART_BARS`].
fn history_chart(checks: &[PastCheck]) -> String {
    let shown = &checks[checks.len().saturating_sub(CHART_BARS)..];
    let max = shown.iter().map(|c| c.errors).max().unwrap_or(0).max(1);
    let (bar_w, plot_h) = (14usize, 60usize);
    let width = bar_w * shown.len() + 4;
    let mut svg = format!(
        "<p>Errors per check, oldest to newest ({} checks, at most {max}):</p>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart history\" width=\"{width}\" height=\"{}\" role=\"img\" aria-label=\"errors per check\">\n",
        shown.len(),
        plot_h + 2
    );
    for (i, c) in shown.iter().enumerate() {
        // A check without errors is a thin green line, so every check shows.
        let (h, fill) = match c.errors {
            0 => (2, "#3a8f4a"),
            n => ((n * plot_h / max).max(3), "#c0392b"),
        };
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"{fill}\"><title>{}: {} error(s)</title></rect>",
            bar_w * i + 2,
            plot_h + 1 - h,
            bar_w - 3,
            escape(&c.checked_at),
            c.errors
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn chart(timings: &[LinkTiming]) -> String {
    let mut sorted: Vec<&LinkTiming> = timings.iter().collect();
    sorted.sort_by(|a, b| b.millis.cmp(&a.millis).then_with(|| a.url.cmp(&b.url)));
    sorted.truncate(CHART_BARS);
    let max = sorted.first().map_or(1, |t| t.millis.max(1));
    let (bar_h, label_w, width) = (18u64, 420u64, 300u64);
    let height = bar_h * sorted.len() as u64 + 4;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"link check timings\">\n",
        label_w + width + 80
    );
    for (i, t) in sorted.iter().enumerate() {
        let y = bar_h * i as u64 + 2;
        let w = (t.millis * width / max).max(1);
        let label = short_url(&t.url);
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"#4a7fc1\"><title>{}</title></rect><text x=\"{}\" y=\"{}\" font-size=\"12\">{} ms</text>",
            y + 13,
            escape(&label),
            bar_h - 4,
            escape(&t.url),
            label_w + w + 4,
            y + 13,
            t.millis
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The most characters of a link the chart writes beside its bar.
const LABEL_CHARS: usize = 64;

/// A link as the chart labels it: its path and query (the host is the same for most), cut to
/// its last [`LABEL_CHARS`] characters, where the file name is.
fn short_url(url: &str) -> String {
    let shown = url::Url::parse(url).map_or_else(
        |_| url.to_owned(),
        |u| u[url::Position::BeforePath..].to_owned(),
    );
    let n = shown.chars().count();
    if n <= LABEL_CHARS {
        shown
    } else {
        format!(
            "…{}",
            shown.chars().skip(n - LABEL_CHARS + 1).collect::<String>()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::rules::links::LINK_STATUS;

    #[test]
    fn findings_land_in_their_cell_and_show_their_source() {
        let text = "<rss><channel><item><guid>g1</guid><title>One &amp; two</title><enclosure url=\"http://h/a.mp3\"/></item></channel></rss>";
        let at = text.find("<enclosure").expect("enclosure");
        let d = Diagnostic::new(&LINK_STATUS, "the server answered 404")
            .at(Label::new("feed.xml", at..at + 10))
            .path("/rss/channel/item[1]/enclosure")
            .episode("g1");
        let reports = [TargetReport {
            target: "feed.xml",
            status: Status::Checked,
            source: Some(text),
            diagnostics: std::slice::from_ref(&d),
            error: None,
        }];
        let timings = [LinkTiming {
            url: "http://h/a.mp3".into(),
            millis: 12,
        }];
        let page = render(
            &reports,
            &Extras {
                timings: &timings,
                records: false,
                history: &[],
            },
        );
        assert!(page.contains("<td title=\"g1\">One &amp; two</td><td class=\"error\">error</td><td class=\"none\">–</td>"), "{page}");
        assert!(page.contains("<mark>&lt;enclosure</mark>"), "{page}");
        assert!(page.contains("12 ms"), "{page}");
        assert!(page.contains(">/a.mp3</text>"), "{page}");
        assert_eq!(item_of("/rss/channel/item[3]/enclosure"), Some(3));
        assert_eq!(item_of("/rss/channel/item/enclosure"), Some(1));
        assert_eq!(item_of("/rss/channel/image"), None);
        let long = format!("https://h.example/{}/episode.vtt", "x".repeat(100));
        assert!(short_url(&long).ends_with("x/episode.vtt"));
        assert_eq!(short_url(&long).chars().count(), LABEL_CHARS);
        // Self-contained: nothing to fetch.
        assert!(
            !page.contains("<script") && !page.contains("<link"),
            "{page}"
        );
    }

    #[test]
    fn a_history_chart_has_a_column_per_check_and_none_for_a_first_check() {
        let at = |n: usize, errors| PastCheck {
            checked_at: format!("2030-01-0{n}"),
            errors,
        };
        let svg = history_chart(&[at(1, 4), at(2, 0), at(3, 2)]);
        assert_eq!(svg.matches("<rect").count(), 3, "{svg}");
        assert!(
            svg.contains("height=\"60\" fill=\"#c0392b\""),
            "the most errors fill it: {svg}"
        );
        assert!(
            svg.contains("height=\"30\" fill=\"#c0392b\""),
            "half as many, half as high: {svg}"
        );
        assert!(svg.contains("2030-01-02: 0 error(s)"), "{svg}");
        let report = TargetReport {
            target: "f.xml",
            status: Status::Checked,
            source: None,
            diagnostics: &[],
            error: None,
        };
        let page = |checks: Vec<PastCheck>| {
            let history = [History {
                target: "f.xml".into(),
                checks,
            }];
            let extras = Extras {
                history: &history,
                ..Extras::default()
            };
            render(std::slice::from_ref(&report), &extras)
        };
        assert!(page(vec![at(1, 1), at(2, 0)]).contains("aria-label=\"errors per check\""));
        assert!(
            !page(vec![at(1, 1)]).contains("errors per check"),
            "one check: no chart"
        );
    }
}
