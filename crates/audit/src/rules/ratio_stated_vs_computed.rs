//! `ratio.stated_vs_computed`: a stated percentage against the counts it is a share of
//! (identities.toml `[[ratio]]`: the numerator in its own sentence or table, the denominator
//! within `params.reach` paragraphs before it), and every fraction written with its
//! percentage ("99,9% (2.299/2.301 hồ sơ)", read by `baocao_extract::mentions`).

use baocao_model::{Origin, Value, ValueKind};

use crate::book::Rule;
use crate::check::{Ctx, Input, agreeing, combos, evidence, near, nearest_first, with_page};

/// The stable id.
pub const ID: &str = "ratio.stated_vs_computed";
/// `reach`: how many paragraphs before a stated percentage its denominator may sit.
pub const PARAMS: &[&str] = &["reach"];
/// What `tolerance` measures.
pub const TOLERANCE: &str =
    "percentage points allowed on top of the rounding the stated figure shows";

/// True when `stated` percent is what `num / den` gives, allowing for the rounding the
/// stated figure shows. 100 % and 0 % are claims of all and none, and are held to that.
pub fn ratio_holds(stated: f64, num: f64, den: f64, tolerance_pp: f64) -> bool {
    if den <= 0.0 {
        return true;
    }
    let computed = 100.0 * num / den;
    if stated >= 100.0 - 1e-9 {
        return num >= den;
    }
    if stated.abs() < 1e-9 {
        return num == 0.0;
    }
    let decimals = {
        let s = format!("{stated}");
        s.split('.').nth(1).map_or(0, |d| d.len()) as i32
    };
    let rounding = 0.5 * 10f64.powi(-decimals);
    (computed - stated).abs() <= tolerance_pp + rounding + 1e-9
}

/// `num / den` as a percentage with two decimals.
fn computed(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| (10000.0 * num / den).round() / 100.0)
}

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    declared_ratios(cx, rule, input);
    stated_fractions(cx, rule, input);
}

/// Declared ratios: a percentage against its numerator and a nearby denominator.
fn declared_ratios(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let tol = rule.tolerance;
    let reach = rule.count("reach");
    let own_fraction = &input.mentions.fraction_in_sentence;
    let scope = &input.scope;
    let unqualified: Vec<(usize, &Value)> = scope
        .values
        .iter()
        .enumerate()
        .filter(|(i, v)| v.qualifier.is_none() && scope.usable.get(*i).copied().unwrap_or(false))
        .collect();
    for r in &input.book.identities.ratio {
        for &(i, pct) in unqualified.iter().filter(|(_, v)| v.indicator == r.pct) {
            // A percentage written with its own fraction is checked as a stated fraction.
            if own_fraction.get(i).copied().unwrap_or(false) {
                continue;
            }
            let nums: Vec<&Value> = unqualified
                .iter()
                .map(|&(_, v)| v)
                .filter(|v| {
                    v.indicator == r.num
                        && match pct.origin {
                            Origin::Text => {
                                v.origin == Origin::Text && v.source_unit == pct.source_unit
                            }
                            Origin::Table => v.origin == Origin::Table,
                        }
                })
                .collect();
            let dens: Vec<&Value> = unqualified
                .iter()
                .map(|&(_, v)| v)
                .filter(|v| {
                    v.indicator == r.den
                        && near(v, pct, reach)
                        && (v.origin == Origin::Table || v.source_unit <= pct.source_unit)
                })
                .collect();
            let slots = vec![nearest_first(nums, pct), nearest_first(dens, pct)];
            let tuples = agreeing(combos(&slots), pct);
            let Some(first) = tuples.first() else {
                continue;
            };
            if tuples
                .iter()
                .any(|c| ratio_holds(pct.value, c[0].value, c[1].value, tol))
            {
                continue;
            }
            let (n, d) = (first[0], first[1]);
            cx.emit(
                rule,
                vec![
                    pct.indicator.clone(),
                    n.indicator.clone(),
                    d.indicator.clone(),
                ],
                vec![pct.value, n.value, d.value],
                computed(n.value, d.value),
                vec![evidence(pct), evidence(n), evidence(d)],
            );
        }
    }
}

/// Every written "a/b … p %" whose percentage is not what the fraction gives.
fn stated_fractions(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let tol = rule.tolerance;
    let scope = &input.scope;
    for f in &input.mentions.fractions {
        let (a, b, p) = (f.numerator, f.denominator, f.percent);
        if ratio_holds(p, a, b, tol) {
            continue;
        }
        // A fraction stated as an aim ("phấn đấu đạt 100 % (…)") is not a result.
        let mut own = scope.values.iter().filter(|v| v.source_unit == f.unit);
        if own.clone().next().is_some() && own.all(|v| v.kind == ValueKind::Target) {
            continue;
        }
        let inds: Vec<String> = scope
            .values
            .iter()
            .filter(|v| v.source_unit == f.unit && (v.value == a || v.value == b))
            .map(|v| v.indicator.clone())
            .collect();
        cx.emit(
            rule,
            inds,
            vec![a, b, p],
            computed(a, b),
            vec![with_page(f.page, &f.snippet)],
        );
    }
}

#[cfg(test)]
mod tests {
    use baocao_extract::mentions::{Mentions, StatedFraction};
    use baocao_model::{Finding, MeasureUnit, Value};

    use super::ratio_holds;
    use crate::check::testing::{report, run, text};
    use crate::rules::RuleId;

    fn findings(values: &[Value], mentions: &Mentions) -> Vec<Finding> {
        run(RuleId::RatioStatedVsComputed, values, mentions, &report())
    }

    fn pct(v: f64, unit: usize) -> Value {
        Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.on_time_pct", v, unit)
        }
    }

    fn fraction(a: f64, b: f64, p: f64) -> Mentions {
        Mentions {
            fractions: vec![StatedFraction {
                unit: 2,
                numerator: a,
                denominator: b,
                percent: p,
                snippet: format!("{a}/{b} = {p} %"),
                page: Some(4),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn ratios_allow_rounding_but_not_false_totals() {
        assert!(ratio_holds(99.61, 1275.0, 1280.0, 0.1));
        assert!(ratio_holds(26.6, 21.0, 79.0, 0.1));
        assert!(ratio_holds(72.2, 13.0, 18.0, 0.1));
        assert!(!ratio_holds(61.1, 13.0, 18.0, 0.1));
        assert!(!ratio_holds(100.0, 3516.0, 3531.0, 0.1));
        assert!(ratio_holds(100.0, 6.0, 6.0, 0.1));
        assert!(!ratio_holds(100.0, 127.0, 593.0, 0.1));
    }

    #[test]
    fn stated_percentages_are_held_to_their_own_rounding() {
        // 1275/1280 = 99.609 %: "99,61 %" and "99,6 %" round right, "99,5 %" does not.
        assert!(ratio_holds(99.61, 1275.0, 1280.0, 0.1));
        assert!(ratio_holds(99.6, 1275.0, 1280.0, 0.1));
        assert!(!ratio_holds(99.4, 1275.0, 1280.0, 0.1));
        // 2/18 = 11.11 %: "11 %" is within its rounding.
        assert!(ratio_holds(11.0, 2.0, 18.0, 0.1));
    }

    #[test]
    fn fires_within_last_years_block_but_not_against_this_year() {
        let last = |mut v: Value| {
            v.period_start = Some(crate::check::testing::date(2023, 1, 1));
            v.period_end = Some(crate::check::testing::date(2023, 12, 31));
            v
        };
        let pct_online = |v: f64, u: usize| Value {
            unit: MeasureUnit::Percent,
            ..text("dossiers.online_pct", v, u)
        };
        let none = Mentions {
            fraction_in_sentence: vec![false; 3],
            ..Default::default()
        };
        // Last year's block: 3516 of 3531 online is not 100 %.
        let f = findings(
            &[
                last(text("dossiers.received", 3531.0, 3)),
                last(text("dossiers.online", 3516.0, 4)),
                last(pct_online(100.0, 4)),
            ],
            &none,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // Last year's 100 % against this year's counts: not one quantity.
        let f = findings(
            &[
                text("dossiers.received", 1280.0, 3),
                text("dossiers.online", 1275.0, 4),
                last(pct_online(100.0, 4)),
            ],
            &none,
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn does_not_fire_on_a_target() {
        let mut aim = pct(100.0, 4);
        aim.kind = baocao_model::ValueKind::Target;
        let values = [
            text("dossiers.resolved", 593.0, 3),
            text("dossiers.resolved_on_time", 127.0, 4),
            aim,
        ];
        let none = Mentions {
            fraction_in_sentence: vec![false; 3],
            ..Default::default()
        };
        assert!(findings(&values, &none).is_empty());
    }

    #[test]
    fn fires_on_a_stated_fraction_that_is_wrong() {
        let f = findings(&[], &fraction(13.0, 18.0, 61.1));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected, Some(72.22));
        assert_eq!(f[0].evidence, vec!["p. 4: 13/18 = 61.1 %".to_string()]);
    }

    #[test]
    fn does_not_fire_on_a_stated_fraction_that_rounds_right() {
        assert!(findings(&[], &fraction(2299.0, 2301.0, 99.9)).is_empty());
    }

    #[test]
    fn fires_when_a_percentage_misses_its_counts() {
        let values = [
            text("dossiers.resolved", 593.0, 3),
            text("dossiers.resolved_on_time", 127.0, 4),
            pct(100.0, 4),
        ];
        let m = Mentions {
            fraction_in_sentence: vec![false; 3],
            ..Default::default()
        };
        let f = findings(&values, &m);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].values, vec![100.0, 127.0, 593.0]);
    }

    #[test]
    fn does_not_fire_when_the_counts_agree_or_the_sentence_has_its_fraction() {
        let values = [
            text("dossiers.resolved", 18.0, 3),
            text("dossiers.resolved_on_time", 13.0, 4),
            pct(72.2, 4),
        ];
        assert!(findings(&values, &Mentions::default()).is_empty());
        let values = [
            text("dossiers.resolved", 593.0, 3),
            text("dossiers.resolved_on_time", 127.0, 4),
            pct(100.0, 4),
        ];
        let own = Mentions {
            fraction_in_sentence: vec![false, false, true],
            ..Default::default()
        };
        assert!(findings(&values, &own).is_empty());
    }
}
