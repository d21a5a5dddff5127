//! `panel.number_reused`: one issuer's document number ("37/BC-UBND") on two different
//! reports of one year. Numbers restart each year, so the same number in another year is
//! fine; files of one report (its DOCX and PDF) share a report id and are not compared.

use std::collections::BTreeMap;

use super::{Panel, PanelCtx, document_number, period_name};
use crate::book::Rule;
use baocao_model::panel::ReportRole;
use baocao_model::record::DocRecord;

/// The stable id.
pub const ID: &str = "panel.number_reused";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "not used";

pub(crate) fn check(cx: &mut PanelCtx, rule: &Rule, panel: &Panel) {
    let mut by_number: BTreeMap<(String, String, i32), Vec<&DocRecord>> = BTreeMap::new();
    for d in panel.docs {
        if d.report_role != ReportRole::Primary {
            continue;
        }
        let m = &d.meta;
        let (Some(issuer), Some(number), Some(date)) = (&m.issuer, document_number(d), m.doc_date)
        else {
            continue;
        };
        by_number
            .entry((baocao_text::fold(issuer), number, date.year))
            .or_default()
            .push(d);
    }
    for ((_, number, _), mut docs) in by_number {
        docs.sort_by(|a, b| (a.meta.doc_date, &a.path).cmp(&(b.meta.doc_date, &b.path)));
        docs.dedup_by(|a, b| a.report_id == b.report_id);
        if docs.len() < 2 {
            continue;
        }
        let ids: Vec<String> = docs.iter().map(|d| d.doc_id.clone()).collect();
        let names: Vec<String> = docs
            .iter()
            .map(|d| format!("{} ({})", d.path, period_name(d)))
            .collect();
        for later in &docs[1..] {
            cx.emit(
                rule,
                &later.doc_id,
                ids.clone(),
                Vec::new(),
                Vec::new(),
                (
                    format!("{number}: {}", names.join("; ")),
                    format!("{number}: {}", names.join("; ")),
                ),
                names.clone(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::panel::audit_panel;
    use crate::panel::testing::{book, report};

    #[test]
    fn one_number_on_two_reports_of_a_year() {
        let a = report("a", (2023, 1, 1), (2023, 3, 31), "12/BC-UBND");
        let b = report("b", (2023, 1, 1), (2023, 6, 30), "12/BC-UBND");
        let c = report("c", (2024, 1, 1), (2024, 3, 31), "12/BC-UBND");
        let found = audit_panel(&[a, b, c], &[], &book());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].doc_id, "b");
        assert_eq!(found[0].finding.doc_ids, vec!["a", "b"]);
    }
}
