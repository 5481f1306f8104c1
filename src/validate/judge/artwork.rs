//! Artwork findings (SPEC.md §1.2, `itunes:image`): JPEG or PNG, square, 1400 to 3000 pixels a
//! side, RGB. The edge fetches only the first bytes: the header holds all of it.

use url::Url;

use super::failure;
use super::result::{Body, LinkResult};
use crate::diagnostic::Diagnostic;

/// Smallest and largest side Apple accepts, in pixels (SPEC.md §1.2).
pub const MIN_SIDE: usize = 1400;
/// See [`MIN_SIDE`].
pub const MAX_SIDE: usize = 3000;

/// The findings about the artwork at `url` from the answer to a `GET` of its first bytes.
pub(super) fn judge(url: &Url, result: &LinkResult, out: &mut Vec<Diagnostic>) {
    let noun = "artwork";
    let response = match failure::successful_get(noun, url, result) {
        Ok(r) => r,
        Err(finding) => return out.extend(finding),
    };
    // A server without range support sends the whole file: the edge's cap still bounds it.
    match &response.body {
        Body::Read { bytes, .. } => out.extend(check_image(url, bytes)),
        Body::Failed(e) => out.push(failure::body_error(noun, url, e)),
        Body::NotRead => {}
    }
}

/// Findings about an image from its first bytes: format, size, colour space. Pure.
pub fn check_image(url: &Url, head: &[u8]) -> Vec<Diagnostic> {
    let at = url.as_str();
    let help = "Apple Podcasts requires square JPEG or PNG artwork of 1400 to 3000 pixels, RGB";
    let format = match imagesize::image_type(head) {
        Ok(t @ (imagesize::ImageType::Jpeg | imagesize::ImageType::Png)) => t,
        Ok(other) => {
            return vec![
                Diagnostic::new(
                    &crate::rules::links::LINK_ARTWORK_FORMAT,
                    format!("artwork {at} is {other:?}, not JPEG or PNG"),
                )
                .help(help),
            ];
        }
        Err(_) => {
            return vec![
                Diagnostic::new(
                    &crate::rules::links::LINK_ARTWORK_FORMAT,
                    format!("artwork {at} is not an image podfeed can read (not JPEG or PNG)"),
                )
                .help(help),
            ];
        }
    };
    let mut out = Vec::new();
    match imagesize::blob_size(head) {
        Ok(size) => {
            let (w, h) = (size.width, size.height);
            let in_range = (MIN_SIDE..=MAX_SIDE).contains(&w) && (MIN_SIDE..=MAX_SIDE).contains(&h);
            if w != h || !in_range {
                let shape = if w == h { "" } else { ", not square" };
                out.push(
                    Diagnostic::new(&crate::rules::links::LINK_ARTWORK_SIZE,
                        format!("artwork {at} is {w}×{h} pixels{shape}; expected {MIN_SIDE}×{MIN_SIDE} to {MAX_SIDE}×{MAX_SIDE}"),
                    )
                    .help(help),
                );
            }
        }
        // Reported with the rule's registered severity, an error: Apple's size requirement is a
        // MUST, and artwork whose size cannot be read cannot be shown to meet it.
        Err(_) => out.push(Diagnostic::new(
            &crate::rules::links::LINK_ARTWORK_SIZE,
            format!(
                "artwork {at}: the pixel size is not in the first {} bytes",
                head.len()
            ),
        )),
    }
    let colour = match format {
        imagesize::ImageType::Png => png_colour(head),
        _ => jpeg_colour(head),
    };
    if let Some(Colour::Grey | Colour::Cmyk) = colour {
        let name = if colour == Some(Colour::Grey) {
            "greyscale"
        } else {
            "CMYK"
        };
        out.push(
            Diagnostic::new(
                &crate::rules::links::LINK_ARTWORK_COLORSPACE,
                format!("artwork {at} is {name}, not RGB"),
            )
            .help(help),
        );
    }
    out
}

/// The colour model, where the header tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Colour {
    Rgb,
    Grey,
    Cmyk,
}

/// PNG: the IHDR colour type, byte 25 (8-byte signature, chunk length and type, width, height,
/// bit depth). 0 and 4 are greyscale; 2, 3 (palette of RGB) and 6 are RGB.
fn png_colour(head: &[u8]) -> Option<Colour> {
    match head.get(25)? {
        0 | 4 => Some(Colour::Grey),
        2 | 3 | 6 => Some(Colour::Rgb),
        _ => None,
    }
}

/// JPEG: the component count of the first start-of-frame segment: 1 grey, 3 YCbCr/RGB, 4 CMYK.
fn jpeg_colour(head: &[u8]) -> Option<Colour> {
    let mut i = 2; // after SOI
    loop {
        // Segments start with 0xFF, possibly padded with more 0xFF.
        while head.get(i) == Some(&0xFF) && head.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if head.get(i) != Some(&0xFF) {
            return None;
        }
        let marker = *head.get(i + 1)?;
        let len = usize::from(u16::from_be_bytes([*head.get(i + 2)?, *head.get(i + 3)?]));
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            // length(2) precision(1) height(2) width(2) components(1)
            return match head.get(i + 9)? {
                1 => Some(Colour::Grey),
                3 => Some(Colour::Rgb),
                4 => Some(Colour::Cmyk),
                _ => None,
            };
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 33 bytes of a PNG: signature and IHDR (CRC not checked by readers of size).
    pub(crate) fn png(w: u32, h: u32, colour_type: u8) -> Vec<u8> {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, colour_type, 0, 0, 0]);
        b.extend_from_slice(&[0, 0, 0, 0]);
        b
    }

    /// A JPEG header: SOI, an APP0 segment, then SOF0 with `components`.
    fn jpeg(w: u16, h: u16, components: u8) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        b.extend_from_slice(&[0xFF, 0xC0, 0, 8 + 3 * u16::from(components) as u8, 8]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.push(components);
        for c in 0..components {
            b.extend_from_slice(&[c + 1, 0x11, 0]);
        }
        b
    }

    fn rules(d: &[Diagnostic]) -> Vec<&'static crate::rules::Rule> {
        d.iter().map(|d| d.rule).collect()
    }

    fn url() -> Url {
        Url::parse("https://h/cover.png").expect("url")
    }

    #[test]
    fn square_rgb_artwork_in_range_passes() {
        assert!(check_image(&url(), &png(1400, 1400, 2)).is_empty());
        assert!(check_image(&url(), &png(3000, 3000, 6)).is_empty());
        assert!(check_image(&url(), &jpeg(2000, 2000, 3)).is_empty());
    }

    #[test]
    fn small_large_or_oblong_artwork_is_a_size_error() {
        for (w, h) in [(1000, 1000), (3001, 3001), (1400, 1500)] {
            assert_eq!(
                rules(&check_image(&url(), &png(w, h, 2))),
                ["link.artwork.size"],
                "{w}x{h}"
            );
        }
        let d = check_image(&url(), &jpeg(1400, 1500, 3));
        assert!(d[0].message.contains("not square"), "{d:?}");
    }

    #[test]
    fn greyscale_and_cmyk_are_colour_warnings() {
        assert_eq!(
            rules(&check_image(&url(), &png(1400, 1400, 0))),
            ["link.artwork.colorspace"]
        );
        assert_eq!(
            rules(&check_image(&url(), &jpeg(1400, 1400, 4))),
            ["link.artwork.colorspace"]
        );
        assert_eq!(
            rules(&check_image(&url(), &jpeg(1400, 1400, 1))),
            ["link.artwork.colorspace"]
        );
    }

    #[test]
    fn other_formats_and_garbage_are_format_errors() {
        let gif = b"GIF89a\x78\x05\x78\x05\0\0\0".to_vec();
        assert_eq!(rules(&check_image(&url(), &gif)), ["link.artwork.format"]);
        assert_eq!(
            rules(&check_image(&url(), b"<html>")),
            ["link.artwork.format"]
        );
        assert_eq!(rules(&check_image(&url(), b"")), ["link.artwork.format"]);
    }

    #[test]
    fn a_truncated_jpeg_does_not_panic() {
        let full = jpeg(1400, 1400, 3);
        for n in 0..full.len() {
            let _ = check_image(&url(), &full[..n]);
        }
    }
}
