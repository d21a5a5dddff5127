//! # baocao
//!
//! Reads Vietnamese administrative-reform reports (PDF and DOCX), recovers clean text and
//! appendix tables, extracts indicators through the declarative pattern library in
//! `patterns/`, audits each report for internal inconsistencies and writes a Parquet dataset.
//!
//! One file goes through the stages in order, each a module:
//!
//! 1. [`read`]: sniff the format from the bytes; PDF (glyphs → words → lines → paragraphs and
//!    ruled tables) or DOCX (paragraphs, tables with merged cells, legacy fonts decoded).
//! 2. [`normalize`]: NFC, one tone placement, paragraphs re-joined, heading paths; the folded
//!    form patterns match, with a map back to the real text.
//! 3. [`extract`]: text patterns and table-row rules → [`model::Value`]s with provenance;
//!    metadata from header, title and signature.
//! 4. [`audit`]: rules and identities → [`model::Finding`]s.
//! 5. [`write`]: Parquet files written atomically.
//!
//! [`process_file`] runs stages 1–4 for one file and never panics on bad input; the CLI runs
//! it over many files in parallel and then writes.

#![warn(missing_docs)]

pub mod audit;
#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod extract;
pub mod model;
pub mod normalize;
pub mod read;
pub mod record;
pub mod timing;
#[cfg(feature = "cli")]
pub mod write;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use sha2::Digest;

use config::Config;
use model::{Document, TextEncoding};
use normalize::layout::{Unit, units};
use record::{DocRecord, FileResult};

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `text_encoding` column for the encodings a reader met.
pub fn encoding_label(encodings: &[TextEncoding]) -> &'static str {
    let legacy: Vec<&TextEncoding> = encodings
        .iter()
        .filter(|e| **e != TextEncoding::Unicode)
        .collect();
    let has = |x: TextEncoding| legacy.contains(&&x);
    match (has(TextEncoding::Tcvn3), has(TextEncoding::Vni)) {
        (true, true) => "mixed",
        (true, false) => "tcvn3",
        (false, true) => "vni",
        (false, false) => "unicode",
    }
}

/// Reads and normalizes one file's bytes into text units, before diacritic repair (for
/// `baocao text --raw` and the tests; the pipeline then runs
/// [`normalize::layout::repair_units`]).
pub fn read_units(bytes: &[u8]) -> Result<(Document, Vec<Unit>), String> {
    let format = read::sniff(bytes);
    let doc = read::read(bytes, format).map_err(|e| e.to_string())?;
    let u = catch_unwind(AssertUnwindSafe(|| units(&doc)))
        .map_err(|_| "normalize crashed".to_string())?;
    Ok((doc, u))
}

/// The one-line reason of a file that ran out of time.
pub fn timeout_reason(limit: Duration) -> String {
    format!("timed out after {} s", limit.as_secs_f64())
}

/// True when a documents row failed on the time budget (such rows are never reused by
/// `--incremental`: the outcome depends on the machine).
pub fn is_timeout(error: Option<&str>) -> bool {
    error.is_some_and(|e| e.starts_with("timed out after"))
}

fn new_record(display: &str, config: &Config) -> DocRecord {
    DocRecord {
        path: display.to_string(),
        status: "failed".into(),
        text_encoding: "unicode".into(),
        library_version: config.library_version.clone(),
        format: "unknown".into(),
        ..Default::default()
    }
}

fn finish(started: Instant, mut r: FileResult) -> FileResult {
    r.doc.elapsed_ms = started.elapsed().as_millis() as i64;
    r.doc.n_values = r.values.len() as i64;
    r.doc.n_findings = r.findings.len() as i64;
    r
}

fn failed(doc: DocRecord) -> FileResult {
    FileResult {
        doc,
        ..Default::default()
    }
}

/// Reads a file's bytes under the size cap and fills `doc_id`, `sha256` and `format`; on
/// failure the reason is in `doc.error`.
fn load(path: &Path, config: &Config, doc: &mut DocRecord) -> Option<Vec<u8>> {
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > config.limits.max_file_bytes => {
            doc.error = Some(format!(
                "file too large ({} bytes, file size cap {})",
                m.len(),
                config.limits.max_file_bytes
            ));
            return None;
        }
        _ => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                doc.error = Some(format!("cannot read file: {e}"));
                return None;
            }
        },
    };
    let sha = timing::timed(timing::Stage::Read, || sha256_hex(&bytes));
    doc.doc_id = sha[..16].to_string();
    doc.sha256 = sha;
    doc.format = read::sniff(&bytes).as_str().to_string();
    Some(bytes)
}

/// Runs read → normalize → extract → audit on one file. Never panics on bad input: every
/// failure becomes a `failed` row with a one-line reason. The time budget is only checked
/// between stages here; [`process_file_isolated`] also enforces it with a watchdog.
pub fn process_file(path: &Path, display: &str, config: &Config) -> FileResult {
    let started = Instant::now();
    let mut doc = new_record(display, config);
    match load(path, config, &mut doc) {
        Some(bytes) => process_loaded(bytes, doc, config, started),
        None => finish(started, failed(doc)),
    }
}

/// Like [`process_file`], with the parsing on its own thread (large stack, its panics silent
/// when [`quiet_worker_panics`] is installed) under a watchdog: when the thread has not
/// answered within `config.limits.file_timeout`, the file gets a `failed` row "timed out
/// after N s" and the run goes on. Rust cannot kill a thread, so a timed-out worker is
/// abandoned: it keeps running until it reaches the next deadline check (between stages),
/// where it stops, or until it finishes; its result is dropped.
pub fn process_file_isolated(path: &Path, display: &str, config: &Arc<Config>) -> FileResult {
    let started = Instant::now();
    let mut doc = new_record(display, config);
    let Some(bytes) = load(path, config, &mut doc) else {
        return finish(started, failed(doc));
    };
    if matches!(read::sniff(&bytes), model::Format::Other(_)) {
        // Not a document: no parser runs, no thread needed.
        return process_loaded(bytes, doc, config, started);
    }
    let limit = config.limits.file_timeout;
    let (tx, rx) = mpsc::sync_channel(1);
    let worker_doc = doc.clone();
    let worker_config = Arc::clone(config);
    let spawned = std::thread::Builder::new()
        .name(WORKER_THREAD.into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let r = process_loaded(bytes, worker_doc, &worker_config, started);
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        doc.error = Some(format!("cannot start a worker thread: {e}"));
        return finish(started, failed(doc));
    }
    let wait = limit.saturating_sub(started.elapsed());
    match rx.recv_timeout(wait) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            doc.error = Some(timeout_reason(limit));
            finish(started, failed(doc))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            doc.error = Some("internal error: the worker thread died (please report)".into());
            finish(started, failed(doc))
        }
    }
}

/// Name of the per-file worker threads.
pub const WORKER_THREAD: &str = "baocao-file";
/// Stack of a per-file worker thread (reserved, not committed): deep but finite recursion in
/// a third-party parser must not overflow it.
const WORKER_STACK: usize = 256 * 1024 * 1024;

/// Installs (once) a panic hook that is silent for panics on the per-file worker threads,
/// which are caught and reported as the file's reason; other panics print as before.
pub fn quiet_worker_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(WORKER_THREAD) {
                previous(info);
            }
        }));
    });
}

/// Stages 1–4 on bytes already loaded (`doc` has the hash and format).
fn process_loaded(
    bytes: Vec<u8>,
    mut doc: DocRecord,
    config: &Config,
    started: Instant,
) -> FileResult {
    let limit = config.limits.file_timeout;
    let late = || started.elapsed() > limit;
    let format = read::sniff(&bytes);
    let document = match timing::timed(timing::Stage::Read, || read::read(&bytes, format)) {
        Ok(d) => d,
        Err(e) => {
            doc.error = Some(e.to_string());
            return finish(started, failed(doc));
        }
    };
    drop(bytes);
    doc.pages = document.pages;
    doc.text_encoding = encoding_label(&document.encodings).to_string();
    if late() {
        doc.error = Some(timeout_reason(limit));
        return finish(started, failed(doc));
    }
    let staged = catch_unwind(AssertUnwindSafe(|| {
        use timing::{Stage, timed};
        let mut u = timed(Stage::Normalize, || units(&document));
        let repair = timed(Stage::Repair, || normalize::layout::repair_units(&mut u));
        if late() {
            return None;
        }
        let (meta, values) = timed(Stage::Extract, || {
            let meta = extract::metadata::metadata(&u);
            let year = meta.period_end.or(meta.period_start).map(|d| d.year);
            let values = extract::values(&u, config, year);
            (meta, values)
        });
        if late() {
            return None;
        }
        let findings = timed(Stage::Audit, || {
            audit::audit(&values, &u, &meta, &config.rules)
        });
        let chars: usize = u.iter().map(|x| x.text.chars().count()).sum();
        Some((meta, values, findings, chars, repair))
    }));
    match staged {
        Ok(Some((meta, values, findings, chars, repair))) => {
            doc.meta = meta;
            doc.ocr_damage = (chars > 0 && repair.readable).then_some(repair.damage);
            doc.repaired_words = repair.repaired as i64;
            doc.text_quality = repair.text_quality;
            doc.chars = chars as i64;
            if document.skipped.is_empty() {
                doc.status = "ok".into();
            } else {
                doc.status = "partial".into();
                doc.error = Some(format!("skipped: {}", document.skipped.join("; ")));
            }
            if chars == 0 && doc.status == "ok" {
                doc.status = "partial".into();
                doc.error = Some("no text layer (a scan without OCR?)".into());
            }
            if !repair.readable {
                let why = normalize::quality::unreadable_reason(
                    repair.text_quality.unwrap_or(0.0),
                    &document.fonts,
                );
                doc.status = "partial".into();
                doc.error = Some(match doc.error.take() {
                    Some(e) => format!("{why}; {e}"),
                    None => why,
                });
            }
            finish(
                started,
                FileResult {
                    doc,
                    values,
                    findings,
                },
            )
        }
        Ok(None) => {
            doc.error = Some(timeout_reason(limit));
            finish(started, failed(doc))
        }
        Err(_) => {
            doc.error = Some("internal error while extracting (please report)".into());
            finish(started, failed(doc))
        }
    }
}
