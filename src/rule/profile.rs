//! Profiles: whose requirements a feed rule enforces (SPEC.md §0 legend); and families, which
//! group every rule the tool emits by the check that gives it (feed, records, links, …).

use std::fmt;
use std::str::FromStr;

/// Whose requirements a rule enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Profile {
    /// RSS 2.0 and XML itself.
    Rss,
    /// Apple Podcasts.
    Apple,
    /// The Podcast Index namespace.
    PodcastIndex,
    /// Spotify (weakly sourced: warnings only, SPEC.md Appendix B).
    Spotify,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 4] = [
        Profile::Rss,
        Profile::Apple,
        Profile::PodcastIndex,
        Profile::Spotify,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Rss => "rss",
            Profile::Apple => "apple",
            Profile::PodcastIndex => "podcastindex",
            Profile::Spotify => "spotify",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown profile \"{s}\"; expected rss, apple, podcastindex or spotify")
            })
    }
}

/// Which check gives a rule's diagnostics. Only feed rules belong to a profile, and only they
/// are selected by `--profile`; the others run whenever their check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// A rule of the feed validator (`podfeed validate`, the builder's self-check), turned on by
    /// its profile.
    Feed(Profile),
    /// A rule about the local records (`show.toml`, episode files, transcripts, media), checked
    /// when they are read.
    Records,
    /// A rule of `podfeed validate`'s link checks: what the servers of the feed's links answer.
    Links,
    /// A rule about fetching the feed itself from its URL.
    Fetch,
    /// A rule of the comparison between the published feed and the local records.
    Compare,
}

impl Family {
    /// The profile that turns a feed rule on; `None` for the other families.
    pub fn profile(self) -> Option<Profile> {
        match self {
            Family::Feed(p) => Some(p),
            _ => None,
        }
    }

    /// The family's name as `podfeed explain` lists it: a feed rule shows its profile.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Feed(p) => p.as_str(),
            Family::Records => "records",
            Family::Links => "links",
            Family::Fetch => "fetch",
            Family::Compare => "compare",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Family::Feed(p) => write!(f, "profile {p}"),
            other => write!(f, "family {}", other.as_str()),
        }
    }
}

/// A set of selected profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profiles([bool; 4]);

impl Profiles {
    /// All profiles (the default).
    pub fn all() -> Self {
        Profiles([true; 4])
    }

    /// Only the given profiles.
    pub fn only(list: &[Profile]) -> Self {
        let mut set = [false; 4];
        for p in list {
            set[*p as usize] = true;
        }
        Profiles(set)
    }

    /// Parses command-line names; an empty list means all.
    pub fn parse(names: &[String]) -> Result<Self, String> {
        if names.is_empty() {
            return Ok(Self::all());
        }
        let list = names
            .iter()
            .map(|n| n.parse())
            .collect::<Result<Vec<Profile>, _>>()?;
        Ok(Self::only(&list))
    }

    /// True when `p` is selected.
    pub fn has(&self, p: Profile) -> bool {
        self.0[p as usize]
    }
}

impl Default for Profiles {
    fn default() -> Self {
        Self::all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_defaults_to_all() {
        assert_eq!(Profiles::parse(&[]), Ok(Profiles::all()));
        let p = Profiles::parse(&["apple".into()]).expect("valid");
        assert!(p.has(Profile::Apple) && !p.has(Profile::Rss));
        assert!(Profiles::parse(&["google".into()]).is_err());
    }
}
