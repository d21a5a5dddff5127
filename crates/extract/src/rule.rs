//! The part of a rule definition that text patterns (`patterns/text/*.toml`) and row rules
//! (`patterns/tables.toml`) share: id, why, target indicator, `not`, qualifiers, money unit,
//! confidence and embedded examples. Each kind adds its own fields through `K` (a text
//! pattern's `regex` and `groups`, a row rule's `label`), and its own example shape through
//! `E`.

use regex::Regex;
use serde::Deserialize;

use crate::fragments::Fragments;
use crate::numbers::MoneyUnit;

/// A rule as written in TOML: the common fields, the kind's own fields `K` (flattened into
/// the same table) and examples of type `E`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(deserialize = "K: Deserialize<'de>, E: Deserialize<'de>")
)]
pub struct RuleDef<K, E> {
    /// Stable id (never reused), written as `values.pattern_id`.
    pub id: String,
    /// Why the rule exists.
    pub why: String,
    /// The target indicator. Required for a row rule; for a text pattern, the indicator of a
    /// constant `value` (text patterns otherwise map groups to indicators).
    #[serde(default)]
    pub indicator: Option<String>,
    /// A regex over the folded text (fragments allowed) that discards a match: for a text
    /// pattern, searched in the matched text; for a row rule, in the label.
    #[serde(default)]
    pub not: Option<String>,
    /// A fixed qualifier.
    #[serde(default)]
    pub qualifier: Option<String>,
    /// A named group (of `regex` or `label`) whose source text becomes the qualifier, e.g.
    /// "cùng cấp".
    #[serde(default)]
    pub qualifier_group: Option<String>,
    /// The money unit the source uses, for `million_vnd` indicators: for a text pattern it
    /// wins over a unit written after the number; for a row rule it applies when the row's
    /// unit cell names none.
    #[serde(default)]
    pub money_unit: Option<MoneyUnit>,
    /// 0–1, written as `values.confidence`; the kind's default when absent.
    #[serde(default)]
    pub confidence: Option<f32>,
    /// The kind's own fields.
    #[serde(flatten)]
    pub kind: K,
    /// Embedded examples, run by `baocao patterns check`.
    #[serde(default)]
    pub example: Vec<E>,
}

/// What compiling the common part yields.
#[derive(Debug, Clone)]
pub struct CommonParts {
    /// The compiled `not`.
    pub not: Option<Regex>,
}

impl<K, E> RuleDef<K, E> {
    /// The confidence, or `default` when the definition gives none.
    pub fn confidence_or(&self, default: f32) -> f32 {
        self.confidence.unwrap_or(default)
    }

    /// Expands the fragments of one of the rule's regexes (`field` names it in errors) and
    /// compiles it.
    pub fn compile_regex(
        &self,
        field: &str,
        regex: &str,
        vocab: &Fragments,
    ) -> Result<Regex, String> {
        let id = &self.id;
        let expanded = vocab
            .expand(regex)
            .map_err(|e| format!("{id}: `{field}`: {e}"))?;
        Regex::new(&expanded).map_err(|e| format!("{id}: bad `{field}`: {e}"))
    }

    /// Checks and compiles the common part against the kind's main regex (`main`, called
    /// `main_field` in errors): `why` not empty, every indicator in `indicators` known,
    /// `qualifier_group` a group of `main`, and `not` compiled.
    pub fn compile_common<'a>(
        &self,
        main: &Regex,
        main_field: &str,
        indicators: impl IntoIterator<Item = &'a String>,
        known: &dyn Fn(&str) -> bool,
        vocab: &Fragments,
    ) -> Result<CommonParts, String> {
        let id = &self.id;
        for ind in indicators {
            if !known(ind) {
                return Err(format!("{id}: unknown indicator `{ind}`"));
            }
        }
        if let Some(q) = &self.qualifier_group
            && !main.capture_names().flatten().any(|n| n == q)
        {
            return Err(format!(
                "{id}: qualifier_group `{q}` is not in the {main_field}"
            ));
        }
        if self.why.trim().is_empty() {
            return Err(format!("{id}: `why` is empty"));
        }
        let not = match &self.not {
            Some(n) => Some(self.compile_regex("not", n, vocab)?),
            None => None,
        };
        Ok(CommonParts { not })
    }
}
