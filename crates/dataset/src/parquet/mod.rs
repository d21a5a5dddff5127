//! Writes documents.parquet, values.parquet and findings.parquet with the contract's column
//! names and types (see `../shared/spec/output.md`, copied in `docs/output.md`), and reads them
//! back.
//!
//! - [`columns`]: each table's columns, declared once (name, type, getter, setter) and used by
//!   both the writer and the reader. Text is written as Arrow `large_string`, lists
//!   as `list<…>`, dates as `date32` (never polars' default `string_view`), so pandas, pyarrow, polars and DuckDB read the files as
//!   they are.
//! - the streaming writer ([`DatasetWriter`]): results are pushed one document at a time and
//!   written as row groups every [`BATCH_DOCS`] documents; its `finish` hands back what it
//!   computed at the end (the documents rows, the primary files' facts, the cross-report
//!   findings: [`RunTables`]) for the report. [`write_all`] writes a slice.
//! - the journaled commit ([`recover`]): each file is written to a temporary name in the
//!   output folder, fsynced, then renamed over the old one, so a crash never leaves a
//!   half-written dataset.
//! - the reader ([`read_results`], for `--incremental`).

pub mod columns;
mod commit;
mod reader;
mod writer;

pub use baocao_model::panel::RunTables;
pub use baocao_model::record::{DocRecord, FileResult};
pub use commit::recover;
pub use reader::read_results;
pub use writer::{BATCH_DOCS, DatasetWriter, Panel, write_all};
