//! The journaled commit: temporary files are renamed over the old dataset as one step, and a
//! run killed half-way is completed (or its leftovers removed) by the next command on the
//! folder ([`recover`]).

use std::fs::File;
use std::path::{Path, PathBuf};

/// The journal of a commit in progress: `tmp<TAB>target` lines, written (atomically) once all
/// temporary files are complete and fsynced, removed once they are all renamed.
const JOURNAL: &str = ".commit";

/// Test hook: milliseconds to sleep after each temporary file and between renames, so a test
/// can kill a run inside the write (`BAOCAO_TEST_WRITE_PAUSE_MS`).
pub(crate) fn test_pause() {
    if let Some(ms) = std::env::var("BAOCAO_TEST_WRITE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The temporary name in `dir` of the file `name` being written by this process.
pub(crate) fn temp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp-{}", std::process::id()))
}

/// Finishes a commit that a killed run left half-done (its journal is still there: every
/// temporary file it names is complete), then removes temporary files of runs killed before
/// their commit. Called before every write and read of an output folder.
pub fn recover(dir: &Path) -> Result<(), String> {
    let journal = dir.join(JOURNAL);
    if let Ok(text) = std::fs::read_to_string(&journal) {
        for line in text.lines() {
            let Some((tmp, target)) = line.split_once('\t') else {
                continue;
            };
            let (tmp, target) = (dir.join(tmp), dir.join(target));
            if tmp.exists() {
                std::fs::rename(&tmp, &target)
                    .map_err(|e| format!("recovering {}: {e}", target.display()))?;
            }
        }
        sync_dir(dir);
        let _ = std::fs::remove_file(&journal);
        sync_dir(dir);
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            // Ours: `.NAME.parquet.tmp-PID`, `.commit.tmp-PID`, and the report's spools and
            // temporary file `.report.html.{rows,sections,tmp}-PID`.
            let ours = name.starts_with('.') && name.contains(".parquet.tmp-")
                || name.starts_with(".commit.tmp-")
                || name.starts_with(".report.html.");
            // Only files of dead runs: a live run's files carry its process id.
            let pid = name.rsplit('-').next().and_then(|p| p.parse::<u32>().ok());
            let alive = pid.is_some_and(|p| {
                p == std::process::id() || Path::new(&format!("/proc/{p}")).exists()
            });
            if ours && !alive {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// Renames the finished temporary files `temps` (temporary path, final name) into `dir` as one
/// commit: a journal naming them is written and fsynced first, then the renames, then the
/// journal is removed. Killed before the journal exists, the previous dataset is untouched;
/// killed after, the next `baocao` command on the folder ([`recover`]) completes the renames.
pub(crate) fn commit(dir: &Path, temps: &[(PathBuf, &str)]) -> Result<(), String> {
    let cleanup = |temps: &[(PathBuf, &str)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    let journal_text: String = temps
        .iter()
        .map(|(t, name)| {
            let t = t.file_name().map(|n| n.to_string_lossy().to_string());
            format!("{}\t{name}\n", t.unwrap_or_default())
        })
        .collect();
    let journal_tmp = dir.join(format!(".commit.tmp-{}", std::process::id()));
    let journal = dir.join(JOURNAL);
    let wrote = (|| -> std::io::Result<()> {
        let mut f = File::create(&journal_tmp)?;
        std::io::Write::write_all(&mut f, journal_text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&journal_tmp, &journal)
    })();
    if let Err(e) = wrote {
        let _ = std::fs::remove_file(&journal_tmp);
        cleanup(temps);
        return Err(format!("{}: {e}", journal.display()));
    }
    sync_dir(dir);
    test_pause();
    for (tmp, name) in temps {
        let target = dir.join(name);
        std::fs::rename(tmp, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        test_pause();
    }
    sync_dir(dir);
    std::fs::remove_file(&journal).map_err(|e| format!("{}: {e}", journal.display()))?;
    sync_dir(dir);
    Ok(())
}
