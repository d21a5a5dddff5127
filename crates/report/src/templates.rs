//! The page's templates (askama, compiled from `templates/` into the binary). Every value a
//! template prints is HTML-escaped unless it is a [`Fragment`]: HTML these templates rendered
//! earlier, spooled to a file or kept in memory.

use std::fmt;
use std::fs::File;
use std::io::{self, Read as _};
use std::path::Path;

use askama::Template;
use baocao_model::record::FileResult;
use baocao_model::{Severity, fmt_num};

use crate::format::{Piece, highlight};

/// Shown for a document whose issuer was not found.
const UNKNOWN_ISSUER: &str = "(unknown issuer)";

/// The whole page: header with the totals, the index table around `rows`, then `sections`,
/// the style and the sorting script.
#[derive(Template)]
#[template(path = "page.html")]
pub(crate) struct Page<'a> {
    /// Documents in the run.
    pub reports: usize,
    /// Figures over all documents.
    pub figures: usize,
    /// Findings over all documents.
    pub findings: usize,
    /// The index rows ([`Row`]s), in document order.
    pub rows: Fragment<'a>,
    /// The per-document pages ([`Section`]s), in document order.
    pub sections: Fragment<'a>,
    /// The audit rules, one page each (`#rule-{id}`), linked from every finding.
    pub rules: &'a [crate::RuleNote],
    /// The localities: a table in the index and a page each (`#loc-{n}`), when the run's
    /// tables were given.
    pub localities: Option<&'a crate::locality::Localities<'a>>,
}

/// A document's row in the index table.
#[derive(Template)]
#[template(path = "row.html")]
pub(crate) struct Row<'a> {
    /// Its number in the run; its page is `#doc-{i}`.
    pub i: usize,
    /// The document.
    pub r: &'a FileResult,
}

impl Row<'_> {
    fn issuer(&self) -> &str {
        issuer(self.r)
    }

    /// The sort key of the period column.
    fn period_key(&self) -> String {
        self.r
            .doc
            .meta
            .period_start
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    fn errors(&self) -> usize {
        self.r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// A document's page: its findings with both sides' evidence, then its figures.
#[derive(Template)]
#[template(path = "section.html")]
pub(crate) struct Section<'a> {
    /// Its number in the run; the page's anchor is `doc-{i}`.
    pub i: usize,
    /// The document.
    pub r: &'a FileResult,
}

impl<'a> Section<'a> {
    fn issuer(&self) -> &str {
        issuer(self.r)
    }

    /// `text` split around the figures `values`, which the template draws in `<mark>`.
    fn marks<'t>(&self, text: &'t str, values: &impl AsRef<[f64]>) -> Vec<Piece<'t>> {
        highlight(text, values.as_ref())
    }

    /// A figure as written in the dataset's text columns (`1451`, `2.5`).
    fn num(&self, v: &f64) -> String {
        fmt_num(*v)
    }
}

fn issuer(r: &FileResult) -> &str {
    r.doc.meta.issuer.as_deref().unwrap_or(UNKNOWN_ISSUER)
}

/// HTML rendered earlier by these templates, printed as it is (askama's [`HtmlSafe`]): a
/// string, or a spool file streamed in pieces so that the page is never held in memory.
///
/// [`HtmlSafe`]: askama::filters::HtmlSafe
#[derive(Clone, Copy)]
pub(crate) enum Fragment<'a> {
    /// Rendered HTML in memory.
    Html(&'a str),
    /// A file of rendered HTML (UTF-8).
    File(&'a Path),
}

impl Fragment<'_> {
    fn write_to(&self, dest: &mut dyn fmt::Write) -> Result<(), FragmentError> {
        match self {
            Fragment::Html(s) => dest.write_str(s).map_err(FragmentError::Fmt),
            Fragment::File(path) => {
                let io = |e: io::Error| FragmentError::Io(format!("{}: {e}", path.display()));
                let mut f = File::open(path).map_err(io)?;
                let mut buf = vec![0u8; 1 << 16];
                let mut carry = 0;
                loop {
                    let n = f.read(&mut buf[carry..]).map_err(io)?;
                    let len = carry + n;
                    // Cut at the last whole character; the rest opens the next read.
                    let valid = match std::str::from_utf8(&buf[..len]) {
                        Ok(s) => s.len(),
                        Err(e) if e.error_len().is_none() && n > 0 => e.valid_up_to(),
                        Err(_) => {
                            return Err(io(io::Error::new(
                                io::ErrorKind::InvalidData,
                                "not UTF-8",
                            )));
                        }
                    };
                    let text = std::str::from_utf8(&buf[..valid]).expect("checked above");
                    dest.write_str(text).map_err(FragmentError::Fmt)?;
                    if n == 0 {
                        return Ok(());
                    }
                    buf.copy_within(valid..len, 0);
                    carry = len - valid;
                }
            }
        }
    }
}

/// Why a [`Fragment`] could not be written out.
#[derive(Debug)]
enum FragmentError {
    /// The destination refused it.
    Fmt(fmt::Error),
    /// Its spool file could not be read (with the file's path).
    Io(String),
}

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FragmentError::Fmt(e) => e.fmt(f),
            FragmentError::Io(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for FragmentError {}

impl fmt::Display for Fragment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f).map_err(|_| fmt::Error)
    }
}

/// What askama calls to print a fragment: like [`Display`](fmt::Display), but a spool file
/// that cannot be read is reported as such rather than as a bare formatting error.
impl askama::FastWritable for Fragment<'_> {
    fn write_into(
        &self,
        dest: &mut dyn fmt::Write,
        _values: &dyn askama::Values,
    ) -> askama::Result<()> {
        self.write_to(dest).map_err(|e| match e {
            FragmentError::Fmt(_) => askama::Error::Fmt,
            e => askama::Error::custom(e),
        })
    }
}

impl askama::filters::HtmlSafe for Fragment<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_spool_is_named_in_the_error() {
        let missing = Path::new("/nonexistent/.report.html.rows-0");
        let page = Page {
            reports: 0,
            figures: 0,
            findings: 0,
            rows: Fragment::File(missing),
            sections: Fragment::Html(""),
            rules: &[],
            localities: None,
        };
        let mut out = String::new();
        match page.render_into(&mut out) {
            Err(askama::Error::Custom(e)) => {
                assert!(
                    e.to_string()
                        .starts_with("/nonexistent/.report.html.rows-0: ")
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
