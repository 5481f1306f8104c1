//! The pure core must not reach the edge: no module that src/lib.rs lists as core may name the
//! edge modules (`site`, `http`, `cli`, `clock`), the filesystem, the async runtime, the HTTP
//! client or the system clock. A core module that did would make its results depend on the disk,
//! the network or the time of the run, which the design forbids (STYLE.md, "pure core, IO at the
//! edges").
//!
//! Read as text: a `use` of an edge module, a path written in full and a re-export all show up
//! as the module's name. Test modules (`#[cfg(test)] mod … { … }`) may use the disk and are
//! skipped, as are comment lines: a doc link to an edge module explains, it does not depend.

use std::fs;
use std::path::{Path, PathBuf};

/// The core modules of src/lib.rs, as files (`name.rs`) or folders (`name/`) under src/.
const CORE: &[&str] = &[
    "diagnostic",
    "model",
    "config",
    "records",
    "transcript",
    "render",
    "build",
    "feed",
    "rules",
    "compare",
    "validate",
    "report",
    "hash",
    "categories",
    "guid",
    "mime",
    "taxonomy",
    "medium",
];

/// The edge modules: allowed to do IO.
const EDGE: &[&str] = &["site", "http", "clock", "cli", "exit"];

/// The one edge file inside a core folder: it reads the records from disk.
const EDGE_FILES: &[&str] = &["records/read.rs"];

/// What a core file must not contain.
const FORBIDDEN: &[&str] = &[
    "crate::site",
    "crate::http",
    "crate::cli",
    "crate::clock",
    "std::fs",
    "tokio",
    "reqwest",
    "SystemTime",
    "Utc::now",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of a core module, relative to src/ with `/` separators.
fn core_files() -> Vec<String> {
    let mut out = Vec::new();
    for name in CORE {
        let file = src().join(format!("{name}.rs"));
        let dir = src().join(name);
        assert!(
            file.is_file() || dir.is_dir(),
            "core module `{name}` has neither src/{name}.rs nor src/{name}/; update CORE here and \
             the list in src/lib.rs"
        );
        if file.is_file() {
            out.push(format!("{name}.rs"));
        }
        if dir.is_dir() {
            collect(&dir, name, &mut out);
        }
    }
    out.retain(|f| !EDGE_FILES.contains(&f.as_str()));
    out.sort();
    out
}

fn collect(dir: &Path, rel: &str, out: &mut Vec<String>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let rel = format!("{rel}/{name}");
        if path.is_dir() {
            collect(&path, &rel, out);
        } else if name.ends_with(".rs") {
            out.push(rel);
        }
    }
}

/// The (1-based line number, text) of each line that counts: not a comment line and not inside a
/// `#[cfg(test)]` module. rustfmt puts a module's closing brace at the indentation of its `mod`
/// line, which is where the skipping stops.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut cfg_test = false;
    let mut skip_until: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(end) = &skip_until {
            if line == end {
                skip_until = None;
            }
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            cfg_test = true;
            continue;
        }
        if cfg_test {
            if trimmed.starts_with("#[") {
                continue;
            }
            cfg_test = false;
            if (trimmed.starts_with("mod ") || trimmed.starts_with("pub mod "))
                && trimmed.ends_with('{')
            {
                let indent = &line[..line.len() - trimmed.len()];
                skip_until = Some(format!("{indent}}}"));
                continue;
            }
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push((i + 1, line));
    }
    out
}

/// `file:line: text (names X)` for every forbidden name in the counted lines of `text`.
fn violations(file: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in code_lines(text) {
        for word in FORBIDDEN {
            if line.contains(word) {
                out.push(format!("src/{file}:{n}: {} (names `{word}`)", line.trim()));
            }
        }
    }
    out
}

#[test]
fn core_modules_do_not_use_the_edge() {
    let files = core_files();
    assert!(
        files.iter().any(|f| f == "build.rs") && files.iter().any(|f| f == "validate/mod.rs"),
        "the core file list looks wrong: {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let text = fs::read_to_string(src().join(file))
            .unwrap_or_else(|e| panic!("cannot read src/{file}: {e}"));
        found.extend(violations(file, &text));
    }
    assert!(
        found.is_empty(),
        "core modules reach the edge (move the item to the core, or pass the value in):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_of_lib_rs_is_either_core_or_edge() {
    let lib = fs::read_to_string(src().join("lib.rs")).expect("read src/lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .filter_map(|l| l.strip_suffix(';'))
        .collect();
    assert!(
        modules.contains(&"build"),
        "no modules read from src/lib.rs"
    );
    let unsorted: Vec<&&str> = modules
        .iter()
        .filter(|m| !CORE.contains(m) && !EDGE.contains(m))
        .collect();
    assert!(
        unsorted.is_empty(),
        "modules neither core nor edge in tests/layering.rs: {unsorted:?}; add each to CORE (and \
         make it pure) or to EDGE"
    );
}

#[test]
fn the_check_finds_an_edge_use_and_skips_tests_and_comments() {
    let text = "\
//! Links to [`crate::site`] in docs are fine.
use crate::model::Show;
use crate::http::LinkTarget;

fn f() {
    let _ = std::time::SystemTime::now(); // not fine
}

#[cfg(test)]
mod tests {
    use std::fs;
}

fn g() -> String {
    std::fs::read_to_string(\"x\").unwrap_or_default()
}
";
    let found = violations("demo.rs", text);
    assert_eq!(
        found,
        vec![
            "src/demo.rs:3: use crate::http::LinkTarget; (names `crate::http`)".to_owned(),
            "src/demo.rs:6: let _ = std::time::SystemTime::now(); // not fine (names `SystemTime`)"
                .to_owned(),
            "src/demo.rs:15: std::fs::read_to_string(\"x\").unwrap_or_default() (names `std::fs`)"
                .to_owned(),
        ]
    );
}
