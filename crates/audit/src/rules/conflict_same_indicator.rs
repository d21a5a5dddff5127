//! `conflict.same_indicator`: one quantity, different values in one report (the narrative
//! and the appendix, or two sentences). Counts are the same figure within the relative
//! `tolerance`; percentages within `params.tolerance_pp` percentage points. Equivalent ids
//! (identities.toml `[[same]]`) are compared too.

use baocao_model::{MeasureUnit, Origin, Value};

use crate::book::Rule;
use crate::check::{Ctx, Input, by_indicator, close, evidence};

/// The stable id.
pub const ID: &str = "conflict.same_indicator";
/// `tolerance_pp`: percentage points within which two percentages are the same figure;
/// `max_pairs`: most conflicting pairs reported per indicator.
pub const PARAMS: &[&str] = &["tolerance_pp", "max_pairs"];
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
    let max_pairs = rule.count("max_pairs");
    let cmp = &input.comparable;
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
        let mut n = 0;
        for i in 0..distinct.len() {
            for j in i + 1..distinct.len() {
                if n >= max_pairs {
                    break;
                }
                let (a, b) = (distinct[i], distinct[j]);
                // Differing only inside one paragraph: a breakdown, not a conflict.
                let apart = vals.iter().filter(|x| same_figure(x, a, tol, pp)).any(|x| {
                    vals.iter()
                        .filter(|y| same_figure(y, b, tol, pp))
                        .any(|y| !same_sentence_group(x, y))
                });
                if !apart {
                    continue;
                }
                cx.emit(
                    rule,
                    vec![a.indicator.clone(), b.indicator.clone()],
                    vec![a.value, b.value],
                    None,
                    vec![evidence(a), evidence(b)],
                );
                n += 1;
            }
        }
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
            cx.emit(
                rule,
                vec![x.indicator.clone(), y.indicator.clone()],
                vec![x.value, y.value],
                None,
                vec![evidence(x), evidence(y)],
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
