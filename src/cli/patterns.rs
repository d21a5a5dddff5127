//! `baocao patterns check`: validate the library and run its embedded examples.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::config::Config;

/// Result of checking a library: counts and failures.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Text patterns.
    pub patterns: usize,
    /// Row rules.
    pub rows: usize,
    /// Examples run.
    pub examples: usize,
    /// Failures, one line each.
    pub failures: Vec<String>,
}

/// Checks the library in `dir` (used by the CLI and by `cargo test`).
pub fn check_library(dir: &Path) -> Result<CheckReport, String> {
    let (config, _) = Config::load_with_sources(dir)?;
    let is_money = |id: &str| config.is_money(id);
    let mut rep = CheckReport {
        patterns: config.text.patterns.len(),
        rows: config.tables.rules.len(),
        ..Default::default()
    };
    for p in &config.text.patterns {
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
    for r in &config.tables.rules {
        if r.def.example.is_empty() {
            rep.failures
                .push(format!("{}: needs at least one example", r.def.id));
        }
        for ex in &r.def.example {
            rep.examples += 1;
            if let Err(e) =
                crate::extract::tables::check_row_example(&config.tables, r, ex, &is_money)
            {
                rep.failures.push(e);
            }
        }
    }
    Ok(rep)
}

/// Runs the check and prints the result.
pub fn check(dir: &Path) -> Result<ExitCode> {
    let rep = check_library(dir).map_err(|e| anyhow::anyhow!("{e}"))?;
    for f in &rep.failures {
        println!("FAIL {f}");
    }
    println!(
        "{} text patterns, {} table rows, {} examples: {} passed, {} failed",
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
