//! Pure renderers of a run's diagnostics: [`human`] (compiler-style, with the source line and a
//! caret) and [`json`] (one object for machines).

pub mod human;
pub mod json;
