//! # baocao-dataset
//!
//! The dataset: documents.parquet, values.parquet and findings.parquet, written through a
//! journaled commit ([`parquet::DatasetWriter`]) and read back ([`parquet::read_results`],
//! [`summary`]). This is the only crate that links polars.
//!
//! Left to others: producing the rows (the pipeline), the HTML report (`baocao-report`).

#![deny(missing_docs)]

pub mod parquet;
pub mod summary;
