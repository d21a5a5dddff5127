//! `baocao text`: the normalized text as the pipeline sees it, with page and table markers;
//! `--raw` before OCR diacritic repair, `--diff` with the repaired words marked.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::TextArgs;
use crate::model::Document;
use crate::read::ocr::OcrMode;
use crate::text::layout::{RepairSummary, Unit, UnitKind, repair_units};

/// Reads one file into its text units before diacritic repair, with OCR of image-only pages
/// as `ocr` says (for `baocao text` and `baocao gaps`).
pub fn read_file(file: &Path, ocr: OcrMode) -> Result<(Document, Vec<Unit>)> {
    // The reading thread counts as one worker; OCR'd pages may use the other cores.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ocr = crate::read::ocr::Ocr::for_mode(
        ocr,
        std::time::Duration::from_secs(120),
        Some(crate::read::ocr::Slots::new(cores.saturating_sub(1))),
    )
    .map_err(|e| anyhow::anyhow!("--ocr require: {e}"))?;
    let bytes = std::fs::read(file).with_context(|| format!("{}: cannot read", file.display()))?;
    let options = crate::read::ReadOptions {
        ocr: ocr.map(std::sync::Arc::new),
        ..Default::default()
    };
    crate::pipeline::read_units_with(&bytes, &options)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// Prints the text of one file.
pub fn run(args: TextArgs) -> Result<ExitCode> {
    let (doc, raw) = read_file(&args.file, args.ocr)?;
    let mut units = raw.clone();
    let summary = if args.raw {
        RepairSummary::default()
    } else {
        repair_units(&mut units)
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut page = None;
    let mut table = None;
    for (k, u) in units.iter().enumerate() {
        let before = raw.get(k).filter(|_| args.diff);
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
                let text = match before {
                    Some(b) if b.text != u.text => word_diff(&b.text, &u.text),
                    _ => u.text.clone(),
                };
                writeln!(out, "{mark}{text}")?;
            }
            UnitKind::Row => {
                if u.table != table {
                    table = u.table;
                    let caption = u
                        .section
                        .as_deref()
                        .map(|s| format!(" · {s}"))
                        .unwrap_or_default();
                    writeln!(out, "[table {}{caption}]", u.table.unwrap_or(0) + 1)?;
                }
                let cells: Vec<String> = match before {
                    Some(b) if b.cells != u.cells => b
                        .cells
                        .iter()
                        .zip(&u.cells)
                        .map(|(x, y)| word_diff(x, y))
                        .collect(),
                    _ => u.cells.clone(),
                };
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
        }
        if args.folded {
            writeln!(out, "  ~ {}", u.folded.text)?;
        }
    }
    if !args.raw {
        writeln!(
            out,
            "\n[ocr damage {:.2} %, {} words repaired]",
            100.0 * summary.damage,
            summary.repaired
        )?;
    }
    if let Some(ocr) = &doc.ocr {
        writeln!(
            out,
            "[ocr: {} pages, {}, mean confidence {:.1}]",
            ocr.pages, ocr.engine, ocr.mean_conf
        )?;
    }
    if !doc.skipped.is_empty() {
        writeln!(out, "\n[skipped: {}]", doc.skipped.join("; "))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Word-level diff of two versions of one line: unchanged words as they are, changes as
/// `[-before-]{+after+}` (longest common subsequence over words).
pub fn word_diff(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.split(' ').collect();
    let b: Vec<&str> = after.split(' ').collect();
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return format!("[-{before}-]{{+{after}+}}");
    }
    // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out: Vec<String> = Vec::new();
    let (mut del, mut ins): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |out: &mut Vec<String>, del: &mut Vec<&str>, ins: &mut Vec<&str>| {
        if !del.is_empty() || !ins.is_empty() {
            out.push(format!("[-{}-]{{+{}+}}", del.join(" "), ins.join(" ")));
            del.clear();
            ins.clear();
        }
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut out, &mut del, &mut ins);
            out.push(a[i].to_string());
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ins.push(b[j]);
            j += 1;
        } else {
            del.push(a[i]);
            i += 1;
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::word_diff;

    #[test]
    fn marks_changed_words_only() {
        assert_eq!(
            word_diff("Đon vị tính", "Đơn vị tính"),
            "[-Đon-]{+Đơn+} vị tính"
        );
        assert_eq!(
            word_diff("SỐTTHCcấpxã 161", "SỐ TTHC cấp xã 161"),
            "[-SỐTTHCcấpxã-]{+SỐ TTHC cấp xã+} 161"
        );
        assert_eq!(word_diff("a b", "a b"), "a b");
    }
}
