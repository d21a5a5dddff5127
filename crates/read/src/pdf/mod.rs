//! PDF reader: loads a PDF with lopdf, drives pdf-extract's glyph layer page by page, and
//! rebuilds words, lines, paragraphs and ruled tables from glyph positions and ruling lines.
//!
//! pdf-extract panics on purpose on fonts or content it does not support; every page is run
//! under [`std::panic::catch_unwind`] and a page that panics is listed in
//! [`Document::skipped`](baocao_model::Document::skipped). The panic message is still printed
//! by the process-wide panic hook: callers that want a quiet stderr should install their own
//! hook (`std::panic::set_hook`) — this library does not, since the hook is global.

pub mod glyphs;
pub mod guard;
pub mod inspect;
pub mod layout;
pub mod legacy;
pub mod tables;

use std::panic::{AssertUnwindSafe, catch_unwind};

use baocao_model::{Block, Document, TextEncoding};
use glyphs::{Collector, PageContent};

/// Limits for one PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfLimits {
    /// Pages beyond this number are not read (listed in `skipped`).
    pub max_pages: u32,
    /// Glyphs recorded per page; the rest of a page beyond it is dropped (listed in `skipped`).
    pub max_glyphs_per_page: usize,
    /// The guard's caps ([`guard`]): the raw scan before lopdf parses the file, the
    /// structural checks (objects, page tree, forms) on the loaded object graph before
    /// anything walks it.
    pub guard: guard::GuardLimits,
}

impl Default for PdfLimits {
    /// 2000 pages, 200 000 glyphs per page, the guard's default caps.
    fn default() -> Self {
        PdfLimits {
            max_pages: 2000,
            max_glyphs_per_page: 200_000,
            guard: guard::GuardLimits::default(),
        }
    }
}

/// Why a PDF could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// No `%PDF-` header near the start; the string says what was found.
    #[error("not a pdf: {0}")]
    NotPdf(String),
    /// Encrypted and the empty user password does not open it.
    #[error("encrypted (password required)")]
    Encrypted,
    /// lopdf could not parse the file (the string is its short message).
    #[error("malformed pdf: {0}")]
    Malformed(String),
    /// The page tree has no pages.
    #[error("no pages")]
    NoPages,
    /// The object graph breaks one of the guard's caps (cycles, depth, forms).
    #[error(transparent)]
    Guard(#[from] guard::GuardError),
}

impl PdfError {
    /// A stable short code for the documents row and tests.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::NotPdf(_) => "not_pdf",
            PdfError::Encrypted => "encrypted",
            PdfError::Malformed(_) => "malformed_pdf",
            PdfError::NoPages => "no_pages",
            PdfError::Guard(g) => g.code(),
        }
    }
}

/// Reads a PDF from memory into a [`Document`]: paragraphs and tables in reading order.
///
/// Pages whose content pdf-extract cannot handle (it panics on unknown fonts/CMaps) are
/// skipped and named in `Document::skipped`; the rest of the file is still read.
pub fn read_pdf(bytes: &[u8], limits: &PdfLimits) -> Result<Document, PdfError> {
    read_pdf_with(bytes, limits, &crate::ReadOptions::default())
}

/// [`read_pdf`] with options: with `options.ocr`, pages with an empty text layer that draw
/// a page-sized image are recognized by OCR ([`crate::ocr`]).
pub fn read_pdf_with(
    bytes: &[u8],
    limits: &PdfLimits,
    options: &crate::ReadOptions,
) -> Result<Document, PdfError> {
    read_pdf_traced(bytes, limits, options, None)
}

/// [`read_pdf_with`], recording one page's layers in `probe` when given ([`inspect`]).
pub(crate) fn read_pdf_traced(
    bytes: &[u8],
    limits: &PdfLimits,
    options: &crate::ReadOptions,
    mut probe: Option<&mut inspect::Probe>,
) -> Result<Document, PdfError> {
    check_header(bytes)?;
    let raw = guard::check_raw(bytes, &limits.guard)?;
    let mut doc = load(bytes)?;
    let pages = guard::check_loaded(&doc, bytes, &raw, &limits.guard)?;
    if pages == 0 {
        return Err(PdfError::NoPages);
    }
    let page_count = pages.min(u32::MAX as u64) as u32;
    // lopdf's page list may name one page object twice (a cycle in the page tree); lay out
    // the first occurrence only.
    let listed = doc.get_pages();
    let mut seen = std::collections::HashSet::new();
    let mut wanted = vec![false; listed.len() + 1];
    for (&n, id) in &listed {
        if let Some(w) = wanted.get_mut(n as usize) {
            *w = seen.insert(*id);
        }
    }
    let listed_count = listed.len().min(u32::MAX as usize) as u32;
    drop(listed);
    let max_pages = limits.max_pages.max(1);
    let last = listed_count.min(max_pages);
    // Image-only page candidates, taken before the image streams are emptied.
    let ocr_candidates = match &options.ocr {
        Some(_) => crate::ocr::candidates(&doc, &wanted, last),
        None => Default::default(),
    };
    neutralize_images(&mut doc);
    if let Some(p) = probe.as_deref_mut() {
        p.read_fonts(&doc);
    }
    // With candidates, pages are kept and laid out after OCR, in page order.
    let mut kept: Vec<PageContent> = Vec::new();

    let mut out = Document {
        pages: Some(page_count),
        ..Document::default()
    };
    let mut builder = layout::PageBuilder::default();
    let mut blocks: Vec<Block> = Vec::new();
    let mut truncated: Vec<u32> = Vec::new();
    let mut legacy = legacy::LegacyPdf::new();
    {
        let on_page = |page: &PageContent| {
            if page.truncated {
                truncated.push(page.page);
            }
            // The decoded page (legacy fonts), for the layout and the debug recorder alike.
            let page = legacy.page(page);
            if !ocr_candidates.is_empty() {
                kept.push(page.clone());
                return;
            }
            match probe.as_deref_mut() {
                Some(p) => p.build(&mut builder, page, &mut blocks),
                None => builder.build(page, &mut blocks),
            }
        };
        let mut collector = Collector::new(limits.max_glyphs_per_page.max(1), max_pages, on_page);
        collector.wanted = wanted;
        // Whole document in one pass; after a failure continue page by page.
        let mut next;
        let first = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc(&doc, &mut collector)
        }));
        match first {
            Ok(Ok(())) => next = last + 1,
            Ok(Err(_)) | Err(_) => {
                let current = collector.current;
                if collector.page_limit_hit {
                    next = last + 1;
                } else if collector.in_page {
                    finish_failed_page(&mut collector, current, first_reason(&first), &mut out);
                    next = current + 1;
                } else {
                    // Failed between pages: retry the following pages one by one.
                    next = current + 1;
                }
            }
        }
        while next <= last {
            collector.in_page = false;
            if !collector.wanted.get(next as usize).copied().unwrap_or(true) {
                next += 1;
                continue;
            }
            let r = catch_unwind(AssertUnwindSafe(|| {
                pdf_extract::output_doc_page(&doc, &mut collector, next)
            }));
            if !matches!(r, Ok(Ok(()))) && collector.in_page {
                finish_failed_page(&mut collector, next, first_reason(&r), &mut out);
            } else if !matches!(r, Ok(Ok(()))) {
                out.skipped
                    .push(format!("page {next}: {}", first_reason(&r)));
            }
            next += 1;
        }
    }
    if let Some(ocr) = &options.ocr
        && !ocr_candidates.is_empty()
    {
        crate::ocr::run_on_pages(bytes, &mut kept, &ocr_candidates, ocr, options, &mut out);
        kept.sort_by_key(|p| p.page);
        for page in &kept {
            match probe.as_deref_mut() {
                Some(p) => p.build(&mut builder, page, &mut blocks),
                None => builder.build(page, &mut blocks),
            }
        }
    }
    if listed_count > last {
        out.skipped
            .push(format!("pages {}-{listed_count}: page limit", last + 1));
    }
    for p in truncated {
        out.skipped
            .push(format!("page {p}: glyph limit, text truncated"));
    }
    layout::mark_repeated_headers(&mut blocks);
    if !blocks.is_empty() {
        out.encodings.push(TextEncoding::Unicode);
        out.encodings.extend(legacy.encodings());
    }
    out.fonts = legacy.report();
    out.blocks = blocks;
    Ok(out)
}

/// A page that stopped half-way: keep its glyphs when the glyph limit stopped it, else skip it.
fn finish_failed_page<F: FnMut(&PageContent)>(
    collector: &mut Collector<F>,
    page: u32,
    reason: String,
    out: &mut Document,
) {
    collector.in_page = false;
    if !collector.wanted.get(page as usize).copied().unwrap_or(true) {
        return;
    }
    if collector.page.truncated {
        use pdf_extract::OutputDev;
        let _ = collector.end_page();
    } else {
        out.skipped.push(format!("page {page}: {reason}"));
    }
}

/// A short reason for a failed page run.
fn first_reason(r: &std::thread::Result<Result<(), pdf_extract::OutputError>>) -> String {
    match r {
        Ok(Ok(())) => String::from("ok"),
        Ok(Err(e)) => {
            let s = e.to_string();
            short(&s)
        }
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let lower = msg.to_lowercase();
            if ["font", "encoding", "cmap", "unicode", "width", "glyph"]
                .iter()
                .any(|k| lower.contains(k))
            {
                String::from("unsupported font")
            } else if msg.is_empty() {
                String::from("unsupported content")
            } else {
                format!("unsupported content ({})", short(&msg))
            }
        }
    }
}

fn short(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        out.push('…');
    }
    out.to_lowercase()
}

fn check_header(bytes: &[u8]) -> Result<(), PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::NotPdf(String::from("empty")));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(());
    }
    let what = if head.starts_with(b"PK\x03\x04") {
        "zip"
    } else if head.starts_with(b"\xD0\xCF\x11\xE0") {
        "ole2"
    } else if head.starts_with(b"<") {
        "markup"
    } else {
        "no %PDF header"
    };
    Err(PdfError::NotPdf(String::from(what)))
}

fn load(bytes: &[u8]) -> Result<lopdf::Document, PdfError> {
    let loaded = catch_unwind(AssertUnwindSafe(|| lopdf::Document::load_mem(bytes)));
    let doc = match loaded {
        Ok(Ok(d)) => d,
        Ok(Err(lopdf::Error::Decryption(_))) | Ok(Err(lopdf::Error::InvalidPassword)) => {
            return Err(PdfError::Encrypted);
        }
        Ok(Err(e)) => return Err(PdfError::Malformed(short(&e.to_string()))),
        Err(_) => return Err(PdfError::Malformed(String::from("parser panic"))),
    };
    // lopdf opens encrypted files with the empty user password itself and then drops
    // /Encrypt from the trailer; if it is still there, the empty password did not work.
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    Ok(doc)
}

/// Empties image XObject streams so pdf-extract never decodes image data (it would try to
/// parse an image as a content stream when it meets `Do`).
fn neutralize_images(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(s) = obj {
            let is_image =
                matches!(s.dict.get(b"Subtype"), Ok(lopdf::Object::Name(n)) if n == b"Image");
            if is_image {
                s.content.clear();
                s.dict.remove(b"Filter");
                s.dict.remove(b"DecodeParms");
            }
        }
    }
}
