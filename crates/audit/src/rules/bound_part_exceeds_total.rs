//! `bound.part_exceeds_total`: a part larger than its whole (identities.toml `[[bound]]`:
//! online ≤ received, …), among comparable figures; one finding per pair of ids, the largest
//! excess. A violation that a conflict already explains (the whole, or the part, has another
//! value in the report with which the bound holds: the narrative's total against the
//! appendix's part) is the same problem: its figures are added to that conflict's evidence
//! instead of a finding of their own.

use baocao_model::Value;

use crate::book::Rule;
use crate::check::{Ctx, Input, by_indicator, close, evidence};

/// The stable id.
pub const ID: &str = "bound.part_exceeds_total";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "not used: any excess is reported";

/// The conflict finding (already emitted) of `v`'s indicator that names `v`'s value.
fn conflict_of(cx: &Ctx, v: &Value) -> Option<usize> {
    cx.out.iter().position(|f| {
        f.rule == super::conflict_same_indicator::ID
            && f.indicators.contains(&v.indicator)
            && f.values.iter().any(|x| close(*x, v.value, 1e-9))
    })
}

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let comparable = input.scope.comparable();
    let groups = by_indicator(&comparable);
    for b in &input.book.identities.bound {
        let (Some(parts), Some(wholes)) =
            (groups.get(b.part.as_str()), groups.get(b.whole.as_str()))
        else {
            continue;
        };
        let mut worst: Option<(&Value, &Value)> = None;
        for p in parts {
            for w in wholes {
                if p.value <= w.value + 1e-9 {
                    continue;
                }
                // Explained by a conflict: another figure of the whole that holds the part, or
                // another figure of the part that fits the whole.
                let explained = wholes.iter().any(|w2| p.value <= w2.value + 1e-9)
                    || parts.iter().any(|p2| p2.value <= w.value + 1e-9);
                if explained {
                    let conflict = conflict_of(cx, w).or_else(|| conflict_of(cx, p));
                    if let Some(i) = conflict {
                        for e in [evidence(p), evidence(w)] {
                            if !cx.out[i].evidence.contains(&e) {
                                cx.out[i].evidence.push(e);
                            }
                        }
                    }
                    continue;
                }
                let better = worst.is_none_or(|(wp, ww)| p.value - w.value > wp.value - ww.value);
                if better {
                    worst = Some((p, w));
                }
            }
        }
        if let Some((p, w)) = worst {
            cx.emit(
                rule,
                vec![p.indicator.clone(), w.indicator.clone()],
                vec![p.value, w.value],
                None,
                vec![evidence(p), evidence(w)],
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
            RuleId::BoundPartExceedsTotal,
            values,
            &Mentions::default(),
            &report(),
        )
    }

    #[test]
    fn fires_on_the_largest_excess() {
        let f = findings(&[
            text("dossiers.received", 1200.0, 2),
            table("dossiers.received", 1300.0, 30),
            table("dossiers.online", 1451.0, 31),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].values, vec![1451.0, 1200.0]);
    }

    #[test]
    fn a_violation_a_conflict_explains_is_not_reported_again() {
        // Narrative received 1451 (online 1445), appendix received 593: the appendix total
        // conflicts with the narrative's; 1445 > 593 is that conflict, not a new problem.
        let f = findings(&[
            text("dossiers.received", 1451.0, 2),
            text("dossiers.online", 1445.0, 2),
            table("dossiers.received", 593.0, 30),
        ]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn does_not_fire_on_last_years_block_or_a_target() {
        let mut last_year = text("dossiers.online", 3516.0, 2);
        last_year.period_start = Some(crate::check::testing::date(2023, 1, 1));
        last_year.period_end = Some(crate::check::testing::date(2023, 12, 31));
        assert!(findings(&[last_year, text("dossiers.received", 1280.0, 9)]).is_empty());
        let mut target = text("dossiers.online", 2000.0, 40);
        target.kind = baocao_model::ValueKind::Target;
        assert!(findings(&[target, text("dossiers.received", 1280.0, 9)]).is_empty());
    }

    #[test]
    fn does_not_fire_when_the_part_fits_or_is_qualified() {
        assert!(
            findings(&[
                text("dossiers.received", 1451.0, 2),
                text("dossiers.online", 1451.0, 2),
            ])
            .is_empty()
        );
        let mut part = text("dossiers.online", 2000.0, 2);
        part.qualifier = Some("cả năm".into());
        assert!(findings(&[text("dossiers.received", 1451.0, 2), part]).is_empty());
    }
}
