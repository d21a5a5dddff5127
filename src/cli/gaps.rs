//! `baocao gaps FILE`: the sentences and table rows of one file that hold a number next to an
//! indicator keyword (`patterns/keywords.toml`) but produced no figure.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::GapsArgs;
use crate::config::{Config, LibrarySource};
use crate::extract::gaps::{GapKind, KEYWORDS_FILE, Keywords, gaps};
use crate::text::layout::repair_units;

/// Reads the file as `baocao ingest` does, extracts its figures, and lists the gaps.
pub fn run(args: GapsArgs) -> Result<ExitCode> {
    let source = LibrarySource::from_arg(args.patterns.as_deref());
    let files = source.files().map_err(|e| anyhow::anyhow!("{e}"))?;
    let keywords = Keywords::parse(
        files
            .get(KEYWORDS_FILE)
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    )
    .map_err(|e| anyhow::anyhow!("pattern library: {KEYWORDS_FILE}: {e}"))?;
    let (config, _) = Config::compile(&files).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (document, mut units) = super::text::read_file(&args.file, args.ocr)?;
    repair_units(&mut units);
    let (_, values) = crate::pipeline::extract_units(&units, &document, &config);
    let found = gaps(&units, &values, &keywords);
    let sentences = found.iter().filter(|g| g.kind == GapKind::Sentence).count();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let file = args.file.display().to_string();
    if args.json {
        let list: Vec<serde_json::Value> = found
            .iter()
            .map(|g| {
                serde_json::json!({
                    "kind": g.kind.name(),
                    "page": g.page,
                    "section": g.section,
                    "families": g.families,
                    "text": g.text,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "file": file,
            "count": found.len(),
            "figures": values.len(),
            "gaps": list,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for g in &found {
        let page = g.page.map_or("-".to_string(), |p| format!("p{p}"));
        let section = g.section.as_deref().unwrap_or("-");
        let kind = match g.kind {
            GapKind::Sentence => "",
            GapKind::Row => "row: ",
        };
        writeln!(
            out,
            "{page:<4} {section:<12} [{}] {kind}{}",
            g.families.join(","),
            g.text
        )?;
    }
    writeln!(
        out,
        "{} gaps ({sentences} sentences, {} table rows) in {file}; {} figures extracted",
        found.len(),
        found.len() - sentences,
        values.len()
    )?;
    Ok(ExitCode::SUCCESS)
}
