//! Reads an output folder back into per-file results (for `--incremental`), column by column
//! through the same tables the writer uses ([`super::columns`]).

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use baocao_model::record::{DocRecord, FileResult};

use super::columns::{self, Cell, Column, Kind, date_of_days};
use super::commit::recover;

/// A column of a frame read back, typed by its [`Kind`].
enum Source {
    Str(StringChunked),
    I32(Int32Chunked),
    I64(Int64Chunked),
    F32(Float32Chunked),
    F64(Float64Chunked),
    /// Days since the epoch.
    Date(Int32Chunked),
    Bool(BooleanChunked),
    List(ListChunked, Kind),
}

impl Source {
    fn new(df: &DataFrame, name: &str, kind: Kind) -> PolarsResult<Source> {
        let c = df.column(name)?;
        let cast = |t: DataType| c.cast(&t);
        Ok(match kind {
            Kind::Str => Source::Str(c.str()?.clone()),
            Kind::I32 => Source::I32(cast(DataType::Int32)?.i32()?.clone()),
            Kind::I64 => Source::I64(cast(DataType::Int64)?.i64()?.clone()),
            Kind::F32 => Source::F32(cast(DataType::Float32)?.f32()?.clone()),
            Kind::F64 => Source::F64(cast(DataType::Float64)?.f64()?.clone()),
            Kind::Date => Source::Date(cast(DataType::Int32)?.i32()?.clone()),
            Kind::Bool => Source::Bool(c.bool()?.clone()),
            Kind::StrList | Kind::F64List => {
                Source::List(cast(kind.polars())?.list()?.clone(), kind)
            }
        })
    }

    fn cell(&self, i: usize) -> PolarsResult<Cell<'_>> {
        Ok(match self {
            Source::Str(c) => Cell::Str(c.get(i).map(Cow::Borrowed)),
            Source::I32(c) => Cell::I32(c.get(i)),
            Source::I64(c) => Cell::I64(c.get(i)),
            Source::F32(c) => Cell::F32(c.get(i)),
            Source::F64(c) => Cell::F64(c.get(i)),
            Source::Date(c) => Cell::Date(c.get(i).and_then(date_of_days)),
            Source::Bool(c) => Cell::Bool(c.get(i)),
            Source::List(c, Kind::StrList) => {
                let items = match c.get_as_series(i) {
                    Some(s) => s
                        .str()?
                        .iter()
                        .map(|x| x.unwrap_or_default().to_string())
                        .collect(),
                    None => Vec::new(),
                };
                Cell::StrList(Cow::Owned(items))
            }
            Source::List(c, _) => {
                let items = match c.get_as_series(i) {
                    Some(s) => s.f64()?.iter().map(|x| x.unwrap_or(f64::NAN)).collect(),
                    None => Vec::new(),
                };
                Cell::F64List(Cow::Owned(items))
            }
        })
    }
}

/// Reads `dir/name` into rows: each starts as `blank()` and every column of `columns` sets its
/// field.
fn read_table<R>(
    dir: &Path,
    name: &str,
    columns: &[Column<R>],
    blank: impl Fn() -> R,
) -> Result<Vec<R>, String> {
    let p = dir.join(name);
    let f = File::open(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    let df = ParquetReader::new(f)
        .finish()
        .map_err(|e| format!("{}: {e}", p.display()))?;
    let sources = columns
        .iter()
        .map(|c| Source::new(&df, c.name, c.kind).map_err(|e| format!("{name}: {}: {e}", c.name)))
        .collect::<Result<Vec<_>, String>>()?;
    (0..df.height())
        .map(|i| {
            let mut row = blank();
            for (c, s) in columns.iter().zip(&sources) {
                let cell = s.cell(i).map_err(|e| e.to_string());
                cell.and_then(|cell| (c.set)(&mut row, cell))
                    .map_err(|e| format!("{name} row {i}, {}: {e}", c.name))?;
            }
            Ok(row)
        })
        .collect()
}

/// Reads an output folder back into per-file results, in its order (for `--incremental`).
/// Values and findings are matched to their documents row by position: they are written in
/// documents order, `n_values`/`n_findings` rows each.
pub fn read_results(dir: &Path) -> Result<Vec<FileResult>, String> {
    recover(dir)?;
    let docs = read_table(
        dir,
        "documents.parquet",
        &columns::documents(),
        DocRecord::default,
    )?;
    let values = read_table(
        dir,
        "values.parquet",
        &columns::values(),
        columns::blank_value,
    )?;
    let findings = read_table(
        dir,
        "findings.parquet",
        &columns::findings(),
        columns::blank_finding,
    )?;
    // Cross-report findings follow every document's own; a run recomputes them.
    let findings = findings.into_iter().filter(|f| {
        !f.item
            .rule
            .starts_with(baocao_model::panel::PANEL_RULE_PREFIX)
    });
    let (mut values, mut findings) = (values.into_iter(), findings);
    let mut out = Vec::with_capacity(docs.len());
    for doc in docs {
        let nv = usize::try_from(doc.n_values).map_err(|e| e.to_string())?;
        let nf = usize::try_from(doc.n_findings).map_err(|e| e.to_string())?;
        let mut r = FileResult {
            values: Vec::with_capacity(nv),
            findings: Vec::with_capacity(nf),
            doc,
        };
        let id = r.doc.doc_id.as_str();
        for _ in 0..nv {
            let v = values
                .next()
                .ok_or("values/findings shorter than documents says")?;
            if v.doc_id != id {
                return Err(format!(
                    "a values row of {} is not of document {id}",
                    v.doc_id
                ));
            }
            r.values.push(v.item.into_owned());
        }
        for _ in 0..nf {
            let f = findings
                .next()
                .ok_or("values/findings shorter than documents says")?;
            if f.doc_id != id {
                return Err(format!(
                    "a findings row of {} is not of document {id}",
                    f.doc_id
                ));
            }
            r.findings.push(f.item.into_owned());
        }
        out.push(r);
    }
    if values.next().is_some() || findings.next().is_some() {
        return Err("values/findings longer than documents says".into());
    }
    Ok(out)
}
