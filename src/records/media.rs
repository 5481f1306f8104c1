//! The playing time of a local media file, told from its headers: MP3 (MPEG-1/2/2.5 audio) and
//! MP4/M4A/MOV (the ISO base media file format's `mvhd` box).
//!
//! Only headers are read, through a seekable reader, a few bytes at a time: an MP3's ID3v2 tag
//! and its first frame, an MP4's box headers and its `mvhd`. Large boxes (`mdat`, artwork) are
//! skipped by seeking, so a `moov` box at the end of a multi-gigabyte file costs a few reads.
//! A format not recognised, or headers that do not add up, give no duration (`None`): the file may
//! be of a kind this does not read (Opus, FLAC…), which is no reason to refuse a build, and a
//! feed without `itunes:duration` is still valid (SPEC.md §8.2 makes it optional).

use std::io::{Read, Seek, SeekFrom};

use super::values::MAX_DURATION_SECS;

/// The most bytes scanned for the first MPEG audio frame after any ID3v2 tag. Encoders put the
/// first frame right after the tag; a little slack allows for padding and junk before it.
const MP3_SCAN_BYTES: usize = 64 * 1024;

/// The most MP4 boxes looked at, top level and inside `moov` together; real files have a handful.
const MP4_MAX_BOXES: usize = 1024;

/// The duration of a media file in whole seconds (rounded to the nearest), or `None` when its
/// format is not recognised or its headers cannot be read. Reads only headers (see the module
/// doc); read errors count as unreadable headers.
pub fn duration_secs<R: Read + Seek>(r: &mut R) -> Option<u64> {
    let size = r.seek(SeekFrom::End(0)).ok()?;
    r.seek(SeekFrom::Start(0)).ok()?;
    let mut head = [0u8; 12];
    let n = read_up_to(r, &mut head).ok()?;
    let head = head.get(..n)?;
    let secs = if looks_like_mp4(head) {
        mp4_duration(r, size)?
    } else {
        mp3_duration(r, size)?
    };
    (secs <= MAX_DURATION_SECS).then_some(secs)
}

/// Fills `buf` as far as the reader goes; returns how many bytes were read.
fn read_up_to<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(buf.get_mut(filled..).unwrap_or_default())? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// `(a * b + c / 2) / c`, rounded to the nearest, `None` when `c` is 0 or the result overflows.
fn mul_div_round(a: u64, b: u64, c: u64) -> Option<u64> {
    if c == 0 {
        return None;
    }
    let c = u128::from(c);
    u64::try_from((u128::from(a) * u128::from(b) + c / 2) / c).ok()
}

// --- MP3 -----------------------------------------------------------------------------------------

/// The size of the ID3v2 tag at the start of `head`, header and footer included, or 0.
/// ID3v2.4 §3.1: "ID3", version (2 bytes), flags, then the tag size as four 7-bit "syncsafe"
/// bytes, not counting the 10-byte header; flag bit 4 announces a 10-byte footer.
fn id3v2_len(head: &[u8]) -> u64 {
    match head {
        [b'I', b'D', b'3', major, _, flags, s @ ..]
            if *major != 0xFF && s.len() >= 4 && s.iter().take(4).all(|b| b & 0x80 == 0) =>
        {
            let size = s
                .iter()
                .take(4)
                .fold(0u64, |acc, b| (acc << 7) | u64::from(*b));
            let footer = if flags & 0x10 != 0 { 10 } else { 0 };
            10 + size + footer
        }
        _ => 0,
    }
}

/// An MPEG audio frame header (ISO/IEC 11172-3 §2.4.2.3, ISO/IEC 13818-3 for MPEG-2 and the
/// MPEG-2.5 extension), the fields a duration needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FrameHeader {
    /// MPEG-1 (true) or MPEG-2/2.5 (false): the tables differ.
    mpeg1: bool,
    /// Layer 1, 2 or 3.
    layer: u8,
    /// Bits per second.
    bitrate: u64,
    /// Samples per second.
    sample_rate: u64,
    /// Whether the channel mode is single channel (the side information is shorter).
    mono: bool,
    /// Frame length in bytes, header included.
    len: u64,
}

impl FrameHeader {
    /// PCM samples one frame decodes to.
    fn samples(&self) -> u64 {
        match (self.layer, self.mpeg1) {
            (1, _) => 384,
            (3, false) => 576,
            _ => 1152,
        }
    }
}

/// Parses the four header bytes of an MPEG audio frame; `None` for anything not a valid header
/// (free-format bitrate included: its frame length cannot be told from the header).
fn frame_header(b: [u8; 4]) -> Option<FrameHeader> {
    // 11 sync bits.
    if b[0] != 0xFF || b[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (b[1] >> 3) & 3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
    let layer = match (b[1] >> 1) & 3 {
        1 => 3,
        2 => 2,
        3 => 1,
        _ => return None,
    };
    let mpeg1 = match version {
        3 => true,
        0 | 2 => false,
        _ => return None,
    };
    const V1_L1: [u64; 14] = [
        32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
    ];
    const V1_L2: [u64; 14] = [
        32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
    ];
    const V1_L3: [u64; 14] = [
        32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const V2_L1: [u64; 14] = [
        32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
    ];
    const V2_L23: [u64; 14] = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let table = match (mpeg1, layer) {
        (true, 1) => &V1_L1,
        (true, 2) => &V1_L2,
        (true, _) => &V1_L3,
        (false, 1) => &V2_L1,
        (false, _) => &V2_L23,
    };
    // Index 0 is "free format", 15 is forbidden.
    let index = usize::from(b[2] >> 4).checked_sub(1)?;
    let bitrate = table.get(index)? * 1000;
    let base_rate = match (b[2] >> 2) & 3 {
        0 => 44_100,
        1 => 48_000,
        2 => 32_000,
        _ => return None,
    };
    let sample_rate = match version {
        3 => base_rate,
        2 => base_rate / 2,
        _ => base_rate / 4,
    };
    let padding = u64::from((b[2] >> 1) & 1);
    let mono = b[3] >> 6 == 3;
    let mut header = FrameHeader {
        mpeg1,
        layer,
        bitrate,
        sample_rate,
        mono,
        len: 0,
    };
    // Layer 1 counts in 4-byte slots; layers 2 and 3 in bytes.
    header.len = if layer == 1 {
        (12 * bitrate / sample_rate + padding) * 4
    } else {
        header.samples() / 8 * bitrate / sample_rate + padding
    };
    Some(header)
}

/// The number of frames an encoder wrote into the first frame: a Xing/Info header (LAME's, in
/// layer 3 after the side information) or a Fraunhofer VBRI header (32 bytes after the frame
/// header). These are what make a variable-bitrate file's duration knowable without a scan.
fn vbr_frame_count(h: &FrameHeader, frame: &[u8]) -> Option<u64> {
    let be32 = |at: usize| -> Option<u64> {
        let b = frame.get(at..at + 4)?;
        Some(u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
    };
    if h.layer == 3 {
        let side_info = match (h.mpeg1, h.mono) {
            (true, false) => 32,
            (true, true) | (false, false) => 17,
            (false, true) => 9,
        };
        let at = 4 + side_info;
        if let Some(tag) = frame.get(at..at + 4)
            && (tag == b"Xing" || tag == b"Info")
        {
            let flags = be32(at + 4)?;
            // Flag bit 0: the frame count follows the flags.
            return if flags & 1 != 0 {
                be32(at + 8).filter(|&n| n > 0)
            } else {
                None
            };
        }
    }
    // VBRI: tag, version (2), delay (2), quality (2), bytes (4), frames (4).
    if frame.get(36..40) == Some(b"VBRI") {
        return be32(50).filter(|&n| n > 0);
    }
    None
}

/// The duration of an MP3: from a Xing/Info or VBRI frame count, else from the first frame's
/// bitrate and the audio's size (exact for constant bitrate, which is what files without a VBR
/// header almost always are).
fn mp3_duration<R: Read + Seek>(r: &mut R, size: u64) -> Option<u64> {
    let mut head = [0u8; 10];
    r.seek(SeekFrom::Start(0)).ok()?;
    let n = read_up_to(r, &mut head).ok()?;
    let start = id3v2_len(head.get(..n)?);
    if start >= size {
        return None;
    }
    r.seek(SeekFrom::Start(start)).ok()?;
    let mut buf = vec![0u8; MP3_SCAN_BYTES];
    let n = read_up_to(r, &mut buf).ok()?;
    buf.truncate(n);
    let (at, header) = first_frame(&buf)?;
    let frame = buf.get(at..)?;
    let duration = match vbr_frame_count(&header, frame) {
        Some(frames) => mul_div_round(frames, header.samples(), header.sample_rate)?,
        None => {
            // ID3v1 (a 128-byte tag starting "TAG") sits after the audio at the file's end.
            let mut tail = [0u8; 3];
            let id3v1 = size >= 128
                && r.seek(SeekFrom::Start(size - 128)).is_ok()
                && read_up_to(r, &mut tail).ok() == Some(3)
                && &tail == b"TAG";
            let end = if id3v1 { size - 128 } else { size };
            let audio = end.checked_sub(start + at as u64)?;
            mul_div_round(audio, 8, header.bitrate)?
        }
    };
    Some(duration)
}

/// The first frame header in `buf`: a valid header whose next frame, when it lies inside `buf`,
/// also starts with a valid header of the same version, layer and sample rate. The second check
/// keeps a stray 0xFF byte in junk from passing for a frame.
fn first_frame(buf: &[u8]) -> Option<(usize, FrameHeader)> {
    let header_at = |at: usize| -> Option<FrameHeader> {
        let b = buf.get(at..at + 4)?;
        frame_header([b[0], b[1], b[2], b[3]])
    };
    (0..buf.len()).find_map(|at| {
        let h = header_at(at)?;
        let next = at + usize::try_from(h.len).ok()?;
        if next + 4 <= buf.len() {
            let n = header_at(next)?;
            if (n.mpeg1, n.layer, n.sample_rate) != (h.mpeg1, h.layer, h.sample_rate) {
                return None;
            }
        }
        Some((at, h))
    })
}

// --- MP4 -----------------------------------------------------------------------------------------

/// Whether the file starts like an ISO base media file (ISO/IEC 14496-12 §4.2): a box header whose
/// type is one that begins MP4, M4A or QuickTime files.
fn looks_like_mp4(head: &[u8]) -> bool {
    matches!(
        head.get(4..8),
        Some(b"ftyp" | b"moov" | b"mdat" | b"wide" | b"free" | b"skip")
    )
}

/// A box header: its type, where its body starts and where the box ends.
struct BoxHeader {
    kind: [u8; 4],
    body: u64,
    end: u64,
}

/// Reads the box header at `at`, within a parent ending at `parent_end` (ISO/IEC 14496-12 §4.2:
/// a 32-bit size and a type; size 1 means a 64-bit size follows, size 0 means "to the end").
fn box_header<R: Read + Seek>(r: &mut R, at: u64, parent_end: u64) -> Option<BoxHeader> {
    r.seek(SeekFrom::Start(at)).ok()?;
    let mut b = [0u8; 8];
    r.read_exact(&mut b).ok()?;
    let size = u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let kind = [b[4], b[5], b[6], b[7]];
    let (size, header_len) = match size {
        0 => (parent_end - at, 8),
        1 => {
            let mut l = [0u8; 8];
            r.read_exact(&mut l).ok()?;
            (u64::from_be_bytes(l), 16)
        }
        s => (s, 8),
    };
    let end = at.checked_add(size)?;
    if size < header_len || end > parent_end {
        return None;
    }
    Some(BoxHeader {
        kind,
        body: at + header_len,
        end,
    })
}

/// Finds the first box of type `kind` among the boxes in `start..end`; `budget` counts the box
/// headers read, shared across calls, so a file of countless tiny boxes is not walked forever.
fn find_box<R: Read + Seek>(
    r: &mut R,
    start: u64,
    end: u64,
    kind: &[u8; 4],
    budget: &mut usize,
) -> Option<BoxHeader> {
    let mut at = start;
    while at < end {
        *budget = budget.checked_sub(1)?;
        let b = box_header(r, at, end)?;
        if &b.kind == kind {
            return Some(b);
        }
        at = b.end;
    }
    None
}

/// The duration of an MP4/M4A/MOV: `moov/mvhd`'s duration over its timescale (ISO/IEC 14496-12
/// §8.2.2). `moov` is found by seeking from box to box, wherever in the file it is.
fn mp4_duration<R: Read + Seek>(r: &mut R, size: u64) -> Option<u64> {
    let mut budget = MP4_MAX_BOXES;
    let moov = find_box(r, 0, size, b"moov", &mut budget)?;
    let mvhd = find_box(r, moov.body, moov.end, b"mvhd", &mut budget)?;
    r.seek(SeekFrom::Start(mvhd.body)).ok()?;
    // Version 0: 32-bit creation, modification, timescale, duration; version 1: 64-bit times and
    // duration, 32-bit timescale. Each after a version byte and three flag bytes.
    let mut b = [0u8; 32];
    let n = read_up_to(r, &mut b).ok()?;
    let b = b.get(..n.min(usize::try_from(mvhd.end - mvhd.body).ok()?))?;
    let be32 = |at: usize| -> Option<u64> {
        let s = b.get(at..at + 4)?;
        Some(u64::from(u32::from_be_bytes([s[0], s[1], s[2], s[3]])))
    };
    let be64 = |at: usize| -> Option<u64> { Some((be32(at)? << 32) | be32(at + 4)?) };
    let (timescale, duration) = match b.first()? {
        0 => (be32(12)?, be32(16).filter(|&d| d != u64::from(u32::MAX))?),
        1 => (be32(20)?, be64(24).filter(|&d| d != u64::MAX)?),
        _ => return None,
    };
    // All ones means "unknown" (§8.2.2.3); 0 means no media or a fragmented file whose length
    // lies in `mehd`: neither tells the playing time.
    if duration == 0 {
        return None;
    }
    mul_div_round(duration, 1, timescale)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn dur(bytes: Vec<u8>) -> Option<u64> {
        duration_secs(&mut Cursor::new(bytes))
    }

    /// MPEG-1 layer 3, 128 kbit/s, 44.1 kHz, joint stereo: 417-byte frames without padding.
    const FRAME_128K: [u8; 4] = [0xFF, 0xFB, 0x90, 0x44];

    fn cbr(frames: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..frames {
            let start = out.len();
            out.extend_from_slice(&FRAME_128K);
            out.resize(start + 417, 0);
        }
        out
    }

    #[test]
    fn frame_header_lengths_match_the_standard_formula() {
        let h = frame_header(FRAME_128K).unwrap();
        assert_eq!(
            (h.bitrate, h.sample_rate, h.len, h.samples()),
            (128_000, 44_100, 417, 1152)
        );
        // MPEG-2 layer 3, 8 kbit/s, 22.05 kHz, mono: 72 * 8000 / 22050 = 26 bytes, 576 samples.
        let h = frame_header([0xFF, 0xF3, 0x10, 0xC0]).unwrap();
        assert_eq!(
            (h.bitrate, h.sample_rate, h.len, h.samples()),
            (8_000, 22_050, 26, 576)
        );
        // Free format and a forbidden bitrate are refused.
        assert_eq!(frame_header([0xFF, 0xFB, 0x00, 0x44]), None);
        assert_eq!(frame_header([0xFF, 0xFB, 0xF0, 0x44]), None);
    }

    #[test]
    fn constant_bitrate_duration_comes_from_size_and_bitrate() {
        // 1000 frames of 417 bytes at 128 kbit/s: 417000 * 8 / 128000 = 26.06 s.
        assert_eq!(dur(cbr(1000)), Some(26));
    }

    #[test]
    fn an_id3v2_tag_is_skipped() {
        let mut file = b"ID3\x04\x00\x00\x00\x00\x01\x00".to_vec(); // 128-byte body
        file.resize(10 + 128, 0xFF); // 0xFF bytes that are not a frame
        file.extend(cbr(1000));
        assert_eq!(dur(file), Some(26));
    }

    #[test]
    fn unreadable_data_gives_no_duration() {
        assert_eq!(dur(Vec::new()), None);
        assert_eq!(dur(b"not a media file at all".repeat(100)), None);
        assert_eq!(dur(b"\0\0\0\x08ftyp".to_vec()), None);
        // A tag that claims to be longer than the file.
        assert_eq!(dur(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f".to_vec()), None);
    }

    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut b = u32::try_from(8 + body.len())
            .unwrap()
            .to_be_bytes()
            .to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    }

    #[test]
    fn a_version_1_mvhd_with_a_64_bit_duration_is_read() {
        // Version 1: version/flags (4), creation (8), modification (8), timescale (4), duration (8).
        let mut mvhd = vec![0u8; 112];
        mvhd[0] = 1;
        mvhd[20..24].copy_from_slice(&1000u32.to_be_bytes());
        mvhd[24..32].copy_from_slice(&5_000_400u64.to_be_bytes());
        let mut file = mp4_box(b"ftyp", b"isom\0\0\0\0");
        file.extend(mp4_box(b"moov", &mp4_box(b"mvhd", &mvhd)));
        assert_eq!(dur(file.clone()), Some(5000));
        // An all-ones duration means "unknown".
        mvhd[24..32].copy_from_slice(&u64::MAX.to_be_bytes());
        let mut file = mp4_box(b"ftyp", b"isom\0\0\0\0");
        file.extend(mp4_box(b"moov", &mp4_box(b"mvhd", &mvhd)));
        assert_eq!(dur(file), None);
    }

    #[test]
    fn mp4_box_sizes_that_lie_give_no_duration() {
        // A moov box claiming 2^64 - 1 bytes via the 64-bit size.
        let mut file = b"\0\0\0\x01moov".to_vec();
        file.extend_from_slice(&u64::MAX.to_be_bytes());
        assert_eq!(dur(file), None);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_an_answer_without_panicking(
            prefix in proptest::sample::select(vec![&b""[..], b"ID3\x03\0\0\0\0\0\x10", b"\0\0\0\x10ftyp", b"\xff\xfb\x90\x44"]),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
        ) {
            let mut file = prefix.to_vec();
            file.extend(body);
            let d = dur(file);
            proptest::prop_assert!(d.is_none_or(|s| s <= MAX_DURATION_SECS));
        }
    }
}
