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
pub mod cli;
pub mod config;
pub mod extract;
pub mod model;
pub mod normalize;
pub mod read;
pub mod write;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

use sha2::Digest;

use config::Config;
use model::{Document, TextEncoding};
use normalize::layout::{Unit, units};
use write::parquet::{DocRecord, FileResult};

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

/// Runs read → normalize → extract → audit on one file. Never panics on bad input: every
/// failure becomes a `failed` row with a one-line reason.
pub fn process_file(path: &Path, display: &str, config: &Config) -> FileResult {
    let started = Instant::now();
    let mut doc = DocRecord {
        path: display.to_string(),
        status: "failed".into(),
        text_encoding: "unicode".into(),
        library_version: config.library_version.clone(),
        ..Default::default()
    };
    let finish = |mut r: FileResult| {
        r.doc.elapsed_ms = started.elapsed().as_millis() as i64;
        r.doc.n_values = r.values.len() as i64;
        r.doc.n_findings = r.findings.len() as i64;
        r
    };
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > config.limits.max_file_bytes => {
            doc.error = Some(format!(
                "file too large ({} bytes, limit {})",
                m.len(),
                config.limits.max_file_bytes
            ));
            doc.format = "unknown".into();
            return finish(FileResult {
                doc,
                ..Default::default()
            });
        }
        _ => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                doc.error = Some(format!("cannot read file: {e}"));
                doc.format = "unknown".into();
                return finish(FileResult {
                    doc,
                    ..Default::default()
                });
            }
        },
    };
    let sha = sha256_hex(&bytes);
    doc.doc_id = sha[..16].to_string();
    doc.sha256 = sha;
    let format = read::sniff(&bytes);
    doc.format = format.as_str().to_string();
    let document = match read::read(&bytes, format) {
        Ok(d) => d,
        Err(e) => {
            doc.error = Some(e.to_string());
            return finish(FileResult {
                doc,
                ..Default::default()
            });
        }
    };
    drop(bytes);
    doc.pages = document.pages;
    doc.text_encoding = encoding_label(&document.encodings).to_string();
    let staged = catch_unwind(AssertUnwindSafe(|| {
        let mut u = units(&document);
        let repair = normalize::layout::repair_units(&mut u);
        let meta = extract::metadata::metadata(&u);
        let year = meta.period_end.or(meta.period_start).map(|d| d.year);
        let values = extract::values(&u, config, year);
        let findings = audit::audit(&values, &u, &meta, &config.rules);
        let chars: usize = u.iter().map(|x| x.text.chars().count()).sum();
        (meta, values, findings, chars, repair)
    }));
    match staged {
        Ok((meta, values, findings, chars, repair)) => {
            doc.meta = meta;
            doc.ocr_damage = (chars > 0).then_some(repair.damage);
            doc.repaired_words = repair.repaired as i64;
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
            finish(FileResult {
                doc,
                values,
                findings,
            })
        }
        Err(_) => {
            doc.error = Some("internal error while extracting (please report)".into());
            finish(FileResult {
                doc,
                ..Default::default()
            })
        }
    }
}
