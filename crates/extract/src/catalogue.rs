//! The indicator catalogue (`patterns/catalogue.csv`): ids, units and meanings. Every figure
//! the pipeline writes carries an id from here and is converted to its unit.

use std::collections::HashMap;

use baocao_model::{MeasureUnit, named_enum};

named_enum! {
    /// What kind of quantity an indicator is (catalogue `kind`).
    IndicatorKind {
        /// A number of things.
        Count = "count",
        /// A share, in percent.
        Ratio = "ratio",
        /// An amount of money.
        Money = "money",
        /// A score in points.
        Score = "score",
        /// A rank among peers.
        Rank = "rank",
        /// A classification or type.
        Kind = "kind",
    }
}

/// One catalogue row.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Stable id, e.g. `dossiers.received`.
    pub id: String,
    /// Unit, e.g. `dossier`, `percent`, `million_vnd`.
    pub unit: MeasureUnit,
    /// Kind of quantity.
    pub kind: IndicatorKind,
    /// Vietnamese label.
    pub vi: String,
    /// English meaning.
    pub en: String,
}

/// The whole catalogue, by id.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    by_id: HashMap<String, Indicator>,
    order: Vec<String>,
}

impl Catalogue {
    /// Parses the CSV text (header `id,unit,kind,vi,en,notes`).
    pub fn parse(csv: &str) -> Result<Catalogue, String> {
        let mut cat = Catalogue::default();
        for (n, line) in csv.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let f = split_csv_line(line);
            let [id, unit, kind, vi, en, ..] = f.as_slice() else {
                return Err(format!("catalogue line {}: expected 6 fields", n + 1));
            };
            let bad = |e: baocao_model::UnknownName| format!("catalogue line {}: {e}", n + 1);
            let ind = Indicator {
                id: id.clone(),
                unit: unit.parse().map_err(bad)?,
                kind: kind.parse().map_err(bad)?,
                vi: vi.clone(),
                en: en.clone(),
            };
            if cat.by_id.insert(id.clone(), ind).is_some() {
                return Err(format!("catalogue line {}: duplicate id {id}", n + 1));
            }
            cat.order.push(id.clone());
        }
        Ok(cat)
    }

    /// Looks an indicator up.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.by_id.get(id)
    }

    /// Ids in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }

    /// Number of indicators.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// Splits one CSV line with `"`-quoted fields.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_fields() {
        let c = Catalogue::parse(
            "id,unit,kind,vi,en,notes\na.b,dossier,count,\"x, y\",e,\"n \"\"q\"\"\"\n",
        )
        .unwrap();
        assert_eq!(c.get("a.b").unwrap().vi, "x, y");
        assert_eq!(c.len(), 1);
    }
}
