//! The rule registry: [`RuleId`], one variant per rule, each implemented in its own file
//! under `rules/` (its id, the parameter names it reads from rules.toml, what its tolerance
//! means, its evaluator and its unit tests).
//!
//! Adding a rule: write `rules/<rule>.rs` (`ID`, `PARAMS`, `TOLERANCE`, `check`, tests), add
//! its `[[rule]]` entry to `patterns/rules.toml`, and one line to the `registry!` below.
//! The registry's order is the order the rules run (and findings are listed) in.
//!
//! The settings types ([`RuleBook`], [`Rule`], …) live in [`crate::book`] and are re-exported
//! here.

pub use crate::book::{
    Bound, Breakdown, Examples, Identities, PerComponent, Ratio, Rule, RuleBook, Same, SumIdentity,
    fmt_num, render,
};
use crate::check::{Ctx, Input};

/// Declares the rule modules and [`RuleId`] from one line per rule:
/// `Variant => module` (with the variant's doc comment).
macro_rules! registry {
    ($( $(#[$doc:meta])* $variant:ident => $module:ident, )+) => {
        $( mod $module; )+

        /// Every audit rule; the stable id written in findings is [`RuleId::as_str`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $( $(#[$doc])* $variant, )+
        }

        impl RuleId {
            /// Every rule, in the order they run.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),+];

            /// The stable id (`conflict.same_indicator`), never reused.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $module::ID,)+
                }
            }

            /// The names the rule reads from its `params` table in rules.toml.
            pub fn params(self) -> &'static [&'static str] {
                match self {
                    $(RuleId::$variant => $module::PARAMS,)+
                }
            }

            /// What the rule's `tolerance` measures.
            pub fn tolerance_means(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $module::TOLERANCE,)+
                }
            }

            /// Runs the rule's evaluator with its settings.
            pub(crate) fn check(self, cx: &mut Ctx, rule: &Rule, input: &Input) {
                match self {
                    $(RuleId::$variant => $module::check(cx, rule, input),)+
                }
            }
        }
    };
}

registry! {
    /// One indicator, two different values.
    ConflictSameIndicator => conflict_same_indicator,
    /// Parts that do not add up to their total.
    SumPartsVsTotal => sum_parts_vs_total,
    /// A stated percentage against its fraction or counts.
    RatioStatedVsComputed => ratio_stated_vs_computed,
    /// A part larger than its whole.
    BoundPartExceedsTotal => bound_part_exceeds_total,
    /// A figure stated for a window outside the report's period.
    PeriodMismatch => period_mismatch,
    /// An appendix attached to another report.
    DateMismatch => date_mismatch,
}

pub use ratio_stated_vs_computed::ratio_holds;

impl RuleId {
    /// The rule with this stable id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::check::testing::book;

    #[test]
    fn every_rule_has_a_unique_id_an_entry_and_examples() {
        let book = book();
        for (i, r) in RuleId::ALL.iter().enumerate() {
            assert_eq!(RuleId::from_id(r.as_str()), Some(*r));
            assert!(RuleId::ALL[..i].iter().all(|o| o.as_str() != r.as_str()));
            let rule = book.get(r.as_str()).unwrap_or_else(|| panic!("{r} entry"));
            assert!(!rule.examples.fires.is_empty(), "{r}: examples.fires");
            assert!(
                !rule.examples.does_not_fire.is_empty(),
                "{r}: examples.does_not_fire"
            );
        }
        let ids: Vec<&str> = RuleId::ALL
            .iter()
            .map(|r| r.as_str())
            .chain(crate::panel::PanelRuleId::ALL.iter().map(|r| r.as_str()))
            .collect();
        assert_eq!(
            book.order, ids,
            "rules.toml lists the rules in registry order, the panel rules last"
        );
        for r in crate::panel::PanelRuleId::ALL {
            let rule = book
                .get(r.as_str())
                .unwrap_or_else(|| panic!("{r:?} entry"));
            assert!(!rule.examples.fires.is_empty() && !rule.examples.does_not_fire.is_empty());
        }
    }
}
