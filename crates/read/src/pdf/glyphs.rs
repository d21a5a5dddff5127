//! The glyph layer: an [`pdf_extract::OutputDev`] that records positioned glyphs and ruling
//! lines (stroked segments and thin filled rectangles) of one page at a time.
//!
//! Coordinates are converted to a top-down page space: `x` grows to the right, `y` grows
//! downwards from the top of the media box, in PDF points.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// What kind of glyph a recorded character is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphKind {
    /// A visible character (letters, digits, punctuation).
    Normal,
    /// Whitespace: separates words, never part of a word.
    Space,
    /// Only combining marks: attaches to the previous glyph whatever its position.
    Mark,
}

/// One positioned glyph in top-down page coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Left edge of the glyph origin.
    pub x: f32,
    /// Baseline, measured from the top of the page downwards.
    pub y: f32,
    /// Advance width (without character/word spacing), never negative.
    pub w: f32,
    /// Effective font size in points (font size times text matrix scale).
    pub size: f32,
    /// Start of the glyph's text in the page text buffer.
    pub start: u32,
    /// Byte length of the glyph's text.
    pub len: u32,
    /// Space, combining mark or normal glyph.
    pub kind: GlyphKind,
    /// The font it is drawn in: index into [`PageContent::fonts`].
    pub font: u16,
}

impl Glyph {
    /// Right edge (origin plus advance width).
    pub fn x1(&self) -> f32 {
        self.x + self.w
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        self.x + self.w * 0.5
    }

    /// Approximate vertical centre (baseline minus a third of the font size).
    pub fn cy(&self) -> f32 {
        self.y - self.size * 0.3
    }

    /// The glyph's text inside `buf` (empty when out of range).
    pub fn text<'a>(&self, buf: &'a str) -> &'a str {
        let s = self.start as usize;
        let e = s.saturating_add(self.len as usize);
        buf.get(s..e).unwrap_or("")
    }
}

/// A horizontal ruling line: `y` and the span `x0..x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HRule {
    /// Vertical position (top-down).
    pub y: f32,
    /// Left end.
    pub x0: f32,
    /// Right end.
    pub x1: f32,
}

/// A vertical ruling line: `x` and the span `y0..y1` (top-down, `y0 < y1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VRule {
    /// Horizontal position.
    pub x: f32,
    /// Upper end.
    pub y0: f32,
    /// Lower end.
    pub y1: f32,
}

/// Everything recorded for one page.
#[derive(Debug, Default, Clone)]
pub struct PageContent {
    /// 1-based page number.
    pub page: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Text of all glyphs, referenced by [`Glyph::start`] / [`Glyph::len`].
    pub text: String,
    /// `/BaseFont` names (as stored, subset prefix included) of the fonts used on the page,
    /// referenced by [`Glyph::font`]; index 0 is the empty name (no font seen yet).
    pub fonts: Vec<String>,
    /// Horizontal rules.
    pub hrules: Vec<HRule>,
    /// Vertical rules.
    pub vrules: Vec<VRule>,
    /// True when the glyph limit was hit and the rest of the page was dropped.
    pub truncated: bool,
}

impl PageContent {
    /// Empties all buffers (keeping their capacity) for page `page`.
    pub fn reset(&mut self, page: u32) {
        self.page = page;
        self.width = 0.0;
        self.height = 0.0;
        self.glyphs.clear();
        self.text.clear();
        self.fonts.clear();
        self.fonts.push(String::new());
        self.hrules.clear();
        self.vrules.clear();
        self.truncated = false;
    }
}

/// Maximum thickness (points) of a filled rectangle that still counts as a ruling line.
const MAX_RULE_THICKNESS: f64 = 3.0;
/// Maximum number of rules recorded per page.
const MAX_RULES: usize = 20_000;

/// Is `c` a combining mark (general category M*), for the ranges that matter in Latin text?
pub fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Receives glyphs and paths from pdf-extract and hands each finished page to a callback.
pub struct Collector<F: FnMut(&PageContent)> {
    /// The page being recorded.
    pub page: PageContent,
    /// Top of the media box (PDF user space), for flipping y.
    top: f64,
    /// Left of the media box.
    left: f64,
    /// Glyph limit per page.
    max_glyphs: usize,
    /// Pages above this number are refused (processing stops with an error).
    max_pages: u32,
    /// True between `begin_page` and `end_page`.
    pub in_page: bool,
    /// Last page number begun.
    pub current: u32,
    /// Set when a page above `max_pages` was refused.
    pub page_limit_hit: bool,
    /// Page numbers (index = number) to lay out; others (repeats of a page reached twice
    /// through a broken page tree) are run but discarded.
    pub wanted: Vec<bool>,
    /// True while the current page is being discarded.
    ignore: bool,
    /// Index into `page.fonts` of the font of the glyphs being shown.
    font: u16,
    /// Called with each finished page.
    on_page: F,
}

impl<F: FnMut(&PageContent)> Collector<F> {
    /// A collector with the given limits that calls `on_page` at the end of every page.
    pub fn new(max_glyphs: usize, max_pages: u32, on_page: F) -> Self {
        Collector {
            page: PageContent::default(),
            top: 0.0,
            left: 0.0,
            max_glyphs,
            max_pages,
            in_page: false,
            current: 0,
            page_limit_hit: false,
            wanted: Vec::new(),
            ignore: false,
            font: 0,
            on_page,
        }
    }

    fn tx(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = ctm.m11 * x + ctm.m21 * y + ctm.m31;
        let py = ctm.m12 * x + ctm.m22 * y + ctm.m32;
        (px - self.left, self.top - py)
    }

    fn push_segment(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.ignore || self.page.hrules.len() + self.page.vrules.len() >= MAX_RULES {
            return;
        }
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        if !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        if dy <= 0.8 && dx > 1.0 {
            self.page.hrules.push(HRule {
                y: ((a.1 + b.1) * 0.5) as f32,
                x0: a.0.min(b.0) as f32,
                x1: a.0.max(b.0) as f32,
            });
        } else if dx <= 0.8 && dy > 1.0 {
            self.page.vrules.push(VRule {
                x: ((a.0 + b.0) * 0.5) as f32,
                y0: a.1.min(b.1) as f32,
                y1: a.1.max(b.1) as f32,
            });
        }
    }

    /// A filled box (bbox of a rectangle or polygon): thin ones are rules.
    fn push_box(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        let (w, h) = (x1 - x0, y1 - y0);
        if !(w.is_finite() && h.is_finite()) {
            return;
        }
        if h <= MAX_RULE_THICKNESS && w > h {
            let y = (y0 + y1) * 0.5;
            self.push_segment((x0, y), (x1, y));
        } else if w <= MAX_RULE_THICKNESS && h > w {
            let x = (x0 + x1) * 0.5;
            self.push_segment((x, y0), (x, y1));
        }
    }

    fn rect_corners(&self, ctm: &Transform, x: f64, y: f64, w: f64, h: f64) -> [(f64, f64); 4] {
        [
            self.tx(ctm, x, y),
            self.tx(ctm, x + w, y),
            self.tx(ctm, x + w, y + h),
            self.tx(ctm, x, y + h),
        ]
    }
}

fn bbox(points: &[(f64, f64)]) -> Option<(f64, f64, f64, f64)> {
    let first = points.first()?;
    let mut b = (first.0, first.1, first.0, first.1);
    for p in points {
        b.0 = b.0.min(p.0);
        b.1 = b.1.min(p.1);
        b.2 = b.2.max(p.0);
        b.3 = b.3.max(p.1);
    }
    Some(b)
}

impl<F: FnMut(&PageContent)> OutputDev for Collector<F> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.current = page_num;
        if page_num > self.max_pages {
            self.page_limit_hit = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.page.reset(page_num);
        self.font = 0;
        self.ignore = !self.wanted.get(page_num as usize).copied().unwrap_or(true);
        let (llx, lly, urx, ury) = (
            media_box.llx.min(media_box.urx),
            media_box.lly.min(media_box.ury),
            media_box.llx.max(media_box.urx),
            media_box.lly.max(media_box.ury),
        );
        self.top = if ury.is_finite() { ury } else { 842.0 };
        self.left = if llx.is_finite() { llx } else { 0.0 };
        let (w, h) = (urx - llx, ury - lly);
        self.page.width = if w.is_finite() && w > 0.0 {
            w as f32
        } else {
            595.0
        };
        self.page.height = if h.is_finite() && h > 0.0 {
            h as f32
        } else {
            842.0
        };
        self.in_page = true;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.in_page = false;
        if !self.ignore {
            (self.on_page)(&self.page);
        }
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.ignore {
            return Ok(());
        }
        if self.page.glyphs.len() >= self.max_glyphs {
            self.page.truncated = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        if char.is_empty() {
            return Ok(());
        }
        let sx = trm.m11.hypot(trm.m12);
        let sy = trm.m21.hypot(trm.m22);
        let fs = font_size.abs();
        let size = fs * sy;
        let w = (width * fs * sx).abs();
        let x = trm.m31 - self.left;
        let y = self.top - trm.m32;
        if !(size.is_finite() && w.is_finite() && x.is_finite() && y.is_finite()) || size <= 0.01 {
            return Ok(());
        }
        let mut kind = if char.chars().all(char::is_whitespace) {
            GlyphKind::Space
        } else if char.chars().all(is_combining) {
            GlyphKind::Mark
        } else {
            GlyphKind::Normal
        };
        let start = self.page.text.len();
        if kind != GlyphKind::Space {
            // Drop control characters (and the replacement of unmapped codes stays as is).
            self.page
                .text
                .extend(char.chars().filter(|c| !c.is_control()));
            if self.page.text.len() == start {
                kind = GlyphKind::Space;
            }
        }
        let len = self.page.text.len() - start;
        self.page.glyphs.push(Glyph {
            x: x as f32,
            y: y as f32,
            w: w as f32,
            size: size as f32,
            start: start as u32,
            len: len as u32,
            kind,
            font: self.font,
        });
        Ok(())
    }

    fn font_name(&mut self, base_font: &[u8]) -> Result<(), OutputError> {
        if self.ignore {
            return Ok(());
        }
        let fonts = &mut self.page.fonts;
        if fonts.get(self.font as usize).map(String::as_bytes) == Some(base_font) {
            return Ok(());
        }
        self.font = match fonts.iter().position(|f| f.as_bytes() == base_font) {
            Some(i) => i as u16,
            // A page naming more than 65,535 fonts: the rest share the last slot.
            None if fonts.len() >= u16::MAX as usize => u16::MAX - 1,
            None => {
                fonts.push(String::from_utf8_lossy(base_font).into_owned());
                (fonts.len() - 1) as u16
            }
        };
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        let mut cur: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.tx(ctm, x, y);
                    cur = Some(p);
                    start = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.tx(ctm, x, y);
                    if let Some(c) = cur {
                        self.push_segment(c, p);
                    }
                    cur = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = Some(self.tx(ctm, x, y));
                }
                PathOp::Rect(x, y, w, h) => {
                    let c = self.rect_corners(ctm, x, y, w, h);
                    for i in 0..4 {
                        self.push_segment(c[i], c[(i + 1) % 4]);
                    }
                    cur = Some(c[0]);
                    start = Some(c[0]);
                }
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (cur, start) {
                        self.push_segment(c, s);
                    }
                    cur = start;
                }
            }
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        // Polygons made of straight lines: take each closed subpath's bounding box.
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let mut straight = true;
        let flush = |this: &mut Self, pts: &mut Vec<(f64, f64)>, straight: bool| {
            if straight
                && pts.len() >= 3
                && let Some((x0, y0, x1, y1)) = bbox(pts)
            {
                this.push_box(x0, y0, x1, y1);
            }
            pts.clear();
        };
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    flush(self, &mut pts, straight);
                    straight = true;
                    pts.push(self.tx(ctm, x, y));
                }
                PathOp::LineTo(x, y) => pts.push(self.tx(ctm, x, y)),
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    straight = false;
                    pts.push(self.tx(ctm, x, y));
                }
                PathOp::Rect(x, y, w, h) => {
                    flush(self, &mut pts, straight);
                    straight = true;
                    let c = self.rect_corners(ctm, x, y, w, h);
                    if let Some((x0, y0, x1, y1)) = bbox(&c) {
                        self.push_box(x0, y0, x1, y1);
                    }
                }
                PathOp::Close => {}
            }
        }
        flush(self, &mut pts, straight);
        Ok(())
    }
}
