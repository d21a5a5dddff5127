//! `sum.parts_vs_total`: figures that should add up do not. Two kinds: the sums declared in
//! identities.toml (`[[sum]]`: online + direct = received, …) among figures within
//! `params.reach` paragraphs of one section (or all in the appendix tables), and breakdowns
//! (`[[breakdown]]`: a total followed by smaller figures of the same indicator in its
//! paragraph, or by qualified ones in the next `params.breakdown_reach` paragraphs).

use baocao_model::{Origin, Value};

use crate::book::Rule;
use crate::check::{Ctx, Input, agreeing, close, combos, evidence, near, nearest_first};

/// The stable id.
pub const ID: &str = "sum.parts_vs_total";
/// `reach`: how many paragraphs of one section apart the figures of a sum may sit;
/// `breakdown_reach`: how many paragraphs after a total its qualified breakdown may run.
pub const PARAMS: &[&str] = &["reach", "breakdown_reach"];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "relative difference allowed between the parts' sum and the total";

/// The top level of a figure's heading path (`II` of `II > 3 > a`).
fn top_section(v: &Value) -> Option<&str> {
    v.section.as_deref().and_then(|s| s.split(" > ").next())
}

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    declared_sums(cx, rule, input);
    breakdowns(cx, rule, input);
}

/// Declared sums among nearby figures.
fn declared_sums(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let tol = rule.tolerance;
    let reach = rule.count("reach");
    let unqualified: Vec<&Value> = input.scope.unqualified();
    for s in &input.book.identities.sum {
        for total in unqualified.iter().filter(|v| v.indicator == s.total) {
            let candidates = |id: &str| -> Vec<&Value> {
                let v: Vec<&Value> = unqualified
                    .iter()
                    .filter(|v| v.indicator == id && near(v, total, reach))
                    .copied()
                    .collect();
                nearest_first(v, total)
            };
            let mut slots: Vec<Vec<&Value>> = s.parts.iter().map(|p| candidates(p)).collect();
            if slots.iter().any(Vec::is_empty) {
                continue;
            }
            slots.extend(
                s.optional
                    .iter()
                    .map(|p| candidates(p))
                    .filter(|c| !c.is_empty()),
            );
            let tuples = agreeing(combos(&slots), total);
            let Some(first) = tuples.first() else {
                continue;
            };
            // The optional parts may or may not be counted in the total ("kỳ trước chuyển
            // qua" is in a matrix's "Tổng số", not in a sentence's "tiếp nhận"): any subset.
            let required = s.parts.len();
            let holds = tuples.iter().any(|c| {
                let base: f64 = c.iter().take(required).map(|v| v.value).sum();
                let extra: Vec<f64> = c.iter().skip(required).map(|v| v.value).collect();
                (0u32..1 << extra.len().min(4)).any(|mask| {
                    let add: f64 = (0..extra.len().min(4))
                        .filter(|i| mask & (1 << i) != 0)
                        .map(|i| extra[i])
                        .sum();
                    close(base + add, total.value, tol)
                })
            });
            if holds {
                continue;
            }
            let sum: f64 = first.iter().map(|v| v.value).sum();
            // The same parts may be the breakdown of another total nearby that they match.
            let other_total_holds = unqualified.iter().any(|t| {
                t.indicator == s.total
                    && !std::ptr::eq(*t, *total)
                    && first.iter().all(|p| near(p, t, reach))
                    && close(sum, t.value, tol)
            });
            if other_total_holds {
                continue;
            }
            let mut inds: Vec<String> = first.iter().map(|v| v.indicator.clone()).collect();
            let mut vs: Vec<f64> = first.iter().map(|v| v.value).collect();
            let mut ev: Vec<String> = first.iter().map(|v| evidence(v)).collect();
            inds.push(total.indicator.clone());
            vs.push(total.value);
            ev.push(evidence(total));
            cx.emit(rule, inds, vs, Some(sum), ev);
        }
    }
}

/// Breakdowns: a total followed by its parts, in the same paragraph (smaller figures of the
/// same indicator) or in the next few paragraphs of the section (qualified figures).
fn breakdowns(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let tol = rule.tolerance;
    let reach = rule.count("breakdown_reach");
    let scope = &input.scope;
    let all: Vec<&Value> = scope
        .values
        .iter()
        .zip(&scope.usable)
        .filter(|(_, ok)| **ok)
        .map(|(v, _)| v)
        .collect();
    let comparable = scope.comparable();
    for b in &input.book.identities.breakdown {
        for total in comparable
            .iter()
            .filter(|v| v.indicator == b.indicator && v.origin == Origin::Text)
        {
            // Only the first figure of a paragraph can head its breakdown.
            let earlier = all.iter().any(|v| {
                v.indicator == b.indicator
                    && v.origin == Origin::Text
                    && v.source_unit == total.source_unit
                    && v.source_pos < total.source_pos
            });
            if earlier {
                continue;
            }
            let parts: Vec<&Value> = all
                .iter()
                .filter(|v| {
                    let same_unit = v.source_unit == total.source_unit
                        && v.source_pos > total.source_pos
                        && v.value < total.value;
                    let following = v.qualifier.is_some()
                        && v.source_unit > total.source_unit
                        && v.source_unit <= total.source_unit + reach
                        && top_section(v) == top_section(total);
                    v.indicator == b.indicator
                        && v.origin == Origin::Text
                        && v.period_start == total.period_start
                        && v.period_end == total.period_end
                        && (same_unit || following)
                })
                .copied()
                .collect();
            if parts.len() < 2 {
                continue;
            }
            let sum: f64 = parts.iter().map(|v| v.value).sum();
            if close(sum, total.value, tol) {
                continue;
            }
            let mut vs: Vec<f64> = parts.iter().map(|v| v.value).collect();
            let mut ev: Vec<String> = parts.iter().map(|v| evidence(v)).collect();
            vs.push(total.value);
            ev.push(evidence(total));
            cx.emit(
                rule,
                vec![b.indicator.clone(); vs.len()],
                vs,
                Some(sum),
                ev,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use baocao_extract::mentions::Mentions;
    use baocao_model::{Finding, Value};

    use crate::check::testing::{report, run, table, text};
    use crate::rules::RuleId;

    fn findings(values: &[Value]) -> Vec<Finding> {
        run(
            RuleId::SumPartsVsTotal,
            values,
            &Mentions::default(),
            &report(),
        )
    }

    #[test]
    fn fires_when_channels_do_not_add_up() {
        let f = findings(&[
            text("dossiers.received", 1451.0, 5),
            text("dossiers.online", 1200.0, 5),
            text("dossiers.direct", 200.0, 5),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].values, vec![1200.0, 200.0, 1451.0]);
        assert_eq!(f[0].expected, Some(1400.0));
    }

    #[test]
    fn does_not_fire_when_they_add_up_or_sit_far_apart() {
        assert!(
            findings(&[
                table("dossiers.received", 1451.0, 40),
                table("dossiers.online", 1251.0, 41),
                table("dossiers.direct", 200.0, 42),
            ])
            .is_empty()
        );
        // Parts 20 paragraphs after the total belong to something else.
        assert!(
            findings(&[
                text("dossiers.received", 1451.0, 5),
                text("dossiers.online", 1200.0, 25),
                text("dossiers.direct", 200.0, 25),
            ])
            .is_empty()
        );
    }

    #[test]
    fn does_not_fire_across_periods_targets_or_qualified_rows() {
        let last_year = |mut v: Value| {
            v.period_start = Some(crate::check::testing::date(2023, 1, 1));
            v.period_end = Some(crate::check::testing::date(2023, 12, 31));
            v
        };
        // This year's total against last year's parts.
        assert!(
            findings(&[
                text("dossiers.received", 1451.0, 5),
                last_year(text("dossiers.online", 1200.0, 5)),
                last_year(text("dossiers.direct", 200.0, 5)),
            ])
            .is_empty()
        );
        // A target total.
        let mut target = text("dossiers.received", 2000.0, 5);
        target.kind = baocao_model::ValueKind::Target;
        assert!(
            findings(&[
                target,
                text("dossiers.online", 1200.0, 5),
                text("dossiers.direct", 200.0, 5),
            ])
            .is_empty()
        );
        // A field of work's row is not the total row.
        let mut field = table("dossiers.received", 300.0, 41);
        field.qualifier = Some("Tư pháp - Hộ tịch".into());
        assert!(
            findings(&[
                field,
                table("dossiers.online", 1251.0, 42),
                table("dossiers.direct", 200.0, 43),
            ])
            .is_empty()
        );
    }

    #[test]
    fn fires_within_last_years_block_itself() {
        let last_year = |mut v: Value| {
            v.period_start = Some(crate::check::testing::date(2023, 1, 1));
            v.period_end = Some(crate::check::testing::date(2023, 12, 31));
            v
        };
        let f = findings(&[
            last_year(text("dossiers.received", 1451.0, 5)),
            last_year(text("dossiers.online", 1200.0, 5)),
            last_year(text("dossiers.direct", 200.0, 5)),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn fires_on_a_breakdown_that_misses_its_total() {
        let part = |v, u, pos| Value {
            source_pos: pos,
            period_source: baocao_model::PeriodSource::Report,
            ..text("documents.issued", v, u)
        };
        let f = findings(&[
            part(120.0, 3, 0),
            part(50.0, 3, 1),
            part(40.0, 3, 2),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected, Some(90.0));
        assert!(findings(&[part(120.0, 3, 0), part(80.0, 3, 1), part(40.0, 3, 2)]).is_empty());
    }
}
