//! `podcast:license` values (SPEC.md §5.2; the namespace's `docs/tags/license.md`): a
//! well-known licence's identifier, or a custom licence's short name, which then needs a `url`.

/// The longest licence identifier, in characters.
pub const MAX_CHARS: usize = 128;

/// The well-known licences: (identifier, link), the `shortname` and `link` of each entry of the
/// namespace's companion list, `docs/examples/license/licenses.json` in
/// Podcastindex-org/podcast-namespace at commit c0ff5caa3729610362ee93f8034454fa41f3c493.
pub const KNOWN: &[(&str, &str)] = &[
    ("ARR", "https://en.wikipedia.org/wiki/All_rights_reserved"),
    ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    (
        "CC-BY-NC-4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/deed.en",
    ),
    (
        "CC-BY-NC-ND-4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.en",
    ),
    (
        "POD-V4V-1.0",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/license/v4v-4.0.md",
    ),
];

/// The well-known licence `id` names, compared in any case (the tag's doc asks for lower case
/// while its list and examples are upper case: SPEC.md Appendix C.3).
pub fn known(id: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id.trim()))
        .map(|(k, _)| *k)
}

/// A licence identifier with its optional `url`: 1 to [`MAX_CHARS`] characters; a custom
/// licence (not in [`KNOWN`]) must have a `url`. Gives the well-known identifier, if it is one.
pub fn license(id: &str, has_url: bool) -> Result<Option<&'static str>, String> {
    let n = id.trim().chars().count();
    if n == 0 || n > MAX_CHARS {
        return Err(format!(
            "a licence identifier of 1 to {MAX_CHARS} characters, found {n}"
        ));
    }
    match known(id) {
        Some(k) => Ok(Some(k)),
        None if has_url => Ok(None),
        None => Err(format!(
            "a `url` for the custom licence {:?}: only the well-known licences ({}) may leave it out",
            id.trim(),
            KNOWN.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_licences_need_no_url_custom_ones_do() {
        assert_eq!(license("cc-by-4.0", false), Ok(Some("CC-BY-4.0")));
        assert_eq!(license("My Licence 1.0", true), Ok(None));
        let err = license("My Licence 1.0", false).unwrap_err();
        assert!(err.contains("url") && err.contains("CC-BY-4.0"), "{err}");
        assert!(license("", true).is_err());
        assert!(license(&"x".repeat(129), true).is_err());
    }
}
