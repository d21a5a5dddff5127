//! The text pattern library: TOML files under `patterns/text/`, each `[[pattern]]` a regex
//! over the folded text with named groups mapped to indicators, and embedded examples that
//! `baocao patterns check` (and `cargo test`) run.
//!
//! Placeholders in `regex`: `{n}` a number (`\d+(?:[.,]\d+)*`), `{w}` one word, `{gap}` zero
//! to six words (lazy).

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use super::numbers::{MoneyUnit, parse_number, to_million_vnd};
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

/// A pattern as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternDef {
    /// Stable id.
    pub id: String,
    /// `preview`, `stable`, `deprecated`.
    #[serde(default)]
    pub status: Option<String>,
    /// Why the pattern exists.
    pub why: String,
    /// Regex over folded text, with placeholders.
    pub regex: String,
    /// Named group → indicator id(s).
    #[serde(default)]
    pub groups: BTreeMap<String, OneOrMany>,
    /// For constant patterns: the indicator.
    #[serde(default)]
    pub indicator: Option<String>,
    /// For constant patterns: the value (e.g. 0 for "không có …").
    #[serde(default)]
    pub value: Option<f64>,
    /// A regex that discards a match when it matches the matched folded text.
    #[serde(default)]
    pub not: Option<String>,
    /// A fixed qualifier.
    #[serde(default)]
    pub qualifier: Option<String>,
    /// A group whose source text becomes the qualifier.
    #[serde(default)]
    pub qualifier_group: Option<String>,
    /// Group name → qualifier for the match's other figures when that group took part: in
    /// "09/09 cán bộ có trình độ đại học", `{ cb = "cán bộ" }` marks the graduates as cadres.
    #[serde(default)]
    pub qualifiers: BTreeMap<String, String>,
    /// The money unit the text uses (for `million_vnd` indicators).
    #[serde(default)]
    pub money_unit: Option<MoneyUnit>,
    /// 0–1; default 0.8.
    #[serde(default)]
    pub confidence: Option<f32>,
    /// Former ids of this pattern.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Embedded examples.
    #[serde(default)]
    pub example: Vec<Example>,
}

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

/// Expands the placeholders of a pattern regex.
pub fn expand(regex: &str) -> String {
    regex
        .replace("{n}", r"\d+(?:[.,]\d+)*")
        .replace("{w}", r"[^\s]+")
        .replace("{gap}", r"(?:[^\s]+ ){0,6}?")
}

impl Pattern {
    /// Compiles and validates a definition against the catalogue.
    pub fn compile(def: PatternDef, known: &dyn Fn(&str) -> bool) -> Result<Pattern, String> {
        let id = def.id.clone();
        let re = Regex::new(&expand(&def.regex)).map_err(|e| format!("{id}: bad regex: {e}"))?;
        let not = match &def.not {
            Some(n) => Some(Regex::new(&expand(n)).map_err(|e| format!("{id}: bad `not`: {e}"))?),
            None => None,
        };
        let mut outputs = Vec::new();
        for (group, ids) in &def.groups {
            if !re.capture_names().flatten().any(|n| n == group) {
                return Err(format!("{id}: group `{group}` is not in the regex"));
            }
            outputs.push((group.clone(), ids.ids()));
        }
        match (&def.indicator, def.value, outputs.is_empty()) {
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
        for ind in all_ids {
            if !known(ind) {
                return Err(format!("{id}: unknown indicator `{ind}`"));
            }
        }
        if let Some(q) = &def.qualifier_group
            && !re.capture_names().flatten().any(|n| n == q)
        {
            return Err(format!("{id}: qualifier_group `{q}` is not in the regex"));
        }
        if def.why.trim().is_empty() {
            return Err(format!("{id}: `why` is empty"));
        }
        Ok(Pattern {
            def,
            re,
            not,
            outputs,
        })
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
                if let (Some(ind), Some(v)) = (&p.def.indicator, p.def.value) {
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
        Pattern::compile(f.pattern.into_iter().next().unwrap(), &|_| true).unwrap()
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
