//! # baocao-read
//!
//! The read stage: [`sniff`] the real format from the bytes, then [`read`] it into a
//! [`baocao_model::Document`] of paragraphs and tables. [`pdf`] reads glyphs with their
//! positions (lopdf and the vendored pdf-extract) after its [`pdf::guard`] has checked the
//! file's structure against caps; [`docx`] streams WordprocessingML. Panics in a parser are
//! caught per file.
//!
//! Left to others: Unicode normalization and repair (`baocao-text`, whose [`baocao_text::encoding`]
//! decodes legacy font runs), everything about meaning.

#![deny(missing_docs)]

pub mod docx;
pub mod ocr;
// The PDF reader is maintained separately (and may be replaced wholesale); its nested `if`s
// predate the toolchain's `collapsible_if` lint for let chains.
#[allow(clippy::collapsible_if)]
pub mod pdf;

use std::panic::{AssertUnwindSafe, catch_unwind};

use baocao_model::{Document, Format};

/// Sniffs the format from the first bytes (and the zip directory for DOCX).
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // A zip whose directory cannot be read (a truncated download) is still a DOCX when its
        // first local headers name Word parts: the DOCX reader then says what is wrong.
        let has_doc = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map(|z| z.index_for_name("word/document.xml").is_some())
            .unwrap_or_else(|_| {
                let start = &bytes[..bytes.len().min(64 * 1024)];
                start.windows(5).any(|w| w == b"word/")
            });
        return if has_doc { Format::Docx } else { Format::Zip };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::Doc;
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    if std::str::from_utf8(head).is_ok() {
        return Format::Text;
    }
    Format::Unknown
}

/// Why a file could not be read; `Display` is the one-line reason, [`ReadError::code`] its
/// stable short code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The PDF reader (or its guard) refused the file.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// The DOCX reader refused the file.
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    /// The bytes are not a format baocao reads.
    #[error("not a pdf or docx file (looks like {0})")]
    NotADocument(Format),
    /// A parser panicked; the string is the first line of its message.
    #[error("parser crashed: {0}")]
    ParserCrashed(String),
}

impl ReadError {
    /// A stable short code for the documents row and tests.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Pdf(e) => e.code(),
            ReadError::Docx(e) => e.code(),
            ReadError::NotADocument(_) => "unsupported_format",
            ReadError::ParserCrashed(_) => "parser_crashed",
        }
    }
}

/// How to read: OCR of image-only PDF pages (off by default).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// OCR settings; `None`: image-only pages stay empty.
    pub ocr: Option<std::sync::Arc<ocr::Ocr>>,
    /// Set to the number of pages handed to OCR before they run, so that the caller can
    /// grow the file's time budget.
    pub ocr_pages: std::sync::Arc<std::sync::atomic::AtomicU32>,
}

/// Reads a document of a known format without catching panics: PDFs are checked by
/// [`pdf::guard::check`]. [`read`] is this under `catch_unwind`; the fuzz targets call this one
/// so that a panic in our own code is a finding.
pub fn read_unguarded(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    read_unguarded_with(bytes, format, &ReadOptions::default())
}

/// [`read_unguarded`] with options.
pub fn read_unguarded_with(
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
    match format {
        Format::Pdf => {
            // Both passes of the guard run inside `read_pdf`: the raw scan before lopdf, the
            // structural checks on its own parse.
            Ok(pdf::read_pdf_with(
                bytes,
                &pdf::PdfLimits::default(),
                options,
            )?)
        }
        Format::Docx => Ok(docx::read_docx(bytes, &docx::DocxLimits::default())?),
        other => Err(ReadError::NotADocument(other)),
    }
}

/// Reads a document of a known format, with any panic in a parser turned into an error.
pub fn read(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    read_with(bytes, format, &ReadOptions::default())
}

/// [`read`] with options (OCR).
pub fn read_with(
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        read_unguarded_with(bytes, format, options)
    }));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let line = msg
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(160)
                .collect::<String>();
            Err(ReadError::ParserCrashed(line))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b""), Format::Empty);
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"PK\x03\x04garbage"), Format::Zip);
        assert_eq!(sniff(b"hello"), Format::Text);
    }
}
