//! Write stage: the Parquet dataset, and reading it back for summaries.

pub mod parquet;
pub mod summary;
