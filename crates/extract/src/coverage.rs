//! Which text patterns and row rules produce which catalogue indicator, and how many embedded
//! examples pin each indicator down: the one place `baocao patterns check` (its per-indicator
//! requirement) and `baocao patterns coverage` read it from.
//!
//! An example is **positive** for an indicator when its `expect` lists that indicator (a
//! text-pattern example or a row example of `tables.toml`), and **negative** for it when it
//! belongs to a pattern or row rule that can produce the indicator but its `expect` does not
//! list it (`expect = []`, or an expectation of another of the pattern's indicators). Every
//! indicator needs at least [`MIN_POSITIVE`] positive and [`MIN_NEGATIVE`] negative examples.

use std::collections::{BTreeMap, BTreeSet};

use crate::library::Library;

/// Positive examples an indicator needs.
pub const MIN_POSITIVE: usize = 2;
/// Negative examples an indicator needs.
pub const MIN_NEGATIVE: usize = 1;

/// One catalogue indicator: the rules that produce it and its example counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorCoverage {
    /// Catalogue id.
    pub indicator: String,
    /// Ids of the text patterns that can produce it (a group or a constant), in load order.
    pub text_patterns: Vec<String>,
    /// Ids of the row rules whose indicator it is, in file order.
    pub row_rules: Vec<String>,
    /// Ids of the column rules (matrix and scorecard tables) that give it, in file order.
    pub column_rules: Vec<String>,
    /// Examples whose `expect` lists it.
    pub positive: usize,
    /// Examples of its patterns and rules whose `expect` does not list it.
    pub negative: usize,
}

impl IndicatorCoverage {
    /// True when no text pattern and no row rule can produce the indicator.
    pub fn has_no_rule(&self) -> bool {
        self.text_patterns.is_empty() && self.row_rules.is_empty() && self.column_rules.is_empty()
    }

    /// True when the indicator has the examples it needs.
    pub fn examples_ok(&self) -> bool {
        self.positive >= MIN_POSITIVE && self.negative >= MIN_NEGATIVE
    }

    /// The check's failure line when the indicator lacks examples.
    pub fn requirement_failure(&self) -> Option<String> {
        (!self.examples_ok()).then(|| {
            format!(
                "indicator {}: {} positive, {} negative examples (needs at least \
                 {MIN_POSITIVE} positive and {MIN_NEGATIVE} negative){}",
                self.indicator,
                self.positive,
                self.negative,
                if self.has_no_rule() {
                    "; no text pattern, row or column rule produces it"
                } else {
                    ""
                }
            )
        })
    }
}

/// The indicator of an `indicator=value` expectation.
fn expected_indicator(expectation: &str) -> &str {
    expectation
        .split_once('=')
        .map_or(expectation, |(i, _)| i)
        .trim()
}

/// The coverage of every catalogue indicator, in catalogue order.
pub fn coverage(lib: &Library) -> Vec<IndicatorCoverage> {
    let mut by_id: BTreeMap<&str, IndicatorCoverage> = lib
        .catalogue
        .ids()
        .map(|id| {
            (
                id,
                IndicatorCoverage {
                    indicator: id.to_string(),
                    ..Default::default()
                },
            )
        })
        .collect();
    // (produced indicators, expectations of each example) of every rule.
    let mut rules: Vec<(BTreeSet<&str>, Vec<&[String]>)> = Vec::new();
    for p in &lib.text.patterns {
        let produced: BTreeSet<&str> = p
            .outputs
            .iter()
            .flat_map(|(_, ids)| ids.iter().map(String::as_str))
            .chain(p.def.indicator.as_deref())
            .collect();
        for id in &produced {
            if let Some(c) = by_id.get_mut(id) {
                c.text_patterns.push(p.def.id.clone());
            }
        }
        rules.push((
            produced,
            p.def.example.iter().map(|e| e.expect.as_slice()).collect(),
        ));
    }
    for r in &lib.tables.rules {
        if let Some(c) = by_id.get_mut(r.indicator.as_str()) {
            c.row_rules.push(r.def.id.clone());
        }
        rules.push((
            BTreeSet::from([r.indicator.as_str()]),
            r.def.example.iter().map(|e| e.expect.as_slice()).collect(),
        ));
    }
    for r in &lib.tables.columns {
        let produced = BTreeSet::from([r.indicator.as_str()]);
        let total = r.total_indicator();
        for id in [r.indicator.as_str(), total.as_str()] {
            if let Some(c) = by_id.get_mut(id)
                && !c.column_rules.contains(&r.def.id)
            {
                c.column_rules.push(r.def.id.clone());
            }
        }
        rules.push((
            produced,
            r.def.example.iter().map(|e| e.expect.as_slice()).collect(),
        ));
    }
    for (produced, examples) in &rules {
        for expect in examples {
            let listed: BTreeSet<&str> = expect.iter().map(|e| expected_indicator(e)).collect();
            for id in &listed {
                if let Some(c) = by_id.get_mut(id) {
                    c.positive += 1;
                }
            }
            for id in produced.difference(&listed) {
                if let Some(c) = by_id.get_mut(id) {
                    c.negative += 1;
                }
            }
        }
    }
    lib.catalogue
        .ids()
        .filter_map(|id| by_id.remove(id))
        .collect()
}

/// How often an indicator fired in an output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fired {
    /// Figures (values rows).
    pub mentions: usize,
    /// Distinct documents with at least one.
    pub documents: usize,
}

/// Counts figures and documents per indicator from `(document id, indicator)` pairs (one per
/// values row).
pub fn count_fired<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, Fired> {
    let mut docs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut out: BTreeMap<String, Fired> = BTreeMap::new();
    for (doc, indicator) in rows {
        out.entry(indicator.to_string()).or_default().mentions += 1;
        docs.entry(indicator).or_default().insert(doc);
    }
    for (indicator, set) in docs {
        if let Some(f) = out.get_mut(indicator) {
            f.documents = set.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{
        CATALOGUE_FILE, FRAGMENTS_FILE, IDENTITIES_FILE, LibraryFiles, RULES_FILE, TABLES_FILE,
    };

    fn lib() -> Library {
        let text = r#"
[[pattern]]
id = "t.pair"
why = "w"
regex = '(?P<a>\d+) ho so, (?P<b>\d+) thu tuc'
groups = { a = "a.x", b = "a.y" }
[[pattern.example]]
text = "5 hồ sơ, 6 thủ tục"
expect = ["a.x=5", "a.y=6"]
[[pattern.example]]
text = "7 hồ sơ, 8 thủ tục"
expect = ["a.x=7", "a.y=8"]
[[pattern.example]]
text = "nothing"
expect = []
"#;
        let rows = r#"
[[row]]
id = "row.y"
why = "w"
indicator = "a.y"
label = 'thu tuc'
[[row.example]]
cells = ["1", "Số thủ tục", "12"]
expect = ["a.y=12"]
"#;
        let files = LibraryFiles::from_pairs([
            (
                CATALOGUE_FILE,
                "id,unit,kind,vi,en,notes\na.x,dossier,count,x,x,\na.y,procedure,count,y,y,\n\
                 a.z,dossier,count,z,z,\n",
            ),
            (FRAGMENTS_FILE, ""),
            ("text/t.toml", text),
            (TABLES_FILE, rows),
            (RULES_FILE, ""),
            (IDENTITIES_FILE, ""),
        ]);
        Library::compile(&files).unwrap()
    }

    #[test]
    fn counts_positive_and_negative_examples_per_indicator() {
        let c = coverage(&lib());
        let ids: Vec<&str> = c.iter().map(|c| c.indicator.as_str()).collect();
        assert_eq!(ids, ["a.x", "a.y", "a.z"], "catalogue order");
        assert_eq!((c[0].positive, c[0].negative), (2, 1));
        assert_eq!(c[0].text_patterns, ["t.pair"]);
        assert!(c[0].examples_ok());
        // The row example is a third positive one.
        assert_eq!((c[1].positive, c[1].negative), (3, 1));
        assert_eq!(c[1].row_rules, ["row.y"]);
        assert!(c[2].has_no_rule() && !c[2].examples_ok());
        let fail = c[2].requirement_failure().unwrap();
        assert!(
            fail.contains("a.z") && fail.contains("0 positive"),
            "{fail}"
        );
    }

    #[test]
    fn fired_counts_mentions_and_documents() {
        let f = count_fired([("d1", "a.x"), ("d1", "a.x"), ("d2", "a.x"), ("d2", "a.y")]);
        assert_eq!(
            f["a.x"],
            Fired {
                mentions: 3,
                documents: 2
            }
        );
        assert_eq!(f["a.y"].documents, 1);
    }
}
