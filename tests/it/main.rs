//! The integration tests, as one test binary (each binary links the whole crate, so one keeps CI's
//! link time low). One module per area; shared helpers in [`common`].

mod common;

mod build;
mod build_broken_pipe;
mod build_fast_path;
mod build_languages;
mod build_media;
mod chapters;
mod conformance;
mod cron;
mod cron_cli;
mod disk_faults;
mod every_tag;
mod every_tag_items;
mod every_tag_show;
mod example_feed;
mod false_alarms;
mod fetch_inward;
mod fuzz_regressions;
mod http_fetch;
mod http_links;
mod import;
mod import_feed;
mod layering;
mod proptest_build;
mod readme_example;
mod real_feeds;
mod rules;
mod site_lock;
mod site_notify;
mod site_publish;
mod transcripts;
mod transcripts_cli;
mod transcripts_roundtrip;
mod transcripts_speakers;
mod transcripts_words;
mod validate_broken_pipe;
mod validate_cache;
mod validate_compare;
mod validate_fetch;
mod validate_human;
mod validate_links;
