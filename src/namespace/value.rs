//! `podcast:value`, `podcast:valueRecipient` and `podcast:valueTimeSplit` values (SPEC.md §5.2;
//! the tags' docs `docs/tags/value.md`, `value-recipient.md`, `value-time-split.md`).

/// How a recipient is paid: `type` of `podcast:valueRecipient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecipientType {
    /// A Lightning node, addressed by its public key.
    Node,
    /// A Lightning address, `name@domain`.
    Lnaddress,
}

impl RecipientType {
    /// The value written in the feed.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientType::Node => "node",
            RecipientType::Lnaddress => "lnaddress",
        }
    }
}

/// A recipient type: `node` or `lnaddress`.
pub fn recipient_type(s: &str) -> Result<RecipientType, String> {
    match s.trim() {
        "node" => Ok(RecipientType::Node),
        "lnaddress" => Ok(RecipientType::Lnaddress),
        _ => Err("expected node or lnaddress".to_owned()),
    }
}

/// A recipient's address for its type: a node's public key is 66 hex digits (a compressed
/// secp256k1 key, starting 02 or 03); a Lightning address reads like an e-mail address.
pub fn address(kind: RecipientType, s: &str) -> Result<(), String> {
    let s = s.trim();
    match kind {
        RecipientType::Node => {
            let hex = s.len() == 66 && s.bytes().all(|b| b.is_ascii_hexdigit());
            if hex && (s.starts_with("02") || s.starts_with("03")) {
                Ok(())
            } else {
                Err("expected a node's public key: 66 hex digits starting 02 or 03".to_owned())
            }
        }
        RecipientType::Lnaddress => {
            let ok = s.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty()
                    && host.contains('.')
                    && !host.starts_with('.')
                    && !host.ends_with('.')
                    && !host.contains('@')
            }) && !s.chars().any(char::is_whitespace);
            if ok {
                Ok(())
            } else {
                Err("expected a Lightning address: name@domain, like an e-mail address".to_owned())
            }
        }
    }
}

/// A recipient's `split`: a whole number of shares, zero or more.
pub fn split(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse()
            .map_err(|_| "expected a whole number of shares; this one is too large".to_owned())
    } else {
        Err("expected a whole number of shares (0 or more)".to_owned())
    }
}

/// A block's splits together: at least one recipient, and not every share zero (nothing would
/// be paid).
pub fn splits(shares: &[u64]) -> Result<(), String> {
    if shares.is_empty() {
        Err("no recipient; expected at least one podcast:valueRecipient".into())
    } else if shares.iter().all(|s| *s == 0) {
        Err("every split is 0; expected at least one recipient with shares".into())
    } else {
        Ok(())
    }
}

/// `remotePercentage`: a number from 0 to 100.
pub fn percentage(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err("expected a number from 0 to 100".to_owned()),
    }
}

/// `startTime`, `duration` or `remoteStartTime`: seconds, a decimal number of 0 or more.
pub fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(t) if t.is_finite() && t >= 0.0 => Ok(t),
        _ => Err("expected a number of seconds, 0 or more".to_owned()),
    }
}

/// `suggested`: an amount per minute, a decimal number of 0 or more.
pub fn amount(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(a) if a.is_finite() && a >= 0.0 => Ok(a),
        _ => Err("expected a decimal amount, 0 or more, such as 0.00000005000".to_owned()),
    }
}

/// A time split starting at `start` inside an episode of `episode` seconds: one that starts at
/// or after the end is never played. One that starts inside and runs past the end is not a
/// mistake: it ends with the episode (real feeds do this with a song that closes the show, and
/// with durations rounded down).
pub fn within(start: f64, episode: f64) -> Result<(), String> {
    if start < episode {
        Ok(())
    } else {
        Err(format!(
            "the split starts at {start} s, at or after the end of the episode at {episode} s, so it is never played"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52";

    #[test]
    fn addresses_by_type() {
        assert!(address(RecipientType::Node, KEY).is_ok());
        assert!(address(RecipientType::Node, &KEY[..64]).is_err());
        assert!(address(RecipientType::Node, &KEY.replacen("02", "04", 1)).is_err());
        assert!(address(RecipientType::Node, &KEY.replacen("d5", "zz", 1)).is_err());
        assert!(address(RecipientType::Lnaddress, "ana@getalby.com").is_ok());
        for bad in [
            "ana",
            "@getalby.com",
            "ana@localhost",
            "a na@x.com",
            "a@b@c.com",
        ] {
            assert!(address(RecipientType::Lnaddress, bad).is_err(), "{bad}");
        }
        assert_eq!(recipient_type("node"), Ok(RecipientType::Node));
        assert!(recipient_type("wallet").is_err());
    }

    #[test]
    fn splits_shares_and_percentages() {
        assert_eq!(split("95"), Ok(95));
        for bad in ["-1", "2.5", "", "x"] {
            assert!(split(bad).is_err(), "{bad}");
        }
        assert!(splits(&[95, 5]).is_ok());
        assert!(splits(&[0, 0]).unwrap_err().contains("every split is 0"));
        assert!(splits(&[]).unwrap_err().contains("no recipient"));
        assert_eq!(percentage("95"), Ok(95.0));
        assert!(percentage("101").is_err());
        assert!(percentage("-1").is_err());
        assert_eq!(seconds("60.5"), Ok(60.5));
        assert!(seconds("-3").is_err());
        assert!(within(60.0, 90.0).is_ok());
        assert!(within(90.0, 90.0).unwrap_err().contains("never played"));
    }
}
