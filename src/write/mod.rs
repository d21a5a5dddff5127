//! Write stage: the Parquet dataset, the HTML report, and reading the dataset back for
//! summaries.

pub mod parquet;
pub mod report;
pub mod summary;
