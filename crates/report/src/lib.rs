//! # baocao-report
//!
//! `out/report.html`: one self-contained page (no network, no CDN) for people checking a run:
//! a sortable row per document (locality, period, status, figures, findings), then a section
//! per document with its findings — both sides' evidence — and every figure with its snippet,
//! page and pattern. Readable on a phone.

#![deny(missing_docs)]

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use baocao_model::record::FileResult;
use baocao_model::{Severity, fmt_num};

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--err:#b42318;--warn:#b54708;--bg:#fff;--soft:#f5f7fa}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0;background:var(--bg)}
header,main{max-width:1100px;margin:auto;padding:12px 16px}h1{font-size:1.35rem;margin:.4rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-top:2px solid var(--line);padding-top:1rem}
h3{font-size:1rem;margin:1rem 0 .3rem}.muted{color:var(--muted)}.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);position:sticky;top:0;cursor:pointer;white-space:nowrap}th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.snip{max-width:46ch}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:.8rem;font-weight:600;background:var(--soft)}
.ok{color:#067647}.partial{color:var(--warn)}.failed{color:var(--err)}
.finding{border-left:4px solid var(--warn);background:#fffaf0;padding:8px 10px;margin:8px 0;border-radius:4px}
.finding.error{border-color:var(--err);background:#fff5f4}.finding .rule{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted)}
.finding ul{margin:.3rem 0 0 1.1rem;padding:0}.finding li{margin:.15rem 0}mark{background:#ffe58f;padding:0 2px}
a{color:#1849a9}code{font-size:.85rem}
section{display:none}section:target{display:block}main:has(section:target)>#index{display:none}
@media (max-width:640px){body{font-size:14px}td,th{padding:5px}.snip{max-width:30ch}.hide-sm{display:none}}
"#;

const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function(t){
  t.querySelectorAll("th").forEach(function(th,i){
    th.addEventListener("click",function(){
      var asc=!th.classList.contains("sorted-asc");
      t.querySelectorAll("th").forEach(function(h){h.classList.remove("sorted-asc","sorted-desc")});
      th.classList.add(asc?"sorted-asc":"sorted-desc");
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute("data-v")||a.cells[i].textContent,y=b.cells[i].getAttribute("data-v")||b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,"vi");
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
"#;

/// Byte offset of the first `form` in `text` that is a whole number (not part of a longer
/// one: no digit, or separator followed by a digit, on either side).
fn find_number(text: &str, form: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(rel) = text.get(from..)?.find(form) {
        let at = from + rel;
        let end = at + form.len();
        let before_ok = at == 0 || {
            let p = b[at - 1];
            !(p.is_ascii_digit()
                || ((p == b'.' || p == b',') && at >= 2 && b[at - 2].is_ascii_digit()))
        };
        let after_ok = match b.get(end) {
            Some(n) if n.is_ascii_digit() => false,
            Some(b'.') | Some(b',') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
            _ => true,
        };
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + form.len().max(1);
    }
    None
}

/// Marks the figures of a finding inside an evidence snippet.
fn highlight(snippet: &str, values: &[f64]) -> String {
    let mut html = esc(snippet);
    for v in values {
        let plain = fmt_num(*v);
        let grouped = group_thousands(&plain);
        for form in [plain.clone(), plain.replace('.', ","), grouped] {
            if let Some(at) = find_number(&html, &form) {
                html.replace_range(at..at + form.len(), &format!("<mark>{form}</mark>"));
                break;
            }
        }
    }
    html
}

/// `8066841050` → `8.066.841.050` (integers only).
fn group_thousands(plain: &str) -> String {
    if !plain.bytes().all(|c| c.is_ascii_digit()) || plain.len() <= 3 {
        return plain.to_string();
    }
    let mut out = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The start of the page, up to the opening of the index table's body.
fn head(h: &mut String, reports: usize, figures: usize, findings: usize) {
    let _ = write!(
        h,
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>baocao report</title><style>{STYLE}</style></head><body><header><h1>baocao: {reports} reports, {figures} figures, {findings} findings</h1><p class=\"muted\">Click a column to sort; click a report for its page: findings with both sides' evidence, then every figure with its snippet, page and pattern.</p></header><main>",
    );
    h.push_str("<div id=\"index\" class=\"wrap\"><table class=\"sortable\" id=\"documents\"><thead><tr><th>Locality</th><th>Period</th><th>Status</th><th class=\"hide-sm\">File</th><th>Figures</th><th>Findings</th><th>Errors</th></tr></thead><tbody>");
}

/// The index row of document `i`.
fn index_row(h: &mut String, i: usize, r: &FileResult) {
    let d = &r.doc;
    let loc = d
        .meta
        .issuer
        .clone()
        .unwrap_or_else(|| "(unknown issuer)".into());
    let period = d.meta.period_label.clone().unwrap_or_default();
    let errors = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let _ = write!(
        h,
        "<tr><td><a href=\"#doc-{i}\">{}</a></td><td data-v=\"{}\">{}</td><td><span class=\"badge {}\">{}</span></td><td class=\"hide-sm\"><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        esc(&loc),
        d.meta
            .period_start
            .map(|x| x.to_string())
            .unwrap_or_default(),
        esc(&period),
        esc(d.status.as_str()),
        esc(d.status.as_str()),
        esc(&d.path),
        r.values.len(),
        r.findings.len(),
        errors
    );
}

/// Closes the index table.
const INDEX_END: &str = "</tbody></table></div>";

/// The page of document `i`: its findings and figures.
fn section(h: &mut String, i: usize, r: &FileResult) {
    let d = &r.doc;
    let _ = write!(
        h,
        "<section id=\"doc-{i}\"><p><a href=\"#\">← all reports</a></p><h2>{} · {}</h2><p class=\"muted\"><code>{}</code> · {} · {}{}{}</p>",
        esc(d.meta.issuer.as_deref().unwrap_or("(unknown issuer)")),
        esc(d.meta.period_label.as_deref().unwrap_or("")),
        esc(&d.path),
        esc(d.format.as_str()),
        esc(d.status.as_str()),
        d.meta
            .doc_number
            .as_deref()
            .map(|n| format!(" · số {}", esc(n)))
            .unwrap_or_default(),
        d.error
            .as_deref()
            .map(|e| format!(" · {}", esc(e)))
            .unwrap_or_default(),
    );
    if !r.findings.is_empty() {
        let _ = write!(h, "<h3>Findings ({})</h3>", r.findings.len());
        for f in &r.findings {
            let _ = write!(
                h,
                "<div class=\"finding {}\"><span class=\"badge\">{}</span> <span class=\"rule\">{}</span><div>{}</div><div class=\"muted\" lang=\"vi\">{}</div><ul>",
                esc(f.severity.as_str()),
                esc(f.severity.as_str()),
                esc(&f.rule),
                esc(&f.message),
                esc(&f.message_vi)
            );
            for e in &f.evidence {
                let _ = write!(h, "<li>{}</li>", highlight(e, &f.values));
            }
            h.push_str("</ul></div>");
        }
    }
    if !r.values.is_empty() {
        let _ = write!(
            h,
            "<h3>Figures ({})</h3><div class=\"wrap\"><table class=\"sortable\"><thead><tr><th>Indicator</th><th>Value</th><th>Qualifier</th><th>Origin</th><th>Page</th><th class=\"snip\">Snippet</th><th class=\"hide-sm\">Section</th><th class=\"hide-sm\">Pattern</th></tr></thead><tbody>",
            r.values.len()
        );
        for v in &r.values {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td class=\"num\" data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"snip\">{}</td><td class=\"hide-sm\">{}</td><td class=\"hide-sm\"><code>{}</code></td></tr>",
                esc(&v.indicator),
                v.value,
                esc(&fmt_num(v.value)),
                esc(v.qualifier.as_deref().unwrap_or("")),
                v.origin.as_str(),
                v.page.map(|p| p.to_string()).unwrap_or_default(),
                highlight(&v.snippet, &[v.value]),
                esc(v.section.as_deref().unwrap_or("")),
                esc(&v.pattern_id)
            );
        }
        h.push_str("</tbody></table></div>");
    }
    h.push_str("</section>");
}

/// The end of the page.
fn tail(h: &mut String) {
    let _ = write!(h, "</main><script>{SCRIPT}</script></body></html>");
}

/// Renders the page.
pub fn render(results: &[FileResult]) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let figures: usize = results.iter().map(|r| r.values.len()).sum();
    let findings: usize = results.iter().map(|r| r.findings.len()).sum();
    head(&mut h, results.len(), figures, findings);
    for (i, r) in results.iter().enumerate() {
        index_row(&mut h, i, r);
    }
    h.push_str(INDEX_END);
    for (i, r) in results.iter().enumerate() {
        section(&mut h, i, r);
    }
    tail(&mut h);
    h
}

/// Writes `dir/report.html` through a temporary file and a rename.
pub fn write(dir: &Path, results: &[FileResult]) -> Result<(), String> {
    let tmp = dir.join(format!(".report.html.tmp-{}", std::process::id()));
    let target = dir.join("report.html");
    std::fs::write(&tmp, render(results)).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &target).map_err(|e| format!("{}: {e}", target.display()))
}

/// Writes `report.html` one document at a time, byte for byte what [`render`] gives: the index
/// rows and the per-document pages go to two temporary files as documents come (memory does
/// not grow with their number), and [`finish`](ReportWriter::finish) joins them under the
/// header, whose totals are only known at the end.
pub struct ReportWriter {
    dir: PathBuf,
    rows: Spool,
    sections: Spool,
    buf: String,
    reports: usize,
    figures: usize,
    findings: usize,
}

/// A temporary file written through a buffer, removed when dropped.
struct Spool {
    path: PathBuf,
    out: Option<BufWriter<File>>,
}

impl Spool {
    fn create(dir: &Path, what: &str) -> Result<Spool, String> {
        let path = dir.join(format!(".report.html.{what}-{}", std::process::id()));
        let f = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Spool {
            path,
            out: Some(BufWriter::with_capacity(1 << 18, f)),
        })
    }

    fn write(&mut self, s: &str) -> Result<(), String> {
        match self.out.as_mut() {
            Some(o) => o
                .write_all(s.as_bytes())
                .map_err(|e| format!("{}: {e}", self.path.display())),
            None => Ok(()),
        }
    }

    /// Flushes and copies the spooled bytes to `to`.
    fn copy_into(&mut self, to: &mut impl std::io::Write) -> Result<(), String> {
        let err = |e: std::io::Error| format!("{}: {e}", self.path.display());
        if let Some(o) = self.out.take() {
            o.into_inner().map_err(|e| err(e.into_error()))?;
        }
        let mut f = File::open(&self.path).map_err(err)?;
        std::io::copy(&mut f, to).map_err(err)?;
        Ok(())
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

impl ReportWriter {
    /// Starts a report in `dir` (which must exist).
    pub fn create(dir: &Path) -> Result<ReportWriter, String> {
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            rows: Spool::create(dir, "rows")?,
            sections: Spool::create(dir, "sections")?,
            buf: String::with_capacity(64 * 1024),
            reports: 0,
            figures: 0,
            findings: 0,
        })
    }

    /// Adds the next document.
    pub fn push(&mut self, r: &FileResult) -> Result<(), String> {
        let i = self.reports;
        self.buf.clear();
        index_row(&mut self.buf, i, r);
        self.rows.write(&self.buf)?;
        self.buf.clear();
        section(&mut self.buf, i, r);
        self.sections.write(&self.buf)?;
        self.reports += 1;
        self.figures += r.values.len();
        self.findings += r.findings.len();
        Ok(())
    }

    /// Writes `report.html` through a temporary file and a rename.
    pub fn finish(mut self) -> Result<(), String> {
        let tmp = self
            .dir
            .join(format!(".report.html.tmp-{}", std::process::id()));
        let target = self.dir.join("report.html");
        let result = (|| -> Result<(), String> {
            let err = |e: std::io::Error| format!("{}: {e}", tmp.display());
            let mut out = BufWriter::with_capacity(1 << 18, File::create(&tmp).map_err(err)?);
            let mut h = String::new();
            head(&mut h, self.reports, self.figures, self.findings);
            out.write_all(h.as_bytes()).map_err(err)?;
            self.rows.copy_into(&mut out)?;
            out.write_all(INDEX_END.as_bytes()).map_err(err)?;
            self.sections.copy_into(&mut out)?;
            h.clear();
            tail(&mut h);
            out.write_all(h.as_bytes()).map_err(err)?;
            out.into_inner().map_err(|e| err(e.into_error()))?;
            std::fs::rename(&tmp, &target).map_err(|e| format!("{}: {e}", target.display()))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_highlights() {
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        let h = highlight(
            "p. 8: Số hồ sơ tiếp nhận và giải quyết: 1451 hồ sơ",
            &[1451.0, 1601.0],
        );
        assert!(h.contains("<mark>1451</mark>"));
        let h = highlight("công khai 164, trong đó có 16 TTHC", &[16.0]);
        assert!(h.contains("164, trong đó có <mark>16</mark> TTHC"), "{h}");
        let h = highlight("giải ngân 8.066.841.050 đồng", &[8066841050.0]);
        assert!(h.contains("<mark>8.066.841.050</mark>"), "{h}");
    }

    #[test]
    fn streamed_report_is_the_rendered_one() {
        use baocao_model::{Finding, Origin, Value};
        let dir = std::env::temp_dir().join(format!("baocao-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut results = Vec::new();
        for i in 0..3 {
            let mut r = FileResult::default();
            r.doc.path = format!("in/{i}.pdf");
            r.doc.status = baocao_model::Status::Ok;
            r.doc.meta.issuer = Some(format!("UBND xã <{i}>"));
            if i != 1 {
                r.values.push(Value {
                    indicator: "dossiers.received".into(),
                    value: 1451.0,
                    unit: baocao_model::MeasureUnit::Dossier,
                    qualifier: None,
                    origin: Origin::Text,
                    page: Some(8),
                    section: Some("II > 1".into()),
                    snippet: "tiếp nhận 1451 hồ sơ".into(),
                    pattern_id: "p".into(),
                    confidence: 0.8,
                    period_start: None,
                    period_end: None,
                    source_unit: 0,
                    source_table: None,
                    source_pos: 0,
                });
                r.findings.push(Finding {
                    rule: "conflict.same_indicator".into(),
                    severity: baocao_model::Severity::Error,
                    indicators: vec!["dossiers.received".into()],
                    values: vec![1451.0],
                    expected: None,
                    message: "1451 ≠ 1601".into(),
                    message_vi: "1451 ≠ 1601".into(),
                    evidence: vec!["p. 8: 1451 hồ sơ".into()],
                });
            }
            results.push(r);
        }
        let mut w = ReportWriter::create(&dir).unwrap();
        for r in &results {
            w.push(r).unwrap();
        }
        w.finish().unwrap();
        let streamed = std::fs::read_to_string(dir.join("report.html")).unwrap();
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(streamed, render(&results));
        assert_eq!(leftovers, 1, "temporary files removed");
    }
}
