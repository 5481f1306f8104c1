//! podfeed: build, validate and convert podcast feeds with transcripts.
//!
//! The crate is a pure core with IO at the edges:
//!
//! - core (no filesystem, network or clock; the time is passed in): [`rule`], [`diagnostic`],
//!   [`toml_file`], [`model`], [`namespace`],
//!   [`config`], [`records`] (except [`records::read`]), [`transcript`], [`chapters`], [`render`],
//!   [`build`], [`feed`], [`rules`], [`compare`], [`validate`], [`report`], [`hash`], [`import`]
//!   (a published feed → records), and the spec data in
//!   [`categories`], [`guid`], [`medium`], [`mime`] and [`taxonomy`];
//! - edge: [`records::read`] (reads the records from disk), [`site`] (the output folder: atomic
//!   writes, lock, manifest, pings), [`http`] (fetch feeds, check links), [`clock`], and the
//!   command line in [`cli`] with its [`exit`] codes.
//!
//! Converting a transcript is a pure call:
//!
//! ```
//! use podfeed::transcript::{self, Format, WriteOptions};
//!
//! let srt = "1\n00:00:01,000 --> 00:00:03,500\nAna: Welcome back to the show.\n";
//! let t = transcript::read("episode.srt", srt.as_bytes(), None)?;
//! let vtt = transcript::write(&t, Format::Vtt, &WriteOptions::default());
//! assert!(vtt.starts_with("WEBVTT"));
//! assert!(vtt.contains("00:00:01.000 --> 00:00:03.500\n<v Ana>Welcome back to the show."));
//! # Ok::<(), podfeed::transcript::ReadError>(())
//! ```

#![deny(missing_docs)]

pub mod build;
pub mod categories;
pub mod chapters;
pub mod cli;
pub mod clock;
pub mod compare;
pub mod config;
pub mod diagnostic;
pub mod exit;
pub mod feed;
pub mod guid;
pub mod hash;
pub mod http;
pub mod import;
pub mod medium;
pub mod mime;
pub mod model;
pub mod namespace;
pub mod records;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
pub mod site;
pub mod taxonomy;
pub mod toml_file;
pub mod transcript;
pub mod validate;
