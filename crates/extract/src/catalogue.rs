//! The indicator catalogue (`patterns/catalogue.csv`): ids, units and meanings. Every figure
//! the pipeline writes carries an id from here and is converted to its unit.

use std::collections::HashMap;

use baocao_model::{MeasureUnit, named_enum};
use serde::Deserialize;

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

/// The columns of a catalogue line that the pipeline reads.
#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    unit: String,
    kind: String,
    vi: String,
    en: String,
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
    /// Parses the CSV text (header `id,unit,kind,vi,en,notes`; columns are found by header
    /// name, and `notes` and any other column are documentation only).
    pub fn parse(csv_text: &str) -> Result<Catalogue, String> {
        let mut cat = Catalogue::default();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(csv_text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| format!("catalogue: {e}"))?
            .clone();
        for record in reader.records() {
            let record = record.map_err(|e| format!("catalogue: {e}"))?;
            let line = record.position().map_or(0, csv::Position::line);
            let row: Row = record
                .deserialize(Some(&headers))
                .map_err(|e| format!("catalogue line {line}: {e}"))?;
            let bad = |e: baocao_model::UnknownName| format!("catalogue line {line}: {e}");
            let ind = Indicator {
                id: row.id.clone(),
                unit: row.unit.parse().map_err(bad)?,
                kind: row.kind.parse().map_err(bad)?,
                vi: row.vi,
                en: row.en,
            };
            if cat.by_id.insert(row.id.clone(), ind).is_some() {
                return Err(format!("catalogue line {line}: duplicate id {}", row.id));
            }
            cat.order.push(row.id);
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
