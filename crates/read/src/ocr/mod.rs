//! OCR of image-only PDF pages: pages whose text layer is empty (or nearly so) and that draw
//! a page-sized image are recognized by Tesseract ([`tesseract`]), one child process per page,
//! from the image taken straight from the PDF ([`image`]). The words ([`tsv`]) are mapped
//! back to page coordinates and handed to the PDF layout as positioned glyphs, so scans get
//! the same lines, paragraphs and borderless tables as text PDFs. Ruling lines are found in
//! the page raster ([`rules`]) and given to the layout as the page's rules, so a scanned
//! ruled table is read cell by cell like a born-digital one.
//!
//! Pages are recognized in parallel within a shared budget of worker slots ([`Slots`]): the
//! thread reading the file counts as holding one, and takes more only while they are free.

pub mod image;
pub mod rules;
pub mod tesseract;
pub mod tsv;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use baocao_model::OcrStats;

use crate::pdf::glyphs::{Glyph, GlyphKind, PageContent};
use image::{Affine, PageFrame, PageImage};
use tesseract::{EngineError, Tesseract};
use tsv::OcrWord;

/// `--ocr`: when to recognize image-only pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Recognize them when the engine is installed; otherwise list them as skipped with the
    /// command that installs it.
    #[default]
    Auto,
    /// Never: image-only pages stay empty.
    Off,
    /// Like `Auto`, but the run stops before reading anything when the engine is missing.
    Require,
}

impl std::str::FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "off" => Ok(OcrMode::Off),
            "require" => Ok(OcrMode::Require),
            _ => Err(format!("expected auto, off or require, not {s:?}")),
        }
    }
}

/// A counting semaphore of worker slots shared by files and OCR'd pages: in this process, or
/// across worker processes through a jobserver pipe (the token protocol of GNU make).
#[derive(Debug)]
pub struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
    /// The run's jobserver, when the slots are shared by several processes.
    shared: Option<jobserver::Client>,
}

/// A slot held until dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<Slots>,
    /// The jobserver token, for shared slots (released when dropped).
    token: Option<jobserver::Acquired>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if self.token.take().is_some() {
            return;
        }
        let mut f = self.slots.free.lock().unwrap_or_else(|e| e.into_inner());
        *f += 1;
        self.slots.freed.notify_one();
    }
}

impl Slots {
    /// `n` slots.
    pub fn new(n: usize) -> Arc<Slots> {
        Arc::new(Slots {
            free: Mutex::new(n),
            freed: Condvar::new(),
            shared: None,
        })
    }

    /// Slots shared with other processes through a jobserver (the parent's tokens).
    pub fn shared(client: jobserver::Client) -> Arc<Slots> {
        Arc::new(Slots {
            free: Mutex::new(0),
            freed: Condvar::new(),
            shared: Some(client),
        })
    }

    /// Waits for a slot.
    pub fn acquire(self: &Arc<Self>) -> Slot {
        if let Some(client) = &self.shared {
            // A broken pipe (the parent is gone) must not stop the file: go on without.
            return Slot {
                slots: Arc::clone(self),
                token: client.acquire().ok(),
            };
        }
        let mut f = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *f == 0 {
            f = self.freed.wait(f).unwrap_or_else(|e| e.into_inner());
        }
        *f -= 1;
        Slot {
            slots: Arc::clone(self),
            token: None,
        }
    }

    /// A slot if one is free now.
    pub fn try_acquire(self: &Arc<Self>) -> Option<Slot> {
        if let Some(client) = &self.shared {
            let token = match client.try_acquire() {
                Ok(t) => t?,
                // An anonymous pipe cannot be read without blocking: take a token only when
                // the pipe holds one (another process may take it first; then this waits
                // for the next token a running file gives back).
                Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
                    if client.available().ok()? == 0 {
                        return None;
                    }
                    client.acquire().ok()?
                }
                Err(_) => return None,
            };
            return Some(Slot {
                slots: Arc::clone(self),
                token: Some(token),
            });
        }
        let mut f = self.free.lock().unwrap_or_else(|e| e.into_inner());
        if *f == 0 {
            return None;
        }
        *f -= 1;
        Some(Slot {
            slots: Arc::clone(self),
            token: None,
        })
    }
}

/// The OCR settings of a run.
#[derive(Debug)]
pub struct Ocr {
    /// The engine, or why it is unavailable (pages are then skipped with this reason).
    pub engine: Result<Tesseract, EngineError>,
    /// A page's process is killed after this long.
    pub page_timeout: Duration,
    /// Worker slots shared with the rest of the run; `None`: one page at a time.
    pub slots: Option<Arc<Slots>>,
}

impl Ocr {
    /// Settings for `mode`: `None` for [`OcrMode::Off`]; for [`OcrMode::Require`] an error
    /// when the engine is missing.
    pub fn for_mode(
        mode: OcrMode,
        page_timeout: Duration,
        slots: Option<Arc<Slots>>,
    ) -> Result<Option<Ocr>, EngineError> {
        if mode == OcrMode::Off {
            return Ok(None);
        }
        let engine = Tesseract::detect();
        if mode == OcrMode::Require
            && let Err(e) = &engine
        {
            return Err(e.clone());
        }
        Ok(Some(Ocr {
            engine,
            page_timeout,
            slots,
        }))
    }
}

/// Fewer visible glyphs than this on a page that draws a page-sized image: the page is OCR'd.
pub const MIN_TEXT_GLYPHS: usize = 20;
/// How a page skipped for want of the engine is listed (followed by the reason and the
/// install command).
pub const SKIPPED_NO_ENGINE: &str = "image only, not read";

/// Words below this confidence (0–100) are listed in [`OcrStats::low_conf`].
pub const LOW_CONFIDENCE: f32 = 60.0;

/// A candidate page: its frame and its image when taken from the PDF (`None`: to be
/// rendered with `pdftoppm`, for JBIG2, unusual encodings and rotated placements).
#[derive(Debug, Clone)]
pub struct Source {
    /// The displayed page.
    pub frame: PageFrame,
    /// The image as stored, with its placement.
    pub image: Option<PageImage>,
}

/// The pages (1-based numbers, among `wanted`) that draw a page-sized image, with where
/// their image comes from. Run before the image streams are emptied.
pub fn candidates(doc: &lopdf::Document, wanted: &[bool], last: u32) -> BTreeMap<u32, Source> {
    let mut out = BTreeMap::new();
    for (n, id) in doc.get_pages() {
        if n > last || !wanted.get(n as usize).copied().unwrap_or(true) {
            continue;
        }
        let Some((img, m, frame)) = image::page_sized_image(doc, id) else {
            continue;
        };
        let image = match image::extract(doc, img) {
            Some((data, kind, w, h)) => {
                // Pixel (top-left origin) → image unit square → displayed page.
                let px: Affine = [1.0 / f64::from(w), 0.0, 0.0, -1.0 / f64::from(h), 0.0, 1.0];
                let to_page = image::then(&px, &m);
                if upright(&to_page) {
                    let dpi = (72.0 / to_page[0]).round().clamp(30.0, 2400.0) as u32;
                    Some(PageImage {
                        data,
                        kind,
                        width: w,
                        height: h,
                        to_page,
                        dpi,
                    })
                } else {
                    None
                }
            }
            None => None,
        };
        out.insert(n, Source { frame, image });
    }
    out
}

/// True when the map keeps the image upright (no rotation or mirror): Tesseract then reads
/// the image as it is stored.
fn upright(m: &Affine) -> bool {
    let (a, b, c, d) = (m[0], m[1], m[2], m[3]);
    a > 0.0 && d > 0.0 && b.abs() < 1e-3 * a && c.abs() < 1e-3 * d
}

/// True when a page's text layer is empty or nearly so.
pub fn text_is_empty(page: &PageContent) -> bool {
    page.glyphs
        .iter()
        .filter(|g| g.kind == GlyphKind::Normal)
        .take(MIN_TEXT_GLYPHS)
        .count()
        < MIN_TEXT_GLYPHS
}

/// One page's OCR: its content for the layout and the word statistics.
#[derive(Debug, Default)]
pub struct PageOcr {
    /// Words as glyphs in page coordinates.
    pub content: PageContent,
    /// Words read.
    pub words: usize,
    /// Sum of their confidences.
    pub conf_sum: f64,
    /// Words under [`LOW_CONFIDENCE`].
    pub low: Vec<String>,
}

/// Recognizes `pages` (number, source) of the PDF `pdf`, in parallel within `ocr.slots`;
/// results in the same order, `Err` holding the reason a page was not read.
pub fn recognize_pages(
    pdf: &[u8],
    pages: &[(u32, &Source)],
    ocr: &Ocr,
) -> Vec<Result<PageOcr, String>> {
    let engine = match &ocr.engine {
        Ok(e) => e,
        Err(e) => {
            return pages
                .iter()
                .map(|_| Err(format!("{SKIPPED_NO_ENGINE}: {e}")))
                .collect();
        }
    };
    let one = |&(n, source): &(u32, &Source)| recognize_page(pdf, n, source, engine, ocr);
    run_parallel(pages, ocr.slots.as_ref(), one)
}

/// Runs `f` over `items` on the calling thread plus one helper per slot free at the time
/// (a helper gives its slot back after each item and goes on only when it gets one again).
fn run_parallel<T: Sync, R: Send>(
    items: &[T],
    slots: Option<&Arc<Slots>>,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let work = |i: usize| {
        if let Some(item) = items.get(i) {
            let r = f(item);
            if let Some(slot) = results.lock().unwrap_or_else(|e| e.into_inner()).get_mut(i) {
                *slot = Some(r);
            }
        }
    };
    std::thread::scope(|s| {
        let mut helpers = 0usize;
        loop {
            // Start helpers for the slots free now, one per page still waiting.
            if let Some(slots) = slots {
                while helpers + 1 < items.len().saturating_sub(next.load(Ordering::Relaxed)) {
                    let Some(first) = slots.try_acquire() else {
                        break;
                    };
                    helpers += 1;
                    let (next, work, slots) = (&next, &work, Arc::clone(slots));
                    s.spawn(move || {
                        let mut held = Some(first);
                        while held.is_some() {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= items.len() {
                                break;
                            }
                            work(i);
                            drop(held.take());
                            held = slots.try_acquire();
                        }
                    });
                }
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items.len() {
                break;
            }
            work(i);
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was run"))
        .collect()
}

fn recognize_page(
    pdf: &[u8],
    number: u32,
    source: &Source,
    engine: &Tesseract,
    ocr: &Ocr,
) -> Result<PageOcr, String> {
    let frame = &source.frame;
    let rendered;
    // What the engine reads unless the page has a ruled table, with its map and resolution.
    let (data, to_page, dpi) = match &source.image {
        Some(img) => (img.data.as_slice(), img.to_page, img.dpi),
        None => {
            rendered = image::render_page(pdf, number, ocr.page_timeout)
                .map_err(|e| format!("image only, not read: {e}"))?;
            let (w, h) = image::pnm_size(&rendered)
                .ok_or_else(|| String::from("image only, not read: pdftoppm output unreadable"))?;
            (
                rendered.as_slice(),
                frame_map(frame, w as usize, h as usize),
                image::RENDER_DPI,
            )
        }
    };
    let is_pnm = source
        .image
        .as_ref()
        .is_none_or(|img| img.kind == image::ImageKind::Pnm);
    let raster = if is_pnm {
        rules::Gray::from_pnm(data).map(|g| (g, to_page, dpi))
    } else {
        // JPEG, JPEG 2000 and CCITT are not decoded here: the page is rendered for its rules.
        let r = dpi.clamp(100, RULES_DPI);
        image::render_page_at(pdf, number, r, ocr.page_timeout)
            .ok()
            .and_then(|d| rules::Gray::from_pnm(&d))
            .map(|g| {
                let m = frame_map(frame, g.width, g.height);
                (g, m, r)
            })
    };
    // A page with a ruled table is read from its raster with the rules whitened.
    let mut cleaned = None;
    let (mut hrules, mut vrules) = (Vec::new(), Vec::new());
    if let Some((mut g, m, r)) = raster {
        let found = rules::detect_and_erase(&mut g, r as f32);
        let (h, v) = found.to_page(&m);
        if !crate::pdf::tables::find_grids(&h, &v).is_empty() {
            (hrules, vrules) = (h, v);
            cleaned = Some((g.to_pgm(), m, r));
        }
    }
    let (data, to_page, dpi) = match &cleaned {
        Some((pgm, m, r)) => (pgm.as_slice(), *m, *r),
        None => (data, to_page, dpi),
    };
    let tsv = engine
        .recognize(data, dpi, ocr.page_timeout)
        .map_err(|e| e.to_string())?;
    let words = tsv::parse_tsv(&tsv);
    let mut page = page_from_words(number, &words, &to_page, frame.width, frame.height);
    page.content.hrules = hrules;
    page.content.vrules = vrules;
    Ok(page)
}

/// Highest resolution a page is rendered at for its rules (when its image is JPEG, JPEG 2000
/// or CCITT, which are not decoded here): the usual scan resolution.
const RULES_DPI: u32 = 300;

/// Pixel → page map of a `w`×`h` rendering of the whole displayed page.
fn frame_map(frame: &PageFrame, w: usize, h: usize) -> Affine {
    [
        frame.width / w.max(1) as f64,
        0.0,
        0.0,
        frame.height / h.max(1) as f64,
        0.0,
        0.0,
    ]
}

/// Lays OCR words out as glyphs in page points: one glyph per word spanning its box, a
/// space glyph after it.
///
/// Every word of a Tesseract line sits on the line's baseline (a low quantile of its words'
/// bottoms: descenders and dots below go lower, dashes higher), as in Tesseract's own PDF
/// text layer, so that a table row's cells, which Tesseract reads as one line even when a
/// unit is centred against a two-line label, stay one row; the font size comes from the
/// line's median word height. Rule fragments (`|`) and symbol-only words read with almost
/// no confidence are dropped. (Cutting lines at wide gaps into parts with their own
/// baselines was measured worse on the corpus scan: F1 0.863 against 0.907.)
pub fn page_from_words(
    number: u32,
    words: &[OcrWord],
    to_page: &Affine,
    width: f64,
    height: f64,
) -> PageOcr {
    let mut out = PageOcr::default();
    out.content.reset(number);
    out.content.width = width as f32;
    out.content.height = height as f32;
    let words: Vec<&OcrWord> = words.iter().filter(|w| !is_noise(w)).collect();
    let page_h = median(words.iter().map(|w| w.height).collect()).unwrap_or(0.0);
    // Specks read as words: far shorter than the page's words and read with little
    // confidence (a dash is as short but read with high confidence).
    let words: Vec<&OcrWord> = words
        .into_iter()
        .filter(|w| !(w.conf < 50.0 && w.height < 0.4 * page_h))
        .collect();
    let page_em = page_h * EM_PER_HEIGHT;
    let scale = (to_page[3].abs() as f32).max(1e-6);
    for line in words.chunk_by(|a, b| a.line_key() == b.line_key()) {
        let em = line_em(line).max(0.7 * page_em).min(1.5 * page_em.max(1.0));
        let baseline = baseline(line, em);
        let size = (em * scale).max(1.0);
        for w in line.iter() {
            let (x0, y) = image::apply(to_page, f64::from(w.left), f64::from(baseline));
            let (x1, _) = image::apply(to_page, f64::from(w.right()), f64::from(baseline));
            let (x0, x1) = (x0.min(x1) as f32, x0.max(x1) as f32);
            let start = out.content.text.len() as u32;
            out.content.text.push_str(&w.text);
            out.content.glyphs.push(Glyph {
                x: x0,
                y: y as f32,
                w: x1 - x0,
                size,
                start,
                len: w.text.len() as u32,
                kind: GlyphKind::Normal,
                font: 0,
            });
            let start = out.content.text.len() as u32;
            out.content.text.push(' ');
            out.content.glyphs.push(Glyph {
                x: x1,
                y: y as f32,
                w: 0.0,
                size,
                start,
                len: 1,
                kind: GlyphKind::Space,
                font: 0,
            });
            out.words += 1;
            out.conf_sum += f64::from(w.conf);
            if w.conf < LOW_CONFIDENCE {
                out.low.push(w.text.clone());
            }
        }
    }
    out
}

/// Font size (em) per median word height: a word's box spans about two thirds of an em
/// (x-height plus a diacritic, an ascender or a descender).
const EM_PER_HEIGHT: f32 = 1.45;

/// A word that is a table rule read as text, or a symbol read with almost no confidence.
fn is_noise(w: &OcrWord) -> bool {
    let t = w.text.trim();
    t.is_empty()
        || t.chars().all(|c| matches!(c, '|' | '¦' | '[' | ']' | '_'))
        || (w.conf < 20.0 && !t.chars().any(char::is_alphanumeric))
}

/// The em of a run of words, in pixels: from their median height.
fn line_em(words: &[&OcrWord]) -> f32 {
    median(words.iter().map(|w| w.height).collect()).unwrap_or(0.0) * EM_PER_HEIGHT
}

/// The baseline of a run of words: the lower quartile of the bottoms of words at least half
/// an x-height tall.
fn baseline(words: &[&OcrWord], em: f32) -> f32 {
    let tall: Vec<f32> = words
        .iter()
        .filter(|w| w.height >= 0.3 * em)
        .map(|w| w.bottom())
        .collect();
    let mut b = if tall.is_empty() {
        words.iter().map(|w| w.bottom()).collect()
    } else {
        tall
    };
    b.sort_by(f32::total_cmp);
    b.get(b.len() / 4).copied().unwrap_or(0.0)
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// OCRs the kept pages whose text layer is empty and that are candidates, replacing their
/// content with the words read; pages that could not be read are listed in `out.skipped`.
pub fn run_on_pages(
    pdf: &[u8],
    kept: &mut [PageContent],
    candidates: &BTreeMap<u32, Source>,
    ocr: &Ocr,
    options: &crate::ReadOptions,
    out: &mut baocao_model::Document,
) {
    let todo: Vec<(usize, u32, &Source)> = kept
        .iter()
        .enumerate()
        .filter(|(_, p)| text_is_empty(p))
        .filter_map(|(i, p)| candidates.get(&p.page).map(|s| (i, p.page, s)))
        .collect();
    if todo.is_empty() {
        return;
    }
    if ocr.engine.is_ok() {
        options
            .ocr_pages
            .fetch_add(todo.len() as u32, Ordering::Relaxed);
    }
    let pages: Vec<(u32, &Source)> = todo.iter().map(|&(_, n, s)| (n, s)).collect();
    let results = recognize_pages(pdf, &pages, ocr);
    let engine = ocr
        .engine
        .as_ref()
        .map(|e| e.version.clone())
        .unwrap_or_default();
    let mut stats = OcrStats::default();
    for (&(i, n, _), r) in todo.iter().zip(results) {
        match r {
            Ok(page) => {
                add_stats(&mut stats, n, &page, &engine);
                if let Some(slot) = kept.get_mut(i) {
                    let mut content = page.content;
                    // Keep whatever the text layer had (a page number) under the words.
                    if slot.glyphs.is_empty() {
                        content.hrules.append(&mut slot.hrules);
                        content.vrules.append(&mut slot.vrules);
                    }
                    *slot = content;
                }
            }
            Err(reason) => out.skipped.push(format!("page {n}: {reason}")),
        }
    }
    if stats.pages > 0 {
        out.ocr = Some(stats);
    }
}

/// Adds one page's word statistics to a document's.
pub fn add_stats(stats: &mut OcrStats, page: u32, ocr: &PageOcr, engine: &str) {
    if stats.engine.is_empty() {
        stats.engine = engine.to_string();
    }
    let before = stats.mean_conf * stats.words as f64;
    stats.pages += 1;
    stats.words += ocr.words as u64;
    stats.mean_conf = if stats.words > 0 {
        (before + ocr.conf_sum) / stats.words as f64
    } else {
        0.0
    };
    stats
        .low_conf
        .extend(ocr.low.iter().map(|w| (page, w.clone())));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: u32, left: f32, top: f32, w: f32, h: f32, text: &str) -> OcrWord {
        OcrWord {
            block: 1,
            par: 1,
            line,
            left,
            top,
            width: w,
            height: h,
            conf: if text.contains('?') { 20.0 } else { 95.0 },
            text: text.into(),
        }
    }

    #[test]
    fn words_become_glyphs_on_page_coordinates() {
        // 200 dpi image on an A4 page: 72/200 points per pixel.
        let s = 72.0 / 200.0;
        let to_page: Affine = [s, 0.0, 0.0, s, 0.0, 0.0];
        let words = [
            word(1, 100.0, 100.0, 80.0, 30.0, "Tổng"),
            word(1, 200.0, 108.0, 60.0, 22.0, "số"),
            word(2, 100.0, 160.0, 50.0, 30.0, "1?01"),
        ];
        let p = page_from_words(3, &words, &to_page, 595.0, 842.0);
        assert_eq!(p.content.page, 3);
        assert_eq!(p.words, 3);
        assert_eq!(p.low, vec![String::from("1?01")]);
        let g = &p.content.glyphs;
        assert_eq!(g.len(), 6);
        assert_eq!(g[0].text(&p.content.text), "Tổng");
        assert_eq!(g[1].kind, GlyphKind::Space);
        assert!((g[0].x - 36.0).abs() < 0.01);
        // Both words of line 1 share its baseline (median bottom, 130 px).
        assert_eq!(g[0].y, g[2].y);
        assert!((g[0].y - 130.0 * s as f32).abs() < 0.01);
        assert!(g[4].y > g[0].y);
    }

    #[test]
    fn words_go_through_the_pdf_layout() {
        let s = 72.0 / 200.0;
        let to_page: Affine = [s, 0.0, 0.0, s, 0.0, 0.0];
        let words = [
            word(1, 100.0, 100.0, 80.0, 38.0, "Tổng"),
            word(1, 195.0, 100.0, 40.0, 38.0, "số"),
            word(1, 250.0, 100.0, 60.0, 38.0, "hồ"),
            word(1, 325.0, 100.0, 60.0, 38.0, "sơ."),
        ];
        let p = page_from_words(1, &words, &to_page, 595.0, 842.0);
        let mut blocks = Vec::new();
        crate::pdf::layout::PageBuilder::default().build(&p.content, &mut blocks);
        let texts: Vec<String> = blocks
            .iter()
            .filter_map(|b| match b {
                baocao_model::Block::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec![String::from("Tổng số hồ sơ.")]);
    }

    #[test]
    fn parallel_runs_keep_order_and_respect_slots() {
        let items: Vec<u32> = (0..20).collect();
        let slots = Slots::new(2);
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let out = run_parallel(&items, Some(&slots), |&i| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(2));
            running.fetch_sub(1, Ordering::SeqCst);
            i * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        // The calling thread plus at most the two free slots.
        assert!(peak.load(Ordering::SeqCst) <= 3);
        // Every slot was given back.
        assert!(slots.try_acquire().is_some() && slots.try_acquire().is_some());
    }

    #[test]
    fn modes_parse() {
        assert_eq!("require".parse::<OcrMode>(), Ok(OcrMode::Require));
        assert!("sometimes".parse::<OcrMode>().is_err());
    }
}
