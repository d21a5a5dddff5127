//! `period.mismatch`: a figure that states its own window ("từ ngày … đến ngày …"), when that
//! window lies outside the report's period.

use crate::book::Rule;
use crate::check::{Ctx, Input, evidence};

/// The stable id.
pub const ID: &str = "period.mismatch";
/// No parameters.
pub const PARAMS: &[&str] = &[];
/// What `tolerance` measures.
pub const TOLERANCE: &str = "not used: a window one day outside the period is reported";

/// The evaluator.
pub(crate) fn check(cx: &mut Ctx, rule: &Rule, input: &Input) {
    let (Some(ps), Some(pe)) = (input.meta.period_start, input.meta.period_end) else {
        return;
    };
    for v in input.values {
        let (Some(s), Some(e)) = (v.period_start, v.period_end) else {
            continue;
        };
        if s < ps || e > pe {
            cx.emit(
                rule,
                vec![v.indicator.clone()],
                vec![v.value],
                None,
                vec![evidence(v)],
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
    fn does_not_fire_inside_the_period_or_without_one() {
        assert!(findings(&[windowed((2024, 1, 1), (2024, 3, 15))], &report()).is_empty());
        assert!(findings(&[text("dossiers.received", 1451.0, 3)], &report()).is_empty());
        let no_period = Metadata::default();
        assert!(findings(&[windowed((2023, 1, 1), (2023, 12, 31))], &no_period).is_empty());
    }
}
