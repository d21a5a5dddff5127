//! Appendix rows → indicators. The statistical forms are nationally standard, so a row is
//! recognised by its label (folded, tolerant of damage and wrapping); the STT number is only
//! shown in the snippet. Rules live in `patterns/tables.toml`; each is a [`RuleDef`] (the
//! fields it shares with text patterns) with [`RowFields`].

use regex::Regex;
use serde::Deserialize;

use crate::fragments::Fragments;
use crate::numbers::{MoneyUnit, parse_number, to_million_vnd};
use crate::patterns::compare_expectations;
use crate::rule::{CommonParts, RuleDef};
use baocao_text::{fold, normalize};

/// An embedded row example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowExample {
    /// The row's cells as a reader yields them.
    pub cells: Vec<String>,
    /// `indicator=value` strings; empty for a negative example.
    pub expect: Vec<String>,
    /// Optional note.
    #[serde(default)]
    pub why: Option<String>,
}

/// The fields a row rule adds to the common [`RuleDef`] (whose `indicator` it requires).
#[derive(Debug, Clone, Deserialize)]
pub struct RowFields {
    /// Regex searched in the folded label; `{NAME}` uses a fragment of `fragments.toml`.
    pub label: String,
    /// STT hint (e.g. `3.3.1`), informative only.
    #[serde(default)]
    pub stt: Option<String>,
}

/// A row rule as written in TOML.
pub type RowDef = RuleDef<RowFields, RowExample>;

/// Confidence of a table figure when the rule gives none.
pub const DEFAULT_CONFIDENCE: f32 = 0.9;

/// The file of row rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowFile {
    /// Row rules, most specific first.
    #[serde(default)]
    pub row: Vec<RowDef>,
    /// Column rules of matrix and scorecard tables ([`crate::matrix`]), most specific first.
    #[serde(default)]
    pub column: Vec<ColumnDef>,
}

/// The fields a column rule adds to the common [`RuleDef`] (whose `indicator` it requires:
/// the indicator of a row that names a field of work or an area).
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnFields {
    /// Regex searched in the folded column header, `parent | child` for a merged header
    /// ("so ho so nhan giai quyet | tong so").
    pub header: String,
    /// The indicator of the total row and of a row naming a unit, when it differs
    /// (a component's maximum in an area's row, the index's maximum in the total row).
    #[serde(default)]
    pub total: Option<String>,
    /// Added to the qualifier ("Cải cách thể chế (tự đánh giá)"); the total row's qualifier.
    #[serde(default)]
    pub qualifier_suffix: Option<String>,
}

/// An embedded column example: a header as written and what the column gives.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnExample {
    /// The column's header, `parent | child` for a merged header.
    pub header: String,
    /// The indicator its cells give (one), or empty when this rule must not claim it.
    pub expect: Vec<String>,
    /// Optional note.
    #[serde(default)]
    pub why: Option<String>,
}

/// A column rule as written in TOML.
pub type ColumnDef = RuleDef<ColumnFields, ColumnExample>;

/// A compiled column rule.
#[derive(Debug, Clone)]
pub struct ColumnRule {
    /// Definition.
    pub def: ColumnDef,
    /// The indicator of a field's or area's row.
    pub indicator: String,
    header: Regex,
    not: Option<Regex>,
}

impl ColumnRule {
    /// Compiles a column rule, expanding its fragments.
    pub fn compile(
        def: ColumnDef,
        known: &dyn Fn(&str) -> bool,
        vocab: &Fragments,
    ) -> Result<ColumnRule, String> {
        let Some(indicator) = def.indicator.clone() else {
            return Err(format!("{}: a column rule needs an `indicator`", def.id));
        };
        let header = def.compile_regex("header", &def.kind.header, vocab)?;
        let total = def.kind.total.clone().unwrap_or_else(|| indicator.clone());
        let CommonParts { not } =
            def.compile_common(&header, "header", [&indicator, &total], known, vocab)?;
        Ok(ColumnRule {
            def,
            indicator,
            header,
            not,
        })
    }

    /// The indicator of the total row and of a row naming a unit.
    pub fn total_indicator(&self) -> String {
        self.def
            .kind
            .total
            .clone()
            .unwrap_or_else(|| self.indicator.clone())
    }

    /// The confidence written with the rule's figures.
    pub fn confidence(&self) -> f32 {
        self.def.confidence_or(DEFAULT_CONFIDENCE)
    }

    fn claims(&self, folded_header: &str) -> bool {
        self.header.is_match(folded_header)
            && !self.not.as_ref().is_some_and(|n| n.is_match(folded_header))
    }
}

/// A compiled row rule.
#[derive(Debug, Clone)]
pub struct RowRule {
    /// Definition.
    pub def: RowDef,
    /// The target indicator (the definition's, which a row rule must give).
    pub indicator: String,
    label: Regex,
    not: Option<Regex>,
}

impl RowRule {
    /// Compiles a row rule, expanding its fragments.
    pub fn compile(
        def: RowDef,
        known: &dyn Fn(&str) -> bool,
        vocab: &Fragments,
    ) -> Result<RowRule, String> {
        let Some(indicator) = def.indicator.clone() else {
            return Err(format!("{}: a row rule needs an `indicator`", def.id));
        };
        let label = def.compile_regex("label", &def.kind.label, vocab)?;
        let CommonParts { not } =
            def.compile_common(&label, "label", [&indicator], known, vocab)?;
        Ok(RowRule {
            def,
            indicator,
            label,
            not,
        })
    }

    /// The confidence written with the rule's figures.
    pub fn confidence(&self) -> f32 {
        self.def.confidence_or(DEFAULT_CONFIDENCE)
    }
}

/// A table row reduced to label and value.
#[derive(Debug, Clone, PartialEq)]
pub struct RowReading {
    /// The STT cell, if any.
    pub stt: Option<String>,
    /// The label text (normalized).
    pub label: String,
    /// The unit cell text, if any.
    pub unit: Option<String>,
    /// The value as written in its cell.
    pub value_text: Option<String>,
    /// Parsed value.
    pub value: Option<f64>,
}

static NUM: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)*").unwrap_or_else(|_| unreachable!()));

pub use baocao_text::outline::is_stt;

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// Reads a row: STT, label (first cell with ≥ 3 letters that is not an STT), unit, value
/// (first cell after the label holding a number; in a coded cell like `Không = 0` the last one).
pub fn read_row(cells: &[String]) -> Option<RowReading> {
    let label_at = cells.iter().position(|c| letters(c) >= 3 && !is_stt(c))?;
    let stt = cells[..label_at]
        .iter()
        .rev()
        .find(|c| !c.trim().is_empty())
        .cloned();
    let mut unit = None;
    let mut value_text = None;
    let mut value = None;
    for c in cells.iter().skip(label_at + 1) {
        let t = c.trim();
        if t.is_empty() {
            continue;
        }
        let first_after_label = unit.is_none() && value.is_none();
        // A code legend in the unit position ("Có = 1; Không = 0") is not a value.
        if first_after_label && t.contains('=') {
            unit = Some(t.to_string());
            continue;
        }
        let nums: Vec<&str> = NUM.find_iter(t).map(|m| m.as_str()).collect();
        if let Some(last) = nums.last() {
            value = parse_number(last);
            if value.is_some() {
                value_text = Some(t.to_string());
                break;
            }
        } else if is_none_word(t) {
            // "Không", "Không có" in the value cell: none, i.e. 0.
            value = Some(0.0);
            value_text = Some(t.to_string());
            break;
        } else if unit.is_none() {
            unit = Some(t.to_string());
        }
    }
    Some(RowReading {
        stt,
        label: cells[label_at].trim().to_string(),
        unit,
        value_text,
        value,
    })
}

/// "Không", "Không có …": a value cell that says none.
fn is_none_word(cell: &str) -> bool {
    let f = fold(cell);
    f == "khong" || f.starts_with("khong co")
}

/// The compiled row and column rules.
#[derive(Debug, Clone, Default)]
pub struct TableRules {
    /// Rules in file order (first match wins).
    pub rules: Vec<RowRule>,
    /// Column rules in file order (first match wins).
    pub columns: Vec<ColumnRule>,
}

/// A row matched to an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct RowHit {
    /// Index of the rule.
    pub rule: usize,
    /// Indicator id.
    pub indicator: String,
    /// Value in the catalogue unit.
    pub value: f64,
    /// Qualifier from the rule, or from its label group.
    pub qualifier: Option<String>,
}

impl TableRules {
    /// The column rule that claims a header (as written), first in file order.
    pub fn claim_column(&self, header: &str) -> Option<usize> {
        let folded = fold(header);
        if folded.is_empty() {
            return None;
        }
        self.columns.iter().position(|r| r.claims(&folded))
    }

    /// Matches one row; `None` when no rule applies or there is no value.
    pub fn match_row(
        &self,
        reading: &RowReading,
        is_money: &dyn Fn(&str) -> bool,
    ) -> Option<RowHit> {
        let value = reading.value?;
        let folded = baocao_text::fold_with_map(&reading.label);
        let label = &folded.text;
        let (i, rule) = self.rules.iter().enumerate().find(|(_, r)| {
            r.label.is_match(label) && !r.not.as_ref().is_some_and(|n| n.is_match(label))
        })?;
        let qualifier = match &rule.def.qualifier_group {
            Some(g) => rule.label.captures(label).and_then(|c| c.name(g)).map(|m| {
                let (s, e) = folded.source_range(m.start(), m.end(), &reading.label);
                reading.label[s..e].trim().to_string()
            }),
            None => None,
        }
        .filter(|q| !q.is_empty())
        .or_else(|| rule.def.qualifier.clone());
        let value = if is_money(&rule.indicator) {
            let unit_text = fold(reading.unit.as_deref().unwrap_or(""));
            let unit = super::numbers::money_unit_after(&unit_text)
                .or(rule.def.money_unit)
                .unwrap_or(MoneyUnit::Trieu);
            to_million_vnd(value, unit)
        } else {
            value
        };
        Some(RowHit {
            rule: i,
            indicator: rule.indicator.clone(),
            value,
            qualifier,
        })
    }
}

/// Checks one row example. Rows compete (first match wins), so a positive example must
/// yield exactly its expectation from the whole list, and a negative one must not be claimed
/// by this rule (another rule may rightly take it).
pub fn check_row_example(
    rules: &TableRules,
    rule: &RowRule,
    ex: &RowExample,
    is_money: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let cells: Vec<String> = ex.cells.iter().map(|c| normalize(c)).collect();
    let hit = read_row(&cells).and_then(|r| rules.match_row(&r, is_money));
    let fail = |e: String| format!("{}: example {:?}: {e}", rule.def.id, ex.cells);
    if ex.expect.is_empty() {
        return match hit {
            Some(h)
                if rules
                    .rules
                    .get(h.rule)
                    .is_some_and(|r| r.def.id == rule.def.id) =>
            {
                Err(fail(format!(
                    "must yield nothing from this rule, got {}={}",
                    h.indicator, h.value
                )))
            }
            _ => Ok(()),
        };
    }
    let got: Vec<(String, f64)> = hit.map(|h| (h.indicator, h.value)).into_iter().collect();
    compare_expectations(&got, &ex.expect).map_err(fail)
}

/// Checks one column example: the first rule that claims the header must be this one and
/// give the expected indicator; a negative example must not be claimed by this rule.
pub fn check_column_example(
    rules: &TableRules,
    rule: &ColumnRule,
    ex: &ColumnExample,
) -> Result<(), String> {
    let fail = |e: String| format!("{}: example {:?}: {e}", rule.def.id, ex.header);
    let claimed = rules
        .claim_column(&normalize(&ex.header))
        .and_then(|i| rules.columns.get(i));
    match (ex.expect.as_slice(), claimed) {
        ([], Some(c)) if c.def.id == rule.def.id => Err(fail(format!(
            "must not be claimed by this rule (gives {})",
            c.indicator
        ))),
        ([], _) => Ok(()),
        ([want], Some(c)) if c.def.id == rule.def.id && &c.indicator == want => Ok(()),
        (want, Some(c)) => Err(fail(format!(
            "expected {want:?}, claimed by {} ({})",
            c.def.id, c.indicator
        ))),
        (want, None) => Err(fail(format!("expected {want:?}, no rule claims it"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_label_unit_and_value() {
        let r = read_row(&cells(&[
            "3.3.1.",
            "Tổng số hồ sơ TTHC đã giải quyết xong",
            "Hồ sơ",
            "1601",
            "",
        ]))
        .unwrap();
        assert_eq!(r.stt.as_deref(), Some("3.3.1."));
        assert_eq!(r.unit.as_deref(), Some("Hồ sơ"));
        assert_eq!(r.value, Some(1601.0));
        let coded = read_row(&cells(&["6.", "Tổ chức đối thoại", "Không = 0", "0"])).unwrap();
        assert_eq!(coded.value, Some(0.0));
        let legend_only = read_row(&cells(&["6.", "Tổ chức đối thoại", "Có = 1", ""])).unwrap();
        assert_eq!(legend_only.value, None, "a legend alone is not a value");
        let none = read_row(&cells(&["3.4.1.", "Tổng số PAKN", "PAKN", "Không có PAKN"])).unwrap();
        assert_eq!(
            none.value,
            Some(0.0),
            "'Không có' in the value cell means 0"
        );
        let pct = read_row(&cells(&["2.", "Tỷ lệ hoàn thành", "%", "26,6"])).unwrap();
        assert_eq!(pct.value, Some(26.6));
    }

    #[test]
    fn stt_cells_are_recognised() {
        assert!(is_stt("3.3.1."));
        assert!(is_stt("II"));
        assert!(is_stt("ỉ."));
        assert!(!is_stt("Tổng số"));
    }
}
