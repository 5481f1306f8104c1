//! The hashes podfeed records: of a published file's bytes and of the inputs it was rendered
//! from. Pure: bytes in, lowercase hex out; the build computes them and the output folder's
//! manifest (`crate::site`) stores and compares them.

use sha2::{Digest, Sha256};

/// The one way inputs are hashed for the manifest's freshness check (`site::Manifest::is_fresh`):
/// sha256 over each part preceded by its length (8 bytes, little-endian), so `["ab", "c"]` and
/// `["a", "bc"]` differ. Lowercase hex.
/// Include everything the output depends on (the record's bytes, the transcript's bytes, the
/// formats and settings that shape the rendering).
pub fn input_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    hex(&h.finalize())
}

/// sha256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_hash_separates_parts() {
        assert_ne!(input_hash(&[b"ab", b"c"]), input_hash(&[b"a", b"bc"]));
        assert_eq!(input_hash(&[b"x"]), input_hash(&[b"x"]));
        assert_eq!(input_hash(&[]).len(), 64);
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
