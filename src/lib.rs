//! # baocao
//!
//! Reads Vietnamese administrative-reform reports (PDF and DOCX), recovers clean text and
//! appendix tables, extracts indicators through the declarative pattern library in
//! `patterns/`, audits each report for internal inconsistencies and writes a Parquet dataset.
//!
//! This crate is the binary's library: the command line ([`cli`]), the run configuration
//! ([`config`]) and the pipeline that chains the stage crates for one file
//! ([`process_file`]). The stages live in their own crates, in the order data flows:
//!
//! 1. [`read`] (`baocao-read`): sniff the format; PDF (guard, glyphs → words → lines →
//!    paragraphs and ruled tables) or DOCX (paragraphs, tables with merged cells).
//! 2. [`text`] (`baocao-text`): legacy encodings, NFC, one tone placement, text units with
//!    heading paths, OCR diacritic repair; the folded form patterns match.
//! 3. [`extract`] (`baocao-extract`): the pattern library; text patterns and row rules →
//!    [`model::Value`]s with provenance; metadata.
//! 4. [`audit`] (`baocao-audit`): rules and identities → [`model::Finding`]s.
//! 5. [`dataset`] (`baocao-dataset`) and [`report`] (`baocao-report`): the Parquet tables and
//!    the HTML report.
//!
//! [`process_file`] runs stages 1–4 for one file and never panics on bad input; the CLI runs
//! it over many files in parallel and then writes.

#![deny(missing_docs)]

pub mod cli;
pub mod config;
pub mod panel;
pub mod pipeline;
pub mod timing;
pub mod worker;

pub use baocao_audit as audit;
pub use baocao_dataset as dataset;
pub use baocao_extract as extract;
pub use baocao_model as model;
pub use baocao_read as read;
pub use baocao_report as report;
pub use baocao_text as text;
pub use model::record;

pub use pipeline::{
    FileError, WORKER_THREAD, is_retryable, ocr_was_missing, process_file, process_file_isolated,
    quiet_worker_panics, read_units, sha256_hex,
};
