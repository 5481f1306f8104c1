//! Profiles: whose requirements a rule enforces (SPEC.md §0 legend).

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
