//! `panel.cumulative_decrease`: a locality's year-to-date counts only grow. Quý I ≤ 6 tháng ≤
//! 9 tháng ≤ năm: a report whose window starts where an earlier report's does and ends later
//! cannot count fewer dossiers received or resolved. Each report is compared with the latest
//! earlier report that gives the figure, so one wrong figure is one finding. Which
//! indicators accumulate is `cumulative` in identities.toml (flows, not stocks such as
//! pending dossiers or staff).

use baocao_model::fmt_num;

use super::{Panel, PanelCtx, differs, fact_evidence, period_name};
use crate::book::Rule;

/// The stable id.
pub const ID: &str = "panel.cumulative_decrease";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "relative: a later count smaller by at most this share is rounding";

pub(crate) fn check(cx: &mut PanelCtx, rule: &Rule, panel: &Panel) {
    let flows = &panel.book.identities.cumulative;
    for reports in panel.localities() {
        for (j, later) in reports.iter().enumerate() {
            let (Some(start), Some(end)) = (later.meta.period_start, later.meta.period_end) else {
                continue;
            };
            for fb in panel.own_results(later) {
                if !flows.contains(&fb.indicator) {
                    continue;
                }
                // The latest earlier report of the same start with the same quantity.
                let earlier = reports[..j].iter().rev().find_map(|a| {
                    let same_start = a.meta.period_start == Some(start);
                    let ends_before = a.meta.period_end.is_some_and(|e| e < end);
                    if !(same_start && ends_before) {
                        return None;
                    }
                    panel.own_result_like(a, fb).map(|fa| (*a, fa))
                });
                let Some((a, fa)) = earlier else {
                    continue;
                };
                if fb.value < fa.value && differs(fa.value, fb.value, rule.tolerance) {
                    let (la, lb) = (period_name(a), period_name(later));
                    cx.emit(
                        rule,
                        &later.doc_id,
                        vec![a.doc_id.clone(), later.doc_id.clone()],
                        vec![fa.indicator.clone(), fb.indicator.clone()],
                        vec![fa.value, fb.value],
                        (
                            format!("{la}: {}; {lb}: {}", fmt_num(fa.value), fmt_num(fb.value)),
                            format!("{la}: {}; {lb}: {}", fmt_num(fa.value), fmt_num(fb.value)),
                        ),
                        vec![fact_evidence(a, &la, fa), fact_evidence(later, &lb, fb)],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::panel::audit_panel;
    use crate::panel::testing::{book, fact, report};

    #[test]
    fn a_year_to_date_count_that_shrinks_is_one_finding() {
        let q1 = report("q1", (2023, 1, 1), (2023, 3, 31), "12/BC-UBND");
        let h1 = report("h1", (2023, 1, 1), (2023, 6, 30), "45/BC-UBND");
        let m9 = report("m9", (2023, 1, 1), (2023, 9, 30), "78/BC-UBND");
        let facts = vec![
            fact(&q1, "dossiers.resolved", 300.0),
            fact(&h1, "dossiers.resolved", 620.0),
            fact(&m9, "dossiers.resolved", 590.0),
            // A stock may go down: pending dossiers are not cumulative.
            fact(&h1, "dossiers.pending", 12.0),
            fact(&m9, "dossiers.pending", 4.0),
        ];
        let docs = vec![q1, h1, m9];
        let found = audit_panel(&docs, &facts, &book());
        let ours: Vec<_> = found
            .iter()
            .filter(|f| f.finding.rule == super::ID)
            .collect();
        assert_eq!(ours.len(), 1, "{found:#?}");
        assert_eq!(ours[0].doc_id, "m9");
        assert_eq!(ours[0].finding.values, vec![620.0, 590.0]);
        assert_eq!(ours[0].finding.doc_ids, vec!["h1", "m9"]);
    }

    #[test]
    fn growing_counts_and_other_years_are_fine() {
        let a = report("a", (2022, 1, 1), (2022, 12, 31), "102/BC-UBND");
        let b = report("b", (2023, 1, 1), (2023, 3, 31), "12/BC-UBND");
        let c = report("c", (2023, 1, 1), (2023, 6, 30), "45/BC-UBND");
        let facts = vec![
            fact(&a, "dossiers.received", 1300.0),
            fact(&b, "dossiers.received", 320.0),
            fact(&c, "dossiers.received", 650.0),
        ];
        let docs = vec![a, b, c];
        assert!(audit_panel(&docs, &facts, &book()).is_empty());
    }
}
