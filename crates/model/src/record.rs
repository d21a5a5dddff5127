//! The per-file result rows ([`DocRecord`], [`FileResult`]): what one file produced, before it
//! is written. Kept free of polars so the readers can be built (and fuzzed) without it.

use crate::panel::ReportRole;
use crate::{DocumentEncoding, Finding, Format, Metadata, Status, Value};

/// One documents row.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocRecord {
    /// First 16 hex digits of the SHA-256 of the bytes.
    pub doc_id: String,
    /// Full SHA-256 (hex), for incremental runs.
    pub sha256: String,
    /// Path as given.
    pub path: String,
    /// What the bytes are.
    pub format: Format,
    /// What became of the file.
    pub status: Status,
    /// One-line reason, when not `ok`.
    pub error: Option<String>,
    /// The reason's stable short code (`encrypted`, `zip_bomb`, `timeout`, …).
    pub error_code: Option<String>,
    /// Page count (PDF).
    pub pages: Option<u32>,
    /// Characters of normalized text.
    pub chars: i64,
    /// What the text layer was stored in.
    pub text_encoding: DocumentEncoding,
    /// Share of words that looked damaged (0–1).
    pub ocr_damage: Option<f64>,
    /// Words changed by repair.
    pub repaired_words: i64,
    /// Share of tokens that read as Vietnamese (syllables, abbreviations, numbers), 0–1.
    pub text_quality: Option<f64>,
    /// Pages read by OCR (0 when none).
    pub ocr_pages: i32,
    /// OCR engine and model, e.g. `tesseract 5.3.0 vie`, when pages were OCR'd.
    pub ocr_engine: Option<String>,
    /// Mean OCR word confidence (0–100), when pages were OCR'd.
    pub ocr_mean_conf: Option<f64>,
    /// Metadata.
    pub meta: Metadata,
    /// Pattern-library version used.
    pub library_version: String,
    /// Figures found.
    pub n_values: i64,
    /// Findings.
    pub n_findings: i64,
    /// Milliseconds spent on the file.
    pub elapsed_ms: i64,
    /// The report this file is a copy of (files with the same issuer, number, date and period,
    /// or the same text, share it); set when the dataset is written.
    pub report_id: String,
    /// Primary file of its report, or a copy.
    pub report_role: ReportRole,
    /// The `doc_id` of its report's primary file (itself when primary).
    pub primary_doc_id: String,
    /// SHA-256 prefix of the document's words (folded, letters and digits only), so two files
    /// of the same text are seen as one report whatever their format; empty when unread.
    pub text_hash: String,
}

/// Everything one file produced.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FileResult {
    /// The documents row.
    pub doc: DocRecord,
    /// Its figures.
    pub values: Vec<Value>,
    /// Its findings.
    pub findings: Vec<Finding>,
}
