//! `baocao patterns check`: validate the library and run its embedded examples.

use std::process::ExitCode;

use anyhow::Result;

use crate::config::{Config, LibrarySource};

/// Result of checking a library: counts and failures.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Text patterns.
    pub patterns: usize,
    /// Row and column rules.
    pub rows: usize,
    /// Examples run.
    pub examples: usize,
    /// Failures, one line each.
    pub failures: Vec<String>,
}

/// Checks a library (used by the CLI and by `cargo test`).
pub fn check_library(source: &LibrarySource) -> Result<CheckReport, String> {
    let files = source.files().map_err(|e| e.to_string())?;
    let (config, _) = Config::compile(&files).map_err(|e| e.to_string())?;
    let lib = &config.library;
    let is_money = |id: &str| lib.is_money(id);
    let mut rep = CheckReport {
        patterns: lib.text.patterns.len(),
        rows: lib.tables.rules.len(),
        ..Default::default()
    };
    for p in &lib.text.patterns {
        let pos = p
            .def
            .example
            .iter()
            .filter(|e| !e.expect.is_empty())
            .count();
        let neg = p.def.example.len() - pos;
        if pos == 0 || neg == 0 {
            rep.failures.push(format!(
                "{}: needs at least one positive and one negative example",
                p.def.id
            ));
        }
        for ex in &p.def.example {
            rep.examples += 1;
            if let Err(e) = crate::extract::patterns::check_example(p, ex, &is_money) {
                rep.failures.push(e);
            }
        }
    }
    for r in &lib.tables.rules {
        if r.def.example.is_empty() {
            rep.failures
                .push(format!("{}: needs at least one example", r.def.id));
        }
        for ex in &r.def.example {
            rep.examples += 1;
            if let Err(e) = crate::extract::tables::check_row_example(&lib.tables, r, ex, &is_money)
            {
                rep.failures.push(e);
            }
        }
    }
    for c in &lib.tables.columns {
        let pos = c
            .def
            .example
            .iter()
            .filter(|e| !e.expect.is_empty())
            .count();
        if pos == 0 || pos == c.def.example.len() {
            rep.failures.push(format!(
                "{}: needs at least one positive and one negative example",
                c.def.id
            ));
        }
        for ex in &c.def.example {
            rep.examples += 1;
            if let Err(e) = crate::extract::tables::check_column_example(&lib.tables, c, ex) {
                rep.failures.push(e);
            }
        }
    }
    rep.rows += lib.tables.columns.len();
    Ok(rep)
}

/// Runs the check and prints the result.
pub fn check(source: &LibrarySource) -> Result<ExitCode> {
    let rep = check_library(source).map_err(|e| anyhow::anyhow!("{e}"))?;
    for f in &rep.failures {
        println!("FAIL {f}");
    }
    println!(
        "{} text patterns, {} table row and column rules, {} examples: {} passed, {} failed",
        rep.patterns,
        rep.rows,
        rep.examples,
        rep.examples.saturating_sub(rep.failures.len()),
        rep.failures.len()
    );
    Ok(if rep.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
