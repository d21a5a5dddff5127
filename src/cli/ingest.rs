//! `baocao ingest`: find the input files, run them in parallel, write the dataset, print a
//! summary.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use super::IngestArgs;
use crate::config::{Config, LibrarySource, Limits};
use crate::dataset::parquet::{DatasetWriter, FileResult};
use crate::model::Status;
use crate::report::{ReportWriter, RuleNote};
use crate::worker::{Worker, WorkerSettings, default_memory};

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

/// Adds the documents under `dir` (recursively, symlinks followed, hidden entries skipped).
/// A folder reached twice (a symlink loop, or two links to one folder) is walked once; an
/// unreadable subfolder is reported and skipped, an unreadable `dir` is an error.
fn walk(dir: &Path, out: &mut Vec<Input>, seen: &mut HashSet<PathBuf>) -> Result<()> {
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden =
                e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
            let again = e.file_type().is_dir()
                && std::fs::canonicalize(e.path()).is_ok_and(|c| !seen.insert(c));
            !hidden && !again
        });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() && looks_like_document(e.path()) => out.push(Input {
                display: e.path().display().to_string(),
                path: e.into_path(),
            }),
            Ok(_) => {}
            Err(e) if e.depth() == 0 => {
                return Err(e).with_context(|| format!("{}: cannot list folder", dir.display()));
            }
            // A loop is already walked once (`seen`); other errors are reported, not fatal.
            Err(e) if e.loop_ancestor().is_some() => {}
            Err(e) => eprintln!("baocao: {e}"),
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

/// Where results go, one document at a time in path order: the Parquet files, the report and
/// the counts of the summary line. Nothing here grows with the number of documents except the
/// list of failed files.
struct Sink {
    dataset: DatasetWriter,
    report: ReportWriter,
    ok: usize,
    partial: usize,
    failed: Vec<(String, String)>,
    figures: usize,
    findings: usize,
}

impl Sink {
    fn create(out: &Path, rules: Vec<RuleNote>, panel: crate::panel::RunPanel) -> Result<Sink> {
        let dataset = DatasetWriter::create(out)
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", out.display()))?
            .with_panel(Box::new(panel));
        let report = ReportWriter::create(out)
            .map_err(|e| anyhow::anyhow!("writing the report: {e}"))?
            .with_rules(rules);
        Ok(Sink {
            dataset,
            report,
            ok: 0,
            partial: 0,
            failed: Vec::new(),
            figures: 0,
            findings: 0,
        })
    }

    fn push(&mut self, r: FileResult) -> Result<()> {
        match r.doc.status {
            Status::Ok => self.ok += 1,
            Status::Partial => self.partial += 1,
            Status::Failed => self.failed.push((
                r.doc.path.clone(),
                r.doc.error.clone().unwrap_or_else(|| "failed".into()),
            )),
        }
        self.figures += r.values.len();
        self.findings += r.findings.len();
        self.report
            .push(&r)
            .map_err(|e| anyhow::anyhow!("writing the report: {e}"))?;
        self.dataset
            .push(r)
            .map_err(|e| anyhow::anyhow!("writing the dataset: {e}"))
    }

    /// Writes the dataset, then the report with the tables the dataset computed at the end
    /// (report grouping, facts, cross-report findings) for its locality pages.
    /// Writes the dataset, then the report; returns the number of cross-report findings.
    fn finish(self, out: &Path) -> Result<usize> {
        let tables = self
            .dataset
            .finish()
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", out.display()))?;
        self.report
            .finish_with_panel(&tables)
            .map_err(|e| anyhow::anyhow!("writing the report: {e}"))?;
        Ok(tables.panel.len())
    }
}

/// Runs `produce` (read a file, or take its unchanged previous row) over `inputs` on `jobs`
/// worker threads and hands the results
/// to `each` on the calling thread, in input order (1-based count, input, result), whatever
/// order they finish in. Workers take inputs in order and stay at most a small window ahead
/// of the oldest result not yet handed over, so only that window of results is held in memory.
/// An error from `each` stops the run (workers finish the file they are on) and is returned.
/// Each worker thread has its own state from `init` (its worker process, when isolated).
pub fn run_ordered<S, I, P, F>(
    inputs: &[Input],
    jobs: usize,
    init: I,
    produce: P,
    mut each: F,
) -> Result<()>
where
    I: Fn() -> S + Sync,
    P: Fn(&mut S, usize, &Input) -> FileResult + Sync,
    F: FnMut(usize, &Input, FileResult) -> Result<()>,
{
    let jobs = jobs.max(1);
    let window = 4 * jobs + 4;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Index of the oldest result not yet handed over.
    let handed = Mutex::new(0usize);
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, FileResult)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(inputs.len()) {
            let tx = tx.clone();
            let (next, stop, handed, moved, produce, init) =
                (&next, &stop, &handed, &moved, &produce, &init);
            scope.spawn(move || {
                let mut state = init();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    {
                        let mut h = handed.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *h + window && !stop.load(Ordering::Relaxed) {
                            h = moved.wait(h).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let r = produce(&mut state, i, input);
                    if tx.send((i, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, FileResult> = BTreeMap::new();
        let mut upto = 0usize;
        let mut result = Ok(());
        for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&upto) {
                let input = &inputs[upto];
                upto += 1;
                if let Err(e) = each(upto, input, r) {
                    result = Err(e);
                    break;
                }
            }
            *handed.lock().unwrap_or_else(|e| e.into_inner()) = upto;
            moved.notify_all();
            if result.is_err() {
                break;
            }
        }
        if result.is_err() {
            // Under the lock, so a worker between its check and its wait cannot miss it.
            let _h = handed.lock().unwrap_or_else(|e| e.into_inner());
            stop.store(true, Ordering::Relaxed);
            moved.notify_all();
        }
        // Dropping the receiver makes workers still sending stop.
        drop(rx);
        result
    })
}

/// The rows of a previous run in `out`, by SHA-256, that `--incremental` may keep: same
/// pattern-library version, and not a time-out or pages skipped for want of the OCR engine
/// (which depend on the machine, not the file).
/// A missing or unreadable previous dataset means a full run.
fn previous_results(
    out: &Path,
    library_version: &str,
    retry_failed: bool,
) -> HashMap<String, FileResult> {
    if !out.join("documents.parquet").exists() {
        return HashMap::new();
    }
    match crate::dataset::parquet::read_results(out) {
        Ok(rows) => rows
            .into_iter()
            .filter(|r| r.doc.library_version == library_version)
            .filter(|r| !(retry_failed && crate::is_retryable(&r.doc)))
            // Pages skipped for want of the OCR engine are read once it is installed.
            .filter(|r| !crate::ocr_was_missing(&r.doc))
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

/// mimalloc's `mi_option_purge_delay` (v2 header `mimalloc.h`: the 16th `mi_option_t`, not
/// named by libmimalloc-sys).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The ingest process (not its workers) returns freed pages to the system at once: it
/// holds a window of results, the write batches and, at the end, the facts and the report,
/// and with mimalloc's default delay the pages those free stay resident, so its peak grew
/// with the run (246 MB against 138 MB on 2,000 documents) while its live memory did not.
fn purge_freed_pages_at_once() {
    // SAFETY: a plain option setter of the allocator this binary links, called before the
    // run starts its threads.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// Runs the ingest.
pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let started = Instant::now();
    purge_freed_pages_at_once();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("fixtures")]
    } else {
        args.paths.clone()
    };
    let source = LibrarySource::from_arg(args.patterns.as_deref());
    let hint = |e| {
        anyhow::anyhow!(
            "{e}\nhint: run `baocao patterns check{}`",
            patterns_flag(&source)
        )
    };
    let files = source.files().map_err(hint)?;
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
    let jobs = pool.current_num_threads();
    // `--ocr require` stops here, before anything is read, when the engine is missing.
    let ocr = crate::read::ocr::Ocr::for_mode(
        args.ocr,
        args.ocr_page_timeout,
        Some(crate::read::ocr::Slots::new(jobs)),
    )
    .map_err(|e| anyhow::anyhow!("--ocr require: {e}"))?
    .map(Arc::new);
    let load_config = || -> Result<Arc<Config>> {
        let (mut config, _) = Config::compile(&files).map_err(hint)?;
        config.limits.file_timeout = args.file_timeout;
        config.ocr = ocr.clone();
        Ok(Arc::new(config))
    };
    // Incremental: the unchanged files' rows first (hashing only); the library is compiled
    // only when some file has to be read.
    let (previous, config) = if args.incremental {
        let version = files.version();
        let previous = previous_results(&args.out, &version, args.retry_failed);
        let kept: Vec<Option<FileResult>> =
            pool.install(|| inputs.par_iter().map(|i| reuse(&previous, i)).collect());
        let config = if kept.iter().any(Option::is_none) {
            Some(load_config()?)
        } else {
            None
        };
        (kept, config)
    } else {
        (Vec::new(), Some(load_config()?))
    };
    drop(pool);
    let reused = previous.iter().filter(|k| k.is_some()).count();
    let previous: Vec<Mutex<Option<FileResult>>> = previous.into_iter().map(Mutex::new).collect();
    crate::quiet_worker_panics();
    let total = inputs.len();
    let show = !args.quiet && std::io::stderr().is_terminal();
    let panel = crate::panel::RunPanel::load(&files)
        .map_err(|e| anyhow::anyhow!("pattern library: {e}"))?;
    let mut sink = Sink::create(&args.out, rule_notes(&files), panel)?;
    let isolated = !args.no_isolation;
    let settings = WorkerSettings {
        patterns: args.patterns.clone(),
        file_timeout: args.file_timeout,
        memory: args.worker_memory.unwrap_or_else(|| default_memory(jobs)),
        max_file_bytes: Limits::default().max_file_bytes,
        ocr: args.ocr,
        ocr_page_timeout: args.ocr_page_timeout,
        slots: match (isolated, &ocr) {
            (true, Some(_)) => {
                Some(jobserver::Client::new(jobs).context("cannot create the workers' job slots")?)
            }
            _ => None,
        },
    };
    let exe = std::env::current_exe().context("cannot find the baocao binary to start workers")?;
    let init = || isolated.then(|| Worker::new(exe.clone(), settings.clone()));
    let produce = |worker: &mut Option<Worker>, i: usize, input: &Input| -> FileResult {
        let kept = previous
            .get(i)
            .and_then(|k| k.lock().unwrap_or_else(|e| e.into_inner()).take());
        match (kept, &config, worker) {
            (Some(r), _, _) => r,
            (None, Some(config), Some(worker)) => worker.process(
                &input.path,
                &input.display,
                crate::pipeline::blank_record(&input.display, &config.library_version),
            ),
            (None, Some(config), None) => {
                crate::process_file_isolated(&input.path, &input.display, config)
            }
            (None, None, _) => unreachable!("the library is loaded when a file is read"),
        }
    };
    let bar = if show {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{pos}/{len} {wide_bar} {elapsed_precise} (eta {eta}) {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    run_ordered(&inputs, jobs, init, produce, |_, input, r| {
        if show {
            bar.set_message(input.display.clone());
            bar.inc(1);
        } else if r.doc.status == Status::Failed && !args.quiet {
            eprintln!(
                "baocao: {}: {}",
                input.display,
                r.doc.error.as_deref().unwrap_or("failed")
            );
        }
        crate::timing::timed(crate::timing::Stage::Write, || sink.push(r))
    })?;
    bar.finish_and_clear();
    if show {
        for (path, error) in &sink.failed {
            eprintln!("baocao: {path}: {error}");
        }
    }
    let (ok, partial, failed, figures, findings) = (
        sink.ok,
        sink.partial,
        sink.failed.len(),
        sink.figures,
        sink.findings,
    );
    let across = crate::timing::timed(crate::timing::Stage::Write, || sink.finish(&args.out))?;
    let findings = if across > 0 {
        format!("{findings} findings (+{across} across reports)")
    } else {
        format!("{findings} findings")
    };
    let kept = if args.incremental {
        format!(" ({reused} unchanged, {} read)", total - reused)
    } else {
        String::new()
    };
    eprintln!(
        "baocao: {total} files{kept}: {ok} ok, {partial} partial, {failed} failed; {figures} figures, {findings}; {:.1}s → {} (report.html)",
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    if failed > 0 {
        eprintln!("hint: `baocao text FILE` shows what was read from a file");
    }
    if args.timings {
        eprintln!("baocao: {}", crate::timing::summary());
    }
    Ok(ExitCode::SUCCESS)
}

/// The audit rules report.html explains (none when the rules do not parse: the run reports
/// that error itself when it loads the library).
fn rule_notes(files: &baocao_extract::library::LibraryFiles) -> Vec<RuleNote> {
    let (Ok(rules), Ok(ids)) = (
        files.get(baocao_extract::library::RULES_FILE),
        files.get(baocao_extract::library::IDENTITIES_FILE),
    ) else {
        return Vec::new();
    };
    let Ok(book) = baocao_audit::rules::RuleBook::parse(rules, ids, &|_| true) else {
        return Vec::new();
    };
    book.order
        .iter()
        .filter_map(|id| book.rules.get(id))
        .map(|r| RuleNote {
            id: r.id.clone(),
            severity: r.severity,
            what: r.what.clone(),
            why: r.why.clone(),
        })
        .collect()
}

/// The `--patterns DIR` part of a hint, for a library given on the command line.
fn patterns_flag(source: &LibrarySource) -> String {
    match source {
        LibrarySource::Embedded => String::new(),
        LibrarySource::Dir(d) => format!(" --patterns {}", d.display()),
    }
}
