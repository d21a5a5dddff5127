//! `baocao patterns check`: validate the library and run its embedded examples;
//! `baocao patterns coverage`: per indicator, its patterns, examples and figures.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::CoverageArgs;
use crate::config::{Config, LibrarySource};
use crate::extract::coverage::{
    Fired, IndicatorCoverage, MIN_NEGATIVE, MIN_POSITIVE, count_fired,
    coverage as indicator_coverage,
};
use crate::extract::gaps::{KEYWORDS_FILE, Keywords};

/// Result of checking a library: counts and failures.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Text patterns.
    pub patterns: usize,
    /// Row and column rules.
    pub rows: usize,
    /// Examples run.
    pub examples: usize,
    /// Examples that failed.
    pub failed_examples: usize,
    /// Catalogue indicators.
    pub indicators: usize,
    /// Indicators below the per-indicator requirement (at least
    /// [`MIN_POSITIVE`](crate::extract::coverage::MIN_POSITIVE) positive and
    /// [`MIN_NEGATIVE`](crate::extract::coverage::MIN_NEGATIVE) negative examples).
    pub thin_indicators: usize,
    /// Failures, one line each.
    pub failures: Vec<String>,
}

/// Checks a library (used by the CLI and by `cargo test`).
pub fn check_library(source: &LibrarySource) -> Result<CheckReport, String> {
    let files = source.files().map_err(|e| e.to_string())?;
    let (config, _) = Config::compile(&files).map_err(|e| e.to_string())?;
    if let Ok(text) = files.get(KEYWORDS_FILE) {
        Keywords::parse(text).map_err(|e| format!("pattern library: {KEYWORDS_FILE}: {e}"))?;
    }
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
                rep.failed_examples += 1;
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
                rep.failed_examples += 1;
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
                rep.failed_examples += 1;
                rep.failures.push(e);
            }
        }
    }
    rep.rows += lib.tables.columns.len();
    // Every catalogue indicator: at least two positive and one negative example.
    let coverage = indicator_coverage(lib);
    rep.indicators = coverage.len();
    for c in &coverage {
        if let Some(f) = c.requirement_failure() {
            rep.thin_indicators += 1;
            rep.failures.push(f);
        }
    }
    Ok(rep)
}

/// Runs the check and prints the result.
pub fn check(source: &LibrarySource) -> Result<ExitCode> {
    let rep = check_library(source).map_err(|e| anyhow::anyhow!("{e}"))?;
    for f in &rep.failures {
        println!("FAIL {f}");
    }
    println!(
        "{} text patterns, {} table row and column rules, {} examples: {} passed, {} failed; {} \
         indicators, {} with fewer than {} positive or {} negative examples",
        rep.patterns,
        rep.rows,
        rep.examples,
        rep.examples.saturating_sub(rep.failed_examples),
        rep.failed_examples,
        rep.indicators,
        rep.thin_indicators,
        MIN_POSITIVE,
        MIN_NEGATIVE,
    );
    Ok(if rep.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The figures and files per indicator of an ingest output folder (its values.parquet).
pub fn fired_in(out: &Path) -> Result<BTreeMap<String, Fired>> {
    if !out.join("values.parquet").is_file() {
        anyhow::bail!(
            "{}: no values.parquet (run `baocao ingest … --out {}` first)",
            out.display(),
            out.display()
        );
    }
    let results = crate::dataset::parquet::read_results(out)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("reading {}", out.display()))?;
    Ok(count_fired(results.iter().flat_map(|r| {
        r.values
            .iter()
            .map(move |v| (r.doc.path.as_str(), v.indicator.as_str()))
    })))
}

/// Why an indicator stands out in the coverage table, or `None`.
fn note(c: &IndicatorCoverage, fired: Option<Fired>) -> Option<String> {
    let mut why = Vec::new();
    if c.has_no_rule() {
        why.push("no pattern or row rule".to_string());
    }
    if !c.examples_ok() {
        why.push(format!(
            "needs {MIN_POSITIVE}+ positive, {MIN_NEGATIVE}+ negative examples"
        ));
    }
    if fired.is_some_and(|f| f.mentions == 0) {
        why.push("no figure in OUT".to_string());
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// `baocao patterns coverage [OUT]`.
pub fn coverage(args: CoverageArgs) -> Result<ExitCode> {
    let source = LibrarySource::from_arg(args.patterns.as_deref());
    let config = Config::load(&source).map_err(|e| anyhow::anyhow!("{e}"))?;
    let rows = indicator_coverage(&config.library);
    let fired = args.out.as_deref().map(fired_in).transpose()?;
    let fired_of = |id: &str| {
        fired
            .as_ref()
            .map(|f| f.get(id).copied().unwrap_or_default())
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|c| {
                let f = fired_of(&c.indicator);
                serde_json::json!({
                    "indicator": c.indicator,
                    "text_patterns": c.text_patterns,
                    "row_rules": c.row_rules,
                    "column_rules": c.column_rules,
                    "positive_examples": c.positive,
                    "negative_examples": c.negative,
                    "examples_ok": c.examples_ok(),
                    "mentions": f.map(|f| f.mentions),
                    "documents": f.map(|f| f.documents),
                    "note": note(c, f),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = rows
        .iter()
        .map(|c| c.indicator.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let dash =
        |f: Option<Fired>, g: fn(Fired) -> usize| f.map_or("-".to_string(), |f| g(f).to_string());
    writeln!(
        out,
        "  {:<width$} {:>4} {:>4} {:>4} {:>4} {:>4} {:>8} {:>5}  PATTERNS, ROW AND COLUMN RULES",
        "INDICATOR", "TEXT", "ROWS", "COLS", "+EX", "-EX", "MENTIONS", "FILES"
    )?;
    let mut marked = 0;
    for c in &rows {
        let f = fired_of(&c.indicator);
        let why = note(c, f);
        if why.is_some() {
            marked += 1;
        }
        let ids: Vec<&str> = c
            .text_patterns
            .iter()
            .chain(&c.row_rules)
            .chain(&c.column_rules)
            .map(String::as_str)
            .collect();
        writeln!(
            out,
            "{} {:<width$} {:>4} {:>4} {:>4} {:>4} {:>4} {:>8} {:>5}  {}{}",
            if why.is_some() { '!' } else { ' ' },
            c.indicator,
            c.text_patterns.len(),
            c.row_rules.len(),
            c.column_rules.len(),
            c.positive,
            c.negative,
            dash(f, |f| f.mentions),
            dash(f, |f| f.documents),
            why.map(|w| format!("[{w}] ")).unwrap_or_default(),
            ids.join(", ")
        )?;
    }
    let no_rule = rows.iter().filter(|c| c.has_no_rule()).count();
    let thin = rows.iter().filter(|c| !c.examples_ok()).count();
    let mut summary = format!(
        "{} indicators, {marked} marked '!': {no_rule} without a pattern or row rule, {thin} \
         with fewer than {MIN_POSITIVE} positive or {MIN_NEGATIVE} negative examples",
        rows.len()
    );
    if let (Some(f), Some(dir)) = (&fired, &args.out) {
        let silent = rows
            .iter()
            .filter(|c| f.get(&c.indicator).is_none_or(|x| x.mentions == 0))
            .count();
        summary.push_str(&format!(", {silent} without a figure in {}", dir.display()));
    }
    writeln!(out, "{summary}")?;
    Ok(ExitCode::SUCCESS)
}
