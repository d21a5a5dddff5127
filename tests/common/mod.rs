//! Shared helpers for the integration tests: one ingest run of `fixtures/` per test binary,
//! and readers for its Parquet output.

#![allow(dead_code)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use polars::prelude::*;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `baocao ingest` with the given arguments; panics with its stderr when it fails.
pub fn ingest(args: &[&str], out: &Path) -> String {
    ingest_with_env(args, out, &[])
}

/// [`ingest`] with environment variables set for the run (and its worker processes).
pub fn ingest_with_env(args: &[&str], out: &Path, env: &[(&str, &str)]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .envs(env.iter().copied())
        .arg("ingest")
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .expect("run baocao");
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "baocao ingest failed: {stderr}");
    stderr
}

/// The output folder of one ingest over `fixtures/`, shared by the tests of a binary.
pub fn fixtures_out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("baocao-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        ingest(&["fixtures"], &dir);
        dir
    })
}

/// Reads one Parquet file of an output folder.
pub fn read(out: &Path, name: &str) -> DataFrame {
    let f = File::open(out.join(name)).expect("open parquet");
    ParquetReader::new(f).finish().expect("read parquet")
}

/// A string column as a Vec.
pub fn strs(df: &DataFrame, col: &str) -> Vec<Option<String>> {
    df.column(col)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|x| x.map(str::to_string))
        .collect()
}

/// A float column as a Vec.
pub fn floats(df: &DataFrame, col: &str) -> Vec<Option<f64>> {
    df.column(col).unwrap().f64().unwrap().iter().collect()
}

/// An int32 column as a Vec.
pub fn ints(df: &DataFrame, col: &str) -> Vec<Option<i32>> {
    df.column(col).unwrap().i32().unwrap().iter().collect()
}

/// One values row.
#[derive(Debug, Clone)]
pub struct Val {
    pub doc_id: String,
    pub indicator: String,
    pub value: f64,
    pub origin: String,
    pub page: Option<i32>,
    pub snippet: String,
    pub pattern_id: String,
}

/// All values rows.
pub fn values(out: &Path) -> Vec<Val> {
    let df = read(out, "values.parquet");
    let (d, i, v, o, p, s, pid) = (
        strs(&df, "doc_id"),
        strs(&df, "indicator"),
        floats(&df, "value"),
        strs(&df, "origin"),
        ints(&df, "page"),
        strs(&df, "snippet"),
        strs(&df, "pattern_id"),
    );
    (0..df.height())
        .map(|k| Val {
            doc_id: d[k].clone().unwrap(),
            indicator: i[k].clone().unwrap(),
            value: v[k].unwrap(),
            origin: o[k].clone().unwrap(),
            page: p[k],
            snippet: s[k].clone().unwrap(),
            pattern_id: pid[k].clone().unwrap(),
        })
        .collect()
}

/// doc_id of the document whose path ends with `name`.
pub fn doc_id(out: &Path, name: &str) -> String {
    let df = read(out, "documents.parquet");
    let paths = strs(&df, "path");
    let ids = strs(&df, "doc_id");
    let k = paths
        .iter()
        .position(|p| p.as_deref().unwrap_or("").ends_with(name))
        .expect("document row");
    ids[k].clone().unwrap()
}

/// Word counts (a multiset) of some texts: runs of letters and digits, lower-cased when asked.
pub fn word_counts<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    lowercase: bool,
) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::new();
    for t in texts {
        for w in t
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let w = if lowercase {
                w.to_lowercase()
            } else {
                w.to_string()
            };
            *m.entry(w).or_insert(0) += 1;
        }
    }
    m
}

/// Share of `a`'s words (as a multiset) also in `b`.
pub fn overlap(
    a: &std::collections::HashMap<String, usize>,
    b: &std::collections::HashMap<String, usize>,
) -> f64 {
    let total: usize = a.values().sum();
    let common: usize = a
        .iter()
        .map(|(w, n)| (*n).min(*b.get(w).unwrap_or(&0)))
        .sum();
    common as f64 / total as f64
}
