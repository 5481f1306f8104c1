//! Fuzz target `records`: see [`podfeed_fuzz::records`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podfeed_fuzz::records(data));
