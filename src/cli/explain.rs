//! `baocao explain [RULE]`: what an audit rule checks, why, its tolerance, severity, messages
//! and example sentences, all from the pattern library's rules.toml (like `ruff rule`).
//! Without a rule, the list of rules.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::audit::rules::{Rule, RuleBook, RuleId};
use crate::config::{Config, LibrarySource};

/// `baocao explain` arguments.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  baocao explain                              list the audit rules
  baocao explain conflict.same_indicator      what the rule checks, its tolerance, examples
  baocao explain ratio                        a unique prefix is enough")]
pub struct ExplainArgs {
    /// A rule id (or a unique prefix of one). Default: list the rules.
    pub rule: Option<String>,
    /// Pattern library folder. Default: the library built into this binary.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
}

/// Prints one rule, or the list.
pub fn run(args: ExplainArgs) -> Result<ExitCode> {
    let config = Config::load(&LibrarySource::from_arg(args.patterns.as_deref()))?;
    let book = &config.rules;
    let text = match args.rule.as_deref() {
        None => list(book),
        Some(q) => explain(find(book, q)?),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The rule `q` names: its exact id, or the only id starting with it.
fn find<'a>(book: &'a RuleBook, q: &str) -> Result<&'a Rule> {
    if let Some(r) = book.rules.get(q) {
        return Ok(r);
    }
    let hits: Vec<&String> = book.order.iter().filter(|id| id.starts_with(q)).collect();
    match hits.as_slice() {
        [one] => Ok(&book.rules[one.as_str()]),
        [] => bail!(
            "no audit rule `{q}`; the rules are: {}",
            book.order.join(", ")
        ),
        many => bail!(
            "`{q}` names several rules: {}",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One line per rule: id, severity, what it checks.
fn list(book: &RuleBook) -> String {
    let width = book.order.iter().map(String::len).max().unwrap_or(0);
    let mut s = String::new();
    for id in &book.order {
        let r = &book.rules[id];
        let off = if r.enabled { "" } else { " (disabled)" };
        let _ = writeln!(s, "{id:width$}  {:7}  {}{off}", r.severity.as_str(), r.what);
    }
    s.push_str("\n`baocao explain RULE` for the details of one rule.\n");
    s
}

/// The details of one rule.
fn explain(r: &Rule) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} ({})", r.id, r.severity.as_str());
    if !r.enabled {
        s.push_str("\nDisabled in rules.toml (enabled = false).\n");
    }
    let _ = writeln!(s, "\n## What it does\n{}", r.what);
    let _ = writeln!(s, "\n## Why it matters\n{}", r.why);
    let means = RuleId::from_id(&r.id)
        .map(|id| id.tolerance_means())
        .or_else(|| baocao_audit::panel::PanelRuleId::from_id(&r.id).map(|id| id.tolerance_means()))
        .unwrap_or("");
    let _ = writeln!(s, "\n## Tolerance\n{} ({means})", r.tolerance);
    if !r.params.is_empty() {
        s.push_str("\n## Parameters\n");
        for (name, v) in &r.params {
            let _ = writeln!(s, "{name} = {v}");
        }
    }
    let _ = writeln!(s, "\n## Message\n{}\n{}", r.message_en, r.message_vi);
    let ex = &r.examples;
    if !ex.fires.is_empty() || !ex.does_not_fire.is_empty() {
        s.push_str("\n## Examples\nFires on:\n");
        for e in &ex.fires {
            let _ = writeln!(s, "  {e}");
        }
        s.push_str("Does not fire on:\n");
        for e in &ex.does_not_fire {
            let _ = writeln!(s, "  {e}");
        }
    }
    s
}
