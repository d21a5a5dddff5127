//! # baocao-audit
//!
//! The audit stage: checks one document's figures against each other and against the
//! report's own period and number, driven by `rules.toml` and `identities.toml`
//! ([`rules::RuleBook`]); [`audit`] returns [`baocao_model::Finding`]s.
//!
//! Figures are compared only when they describe the same thing (`scope`: genre.md §6):
//! the same indicator, no qualifier (a sub-area, a level or a PAR-index component is a
//! different quantity), the same window (a previous year's block is not this year), and
//! results only (a target is not a result). A figure of another period is reported once
//! (`period.mismatch`) and then compared only with figures of its own window.
//!
//! Layout: [`book`] parses the settings, [`rules`] is the registry ([`rules::RuleId`]) with
//! one file per rule, `check` holds what the rules share. [`panel`] groups files into
//! reports and runs the cross-report rules (`panel.*`) over the facts of a whole run.
//!
//! Left to others: finding the figures and the other mentions the rules read (stated
//! fractions, attachment lines: `baocao-extract`), writing findings (`baocao-dataset`).

#![deny(missing_docs)]

pub mod book;
mod check;
pub mod panel;
pub mod rules;
mod scope;

use baocao_extract::mentions::Mentions;
use baocao_model::{Finding, Metadata, Value};

pub use rules::ratio_holds;
use rules::{RuleBook, RuleId};

/// Runs every enabled rule over one document, in registry order.
pub fn audit(
    values: &[Value],
    mentions: &Mentions,
    meta: &Metadata,
    book: &RuleBook,
) -> Vec<Finding> {
    let input = check::Input::new(values, mentions, meta, book);
    let mut cx = check::Ctx::default();
    for id in RuleId::ALL {
        if let Some(rule) = book.get(id.as_str()) {
            id.check(&mut cx, rule, &input);
        }
    }
    cx.out
}

#[cfg(test)]
mod tests {
    use baocao_extract::mentions::Mentions;
    use baocao_model::{MeasureUnit, Severity, Value, ValueKind};

    use crate::check::testing::{book, date, report, table, text};

    fn said(mut v: Value, snippet: &str) -> Value {
        v.snippet = snippet.into();
        v
    }

    fn mentions(n: usize) -> Mentions {
        Mentions {
            fraction_in_sentence: vec![false; n],
            ..Default::default()
        }
    }

    #[test]
    fn a_par_index_summary_with_area_ranks_is_not_an_error() {
        let rank = |v, u, s: &str| Value {
            unit: MeasureUnit::Rank,
            ..said(text("par_index.rank", v, u), s)
        };
        let score = |v, u, s: &str| Value {
            unit: MeasureUnit::Point,
            ..said(text("par_index.score", v, u), s)
        };
        let values = vec![
            score(
                87.45,
                1,
                "Tổng điểm Chỉ số CCHC năm 2024 đạt 87,45/100 điểm, xếp thứ 4/19.",
            ),
            rank(
                4.0,
                1,
                "Tổng điểm Chỉ số CCHC năm 2024 đạt 87,45/100 điểm, xếp thứ 4/19.",
            ),
            score(
                8.5,
                3,
                "- Công tác chỉ đạo, điều hành: 8,5/9 điểm, xếp thứ 7/19.",
            ),
            rank(
                7.0,
                3,
                "- Công tác chỉ đạo, điều hành: 8,5/9 điểm, xếp thứ 7/19.",
            ),
            score(
                5.5,
                4,
                "- Cải cách tổ chức bộ máy: 5,5/6 điểm, xếp thứ 1/19.",
            ),
            rank(
                1.0,
                4,
                "- Cải cách tổ chức bộ máy: 5,5/6 điểm, xếp thứ 1/19.",
            ),
            score(84.1, 9, "Năm 2022 đạt 84,1 điểm, xếp thứ 7."),
        ];
        let mut last = values.clone();
        last[6].period_start = Some(date(2023, 1, 1));
        last[6].period_end = Some(date(2023, 12, 31));
        let f = super::audit(&values, &mentions(values.len()), &report(), &book());
        assert!(f.is_empty(), "{f:?}");
        // Last year's score, stated with its window, is another period's figure: reported
        // once as such, and still not an error.
        let f = super::audit(&last, &mentions(last.len()), &report(), &book());
        assert!(f.iter().all(|f| f.rule == "period.mismatch"), "{f:?}");
    }

    #[test]
    fn a_previous_year_block_is_reported_once() {
        let year = |mut v: Value| {
            v.period_start = Some(date(2023, 1, 1));
            v.period_end = Some(date(2023, 12, 31));
            v
        };
        let values = vec![
            year(said(
                text("dossiers.received", 3531.0, 10),
                "Từ ngày 01/01/2023 đến ngày 31/12/2023 tiếp nhận 3531 hồ sơ.",
            )),
            said(
                text("dossiers.resolved_on_time", 3219.0, 11),
                "+ Đúng hạn: 3219 hồ sơ",
            ),
            said(
                text("dossiers.online", 3516.0, 12),
                "+ Có 3516 hồ sơ trực tuyến (đạt 100%).",
            ),
            Value {
                unit: MeasureUnit::Percent,
                ..said(
                    text("dossiers.online_pct", 100.0, 12),
                    "+ Có 3516 hồ sơ trực tuyến (đạt 100%).",
                )
            },
            text("dossiers.received", 1280.0, 20),
            text("dossiers.online", 1275.0, 20),
            table("dossiers.resolved", 1270.0, 40),
            table("dossiers.resolved_on_time", 1260.0, 41),
        ];
        let f = super::audit(&values, &mentions(values.len()), &report(), &book());
        let rules: Vec<&str> = f.iter().map(|f| f.rule.as_str()).collect();
        // Once as another period's figures, once for the block's own 3516/3531 ≠ 100 %;
        // never against this year's 1280, 1275 or 1260.
        assert_eq!(
            rules,
            vec!["ratio.stated_vs_computed", "period.mismatch"],
            "{f:?}"
        );
        assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:?}");
    }

    #[test]
    fn a_target_is_not_compared_with_the_result() {
        let pct = |v, u| Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.on_time_pct", v, u)
        };
        let mut aim = said(pct(100.0, 50), "Phấn đấu 100% hồ sơ giải quyết đúng hạn.");
        aim.kind = ValueKind::Target;
        let values = vec![pct(98.5, 5), aim];
        let f = super::audit(&values, &mentions(2), &report(), &book());
        assert!(f.is_empty(), "{f:?}");
    }
}
