//! `baocao ingest`: find the input files, run them in parallel, write the dataset, print a
//! summary.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::IngestArgs;
use crate::config::Config;
use crate::write::parquet::{FileResult, write_all};

/// Extensions taken from folders without looking inside; other files are taken when their
/// bytes say PDF or DOCX.
const DOC_EXTENSIONS: [&str; 5] = ["pdf", "docx", "doc", "odt", "rtf"];

/// An input: the file and the path to show and write.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Path shown and written to documents.parquet.
    pub display: String,
    /// Path to open.
    pub path: PathBuf,
}

fn looks_like_document(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref().is_some_and(|e| DOC_EXTENSIONS.contains(&e)) {
        return true;
    }
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    head.starts_with(b"%PDF-") || head.starts_with(b"PK\x03\x04")
}

fn walk(dir: &Path, out: &mut Vec<Input>, seen: &mut HashSet<PathBuf>) -> Result<()> {
    // A folder reached twice (a symlink loop, or two links to one folder) is walked once.
    if let Ok(canonical) = std::fs::canonicalize(dir)
        && !seen.insert(canonical)
    {
        return Ok(());
    }
    let rd =
        std::fs::read_dir(dir).with_context(|| format!("{}: cannot list folder", dir.display()))?;
    for entry in rd.flatten() {
        let p = entry.path();
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            // An unreadable subfolder is reported, not fatal.
            if let Err(e) = walk(&p, out, seen) {
                eprintln!("baocao: {e:#}");
            }
        } else if p.is_file() && looks_like_document(&p) {
            out.push(Input {
                display: p.display().to_string(),
                path: p,
            });
        }
    }
    Ok(())
}

/// Expands the command-line paths into a sorted list of input files.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, &mut seen)?;
        } else if p.exists() {
            out.push(Input {
                display: p.display().to_string(),
                path: p.clone(),
            });
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The rows of a previous run in `out`, by SHA-256, that `--incremental` may keep: same
/// pattern-library version, and not a time-out (which depends on the machine, not the file).
/// A missing or unreadable previous dataset means a full run.
fn previous_results(out: &Path, library_version: &str) -> HashMap<String, FileResult> {
    if !out.join("documents.parquet").exists() {
        return HashMap::new();
    }
    match crate::write::parquet::read_results(out) {
        Ok(rows) => rows
            .into_iter()
            .filter(|r| r.doc.library_version == library_version)
            .filter(|r| !crate::is_timeout(r.doc.error.as_deref()))
            .filter(|r| !r.doc.sha256.is_empty())
            .map(|r| (r.doc.sha256.clone(), r))
            .collect(),
        Err(e) => {
            eprintln!(
                "baocao: {}: previous dataset unreadable ({e}); reading every file",
                out.display()
            );
            HashMap::new()
        }
    }
}

/// The previous row of a file whose bytes have not changed, under its current path.
fn reuse(previous: &HashMap<String, FileResult>, input: &Input) -> Option<FileResult> {
    if previous.is_empty() {
        return None;
    }
    let bytes = std::fs::read(&input.path).ok()?;
    let sha = crate::sha256_hex(&bytes);
    let mut r = previous.get(&sha)?.clone();
    r.doc.path = input.display.clone();
    Some(r)
}

/// Runs the ingest.
pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("fixtures")]
    } else {
        args.paths.clone()
    };
    let load_config = || -> Result<Arc<Config>> {
        let mut config = Config::load(&args.patterns).map_err(|e| {
            anyhow::anyhow!(
                "pattern library: {e}\nhint: run `baocao patterns check --patterns {}`",
                args.patterns.display()
            )
        })?;
        config.limits.file_timeout = args.file_timeout;
        Ok(Arc::new(config))
    };
    let inputs = collect_inputs(&paths)?;
    if inputs.is_empty() {
        bail!(
            "no PDF or DOCX files under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    // Incremental: the unchanged files' rows first (hashing only); the library is compiled
    // only when some file has to be read.
    let (previous, config) = if args.incremental {
        let version = Config::library_version_of(&args.patterns).map_err(|e| {
            anyhow::anyhow!(
                "pattern library: {e}\nhint: run `baocao patterns check --patterns {}`",
                args.patterns.display()
            )
        })?;
        let previous = previous_results(&args.out, &version);
        let kept: Vec<Option<FileResult>> =
            pool.install(|| inputs.par_iter().map(|i| reuse(&previous, i)).collect());
        let config = if kept.iter().any(Option::is_none) {
            Some(load_config()?)
        } else {
            None
        };
        (kept, config)
    } else {
        (vec![None; inputs.len()], Some(load_config()?))
    };
    crate::quiet_worker_panics();
    let total = inputs.len();
    let done = AtomicUsize::new(0);
    let reused = AtomicUsize::new(0);
    let show = !args.quiet && std::io::stderr().is_terminal();
    let results: Vec<FileResult> = pool.install(|| {
        inputs
            .par_iter()
            .zip(previous.into_par_iter())
            .map(|(input, kept)| {
                let r = match (kept, &config) {
                    (Some(r), _) => {
                        reused.fetch_add(1, Ordering::Relaxed);
                        r
                    }
                    (None, Some(config)) => {
                        crate::process_file_isolated(&input.path, &input.display, config)
                    }
                    (None, None) => unreachable!("the library is loaded when a file is read"),
                };
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if show {
                    let mut e = std::io::stderr().lock();
                    let _ = write!(e, "\r\x1b[2K[{n}/{total}] {}", input.display);
                    let _ = e.flush();
                } else if r.doc.status == "failed" && !args.quiet {
                    eprintln!(
                        "baocao: {}: {}",
                        input.display,
                        r.doc.error.as_deref().unwrap_or("failed")
                    );
                }
                r
            })
            .collect()
    });
    if show {
        eprint!("\r\x1b[2K");
        for r in results.iter().filter(|r| r.doc.status == "failed") {
            eprintln!(
                "baocao: {}: {}",
                r.doc.path,
                r.doc.error.as_deref().unwrap_or("failed")
            );
        }
    }
    write_all(&args.out, &results)
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", args.out.display()))?;
    crate::write::report::write(&args.out, &results)
        .map_err(|e| anyhow::anyhow!("writing the report: {e}"))?;
    let count = |s: &str| results.iter().filter(|r| r.doc.status == s).count();
    let figures: usize = results.iter().map(|r| r.values.len()).sum();
    let findings: usize = results.iter().map(|r| r.findings.len()).sum();
    let reused = reused.load(Ordering::Relaxed);
    let kept = if args.incremental {
        format!(" ({reused} unchanged, {} read)", total - reused)
    } else {
        String::new()
    };
    eprintln!(
        "baocao: {total} files{kept}: {} ok, {} partial, {} failed; {figures} figures, {findings} findings; {:.1}s → {} (report.html)",
        count("ok"),
        count("partial"),
        count("failed"),
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    if count("failed") > 0 {
        eprintln!("hint: `baocao text FILE` shows what was read from a file");
    }
    Ok(ExitCode::SUCCESS)
}
