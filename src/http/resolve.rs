//! The client's name resolver, which keeps a fetch from being turned inward (issue 16): a host
//! name that resolves to a private address ([`is_private_ip`]: loopback, RFC 1918, link-local
//! and so the cloud metadata address 169.254.169.254, unique-local) is refused when the run
//! refuses private addresses. The check is made on the addresses the connection will use, after
//! DNS, for the first request and for every redirect, so neither a public name pointing inward
//! nor DNS rebinding reaches the local network. Address literals do not come here: the redirect
//! check ([`super::request`]) judges them by the URL.
//!
//! `localhost` and its subdomains are the user's own machine by name, asked for on purpose, and
//! always resolve. `--allow-private` (`Guard::allow_private`) turns the filter off for people who
//! validate a feed on their own LAN.

use std::collections::HashMap;
use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::validate::judge::is_private_ip;

/// Resolves host names, dropping private addresses unless they are allowed.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Whether private addresses are allowed (`--allow-private`).
    allow_private: bool,
    /// Fixed addresses for names, used instead of DNS (like curl's `--resolve`); tests use them
    /// to make a public name point at a local server.
    fixed: HashMap<String, Vec<SocketAddr>>,
}

impl Guard {
    /// A guard that refuses private addresses of names other than `localhost`.
    pub fn refusing_private() -> Self {
        Guard::default()
    }

    /// A guard that lets every address through (`--allow-private`).
    pub fn allow_private() -> Self {
        Guard {
            allow_private: true,
            ..Guard::default()
        }
    }

    /// Resolves `name` to `addr` instead of asking DNS; the address is still judged.
    pub fn fixed(mut self, name: &str, addr: SocketAddr) -> Self {
        self.fixed
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(addr);
        self
    }

    /// Keeps the addresses `name` may be connected to; `Err` says why none is left.
    fn judge(&self, name: &str, addrs: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, String> {
        let local_name = {
            let n = name.trim_end_matches('.').to_ascii_lowercase();
            n == "localhost" || n.ends_with(".localhost")
        };
        if self.allow_private || local_name {
            return Ok(addrs);
        }
        let (private, public): (Vec<SocketAddr>, Vec<SocketAddr>) =
            addrs.into_iter().partition(|a| is_private_ip(a.ip()));
        if public.is_empty() && !private.is_empty() {
            let list: Vec<String> = private.iter().map(|a| a.ip().to_string()).collect();
            return Err(format!(
                "{name} resolves to a private address ({}), refused for a public feed \
                 (--allow-private allows it)",
                list.join(", ")
            ));
        }
        Ok(public)
    }
}

impl Resolve for Guard {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs = match guard.fixed.get(&host.to_ascii_lowercase()) {
                Some(fixed) => fixed.clone(),
                None => tokio::net::lookup_host((host.as_str(), 0)).await?.collect(),
            };
            let kept = guard.judge(&host, addrs)?;
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().expect("test address")
    }

    #[test]
    fn private_addresses_of_a_public_name_are_dropped_and_all_private_is_refused() {
        let g = Guard::refusing_private();
        let mixed = vec![addr("10.0.0.1:80"), addr("93.184.216.34:80")];
        assert_eq!(
            g.judge("feeds.example", mixed),
            Ok(vec![addr("93.184.216.34:80")])
        );
        let err = g
            .judge("feeds.example", vec![addr("169.254.169.254:80")])
            .expect_err("metadata address");
        assert!(err.contains("feeds.example resolves to a private address (169.254.169.254)"));
        assert!(err.contains("--allow-private"));
        let v6 = g.judge("x.example", vec![addr("[::1]:80")]);
        assert!(v6.is_err());
    }

    #[test]
    fn localhost_and_allow_private_keep_every_address() {
        let loopback = vec![addr("127.0.0.1:80")];
        let g = Guard::refusing_private();
        assert_eq!(g.judge("localhost", loopback.clone()), Ok(loopback.clone()));
        assert_eq!(
            g.judge("app.localhost.", loopback.clone()),
            Ok(loopback.clone())
        );
        let lan = Guard::allow_private();
        assert_eq!(lan.judge("nas.lan", loopback.clone()), Ok(loopback));
    }
}
