//! A published feed compared with the local records: missing, extra, changed and stale episodes.
