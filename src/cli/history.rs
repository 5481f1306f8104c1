//! `podfeed history URL` (issue 19, item 4): a feed's checks over time from the history that
//! `validate` writes, newest first (time, status, HTTP status, findings' counts, item count,
//! content hash), then each finding with the check it first appeared in and the one it went (was fixed)
//! in, within the checks shown.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::store::{Check, Finding, Store};
use super::{HistoryArgs, OutputFormat, write_stdout};
use crate::diagnostic::Summary;
use crate::exit::Exit;

/// One stretch of checks a finding was present in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Spell {
    finding: Finding,
    /// The time of the first check that had it.
    appeared: String,
    /// The time of the first check after that without it; `None` while it is still there.
    went: Option<String>,
}

/// The spells of every finding over `checks` (newest first, as read); only checks that read a
/// feed count (a failed fetch or a `304` says nothing about the findings). Findings still there
/// come first, then those fixed, each newest first.
fn spells(checks: &[Check]) -> Vec<Spell> {
    let mut out: Vec<Spell> = Vec::new();
    let mut open: BTreeMap<&Finding, usize> = BTreeMap::new();
    for check in checks.iter().rev().filter(|c| c.status == "checked") {
        open.retain(|f, i| {
            let present = check.findings.binary_search(f).is_ok();
            if !present {
                out[*i].went = Some(check.checked_at.clone());
            }
            present
        });
        for f in &check.findings {
            if !open.contains_key(f) {
                open.insert(f, out.len());
                out.push(Spell {
                    finding: f.clone(),
                    appeared: check.checked_at.clone(),
                    went: None,
                });
            }
        }
    }
    out.reverse();
    out.sort_by_key(|s| s.went.is_some());
    out
}

/// The target as `validate` stores it: a URL in its parsed form, a file as given.
fn target_name(target: &str) -> String {
    match url::Url::parse(target) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url.to_string(),
        _ => target.to_owned(),
    }
}

/// Prints the history of `args.target`.
pub fn run(args: &HistoryArgs) -> anyhow::Result<Exit> {
    let spec = args.history.db.clone().unwrap_or_else(|| {
        let dir = args.config.parent().unwrap_or(std::path::Path::new(""));
        dir.join(".podfeed-history.sqlite")
            .to_string_lossy()
            .into_owned()
    });
    if !super::store::is_server(&spec) && !std::path::Path::new(&spec).exists() {
        eprintln!("error: no history at {spec} (`podfeed validate --db` writes one)");
        return Ok(Exit::Usage);
    }
    let target = target_name(&args.target);
    let runtime = crate::http::runtime()?;
    let checks = runtime.block_on(async {
        let store = Store::open(&spec).await?;
        store.checks(&target, args.limit).await
    });
    let checks = match checks {
        Ok(checks) => checks,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(Exit::Usage);
        }
    };
    if checks.is_empty() {
        eprintln!("error: the history has no check of {target}");
        return Ok(Exit::Usage);
    }
    let spells = spells(&checks);
    let text = match args.format {
        OutputFormat::Human => human(&target, &checks, &spells),
        OutputFormat::Json => format!("{}\n", json(&target, &checks, &spells)),
    };
    write_stdout(&text)?;
    Ok(Exit::Ok)
}

/// A stored time as `2026-03-02 10:00 UTC` (as stored when it does not parse).
fn when(t: &str) -> String {
    DateTime::parse_from_rfc3339(t).map_or_else(
        |_| t.to_owned(),
        |t| {
            t.with_timezone(&Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        },
    )
}

/// The counts of a check as a [`Summary`].
fn summary(check: &Check) -> Summary {
    let [errors, warnings, infos] = check.counts.map(|n| usize::try_from(n).unwrap_or(0));
    Summary {
        errors,
        warnings,
        infos,
    }
}

/// The human report: a line per check, then a line per finding's spell.
fn human(target: &str, checks: &[Check], spells: &[Spell]) -> String {
    let plural = if checks.len() == 1 { "" } else { "s" };
    let mut out = format!("{target}: {} check{plural}, newest first\n", checks.len());
    for c in checks {
        let what = match (c.status.as_str(), &c.error) {
            ("failed", Some(e)) => e.clone(),
            _ => crate::report::human::summary_line(&summary(c)),
        };
        let items = c
            .item_count
            .map(|n| format!(", {n} items"))
            .unwrap_or_default();
        let hash = c
            .content_hash
            .as_deref()
            .map(|h| format!(", {}", &h[..h.len().min(12)]))
            .unwrap_or_default();
        let http = c
            .http_status
            .map_or_else(|| "-".to_owned(), |s| s.to_string());
        out.push_str(&format!(
            "  {}  {:<9}  {http:<3}  {what}{items}{hash}\n",
            when(&c.checked_at),
            c.status
        ));
    }
    if !spells.is_empty() {
        out.push_str("findings:\n");
    }
    for s in spells {
        let span = match &s.went {
            Some(went) => format!("from {} until {} (fixed)", when(&s.appeared), when(went)),
            None => format!("since {}", when(&s.appeared)),
        };
        out.push_str(&format!("  {}  {span}\n", s.finding.line()));
    }
    out
}

/// The JSON report: one object with the checks and the findings' spells.
fn json(target: &str, checks: &[Check], spells: &[Spell]) -> serde_json::Value {
    let checks: Vec<_> = checks
        .iter()
        .map(|c| {
            serde_json::json!({
                "checked_at": c.checked_at,
                "run": c.run,
                "status": c.status,
                "http_status": c.http_status,
                "errors": c.counts[0],
                "warnings": c.counts[1],
                "infos": c.counts[2],
                "items": c.item_count,
                "content_hash": c.content_hash,
                "etag": c.etag,
                "last_modified": c.last_modified,
                "error": c.error,
            })
        })
        .collect();
    let findings: Vec<_> = spells
        .iter()
        .map(|s| {
            serde_json::json!({
                "rule": s.finding.rule,
                "severity": s.finding.severity,
                "episode": s.finding.episode,
                "path": s.finding.path,
                "message": s.finding.message,
                "appeared": s.appeared,
                "went": s.went,
            })
        })
        .collect();
    serde_json::json!({ "target": target, "checks": checks, "findings": findings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: "warning".into(),
            episode: None,
            path: None,
            message: "m".into(),
            line: None,
            column: None,
        }
    }

    fn check(at: &str, status: &str, rules: &[&str]) -> Check {
        let mut findings: Vec<Finding> = rules.iter().map(|r| finding(r)).collect();
        findings.sort();
        Check {
            checked_at: at.into(),
            status: status.into(),
            findings,
            ..Check::default()
        }
    }

    #[test]
    fn a_finding_appears_goes_and_comes_back_and_a_failed_fetch_fixes_nothing() {
        // Newest first, as the store reads them.
        let checks = [
            check("t5", "checked", &["a", "b"]),
            check("t4", "failed", &[]),
            check("t3", "checked", &["b"]),
            check("t2", "checked", &["a", "b"]),
            check("t1", "checked", &["a"]),
        ];
        let got: Vec<(String, String, Option<String>)> = spells(&checks)
            .into_iter()
            .map(|s| (s.finding.rule, s.appeared, s.went))
            .collect();
        let spell = |r: &str, a: &str, w: Option<&str>| (r.into(), a.into(), w.map(Into::into));
        assert_eq!(
            got,
            [
                spell("a", "t5", None),
                spell("b", "t2", None),
                spell("a", "t1", Some("t3")),
            ]
        );
    }

    #[test]
    fn a_url_is_named_as_validate_stores_it() {
        assert_eq!(target_name("https://a.example"), "https://a.example/");
        assert_eq!(target_name("feed.xml"), "feed.xml");
    }
}
