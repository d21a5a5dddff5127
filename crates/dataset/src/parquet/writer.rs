//! The streaming writer: results are pushed one document at a time (in path order) and written
//! as Parquet row groups every [`BATCH_DOCS`] documents, so memory does not grow with the
//! number of documents. Arrays are built from the column tables ([`super::columns`]) with the
//! declared Arrow types and written by polars' Parquet file writer, so every file has the same
//! schema whatever the run (an empty table included).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::{ArrowSchema, get_encodings};
use polars_arrow::array::{Array, BooleanArray, ListArray, PrimitiveArray, Utf8Array};
use polars_arrow::offset::Offsets;
use polars_arrow::record_batch::RecordBatchT;
use polars_parquet::write::{
    CompressionOptions, FileWriter, RowGroupIterator, StatisticsOptions, Version, WriteOptions,
};

use std::collections::HashMap;

use baocao_model::Finding;
use baocao_model::panel::{Fact, ReportRole, RunTables};
use baocao_model::record::{DocRecord, FileResult};

use super::columns::{self, Cell, Child, Column, FactRow, Kind, arrow_schema};
use super::commit::{commit, recover, temp_path, test_pause};

/// Documents buffered before their rows are written as one row group per table.
pub const BATCH_DOCS: usize = 256;
/// Figures buffered before the batch is written whatever its number of documents.
const BATCH_VALUES: usize = 64 * 1024;

fn wrong<T>(kind: Kind, cell: &Cell) -> Result<T, String> {
    Err(format!("a {kind:?} column's getter gave {cell:?}"))
}

/// One column of `rows` as an Arrow array of the column's declared type.
fn array<R>(col: &Column<R>, rows: &[&R]) -> Result<Box<dyn Array>, String> {
    let cells = rows.iter().map(|r| (col.get)(r));
    let kind = col.kind;
    macro_rules! collect {
        ($variant:ident) => {
            cells
                .map(|c| match c {
                    Cell::$variant(v) => Ok(v),
                    c => wrong(kind, &c),
                })
                .collect::<Result<Vec<_>, String>>()?
        };
    }
    let a: Box<dyn Array> = match kind {
        Kind::Str => Box::new(Utf8Array::<i64>::from_iter(collect!(Str))),
        Kind::I32 => Box::new(PrimitiveArray::<i32>::from(collect!(I32))),
        Kind::I64 => Box::new(PrimitiveArray::<i64>::from(collect!(I64))),
        Kind::F32 => Box::new(PrimitiveArray::<f32>::from(collect!(F32))),
        Kind::F64 => Box::new(PrimitiveArray::<f64>::from(collect!(F64))),
        Kind::Bool => Box::new(BooleanArray::from(collect!(Bool))),
        Kind::Date => {
            let days: Vec<Option<i32>> = collect!(Date)
                .into_iter()
                .map(|d| d.map(|d| d.days_since_epoch()))
                .collect();
            Box::new(PrimitiveArray::<i32>::from(days).to(kind.arrow()))
        }
        Kind::StrList => {
            let lists: Vec<Cow<[String]>> = collect!(StrList);
            let items = Utf8Array::<i64>::from_iter(lists.iter().flat_map(|l| l.iter().map(Some)));
            list_array(kind, lists.iter().map(|l| l.len()), Box::new(items))?
        }
        Kind::F64List => {
            let lists: Vec<Cow<[f64]>> = collect!(F64List);
            let items: Vec<f64> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            let items = PrimitiveArray::<f64>::from_vec(items);
            list_array(kind, lists.iter().map(|l| l.len()), Box::new(items))?
        }
    };
    Ok(a)
}

fn list_array(
    kind: Kind,
    lengths: impl Iterator<Item = usize>,
    items: Box<dyn Array>,
) -> Result<Box<dyn Array>, String> {
    let offsets = Offsets::<i32>::try_from_lengths(lengths).map_err(|e| e.to_string())?;
    let list = ListArray::<i32>::try_new(kind.arrow(), offsets.into(), items, None)
        .map_err(|e| e.to_string())?;
    Ok(Box::new(list))
}

/// One Parquet file being written to its temporary name.
pub(crate) struct Part {
    name: &'static str,
    tmp: PathBuf,
    schema: Arc<ArrowSchema>,
    options: WriteOptions,
    writer: Option<FileWriter<BufWriter<File>>>,
}

impl Part {
    pub(crate) fn create(
        dir: &Path,
        name: &'static str,
        schema: ArrowSchema,
    ) -> Result<Part, String> {
        let tmp = temp_path(dir, name);
        let f = File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            compression: CompressionOptions::Zstd(None),
            version: Version::V1,
            data_page_size: None,
        };
        let writer = FileWriter::try_new(
            BufWriter::with_capacity(1 << 20, f),
            schema.clone(),
            options,
        )
        .map_err(|e| format!("{name}: {e}"))?;
        Ok(Part {
            name,
            tmp,
            schema: Arc::new(schema),
            options,
            writer: Some(writer),
        })
    }

    /// Writes `rows` as one row group (nothing when there are none).
    fn write<R>(&mut self, columns: &[Column<R>], rows: &[&R]) -> Result<(), String> {
        if rows.is_empty() {
            return Ok(());
        }
        let name = self.name;
        let arrays = columns
            .iter()
            .map(|c| array(c, rows).map_err(|e| format!("{}: {e}", c.name)))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| format!("{name}: {e}"))?;
        self.write_arrays(rows.len(), arrays)
    }

    /// Writes one row group of `len` rows from arrays in schema order.
    pub(crate) fn write_arrays(
        &mut self,
        len: usize,
        arrays: Vec<Box<dyn Array>>,
    ) -> Result<(), String> {
        if len == 0 {
            return Ok(());
        }
        let name = self.name;
        let err = |e: String| format!("{name}: {e}");
        let batch = RecordBatchT::try_new(len, self.schema.clone(), arrays)
            .map_err(|e| err(e.to_string()))?;
        let groups = RowGroupIterator::try_new(
            std::iter::once(Ok(batch)),
            &self.schema,
            self.options,
            get_encodings(&self.schema),
        )
        .map_err(|e| err(e.to_string()))?;
        let w = self
            .writer
            .as_mut()
            .ok_or_else(|| err("already finished".into()))?;
        for group in groups {
            let group = group.map_err(|e| err(e.to_string()))?;
            w.write(len as u64, group).map_err(|e| err(e.to_string()))?;
        }
        Ok(())
    }

    /// Writes the footer, flushes and fsyncs the temporary file (not yet renamed).
    pub(crate) fn finish(&mut self) -> Result<(), String> {
        let Some(mut w) = self.writer.take() else {
            return Ok(());
        };
        w.end(None).map_err(|e| format!("{}: {e}", self.name))?;
        let mut f = w.into_inner();
        f.flush()
            .and_then(|_| f.get_ref().sync_all())
            .map_err(|e| format!("{}: {e}", self.tmp.display()))
    }
}

/// Writes every table at once: a [`DatasetWriter`] fed with `results` (see
/// [`DatasetWriter::finish`] for how the files are committed).
pub fn write_all(dir: &Path, results: &[FileResult]) -> Result<(), String> {
    let mut w = DatasetWriter::create(dir)?;
    for r in results {
        w.push(r.clone())?;
    }
    w.finish().map(drop)
}

/// What the dataset needs from the rest of baocao once every document is in (the audit's
/// report grouping and cross-report rules, the catalogue).
pub trait Panel {
    /// Sets `report_id`, `report_role` and `primary_doc_id` on every row.
    fn assign_reports(&self, docs: &mut [DocRecord]);
    /// The cross-report findings, each with the `doc_id` it belongs to.
    fn audit(&self, docs: &[DocRecord], facts: &[Fact]) -> Vec<(String, Finding)>;
    /// The catalogue's indicator ids: wide.parquet's figure columns, in this order.
    fn indicators(&self) -> Vec<String>;
}

/// Each file its own report, no cross-report findings, wide columns for the indicators
/// found (a dataset written without the pipeline: tests, `write_all`).
struct NoPanel;

impl Panel for NoPanel {
    fn assign_reports(&self, docs: &mut [DocRecord]) {
        for d in docs {
            d.report_id = d.doc_id.clone();
            d.primary_doc_id = d.doc_id.clone();
            d.report_role = baocao_model::panel::ReportRole::Primary;
        }
    }

    fn audit(&self, _: &[DocRecord], _: &[Fact]) -> Vec<(String, Finding)> {
        Vec::new()
    }

    fn indicators(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Streams results into the dataset: push them in the order the rows should have (path
/// order), then [`finish`](DatasetWriter::finish). values.parquet and findings.parquet are
/// written in row groups as documents come; the documents rows (small) are kept until the
/// end, when the report grouping, facts.parquet, wide.parquet and the cross-report findings
/// are computed from the complete values table. Until then only temporary files exist;
/// dropping the writer unfinished removes them.
pub struct DatasetWriter {
    dir: PathBuf,
    values: Part,
    findings: Part,
    /// Created at the end (their content needs every document).
    late: Vec<Part>,
    docs: Vec<DocRecord>,
    batch: Vec<FileResult>,
    batch_values: usize,
    panel: Box<dyn Panel>,
    finished: bool,
}

impl DatasetWriter {
    /// Creates the output folder and the temporary files of the streamed tables.
    pub fn create(dir: &Path) -> Result<DatasetWriter, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        recover(dir)?;
        Ok(DatasetWriter {
            dir: dir.to_path_buf(),
            values: Part::create(dir, "values.parquet", arrow_schema(&columns::values()))?,
            findings: Part::create(dir, "findings.parquet", arrow_schema(&columns::findings()))?,
            late: Vec::new(),
            docs: Vec::new(),
            batch: Vec::with_capacity(BATCH_DOCS),
            batch_values: 0,
            panel: Box::new(NoPanel),
            finished: false,
        })
    }

    /// Uses `panel` for the report grouping, the cross-report findings and wide.parquet's
    /// columns.
    pub fn with_panel(mut self, panel: Box<dyn Panel>) -> DatasetWriter {
        self.panel = panel;
        self
    }

    /// Adds one document's rows; writes a row group when the batch is full.
    pub fn push(&mut self, r: FileResult) -> Result<(), String> {
        self.batch_values += r.values.len() + r.findings.len();
        self.batch.push(r);
        if self.batch.len() >= BATCH_DOCS || self.batch_values >= BATCH_VALUES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let values: Vec<Child<_>> = self
            .batch
            .iter()
            .flat_map(|r| {
                r.values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| child(&r.doc, i, v))
            })
            .collect();
        self.values
            .write(&columns::values(), &values.iter().collect::<Vec<_>>())?;
        let findings: Vec<Child<_>> = self
            .batch
            .iter()
            .flat_map(|r| {
                r.findings
                    .iter()
                    .enumerate()
                    .map(|(i, f)| child(&r.doc, i, f))
            })
            .collect();
        self.findings
            .write(&columns::findings(), &findings.iter().collect::<Vec<_>>())?;
        self.docs.extend(self.batch.drain(..).map(|r| r.doc));
        self.batch_values = 0;
        Ok(())
    }

    /// Writes the last rows; groups the files into reports; builds the facts from the
    /// complete values table and runs the cross-report audit; writes facts.parquet,
    /// wide.parquet and documents.parquet; fsyncs, and commits every file at once
    /// (documents.parquet last: its presence marks a complete dataset).
    ///
    /// Returns what was computed at the end, for the report: the documents rows with their
    /// report grouping, the primary files' facts and the cross-report findings
    /// ([`RunTables`]; the same rows the files hold).
    pub fn finish(mut self) -> Result<RunTables, String> {
        self.flush()?;
        self.values.finish()?;
        test_pause();
        let mut docs = std::mem::take(&mut self.docs);
        self.panel.assign_reports(&mut docs);
        let facts = crate::facts::build(&self.values.tmp, &docs)?;
        let panel_findings = self.panel.audit(&docs, &facts);
        let rows: Vec<Child<Finding>> = panel_findings
            .iter()
            .map(|(doc, f)| Child {
                doc_id: Cow::Borrowed(doc.as_str()),
                index: 0,
                item: Cow::Borrowed(f),
            })
            .collect();
        self.findings
            .write(&columns::findings(), &rows.iter().collect::<Vec<_>>())?;
        self.findings.finish()?;
        test_pause();

        let by_id: HashMap<&str, &DocRecord> =
            docs.iter().map(|d| (d.doc_id.as_str(), d)).collect();
        let primary: Vec<FactRow> = facts
            .iter()
            .filter_map(|f| {
                let d = by_id.get(f.doc_id.as_str())?;
                (d.report_role == ReportRole::Primary).then_some(FactRow { fact: f, doc: d })
            })
            .collect();
        let facts_part = self.late_part("facts.parquet", arrow_schema(&columns::facts()))?;
        facts_part.write(&columns::facts(), &primary.iter().collect::<Vec<_>>())?;
        facts_part.finish()?;

        let mut indicators = self.panel.indicators();
        if indicators.is_empty() {
            indicators = facts.iter().map(|f| f.indicator.clone()).collect();
            indicators.sort();
            indicators.dedup();
        }
        let wide = crate::wide::table(&docs, &facts, &indicators)?;
        let wide_part = self.late_part("wide.parquet", wide.schema)?;
        wide_part.write_arrays(wide.len, wide.arrays)?;
        wide_part.finish()?;
        test_pause();

        let docs_part = self.late_part("documents.parquet", arrow_schema(&columns::documents()))?;
        docs_part.write(&columns::documents(), &docs.iter().collect::<Vec<_>>())?;
        docs_part.finish()?;
        test_pause();
        // documents last: its rename completes the dataset.
        let mut temps: Vec<(PathBuf, &str)> = vec![
            (self.values.tmp.clone(), self.values.name),
            (self.findings.tmp.clone(), self.findings.name),
        ];
        temps.extend(self.late.iter().map(|p| (p.tmp.clone(), p.name)));
        // From here the commit owns the temporary files (it removes them if it fails early).
        self.finished = true;
        commit(&self.dir, &temps)?;

        let primary: std::collections::HashSet<&str> = docs
            .iter()
            .filter(|d| d.report_role == ReportRole::Primary)
            .map(|d| d.doc_id.as_str())
            .collect();
        let facts: Vec<Fact> = facts
            .into_iter()
            .filter(|f| primary.contains(f.doc_id.as_str()))
            .collect();
        drop(primary);
        Ok(RunTables {
            docs,
            facts,
            panel: panel_findings,
        })
    }
}

impl DatasetWriter {
    /// Creates the temporary file of a table written at the end (removed if the writer is
    /// dropped unfinished).
    fn late_part(&mut self, name: &'static str, schema: ArrowSchema) -> Result<&mut Part, String> {
        let part = Part::create(&self.dir, name, schema)?;
        self.late.push(part);
        let last = self.late.len() - 1;
        Ok(&mut self.late[last])
    }
}

fn child<'a, T: Clone>(doc: &'a DocRecord, index: usize, item: &'a T) -> Child<'a, T> {
    Child {
        doc_id: Cow::Borrowed(&doc.doc_id),
        index,
        item: Cow::Borrowed(item),
    }
}

impl Drop for DatasetWriter {
    fn drop(&mut self) {
        if !self.finished {
            for part in [&self.values, &self.findings].into_iter().chain(&self.late) {
                let _ = std::fs::remove_file(&part.tmp);
            }
        }
    }
}
