//! Record keys of value-for-value (SPEC.md §5.2): `[[value]]` with `[[value.recipients]]` and
//! `[[value.time_splits]]`, in `show.toml` and episode records, checked through
//! [`crate::namespace::value`].

use serde::Deserialize;
use toml::Spanned;

use super::show_tags::{RawRemoteItem, remote_item};
use crate::diagnostic::Diagnostic;
use crate::model::{SplitTo, Value, ValueRecipient, ValueTimeSplit};
use crate::namespace::value as grammar;
use crate::rules::records as r;
use crate::toml_file::SourceFile;

/// `[[value]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawValue {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    method: Spanned<String>,
    suggested: Option<Spanned<String>>,
    #[serde(default)]
    recipients: Vec<RawRecipient>,
    #[serde(default)]
    time_splits: Vec<Spanned<RawTimeSplit>>,
}

/// `[[value.recipients]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecipient {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    address: Spanned<String>,
    split: Spanned<i64>,
    custom_key: Option<String>,
    custom_value: Option<String>,
    #[serde(default)]
    fee: bool,
}

/// `[[value.time_splits]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeSplit {
    start: Spanned<f64>,
    duration: Spanned<f64>,
    remote_start: Option<Spanned<f64>>,
    remote_percentage: Option<Spanned<i64>>,
    remote_item: Option<RawRemoteItem>,
    #[serde(default)]
    recipients: Vec<RawRecipient>,
}

/// Checks and converts `[[value]]` blocks; `duration` is the episode's, when the record gives
/// it (time splits must start within it).
pub(super) fn values(
    src: &SourceFile<'_>,
    list: &[RawValue],
    duration: Option<u64>,
    errs: &mut Vec<Diagnostic>,
) -> Vec<Value> {
    let mut out = Vec::new();
    for v in list {
        for (field, s) in [("value.type", &v.kind), ("value.method", &v.method)] {
            if s.get_ref().trim().is_empty() {
                errs.push(src.error(
                    &r::RECORD_FIELD_EMPTY,
                    s.span(),
                    format!("`{field}` must not be empty, e.g. \"lightning\" and \"keysend\""),
                ));
            }
        }
        if let Some(Err(e)) = v.suggested.as_ref().map(|s| grammar::amount(s.get_ref())) {
            errs.push(src.error(
                &r::RECORD_NUMBER,
                v.suggested.as_ref().map_or(0..0, Spanned::span),
                format!(
                    "`value.suggested` {:?}: {e}",
                    v.suggested.as_ref().map_or("", |s| s.get_ref())
                ),
            ));
        }
        let at = v.kind.span();
        let recipients = recipients(src, &v.recipients, at, errs);
        let time_splits = v
            .time_splits
            .iter()
            .filter_map(|t| time_split(src, t, duration, errs))
            .collect();
        out.push(Value {
            kind: v.kind.get_ref().trim().to_owned(),
            method: v.method.get_ref().trim().to_owned(),
            suggested: v.suggested.as_ref().map(|s| s.get_ref().trim().to_owned()),
            recipients,
            time_splits,
        });
    }
    out
}

/// Recipients with their type, address and split checked, and the splits together (at least
/// one recipient, not all zero); `at` is where to point when the list is the problem.
fn recipients(
    src: &SourceFile<'_>,
    list: &[RawRecipient],
    at: std::ops::Range<usize>,
    errs: &mut Vec<Diagnostic>,
) -> Vec<ValueRecipient> {
    let mut out = Vec::new();
    for raw in list {
        let kind = match grammar::recipient_type(raw.kind.get_ref()) {
            Ok(k) => k,
            Err(e) => {
                errs.push(src.error(
                    &r::RECORD_FIELD_TYPE,
                    raw.kind.span(),
                    format!("`recipients.type` {:?}: {e}", raw.kind.get_ref()),
                ));
                continue;
            }
        };
        if let Err(e) = grammar::address(kind, raw.address.get_ref()) {
            errs.push(src.error(
                &r::RECORD_VALUE_ADDRESS,
                raw.address.span(),
                format!(
                    "`recipients.address` {:?} of a {} recipient: {e}",
                    raw.address.get_ref(),
                    kind.as_str()
                ),
            ));
        }
        let split = match grammar::split(&raw.split.get_ref().to_string()) {
            Ok(n) => n,
            Err(e) => {
                errs.push(src.error(
                    &r::RECORD_NUMBER,
                    raw.split.span(),
                    format!("`recipients.split` {}: {e}", raw.split.get_ref()),
                ));
                continue;
            }
        };
        out.push(ValueRecipient {
            name: raw.name.clone(),
            kind,
            address: raw.address.get_ref().trim().to_owned(),
            split,
            custom_key: raw.custom_key.clone(),
            custom_value: raw.custom_value.clone(),
            fee: raw.fee,
        });
    }
    if out.len() == list.len() {
        let shares: Vec<u64> = out.iter().map(|r| r.split).collect();
        if let Err(e) = grammar::splits(&shares) {
            errs.push(src.error(
                &r::RECORD_VALUE_RECIPIENTS,
                at,
                format!("{e} (`[[value.recipients]]`)"),
            ));
        }
    }
    out
}

fn time_split(
    src: &SourceFile<'_>,
    t: &Spanned<RawTimeSplit>,
    duration: Option<u64>,
    errs: &mut Vec<Diagnostic>,
) -> Option<ValueTimeSplit> {
    let raw = t.get_ref();
    let before = errs.len();
    for (field, v) in [
        ("start", Some(&raw.start)),
        ("duration", Some(&raw.duration)),
        ("remote_start", raw.remote_start.as_ref()),
    ] {
        if let Some(Err(e)) = v.map(|v| grammar::seconds(&v.get_ref().to_string())) {
            errs.push(src.error(
                &r::RECORD_VALUE_TIME_SPLIT,
                v.map_or(0..0, Spanned::span),
                format!("`time_splits.{field}`: {e}"),
            ));
        }
    }
    if let Some(Err(e)) = duration.map(|d| grammar::within(*raw.start.get_ref(), d as f64)) {
        errs.push(src.error(
            &r::RECORD_VALUE_TIME_SPLIT,
            t.span(),
            format!("{e} (the record's `duration`)"),
        ));
    }
    let percentage = raw.remote_percentage.as_ref().and_then(|p| {
        match grammar::percentage(&p.get_ref().to_string()) {
            Ok(_) => u32::try_from(*p.get_ref()).ok(),
            Err(e) => {
                errs.push(src.error(
                    &r::RECORD_VALUE_TIME_SPLIT,
                    p.span(),
                    format!("`time_splits.remote_percentage` {}: {e}", p.get_ref()),
                ));
                None
            }
        }
    });
    let to = match (&raw.remote_item, raw.recipients.is_empty()) {
        (Some(item), true) => remote_item(src, item, errs).map(SplitTo::Remote),
        (None, false) => Some(SplitTo::Recipients(recipients(
            src,
            &raw.recipients,
            t.span(),
            errs,
        ))),
        (Some(_), false) | (None, true) => {
            errs.push(src.error(&r::RECORD_VALUE_RECIPIENTS, t.span(), "a time split pays either one `remote_item` or its own `[[value.time_splits.recipients]]`; expected exactly one of the two"));
            None
        }
    };
    if percentage.is_some() && !matches!(to, Some(SplitTo::Remote(_))) && errs.len() == before {
        errs.push(src.error(
            &r::RECORD_VALUE_TIME_SPLIT,
            t.span(),
            "`remote_percentage` applies to a `remote_item` only",
        ));
    }
    (errs.len() == before).then_some(ValueTimeSplit {
        start: *raw.start.get_ref(),
        duration: *raw.duration.get_ref(),
        remote_start: raw.remote_start.as_ref().map(|s| *s.get_ref()),
        remote_percentage: percentage,
        to: to?,
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::records::parse_episode;
    use crate::toml_file::SourceFile;

    const EPISODE: &str = "title = \"E\"\npublished = 2025-01-06T08:00:00Z\nduration = 600\n\
        [enclosure]\nurl = \"https://h.example/e.mp3\"\nlength = 1\ntype = \"audio/mpeg\"\n";
    const NODE: &str = "02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52";

    fn errors(extra: &str) -> Vec<(&'static str, usize)> {
        let text = format!("{EPISODE}{extra}");
        let errs: Vec<Diagnostic> = parse_episode(
            &SourceFile {
                name: "e.toml",
                text: &text,
            },
            "s",
            "e",
        )
        .expect_err("invalid");
        errs.iter()
            .map(|d| (d.rule.id, d.located_in(&text).map_or(0, |l| l.line)))
            .collect()
    }

    #[test]
    fn a_good_value_block_is_read() {
        let text = format!(
            "{EPISODE}[[value]]\ntype = \"lightning\"\nmethod = \"keysend\"\n\
             [[value.recipients]]\ntype = \"node\"\naddress = \"{NODE}\"\nsplit = 1\n\
             [[value.time_splits]]\nstart = 0\nduration = 600\n\
             remote_item = {{ feed_guid = \"a94f5cc9-8c58-55fc-91fe-a324087a655b\" }}\n"
        );
        let e = parse_episode(
            &SourceFile {
                name: "e.toml",
                text: &text,
            },
            "s",
            "e",
        )
        .expect("valid")
        .episode;
        assert_eq!(e.value[0].recipients[0].split, 1);
        assert!(matches!(
            e.value[0].time_splits[0].to,
            crate::model::SplitTo::Remote(_)
        ));
    }

    #[test]
    fn bad_recipients_and_splits_are_all_reported() {
        let extra = format!(
            "[[value]]\ntype = \"lightning\"\nmethod = \"keysend\"\n\
             [[value.recipients]]\ntype = \"node\"\naddress = \"ana@h.example\"\nsplit = 0\n\
             [[value.recipients]]\ntype = \"lnaddress\"\naddress = \"ana\"\nsplit = -1\n\
             [[value.time_splits]]\nstart = 600\nduration = 30\nremote_percentage = 101\n\
             remote_item = {{ feed_guid = \"a94f5cc9-8c58-55fc-91fe-a324087a655b\" }}\n\
             [[value.time_splits.recipients]]\ntype = \"node\"\naddress = \"{NODE}\"\nsplit = 1\n"
        );
        assert_eq!(
            errors(&extra),
            [
                ("record.value.address", 13),
                ("record.value.address", 17),
                ("record.number", 18),
                ("record.value.time-split", 19),
                ("record.value.time-split", 22),
                ("record.value.recipients", 19),
            ]
        );
    }

    #[test]
    fn all_zero_splits_pay_no_one() {
        let extra = format!(
            "[[value]]\ntype = \"lightning\"\nmethod = \"keysend\"\n\
             [[value.recipients]]\ntype = \"node\"\naddress = \"{NODE}\"\nsplit = 0\n"
        );
        assert_eq!(errors(&extra), [("record.value.recipients", 9)]);
        assert_eq!(
            errors("[[value]]\ntype = \"lightning\"\nmethod = \"keysend\"\n"),
            [("record.value.recipients", 9)]
        );
    }
}
