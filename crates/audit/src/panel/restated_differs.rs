//! `panel.restated_differs`: a report that quotes a figure of an earlier period ("6 tháng
//! đầu năm 2023 tiếp nhận 655 hồ sơ", "năm 2022: 3.155 hồ sơ") against the same locality's
//! report for that period, when that report gave another figure. The later report's figure
//! is the one in doubt (the earlier report is the record for its period).

use baocao_model::fmt_num;

use super::{Panel, PanelCtx, differs, fact_evidence, own_window, period_name, window_name};
use crate::book::Rule;
use baocao_model::ValueKind;

/// The stable id.
pub const ID: &str = "panel.restated_differs";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "relative: figures within this share are the same figure";

pub(crate) fn check(cx: &mut PanelCtx, rule: &Rule, panel: &Panel) {
    for reports in panel.localities() {
        for later in &reports {
            let Some(facts) = panel.facts.get(later.doc_id.as_str()) else {
                continue;
            };
            for fb in facts {
                if fb.kind != ValueKind::Result || own_window(fb, later) {
                    continue;
                }
                let (Some(_), Some(_)) = (fb.period_start, fb.period_end) else {
                    continue;
                };
                // The report whose own period is the window the figure is quoted for.
                let Some((a, fa)) = reports.iter().find_map(|a| {
                    if a.doc_id == later.doc_id
                        || (a.meta.period_start, a.meta.period_end)
                            != (fb.period_start, fb.period_end)
                    {
                        return None;
                    }
                    panel.own_result_like(a, fb).map(|fa| (*a, fa))
                }) else {
                    continue;
                };
                if differs(fa.value, fb.value, rule.tolerance) {
                    let la = period_name(a);
                    let lb = period_name(later);
                    let w = window_name(fb.period_start, fb.period_end);
                    cx.emit(
                        rule,
                        &later.doc_id,
                        vec![a.doc_id.clone(), later.doc_id.clone()],
                        vec![fa.indicator.clone(), fb.indicator.clone()],
                        vec![fa.value, fb.value],
                        (
                            format!(
                                "the {la} report: {}; quoted for {w} in the {lb} report: {}",
                                fmt_num(fa.value),
                                fmt_num(fb.value)
                            ),
                            format!(
                                "báo cáo {la}: {}; báo cáo {lb} nêu lại cho {w}: {}",
                                fmt_num(fa.value),
                                fmt_num(fb.value)
                            ),
                        ),
                        vec![fact_evidence(a, &la, fa), fact_evidence(later, &w, fb)],
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
    fn a_quoted_earlier_figure_that_differs_is_found() {
        let h1 = report("h1", (2023, 1, 1), (2023, 6, 30), "45/BC-UBND");
        let year = report("y", (2023, 1, 1), (2023, 12, 31), "102/BC-UBND");
        let mut quoted = fact(&year, "dossiers.received", 655.0);
        quoted.period_end = h1.meta.period_end;
        let same = {
            let mut f = fact(&year, "dossiers.resolved", 620.0);
            f.period_end = h1.meta.period_end;
            f
        };
        let facts = vec![
            fact(&h1, "dossiers.received", 650.0),
            fact(&h1, "dossiers.resolved", 620.0),
            fact(&year, "dossiers.received", 1310.0),
            quoted,
            same,
        ];
        let docs = vec![h1, year];
        let found = audit_panel(&docs, &facts, &book());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].finding.rule, super::ID);
        assert_eq!(found[0].doc_id, "y");
        assert_eq!(found[0].finding.values, vec![650.0, 655.0]);
    }
}
