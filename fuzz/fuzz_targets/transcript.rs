//! Fuzz target `transcript`: see [`podfeed_fuzz::transcript`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podfeed_fuzz::transcript(data));
