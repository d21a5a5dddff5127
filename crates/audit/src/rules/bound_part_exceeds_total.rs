//! `bound.part_exceeds_total`: a part larger than its whole (identities.toml `[[bound]]`:
//! online ≤ received, …), among comparable figures; one finding per pair of ids, the largest
//! excess.

use baocao_model::Value;

use crate::book::Rule;
use crate::check::{Ctx, Input, by_indicator, evidence};

/// The stable id.
pub const ID: &str = "bound.part_exceeds_total";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "not used: any excess is reported";

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let groups = by_indicator(&input.comparable);
    for b in &input.book.identities.bound {
        let (Some(parts), Some(wholes)) =
            (groups.get(b.part.as_str()), groups.get(b.whole.as_str()))
        else {
            continue;
        };
        let mut worst: Option<(&Value, &Value)> = None;
        for p in parts {
            for w in wholes {
                if p.value > w.value + 1e-9 {
                    let better =
                        worst.is_none_or(|(wp, ww)| p.value - w.value > wp.value - ww.value);
                    if better {
                        worst = Some((p, w));
                    }
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
