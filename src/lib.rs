//! podfeed: build, validate and convert podcast feeds with transcripts.
//!
//! The crate is a pure core with IO at the edges:
//!
//! - core (no filesystem, network or clock): [`diagnostic`], [`model`], [`records`], [`transcript`],
//!   [`render`], [`feed`], [`rules`], [`compare`], [`validate`], [`report`];
//! - edge: [`site`] (disk: read records, write output atomically, lock, manifest), [`http`]
//!   (fetch feeds, check links), [`clock`], and the command line in [`cli`].

pub mod build;
pub mod categories;
pub mod cli;
pub mod clock;
pub mod compare;
pub mod config;
pub mod diagnostic;
pub mod exit;
pub mod feed;
pub mod guid;
pub mod http;
pub mod mime;
pub mod model;
pub mod records;
pub mod render;
pub mod report;
pub mod rules;
pub mod site;
pub mod taxonomy;
pub mod transcript;
pub mod validate;
