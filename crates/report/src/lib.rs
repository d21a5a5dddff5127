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
//! - With the run's end-of-run tables ([`RunTables`]: the documents' report grouping, the
//!   facts, the cross-report findings; [`ReportWriter::finish_with_panel`],
//!   [`render_with_panel`]) the page also has a page per locality: its reports on a time
//!   line, each key indicator charted across periods as inline SVG (drawn by plotters), and
//!   the cross-report findings marked on the charts.
//!
//! The HTML comes from askama templates (`templates/`, compiled into the crate), which escape
//! every value they print except the charts' SVG (`|safe`: plotters draws it from numbers and
//! dates, and escapes the text it writes); the page's style and sorting script are `templates/report.css` and
//! `templates/report.js`. Inside, `templates` holds the template types, `format` the helpers
//! they call (which parts of a snippet to mark), `writer` the spooling, `locality` the
//! locality pages and `chart` their charts.
//!
//! Left to others: what a document, figure or finding is ([`baocao_model`]), reading, extracting
//! and auditing them (the stage crates; the locality grouping is the panel rules' own,
//! [`baocao_audit::panel::localities`]), the Parquet dataset (`baocao-dataset`), and when the
//! report is written and where (the `baocao` binary).

#![deny(missing_docs)]

mod chart;
mod format;
mod locality;
mod templates;
mod writer;

use std::collections::HashMap;

use askama::Template as _;
use baocao_model::record::FileResult;

pub use baocao_model::panel::RunTables;

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
    render_page(results, rules, None)
}

/// [`render_with_rules`], with the locality pages drawn from the run's `tables`: what
/// [`ReportWriter::finish_with_panel`] writes for the same documents.
pub fn render_with_panel(results: &[FileResult], rules: &[RuleNote], tables: &RunTables) -> String {
    render_page(results, rules, Some(tables))
}

fn render_page(results: &[FileResult], rules: &[RuleNote], tables: Option<&RunTables>) -> String {
    const INFALLIBLE: &str = "the report's templates render into a String without failing";
    let mut rows = String::new();
    let mut sections = String::new();
    for (i, r) in results.iter().enumerate() {
        Row { i, r }.render_into(&mut rows).expect(INFALLIBLE);
        Section { i, r }
            .render_into(&mut sections)
            .expect(INFALLIBLE);
    }
    let numbers = section_numbers(results.iter().map(|r| r.doc.doc_id.as_str()));
    let localities = tables.map(|t| locality::Localities::new(t, &numbers));
    Page {
        reports: results.len(),
        figures: results.iter().map(|r| r.values.len()).sum(),
        findings: results.iter().map(|r| r.findings.len()).sum::<usize>()
            + tables.map_or(0, |t| t.panel.len()),
        rows: Fragment::Html(&rows),
        sections: Fragment::Html(&sections),
        rules,
        localities: localities.as_ref(),
    }
    .render()
    .expect(INFALLIBLE)
}

/// Each document's section number (`#doc-N`: its place in the run) by `doc_id`; a file
/// whose bytes another file has too links to the first one's.
fn section_numbers<'a>(doc_ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut out = HashMap::new();
    for (i, id) in doc_ids.enumerate() {
        out.entry(id).or_insert(i);
    }
    out
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

    /// Tân Phong's quý I, 6-month and 9-month reports of 2023 (the 6-month one also as a
    /// PDF copy), then another commune's single report; the tables the dataset would hand
    /// over, with a cumulative decrease of dossiers.resolved (620 → 590).
    fn panel_run() -> (Vec<FileResult>, RunTables) {
        use baocao_model::panel::{Fact, FactRule, ReportRole};
        use baocao_model::{Date, ValueKind};
        let report = |id: &str, path: &str, end: (u32, u32), label: &str, number: &str| {
            let mut r = FileResult::default();
            r.doc.doc_id = id.into();
            r.doc.path = path.into();
            r.doc.status = Status::Ok;
            r.doc.report_id = format!("r-{id}");
            r.doc.primary_doc_id = id.into();
            r.doc.report_role = ReportRole::Primary;
            let m = &mut r.doc.meta;
            m.issuer = Some("UBND xã Tân Phong".into());
            m.locality = Some("Tân Phong".into());
            m.locality_level = Some("xa".into());
            m.province = Some("Thái Bình".into());
            m.doc_number = Some(number.into());
            m.period_label = Some(label.into());
            m.period_start = Date::new(2023, 1, 1);
            m.period_end = Date::new(2023, end.0, end.1);
            r
        };
        let q1 = report("q1", "in/q1.docx", (3, 31), "quý I năm 2023", "12/BC-UBND");
        let h1 = report(
            "h1",
            "in/h1.docx",
            (6, 30),
            "6 tháng đầu năm 2023",
            "45/BC-UBND",
        );
        let mut copy = report(
            "h1pdf",
            "in/h1.pdf",
            (6, 30),
            "6 tháng đầu năm 2023",
            "45/BC-UBND",
        );
        copy.doc.report_id = "r-h1".into();
        copy.doc.primary_doc_id = "h1".into();
        copy.doc.report_role = ReportRole::Copy;
        let m9 = report(
            "m9",
            "in/m9.docx",
            (9, 30),
            "9 tháng đầu năm 2023",
            "78/BC-UBND",
        );
        let mut other = report("nk", "in/nk.pdf", (12, 31), "năm 2023", "9/BC-UBND");
        other.doc.meta.locality = Some("Ngọc Kỳ <b>".into());
        let fact = |r: &FileResult, indicator: &str, value: f64| Fact {
            report_id: r.doc.report_id.clone(),
            doc_id: r.doc.doc_id.clone(),
            indicator: indicator.into(),
            qualifier: None,
            period_start: r.doc.meta.period_start,
            period_end: r.doc.meta.period_end,
            kind: ValueKind::Result,
            value,
            unit: MeasureUnit::Dossier,
            rule: FactRule::Single,
            n_mentions: 1,
            agree: true,
            value_ids: vec![format!("{}:0", r.doc.doc_id)],
            values_seen: vec![value],
        };
        let mut qualified = fact(&m9, "dossiers.resolved", 7.0);
        qualified.qualifier = Some("đất đai".into());
        let facts = vec![
            fact(&q1, "dossiers.resolved", 300.0),
            fact(&q1, "dossiers.received", 320.0),
            fact(&h1, "dossiers.resolved", 620.0),
            fact(&m9, "dossiers.resolved", 590.0),
            qualified,
            fact(&other, "dossiers.resolved", 1601.0),
        ];
        let finding = Finding {
            rule: "panel.cumulative_decrease".into(),
            severity: Severity::Warning,
            indicators: vec!["dossiers.resolved".into(), "dossiers.resolved".into()],
            values: vec![620.0, 590.0],
            expected: None,
            message: "dossiers.resolved went down from 620 to 590".into(),
            message_vi: "dossiers.resolved giảm từ 620 xuống 590".into(),
            evidence: vec!["in/h1.docx (6 tháng): dossiers.resolved = 620".into()],
            doc_ids: vec!["h1".into(), "m9".into()],
        };
        let results = vec![h1, copy, m9, other, q1];
        let tables = RunTables {
            docs: results.iter().map(|r| r.doc.clone()).collect(),
            facts,
            panel: vec![("m9".into(), finding)],
        };
        (results, tables)
    }

    /// The locality section `id` of a page.
    fn locality<'h>(html: &'h str, id: &str) -> &'h str {
        let start = html
            .find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("no section {id}"));
        let len = html[start..].find("</section>").expect("closed");
        &html[start..start + len]
    }

    #[test]
    fn a_locality_page_has_its_reports_on_a_time_line_and_a_chart_with_the_finding_marked() {
        let (results, tables) = panel_run();
        let html = render_with_panel(&results, &[], &tables);
        // The index lists both localities, in the order of their first file (in/nk.pdf, in/q1.docx).
        let index = html
            .split("<table class=\"sortable\" id=\"localities\">")
            .nth(1)
            .unwrap();
        let index = index.split("</table>").next().unwrap();
        assert!(
            index.contains("<a href=\"#loc-1\">Tân Phong</a>"),
            "{index}"
        );
        assert!(
            index.contains("<a href=\"#loc-0\">Ngọc Kỳ &#60;b&#62;</a>"),
            "{index}"
        );
        assert!(
            index.contains("<td class=\"num\">3</td>"),
            "three reports: {index}"
        );

        let page = locality(&html, "loc-1");
        assert!(page.contains("<h2>Tân Phong <span class=\"muted\">· xa · Thái Bình</span></h2>"));
        // The time line: the three primary reports in period order, each linking to its
        // document's section; the copy beside its report.
        let timeline = page.split("<ol class=\"timeline\">").nth(1).unwrap();
        let timeline = timeline.split("</ol>").next().unwrap();
        let order: Vec<&str> = [
            "quý I năm 2023",
            "6 tháng đầu năm 2023",
            "9 tháng đầu năm 2023",
        ]
        .iter()
        .map(|l| {
            let at = timeline
                .find(l)
                .unwrap_or_else(|| panic!("{l} on the time line"));
            &timeline[at..]
        })
        .collect();
        assert!(
            order.windows(2).all(|w| w[0].len() > w[1].len()),
            "{timeline}"
        );
        assert!(timeline.contains("<a href=\"#doc-4\">12/BC-UBND</a> · <code>in/q1.docx</code>"));
        assert!(timeline.contains("<a href=\"#doc-0\">45/BC-UBND</a>"));
        assert!(timeline.contains("copy <a href=\"#doc-1\"><code>in/h1.pdf</code></a>"));
        assert!(
            timeline
                .contains("<a class=\"flag\" href=\"#loc-1-f-0\">panel.cumulative_decrease</a>")
        );
        assert_eq!(
            timeline.matches("<li>").count(),
            3,
            "copies are not reports: {timeline}"
        );

        // A chart per key indicator given: resolved (three reports) and received (one).
        let chart = page
            .split("<figure class=\"chart\" data-indicator=\"dossiers.resolved\" data-marked>")
            .nth(1)
            .expect("a marked chart of dossiers.resolved");
        let chart = chart.split("</figure>").next().unwrap();
        assert!(chart.contains("<svg "), "{chart}");
        assert_eq!(chart::tests::marked_labels(chart), ["620", "590"]);
        assert!(
            chart.contains(
                "31/03/2023: 300 · 30/06/2023: 620 (finding) · 30/09/2023: 590 (finding)"
            )
        );
        assert!(
            !chart.contains(">\n7\n<"),
            "a qualified figure is not charted"
        );
        assert!(page.contains("data-indicator=\"dossiers.received\">"));
        assert!(
            !page.contains("dossiers.on_time_pct"),
            "no figure, no chart"
        );
        // The finding under the chart links to the finding on the page.
        assert!(page.contains(
            "<li><a class=\"flag\" href=\"#loc-1-f-0\">panel.cumulative_decrease</a> dossiers.resolved went down from 620 to 590</li>"
        ), "{page}");
        assert!(page.contains("<div class=\"finding warning\" id=\"loc-1-f-0\">"));
        assert!(page.contains("dossiers.resolved = <mark>620</mark>"));
        assert!(page.contains("<a href=\"#doc-2\">9 tháng đầu năm 2023</a> (<code>in/m9.docx</code>), the figure in doubt"));

        // One report: the time line, no chart.
        let single = locality(&html, "loc-0");
        assert!(single.contains("Ngọc Kỳ &#60;b&#62;"));
        assert!(single.contains("One report: no chart across periods."));
        assert!(!single.contains("<svg"));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no URL"
        );
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn a_streamed_report_with_localities_is_the_rendered_one() {
        let (results, tables) = panel_run();
        let dir = std::env::temp_dir().join(format!("baocao-report-loc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut w = ReportWriter::create(&dir).unwrap();
        for r in &results {
            w.push(r).unwrap();
        }
        w.finish_with_panel(&tables).unwrap();
        let streamed = std::fs::read_to_string(dir.join("report.html")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(streamed, render_with_panel(&results, &[], &tables));
        assert!(streamed.contains("<section id=\"loc-1\""));
    }

    #[test]
    fn a_finding_about_no_locality_has_its_own_page() {
        let (mut results, mut tables) = panel_run();
        for d in &mut tables.docs {
            d.meta.locality = None;
        }
        for r in &mut results {
            r.doc.meta.locality = None;
        }
        let html = render_with_panel(&results, &[], &tables);
        assert!(!html.contains("id=\"localities\""));
        assert!(html.contains("<a href=\"#panel-findings\">"));
        let page = locality(&html, "panel-findings");
        assert!(page.contains("id=\"panel-f-0\""), "{page}");
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
        assert!(html.contains("<h1>baocao: 1 files, 1 figures, 1 findings</h1>"));
    }

    #[test]
    fn an_empty_run_renders() {
        let html = render(&[]);
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<h1>baocao: 0 files, 0 figures, 0 findings</h1>"));
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
