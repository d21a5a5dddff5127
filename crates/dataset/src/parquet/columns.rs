//! The three tables' columns, each declared once: its name, its type, how to get its cell from
//! a row (the writer) and how to set a row's field from a cell (the reader). The order of a
//! table is its column order in the file; `docs/output.md` is the contract.

use std::borrow::Cow;

use polars::prelude::{ArrowDataType, ArrowField, ArrowSchema, DataType};

use baocao_model::panel::Fact;
use baocao_model::record::DocRecord;
use baocao_model::{Date, Finding, MeasureUnit, Origin, Severity, Value};

/// The type of a column: what the file stores (Arrow, see [`Kind::arrow`]) and what polars
/// reads back (see [`Kind::polars`]). Every column is nullable in the file's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text: Arrow `large_string`. Not `string_view` (polars' default, which pandas
    /// cannot read inside lists), and not `string` either: polars' Parquet writer only writes
    /// text from 64-bit-offset or view arrays.
    Str,
    /// `int32`.
    I32,
    /// `int64`.
    I64,
    /// `float` (32 bits).
    F32,
    /// `double`.
    F64,
    /// `date32`: days since 1970-01-01.
    Date,
    /// `bool`.
    Bool,
    /// `list<large_string>`.
    StrList,
    /// `list<double>`.
    F64List,
}

/// The name of a list's item field in the Arrow schema (Arrow's default).
const ITEM: &str = "item";

impl Kind {
    /// The Arrow type written to the file.
    pub fn arrow(self) -> ArrowDataType {
        let list = |inner| ArrowDataType::List(Box::new(ArrowField::new(ITEM.into(), inner, true)));
        match self {
            Kind::Str => ArrowDataType::LargeUtf8,
            Kind::I32 => ArrowDataType::Int32,
            Kind::I64 => ArrowDataType::Int64,
            Kind::F32 => ArrowDataType::Float32,
            Kind::F64 => ArrowDataType::Float64,
            Kind::Date => ArrowDataType::Date32,
            Kind::Bool => ArrowDataType::Boolean,
            Kind::StrList => list(ArrowDataType::LargeUtf8),
            Kind::F64List => list(ArrowDataType::Float64),
        }
    }

    /// The polars type the column has once read back.
    pub fn polars(self) -> DataType {
        match self {
            Kind::Str => DataType::String,
            Kind::I32 => DataType::Int32,
            Kind::I64 => DataType::Int64,
            Kind::F32 => DataType::Float32,
            Kind::F64 => DataType::Float64,
            Kind::Date => DataType::Date,
            Kind::Bool => DataType::Boolean,
            Kind::StrList => DataType::List(Box::new(DataType::String)),
            Kind::F64List => DataType::List(Box::new(DataType::Float64)),
        }
    }
}

/// One cell, of the variant its column's [`Kind`] names. Borrowed from the row when writing,
/// from the frame (or owned) when reading.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// [`Kind::Str`].
    Str(Option<Cow<'a, str>>),
    /// [`Kind::I32`].
    I32(Option<i32>),
    /// [`Kind::I64`].
    I64(Option<i64>),
    /// [`Kind::F32`].
    F32(Option<f32>),
    /// [`Kind::F64`].
    F64(Option<f64>),
    /// [`Kind::Date`].
    Date(Option<Date>),
    /// [`Kind::Bool`].
    Bool(Option<bool>),
    /// [`Kind::StrList`] (a null list reads as empty).
    StrList(Cow<'a, [String]>),
    /// [`Kind::F64List`] (a null list reads as empty).
    F64List(Cow<'a, [f64]>),
}

fn mismatch<T>(want: &str, got: &Cell) -> Result<T, String> {
    Err(format!("expected {want}, found {got:?}"))
}

impl Cell<'_> {
    fn str_of(s: &str) -> Cell<'_> {
        Cell::Str(Some(Cow::Borrowed(s)))
    }

    fn opt_str_of(s: &Option<String>) -> Cell<'_> {
        Cell::Str(s.as_deref().map(Cow::Borrowed))
    }

    /// A nullable string.
    pub fn opt_string(self) -> Result<Option<String>, String> {
        match self {
            Cell::Str(s) => Ok(s.map(Cow::into_owned)),
            c => mismatch("a string", &c),
        }
    }

    /// A string that must not be null.
    pub fn string(self) -> Result<String, String> {
        self.opt_string()?.ok_or_else(|| "null".to_string())
    }

    /// A name of one of the model's enums (`FromStr`), not null.
    pub fn parse<T: std::str::FromStr<Err = baocao_model::UnknownName>>(self) -> Result<T, String> {
        self.string()?
            .parse()
            .map_err(|e: baocao_model::UnknownName| e.to_string())
    }

    /// A nullable int32.
    pub fn opt_i32(self) -> Result<Option<i32>, String> {
        match self {
            Cell::I32(v) => Ok(v),
            c => mismatch("an int32", &c),
        }
    }

    /// A nullable int64.
    pub fn opt_i64(self) -> Result<Option<i64>, String> {
        match self {
            Cell::I64(v) => Ok(v),
            c => mismatch("an int64", &c),
        }
    }

    /// A nullable float.
    pub fn opt_f32(self) -> Result<Option<f32>, String> {
        match self {
            Cell::F32(v) => Ok(v),
            c => mismatch("a float", &c),
        }
    }

    /// A nullable double.
    pub fn opt_f64(self) -> Result<Option<f64>, String> {
        match self {
            Cell::F64(v) => Ok(v),
            c => mismatch("a double", &c),
        }
    }

    /// A nullable date.
    pub fn opt_date(self) -> Result<Option<Date>, String> {
        match self {
            Cell::Date(v) => Ok(v),
            c => mismatch("a date", &c),
        }
    }

    /// A list of strings.
    pub fn strings(self) -> Result<Vec<String>, String> {
        match self {
            Cell::StrList(v) => Ok(v.into_owned()),
            c => mismatch("a list of strings", &c),
        }
    }

    /// A list of doubles.
    pub fn doubles(self) -> Result<Vec<f64>, String> {
        match self {
            Cell::F64List(v) => Ok(v.into_owned()),
            c => mismatch("a list of doubles", &c),
        }
    }
}

/// Something required that was null.
fn need<T>(v: Option<T>) -> Result<T, String> {
    v.ok_or_else(|| "null".to_string())
}

/// Page numbers and counts are `u32` in the model, `int32` in the file.
fn page_cell(p: Option<u32>) -> Cell<'static> {
    Cell::I32(p.map(|p| p as i32))
}

/// `text` or `table` (anything else reads as `text`, as before).
fn origin_of(c: Cell) -> Result<Origin, String> {
    Ok(match c.string()?.as_str() {
        "table" => Origin::Table,
        _ => Origin::Text,
    })
}

fn page_of(c: Cell) -> Result<Option<u32>, String> {
    c.opt_i32()?
        .map(|p| u32::try_from(p).map_err(|e| format!("{p}: {e}")))
        .transpose()
}

/// One column of a table of rows `R`.
pub struct Column<R> {
    /// The column's name in the file.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// The row's cell (of the variant `kind` names).
    pub get: for<'a> fn(&'a R) -> Cell<'a>,
    /// Sets the row's field from a cell read back; errors on a null where the model has none
    /// or a name no enum variant has.
    pub set: fn(&mut R, Cell<'_>) -> Result<(), String>,
}

/// The Arrow schema of a table: its columns in order, all nullable.
pub fn arrow_schema<R>(columns: &[Column<R>]) -> ArrowSchema {
    columns
        .iter()
        .map(|c| ArrowField::new(c.name.into(), c.kind.arrow(), true))
        .collect()
}

/// A row of a per-document table (values, findings): the item and the id of its document,
/// borrowed when writing, owned when reading back.
#[derive(Debug, Clone)]
pub struct Child<'a, T: Clone> {
    /// The document's `doc_id`.
    pub doc_id: Cow<'a, str>,
    /// The item's position among its document's items (0-based).
    pub index: usize,
    /// The figure or finding.
    pub item: Cow<'a, T>,
}

/// A figure's stable id in values.parquet: its document and its position there
/// (`0123456789abcdef:17`). facts.parquet lists the ids of the mentions a fact comes from.
pub fn value_id(doc_id: &str, index: usize) -> String {
    format!("{doc_id}:{index}")
}

fn index_of(c: Cell) -> Result<usize, String> {
    let id = c.string()?;
    id.rsplit_once(':')
        .and_then(|(_, n)| n.parse().ok())
        .ok_or_else(|| format!("not a value id: {id}"))
}

/// Every document a finding involves: its own list (cross-report findings), else its
/// document.
fn doc_ids_cell<'a>(r: &'a FindingRow<'_>) -> Cell<'a> {
    if r.item.doc_ids.is_empty() {
        Cell::StrList(Cow::Owned(vec![r.doc_id.to_string()]))
    } else {
        Cell::StrList(Cow::Borrowed(&r.item.doc_ids))
    }
}

/// A table of columns of rows `$row`, one line each:
/// `"name", Kind, |row| cell, |row, cell| row.field = …;` (the setter's `?` reports a bad
/// cell). Braces keep rustfmt off the table.
macro_rules! columns {
    ($row:ty; $($name:literal, $kind:ident, |$r:ident| $get:expr, |$w:ident, $c:ident| $set:expr;)+) => {
        vec![$(
            Column::<$row> {
                name: $name,
                kind: Kind::$kind,
                get: |$r: &$row| $get,
                set: |$w: &mut $row, $c: Cell<'_>| {
                    $set;
                    Ok(())
                },
            },
        )+]
    };
}

/// documents.parquet: one row per input file, failed files included.
pub fn documents() -> Vec<Column<DocRecord>> {
    columns! { DocRecord;
        "doc_id", Str, |r| Cell::str_of(&r.doc_id), |w, c| w.doc_id = c.string()?;
        "path", Str, |r| Cell::str_of(&r.path), |w, c| w.path = c.string()?;
        "format", Str, |r| Cell::str_of(r.format.as_str()), |w, c| w.format = c.parse()?;
        "status", Str, |r| Cell::str_of(r.status.as_str()), |w, c| w.status = c.parse()?;
        "error", Str, |r| Cell::opt_str_of(&r.error), |w, c| w.error = c.opt_string()?;
        "error_code", Str, |r| Cell::opt_str_of(&r.error_code), |w, c| w.error_code = c.opt_string()?;
        "pages", I32, |r| page_cell(r.pages), |w, c| w.pages = page_of(c)?;
        "chars", I64, |r| Cell::I64(Some(r.chars)), |w, c| w.chars = c.opt_i64()?.unwrap_or(0);
        "text_encoding", Str, |r| Cell::str_of(r.text_encoding.as_str()), |w, c| w.text_encoding = c.parse()?;
        "ocr_damage", F64, |r| Cell::F64(r.ocr_damage), |w, c| w.ocr_damage = c.opt_f64()?;
        "repaired_words", I64, |r| Cell::I64(Some(r.repaired_words)), |w, c| w.repaired_words = c.opt_i64()?.unwrap_or(0);
        "text_quality", F64, |r| Cell::F64(r.text_quality), |w, c| w.text_quality = c.opt_f64()?;
        "ocr_pages", I32, |r| Cell::I32(Some(r.ocr_pages)), |w, c| w.ocr_pages = c.opt_i32()?.unwrap_or(0);
        "ocr_engine", Str, |r| Cell::opt_str_of(&r.ocr_engine), |w, c| w.ocr_engine = c.opt_string()?;
        "ocr_mean_conf", F64, |r| Cell::F64(r.ocr_mean_conf), |w, c| w.ocr_mean_conf = c.opt_f64()?;
        "doc_type", Str, |r| Cell::opt_str_of(&r.meta.doc_type), |w, c| w.meta.doc_type = c.opt_string()?;
        "doc_number", Str, |r| Cell::opt_str_of(&r.meta.doc_number), |w, c| w.meta.doc_number = c.opt_string()?;
        "doc_date", Date, |r| Cell::Date(r.meta.doc_date), |w, c| w.meta.doc_date = c.opt_date()?;
        "issuer", Str, |r| Cell::opt_str_of(&r.meta.issuer), |w, c| w.meta.issuer = c.opt_string()?;
        "locality", Str, |r| Cell::opt_str_of(&r.meta.locality), |w, c| w.meta.locality = c.opt_string()?;
        "locality_level", Str, |r| Cell::opt_str_of(&r.meta.locality_level), |w, c| w.meta.locality_level = c.opt_string()?;
        "district", Str, |r| Cell::opt_str_of(&r.meta.district), |w, c| w.meta.district = c.opt_string()?;
        "province", Str, |r| Cell::opt_str_of(&r.meta.province), |w, c| w.meta.province = c.opt_string()?;
        "period_label", Str, |r| Cell::opt_str_of(&r.meta.period_label), |w, c| w.meta.period_label = c.opt_string()?;
        "period_start", Date, |r| Cell::Date(r.meta.period_start), |w, c| w.meta.period_start = c.opt_date()?;
        "period_end", Date, |r| Cell::Date(r.meta.period_end), |w, c| w.meta.period_end = c.opt_date()?;
        "signer", Str, |r| Cell::opt_str_of(&r.meta.signer), |w, c| w.meta.signer = c.opt_string()?;
        "sha256", Str, |r| Cell::str_of(&r.sha256), |w, c| w.sha256 = c.string()?;
        "library_version", Str, |r| Cell::str_of(&r.library_version), |w, c| w.library_version = c.string()?;
        "n_values", I64, |r| Cell::I64(Some(r.n_values)), |w, c| w.n_values = c.opt_i64()?.unwrap_or(0);
        "n_findings", I64, |r| Cell::I64(Some(r.n_findings)), |w, c| w.n_findings = c.opt_i64()?.unwrap_or(0);
        "elapsed_ms", I64, |r| Cell::I64(Some(r.elapsed_ms)), |w, c| w.elapsed_ms = c.opt_i64()?.unwrap_or(0);
        "report_id", Str, |r| Cell::str_of(&r.report_id), |w, c| w.report_id = c.opt_string()?.unwrap_or_default();
        "report_role", Str, |r| Cell::str_of(r.report_role.as_str()), |w, c| w.report_role = c.parse()?;
        "primary_doc_id", Str, |r| Cell::str_of(&r.primary_doc_id), |w, c| w.primary_doc_id = c.opt_string()?.unwrap_or_default();
        "text_hash", Str, |r| Cell::str_of(&r.text_hash), |w, c| w.text_hash = c.opt_string()?.unwrap_or_default();
    }
}

/// A values row.
pub type ValueRow<'a> = Child<'a, Value>;

/// values.parquet: one row per figure found. (A function, not a static: the rows borrow.)
pub fn values<'a>() -> Vec<Column<ValueRow<'a>>> {
    columns! { ValueRow<'a>;
        "doc_id", Str, |r| Cell::str_of(&r.doc_id), |w, c| w.doc_id = Cow::Owned(c.string()?);
        "value_id", Str, |r| Cell::Str(Some(Cow::Owned(value_id(&r.doc_id, r.index)))), |w, c| w.index = index_of(c)?;
        "indicator", Str, |r| Cell::str_of(&r.item.indicator), |w, c| w.item.to_mut().indicator = c.string()?;
        "value", F64, |r| Cell::F64(Some(r.item.value)), |w, c| w.item.to_mut().value = need(c.opt_f64()?)?;
        "unit", Str, |r| Cell::str_of(r.item.unit.as_str()), |w, c| w.item.to_mut().unit = c.parse()?;
        "qualifier", Str, |r| Cell::opt_str_of(&r.item.qualifier), |w, c| w.item.to_mut().qualifier = c.opt_string()?;
        "origin", Str, |r| Cell::str_of(r.item.origin.as_str()), |w, c| w.item.to_mut().origin = origin_of(c)?;
        "page", I32, |r| page_cell(r.item.page), |w, c| w.item.to_mut().page = page_of(c)?;
        "section", Str, |r| Cell::opt_str_of(&r.item.section), |w, c| w.item.to_mut().section = c.opt_string()?;
        "snippet", Str, |r| Cell::str_of(&r.item.snippet), |w, c| w.item.to_mut().snippet = c.string()?;
        "pattern_id", Str, |r| Cell::str_of(&r.item.pattern_id), |w, c| w.item.to_mut().pattern_id = c.string()?;
        "confidence", F32, |r| Cell::F32(Some(r.item.confidence)), |w, c| w.item.to_mut().confidence = need(c.opt_f32()?)?;
        "period_start", Date, |r| Cell::Date(r.item.period_start), |w, c| w.item.to_mut().period_start = c.opt_date()?;
        "period_end", Date, |r| Cell::Date(r.item.period_end), |w, c| w.item.to_mut().period_end = c.opt_date()?;
        "kind", Str, |r| Cell::str_of(r.item.kind.as_str()), |w, c| w.item.to_mut().kind = c.parse()?;
        "period_source", Str, |r| Cell::str_of(r.item.period_source.as_str()), |w, c| w.item.to_mut().period_source = c.parse()?;
    }
}

/// A findings row.
pub type FindingRow<'a> = Child<'a, Finding>;

/// findings.parquet: the audit, one row per inconsistency or doubt.
pub fn findings<'a>() -> Vec<Column<FindingRow<'a>>> {
    columns! { FindingRow<'a>;
        "doc_id", Str, |r| Cell::str_of(&r.doc_id), |w, c| w.doc_id = Cow::Owned(c.string()?);
        "rule", Str, |r| Cell::str_of(&r.item.rule), |w, c| w.item.to_mut().rule = c.string()?;
        "severity", Str, |r| Cell::str_of(r.item.severity.as_str()), |w, c| w.item.to_mut().severity = c.parse()?;
        "indicators", StrList, |r| Cell::StrList(Cow::Borrowed(&r.item.indicators)), |w, c| w.item.to_mut().indicators = c.strings()?;
        "values", F64List, |r| Cell::F64List(Cow::Borrowed(&r.item.values)), |w, c| w.item.to_mut().values = c.doubles()?;
        "expected", F64, |r| Cell::F64(r.item.expected), |w, c| w.item.to_mut().expected = c.opt_f64()?;
        "message", Str, |r| Cell::str_of(&r.item.message), |w, c| w.item.to_mut().message = c.string()?;
        "message_vi", Str, |r| Cell::str_of(&r.item.message_vi), |w, c| w.item.to_mut().message_vi = c.string()?;
        "evidence", StrList, |r| Cell::StrList(Cow::Borrowed(&r.item.evidence)), |w, c| w.item.to_mut().evidence = c.strings()?;
        "doc_ids", StrList, |r| doc_ids_cell(r), |w, c| w.item.to_mut().doc_ids = c.strings()?;
    }
}

/// A facts row: the fact and its report's primary documents row (for the locality columns).
pub struct FactRow<'a> {
    /// The fact.
    pub fact: &'a Fact,
    /// Its primary file's documents row.
    pub doc: &'a DocRecord,
}

/// facts.parquet: one row per report, indicator, qualifier, period and kind, with the chosen
/// figure. Written only (a run recomputes it from values.parquet), so the setters do nothing.
pub fn facts<'a>() -> Vec<Column<FactRow<'a>>> {
    columns! { FactRow<'a>;
        "report_id", Str, |r| Cell::str_of(&r.fact.report_id), |_w, c| drop(c);
        "doc_id", Str, |r| Cell::str_of(&r.fact.doc_id), |_w, c| drop(c);
        "locality", Str, |r| Cell::opt_str_of(&r.doc.meta.locality), |_w, c| drop(c);
        "locality_level", Str, |r| Cell::opt_str_of(&r.doc.meta.locality_level), |_w, c| drop(c);
        "district", Str, |r| Cell::opt_str_of(&r.doc.meta.district), |_w, c| drop(c);
        "province", Str, |r| Cell::opt_str_of(&r.doc.meta.province), |_w, c| drop(c);
        "indicator", Str, |r| Cell::str_of(&r.fact.indicator), |_w, c| drop(c);
        "qualifier", Str, |r| Cell::opt_str_of(&r.fact.qualifier), |_w, c| drop(c);
        "period_start", Date, |r| Cell::Date(r.fact.period_start), |_w, c| drop(c);
        "period_end", Date, |r| Cell::Date(r.fact.period_end), |_w, c| drop(c);
        "kind", Str, |r| Cell::str_of(r.fact.kind.as_str()), |_w, c| drop(c);
        "value", F64, |r| Cell::F64(Some(r.fact.value)), |_w, c| drop(c);
        "unit", Str, |r| Cell::str_of(r.fact.unit.as_str()), |_w, c| drop(c);
        "rule", Str, |r| Cell::str_of(r.fact.rule.as_str()), |_w, c| drop(c);
        "n_mentions", I64, |r| Cell::I64(Some(r.fact.n_mentions)), |_w, c| drop(c);
        "agree", Bool, |r| Cell::Bool(Some(r.fact.agree)), |_w, c| drop(c);
        "value_ids", StrList, |r| Cell::StrList(Cow::Borrowed(&r.fact.value_ids)), |_w, c| drop(c);
        "values_seen", F64List, |r| Cell::F64List(Cow::Borrowed(&r.fact.values_seen)), |_w, c| drop(c);
    }
}

/// A values row to be filled by the reader (every field is set from its column).
pub fn blank_value() -> ValueRow<'static> {
    Child {
        doc_id: Cow::Owned(String::new()),
        index: 0,
        item: Cow::Owned(Value {
            indicator: String::new(),
            value: 0.0,
            unit: MeasureUnit::ALL[0],
            qualifier: None,
            origin: Origin::Text,
            page: None,
            section: None,
            snippet: String::new(),
            pattern_id: String::new(),
            confidence: 0.0,
            period_start: None,
            period_end: None,
            kind: baocao_model::ValueKind::Result,
            source_unit: 0,
            source_table: None,
            source_pos: 0,
            period_source: baocao_model::PeriodSource::Report,
        }),
    }
}

/// A findings row to be filled by the reader (every field is set from its column).
pub fn blank_finding() -> FindingRow<'static> {
    Child {
        doc_id: Cow::Owned(String::new()),
        index: 0,
        item: Cow::Owned(Finding {
            rule: String::new(),
            severity: Severity::ALL[0],
            indicators: Vec::new(),
            values: Vec::new(),
            expected: None,
            message: String::new(),
            message_vi: String::new(),
            evidence: Vec::new(),
            doc_ids: Vec::new(),
        }),
    }
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn date_of_days(days: i32) -> Option<Date> {
    let z = days as i64 + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    Date::new(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (2023, 12, 31), (1999, 3, 1)] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date_of_days(date.days_since_epoch()), Some(date));
        }
    }

    #[test]
    fn names_are_unique() {
        fn check<R>(cols: &[Column<R>]) {
            let mut names: Vec<_> = cols.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), cols.len());
        }
        check(&documents());
        check(&values());
        check(&findings());
        check(&facts());
    }
}
