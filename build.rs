//! Links the `podfeed` binary with packed relative relocations (`-z pack-relative-relocs`,
//! DT_RELR) where the loader reads them: glibc 2.36 or later, on Linux, built for the machine
//! that builds it. The binary is position-independent, and its 33,000 relative relocations take
//! 9 KB packed rather than 810 KB, which the loader reads at every start: a run keeps 1.8 MB less
//! resident (BENCHMARKS.md, "The binary's own memory"). Elsewhere (another C library, an older
//! glibc, a cross build) the binary links as before.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    let gnu_linux = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if native && gnu_linux && glibc_version().is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The C library's version, from `getconf GNU_LIBC_VERSION` (`glibc 2.36`); `None` when that
/// does not answer so.
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (major, rest) = text.trim().strip_prefix("glibc ")?.split_once('.')?;
    let minor = rest.split('.').next()?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}
