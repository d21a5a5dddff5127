//! `conflict.same_indicator`: one quantity, different values in one report (the narrative
//! and the appendix, or two sentences). Counts are the same figure within the relative
//! `tolerance`; percentages within `params.tolerance_pp` percentage points. Equivalent ids
//! (identities.toml `[[same]]`) are compared too. One finding per quantity, with every
//! figure that disagrees (the narrative's 1280, the appendix's 568, a denominator's 3529).

use baocao_model::{MeasureUnit, Origin, Value};

use crate::book::Rule;
use crate::check::{Ctx, Input, by_indicator, close, evidence};

/// The stable id.
pub const ID: &str = "conflict.same_indicator";
/// `tolerance_pp`: percentage points within which two percentages are the same figure;
/// `max_values`: most different figures listed in the one finding of a quantity.
pub const PARAMS: &[&str] = &["tolerance_pp", "max_values"];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "relative difference under which two counts are the same figure";

/// True when two values of one indicator are the same figure: within the relative
/// tolerance for counts, within `pp` percentage points for percentages.
fn same_figure(a: &Value, b: &Value, rel: f64, pp: f64) -> bool {
    if a.unit == MeasureUnit::Percent {
        (a.value - b.value).abs() <= pp + 1e-9
    } else {
        close(a.value, b.value, rel)
    }
}

/// Two mentions in one paragraph are a breakdown or a fraction, never a conflict.
fn same_sentence_group(a: &Value, b: &Value) -> bool {
    a.origin == Origin::Text && b.origin == Origin::Text && a.source_unit == b.source_unit
}

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let tol = rule.tolerance;
    let pp = rule.param("tolerance_pp");
    let max_values = rule.count("max_values").max(2);
    let cmp = &input.scope.comparable();
    let groups = by_indicator(cmp);
    let mut keys: Vec<&&str> = groups.keys().collect();
    keys.sort();
    for k in keys {
        let vals = &groups[*k];
        // One representative per distinct value, in document order.
        let mut distinct: Vec<&Value> = Vec::new();
        for v in vals {
            if !distinct.iter().any(|d| same_figure(d, v, tol, pp)) {
                distinct.push(v);
            }
        }
        // Differing only inside one paragraph: a breakdown, not a conflict.
        let apart = |a: &Value, b: &Value| {
            vals.iter().filter(|x| same_figure(x, a, tol, pp)).any(|x| {
                vals.iter()
                    .filter(|y| same_figure(y, b, tol, pp))
                    .any(|y| !same_sentence_group(x, y))
            })
        };
        // One finding per quantity: the figures that disagree with each other, in document
        // order (a figure that is only another's part in its paragraph is left out).
        let mut group: Vec<&Value> = Vec::new();
        for d in &distinct {
            if group.len() < max_values && group.iter().all(|g| apart(g, d)) {
                group.push(d);
            }
        }
        if group.len() < 2 {
            continue;
        }
        cx.emit_same(
            rule,
            group.iter().map(|v| v.indicator.clone()).collect(),
            group.iter().map(|v| v.value).collect(),
            None,
            group.iter().map(|v| evidence(v)).collect(),
            &input.scope,
            group[0],
        );
    }
    // Equivalent ids (e.g. the forms' "đúng hạn" row counts early dossiers too).
    for s in &input.book.identities.same {
        let a: Vec<&&Value> = cmp.iter().filter(|v| v.indicator == s.a).collect();
        let b: Vec<&&Value> = cmp
            .iter()
            .filter(|v| v.indicator == s.b && v.origin.as_str() == s.b_origin)
            .collect();
        if let (Some(x), Some(y)) = (a.first(), b.first())
            && !a
                .iter()
                .any(|x| b.iter().any(|y| close(x.value, y.value, tol)))
        {
            cx.emit_same(
                rule,
                vec![x.indicator.clone(), y.indicator.clone()],
                vec![x.value, y.value],
                None,
                vec![evidence(x), evidence(y)],
                &input.scope,
                x,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use baocao_extract::mentions::Mentions;
    use baocao_model::{MeasureUnit, Value};

    use crate::check::testing::{report, run, table, text};
    use crate::rules::RuleId;

    fn findings(values: &[Value]) -> Vec<baocao_model::Finding> {
        run(
            RuleId::ConflictSameIndicator,
            values,
            &Mentions::default(),
            &report(),
        )
    }

    #[test]
    fn fires_when_text_and_appendix_disagree() {
        let f = findings(&[
            text("dossiers.received", 1451.0, 3),
            table("dossiers.received", 1601.0, 40),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].values, vec![1451.0, 1601.0]);
        assert_eq!(f[0].rule, "conflict.same_indicator");
        assert_eq!(f[0].severity, baocao_model::Severity::Error);
    }

    #[test]
    fn three_figures_of_one_quantity_are_one_finding() {
        let f = findings(&[
            text("dossiers.resolved", 3529.0, 3),
            text("dossiers.resolved", 1280.0, 9),
            table("dossiers.resolved", 568.0, 40),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].values, vec![3529.0, 1280.0, 568.0]);
        assert!(
            f[0].message.contains("several different figures")
                && f[0].message.contains("all: dossiers.resolved, whole unit"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn does_not_fire_between_an_area_rank_and_the_overall_rank() {
        let rank = |v, u, s: &str| Value {
            unit: MeasureUnit::Rank,
            snippet: s.into(),
            ..text("par_index.rank", v, u)
        };
        let f = findings(&[
            rank(4.0, 2, "Tổng điểm Chỉ số CCHC năm 2024 đạt 87,45/100 điểm, xếp thứ 4/19 xã."),
            rank(9.0, 6, "Cải cách thể chế đạt 8,5/10 điểm, xếp thứ 9/19."),
            rank(2.0, 7, "Cải cách TTHC đạt 9,1/10 điểm, xếp thứ 2/19."),
        ]);
        assert!(f.is_empty(), "{f:?}");
        // Two statements of the overall rank that disagree are a conflict.
        let f = findings(&[
            rank(4.0, 2, "Tổng điểm Chỉ số CCHC đạt 87,45 điểm, xếp thứ 4/19."),
            rank(6.0, 30, "Chỉ số CCHC năm 2024 của xã xếp thứ 6/19."),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn does_not_fire_against_last_year_or_a_target() {
        let mut last = text("dossiers.online", 3516.0, 3);
        last.period_start = Some(crate::check::testing::date(2023, 1, 1));
        last.period_end = Some(crate::check::testing::date(2023, 12, 31));
        let mut item = text("dossiers.online", 3400.0, 4);
        item.snippet = "+ Trực tuyến: 3400 hồ sơ".into();
        let mut target = Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.on_time_pct", 100.0, 50)
        };
        target.kind = baocao_model::ValueKind::Target;
        let now = Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.on_time_pct", 98.5, 8)
        };
        let f = findings(&[last, item, text("dossiers.online", 1275.0, 9), target, now]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn fires_on_percentages_beyond_the_points() {
        let pct = |v, u| Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.on_time_pct", v, u)
        };
        assert_eq!(findings(&[pct(98.5, 1), pct(99.0, 9)]).len(), 1);
    }

    #[test]
    fn does_not_fire_within_tolerance_or_inside_one_paragraph() {
        // 0.5 % apart: the same figure.
        assert!(
            findings(&[
                text("dossiers.received", 1000.0, 3),
                table("dossiers.received", 1005.0, 40),
            ])
            .is_empty()
        );
        // A total and its part in one paragraph: a breakdown, not a conflict.
        assert!(
            findings(&[
                text("dossiers.received", 1451.0, 3),
                text("dossiers.received", 320.0, 3),
            ])
            .is_empty()
        );
        // A qualified figure (a sub-area) is another quantity.
        let mut part = table("dossiers.received", 200.0, 40);
        part.qualifier = Some("xã A".into());
        assert!(findings(&[text("dossiers.received", 1451.0, 3), part]).is_empty());
    }

    #[test]
    fn percentages_within_the_points_are_the_same_figure() {
        let pct = |v, u| Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.on_time_pct", v, u)
        };
        assert!(findings(&[pct(98.5, 1), pct(98.56, 9)]).is_empty());
    }
}
