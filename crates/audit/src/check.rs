//! What every rule's evaluator shares: the [`Input`] of one document, the [`Ctx`] findings
//! are emitted into (severity and messages from the rule's settings, duplicates dropped),
//! and the helpers that decide which figures may be compared (same period, near each other,
//! agreeing windows).

use std::collections::HashMap;

use baocao_extract::mentions::Mentions;
use baocao_model::{Finding, Metadata, Origin, Value};

use crate::book::{Rule, RuleBook, render};
use crate::scope::Scoped;

/// Most combinations tried per identity and anchor (a bound on the search, not a tolerance).
const MAX_COMBOS: usize = 256;

/// One document as the rules see it.
pub(crate) struct Input<'a> {
    /// Every figure with its effective window, and whether it may be compared
    /// ([`Scoped`]: the comparability rules).
    pub scope: Scoped,
    /// Stated fractions, attachment lines, … read by `baocao-extract`.
    pub mentions: &'a Mentions,
    /// The report's number, date and period.
    pub meta: &'a Metadata,
    /// Rules and identities.
    pub book: &'a RuleBook,
}

impl<'a> Input<'a> {
    /// The input of one document.
    pub fn new(
        values: &[Value],
        mentions: &'a Mentions,
        meta: &'a Metadata,
        book: &'a RuleBook,
    ) -> Input<'a> {
        Input {
            scope: Scoped::new(values, meta, &book.identities),
            mentions,
            meta,
            book,
        }
    }
}

/// The findings emitted so far.
#[derive(Default)]
pub(crate) struct Ctx {
    /// Findings in emission order.
    pub out: Vec<Finding>,
}

impl Ctx {
    /// Adds a finding of `rule` unless one of that rule with the same values exists; the
    /// messages are the rule's templates filled in.
    pub fn emit(
        &mut self,
        rule: &Rule,
        indicators: Vec<String>,
        values: Vec<f64>,
        expected: Option<f64>,
        ev: Vec<String>,
    ) {
        let mut key: Vec<i64> = values.iter().map(|v| (v * 1000.0).round() as i64).collect();
        key.sort_unstable();
        let dup = self.out.iter().any(|f| {
            let mut k: Vec<i64> = f
                .values
                .iter()
                .map(|v| (v * 1000.0).round() as i64)
                .collect();
            k.sort_unstable();
            f.rule == rule.id && k == key
        });
        if dup {
            return;
        }
        let mut evidence: Vec<String> = Vec::new();
        for e in ev {
            if !evidence.contains(&e) {
                evidence.push(e);
            }
        }
        self.out.push(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            message: render(&rule.message_en, &indicators, &values, expected),
            message_vi: render(&rule.message_vi, &indicators, &values, expected),
            indicators,
            values,
            expected,
            evidence,
            doc_ids: Vec::new(),
        });
    }

    /// [`Ctx::emit`], then says in the messages why the figures are one quantity
    /// ("both: …", from [`Scoped::describe`]).
    #[allow(clippy::too_many_arguments)]
    pub fn emit_same(
        &mut self,
        rule: &Rule,
        indicators: Vec<String>,
        values: Vec<f64>,
        expected: Option<f64>,
        ev: Vec<String>,
        scope: &Scoped,
        v: &Value,
    ) {
        let before = self.out.len();
        let many = values.len() > 2;
        self.emit(rule, indicators, values, expected, ev);
        if let Some(f) = self.out.get_mut(before) {
            if many && let (Some(en), Some(vi)) = (&rule.message_many_en, &rule.message_many_vi) {
                f.message = render(en, &f.indicators, &f.values, f.expected);
                f.message_vi = render(vi, &f.indicators, &f.values, f.expected);
            }
            let all = if many { "all" } else { "both" };
            f.message = format!("{} ({all}: {})", f.message, scope.describe(v));
            f.message_vi = format!("{} (cùng là: {})", f.message_vi, scope.describe_vi(v));
        }
    }
}

/// A snippet as evidence: `p. 8: …` when the page is known.
pub(crate) fn with_page(page: Option<u32>, snippet: &str) -> String {
    match page {
        Some(p) => format!("p. {p}: {snippet}"),
        None => snippet.to_string(),
    }
}

/// A figure's snippet as evidence.
pub(crate) fn evidence(v: &Value) -> String {
    with_page(v.page, &v.snippet)
}

/// True when `a` and `b` differ by at most `rel` of the larger.
pub(crate) fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-9
}

/// Figures grouped by indicator id.
pub(crate) fn by_indicator<'a>(vals: &[&'a Value]) -> HashMap<&'a str, Vec<&'a Value>> {
    let mut m: HashMap<&str, Vec<&Value>> = HashMap::new();
    for v in vals {
        m.entry(v.indicator.as_str()).or_default().push(v);
    }
    m
}

/// True when two figures may belong to one identity: both in the appendix tables, or both
/// in the text of one section, `reach` paragraphs apart at most.
pub(crate) fn near(a: &Value, b: &Value, reach: usize) -> bool {
    match (a.origin, b.origin) {
        (Origin::Table, Origin::Table) => true,
        (Origin::Text, Origin::Text) => {
            a.section == b.section && a.source_unit.abs_diff(b.source_unit) <= reach
        }
        _ => false,
    }
}

/// Windows agree when either mention has none or both state the same one.
fn windows_agree(vs: &[&Value]) -> bool {
    let stated: Vec<_> = vs
        .iter()
        .filter(|v| v.period_start.is_some() || v.period_end.is_some())
        .collect();
    stated
        .windows(2)
        .all(|w| w[0].period_start == w[1].period_start && w[0].period_end == w[1].period_end)
}

/// All choices of one value per slot (bounded), candidates sorted nearest first.
pub(crate) fn combos<'a>(slots: &[Vec<&'a Value>]) -> Vec<Vec<&'a Value>> {
    let mut out: Vec<Vec<&Value>> = vec![Vec::new()];
    for slot in slots {
        let mut next = Vec::new();
        for partial in &out {
            for v in slot {
                if next.len() >= MAX_COMBOS {
                    break;
                }
                let mut c = partial.clone();
                c.push(*v);
                next.push(c);
            }
        }
        out = next;
    }
    out
}

/// The tuples whose windows agree with each other and with `anchor`'s.
pub(crate) fn agreeing<'a>(tuples: Vec<Vec<&'a Value>>, anchor: &Value) -> Vec<Vec<&'a Value>> {
    tuples
        .into_iter()
        .filter(|c| {
            let mut all: Vec<&Value> = c.clone();
            all.push(anchor);
            windows_agree(&all)
        })
        .collect()
}

/// `v` sorted by distance (in units) from `anchor`, then by position.
pub(crate) fn nearest_first<'a>(mut v: Vec<&'a Value>, anchor: &Value) -> Vec<&'a Value> {
    v.sort_by_key(|x| (x.source_unit.abs_diff(anchor.source_unit), x.source_unit));
    v
}

/// Builders for the rules' unit tests: the repository's own rules.toml and identities.toml,
/// figures in a line, one rule run alone.
#[cfg(test)]
pub(crate) mod testing {
    use baocao_extract::mentions::Mentions;
    use baocao_model::{Date, Finding, MeasureUnit, Metadata, Origin, Value};

    use super::{Ctx, Input};
    use crate::book::RuleBook;
    use crate::rules::RuleId;

    /// The repository's rules and identities (every indicator taken as known).
    pub fn book() -> RuleBook {
        RuleBook::parse(
            include_str!("../../../patterns/rules.toml"),
            include_str!("../../../patterns/identities.toml"),
            &|_| true,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// A figure of the running text in paragraph `unit`.
    pub fn text(indicator: &str, value: f64, unit: usize) -> Value {
        Value {
            indicator: indicator.to_string(),
            value,
            unit: MeasureUnit::Dossier,
            qualifier: None,
            origin: Origin::Text,
            page: Some(1),
            section: Some("I".into()),
            snippet: format!("{indicator} {value}"),
            pattern_id: "test".into(),
            confidence: 1.0,
            period_start: None,
            period_end: None,
            kind: baocao_model::ValueKind::Result,
            source_unit: unit,
            source_table: None,
            source_pos: 0,
            period_source: baocao_model::PeriodSource::Report,
        }
    }

    /// A figure of an appendix table row `unit`.
    pub fn table(indicator: &str, value: f64, unit: usize) -> Value {
        Value {
            origin: Origin::Table,
            source_table: Some(0),
            ..text(indicator, value, unit)
        }
    }

    /// A date.
    pub fn date(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// A report numbered 37/BC-UBND, signed 2024-03-15, covering 2024-01-01 – 2024-03-15.
    pub fn report() -> Metadata {
        Metadata {
            doc_number: Some("37/BC-UBND".into()),
            doc_date: Some(date(2024, 3, 15)),
            period_start: Some(date(2024, 1, 1)),
            period_end: Some(date(2024, 3, 15)),
            ..Default::default()
        }
    }

    /// The findings of one rule alone.
    pub fn run(id: RuleId, values: &[Value], mentions: &Mentions, meta: &Metadata) -> Vec<Finding> {
        let book = book();
        let rule = book
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{} in rules.toml", id.as_str()));
        let mut cx = Ctx::default();
        id.check(&mut cx, rule, &Input::new(values, mentions, meta, &book));
        cx.out
    }
}
