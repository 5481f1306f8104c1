//! Fuzz target `import`: see [`podfeed_fuzz::import`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podfeed_fuzz::import(data));
