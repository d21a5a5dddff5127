//! Reads an output folder back and renders the findings per document as text (for
//! `baocao audit`), with colour when asked.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use polars::prelude::*;

fn read(dir: &Path, name: &str) -> Result<DataFrame, String> {
    let p = dir.join(name);
    let f =
        File::open(&p).map_err(|e| format!("{}: {e} (run `baocao ingest` first)", p.display()))?;
    ParquetReader::new(f)
        .finish()
        .map_err(|e| format!("{}: {e}", p.display()))
}

fn strings(df: &DataFrame, col: &str) -> Result<Vec<Option<String>>, String> {
    let c = df.column(col).map_err(|e| e.to_string())?;
    let s = c.str().map_err(|e| e.to_string())?;
    Ok(s.iter().map(|x| x.map(str::to_string)).collect())
}

fn list_strings(df: &DataFrame, col: &str) -> Result<Vec<Vec<String>>, String> {
    let c = df.column(col).map_err(|e| e.to_string())?;
    let l = c.list().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for i in 0..l.len() {
        let v = match l.get_as_series(i) {
            Some(s) => s
                .str()
                .map(|x| x.iter().flatten().map(str::to_string).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        out.push(v);
    }
    Ok(out)
}

/// The findings of `dir` as text, grouped by document (locality and period first).
pub fn audit_text(dir: &Path, colour: bool) -> Result<String, String> {
    if dir.join("documents.parquet").exists() {
        super::parquet::recover(dir)?;
    }
    let docs = read(dir, "documents.parquet")?;
    let finds = read(dir, "findings.parquet")?;
    let ids = strings(&docs, "doc_id")?;
    let paths = strings(&docs, "path")?;
    let locs = strings(&docs, "issuer")?;
    let periods = strings(&docs, "period_label")?;
    let status = strings(&docs, "status")?;
    let f_ids = strings(&finds, "doc_id")?;
    let f_rule = strings(&finds, "rule")?;
    let f_sev = strings(&finds, "severity")?;
    let f_msg = strings(&finds, "message")?;
    let f_ev = list_strings(&finds, "evidence")?;
    let mut by_doc: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, id) in f_ids.iter().enumerate() {
        by_doc
            .entry(id.clone().unwrap_or_default())
            .or_default()
            .push(i);
    }
    let (bold, red, yellow, dim, reset) = if colour {
        ("\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let mut out = String::new();
    let mut total = 0;
    for (i, id) in ids.iter().enumerate() {
        let id = id.clone().unwrap_or_default();
        let list = by_doc.get(&id).cloned().unwrap_or_default();
        let get =
            |v: &Vec<Option<String>>| v.get(i).cloned().flatten().unwrap_or_else(|| "?".into());
        out.push_str(&format!(
            "{bold}{} · {}{reset}  {dim}{} [{}] {} finding(s){reset}\n",
            get(&locs),
            get(&periods),
            get(&paths),
            get(&status),
            list.len()
        ));
        for &j in &list {
            total += 1;
            let sev = f_sev.get(j).cloned().flatten().unwrap_or_default();
            let c = if sev == "error" { red } else { yellow };
            out.push_str(&format!(
                "  {c}{sev:<7}{reset} {:<26} {}\n",
                f_rule.get(j).cloned().flatten().unwrap_or_default(),
                f_msg.get(j).cloned().flatten().unwrap_or_default()
            ));
            for e in f_ev.get(j).into_iter().flatten() {
                let short: String = e.chars().take(160).collect();
                out.push_str(&format!("          {dim}↳ {short}{reset}\n"));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("{total} findings in {} documents\n", ids.len()));
    Ok(out)
}
