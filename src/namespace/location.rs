//! `podcast:location` values (SPEC.md §5.2; the namespace's `docs/tags/location.md`, revised in
//! 2025): `rel`, `geo` (an RFC 5870 `geo:` URI), `osm` (an OpenStreetMap object) and `country`
//! (ISO 3166-1 alpha-2).

/// The longest display name of a location, in characters.
pub const MAX_NAME_CHARS: usize = 128;

/// The values of `rel`: what the location is about (`subject`, the default) or where the content
/// was made (`creator`).
pub const RELS: &[&str] = &["subject", "creator"];

/// A point of an RFC 5870 `geo:` URI (WGS-84 degrees; the altitude in metres when given).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geo {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lon: f64,
    /// Altitude, when the URI gives a third coordinate.
    pub alt: Option<f64>,
}

/// A location's display name: not blank, at most [`MAX_NAME_CHARS`] characters.
pub fn name(s: &str) -> Result<&str, String> {
    let s = s.trim();
    let n = s.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return Err(format!(
            "a location name of 1 to {MAX_NAME_CHARS} characters, found {n}"
        ));
    }
    Ok(s)
}

/// `rel`: `subject` or `creator`.
pub fn rel(s: &str) -> Result<&'static str, String> {
    RELS.iter()
        .find(|r| r.eq_ignore_ascii_case(s.trim()))
        .copied()
        .ok_or_else(|| format!("`rel` \"subject\" or \"creator\", found {s:?}"))
}

/// An RFC 5870 `geo:` URI: `geo:LAT,LON[,ALT]` with optional `;name=value` parameters (§3.3).
/// The scheme is case-insensitive; latitude is −90 to 90, longitude −180 to 180 (§3.4.2).
pub fn geo(s: &str) -> Result<Geo, String> {
    let expected = || format!("a geo URI such as \"geo:30.2672,-97.7431\" (RFC 5870), found {s:?}");
    let rest = s
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("geo:"))
        .and_then(|_| s.get(4..))
        .ok_or_else(expected)?;
    let coords = rest.split(';').next().unwrap_or_default();
    let parts: Vec<f64> = coords
        .split(',')
        .map(number)
        .collect::<Option<_>>()
        .ok_or_else(expected)?;
    let (lat, lon, alt) = match parts[..] {
        [lat, lon] => (lat, lon, None),
        [lat, lon, alt] => (lat, lon, Some(alt)),
        _ => return Err(expected()),
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!(
            "a latitude of -90 to 90 and a longitude of -180 to 180 in {s:?}"
        ));
    }
    Ok(Geo { lat, lon, alt })
}

/// RFC 5870's `num`: an optional minus, digits, optionally a point and more digits.
fn number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (all_digits(int) && all_digits(frac))
        .then(|| s.parse().ok())
        .flatten()
}

/// `osm`: the OpenStreetMap object type's initial (`N`ode, `W`ay, `R`elation) and its numeric
/// id, e.g. `R113314`.
pub fn osm(s: &str) -> Result<(char, u64), String> {
    let mut chars = s.chars();
    let kind = chars.next().filter(|c| matches!(c, 'N' | 'W' | 'R'));
    let id = chars.as_str();
    match (kind, id.parse::<u64>()) {
        (Some(k), Ok(n)) if n > 0 && id.bytes().all(|b| b.is_ascii_digit()) => Ok((k, n)),
        _ => Err(format!(
            "an OpenStreetMap id: N, W or R and a number, such as \"R113314\", found {s:?}"
        )),
    }
}

/// `country`: an ISO 3166-1 alpha-2 code, two letters (`US`, `GB`). Only the shape is checked;
/// returned upper-case.
pub fn country(s: &str) -> Result<String, String> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(s.to_ascii_uppercase())
    } else {
        Err(format!(
            "a two-letter ISO 3166-1 country code such as \"US\", found {s:?}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geo_uris() {
        let g = geo("geo:30.2711286,-97.7436995").unwrap();
        assert_eq!((g.lat, g.lon, g.alt), (30.2711286, -97.7436995, None));
        assert_eq!(geo("GEO:1,2,3;u=35").unwrap().alt, Some(3.0));
        for bad in [
            "30.2,97.7",
            "geo:30.2",
            "geo:91,0",
            "geo:0,181",
            "geo:a,b",
            "geo:1.,2",
            "geo:1,2,3,4",
            "geo:",
        ] {
            assert!(geo(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn osm_ids_countries_and_rels() {
        assert_eq!(osm("R113314"), Ok(('R', 113314)));
        for bad in ["113314", "X1", "R", "R-1", "r12", "R1a"] {
            assert!(osm(bad).is_err(), "{bad}");
        }
        assert_eq!(country("gb").as_deref(), Ok("GB"));
        assert!(country("GBR").is_err() && country("1A").is_err());
        assert_eq!(rel("Creator"), Ok("creator"));
        assert!(rel("home").is_err());
        assert!(name(" ").is_err() && name(&"x".repeat(129)).is_err());
    }
}
