//! Pure renderers of a run's diagnostics: human (compiler-style) and JSON.
