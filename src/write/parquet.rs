//! Writes documents.parquet, values.parquet and findings.parquet with the contract's column
//! names and types (see `../shared/spec/output.md`, copied in `docs/output.md`). Each file is
//! written to a temporary name in the output folder, fsynced, then renamed over the old one,
//! so a crash never leaves a half-written dataset.
//!
//! [`DatasetWriter`] streams: results are pushed one document at a time (in path order) and
//! written as Parquet row groups every [`BATCH_DOCS`] documents, so memory does not grow with
//! the number of documents. [`write_all`] writes a slice of results at once.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use polars::prelude::*;

use crate::model::{Date, Finding, Metadata, Value};

/// One documents row.
#[derive(Debug, Clone, Default)]
pub struct DocRecord {
    /// First 16 hex digits of the SHA-256 of the bytes.
    pub doc_id: String,
    /// Full SHA-256 (hex), for incremental runs.
    pub sha256: String,
    /// Path as given.
    pub path: String,
    /// `pdf`, `docx`, or what the bytes are.
    pub format: String,
    /// `ok`, `partial`, `failed`.
    pub status: String,
    /// One-line reason.
    pub error: Option<String>,
    /// Page count (PDF).
    pub pages: Option<u32>,
    /// Characters of normalized text.
    pub chars: i64,
    /// `unicode`, `tcvn3`, `vni`, `mixed`.
    pub text_encoding: String,
    /// Share of words that looked damaged (0–1).
    pub ocr_damage: Option<f64>,
    /// Words changed by repair.
    pub repaired_words: i64,
    /// Metadata.
    pub meta: Metadata,
    /// Pattern-library version used.
    pub library_version: String,
    /// Figures found.
    pub n_values: i64,
    /// Findings.
    pub n_findings: i64,
    /// Milliseconds spent on the file.
    pub elapsed_ms: i64,
}

/// Everything one file produced.
#[derive(Debug, Clone, Default)]
pub struct FileResult {
    /// The documents row.
    pub doc: DocRecord,
    /// Its figures.
    pub values: Vec<Value>,
    /// Its findings.
    pub findings: Vec<Finding>,
}

fn days(d: Option<Date>) -> Option<i32> {
    d.map(|d| d.days_since_epoch())
}

fn date_col(name: &str, v: Vec<Option<i32>>) -> PolarsResult<Column> {
    Column::new(name.into(), v).cast(&DataType::Date)
}

fn str_col(name: &str, v: Vec<Option<String>>) -> Column {
    Column::new(name.into(), v)
}

/// The documents frame.
pub fn documents_frame(results: &[FileResult]) -> PolarsResult<DataFrame> {
    let d: Vec<&DocRecord> = results.iter().map(|r| &r.doc).collect();
    let s = |f: &dyn Fn(&DocRecord) -> Option<String>| d.iter().map(|r| f(r)).collect::<Vec<_>>();
    let m =
        |f: &dyn Fn(&Metadata) -> Option<String>| d.iter().map(|r| f(&r.meta)).collect::<Vec<_>>();
    let cols = vec![
        str_col("doc_id", s(&|r| Some(r.doc_id.clone()))),
        str_col("path", s(&|r| Some(r.path.clone()))),
        str_col("format", s(&|r| Some(r.format.clone()))),
        str_col("status", s(&|r| Some(r.status.clone()))),
        str_col("error", s(&|r| r.error.clone())),
        Column::new(
            "pages".into(),
            d.iter()
                .map(|r| r.pages.map(|p| p as i32))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "chars".into(),
            d.iter().map(|r| r.chars).collect::<Vec<_>>(),
        ),
        str_col("text_encoding", s(&|r| Some(r.text_encoding.clone()))),
        Column::new(
            "ocr_damage".into(),
            d.iter().map(|r| r.ocr_damage).collect::<Vec<_>>(),
        ),
        Column::new(
            "repaired_words".into(),
            d.iter().map(|r| r.repaired_words).collect::<Vec<_>>(),
        ),
        str_col("doc_type", m(&|x| x.doc_type.clone())),
        str_col("doc_number", m(&|x| x.doc_number.clone())),
        date_col(
            "doc_date",
            d.iter().map(|r| days(r.meta.doc_date)).collect(),
        )?,
        str_col("issuer", m(&|x| x.issuer.clone())),
        str_col("locality", m(&|x| x.locality.clone())),
        str_col("locality_level", m(&|x| x.locality_level.clone())),
        str_col("district", m(&|x| x.district.clone())),
        str_col("province", m(&|x| x.province.clone())),
        str_col("period_label", m(&|x| x.period_label.clone())),
        date_col(
            "period_start",
            d.iter().map(|r| days(r.meta.period_start)).collect(),
        )?,
        date_col(
            "period_end",
            d.iter().map(|r| days(r.meta.period_end)).collect(),
        )?,
        str_col("signer", m(&|x| x.signer.clone())),
        str_col("sha256", s(&|r| Some(r.sha256.clone()))),
        str_col("library_version", s(&|r| Some(r.library_version.clone()))),
        Column::new(
            "n_values".into(),
            d.iter().map(|r| r.n_values).collect::<Vec<_>>(),
        ),
        Column::new(
            "n_findings".into(),
            d.iter().map(|r| r.n_findings).collect::<Vec<_>>(),
        ),
        Column::new(
            "elapsed_ms".into(),
            d.iter().map(|r| r.elapsed_ms).collect::<Vec<_>>(),
        ),
    ];
    DataFrame::new(d.len(), cols)
}

/// The values frame.
pub fn values_frame(results: &[FileResult]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, &Value)> = results
        .iter()
        .flat_map(|r| r.values.iter().map(move |v| (r.doc.doc_id.as_str(), v)))
        .collect();
    let s =
        |f: &dyn Fn(&Value) -> Option<String>| rows.iter().map(|(_, v)| f(v)).collect::<Vec<_>>();
    let cols = vec![
        str_col(
            "doc_id",
            rows.iter().map(|(d, _)| Some(d.to_string())).collect(),
        ),
        str_col("indicator", s(&|v| Some(v.indicator.clone()))),
        Column::new(
            "value".into(),
            rows.iter().map(|(_, v)| v.value).collect::<Vec<f64>>(),
        ),
        str_col("unit", s(&|v| Some(v.unit.clone()))),
        str_col("qualifier", s(&|v| v.qualifier.clone())),
        str_col("origin", s(&|v| Some(v.origin.as_str().to_string()))),
        Column::new(
            "page".into(),
            rows.iter()
                .map(|(_, v)| v.page.map(|p| p as i32))
                .collect::<Vec<_>>(),
        ),
        str_col("section", s(&|v| v.section.clone())),
        str_col("snippet", s(&|v| Some(v.snippet.clone()))),
        str_col("pattern_id", s(&|v| Some(v.pattern_id.clone()))),
        Column::new(
            "confidence".into(),
            rows.iter().map(|(_, v)| v.confidence).collect::<Vec<f32>>(),
        ),
        date_col(
            "period_start",
            rows.iter().map(|(_, v)| days(v.period_start)).collect(),
        )?,
        date_col(
            "period_end",
            rows.iter().map(|(_, v)| days(v.period_end)).collect(),
        )?,
    ];
    DataFrame::new(rows.len(), cols)
}

fn list_col<F>(name: &str, items: &[&Finding], inner: DataType, f: F) -> PolarsResult<Column>
where
    F: Fn(&Finding) -> Series,
{
    let dtype = DataType::List(Box::new(inner));
    if items.is_empty() {
        return Ok(Column::new_empty(name.into(), &dtype));
    }
    let series: Vec<Series> = items.iter().map(|x| f(x)).collect();
    Series::new(name.into(), series)
        .cast(&dtype)
        .map(Column::from)
}

/// The findings frame.
pub fn findings_frame(results: &[FileResult]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, &Finding)> = results
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r.doc.doc_id.as_str(), f)))
        .collect();
    let items: Vec<&Finding> = rows.iter().map(|(_, f)| *f).collect();
    let cols = vec![
        str_col(
            "doc_id",
            rows.iter().map(|(d, _)| Some(d.to_string())).collect(),
        ),
        str_col("rule", items.iter().map(|f| Some(f.rule.clone())).collect()),
        str_col(
            "severity",
            items.iter().map(|f| Some(f.severity.clone())).collect(),
        ),
        list_col("indicators", &items, DataType::String, |f| {
            Series::new("".into(), f.indicators.clone())
        })?,
        list_col("values", &items, DataType::Float64, |f| {
            Series::new("".into(), f.values.clone())
        })?,
        Column::new(
            "expected".into(),
            items.iter().map(|f| f.expected).collect::<Vec<_>>(),
        ),
        str_col(
            "message",
            items.iter().map(|f| Some(f.message.clone())).collect(),
        ),
        list_col("evidence", &items, DataType::String, |f| {
            Series::new("".into(), f.evidence.clone())
        })?,
    ];
    DataFrame::new(rows.len(), cols)
}

/// Writes a frame to `dir/name` through a temporary file, fsync and rename.
pub fn write_atomic(dir: &Path, name: &str, df: &mut DataFrame) -> Result<(), String> {
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let target = dir.join(name);
    let result = (|| -> Result<(), String> {
        let file = File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        ParquetWriter::new(&file)
            .with_compression(ParquetCompression::Zstd(None))
            .finish(df)
            .map_err(|e| format!("{name}: {e}"))?;
        file.sync_all()
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes the three tables.
pub fn write_all(dir: &Path, results: &[FileResult]) -> Result<(), String> {
    let mut w = DatasetWriter::create(dir)?;
    for r in results {
        w.push(r.clone())?;
    }
    w.finish()
}

/// Documents buffered before their rows are written as one row group per table.
pub const BATCH_DOCS: usize = 256;
/// Figures buffered before the batch is written whatever its number of documents.
const BATCH_VALUES: usize = 64 * 1024;

/// A `Write` shared between polars' batched writer and us, so the file can be flushed and
/// fsynced (with errors reported) once the writer has written the footer.
#[derive(Clone)]
struct Shared(Rc<RefCell<BufWriter<File>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.0.borrow_mut().write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

/// One Parquet file being written to its temporary name.
struct Part {
    name: &'static str,
    tmp: PathBuf,
    file: Shared,
    writer: Option<BatchedWriter<Shared>>,
}

impl Part {
    fn create(dir: &Path, name: &'static str, schema: &Schema) -> Result<Part, String> {
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let f = File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let file = Shared(Rc::new(RefCell::new(BufWriter::with_capacity(1 << 20, f))));
        let writer = ParquetWriter::new(file.clone())
            .with_compression(ParquetCompression::Zstd(None))
            .batched(schema)
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(Part {
            name,
            tmp,
            file,
            writer: Some(writer),
        })
    }

    fn write(&mut self, df: &DataFrame) -> Result<(), String> {
        if df.height() == 0 {
            return Ok(());
        }
        let w = self
            .writer
            .as_mut()
            .ok_or_else(|| format!("{}: already finished", self.name))?;
        w.write_batch(df).map_err(|e| format!("{}: {e}", self.name))
    }

    /// Writes the footer, flushes and fsyncs the temporary file (not yet renamed).
    fn finish(&mut self) -> Result<(), String> {
        if let Some(w) = self.writer.take() {
            w.finish().map_err(|e| format!("{}: {e}", self.name))?;
        }
        let mut f = self.file.0.borrow_mut();
        f.flush()
            .and_then(|_| f.get_ref().sync_all())
            .map_err(|e| format!("{}: {e}", self.tmp.display()))
    }
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
        let schema = |df: PolarsResult<DataFrame>| -> Result<Schema, String> {
            Ok(df.map_err(|e| e.to_string())?.schema().as_ref().clone())
        };
        let docs_schema = schema(documents_frame(&[]))?;
        let values_schema = schema(values_frame(&[]))?;
        let findings_schema = schema(findings_frame(&[]))?;
        Ok(DatasetWriter {
            dir: dir.to_path_buf(),
            docs: Part::create(dir, "documents.parquet", &docs_schema)?,
            values: Part::create(dir, "values.parquet", &values_schema)?,
            findings: Part::create(dir, "findings.parquet", &findings_schema)?,
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
        let e = |e: PolarsError| e.to_string();
        self.values.write(&values_frame(&self.batch).map_err(e)?)?;
        self.findings
            .write(&findings_frame(&self.batch).map_err(e)?)?;
        self.docs.write(&documents_frame(&self.batch).map_err(e)?)?;
        self.batch.clear();
        self.batch_values = 0;
        Ok(())
    }

    /// Writes the last rows and footers, fsyncs, and renames the files into place
    /// (documents.parquet last: its presence marks a complete dataset).
    pub fn finish(mut self) -> Result<(), String> {
        self.flush()?;
        for part in [&mut self.values, &mut self.findings, &mut self.docs] {
            part.finish()?;
        }
        for part in [&self.values, &self.findings, &self.docs] {
            let target = self.dir.join(part.name);
            std::fs::rename(&part.tmp, &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
        self.finished = true;
        if let Ok(d) = File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
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
