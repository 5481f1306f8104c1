//! The hashes podfeed records: of a published file's bytes and of the inputs it was rendered
//! from. Pure: bytes in, a [`Sha256`] out; the build computes them and the output folder's
//! manifest (`crate::site`) stores and compares them.

use std::fmt;

use sha2::Digest as _;

/// A sha256 digest: 32 bytes, compared and copied as such; written as 64 lowercase hex digits in
/// messages and in human-readable formats (JSON), as the bytes themselves in binary ones (the
/// manifest). Held as bytes so the manifest's 50,000 entries of a large show are read, compared
/// and dropped without a string each (issue 15).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256([u8; 32]);

impl Sha256 {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256 {
        Sha256(sha2::Sha256::digest(bytes).into())
    }

    /// The digest written as 64 hex digits (either case); `None` for anything else. A table
    /// lookup per digit, without a branch (the manifest of a large show holds 100,000 of them).
    pub fn from_hex(text: &str) -> Option<Sha256> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0; 32];
        let mut invalid = 0;
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            let (high, low) = (HEX[usize::from(pair[0])], HEX[usize::from(pair[1])]);
            invalid |= high | low;
            *byte = high << 4 | low;
        }
        (invalid & !0x0f == 0).then_some(Sha256(bytes))
    }

    /// The digest's 32 bytes (a part of an [`input_hash`]).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hex digits, without allocating.
    fn hex(&self) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0; 64];
        for (pair, b) in text.chunks_exact_mut(2).zip(self.0) {
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 0x0f)];
        }
        text
    }
}

/// The value of each byte as a hex digit, `0xff` for a byte that is not one.
const HEX: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        // ASCII digits only.
        f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Sha256 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return self.0.serialize(serializer);
        }
        let hex = self.hex();
        let text = std::str::from_utf8(&hex).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

impl<'de> serde::Deserialize<'de> for Sha256 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = Sha256;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sha256 digest as 64 hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Sha256, E> {
                Sha256::from_hex(text)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))
            }
        }
        if !deserializer.is_human_readable() {
            return <[u8; 32]>::deserialize(deserializer).map(Sha256);
        }
        // A borrowed string where the format has one (JSON without escapes): no copy.
        deserializer.deserialize_str(Hex)
    }
}

/// The one way inputs are hashed for the manifest's freshness check (`site::Manifest::is_fresh`):
/// sha256 over each part preceded by its length (8 bytes, little-endian), so `["ab", "c"]` and
/// `["a", "bc"]` differ.
/// Include everything the output depends on (the record's bytes, the transcript's bytes, the
/// formats and settings that shape the rendering).
pub fn input_hash(parts: &[&[u8]]) -> Sha256 {
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    Sha256(h.finalize().into())
}

/// sha256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::of(bytes).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_hash_separates_parts() {
        assert_ne!(input_hash(&[b"ab", b"c"]), input_hash(&[b"a", b"bc"]));
        assert_eq!(input_hash(&[b"x"]), input_hash(&[b"x"]));
        assert_eq!(input_hash(&[]).to_string().len(), 64);
    }

    #[test]
    fn a_digest_reads_back_from_its_hex_and_from_json() {
        let digest = Sha256::of(b"abc");
        let hex = digest.to_string();
        assert_eq!(Sha256::from_hex(&hex), Some(digest));
        assert_eq!(Sha256::from_hex(&hex.to_uppercase()), Some(digest));
        assert_eq!(Sha256::from_hex(&hex[1..]), None, "63 digits");
        assert_eq!(
            Sha256::from_hex(&format!("g{}", &hex[1..])),
            None,
            "not a hex digit"
        );
        let json = serde_json::to_string(&digest).expect("json");
        assert_eq!(json, format!("\"{hex}\""));
        assert_eq!(serde_json::from_str::<Sha256>(&json).expect("read"), digest);
        assert!(serde_json::from_str::<Sha256>("\"h1\"").is_err());
    }

    #[test]
    fn sha256_matches_the_known_digest_of_abc() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
