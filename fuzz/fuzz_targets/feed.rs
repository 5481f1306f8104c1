//! Fuzz target `feed`: see [`podfeed_fuzz::feed`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podfeed_fuzz::feed(data));
