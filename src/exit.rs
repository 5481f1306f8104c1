//! Process exit codes, one documented enum (DESIGN.md "Command line").

/// What a run of `podfeed` ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success; warnings allowed.
    Ok = 0,
    /// 1: validation found errors, or the build refused to write a feed with errors.
    Failed = 1,
    /// 2: bad invocation, config or records.
    Usage = 2,
    /// 3: another build holds the output folder's lock.
    Locked = 3,
    /// 4: the feed could not be fetched.
    Fetch = 4,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
