//! One file through read → text → extract → audit, under the file's size and time budget.
//! Every failure becomes a documents row with a one-line reason and a stable code
//! ([`FileError`]); nothing here panics on bad input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use sha2::Digest;

use crate::config::Config;
use crate::model::{Document, DocumentEncoding, Format, Status};
use crate::read::ReadError;
use crate::record::{DocRecord, FileResult};
use crate::text::layout::{Unit, units};
use crate::{audit, extract, read, text, timing};

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads and normalizes one file's bytes into text units, before diacritic repair (for
/// `baocao text --raw` and the tests; the pipeline then runs
/// [`text::layout::repair_units`]).
pub fn read_units(bytes: &[u8]) -> Result<(Document, Vec<Unit>), FileError> {
    read_units_with(bytes, &read::ReadOptions::default())
}

/// [`read_units`] with read options (OCR).
pub fn read_units_with(
    bytes: &[u8],
    options: &read::ReadOptions,
) -> Result<(Document, Vec<Unit>), FileError> {
    let format = read::sniff(bytes);
    let doc = read::read_with(bytes, format, options)?;
    let u = catch_unwind(AssertUnwindSafe(|| units(&doc)))
        .map_err(|_| FileError::Internal("while normalizing"))?;
    Ok((doc, u))
}

/// Why a file is not (wholly) read: `Display` is the documents row's one-line reason,
/// [`FileError::code`] its `error_code`.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Larger than the file size cap.
    #[error("file too large ({size} bytes, file size cap {limit})")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The reader refused the bytes.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file's time budget ran out.
    #[error("timed out after {} s", .0.as_secs_f64())]
    Timeout(Duration),
    /// Parts of the document could not be read (pages, tables).
    #[error("skipped: {}", .0.join("; "))]
    Skipped(Vec<String>),
    /// The document has no text at all.
    #[error("no text layer (a scan without OCR?)")]
    NoText,
    /// The text layer is not readable Vietnamese (the string says what was seen).
    #[error("{0}")]
    Unreadable(String),
    /// A worker thread could not be started.
    #[error("cannot start a worker thread: {0}")]
    Thread(std::io::Error),
    /// A worker process could not be started.
    #[error("cannot start a worker process: {0}")]
    WorkerStart(std::io::Error),
    /// The worker process died on this file (a signal, an abort, a stack overflow).
    #[error("worker crashed ({0})")]
    WorkerCrashed(String),
    /// The worker process ran out of its address space (`--worker-memory`).
    #[error("memory limit ({} MiB per worker)", .0 / (1024 * 1024))]
    MemoryLimit(u64),
    /// A bug in baocao: a stage panicked or a worker vanished.
    #[error("internal error {0} (please report)")]
    Internal(&'static str),
}

impl FileError {
    /// A stable short code for the documents row and tests.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::TooLarge { .. } => "file_size",
            FileError::Io(_) => "io",
            FileError::Read(e) => e.code(),
            FileError::Timeout(_) => "timeout",
            FileError::Skipped(_) => "skipped_parts",
            FileError::NoText => "no_text",
            FileError::Unreadable(_) => "unreadable_text",
            FileError::Thread(_) => "thread",
            FileError::WorkerStart(_) => "worker_start",
            FileError::WorkerCrashed(_) => "worker_crashed",
            FileError::MemoryLimit(_) => "memory_limit",
            FileError::Internal(_) => "internal",
        }
    }

    /// Records this error as the row's reason and code.
    pub fn record(&self, doc: &mut DocRecord) {
        doc.error = Some(self.to_string());
        doc.error_code = Some(self.code().to_string());
    }
}

/// True when a documents row failed through its worker rather than its bytes alone (a
/// timeout, a crash, the memory limit): `--incremental --retry-failed` reads such files again.
pub fn is_retryable(doc: &DocRecord) -> bool {
    matches!(
        doc.error_code.as_deref(),
        Some("timeout" | "worker_crashed" | "memory_limit" | "worker_start")
    )
}

/// True when a documents row lists pages skipped because the OCR engine was missing (such
/// rows are not reused by `--incremental` either: installing Tesseract changes them).
pub fn ocr_was_missing(doc: &DocRecord) -> bool {
    doc.error
        .as_deref()
        .is_some_and(|e| e.contains(read::ocr::SKIPPED_NO_ENGINE))
}

/// A `failed` documents row for a file not read yet.
pub fn blank_record(display: &str, library_version: &str) -> DocRecord {
    DocRecord {
        path: display.to_string(),
        status: Status::Failed,
        text_encoding: DocumentEncoding::Unicode,
        library_version: library_version.to_string(),
        format: Format::Unknown,
        ..Default::default()
    }
}

fn new_record(display: &str, config: &Config) -> DocRecord {
    blank_record(display, &config.library_version)
}

/// The first 16 hex digits of the SHA-256 of the document's folded letters and digits (no
/// spaces or punctuation, which line breaks and table cells change): the same text whatever
/// file it was saved as.
fn text_hash(units: &[Unit]) -> String {
    let mut h = sha2::Sha256::new();
    for u in units {
        let kept: String = u
            .folded
            .text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        h.update(kept.as_bytes());
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Fills a row's `doc_id`, `sha256` and `format` from the file (for a row whose worker could
/// not answer); leaves them empty when the file cannot be read under the size cap.
pub fn identify(path: &Path, max_bytes: u64, doc: &mut DocRecord) {
    let _ = load(path, max_bytes, doc);
}

fn finish(started: Instant, mut r: FileResult) -> FileResult {
    r.doc.elapsed_ms = started.elapsed().as_millis() as i64;
    r.doc.n_values = r.values.len() as i64;
    r.doc.n_findings = r.findings.len() as i64;
    r
}

fn failed(mut doc: DocRecord, error: FileError) -> FileResult {
    doc.status = Status::Failed;
    error.record(&mut doc);
    FileResult {
        doc,
        ..Default::default()
    }
}

/// Reads a file's bytes under the size cap and fills `doc_id`, `sha256` and `format`.
fn load(path: &Path, limit: u64, doc: &mut DocRecord) -> Result<Vec<u8>, FileError> {
    if let Ok(m) = std::fs::metadata(path)
        && m.len() > limit
    {
        return Err(FileError::TooLarge {
            size: m.len(),
            limit,
        });
    }
    let bytes = std::fs::read(path)?;
    let sha = timing::timed(timing::Stage::Read, || sha256_hex(&bytes));
    doc.doc_id = sha[..16].to_string();
    doc.sha256 = sha;
    doc.format = read::sniff(&bytes);
    Ok(bytes)
}

/// Runs read → normalize → extract → audit on one file. Never panics on bad input: every
/// failure becomes a `failed` row with a one-line reason. The time budget is only checked
/// between stages here; [`process_file_isolated`] also enforces it with a watchdog.
pub fn process_file(path: &Path, display: &str, config: &Config) -> FileResult {
    process_file_with(path, display, config, &read_options(config))
}

/// [`process_file`] with the read options given (a worker process watches their OCR page
/// counter to report the file's growing time budget to its parent).
pub fn process_file_with(
    path: &Path,
    display: &str,
    config: &Config,
    options: &read::ReadOptions,
) -> FileResult {
    let started = Instant::now();
    let mut doc = new_record(display, config);
    match load(path, config.limits.max_file_bytes, &mut doc) {
        Ok(bytes) => process_loaded(bytes, doc, config, options, started),
        Err(e) => finish(started, failed(doc, e)),
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
    let bytes = match load(path, config.limits.max_file_bytes, &mut doc) {
        Ok(b) => b,
        Err(e) => return finish(started, failed(doc, e)),
    };
    let options = read_options(config);
    if !doc.format.is_document() {
        // Not a document: no parser runs, no thread needed.
        return process_loaded(bytes, doc, config, &options, started);
    }
    let (tx, rx) = mpsc::sync_channel(1);
    let worker_doc = doc.clone();
    let worker_config = Arc::clone(config);
    let worker_options = options.clone();
    let spawned = std::thread::Builder::new()
        .name(WORKER_THREAD.into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            // One of the run's worker slots while reading: OCR'd pages take more only when
            // they are free.
            let _slot = worker_options
                .ocr
                .as_ref()
                .and_then(|o| o.slots.as_ref())
                .map(|s| s.acquire());
            let r = process_loaded(bytes, worker_doc, &worker_config, &worker_options, started);
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return finish(started, failed(doc, FileError::Thread(e)));
    }
    loop {
        // The budget grows while the file runs, as pages are handed to OCR.
        let limit = budget(config, &options);
        let wait = limit.saturating_sub(started.elapsed());
        match rx.recv_timeout(wait) {
            Ok(r) => return r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let now = budget(config, &options);
                if started.elapsed() >= now {
                    return finish(started, failed(doc, FileError::Timeout(now)));
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return finish(
                    started,
                    failed(doc, FileError::Internal("the worker thread died")),
                );
            }
        }
    }
}

/// The read options of one file: the run's OCR settings and a fresh count of OCR'd pages.
/// The read options of a run's configuration (OCR, with a fresh page counter).
pub fn read_options(config: &Config) -> read::ReadOptions {
    read::ReadOptions {
        ocr: config.ocr.clone(),
        ..Default::default()
    }
}

/// The file's time budget: `--file-timeout` plus the OCR allowance for the pages handed to
/// OCR so far.
/// The file's time budget so far: the base budget plus the OCR'd pages' allowance.
pub fn budget(config: &Config, options: &read::ReadOptions) -> Duration {
    let pages = options.ocr_pages.load(std::sync::atomic::Ordering::Relaxed);
    config.limits.file_timeout + config.limits.ocr_page_budget.saturating_mul(pages)
}

/// Name of the per-file worker threads.
pub const WORKER_THREAD: &str = "baocao-file";
/// Stack of a per-file worker thread (reserved, not committed): deep but finite recursion in
/// a third-party parser must not overflow it.
pub const WORKER_STACK: usize = 256 * 1024 * 1024;

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

/// Confidence factor for a figure whose sentence or row holds a word OCR read with a low
/// confidence.
pub const LOW_OCR_CONFIDENCE_FACTOR: f32 = 0.6;

/// Lowers the confidence of values whose snippet holds a figure-like word (one with a
/// digit) that OCR read with a low confidence on the value's page.
fn lower_ocr_confidence(values: &mut [crate::model::Value], ocr: &crate::model::OcrStats) {
    let low: Vec<(u32, String)> = ocr
        .low_conf
        .iter()
        .filter(|(_, w)| w.chars().any(|c| c.is_ascii_digit()))
        .map(|(p, w)| {
            let t = w.trim_matches(|c: char| !c.is_alphanumeric());
            (*p, text::unicode::nfc(t.to_string()))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    if low.is_empty() {
        return;
    }
    for v in values.iter_mut() {
        let hit = low
            .iter()
            .any(|(p, w)| Some(*p) == v.page && v.snippet.contains(w.as_str()));
        if hit {
            v.confidence *= LOW_OCR_CONFIDENCE_FACTOR;
        }
    }
}

/// The extract stage on a document's (repaired) units: its metadata, then its figures, whose
/// confidence is lowered where OCR read a figure-like word with a low confidence. What
/// `baocao ingest` writes for the file, and what `baocao gaps` compares the text with.
pub fn extract_units(
    units: &[Unit],
    document: &Document,
    config: &Config,
) -> (crate::model::Metadata, Vec<crate::model::Value>) {
    let meta = extract::metadata::metadata(units);
    let mut values = extract::values(units, &config.library, extract::ReportPeriod::of(&meta));
    if let Some(ocr) = &document.ocr {
        lower_ocr_confidence(&mut values, ocr);
    }
    (meta, values)
}

/// Stages 1–4 on bytes already loaded (`doc` has the hash and format).
fn process_loaded(
    bytes: Vec<u8>,
    mut doc: DocRecord,
    config: &Config,
    options: &read::ReadOptions,
    started: Instant,
) -> FileResult {
    let limit = budget(config, options);
    let late = || started.elapsed() > budget(config, options);
    let format = doc.format;
    let document = match timing::timed(timing::Stage::Read, || {
        read::read_with(&bytes, format, options)
    }) {
        Ok(d) => d,
        Err(e) => return finish(started, failed(doc, e.into())),
    };
    drop(bytes);
    doc.pages = document.pages;
    doc.text_encoding = DocumentEncoding::of(&document.encodings);
    if let Some(ocr) = &document.ocr {
        doc.ocr_pages = ocr.pages.min(i32::MAX as u32) as i32;
        doc.ocr_engine = Some(ocr.engine.clone());
        doc.ocr_mean_conf = Some((ocr.mean_conf * 100.0).round() / 100.0);
    }
    let limit = budget(config, options).max(limit);
    if late() {
        return finish(started, failed(doc, FileError::Timeout(limit)));
    }
    let staged = catch_unwind(AssertUnwindSafe(|| {
        use timing::{Stage, timed};
        let mut u = timed(Stage::Normalize, || units(&document));
        let repair = timed(Stage::Repair, || text::layout::repair_units(&mut u));
        if late() {
            return None;
        }
        let (meta, values, mentions) = timed(Stage::Extract, || {
            let (meta, values) = extract_units(&u, &document, config);
            let mentions = extract::mentions::mentions(&u, &values);
            (meta, values, mentions)
        });
        if late() {
            return None;
        }
        let findings = timed(Stage::Audit, || {
            audit::audit(&values, &mentions, &meta, &config.rules)
        });
        let chars: usize = u.iter().map(|x| x.text.chars().count()).sum();
        doc.text_hash = if chars > 0 {
            text_hash(&u)
        } else {
            String::new()
        };
        Some((meta, values, findings, chars, repair))
    }));
    match staged {
        Ok(Some((meta, values, findings, chars, repair))) => {
            doc.meta = meta;
            doc.ocr_damage = (chars > 0 && repair.readable).then_some(repair.damage);
            doc.repaired_words = repair.repaired as i64;
            doc.text_quality = repair.text_quality;
            doc.chars = chars as i64;
            let problem = if !repair.readable {
                let mut why = text::quality::unreadable_reason(
                    repair.text_quality.unwrap_or(0.0),
                    &document.fonts,
                );
                if !document.skipped.is_empty() {
                    why = format!("{why}; skipped: {}", document.skipped.join("; "));
                }
                Some(FileError::Unreadable(why))
            } else if !document.skipped.is_empty() {
                Some(FileError::Skipped(document.skipped))
            } else if chars == 0 {
                Some(FileError::NoText)
            } else {
                None
            };
            doc.status = match problem {
                Some(p) => {
                    p.record(&mut doc);
                    Status::Partial
                }
                None => Status::Ok,
            };
            finish(
                started,
                FileResult {
                    doc,
                    values,
                    findings,
                },
            )
        }
        Ok(None) => finish(started, failed(doc, FileError::Timeout(limit))),
        Err(_) => finish(
            started,
            failed(doc, FileError::Internal("while extracting")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OcrStats, Value};

    fn value(page: u32, snippet: &str) -> Value {
        Value {
            indicator: "dossiers.received".into(),
            value: 1058.0,
            unit: crate::model::MeasureUnit::Dossier,
            qualifier: None,
            origin: crate::model::Origin::Table,
            page: Some(page),
            section: None,
            snippet: snippet.into(),
            pattern_id: "t".into(),
            confidence: 0.9,
            period_start: None,
            period_end: None,
            kind: crate::model::ValueKind::Result,
            source_unit: 0,
            source_table: None,
            source_pos: 0,
            period_source: baocao_model::PeriodSource::Report,
        }
    }

    #[test]
    fn figures_read_from_low_confidence_words_get_a_lower_confidence() {
        let ocr = OcrStats {
            low_conf: vec![(15, "1058".into()), (15, "Thú".into())],
            ..Default::default()
        };
        let mut v = vec![
            value(15, "Tổng số hồ sơ | Hồ sơ | 1058"),
            value(14, "Tổng số hồ sơ | Hồ sơ | 1058"),
            value(15, "Số hồ sơ | Hồ sơ | 1057"),
        ];
        lower_ocr_confidence(&mut v, &ocr);
        let c: Vec<f32> = v.iter().map(|v| v.confidence).collect();
        assert!(
            (c[0] - 0.9 * LOW_OCR_CONFIDENCE_FACTOR).abs() < 1e-6,
            "{c:?}"
        );
        assert_eq!(&c[1..], &[0.9, 0.9]);
    }
}
