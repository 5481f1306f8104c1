//! Edge: fetching feeds and checking the links they hold (reqwest on tokio).
