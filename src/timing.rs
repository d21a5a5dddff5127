//! Time spent in each pipeline stage, summed over all files and worker threads (so with
//! `--jobs 2` the total is about twice the wall time). `baocao ingest --timings` prints it;
//! it is how the share of the OCR repair in a full ingest is measured. Recording is two
//! `Instant::now()` calls and one atomic add per stage and file.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A pipeline stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Hashing and reading the bytes, parsing PDF/DOCX into pages, paragraphs and tables.
    Read,
    /// Text units, Unicode normalization, section paths.
    Normalize,
    /// OCR and legacy-encoding repair of the units.
    Repair,
    /// Metadata, text patterns and table rows.
    Extract,
    /// Audit rules.
    Audit,
    /// Parquet and report writing.
    Write,
}

/// All stages, in pipeline order.
pub const STAGES: [Stage; 6] = [
    Stage::Read,
    Stage::Normalize,
    Stage::Repair,
    Stage::Extract,
    Stage::Audit,
    Stage::Write,
];

static NANOS: [AtomicU64; 6] = [
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
];

impl Stage {
    /// Its name as printed.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Normalize => "normalize",
            Stage::Repair => "repair",
            Stage::Extract => "extract",
            Stage::Audit => "audit",
            Stage::Write => "write",
        }
    }

    fn slot(self) -> &'static AtomicU64 {
        &NANOS[self as usize]
    }
}

/// Runs `f`, adding its duration to `stage`.
pub fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    add(stage, t.elapsed());
    out
}

/// Adds a duration to a stage.
pub fn add(stage: Stage, d: Duration) {
    let n = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    stage.slot().fetch_add(n, Ordering::Relaxed);
}

/// The time recorded so far for each stage.
pub fn snapshot() -> Vec<(Stage, Duration)> {
    STAGES
        .iter()
        .map(|&s| (s, Duration::from_nanos(s.slot().load(Ordering::Relaxed))))
        .collect()
}

/// One line: each stage's seconds and share of the total.
pub fn summary() -> String {
    let snap = snapshot();
    let total: f64 = snap.iter().map(|(_, d)| d.as_secs_f64()).sum();
    let parts: Vec<String> = snap
        .iter()
        .map(|(s, d)| {
            let secs = d.as_secs_f64();
            let share = if total > 0.0 {
                100.0 * secs / total
            } else {
                0.0
            };
            format!("{} {secs:.2}s ({share:.0}%)", s.name())
        })
        .collect();
    format!(
        "stage times (summed over workers, {total:.2}s): {}",
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_and_print_in_order() {
        add(Stage::Repair, Duration::from_millis(5));
        timed(Stage::Audit, || {
            std::thread::sleep(Duration::from_millis(1))
        });
        let snap = snapshot();
        assert!(snap[2].1 >= Duration::from_millis(5));
        assert!(snap[4].1 >= Duration::from_millis(1));
        let line = summary();
        let r = line.find("repair").unwrap();
        let a = line.find("audit").unwrap();
        assert!(r < a, "{line}");
    }
}
