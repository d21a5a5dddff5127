//! `baocao text`: the normalized text as the pipeline sees it, with page and table markers.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::TextArgs;
use crate::normalize::layout::UnitKind;

/// Prints the text of one file.
pub fn run(args: TextArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("{}: cannot read", args.file.display()))?;
    let (doc, units) =
        crate::read_units(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut page = None;
    let mut table = None;
    for u in &units {
        if u.page != page && u.page.is_some() {
            page = u.page;
            writeln!(out, "\n=== page {} ===", page.unwrap_or(0))?;
        }
        match u.kind {
            UnitKind::Paragraph => {
                table = None;
                let mark = match (u.heading, u.layout) {
                    (Some(l), _) => format!("{} ", "#".repeat(l as usize)),
                    (None, true) => "[header] ".to_string(),
                    _ => String::new(),
                };
                writeln!(out, "{mark}{}", u.text)?;
            }
            UnitKind::Row => {
                if u.table != table {
                    table = u.table;
                    writeln!(
                        out,
                        "[table {}{}]",
                        u.table.unwrap_or(0) + 1,
                        u.section
                            .as_deref()
                            .map(|s| format!(" · {s}"))
                            .unwrap_or_default()
                    )?;
                }
                writeln!(out, "| {} |", u.cells.join(" | "))?;
            }
        }
        if args.folded {
            writeln!(out, "  ~ {}", u.folded.text)?;
        }
    }
    if !doc.skipped.is_empty() {
        writeln!(out, "\n[skipped: {}]", doc.skipped.join("; "))?;
    }
    Ok(ExitCode::SUCCESS)
}
