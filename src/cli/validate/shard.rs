//! `--shard K/N`: which lines of a `--list` this process validates, so that N processes (on N
//! machines, under a scheduler podfeed does not replace) share a list without talking to each
//! other. A line belongs to shard `K` (1-based, `1..=N`) when the first 8 bytes of the sha256 of
//! its trimmed text, read big-endian, are `K - 1` modulo N: stable when the list is re-ordered or
//! grows, and the same on every machine (not Rust's randomly seeded hasher).
//!
//! `--shard auto` takes K and N from the scheduler's environment:
//!
//! - a Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based) with N from `--shards`, else
//!   `JOB_COMPLETIONS` (which the manifest sets: Kubernetes does not pass the count itself);
//! - a Slurm job array: `SLURM_ARRAY_TASK_ID` minus `SLURM_ARRAY_TASK_MIN` (0 when unset) with
//!   N from `--shards`, else `SLURM_ARRAY_TASK_COUNT`.

use sha2::{Digest, Sha256};

/// The part of a list one process validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Shard {
    /// 0-based: shard `K` of the command line is index `K - 1`.
    index: u64,
    count: u64,
}

/// The scheduler variables `--shard auto` reads, taken from the environment once.
#[derive(Debug, Clone, Default)]
pub(super) struct SchedulerEnv {
    /// `JOB_COMPLETION_INDEX`.
    pub(super) job_index: Option<String>,
    /// `JOB_COMPLETIONS`.
    pub(super) job_completions: Option<String>,
    /// `SLURM_ARRAY_TASK_ID`.
    pub(super) slurm_id: Option<String>,
    /// `SLURM_ARRAY_TASK_MIN`.
    pub(super) slurm_min: Option<String>,
    /// `SLURM_ARRAY_TASK_COUNT`.
    pub(super) slurm_count: Option<String>,
}

impl SchedulerEnv {
    /// The variables of this process's environment.
    pub(super) fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok();
        SchedulerEnv {
            job_index: var("JOB_COMPLETION_INDEX"),
            job_completions: var("JOB_COMPLETIONS"),
            slurm_id: var("SLURM_ARRAY_TASK_ID"),
            slurm_min: var("SLURM_ARRAY_TASK_MIN"),
            slurm_count: var("SLURM_ARRAY_TASK_COUNT"),
        }
    }
}

impl Shard {
    /// Whether `line` (a list entry, trimmed) is this shard's.
    pub(super) fn takes(&self, line: &str) -> bool {
        bucket(line, self.count) == self.index
    }

    /// Reads `--shard` (`K/N` or `auto`) with `--shards`; an `Err` is the message for exit 2.
    pub(super) fn parse(
        spec: &str,
        shards: Option<u64>,
        env: &SchedulerEnv,
    ) -> Result<Self, String> {
        if spec == "auto" {
            return auto(shards, env);
        }
        let (k, n) = spec
            .split_once('/')
            .ok_or_else(|| format!("--shard {spec:?}: expected K/N (e.g. 1/4) or auto"))?;
        let k = number("--shard K", k)?;
        let n = number("--shard N", n)?;
        if k == 0 || k > n {
            return Err(format!("--shard {spec}: K counts from 1 to N"));
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }
}

/// The shard the scheduler's environment names.
fn auto(shards: Option<u64>, env: &SchedulerEnv) -> Result<Shard, String> {
    let (index, count) = if let Some(i) = &env.job_index {
        let n = count(shards, "JOB_COMPLETIONS", env.job_completions.as_deref())?;
        (number("JOB_COMPLETION_INDEX", i)?, n)
    } else if let Some(id) = &env.slurm_id {
        let min = env
            .slurm_min
            .as_deref()
            .map_or(Ok(0), |m| number("SLURM_ARRAY_TASK_MIN", m))?;
        let n = count(shards, "SLURM_ARRAY_TASK_COUNT", env.slurm_count.as_deref())?;
        let id = number("SLURM_ARRAY_TASK_ID", id)?;
        let index = id.checked_sub(min).ok_or_else(|| {
            format!("SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}")
        })?;
        (index, n)
    } else {
        return Err(
            "--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor \
             SLURM_ARRAY_TASK_ID (Slurm array) is set"
                .into(),
        );
    };
    if count == 0 || index >= count {
        return Err(format!(
            "--shard auto: index {index} is not below the count {count}"
        ));
    }
    Ok(Shard { index, count })
}

/// The number of shards: `--shards`, else the scheduler's variable `what`.
fn count(shards: Option<u64>, what: &str, value: Option<&str>) -> Result<u64, String> {
    match (shards, value) {
        (Some(n), _) => Ok(n),
        (None, Some(v)) => number(what, v),
        (None, None) => Err(format!("--shard auto: {what} (or --shards) is not set")),
    }
}

fn number(what: &str, text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{what}: {text:?} is not a whole number"))
}

/// The bucket of `key` among `count`: sha256's first 8 bytes, big-endian, modulo `count`.
fn bucket(key: &str, count: u64) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    for (to, from) in first.iter_mut().zip(digest.iter()) {
        *to = *from;
    }
    u64::from_be_bytes(first) % count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_is_one_based_and_checked() {
        let env = SchedulerEnv::default();
        assert_eq!(
            Shard::parse("1/4", None, &env),
            Ok(Shard { index: 0, count: 4 })
        );
        assert_eq!(
            Shard::parse("4/4", None, &env),
            Ok(Shard { index: 3, count: 4 })
        );
        for bad in ["0/4", "5/4", "1/0", "x/4", "2", "auto"] {
            assert!(Shard::parse(bad, None, &env).is_err(), "{bad}");
        }
    }

    #[test]
    fn auto_reads_kubernetes_then_slurm() {
        let k8s = SchedulerEnv {
            job_index: Some("2".into()),
            job_completions: Some("8".into()),
            ..SchedulerEnv::default()
        };
        assert_eq!(
            Shard::parse("auto", None, &k8s),
            Ok(Shard { index: 2, count: 8 })
        );
        assert_eq!(
            Shard::parse("auto", Some(3), &k8s),
            Ok(Shard { index: 2, count: 3 })
        );
        let slurm = SchedulerEnv {
            slurm_id: Some("4".into()),
            slurm_min: Some("1".into()),
            slurm_count: Some("4".into()),
            ..SchedulerEnv::default()
        };
        assert_eq!(
            Shard::parse("auto", None, &slurm),
            Ok(Shard { index: 3, count: 4 })
        );
        let no_count = SchedulerEnv {
            job_index: Some("0".into()),
            ..SchedulerEnv::default()
        };
        assert!(Shard::parse("auto", None, &no_count).is_err());
    }

    #[test]
    fn the_bucket_is_fixed_by_the_text_alone() {
        // sha256("a") starts ca978112ca1bbdca; 0xca978112ca1bbdca mod 4 = 2.
        assert_eq!(bucket("a", 4), 2);
        let lines: Vec<String> = (0..400)
            .map(|i| format!("https://h{i}.example/f"))
            .collect();
        let shards: Vec<Shard> = (1..=4)
            .map(|k| Shard::parse(&format!("{k}/4"), None, &SchedulerEnv::default()).expect("k/4"))
            .collect();
        for line in &lines {
            assert_eq!(shards.iter().filter(|s| s.takes(line)).count(), 1, "{line}");
        }
        // Not all in one shard.
        assert!(shards.iter().all(|s| lines.iter().any(|l| s.takes(l))));
    }
}
