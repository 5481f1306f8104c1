//! Keeping the two threads of a parallel read on different cores.
//!
//! The reader wakes the sink's thread at every batch. Linux may then move the sink onto the
//! reader's core (the wakee goes where its waker is), and once there the two take turns on it:
//! one runs while the other waits, so the load balancer never sees two runnable threads on one
//! core, and the other core stays idle for the rest of the read. A scheduler trace of the build's
//! self-check (10,000 episodes, 6.4 MB feed; BENCHMARKS.md, "The self-check's two threads kept
//! on two cores") found them stacked so in about a third of the builds: the check then took
//! 38–45 ms on one core instead of 25 ms on two.
//!
//! So for the length of a read, the CPUs the reader may run on are split in two: every other
//! one, counting from the CPU it runs on now, stays the reader's, and the rest are the sink's.
//! Neither thread is tied to one CPU (on four or more, each half is several), and the reader's
//! own set comes back when the read ends. A process confined to one CPU, or a system that
//! refuses the calls, reads as before.

#[cfg(target_os = "linux")]
use rustix::thread::{CpuSet, sched_getaffinity, sched_getcpu, sched_setaffinity};

/// The reader's half of a split: the CPUs left for the sink's thread, and the reader's whole set,
/// given back when this is dropped (also when the read panics).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(super) struct Apart {
    #[cfg(target_os = "linux")]
    all: CpuSet,
    #[cfg(target_os = "linux")]
    other: CpuSet,
}

#[cfg(target_os = "linux")]
impl Apart {
    /// Confines this thread to its half of the CPUs it may run on; `None` (nothing changed) when
    /// it may run on only one, or when the system refuses.
    pub(super) fn split() -> Option<Apart> {
        let all = sched_getaffinity(None).ok()?;
        let cpus: Vec<usize> = (0..CpuSet::MAX_CPU).filter(|&c| all.is_set(c)).collect();
        if cpus.len() < 2 {
            return None;
        }
        let here = sched_getcpu();
        let at = cpus.iter().position(|&c| c == here).unwrap_or(0);
        let (mut mine, mut other) = (CpuSet::new(), CpuSet::new());
        for (i, &cpu) in cpus.iter().enumerate() {
            if i % 2 == at % 2 {
                mine.set(cpu);
            } else {
                other.set(cpu);
            }
        }
        sched_setaffinity(None, &mine).ok()?;
        Some(Apart { all, other })
    }

    /// Confines the calling thread (the sink's) to the CPUs the reader left.
    pub(super) fn confine_other(&self) {
        // Refused, the thread runs where the scheduler puts it: slower at worst, never wrong.
        let _ = sched_setaffinity(None, &self.other);
    }
}

#[cfg(target_os = "linux")]
impl Drop for Apart {
    fn drop(&mut self) {
        let _ = sched_setaffinity(None, &self.all);
    }
}

#[cfg(not(target_os = "linux"))]
impl Apart {
    /// Elsewhere the threads are left to the scheduler.
    pub(super) fn split() -> Option<Apart> {
        None
    }

    pub(super) fn confine_other(&self) {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn cpus(set: &CpuSet) -> Vec<usize> {
        (0..CpuSet::MAX_CPU).filter(|&c| set.is_set(c)).collect()
    }

    #[test]
    fn the_two_halves_share_no_cpu_cover_the_whole_and_the_whole_comes_back() {
        // On its own thread: the test changes the affinity of the thread it runs on.
        std::thread::spawn(|| {
            let before = sched_getaffinity(None).expect("affinity");
            let Some(apart) = Apart::split() else {
                assert_eq!(cpus(&before).len(), 1, "split refused with several CPUs");
                return;
            };
            let mine = cpus(&sched_getaffinity(None).expect("affinity"));
            let other = cpus(&apart.other);
            assert!(!mine.is_empty() && !other.is_empty(), "{mine:?} {other:?}");
            assert!(
                mine.iter().all(|c| !other.contains(c)),
                "{mine:?} {other:?}"
            );
            let mut both: Vec<usize> = mine.iter().chain(&other).copied().collect();
            both.sort_unstable();
            assert_eq!(both, cpus(&before));
            // The CPU the reader ran on stays its own (it is not moved away from its caches).
            assert!(mine.contains(&sched_getcpu()), "{mine:?}");
            let sink = std::thread::scope(|s| {
                s.spawn(|| {
                    apart.confine_other();
                    cpus(&sched_getaffinity(None).expect("affinity"))
                })
                .join()
                .expect("sink thread")
            });
            assert_eq!(sink, other);
            drop(apart);
            assert_eq!(
                cpus(&sched_getaffinity(None).expect("affinity")),
                cpus(&before)
            );
        })
        .join()
        .expect("test thread");
    }
}
