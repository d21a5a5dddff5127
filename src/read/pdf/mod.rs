//! PDF reader (placeholder until the layout reader lands).
use crate::model::Document;
/// Limits.
#[derive(Default)]
pub struct PdfLimits;
/// Error.
#[derive(Debug)]
pub struct PdfError(String);
impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
/// Reads a PDF.
pub fn read_pdf(_b: &[u8], _l: &PdfLimits) -> Result<Document, PdfError> {
    Err(PdfError("pdf reader not built".into()))
}
