//! The text pattern library: TOML files under `patterns/text/`, each `[[pattern]]` a regex
//! over the folded text with named groups mapped to indicators, and embedded examples that
//! `baocao patterns check` (and `cargo test`) run.
//!
//! A pattern is a [`RuleDef`] (the fields it shares with row rules) with [`TextFields`].
//! `{NAME}` in `regex` and `not` uses a fragment of the library's vocabulary
//! (`patterns/fragments.toml`, see [`crate::fragments`]): `{n}` a number, `{HS}` "hồ sơ", …

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use crate::fragments::Fragments;
use crate::numbers::{MoneyUnit, parse_number, to_million_vnd};
use crate::rule::{CommonParts, RuleDef};
use baocao_text::Folded;

/// One or several indicator ids.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single id.
    One(String),
    /// Several ids fed by the same group.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The ids as a list.
    pub fn ids(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// An embedded example: a text and what the pattern must yield on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Source text (real spelling; the engine normalizes and folds it).
    pub text: String,
    /// `indicator=value` strings; empty for a negative example.
    pub expect: Vec<String>,
    /// Optional note.
    #[serde(default)]
    pub why: Option<String>,
}

/// The fields a text pattern adds to the common [`RuleDef`].
#[derive(Debug, Clone, Deserialize)]
pub struct TextFields {
    /// Regex over folded text; `{NAME}` uses a fragment of `fragments.toml`.
    pub regex: String,
    /// Named group → indicator id(s).
    #[serde(default)]
    pub groups: BTreeMap<String, OneOrMany>,
    /// For constant patterns: the value of `indicator` (e.g. 0 for "không có …").
    #[serde(default)]
    pub value: Option<f64>,
    /// Group name → qualifier for the match's other figures when that group took part: in
    /// "09/09 cán bộ có trình độ đại học", `{ cb = "cán bộ" }` marks the graduates as cadres.
    #[serde(default)]
    pub qualifiers: BTreeMap<String, String>,
}

/// A text pattern as written in TOML.
pub type PatternDef = RuleDef<TextFields, Example>;

/// Confidence of a text figure when the pattern gives none.
pub const DEFAULT_CONFIDENCE: f32 = 0.8;

/// A file of patterns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// The patterns.
    #[serde(default)]
    pub pattern: Vec<PatternDef>,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The definition.
    pub def: PatternDef,
    /// Compiled regex.
    pub re: Regex,
    /// Compiled `not`.
    pub not: Option<Regex>,
    /// (group name, indicator ids) in a stable order.
    pub outputs: Vec<(String, Vec<String>)>,
}

impl Pattern {
    /// Compiles and validates a definition against the catalogue, expanding its fragments.
    pub fn compile(
        def: PatternDef,
        known: &dyn Fn(&str) -> bool,
        vocab: &Fragments,
    ) -> Result<Pattern, String> {
        let id = def.id.clone();
        let re = def.compile_regex("regex", &def.kind.regex, vocab)?;
        let mut outputs = Vec::new();
        for (group, ids) in &def.kind.groups {
            if !re.capture_names().flatten().any(|n| n == group) {
                return Err(format!("{id}: group `{group}` is not in the regex"));
            }
            outputs.push((group.clone(), ids.ids()));
        }
        match (&def.indicator, def.kind.value, outputs.is_empty()) {
            (Some(_), Some(_), true) => {}
            (None, None, false) => {}
            _ => {
                return Err(format!(
                    "{id}: give either `groups` or `indicator` with a constant `value`"
                ));
            }
        }
        let all_ids = outputs
            .iter()
            .flat_map(|(_, ids)| ids.iter())
            .chain(def.indicator.iter());
        let CommonParts { not } = def.compile_common(&re, "regex", all_ids, known, vocab)?;
        Ok(Pattern {
            def,
            re,
            not,
            outputs,
        })
    }

    /// The confidence written with the pattern's figures.
    pub fn confidence(&self) -> f32 {
        self.def.confidence_or(DEFAULT_CONFIDENCE)
    }
}

/// A raw hit of one pattern on one folded text: byte ranges in the folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the pattern in the library.
    pub pattern: usize,
    /// Indicator id.
    pub indicator: String,
    /// Value as written (before unit conversion for money).
    pub value: f64,
    /// Byte range of the whole match.
    pub span: (usize, usize),
    /// Byte range of the value (the match start for constants).
    pub value_span: (usize, usize),
    /// Qualifier, from the definition or its group.
    pub qualifier: Option<String>,
}

/// The compiled text patterns.
///
/// There is no `RegexSet` prefilter: over the 77 patterns of the library a set cannot use its
/// lazy DFA (the `{w}`/`{gap}` Unicode classes blow its cache) and falls back to the PikeVM,
/// 167 ms per 15-page report, while each regex alone (with its own literal prefilter and lazy
/// DFA) rejects a paragraph in a few microseconds: 8.8 ms for all of them over the same report.
#[derive(Debug, Clone)]
pub struct TextPatterns {
    /// Patterns in load order (file name, then position in file).
    pub patterns: Vec<Pattern>,
}

impl TextPatterns {
    /// Wraps the compiled patterns (each was compiled once, by [`Pattern::compile`]).
    pub fn new(patterns: Vec<Pattern>) -> Result<TextPatterns, String> {
        Ok(TextPatterns { patterns })
    }

    /// Runs every pattern over one folded text; duplicates (same indicator from the same number
    /// position) keep the first pattern's hit.
    pub fn run(&self, folded: &Folded, source: &str, is_money: &dyn Fn(&str) -> bool) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        let text = folded.text.as_str();
        for (idx, p) in self.patterns.iter().enumerate() {
            for caps in p.re.captures_iter(text) {
                let Some(m) = caps.get(0) else { continue };
                if p.not.as_ref().is_some_and(|n| n.is_match(m.as_str())) {
                    continue;
                }
                let qualifier = match &p.def.qualifier_group {
                    Some(g) => caps.name(g).map(|q| {
                        let (s, e) = folded.source_range(q.start(), q.end(), source);
                        source[s..e].trim().to_string()
                    }),
                    None => p.def.qualifier.clone(),
                };
                // A category group ("N/M cán bộ") qualifies the match's *other* figures.
                let category = p
                    .def
                    .kind
                    .qualifiers
                    .iter()
                    .find(|(g, _)| caps.name(g).is_some());
                let category_ids: Vec<String> = category
                    .and_then(|(g, _)| p.outputs.iter().find(|(name, _)| name == g))
                    .map(|(_, ids)| ids.clone())
                    .unwrap_or_default();
                let mut push = |indicator: &str, value: f64, value_span: (usize, usize)| {
                    let qualifier = match category {
                        Some((_, q)) if !category_ids.iter().any(|c| c == indicator) => {
                            qualifier.clone().or_else(|| Some(q.clone()))
                        }
                        _ => qualifier.clone(),
                    };
                    let dup = hits
                        .iter()
                        .any(|h| h.indicator == indicator && h.value_span == value_span);
                    if !dup {
                        hits.push(Hit {
                            pattern: idx,
                            indicator: indicator.to_string(),
                            value,
                            span: (m.start(), m.end()),
                            value_span,
                            qualifier,
                        });
                    }
                };
                if let (Some(ind), Some(v)) = (&p.def.indicator, p.def.kind.value) {
                    push(ind, v, (m.start(), m.start()));
                    continue;
                }
                for (group, ids) in &p.outputs {
                    let Some(g) = caps.name(group) else { continue };
                    let Some(v) = parse_number(g.as_str()) else {
                        continue;
                    };
                    for ind in ids {
                        let value = if is_money(ind) {
                            let unit = p
                                .def
                                .money_unit
                                .or_else(|| super::numbers::money_unit_after(&text[g.end()..]));
                            to_million_vnd(v, unit.unwrap_or(MoneyUnit::Trieu))
                        } else {
                            v
                        };
                        push(ind, value, (g.start(), g.end()));
                    }
                }
            }
        }
        hits.sort_by_key(|h| (h.value_span.0, h.pattern));
        hits
    }
}

/// Checks one example against one pattern: the multiset of `indicator=value` must equal `expect`.
pub fn check_example(
    pattern: &Pattern,
    ex: &Example,
    is_money: &dyn Fn(&str) -> bool,
) -> Result<(), String> {
    let single = TextPatterns::new(vec![pattern.clone()])?;
    let norm = baocao_text::normalize(&ex.text);
    let folded = baocao_text::fold_with_map(&norm);
    let hits = single.run(&folded, &norm, is_money);
    let got: Vec<(String, f64)> = hits.into_iter().map(|h| (h.indicator, h.value)).collect();
    compare_expectations(&got, &ex.expect)
        .map_err(|e| format!("{}: example {:?}: {e}", pattern.def.id, ex.text))
}

/// Compares found `(indicator, value)` pairs with `indicator=value` expectations (order-free).
pub fn compare_expectations(got: &[(String, f64)], expect: &[String]) -> Result<(), String> {
    let mut want: Vec<(String, f64)> = Vec::new();
    for e in expect {
        let (ind, val) = e
            .split_once('=')
            .ok_or_else(|| format!("expectation `{e}` is not `indicator=value`"))?;
        let v: f64 = val
            .trim()
            .parse()
            .map_err(|_| format!("expectation `{e}`: bad number"))?;
        want.push((ind.trim().to_string(), v));
    }
    let mut left = got.to_vec();
    for (ind, v) in &want {
        let pos = left
            .iter()
            .position(|(i, x)| i == ind && (x - v).abs() <= 1e-6 * v.abs().max(1.0));
        match pos {
            Some(p) => {
                left.remove(p);
            }
            None => return Err(format!("expected {ind}={v}, got {}", show(got))),
        }
    }
    if !left.is_empty() {
        return Err(format!("unexpected {}", show(&left)));
    }
    Ok(())
}

fn show(v: &[(String, f64)]) -> String {
    let items: Vec<String> = v.iter().map(|(i, x)| format!("{i}={x}")).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(toml_text: &str) -> Pattern {
        let f: PatternFile = toml::from_str(toml_text).unwrap();
        let vocab = Fragments::parse(include_str!("../../../patterns/fragments.toml")).unwrap();
        Pattern::compile(f.pattern.into_iter().next().unwrap(), &|_| true, &vocab).unwrap()
    }

    #[test]
    fn one_group_feeds_two_indicators_and_damage_matches() {
        let p = pat(r#"
            [[pattern]]
            id = "t"
            why = "w"
            regex = 'tiep nhan va giai quyet:? (?P<v>{n}) ho so'
            groups = { v = ["dossiers.received", "dossiers.resolved"] }
        "#);
        let tp = TextPatterns::new(vec![p]).unwrap();
        let src = "Số hồ sơ tiếp nhận và giải quyết: 1.451 hồ sơ";
        let hits = tp.run(&baocao_text::fold_with_map(src), src, &|_| false);
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.value == 1451.0));
        let damaged = "Sô ho so tiêp nhân va giai quyêt: 1451 hồ so";
        let hits = tp.run(&baocao_text::fold_with_map(damaged), damaged, &|_| false);
        assert_eq!(hits.len(), 2);
    }

    #[test]
    fn money_is_converted_and_constants_work() {
        let p = pat(r#"
            [[pattern]]
            id = "m"
            why = "w"
            regex = 'giai ngan (?P<v>{n}) dong'
            groups = { v = "investment.disbursed" }
        "#);
        let tp = TextPatterns::new(vec![p]).unwrap();
        let src = "giải ngân 8.066.841.050 đồng";
        let hits = tp.run(&baocao_text::fold_with_map(src), src, &|_| true);
        assert!((hits[0].value - 8066.84105).abs() < 1e-9);
        let c = pat(r#"
            [[pattern]]
            id = "z"
            why = "w"
            regex = 'khong co ho so (?:tra )?qua han'
            indicator = "dossiers.overdue"
            value = 0
        "#);
        let ex = Example {
            text: "không có hồ sơ trả quá hạn".into(),
            expect: vec!["dossiers.overdue=0".into()],
            why: None,
        };
        check_example(&c, &ex, &|_| false).unwrap();
    }
}
