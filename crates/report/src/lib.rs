//! # baocao-report
//!
//! `out/report.html`: one self-contained page (no network, no CDN) for people checking a run:
//! a sortable row per document (locality, period, status, figures, findings), then a section
//! per document with its findings — both sides' evidence, the figures in question marked — and
//! every figure with its snippet, page and pattern. Readable on a phone.
//!
//! - [`ReportWriter`] writes the page one document at a time, as the run hands them over in
//!   path order: each document's index row and section are rendered at once and spooled to
//!   temporary files, so memory does not grow with the number of documents; `finish` renders
//!   the page around them and renames it into place.
//! - [`render`] gives the same page as a string, for a handful of documents held in memory.
//!
//! The HTML comes from askama templates (`templates/`, compiled into the crate), which escape
//! every value they print; the page's style and sorting script are `templates/report.css` and
//! `templates/report.js`. Inside, `templates` holds the template types, `format` the helpers
//! they call (which parts of a snippet to mark) and `writer` the spooling.
//!
//! Left to others: what a document, figure or finding is ([`baocao_model`]), reading, extracting
//! and auditing them (the stage crates), the Parquet dataset (`baocao-dataset`), and when the
//! report is written and where (the `baocao` binary).

#![deny(missing_docs)]

mod format;
mod templates;
mod writer;

use askama::Template as _;
use baocao_model::record::FileResult;

pub use writer::ReportWriter;

/// One audit rule as the page explains it: each finding links to `#rule-{id}`, a page with
/// what the rule checks and why it matters (what `baocao explain RULE` prints).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleNote {
    /// The rule's stable id.
    pub id: String,
    /// Its severity.
    pub severity: baocao_model::Severity,
    /// What it checks.
    pub what: String,
    /// Why it matters.
    pub why: String,
}

use templates::{Fragment, Page, Row, Section};

/// Renders the page for `results` (in that order) into a string: what [`ReportWriter`]
/// writes for the same documents.
pub fn render(results: &[FileResult]) -> String {
    render_with_rules(results, &[])
}

/// [`render`], with a page per audit rule that each finding links to.
pub fn render_with_rules(results: &[FileResult], rules: &[RuleNote]) -> String {
    const INFALLIBLE: &str = "the report's templates render into a String without failing";
    let mut rows = String::new();
    let mut sections = String::new();
    for (i, r) in results.iter().enumerate() {
        Row { i, r }.render_into(&mut rows).expect(INFALLIBLE);
        Section { i, r }
            .render_into(&mut sections)
            .expect(INFALLIBLE);
    }
    Page {
        reports: results.len(),
        figures: results.iter().map(|r| r.values.len()).sum(),
        findings: results.iter().map(|r| r.findings.len()).sum(),
        rows: Fragment::Html(&rows),
        sections: Fragment::Html(&sections),
        rules,
    }
    .render()
    .expect(INFALLIBLE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_model::{Finding, MeasureUnit, Origin, Severity, Status, Value};

    fn value(value: f64, snippet: &str) -> Value {
        Value {
            indicator: "dossiers.received".into(),
            value,
            unit: MeasureUnit::Dossier,
            qualifier: None,
            origin: Origin::Text,
            page: Some(8),
            section: Some("II > 1".into()),
            snippet: snippet.into(),
            pattern_id: "p".into(),
            confidence: 0.8,
            period_start: None,
            period_end: None,
            kind: baocao_model::ValueKind::Result,
            source_unit: 0,
            source_table: None,
            source_pos: 0,
            period_source: baocao_model::PeriodSource::Report,
        }
    }

    fn conflict() -> Finding {
        Finding {
            rule: "conflict.same_indicator".into(),
            severity: Severity::Error,
            indicators: vec!["dossiers.resolved".into()],
            values: vec![1451.0, 1601.0],
            expected: None,
            message: "dossiers.resolved: the report gives two different figures, 1451 and 1601"
                .into(),
            message_vi: "dossiers.resolved: báo cáo nêu hai số khác nhau, 1451 và 1601".into(),
            evidence: vec![
                "p. 8: Số hồ sơ giải quyết: 1451 hồ sơ".into(),
                "p. 19: đã giải quyết 1601 hồ sơ".into(),
            ],
            doc_ids: Vec::new(),
        }
    }

    fn document(i: usize) -> FileResult {
        let mut r = FileResult::default();
        r.doc.path = format!("in/{i}.pdf");
        r.doc.status = Status::Ok;
        r.doc.meta.issuer = Some(format!("UBND xã <{i}>"));
        r
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut r = document(0);
        r.doc.meta.issuer = Some("<script>alert(1)</script>".into());
        r.doc.path = "in/\"q\" & 'a'.pdf".into();
        r.doc.error = Some("<img src=x onerror=alert(1)>".into());
        r.values.push(value(
            39.0,
            "<script>alert(\"x\")</script> & 'y' — 39 hồ sơ &#39;",
        ));
        let mut f = conflict();
        f.rule = "rule\"><b>".into();
        f.evidence = vec!["<b>1451</b> & \"1601\"".into()];
        r.findings.push(f);
        let html = render(&[r]);

        let body = html.split("<main>").nth(1).expect("a main element");
        for raw in [
            "<script>alert",
            "<img",
            "<b>",
            "\"q\"",
            "'a'",
            "'y'",
            "\"><b>",
        ] {
            assert!(!body.contains(raw), "{raw:?} left unescaped:\n{body}");
        }
        assert_eq!(
            html.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(
            body.contains("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;")
        );
        assert!(body.contains("in/&#34;q&#34; &#38; &#39;a&#39;.pdf"));
        // The figure is marked in the text, not inside an entity the escaping made ("&#39;").
        assert!(body.contains("— <mark>39</mark> hồ sơ &#38;#39;"), "{body}");
        assert!(body.contains(
            "&#60;b&#62;<mark>1451</mark>&#60;/b&#62; &#38; &#34;<mark>1601</mark>&#34;"
        ));
    }

    #[test]
    fn each_finding_links_to_its_rules_explanation() {
        let mut r = document(0);
        r.findings.push(conflict());
        let note = RuleNote {
            id: "conflict.same_indicator".into(),
            severity: Severity::Error,
            what: "One indicator has two values.".into(),
            why: "One of them is wrong.".into(),
        };
        let html = render_with_rules(&[r], &[note]);
        assert!(
            html.contains("href=\"#rule-conflict.same_indicator\""),
            "{html}"
        );
        assert!(html.contains("<section id=\"rule-conflict.same_indicator\">"));
        assert!(html.contains("One of them is wrong."));
    }

    #[test]
    fn findings_show_both_sides_evidence() {
        let mut r = document(0);
        r.values
            .push(value(1451.0, "Số hồ sơ giải quyết: 1451 hồ sơ"));
        r.findings.push(conflict());
        let html = render(&[r]);
        let section = html
            .split("<section ")
            .nth(1)
            .expect("a section for the document");
        assert!(section.starts_with("id=\"doc-0\""), "{section}");
        assert!(section.contains("<h3>Findings (1)</h3>"));
        assert!(section.contains("class=\"finding error\""));
        assert!(section.contains("conflict.same_indicator"));
        assert!(
            section.contains("the report gives two different figures, 1451 and 1601"),
            "{section}"
        );
        assert!(section.contains("báo cáo nêu hai số khác nhau"));
        assert!(section.contains("<li>p. 8: Số hồ sơ giải quyết: <mark>1451</mark> hồ sơ</li>"));
        assert!(section.contains("<li>p. 19: đã giải quyết <mark>1601</mark> hồ sơ</li>"));
        assert!(section.contains("<h3>Figures (1)</h3>"));
        assert!(section.contains("<td class=\"num\" data-v=\"1451\">1451</td>"));
        assert!(section.contains("<td class=\"num\">8</td>"));
        assert!(section.contains("<code>p</code>"));
        assert!(html.contains("<td class=\"num\">1</td>\n<td class=\"num\">1</td></tr>"));
        assert!(html.contains("<h1>baocao: 1 reports, 1 figures, 1 findings</h1>"));
    }

    #[test]
    fn an_empty_run_renders() {
        let html = render(&[]);
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<h1>baocao: 0 reports, 0 figures, 0 findings</h1>"));
        assert!(html.contains("<tbody>\n\n</tbody>"), "{html}");
        assert!(!html.contains("<section"));
        assert!(html.trim_end().ends_with("</html>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(
            html.contains("th.sorted-asc::after"),
            "the style is inlined"
        );
        assert!(html.contains("localeCompare"), "the script is inlined");
    }

    #[test]
    fn streamed_report_is_the_rendered_one() {
        let dir = std::env::temp_dir().join(format!("baocao-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut results = Vec::new();
        for i in 0..3 {
            let mut r = document(i);
            if i != 1 {
                r.values.push(value(1451.0, "tiếp nhận 1451 hồ sơ"));
                r.findings.push(conflict());
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

    #[test]
    fn a_large_streamed_report_comes_back_whole() {
        // Spools longer than one read buffer, with multi-byte characters across its edges.
        let dir = std::env::temp_dir().join(format!("baocao-report-big-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut results = Vec::new();
        for i in 0..400 {
            let mut r = document(i);
            r.doc.meta.issuer = Some(format!(
                "Ủy ban nhân dân xã Ngọc Kỳ {i}{}",
                "ữ".repeat(i % 7)
            ));
            r.values
                .push(value(i as f64, &format!("đã tiếp nhận {i} hồ sơ")));
            results.push(r);
        }
        let mut w = ReportWriter::create(&dir).unwrap();
        for r in &results {
            w.push(r).unwrap();
        }
        w.finish().unwrap();
        let streamed = std::fs::read_to_string(dir.join("report.html")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(streamed.len() > 1 << 17);
        assert_eq!(streamed, render(&results));
    }
}
