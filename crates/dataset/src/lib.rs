//! # baocao-dataset
//!
//! The dataset: documents.parquet, values.parquet and findings.parquet, and from them
//! facts.parquet ([`facts`]: one chosen figure per report and quantity) and wide.parquet
//! ([`wide`]: one row per report), written through a journaled commit
//! ([`parquet::DatasetWriter`]) and read back ([`parquet::read_results`], [`summary`]).
//! This is the only crate that links polars.
//!
//! Left to others: producing the rows (the pipeline), the HTML report (`baocao-report`).

#![deny(missing_docs)]

pub mod facts;
pub mod parquet;
pub mod summary;
pub mod wide;
