//! `period.mismatch`: figures that state their own window ("từ ngày … đến ngày …"), when that
//! window lies outside the report's period. One finding per window: the figures stated with
//! it are its values, the list items that inherit it (a previous year's "+ …" block) are
//! evidence. Those figures are then out of every rule that compares them with this period's
//! (`crate::scope`).

use std::collections::BTreeMap;

use baocao_model::{Date, fmt_num};

use crate::book::Rule;
use crate::check::{Ctx, Input, evidence};
use crate::scope::dmy;

/// The stable id.
pub const ID: &str = "period.mismatch";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "not used: a window one day outside the period is reported";

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let scope = &input.scope;
    let Some((ps, pe)) = scope.period else {
        return;
    };
    // Figures outside the period, by window, in document order.
    let mut windows: BTreeMap<(Date, Date), Vec<usize>> = BTreeMap::new();
    for (i, v) in scope.values.iter().enumerate() {
        // A period quoted for comparison ("năm 2022 …") is no mismatch.
        if scope.outside_period(v)
            && v.period_source != baocao_model::PeriodSource::Quoted
            && let (Some(s), Some(e)) = (v.period_start, v.period_end)
        {
            windows.entry((s, e)).or_default().push(i);
        }
    }
    let original = &input.scope.stated;
    for ((s, e), idx) in windows {
        // Values: the figures that state the window themselves (else all of them).
        let stated: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|i| original.get(*i).copied().unwrap_or(false))
            .collect();
        let heads = if stated.is_empty() { idx.clone() } else { stated };
        let vals: Vec<_> = heads.iter().map(|i| &scope.values[*i]).collect();
        let ev: Vec<String> = idx.iter().map(|i| evidence(&scope.values[*i])).collect();
        let before = cx.out.len();
        cx.emit(
            rule,
            vals.iter().map(|v| v.indicator.clone()).collect(),
            vals.iter().map(|v| v.value).collect(),
            None,
            ev,
        );
        if let Some(f) = cx.out.get_mut(before) {
            let (s, e, ps, pe) = (dmy(s), dmy(e), dmy(ps), dmy(pe));
            let others = idx.len() - heads.len();
            let listed: Vec<String> = vals
                .iter()
                .map(|v| format!("{} = {}", v.indicator, fmt_num(v.value)))
                .collect();
            f.message = format!(
                "{} stated for {s}–{e}, outside the report's period {ps}–{pe}{}; not compared with this period's figures",
                listed.join(", "),
                if others > 0 {
                    format!(" (with {others} more figures of the same block)")
                } else {
                    String::new()
                }
            );
            f.message_vi = format!(
                "{} thuộc khoảng {s}–{e}, ngoài kỳ báo cáo {ps}–{pe}{}; không so sánh với số liệu của kỳ này",
                listed.join(", "),
                if others > 0 {
                    format!(" (cùng {others} số liệu khác của đoạn này)")
                } else {
                    String::new()
                }
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use baocao_extract::mentions::Mentions;
    use baocao_model::{Finding, Metadata, Value};

    use crate::check::testing::{date, report, run, text};
    use crate::rules::RuleId;

    fn findings(values: &[Value], meta: &Metadata) -> Vec<Finding> {
        run(RuleId::PeriodMismatch, values, &Mentions::default(), meta)
    }

    fn windowed(start: (i32, u32, u32), end: (i32, u32, u32)) -> Value {
        Value {
            period_start: Some(date(start.0, start.1, start.2)),
            period_end: Some(date(end.0, end.1, end.2)),
            ..text("dossiers.received", 1451.0, 3)
        }
    }

    #[test]
    fn fires_on_a_window_from_last_year() {
        let f = findings(&[windowed((2023, 1, 1), (2023, 12, 31))], &report());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].indicators, vec!["dossiers.received".to_string()]);
    }

    #[test]
    fn a_previous_year_block_is_one_finding() {
        let mut item = text("dossiers.online", 3516.0, 4);
        item.snippet = "+ Có 3516 hồ sơ trực tuyến (đạt 100%).".into();
        let mut pct = Value {
            unit: baocao_model::MeasureUnit::Percent,
            ..text("dossiers.online_pct", 100.0, 4)
        };
        pct.snippet = item.snippet.clone();
        let f = findings(
            &[windowed((2023, 1, 1), (2023, 12, 31)), item, pct],
            &report(),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].values, vec![1451.0]);
        assert_eq!(f[0].evidence.len(), 2, "{f:?}");
        assert!(f[0].message.contains("2 more figures"), "{}", f[0].message);
    }

    #[test]
    fn a_period_quoted_for_comparison_is_no_mismatch() {
        // "Năm 2023 xã tiếp nhận 1.451 hồ sơ; + trực tuyến 1.300 hồ sơ" quoted in a 2024
        // report: the head and its list item carry the quoted window.
        let head = Value {
            period_source: baocao_model::PeriodSource::Quoted,
            ..windowed((2023, 1, 1), (2023, 12, 31))
        };
        let mut item = text("dossiers.online", 1300.0, 4);
        item.snippet = "+ trực tuyến 1.300 hồ sơ".into();
        assert!(findings(&[head, item], &report()).is_empty());
    }

    #[test]
    fn does_not_fire_inside_the_period_or_without_one() {
        assert!(findings(&[windowed((2024, 1, 1), (2024, 3, 15))], &report()).is_empty());
        assert!(findings(&[text("dossiers.received", 1451.0, 3)], &report()).is_empty());
        let no_period = Metadata::default();
        assert!(findings(&[windowed((2023, 1, 1), (2023, 12, 31))], &no_period).is_empty());
    }
}
