//! The real feeds of the shared corpus validate without a panic, and the number of findings
//! per rule in each is pinned (reviewed by reading the findings).

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use podfeed::rules::{Profiles, check_feed};

#[test]
fn real_feeds_give_the_reviewed_counts_per_rule() {
    let Some(files) = crate::common::fixtures::real_feeds() else {
        return;
    };
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let mut counts: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(&path).expect("readable");
        let diags = check_feed(&name, &bytes, &Profiles::all(), now);
        let per_rule = counts.entry(name).or_default();
        for d in diags {
            *per_rule.entry(d.rule.id).or_default() += 1;
        }
    }
    insta::assert_debug_snapshot!(counts);
}

/// The `.xml` files under `dir`, at any depth, sorted.
fn xml_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "xml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn real_feeds_and_the_w3c_cases_give_the_same_findings_streamed_on_one_or_two_threads_and_whole() {
    let Some(mut files) = crate::common::fixtures::real_feeds() else {
        return;
    };
    let w3c =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/feedvalidator");
    files.extend(xml_under(&w3c));
    assert!(files.len() > 500, "{} files", files.len());
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let profiles = Profiles::all();
    for path in files {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).expect("readable");
        let streamed = check_feed(&name, &bytes, &profiles, now);
        let doc = podfeed::feed::parse(&bytes);
        let whole = podfeed::rules::check_document(&name, &doc, &profiles, now);
        assert_eq!(streamed, whole, "{name}: streamed vs whole tree");
        let mut check = podfeed::rules::Check::new(&name, &profiles, now);
        let doc =
            podfeed::feed::stream_parallel(&bytes, podfeed::feed::Limits::default(), &mut check);
        assert_eq!(check.conclude(&doc), whole, "{name}: on two threads");
    }
}
