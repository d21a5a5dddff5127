//! Writing `report.html` one document at a time: rows and sections are rendered as documents
//! arrive and spooled to two temporary files, then [`ReportWriter::finish`] renders the page
//! around them (its header needs the totals) into a temporary file renamed into place.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use askama::Template;
use baocao_model::panel::RunTables;
use baocao_model::record::FileResult;

use crate::templates::{Fragment, Page, Row, Section};

/// Writes `report.html` one document at a time, the same page [`render`](crate::render) gives
/// for the same documents in the same order. Memory hardly grows with their number (only
/// each document's id is kept, for the locality pages' links): each
/// document's row and section go to temporary files in the output directory
/// (`.report.html.rows-PID`, `.report.html.sections-PID`), removed when the writer is finished
/// or dropped; the page itself is written to `.report.html.tmp-PID` and renamed to
/// `report.html`.
pub struct ReportWriter {
    dir: PathBuf,
    rows: Spool,
    sections: Spool,
    reports: usize,
    figures: usize,
    findings: usize,
    rules: Vec<crate::RuleNote>,
    /// Each document's `doc_id`, in the order pushed (its section is `#doc-{index}`).
    doc_ids: Vec<String>,
}

impl ReportWriter {
    /// The audit rules to explain on the page (each finding links to its rule's).
    pub fn with_rules(mut self, rules: Vec<crate::RuleNote>) -> ReportWriter {
        self.rules = rules;
        self
    }

    /// Starts a report in `dir` (which must exist). The error names the file that could not
    /// be created.
    pub fn create(dir: &Path) -> Result<ReportWriter, String> {
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            rows: Spool::create(dir, "rows")?,
            sections: Spool::create(dir, "sections")?,
            reports: 0,
            figures: 0,
            findings: 0,
            rules: Vec::new(),
            doc_ids: Vec::new(),
        })
    }

    /// Adds the next document: its index row and its section.
    pub fn push(&mut self, r: &FileResult) -> Result<(), String> {
        let i = self.reports;
        self.rows.write(&Row { i, r })?;
        self.sections.write(&Section { i, r })?;
        self.reports += 1;
        self.figures += r.values.len();
        self.findings += r.findings.len();
        self.doc_ids.push(r.doc.doc_id.clone());
        Ok(())
    }

    /// Writes `report.html` (through a temporary file and a rename) and removes the spools.
    pub fn finish(self) -> Result<(), String> {
        self.write(None)
    }

    /// [`finish`](ReportWriter::finish), with a page per locality drawn from the run's
    /// `tables` (what the dataset computed at the end: the documents' report grouping, the
    /// primary files' facts, the cross-report findings).
    pub fn finish_with_panel(self, tables: &RunTables) -> Result<(), String> {
        self.write(Some(tables))
    }

    fn write(mut self, tables: Option<&RunTables>) -> Result<(), String> {
        self.rows.close()?;
        self.sections.close()?;
        let tmp = self
            .dir
            .join(format!(".report.html.tmp-{}", std::process::id()));
        let target = self.dir.join("report.html");
        let numbers = crate::section_numbers(self.doc_ids.iter().map(String::as_str));
        let localities = tables.map(|t| crate::locality::Localities::new(t, &numbers));
        let page = Page {
            reports: self.reports,
            figures: self.figures,
            findings: self.findings + tables.map_or(0, |t| t.panel.len()),
            rows: Fragment::File(&self.rows.path),
            sections: Fragment::File(&self.sections.path),
            rules: &self.rules,
            localities: localities.as_ref(),
        };
        let result = write_page(&page, &tmp).and_then(|()| {
            std::fs::rename(&tmp, &target).map_err(|e| format!("{}: {e}", target.display()))
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// Renders `page` into the file `path`.
fn write_page(page: &Page, path: &Path) -> Result<(), String> {
    let at = |e: &dyn fmt::Display| format!("{}: {e}", path.display());
    let file = File::create(path).map_err(|e| at(&e))?;
    let mut out = IoWriter {
        out: BufWriter::with_capacity(1 << 18, file),
        err: None,
    };
    match page.render_into(&mut out) {
        Ok(()) => {}
        // A spool that could not be read: the error names it.
        Err(askama::Error::Custom(e)) => return Err(e.to_string()),
        Err(e) => return Err(at(&out.err.take().map_or(e.to_string(), |e| e.to_string()))),
    }
    out.out.into_inner().map_err(|e| at(&e.into_error()))?;
    Ok(())
}

/// [`fmt::Write`] over a file, keeping the I/O error that a [`fmt::Error`] cannot carry.
struct IoWriter {
    out: BufWriter<File>,
    err: Option<io::Error>,
}

impl fmt::Write for IoWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.err = Some(e);
            fmt::Error
        })
    }
}

/// A temporary file of rendered HTML, written through a buffer and removed when dropped.
struct Spool {
    path: PathBuf,
    out: Option<BufWriter<File>>,
}

impl Spool {
    /// Creates `dir/.report.html.{what}-PID`.
    fn create(dir: &Path, what: &str) -> Result<Spool, String> {
        let path = dir.join(format!(".report.html.{what}-{}", std::process::id()));
        let f = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Spool {
            path,
            out: Some(BufWriter::with_capacity(1 << 18, f)),
        })
    }

    /// Renders `t` at the end of the spool.
    fn write(&mut self, t: &impl Template) -> Result<(), String> {
        match self.out.as_mut() {
            Some(o) => {
                Template::write_into(t, o).map_err(|e| format!("{}: {e}", self.path.display()))
            }
            None => Err(format!("{}: already closed", self.path.display())),
        }
    }

    /// Flushes and closes the file, which stays until the spool is dropped.
    fn close(&mut self) -> Result<(), String> {
        match self.out.take() {
            Some(o) => o
                .into_inner()
                .map(drop)
                .map_err(|e| format!("{}: {}", self.path.display(), e.into_error())),
            None => Ok(()),
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.path);
    }
}
