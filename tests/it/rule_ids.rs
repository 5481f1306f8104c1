//! Every rule id the source can emit is in the registry (so `podfeed explain ID` knows it), and
//! every registry entry is still emitted somewhere (no stale entries).
//!
//! The test reads the crate's own source files: rule ids are `&'static str` literals, passed to
//! `Diagnostic::error/warning/info/new`, to `SourceFile::error` (`src.error("record.…"`), to
//! the validator's `ctx.emit*`, to the feed parser's `problem`/`fail`, or kept in small tables
//! and `match` arms before being passed on. The scan takes every literal in one of those call
//! positions, and every literal shaped like a dotted rule id whose first segment is a known rule
//! prefix. The registry tables themselves (`const RULES: &[Rule] = &[…];`) and `#[cfg(test)]`
//! modules are left out of the scan.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Calls whose first argument is a rule id.
const CALLS: &[&str] = &[
    "Diagnostic::error(",
    "Diagnostic::warning(",
    "Diagnostic::info(",
    "Diagnostic::new(",
    "src.error(",
    ".emit(",
    ".emit_at(",
    ".emit_attr(",
    "problem(",
    ".fail(",
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code a user's build runs: the file without its test module, its registry tables and
/// its comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = String::new();
    let mut rest = text;
    // Registry tables list ids; they are what is checked against, not evidence of use.
    let head = "RULES: &[Rule] = &[";
    while let Some(start) = rest.find(head) {
        out.push_str(&rest[..start]);
        let after = &rest[start + head.len()..];
        rest = &after[table_end(after)..];
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The byte just past the `]` that closes a table whose `[` was just before `text`; brackets
/// inside string literals do not count.
fn table_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (1usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Every string literal in `code` (no raw strings are used for ids), with its byte offset.
fn literals(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // A char literal such as '"' must not open a string.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') => i += 4,
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(bytes.len());
                out.push((i, code[start..end].to_owned()));
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// True when `s` looks like a dotted rule id: lower-case words joined by dots.
fn id_shaped(s: &str) -> bool {
    let mut parts = s.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()));
    first_ok
        && s.contains('.')
        && s.split('.').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        })
}

/// The ids the source emits, each with the files that name it.
fn emitted_ids() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry_prefixes: BTreeSet<String> = podfeed::rules::all()
        .filter_map(|r| r.id.split('.').next())
        .map(str::to_owned)
        .collect();
    let mut in_calls: Vec<(String, String)> = Vec::new();
    let mut shaped: Vec<(String, String)> = Vec::new();
    for path in rust_files(&root.join("src")) {
        let text = std::fs::read_to_string(&path).expect("source file");
        let code = code_of(&text);
        let file = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (at, lit) in literals(&code) {
            let before = code[..at].trim_end();
            if CALLS.iter().any(|c| before.ends_with(c)) {
                in_calls.push((lit.clone(), file.clone()));
            }
            if id_shaped(&lit) {
                shaped.push((lit, file.clone()));
            }
        }
    }
    // A prefix counts as a rule family once the registry or a constructor call uses it: so
    // "show.toml" or "feed.xml" are file names, while "record.field.missing" in a `match` is
    // an id on its way to `src.error`.
    let mut prefixes = registry_prefixes;
    prefixes.extend(
        in_calls
            .iter()
            .filter_map(|(id, _)| id.split('.').next())
            .map(str::to_owned),
    );
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let family = |id: &str| id.split('.').next().is_some_and(|p| prefixes.contains(p));
    for (id, file) in in_calls
        .into_iter()
        .chain(shaped.into_iter().filter(|(id, _)| family(id)))
    {
        ids.entry(id).or_default().insert(file);
    }
    ids
}

#[test]
fn every_emitted_rule_id_is_in_the_registry() {
    let emitted = emitted_ids();
    // The scan must find the ids of every part of the tool, or it has stopped seeing them.
    for prefix in ["xml.", "item.", "record.", "link.", "fetch.", "compare."] {
        assert!(
            emitted.keys().any(|id| id.starts_with(prefix)),
            "the scan found no {prefix}* id: {:?}",
            emitted.keys()
        );
    }
    let unknown: Vec<String> = emitted
        .iter()
        .filter(|(id, _)| podfeed::rules::find(id).is_none())
        .map(|(id, files)| format!("{id} (in {})", Vec::from_iter(files.clone()).join(", ")))
        .collect();
    assert!(
        unknown.is_empty(),
        "rule ids emitted but not in the registry (add them to src/rules/): {unknown:#?}"
    );
}

#[test]
fn every_registry_id_is_emitted_somewhere() {
    let emitted = emitted_ids();
    let stale: Vec<&str> = podfeed::rules::all()
        .map(|r| r.id)
        .filter(|id| !emitted.contains_key(*id))
        .collect();
    assert!(
        stale.is_empty(),
        "registry entries no source emits (remove them or restore the check): {stale:?}"
    );
}

#[test]
fn the_scan_sees_ids_in_calls_tables_and_match_arms_but_not_file_names() {
    let code = code_of(
        "fn f() {\n    let r = if x { \"record.field.missing\" } else { \"record.syntax\" };\n    \
         Diagnostic::warning(\n        \"oops\", m);\n    read(\"show.toml\");\n    \
         // Diagnostic::error(\"in.comment\")\n}\nconst RULES: &[Rule] = &[\n    \
         rule(\"listed.only\", \"[x]\"),\n];\nfn g() { emit(\"after.table\") }\n#[cfg(test)]\nmod tests { Diagnostic::error(\"test.only\", m) }\n",
    );
    let lits: Vec<String> = literals(&code).into_iter().map(|(_, l)| l).collect();
    assert_eq!(
        lits,
        [
            "record.field.missing",
            "record.syntax",
            "oops",
            "show.toml",
            "after.table"
        ]
    );
    assert!(id_shaped("link.enclosure.range") && id_shaped("compare.podcast-guid.changed"));
    assert!(!id_shaped("xml.") && !id_shaped("Show.toml") && !id_shaped("oops"));
}
