//! Helpers shared by the integration tests.

pub mod client;
pub mod cron_site;
pub mod directory;
pub mod example;
pub mod fixtures;
pub mod pipe;
pub mod postgres;
pub mod serve;
pub mod server;
pub mod show;
pub mod site;
pub mod webvtt;
