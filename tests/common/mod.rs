//! Helpers shared by the integration tests.

pub mod example;
pub mod server;
pub mod site;
