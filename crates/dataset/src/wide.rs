//! wide.parquet: one row per report (its primary file; `status` says whether it was read),
//! its locality and period, and one
//! `double` column per catalogue indicator holding the report's unqualified result for its
//! own period (null when the report does not give it), for BI tools that want a flat table.
//! Column names are the catalogue ids (`dossiers.received`): quote them in SQL.

use std::collections::HashMap;

use polars::prelude::{ArrowDataType, ArrowField, ArrowSchema};
use polars_arrow::array::{Array, PrimitiveArray, Utf8Array};

use baocao_model::panel::{Fact, ReportRole, own_window};
use baocao_model::record::DocRecord;
use baocao_model::{Date, ValueKind};

/// The columns before the indicators.
const HEAD: &[&str] = &[
    "report_id",
    "doc_id",
    "path",
    "status",
    "locality",
    "locality_level",
    "district",
    "province",
    "doc_type",
    "doc_number",
    "period_label",
];

/// wide.parquet's content: its schema (which depends on the catalogue) and its columns.
pub struct WideTable {
    /// One field per column.
    pub schema: ArrowSchema,
    /// Rows: one per report.
    pub len: usize,
    /// The columns, in schema order.
    pub arrays: Vec<Box<dyn Array>>,
}

/// wide.parquet from the documents rows (report roles set) and the facts.
pub fn table(
    docs: &[DocRecord],
    facts: &[Fact],
    indicators: &[String],
) -> Result<WideTable, String> {
    if let Some(clash) = indicators.iter().find(|i| {
        HEAD.contains(&i.as_str())
            || ["doc_date", "period_start", "period_end"].contains(&i.as_str())
    }) {
        return Err(format!(
            "wide.parquet: indicator id `{clash}` is also a column name"
        ));
    }
    let reports: Vec<&DocRecord> = docs
        .iter()
        .filter(|d| d.report_role == ReportRole::Primary)
        .collect();
    // The report's own unqualified results, by (doc, indicator).
    let mut own: HashMap<(&str, &str), f64> = HashMap::new();
    let by_id: HashMap<&str, &DocRecord> = docs.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    for f in facts {
        let Some(d) = by_id.get(f.doc_id.as_str()) else {
            continue;
        };
        if f.kind == ValueKind::Result && f.qualifier.is_none() && own_window(f, d) {
            own.entry((f.doc_id.as_str(), f.indicator.as_str()))
                .or_insert(f.value);
        }
    }
    let text = |get: &dyn Fn(&DocRecord) -> Option<&str>| -> Box<dyn Array> {
        Box::new(Utf8Array::<i64>::from_iter(reports.iter().map(|d| get(d))))
    };
    let date = |get: &dyn Fn(&DocRecord) -> Option<Date>| -> Box<dyn Array> {
        let days: Vec<Option<i32>> = reports
            .iter()
            .map(|d| get(d).map(|d| d.days_since_epoch()))
            .collect();
        Box::new(PrimitiveArray::<i32>::from(days).to(ArrowDataType::Date32))
    };
    let mut arrays: Vec<Box<dyn Array>> = vec![
        text(&|d| Some(d.report_id.as_str())),
        text(&|d| Some(d.doc_id.as_str())),
        text(&|d| Some(d.path.as_str())),
        text(&|d| Some(d.status.as_str())),
        text(&|d| d.meta.locality.as_deref()),
        text(&|d| d.meta.locality_level.as_deref()),
        text(&|d| d.meta.district.as_deref()),
        text(&|d| d.meta.province.as_deref()),
        text(&|d| d.meta.doc_type.as_deref()),
        text(&|d| d.meta.doc_number.as_deref()),
        text(&|d| d.meta.period_label.as_deref()),
        date(&|d| d.meta.doc_date),
        date(&|d| d.meta.period_start),
        date(&|d| d.meta.period_end),
    ];
    let mut fields: Vec<ArrowField> = HEAD
        .iter()
        .map(|n| ArrowField::new((*n).into(), ArrowDataType::LargeUtf8, true))
        .collect();
    for n in ["doc_date", "period_start", "period_end"] {
        fields.push(ArrowField::new(n.into(), ArrowDataType::Date32, true));
    }
    for ind in indicators {
        fields.push(ArrowField::new(
            ind.as_str().into(),
            ArrowDataType::Float64,
            true,
        ));
        let col: Vec<Option<f64>> = reports
            .iter()
            .map(|d| own.get(&(d.doc_id.as_str(), ind.as_str())).copied())
            .collect();
        arrays.push(Box::new(PrimitiveArray::<f64>::from(col)));
    }
    Ok(WideTable {
        schema: fields.into_iter().collect(),
        len: reports.len(),
        arrays,
    })
}
