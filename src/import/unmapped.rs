//! What the records cannot express: counted per element kind, reported once each with its
//! count and first place (`17 items have <media:content>: not imported`).

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Label};
use crate::feed::{Document, Ns};
use crate::rules::records as rules;

/// Element kinds left out, by where they were and their display name.
#[derive(Debug, Default)]
pub(super) struct Unmapped {
    /// (parent's name, element's name) → (how many parents have it, first element's offset).
    kinds: BTreeMap<(String, String), (usize, usize)>,
}

impl Unmapped {
    /// Counts the children of `parent` that are not in `carried`, once per parent and kind.
    pub(super) fn scan(&mut self, doc: &Document, parent: usize, carried: &[(Ns, &str)]) {
        let Some(p) = doc.get(parent) else { return };
        let mut seen = Vec::new();
        for &c in doc.children(p) {
            let Some(e) = doc.get(c) else { continue };
            if carried.iter().any(|(ns, local)| e.is(ns, local)) {
                continue;
            }
            let name = e.display_name();
            if seen.contains(&name) {
                continue;
            }
            let entry = self
                .kinds
                .entry((p.display_name(), name.clone()))
                .or_insert((0, e.offset as usize));
            entry.0 += 1;
            seen.push(name);
        }
    }

    /// One `record.import.not-imported` warning per kind.
    pub(super) fn report(&self, out: &mut Vec<Diagnostic>, _doc: &Document, name: &str) {
        for ((parent, kind), (count, at)) in &self.kinds {
            let message = match parent.as_str() {
                "item" if *count == 1 => format!("1 item has <{kind}>: not imported"),
                "item" => format!("{count} items have <{kind}>: not imported"),
                _ => format!("the {parent} has <{kind}>: not imported"),
            };
            out.push(
                Diagnostic::new(&rules::IMPORT_NOT_IMPORTED, message).at(Label::point(name, *at)),
            );
        }
    }
}
