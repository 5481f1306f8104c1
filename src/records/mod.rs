//! Records → model: config.toml, show.toml and episode records parsed with serde + toml, every
//! problem reported as a [`crate::diagnostic::Diagnostic`] with file, line and column.
