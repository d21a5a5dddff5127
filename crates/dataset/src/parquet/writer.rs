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
use polars_arrow::array::{Array, ListArray, PrimitiveArray, Utf8Array};
use polars_arrow::offset::Offsets;
use polars_arrow::record_batch::RecordBatchT;
use polars_parquet::write::{
    CompressionOptions, FileWriter, RowGroupIterator, StatisticsOptions, Version, WriteOptions,
};

use baocao_model::record::{DocRecord, FileResult};

use super::columns::{self, Cell, Child, Column, Kind, arrow_schema};
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
struct Part {
    name: &'static str,
    tmp: PathBuf,
    schema: Arc<ArrowSchema>,
    options: WriteOptions,
    writer: Option<FileWriter<BufWriter<File>>>,
}

impl Part {
    fn create(dir: &Path, name: &'static str, schema: ArrowSchema) -> Result<Part, String> {
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
        let err = |e: String| format!("{name}: {e}");
        let arrays = columns
            .iter()
            .map(|c| array(c, rows).map_err(|e| format!("{}: {e}", c.name)))
            .collect::<Result<Vec<_>, String>>()
            .map_err(err)?;
        let batch = RecordBatchT::try_new(rows.len(), self.schema.clone(), arrays)
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
            w.write(rows.len() as u64, group)
                .map_err(|e| err(e.to_string()))?;
        }
        Ok(())
    }

    /// Writes the footer, flushes and fsyncs the temporary file (not yet renamed).
    fn finish(&mut self) -> Result<(), String> {
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

/// Writes the three tables at once: a [`DatasetWriter`] fed with `results` (see
/// [`DatasetWriter::finish`] for how the files are committed).
pub fn write_all(dir: &Path, results: &[FileResult]) -> Result<(), String> {
    let mut w = DatasetWriter::create(dir)?;
    for r in results {
        w.push(r.clone())?;
    }
    w.finish()
}

/// Streams results into documents.parquet, values.parquet and findings.parquet: push them in
/// the order the rows should have (path order), then [`finish`](DatasetWriter::finish). Until
/// then only temporary files exist; dropping the writer unfinished removes them.
pub struct DatasetWriter {
    dir: PathBuf,
    docs: Part,
    values: Part,
    findings: Part,
    batch: Vec<FileResult>,
    batch_values: usize,
    finished: bool,
}

impl DatasetWriter {
    /// Creates the output folder and the three temporary files.
    pub fn create(dir: &Path) -> Result<DatasetWriter, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        recover(dir)?;
        Ok(DatasetWriter {
            dir: dir.to_path_buf(),
            docs: Part::create(
                dir,
                "documents.parquet",
                arrow_schema(&columns::documents()),
            )?,
            values: Part::create(dir, "values.parquet", arrow_schema(&columns::values()))?,
            findings: Part::create(dir, "findings.parquet", arrow_schema(&columns::findings()))?,
            batch: Vec::with_capacity(BATCH_DOCS),
            batch_values: 0,
            finished: false,
        })
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
            .flat_map(|r| r.values.iter().map(|v| child(&r.doc, v)))
            .collect();
        self.values
            .write(&columns::values(), &values.iter().collect::<Vec<_>>())?;
        let findings: Vec<Child<_>> = self
            .batch
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| child(&r.doc, f)))
            .collect();
        self.findings
            .write(&columns::findings(), &findings.iter().collect::<Vec<_>>())?;
        let docs: Vec<&DocRecord> = self.batch.iter().map(|r| &r.doc).collect();
        self.docs.write(&columns::documents(), &docs)?;
        self.batch.clear();
        self.batch_values = 0;
        Ok(())
    }

    /// Writes the last rows and footers, fsyncs, and commits the three files (documents.parquet
    /// last: its presence marks a complete dataset).
    pub fn finish(mut self) -> Result<(), String> {
        self.flush()?;
        for part in [&mut self.values, &mut self.findings, &mut self.docs] {
            part.finish()?;
            test_pause();
        }
        // documents last: its rename completes the dataset.
        let temps: Vec<(PathBuf, &str)> = [&self.values, &self.findings, &self.docs]
            .iter()
            .map(|p| (p.tmp.clone(), p.name))
            .collect();
        // From here the commit owns the temporary files (it removes them if it fails early).
        self.finished = true;
        commit(&self.dir, &temps)
    }
}

fn child<'a, T: Clone>(doc: &'a DocRecord, item: &'a T) -> Child<'a, T> {
    Child {
        doc_id: Cow::Borrowed(&doc.doc_id),
        item: Cow::Borrowed(item),
    }
}

impl Drop for DatasetWriter {
    fn drop(&mut self) {
        if !self.finished {
            for part in [&self.values, &self.findings, &self.docs] {
                let _ = std::fs::remove_file(&part.tmp);
            }
        }
    }
}
