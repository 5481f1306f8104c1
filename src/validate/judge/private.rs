//! Which URLs point at a private address: loopback, private ranges, link-local, unique-local and
//! `localhost`. A public feed's links to such addresses are not requested (`link.private`):
//! fetching them from the machine that runs `podfeed validate` would reach its own network on a
//! stranger's behalf. A feed that is itself on a private address (a local preview on 127.0.0.1)
//! is left alone (DESIGN.md pitfalls).
//!
//! The check reads the URL's host only and resolves nothing; the fetching edge applies
//! [`is_private_ip`] to the addresses a name resolves to (`http::Guard`), so a public name that
//! resolves (or is re-pointed, "DNS rebinding") to a private address is refused too.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// Whether `url`'s host is a private address literal or `localhost`.
pub fn is_private(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(Host::Ipv4(ip)) => private_v4(ip),
        Some(Host::Ipv6(ip)) => private_v6(ip),
        None => false,
    }
}

/// Whether `ip` is a private address, by the same ranges as [`is_private`].
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => private_v6(v6),
    }
}

/// 127/8 loopback, 10/8, 172.16/12, 192.168/16 (RFC 1918), 169.254/16 link-local, 0/8 "this
/// network" (0.0.0.0 reaches the local host on many systems).
fn private_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.octets()[0] == 0
}

/// ::1 loopback, :: unspecified, fc00::/7 unique-local, fe80::/10 link-local, and an IPv4 address
/// written as IPv6 (`::ffff:127.0.0.1`) judged as IPv4.
fn private_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return private_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback() || ip.is_unspecified() || first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(url: &str) -> bool {
        is_private(&Url::parse(url).expect("test URL"))
    }

    #[test]
    fn private_literals_and_localhost_are_private() {
        for url in [
            "http://127.0.0.1:8080/a.mp3",
            "http://10.1.2.3/a",
            "http://172.16.0.1/a",
            "http://172.31.255.255/a",
            "http://192.168.1.1/a",
            "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0/a",
            "http://[::1]/a",
            "http://[fc00::1]/a",
            "http://[fd12:3456::1]/a",
            "http://[fe80::1]/a",
            "http://[::ffff:127.0.0.1]/a",
            "http://localhost/a",
            "http://LOCALHOST./a",
            "http://api.localhost/a",
        ] {
            assert!(private(url), "{url}");
        }
    }

    #[test]
    fn public_names_and_addresses_are_not() {
        for url in [
            "https://podcasts.example.com/feed.xml",
            "http://172.32.0.1/a",
            "http://172.15.0.1/a",
            "http://8.8.8.8/a",
            "http://[2001:db8::1]/a",
            "http://localhost.example.com/a",
        ] {
            assert!(!private(url), "{url}");
        }
    }
}
