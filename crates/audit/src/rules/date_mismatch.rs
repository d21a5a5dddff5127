//! `date.mismatch`: an appendix "Kèm theo Báo cáo số N/… ngày …" (read by
//! `baocao_extract::mentions`) whose number or date is not the report's own: another
//! number, another signing date, or (when the report's date is unknown) a date before its
//! period. Only a line naming the report's own kind of document counts ("Kèm theo Báo
//! cáo" in a report): "Quy chế … ban hành kèm theo Quyết định số …" names another document.

use baocao_text::fold;

use crate::book::Rule;
use crate::check::{Ctx, Input, with_page};

/// The stable id.
pub const ID: &str = "date.mismatch";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "not used: the number and the date must match exactly";

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let meta = input.meta;
    let own_number = meta.doc_number.as_deref().map(fold);
    let own_kind = meta.doc_type.as_deref().unwrap_or("bao_cao");
    for a in &input.mentions.attachments {
        if a.names != own_kind {
            continue;
        }
        let number_bad = match (a.number.as_deref(), own_number.as_deref()) {
            (Some(n), Some(own)) => !own.starts_with(&format!("{n}/")),
            _ => false,
        };
        let date_bad = match (a.date, meta.doc_date, meta.period_start) {
            (Some(d), Some(own), _) => d != own,
            (Some(d), None, Some(s)) => d < s,
            _ => false,
        };
        if number_bad || date_bad {
            let ev = with_page(a.page, &a.snippet);
            cx.emit(rule, Vec::new(), Vec::new(), None, vec![ev]);
        }
    }
}

#[cfg(test)]
mod tests {
    use baocao_extract::mentions::{Attachment, Mentions};
    use baocao_model::{Date, Finding, Metadata};

    use crate::check::testing::{date, report, run};
    use crate::rules::RuleId;

    fn findings(number: Option<&str>, when: Option<Date>, meta: &Metadata) -> Vec<Finding> {
        named("bao_cao", number, when, meta)
    }

    fn named(
        names: &str,
        number: Option<&str>,
        when: Option<Date>,
        meta: &Metadata,
    ) -> Vec<Finding> {
        let m = Mentions {
            attachments: vec![Attachment {
                unit: 30,
                names: names.into(),
                number: number.map(str::to_string),
                date: when,
                snippet: "(Kèm theo Báo cáo số …)".into(),
                page: Some(9),
            }],
            ..Default::default()
        };
        run(RuleId::DateMismatch, &[], &m, meta)
    }

    #[test]
    fn fires_on_another_number_or_date() {
        let f = findings(Some("12"), Some(date(2024, 3, 15)), &report());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence, vec!["p. 9: (Kèm theo Báo cáo số …)".to_string()]);
        assert_eq!(findings(Some("37"), Some(date(2023, 3, 15)), &report()).len(), 1);
        let undated = Metadata {
            doc_date: None,
            ..report()
        };
        assert_eq!(findings(None, Some(date(2023, 12, 1)), &undated).len(), 1);
    }

    #[test]
    fn does_not_fire_on_a_regulation_issued_with_a_decision() {
        // "Quy chế … ban hành kèm theo Quyết định số 17/QĐ-UBND ngày 05/12/2018"
        assert!(named("quyet_dinh", Some("17"), Some(date(2018, 12, 5)), &report()).is_empty());
        let plan = Metadata {
            doc_type: Some("ke_hoach".into()),
            ..report()
        };
        assert_eq!(named("ke_hoach", Some("12"), None, &plan).len(), 1);
    }

    #[test]
    fn does_not_fire_on_the_reports_own_number_and_date() {
        assert!(findings(Some("37"), Some(date(2024, 3, 15)), &report()).is_empty());
        assert!(findings(None, None, &report()).is_empty());
        assert!(findings(Some("12"), None, &Metadata::default()).is_empty());
    }
}
