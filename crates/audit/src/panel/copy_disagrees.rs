//! `panel.copy_disagrees`: a file that is a copy of a report (its PDF, a scan, a
//! legacy-encoded copy) whose figures differ from the primary file's for the same quantity.
//! Figures a copy lacks are not compared (a scan may miss a row); one finding per copy lists
//! every figure that differs. A copy read by OCR disagrees mostly by misreading, so whether
//! those are compared is a parameter.

use baocao_model::fmt_num;

use super::{Panel, PanelCtx, differs, fact_evidence, period_name};
use crate::book::Rule;
use baocao_model::panel::ReportRole;

/// The stable id.
pub const ID: &str = "panel.copy_disagrees";
/// `max_listed`: most differing figures named in the message; `ocr_copies`: 1 to compare
/// copies read by OCR too.
pub const PARAMS: &[&str] = &["max_listed", "ocr_copies"];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "relative: figures within this share are the same figure";

pub(crate) fn check(cx: &mut PanelCtx, rule: &Rule, panel: &Panel) {
    let with_ocr = rule.param("ocr_copies") >= 1.0;
    for copy in panel.docs {
        if copy.report_role != ReportRole::Copy || (copy.ocr_pages > 0 && !with_ocr) {
            continue;
        }
        let Some(primary) = panel.by_id.get(copy.primary_doc_id.as_str()) else {
            continue;
        };
        let (Some(cf), Some(pf)) = (
            panel.facts.get(copy.doc_id.as_str()),
            panel.facts.get(primary.doc_id.as_str()),
        ) else {
            continue;
        };
        let mut indicators = Vec::new();
        let mut values = Vec::new();
        let mut evidence = Vec::new();
        let mut listed = Vec::new();
        for c in cf {
            let Some(p) = pf.iter().find(|p| {
                (
                    &p.indicator,
                    &p.qualifier,
                    p.period_start,
                    p.period_end,
                    p.kind,
                ) == (
                    &c.indicator,
                    &c.qualifier,
                    c.period_start,
                    c.period_end,
                    c.kind,
                )
            }) else {
                continue;
            };
            if differs(p.value, c.value, rule.tolerance) {
                indicators.extend([p.indicator.clone(), c.indicator.clone()]);
                values.extend([p.value, c.value]);
                evidence.push(fact_evidence(primary, "primary", p));
                evidence.push(fact_evidence(copy, "copy", c));
                if listed.len() < rule.count("max_listed") {
                    listed.push(format!(
                        "{}: {} / {}",
                        c.indicator,
                        fmt_num(p.value),
                        fmt_num(c.value)
                    ));
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        let n = values.len() / 2;
        let label = period_name(copy);
        cx.emit(
            rule,
            &copy.doc_id,
            vec![primary.doc_id.clone(), copy.doc_id.clone()],
            indicators,
            values,
            (
                format!(
                    "{n} figure(s) of {label} differ from {}: {}",
                    primary.path,
                    listed.join("; ")
                ),
                format!(
                    "{n} số liệu {label} khác bản chính {}: {}",
                    primary.path,
                    listed.join("; ")
                ),
            ),
            evidence,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::panel::audit_panel;
    use crate::panel::testing::{book, fact, report};
    use baocao_model::panel::ReportRole;

    #[test]
    fn a_copy_that_differs_from_its_primary() {
        let docx = report("docx", (2024, 1, 1), (2024, 3, 31), "37/BC-UBND");
        let mut pdf = report("pdf", (2024, 1, 1), (2024, 3, 31), "37/BC-UBND");
        pdf.report_id = docx.report_id.clone();
        pdf.report_role = ReportRole::Copy;
        pdf.primary_doc_id = "docx".into();
        let facts = vec![
            fact(&docx, "dossiers.received", 1451.0),
            fact(&docx, "dossiers.online", 300.0),
            fact(&pdf, "dossiers.received", 1541.0),
            fact(&pdf, "dossiers.online", 300.0),
        ];
        let mut scan = pdf.clone();
        scan.doc_id = "scan".into();
        scan.ocr_pages = 3;
        let mut facts2 = facts.clone();
        facts2.push({
            let mut f = fact(&scan, "dossiers.online", 800.0);
            f.report_id = docx.report_id.clone();
            f
        });
        let docs = vec![docx, pdf, scan];
        let found = audit_panel(&docs, &facts2, &book());
        let ours: Vec<_> = found
            .iter()
            .filter(|f| f.finding.rule == super::ID)
            .collect();
        // The born-digital copy is reported; the OCR'd one is not (ocr_copies = 0).
        assert_eq!(ours.len(), 1, "{found:#?}");
        assert_eq!(ours[0].doc_id, "pdf");
        assert_eq!(ours[0].finding.values, vec![1451.0, 1541.0]);
    }
}
