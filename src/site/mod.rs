//! Edge: the output folder on disk: atomic writes, the lock, the manifest, cleanup.
