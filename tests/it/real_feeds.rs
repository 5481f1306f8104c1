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
