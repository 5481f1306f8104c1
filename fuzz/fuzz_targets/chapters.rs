//! Fuzz target `chapters`: see [`podfeed_fuzz::chapters`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podfeed_fuzz::chapters(data));
