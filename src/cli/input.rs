//! Reading an input file whole, bounded: a feed, a transcript, a chapters file.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Files at least this large are read as two halves side by side when the machine has a second
/// core. Most of a read's time is the kernel's (faulting in the destination pages and copying
/// into them), and it runs before the parse can start, so halving it shortens the whole run
/// (BENCHMARKS.md, "Validation streams").
const HALVES_FROM: u64 = 4 << 20;

/// Reads a file of at most `limit` bytes. A larger one is refused from its size before any of
/// it is read (a `FileTooLarge` error saying both sizes); one that grows while being read is
/// read to one byte past `limit`, which the reader then refuses.
pub(super) fn read_bounded(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit as u64 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("the file is {size} bytes, over the limit of {limit} bytes"),
        ));
    }
    let size = usize::try_from(size).unwrap_or(0);
    if size as u64 >= HALVES_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
        && let Some(bytes) = read_halves(&file, size)?
    {
        return Ok(bytes);
    }
    let mut bytes = Vec::with_capacity(size);
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The `size` bytes of `file`, its second half read on another thread; `None` when the file is
/// no longer `size` bytes long (it changed while read) or no thread could be started, for the
/// caller to read it whole from the start.
fn read_halves(file: &File, size: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = vec![0u8; size];
    let middle = size / 2;
    let (first, second) = bytes.split_at_mut(middle);
    let read = std::thread::scope(|scope| {
        // No thread to be had (a process at its limit): the caller reads the file whole.
        let other = std::thread::Builder::new()
            .spawn_scoped(scope, || file.read_exact_at(second, middle as u64))
            .ok()?;
        let one = file.read_exact_at(first, 0);
        let two = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some((one, two))
    });
    let Some((one, two)) = read else {
        return Ok(None);
    };
    for read in [one, two] {
        match read {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    // A byte past the end: the file grew while it was read.
    if file.read_at(&mut [0u8], size as u64)? != 0 {
        return Ok(None);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_halves_is_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.xml");
        // An odd length, not a multiple of any page, with every byte value in it.
        let len = usize::try_from(HALVES_FROM).expect("fits") + 4097;
        let content: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &content).expect("write");
        let read = read_bounded(&path, len).expect("read");
        assert!(read == content, "the halves are not the file");
        let err = read_bounded(&path, len - 1).expect_err("over the limit");
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn a_file_shorter_than_its_size_said_is_read_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("feed.xml");
        std::fs::write(&path, b"<rss/>").expect("write");
        let file = File::open(&path).expect("open");
        assert!(read_halves(&file, 64).expect("read").is_none());
        assert_eq!(read_halves(&file, 3).expect("read"), None, "grown");
        assert_eq!(
            read_halves(&file, 6).expect("read"),
            Some(b"<rss/>".to_vec())
        );
    }
}
