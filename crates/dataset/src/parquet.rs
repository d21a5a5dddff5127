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

use baocao_model::{Date, Finding, Metadata, Origin, Value};

pub use baocao_model::record::{DocRecord, FileResult};

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
        str_col("format", s(&|r| Some(r.format.to_string()))),
        str_col("status", s(&|r| Some(r.status.to_string()))),
        str_col("error", s(&|r| r.error.clone())),
        str_col("error_code", s(&|r| r.error_code.clone())),
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
        str_col("text_encoding", s(&|r| Some(r.text_encoding.to_string()))),
        Column::new(
            "ocr_damage".into(),
            d.iter().map(|r| r.ocr_damage).collect::<Vec<_>>(),
        ),
        Column::new(
            "repaired_words".into(),
            d.iter().map(|r| r.repaired_words).collect::<Vec<_>>(),
        ),
        Column::new(
            "ocr_pages".into(),
            d.iter().map(|r| r.ocr_pages).collect::<Vec<_>>(),
        ),
        str_col("ocr_engine", s(&|r| r.ocr_engine.clone())),
        Column::new(
            "ocr_mean_conf".into(),
            d.iter().map(|r| r.ocr_mean_conf).collect::<Vec<_>>(),
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
        str_col("unit", s(&|v| Some(v.unit.to_string()))),
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
            items.iter().map(|f| Some(f.severity.to_string())).collect(),
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
        str_col(
            "message_vi",
            items.iter().map(|f| Some(f.message_vi.clone())).collect(),
        ),
        list_col("evidence", &items, DataType::String, |f| {
            Series::new("".into(), f.evidence.clone())
        })?,
    ];
    DataFrame::new(rows.len(), cols)
}

/// The journal of a commit in progress: `tmp<TAB>target` lines, written (atomically) once all
/// temporary files are complete and fsynced, removed once they are all renamed.
const JOURNAL: &str = ".commit";

/// Test hook: milliseconds to sleep after each temporary file and between renames, so a test
/// can kill a run inside the write (`BAOCAO_TEST_WRITE_PAUSE_MS`).
fn test_pause() {
    if let Some(ms) = std::env::var("BAOCAO_TEST_WRITE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes a frame to a temporary name in `dir` and fsyncs it; returns the temporary path.
fn write_temp(dir: &Path, name: &str, df: &mut DataFrame) -> Result<PathBuf, String> {
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> Result<(), String> {
        let file = File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        ParquetWriter::new(&file)
            .with_compression(ParquetCompression::Zstd(None))
            .finish(df)
            .map_err(|e| format!("{name}: {e}"))?;
        file.sync_all()
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Writes a frame to `dir/name` through a temporary file, fsync and rename.
pub fn write_atomic(dir: &Path, name: &str, df: &mut DataFrame) -> Result<(), String> {
    let tmp = write_temp(dir, name, df)?;
    let target = dir.join(name);
    if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{}: {e}", target.display()));
    }
    sync_dir(dir);
    Ok(())
}

/// Finishes a commit that a killed run left half-done (its journal is still there: every
/// temporary file it names is complete), then removes temporary files of runs killed before
/// their commit. Called before every write and read of an output folder.
pub fn recover(dir: &Path) -> Result<(), String> {
    let journal = dir.join(JOURNAL);
    if let Ok(text) = std::fs::read_to_string(&journal) {
        for line in text.lines() {
            let Some((tmp, target)) = line.split_once('\t') else {
                continue;
            };
            let (tmp, target) = (dir.join(tmp), dir.join(target));
            if tmp.exists() {
                std::fs::rename(&tmp, &target)
                    .map_err(|e| format!("recovering {}: {e}", target.display()))?;
            }
        }
        sync_dir(dir);
        let _ = std::fs::remove_file(&journal);
        sync_dir(dir);
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            // Ours: `.NAME.parquet.tmp-PID`, `.commit.tmp-PID`, and the report's spools and
            // temporary file `.report.html.{rows,sections,tmp}-PID`.
            let ours = name.starts_with('.') && name.contains(".parquet.tmp-")
                || name.starts_with(".commit.tmp-")
                || name.starts_with(".report.html.");
            // Only files of dead runs: a live run's files carry its process id.
            let pid = name.rsplit('-').next().and_then(|p| p.parse::<u32>().ok());
            let alive = pid.is_some_and(|p| {
                p == std::process::id() || Path::new(&format!("/proc/{p}")).exists()
            });
            if ours && !alive {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
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
        recover(dir)?;
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

    /// Writes the last rows and footers, fsyncs, and commits the three files (see [`commit`];
    /// documents.parquet last: its presence marks a complete dataset).
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

impl Drop for DatasetWriter {
    fn drop(&mut self) {
        if !self.finished {
            for part in [&self.values, &self.findings, &self.docs] {
                let _ = std::fs::remove_file(&part.tmp);
            }
        }
    }
}

/// Renames the finished temporary files `temps` (temporary path, final name) into `dir` as one
/// commit: a journal naming them is written and fsynced first, then the renames, then the
/// journal is removed. Killed before the journal exists, the previous dataset is untouched;
/// killed after, the next `baocao` command on the folder ([`recover`]) completes the renames.
fn commit(dir: &Path, temps: &[(PathBuf, &str)]) -> Result<(), String> {
    let cleanup = |temps: &[(PathBuf, &str)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    let journal_text: String = temps
        .iter()
        .map(|(t, name)| {
            let t = t.file_name().map(|n| n.to_string_lossy().to_string());
            format!("{}\t{name}\n", t.unwrap_or_default())
        })
        .collect();
    let journal_tmp = dir.join(format!(".commit.tmp-{}", std::process::id()));
    let journal = dir.join(JOURNAL);
    let wrote = (|| -> std::io::Result<()> {
        let mut f = File::create(&journal_tmp)?;
        std::io::Write::write_all(&mut f, journal_text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&journal_tmp, &journal)
    })();
    if let Err(e) = wrote {
        let _ = std::fs::remove_file(&journal_tmp);
        cleanup(temps);
        return Err(format!("{}: {e}", journal.display()));
    }
    sync_dir(dir);
    test_pause();
    for (tmp, name) in temps {
        let target = dir.join(name);
        std::fs::rename(tmp, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        test_pause();
    }
    sync_dir(dir);
    std::fs::remove_file(&journal).map_err(|e| format!("{}: {e}", journal.display()))?;
    sync_dir(dir);
    Ok(())
}

fn date_of_days(days: i32) -> Option<Date> {
    // Howard Hinnant's civil_from_days.
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

fn read_frame(dir: &Path, name: &str) -> Result<DataFrame, String> {
    let p = dir.join(name);
    let f = File::open(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    ParquetReader::new(f)
        .finish()
        .map_err(|e| format!("{}: {e}", p.display()))
}

/// Typed access to a frame's columns.
struct Cols<'a>(&'a DataFrame);

impl Cols<'_> {
    fn col(&self, name: &str) -> Result<&Column, String> {
        self.0.column(name).map_err(|e| e.to_string())
    }
    fn strs(&self, name: &str) -> Result<Vec<Option<String>>, String> {
        let c = self.col(name)?.str().map_err(|e| e.to_string())?;
        Ok(c.iter().map(|x| x.map(str::to_string)).collect())
    }
    fn i64s(&self, name: &str) -> Result<Vec<Option<i64>>, String> {
        let c = self
            .col(name)?
            .cast(&DataType::Int64)
            .map_err(|e| e.to_string())?;
        Ok(c.i64().map_err(|e| e.to_string())?.iter().collect())
    }
    fn f64s(&self, name: &str) -> Result<Vec<Option<f64>>, String> {
        let c = self
            .col(name)?
            .cast(&DataType::Float64)
            .map_err(|e| e.to_string())?;
        Ok(c.f64().map_err(|e| e.to_string())?.iter().collect())
    }
    fn f32s(&self, name: &str) -> Result<Vec<Option<f32>>, String> {
        let c = self.col(name)?;
        Ok(c.f32().map_err(|e| e.to_string())?.iter().collect())
    }
    fn dates(&self, name: &str) -> Result<Vec<Option<Date>>, String> {
        let c = self
            .col(name)?
            .cast(&DataType::Int32)
            .map_err(|e| e.to_string())?;
        Ok(c.i32()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|d| d.and_then(date_of_days))
            .collect())
    }
    fn lists<T>(
        &self,
        name: &str,
        f: impl Fn(&Series) -> Result<Vec<T>, String>,
    ) -> Result<Vec<Vec<T>>, String> {
        let l = self.col(name)?.list().map_err(|e| e.to_string())?;
        (0..l.len())
            .map(|i| match l.get_as_series(i) {
                Some(s) => f(&s),
                None => Ok(Vec::new()),
            })
            .collect()
    }
}

fn parse<T: std::str::FromStr<Err = baocao_model::UnknownName>>(s: String) -> Result<T, String> {
    s.parse()
        .map_err(|e: baocao_model::UnknownName| e.to_string())
}

fn need<T>(v: Option<T>, what: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("null {what}"))
}

/// Reads an output folder back into per-file results, in its order (for `--incremental`).
/// Values and findings are matched to their documents row by position: they are written in
/// documents order, `n_values`/`n_findings` rows each.
pub fn read_results(dir: &Path) -> Result<Vec<FileResult>, String> {
    recover(dir)?;
    let docs = read_frame(dir, "documents.parquet")?;
    let vals = read_frame(dir, "values.parquet")?;
    let finds = read_frame(dir, "findings.parquet")?;
    let d = Cols(&docs);
    let (doc_id, sha, path, format, status, error) = (
        d.strs("doc_id")?,
        d.strs("sha256")?,
        d.strs("path")?,
        d.strs("format")?,
        d.strs("status")?,
        d.strs("error")?,
    );
    let error_code = d.strs("error_code")?;
    // OCR columns: absent in datasets written before them (read as no OCR).
    let (ocr_pages, ocr_engine, ocr_conf) = (
        d.i64s("ocr_pages")
            .unwrap_or_else(|_| vec![None; docs.height()]),
        d.strs("ocr_engine")
            .unwrap_or_else(|_| vec![None; docs.height()]),
        d.f64s("ocr_mean_conf")
            .unwrap_or_else(|_| vec![None; docs.height()]),
    );
    let (pages, chars, enc, ocr, repaired) = (
        d.i64s("pages")?,
        d.i64s("chars")?,
        d.strs("text_encoding")?,
        d.f64s("ocr_damage")?,
        d.i64s("repaired_words")?,
    );
    let (doc_type, doc_number, doc_date, issuer, locality, level) = (
        d.strs("doc_type")?,
        d.strs("doc_number")?,
        d.dates("doc_date")?,
        d.strs("issuer")?,
        d.strs("locality")?,
        d.strs("locality_level")?,
    );
    let (district, province, label, p_start, p_end, signer) = (
        d.strs("district")?,
        d.strs("province")?,
        d.strs("period_label")?,
        d.dates("period_start")?,
        d.dates("period_end")?,
        d.strs("signer")?,
    );
    let (libv, n_values, n_findings, elapsed) = (
        d.strs("library_version")?,
        d.i64s("n_values")?,
        d.i64s("n_findings")?,
        d.i64s("elapsed_ms")?,
    );
    let v = Cols(&vals);
    let (v_doc, v_ind, v_val, v_unit, v_qual, v_origin) = (
        v.strs("doc_id")?,
        v.strs("indicator")?,
        v.f64s("value")?,
        v.strs("unit")?,
        v.strs("qualifier")?,
        v.strs("origin")?,
    );
    let (v_page, v_section, v_snippet, v_pattern, v_conf, v_start, v_end) = (
        v.i64s("page")?,
        v.strs("section")?,
        v.strs("snippet")?,
        v.strs("pattern_id")?,
        v.f32s("confidence")?,
        v.dates("period_start")?,
        v.dates("period_end")?,
    );
    let f = Cols(&finds);
    let (f_doc, f_rule, f_sev, f_exp, f_msg, f_msg_vi) = (
        f.strs("doc_id")?,
        f.strs("rule")?,
        f.strs("severity")?,
        f.f64s("expected")?,
        f.strs("message")?,
        f.strs("message_vi")?,
    );
    let str_list = |s: &Series| -> Result<Vec<String>, String> {
        Ok(s.str()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|x| x.unwrap_or_default().to_string())
            .collect())
    };
    let f_inds = f.lists("indicators", str_list)?;
    let f_ev = f.lists("evidence", str_list)?;
    let f_vals = f.lists("values", |s: &Series| {
        Ok(s.f64()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|x| x.unwrap_or(f64::NAN))
            .collect())
    })?;

    let mut out = Vec::with_capacity(docs.height());
    let (mut vi, mut fi) = (0usize, 0usize);
    for i in 0..docs.height() {
        let id = need(doc_id[i].clone(), "doc_id")?;
        let doc = DocRecord {
            doc_id: id.clone(),
            sha256: need(sha[i].clone(), "sha256")?,
            path: need(path[i].clone(), "path")?,
            format: parse(need(format[i].clone(), "format")?)?,
            status: parse(need(status[i].clone(), "status")?)?,
            error: error[i].clone(),
            error_code: error_code[i].clone(),
            pages: pages[i].map(|p| p as u32),
            chars: chars[i].unwrap_or(0),
            text_encoding: parse(need(enc[i].clone(), "text_encoding")?)?,
            ocr_damage: ocr[i],
            repaired_words: repaired[i].unwrap_or(0),
            ocr_pages: ocr_pages[i].unwrap_or(0) as i32,
            ocr_engine: ocr_engine[i].clone(),
            ocr_mean_conf: ocr_conf[i],
            meta: Metadata {
                doc_type: doc_type[i].clone(),
                doc_number: doc_number[i].clone(),
                doc_date: doc_date[i],
                issuer: issuer[i].clone(),
                locality: locality[i].clone(),
                locality_level: level[i].clone(),
                district: district[i].clone(),
                province: province[i].clone(),
                period_label: label[i].clone(),
                period_start: p_start[i],
                period_end: p_end[i],
                signer: signer[i].clone(),
            },
            library_version: need(libv[i].clone(), "library_version")?,
            n_values: n_values[i].unwrap_or(0),
            n_findings: n_findings[i].unwrap_or(0),
            elapsed_ms: elapsed[i].unwrap_or(0),
        };
        let nv = usize::try_from(doc.n_values).map_err(|e| e.to_string())?;
        let nf = usize::try_from(doc.n_findings).map_err(|e| e.to_string())?;
        if vi + nv > vals.height() || fi + nf > finds.height() {
            return Err("values/findings shorter than documents says".into());
        }
        let mut values = Vec::with_capacity(nv);
        for j in vi..vi + nv {
            if v_doc[j].as_deref() != Some(id.as_str()) {
                return Err(format!("values row {j} is not of document {id}"));
            }
            values.push(Value {
                indicator: need(v_ind[j].clone(), "indicator")?,
                value: need(v_val[j], "value")?,
                unit: parse(need(v_unit[j].clone(), "unit")?)?,
                qualifier: v_qual[j].clone(),
                origin: match v_origin[j].as_deref() {
                    Some("table") => Origin::Table,
                    _ => Origin::Text,
                },
                page: v_page[j].map(|p| p as u32),
                section: v_section[j].clone(),
                snippet: need(v_snippet[j].clone(), "snippet")?,
                pattern_id: need(v_pattern[j].clone(), "pattern_id")?,
                confidence: need(v_conf[j], "confidence")?,
                period_start: v_start[j],
                period_end: v_end[j],
                source_unit: 0,
                source_table: None,
                source_pos: 0,
            });
        }
        let mut findings = Vec::with_capacity(nf);
        for j in fi..fi + nf {
            if f_doc[j].as_deref() != Some(id.as_str()) {
                return Err(format!("findings row {j} is not of document {id}"));
            }
            findings.push(Finding {
                rule: need(f_rule[j].clone(), "rule")?,
                severity: parse(need(f_sev[j].clone(), "severity")?)?,
                indicators: f_inds[j].clone(),
                values: f_vals[j].clone(),
                expected: f_exp[j],
                message: need(f_msg[j].clone(), "message")?,
                message_vi: need(f_msg_vi[j].clone(), "message_vi")?,
                evidence: f_ev[j].clone(),
            });
        }
        vi += nv;
        fi += nf;
        out.push(FileResult {
            doc,
            values,
            findings,
        });
    }
    if vi != vals.height() || fi != finds.height() {
        return Err("values/findings longer than documents says".into());
    }
    Ok(out)
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
}
