//! Helpers shared by the integration tests.

pub mod client;
pub mod example;
pub mod server;
pub mod site;
