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
    "rule",
    "toml_file",
    "model",
    "namespace",
    "config",
    "records",
    "transcript",
    "chapters",
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
    "import",
];

/// The edge modules: allowed to do IO.
const EDGE: &[&str] = &["site", "http", "clock", "cli", "exit"];

/// The edge files inside a core folder: the records' reader (`records::read`), which reads the
/// records, and the records' memo, from disk.
const EDGE_FILES: &[&str] = &["records/read/mod.rs", "records/read/recall.rs"];

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

/// The folders whose modules must not import each other in a circle (issue 11: the link checks
/// and the validate command had such circles).
/// `""` is the crate's top level: `rule` and `diagnostic`, `config` and `records` once did.
const ACYCLIC: &[&str] = &[
    "",
    "http",
    "validate",
    "validate/judge",
    "cli/validate",
    "rules",
];

/// The siblings that the code of `text` names, as `super::NAME` or `crate::FOLDER::NAME` (where
/// `folder` is written with `::`), grouped imports (`super::{a, b}`) included.
fn named_siblings(text: &str, folder: &str, siblings: &[String]) -> Vec<String> {
    let code: String = code_lines(text)
        .iter()
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let prefixes = if folder.is_empty() {
        vec!["crate::".to_owned()]
    } else {
        vec!["super::".to_owned(), format!("crate::{folder}::")]
    };
    for prefix in prefixes {
        for (at, _) in code.match_indices(&prefix) {
            let rest = &code[at + prefix.len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .collect(),
                None => vec![rest],
            };
            for n in names {
                let n = n.trim();
                let end = n
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(n.len());
                if siblings.iter().any(|s| s == &n[..end]) {
                    out.push(n[..end].to_owned());
                }
            }
        }
    }
    out
}

/// Every file under `dir`, with the sibling it belongs to (its stem, or its sub-folder's name).
fn files_by_sibling(dir: &Path) -> Vec<(String, PathBuf, bool)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("list folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if path.is_dir() {
            let mut inner = Vec::new();
            collect(&path, &name, &mut inner);
            for f in inner {
                out.push((name.clone(), dir.join(f), true));
            }
        } else if let Some(stem) = name.strip_suffix(".rs").filter(|s| *s != "mod") {
            out.push((stem.to_owned(), path, false));
        }
    }
    out
}

/// A circle among the siblings of `folder`, as `a -> b -> a`, if there is one.
fn circle(folder: &str) -> Option<String> {
    let files = files_by_sibling(&src().join(folder));
    let mut siblings: Vec<String> = files.iter().map(|(s, _, _)| s.clone()).collect();
    siblings.sort();
    siblings.dedup();
    let path = folder.replace('/', "::");
    let mut edges: Vec<(String, String)> = Vec::new();
    for (sibling, file, nested) in &files {
        let text = fs::read_to_string(file).expect("read source");
        // In a sub-folder, `super::` names the sub-folder's own files.
        let text = if *nested {
            text.replace("super::", "_::")
        } else {
            text
        };
        for to in named_siblings(&text, &path, &siblings) {
            if &to != sibling {
                edges.push((sibling.clone(), to));
            }
        }
    }
    siblings
        .iter()
        .find_map(|start| walk(start, &edges, &mut vec![start.clone()]))
}

/// Depth-first from the last of `trail`: the trail that comes back to its first name.
fn walk(start: &str, edges: &[(String, String)], trail: &mut Vec<String>) -> Option<String> {
    let at = trail.last().cloned().unwrap_or_default();
    for (_, to) in edges.iter().filter(|(from, _)| *from == at) {
        if to == start {
            return Some(format!("{} -> {start}", trail.join(" -> ")));
        }
        if !trail.contains(to) {
            trail.push(to.clone());
            if let Some(found) = walk(start, edges, trail) {
                return Some(found);
            }
            trail.pop();
        }
    }
    None
}

#[test]
fn modules_import_each_other_in_no_circle() {
    for folder in ACYCLIC {
        assert_eq!(circle(folder), None, "src/{folder}");
    }
}

#[test]
fn the_circle_check_finds_a_grouped_import_circle() {
    let siblings = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
    let text = "use super::{\n    b::X,\n    c,\n};\nfn f() { crate::m::a::g(); }\n";
    assert_eq!(named_siblings(text, "m", &siblings), ["b", "c", "a"]);
    let edges = [
        ("a".to_owned(), "b".to_owned()),
        ("b".to_owned(), "a".to_owned()),
    ];
    assert_eq!(
        walk("a", &edges, &mut vec!["a".to_owned()]),
        Some("a -> b -> a".to_owned())
    );
}
