//! The audit's settings: rules (`patterns/rules.toml`: id, severity, tolerance, parameters,
//! messages, examples) and the identities the catalogue implies (`patterns/identities.toml`:
//! sums, bounds, ratios, equivalent ids), parsed and validated into a [`RuleBook`]. Nothing
//! about indicators, and no tolerance, is hard-coded in the evaluators (`crate::rules`).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use baocao_model::Severity;
pub use baocao_model::fmt_num;

use crate::rules::RuleId;

/// One audit rule's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. `conflict.same_indicator`.
    pub id: String,
    /// How much a finding of this rule matters.
    pub severity: Severity,
    /// Relative (conflict, sum) or absolute percentage-point (ratio) tolerance; what it
    /// means for each rule is [`RuleId::tolerance_means`].
    #[serde(default)]
    pub tolerance: f64,
    /// The rule's other numbers (reach in paragraphs, caps, …), exactly the names its
    /// evaluator declares ([`RuleId::params`]).
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    /// What the rule checks.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// Message template in Vietnamese (`{indicators}`, `{values}`, `{expected}`).
    pub message_vi: String,
    /// Message template in English.
    pub message_en: String,
    /// Template in Vietnamese for a finding with more than two figures of one quantity
    /// (`{values}`), when the rule groups them; else `message_vi`.
    #[serde(default)]
    pub message_many_vi: Option<String>,
    /// The same in English.
    #[serde(default)]
    pub message_many_en: Option<String>,
    /// Off switch.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Sentences on which the rule fires and does not (shown by `baocao explain`).
    #[serde(default)]
    pub examples: Examples,
}

impl Rule {
    /// A parameter's value (validated at load time: every declared name is present).
    pub fn param(&self, name: &str) -> f64 {
        self.params.get(name).copied().unwrap_or_default()
    }

    /// A parameter that counts something (paragraphs, pairs).
    pub fn count(&self, name: &str) -> usize {
        self.param(name) as usize
    }
}

/// Example sentences of one rule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Text on which the rule reports a finding.
    #[serde(default)]
    pub fires: Vec<String>,
    /// Text on which it stays silent.
    #[serde(default)]
    pub does_not_fire: Vec<String>,
}

fn yes() -> bool {
    true
}

/// `parts` add up to `total`; each `optional` part may or may not be counted in it (and counts
/// as 0 when absent).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SumIdentity {
    /// Id of the identity.
    pub id: String,
    /// Parts that must be present.
    pub parts: Vec<String>,
    /// Parts that count as 0 when absent.
    #[serde(default)]
    pub optional: Vec<String>,
    /// The total.
    pub total: String,
}

/// Qualified mentions of one indicator add up to its unqualified mention nearby.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// The indicator.
    pub indicator: String,
}

/// `part` never exceeds `whole`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The part.
    pub part: String,
    /// The whole.
    pub whole: String,
}

/// `pct` = 100 × `num` / `den`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    /// The stated percentage.
    pub pct: String,
    /// Numerator.
    pub num: String,
    /// Denominator.
    pub den: String,
}

/// Two ids that name the same quantity when `b` comes from `b_origin`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Same {
    /// First id.
    pub a: String,
    /// Second id.
    pub b: String,
    /// Origin of `b` for which the equivalence holds (`table` or `text`).
    pub b_origin: String,
    /// Why they are the same.
    pub why: String,
}

/// An indicator reported per area or criterion as well as for the whole (PAR-index score,
/// rank): without a qualifier it is the whole only when its own words say so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerComponent {
    /// The indicator.
    pub indicator: String,
    /// Why it is reported per component.
    pub why: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<Rule>,
}

/// The identities file.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Identities {
    /// Sums.
    #[serde(default)]
    pub sum: Vec<SumIdentity>,
    /// Breakdowns.
    #[serde(default)]
    pub breakdown: Vec<Breakdown>,
    /// Bounds.
    #[serde(default)]
    pub bound: Vec<Bound>,
    /// Ratios.
    #[serde(default)]
    pub ratio: Vec<Ratio>,
    /// Equivalent ids.
    #[serde(default)]
    pub same: Vec<Same>,
    /// Indicators reported per component too.
    #[serde(default)]
    pub per_component: Vec<PerComponent>,
    /// Counts that accumulate over a year (flows): a later year-to-date report of a locality
    /// cannot give less (`panel.cumulative_decrease`).
    #[serde(default)]
    pub cumulative: Vec<String>,
}

/// Rules and identities, validated.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    /// Rules by id.
    pub rules: HashMap<String, Rule>,
    /// Rule ids in file order.
    pub order: Vec<String>,
    /// Identities.
    pub identities: Identities,
}

impl RuleBook {
    /// Parses and validates both files.
    pub fn parse(
        rules: &str,
        identities: &str,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<RuleBook, String> {
        let rf: RulesFile = toml::from_str(rules).map_err(|e| format!("rules.toml: {e}"))?;
        let ids: Identities =
            toml::from_str(identities).map_err(|e| format!("identities.toml: {e}"))?;
        let mut book = RuleBook {
            identities: ids,
            ..Default::default()
        };
        for r in rf.rule {
            let declared = match (
                RuleId::from_id(&r.id),
                crate::panel::PanelRuleId::from_id(&r.id),
            ) {
                (Some(id), _) => id.params(),
                (None, Some(id)) => id.params(),
                (None, None) => return Err(format!("rules.toml: unknown rule id `{}`", r.id)),
            };
            if let Some(missing) = declared.iter().find(|p| !r.params.contains_key(**p)) {
                return Err(format!("rules.toml: {}: missing params.{missing}", r.id));
            }
            if let Some(extra) = r.params.keys().find(|p| !declared.contains(&p.as_str())) {
                return Err(format!("rules.toml: {}: unknown params.{extra}", r.id));
            }
            if let Some((p, v)) = r
                .params
                .iter()
                .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
            {
                return Err(format!(
                    "rules.toml: {}: params.{p} = {v} must be a number ≥ 0",
                    r.id
                ));
            }
            if r.why.trim().is_empty() || r.what.trim().is_empty() {
                return Err(format!(
                    "rules.toml: {}: `what` and `why` are required",
                    r.id
                ));
            }
            book.order.push(r.id.clone());
            book.rules.insert(r.id.clone(), r);
        }
        let i = &book.identities;
        let mut all: Vec<&String> = Vec::new();
        for s in &i.sum {
            all.extend(
                s.parts
                    .iter()
                    .chain(&s.optional)
                    .chain(std::iter::once(&s.total)),
            );
        }
        all.extend(i.breakdown.iter().map(|b| &b.indicator));
        for b in &i.bound {
            all.extend([&b.part, &b.whole]);
        }
        for r in &i.ratio {
            all.extend([&r.pct, &r.num, &r.den]);
        }
        for s in &i.same {
            all.extend([&s.a, &s.b]);
        }
        all.extend(i.per_component.iter().map(|p| &p.indicator));
        all.extend(&i.cumulative);
        if let Some(bad) = all.into_iter().find(|id| !known(id)) {
            return Err(format!("identities.toml: unknown indicator `{bad}`"));
        }
        Ok(book)
    }

    /// The enabled rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.get(id).filter(|r| r.enabled)
    }
}

/// Fills a message template.
pub fn render(
    template: &str,
    indicators: &[String],
    values: &[f64],
    expected: Option<f64>,
) -> String {
    let vals: Vec<String> = values.iter().map(|v| fmt_num(*v)).collect();
    template
        .replace("{indicators}", &indicators.join(", "))
        .replace("{values}", &vals.join(", "))
        .replace("{expected}", &expected.map(fmt_num).unwrap_or_default())
        .replace("{a}", vals.first().map(String::as_str).unwrap_or(""))
        .replace("{b}", vals.get(1).map(String::as_str).unwrap_or(""))
        .replace(
            "{indicator}",
            indicators.first().map(String::as_str).unwrap_or(""),
        )
}
