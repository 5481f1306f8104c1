//! The validator's rules: one family per file, each rule with a stable id, a severity and a profile.
