//! Read stage: sniff the real format from the bytes, dispatch to the PDF or DOCX reader, and
//! keep one file's failure from touching the rest (panics caught, sizes capped).

pub mod docx;
// The PDF reader is maintained separately (and may be replaced wholesale); its nested `if`s
// predate the toolchain's `collapsible_if` lint for let chains.
#[allow(clippy::collapsible_if)]
pub mod pdf;
pub mod pdf_guard;

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::model::{Document, Format};

/// Sniffs the format from the first bytes (and the zip directory for DOCX).
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Other("empty");
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
        return if has_doc {
            Format::Docx
        } else {
            Format::Other("zip")
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::Other("doc");
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Other("rtf");
    }
    if std::str::from_utf8(head).is_ok() {
        return Format::Other("text");
    }
    Format::Other("unknown")
}

/// Why a file could not be read, in one line.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

/// Reads a document of a known format without catching panics: PDFs are checked by
/// [`pdf_guard::check`]. [`read`] is this under `catch_unwind`; the fuzz targets call this one
/// so that a panic in our own code is a finding.
pub fn read_unguarded(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    match format {
        Format::Pdf => {
            // Both passes of the guard run inside `read_pdf`: the raw scan before lopdf, the
            // structural checks on its own parse.
            pdf::read_pdf(bytes, &pdf::PdfLimits::default()).map_err(|e| ReadError(e.to_string()))
        }
        Format::Docx => docx::read_docx(bytes, &docx::DocxLimits::default())
            .map_err(|e| ReadError(e.to_string())),
        Format::Other(kind) => Err(ReadError(format!(
            "not a pdf or docx file (looks like {kind})"
        ))),
    }
}

/// Reads a document of a known format, with any panic in a parser turned into an error.
pub fn read(bytes: &[u8], format: Format) -> Result<Document, ReadError> {
    let result = catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes, format)));
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
            Err(ReadError(format!("parser crashed: {line}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b""), Format::Other("empty"));
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"PK\x03\x04garbage"), Format::Other("zip"));
        assert_eq!(sniff(b"hello"), Format::Other("text"));
    }
}
