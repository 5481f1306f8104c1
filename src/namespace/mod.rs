//! The value grammars of the `podcast:` namespace (SPEC.md §2, §5): one function per kind of
//! value, pure, returning the parsed value or what was expected. The records loader (an error
//! located in the record) and the validator's rules (a finding located in the feed) both call
//! them, so a value the builder accepts is a value the validator accepts.

pub mod chapters;
pub mod image;
pub mod license;
pub mod location;
pub mod media;
pub mod rrule;
pub mod show_tags;
pub mod slugs;
pub mod uri;
pub mod value;
