//! The PDF reader's layers for one page, as the pipeline computes them, for a person to
//! inspect (`baocao debug`): glyphs → words → lines → blocks (paragraphs and tables in
//! reading order) and table cells.
//!
//! [`inspect_pdf`] runs [`read_pdf`](super::read_pdf) on the whole file (a paragraph can
//! continue from the previous page, a table repeat the previous page's header) and, for the
//! one page asked for, keeps a copy of the glyph layer ([`PageGlyphs`]) and the layout's
//! [`PageTrace`], recorded by [`PageBuilder::build_traced`](super::layout::PageBuilder) at the
//! points where the layout computes them. Nothing here repeats layout logic: the rows below
//! are read off those records and the final [`Document`].

use std::ops::Range;

use baocao_model::{Block, Document};

use super::glyphs::{Glyph, GlyphKind, PageContent};
use super::layout::{Line, PageBuilder};
use super::tables::Grid;
use super::{PdfError, PdfLimits};

/// Where a block of the page came from.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockSource {
    /// A ruled table: index into [`PageTrace::grids`].
    Grid(usize),
    /// A borderless column block: the free lines it was made of and its column intervals.
    Columns {
        /// Indices into [`PageTrace::lines`].
        lines: Range<usize>,
        /// Column intervals `(x0, x1)`, left to right.
        columns: Vec<(f32, f32)>,
    },
    /// A paragraph: indices into [`PageTrace::lines`].
    Lines(Vec<usize>),
}

/// One block the layout emitted for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TracedBlock {
    /// Index of the block in the document's blocks.
    pub index: usize,
    /// What it was made of.
    pub source: BlockSource,
    /// True when the paragraph was appended to the previous page's last paragraph.
    pub joined_prev: bool,
}

/// The text of one ruled-table cell and the lines it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct TracedCell {
    /// Index into [`PageTrace::grids`].
    pub grid: usize,
    /// Origin cell (row-major index into the grid).
    pub cell: usize,
    /// The cell text as the table got it.
    pub text: String,
    /// The lines built from the glyphs inside the cell.
    pub lines: Vec<Line>,
}

/// What [`PageBuilder::build_traced`] records about one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTrace {
    /// Table grids found from the ruling lines.
    pub grids: Vec<Grid>,
    /// Ruled-table cells holding glyphs, in (grid, cell) order.
    pub cells: Vec<TracedCell>,
    /// Lines of the glyphs outside ruled tables, top to bottom (running page numbers removed).
    pub lines: Vec<Line>,
    /// Running page numbers removed from the free lines.
    pub dropped: Vec<Line>,
    /// Blocks in reading order.
    pub blocks: Vec<TracedBlock>,
}

/// The glyph layer of a page as the collector recorded it (after legacy decoding): the
/// reader's own [`PageContent`].
pub type PageGlyphs = PageContent;

/// A font resource of the page: resource name, `/BaseFont`, `/Subtype`, `/Encoding` (a name,
/// or empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFont {
    /// Resource name (`F1`).
    pub resource: String,
    /// `/BaseFont` as stored (subset prefix included).
    pub base_font: String,
    /// `/Subtype` (`TrueType`, `Type0`, …).
    pub subtype: String,
    /// `/Encoding` when it is a name.
    pub encoding: String,
}

/// Records the layers of one page during [`read_pdf_traced`](super::read_pdf_traced).
#[derive(Debug, Default)]
pub(crate) struct Probe {
    /// The page to record.
    page: u32,
    /// Its glyph layer, once laid out.
    glyphs: Option<PageGlyphs>,
    /// Its layout trace.
    trace: PageTrace,
    /// Its font resources.
    fonts: Vec<PageFont>,
}

impl Probe {
    /// A probe for 1-based page `page`.
    pub(crate) fn new(page: u32) -> Self {
        Probe {
            page,
            ..Probe::default()
        }
    }

    /// Lays out `page` with `builder` like the reader does, recording it if it is the page
    /// asked for.
    pub(crate) fn build(
        &mut self,
        builder: &mut PageBuilder,
        page: &PageContent,
        out: &mut Vec<Block>,
    ) {
        if page.page != self.page {
            builder.build(page, out);
            return;
        }
        self.glyphs = Some(page.clone());
        self.trace = PageTrace::default();
        builder.build_traced(page, out, &mut self.trace);
    }

    /// Reads the font resources of the page from the loaded document.
    pub(crate) fn read_fonts(&mut self, doc: &lopdf::Document) {
        let Some(&id) = doc.get_pages().get(&self.page) else {
            return;
        };
        let Ok(fonts) = doc.get_page_fonts(id) else {
            return;
        };
        let name = |d: &lopdf::Dictionary, key: &[u8]| {
            d.get(key)
                .and_then(lopdf::Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default()
        };
        self.fonts = fonts
            .iter()
            .map(|(k, d)| PageFont {
                resource: String::from_utf8_lossy(k).into_owned(),
                base_font: name(d, b"BaseFont"),
                subtype: name(d, b"Subtype"),
                encoding: name(d, b"Encoding"),
            })
            .collect();
    }
}

/// Why a page could not be inspected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InspectError {
    /// The reader refused the file.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// No such page.
    #[error("page {page} out of range: the file has {count} page(s)")]
    PageOutOfRange {
        /// The page asked for.
        page: u32,
        /// Pages in the file.
        count: u32,
    },
    /// The reader did not lay the page out (a font it cannot read, the page limit).
    #[error("page {page} was not laid out: {reason}")]
    PageSkipped {
        /// The page asked for.
        page: u32,
        /// The reader's reason, from `Document::skipped`.
        reason: String,
    },
}

/// One page's layers and the whole document they belong to.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The document exactly as [`read_pdf`](super::read_pdf) returns it.
    pub doc: Document,
    /// The page's glyph layer.
    pub page: PageGlyphs,
    /// The page's layout trace.
    pub trace: PageTrace,
    /// The page's font resources.
    pub fonts: Vec<PageFont>,
}

/// Reads a PDF like [`read_pdf`](super::read_pdf) and returns the layers of page `page`
/// (1-based).
pub fn inspect_pdf(
    bytes: &[u8],
    limits: &PdfLimits,
    page: u32,
) -> Result<Inspection, InspectError> {
    let mut probe = Probe::new(page);
    let doc = super::read_pdf_traced(
        bytes,
        limits,
        &crate::ReadOptions::default(),
        Some(&mut probe),
    )?;
    let count = doc.pages.unwrap_or(0);
    if page == 0 || page > count {
        return Err(InspectError::PageOutOfRange { page, count });
    }
    let Some(glyphs) = probe.glyphs else {
        let reason = doc
            .skipped
            .iter()
            .find(|s| {
                s.strip_prefix(&format!("page {page}:")).is_some()
                    || s.strip_prefix("pages ")
                        .and_then(|r| r.split_once(':'))
                        .is_some_and(|(range, _)| {
                            range
                                .split_once('-')
                                .and_then(|(a, b)| {
                                    Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?))
                                })
                                .is_some_and(|(a, b)| (a..=b).contains(&page))
                        })
            })
            .cloned()
            .unwrap_or_else(|| String::from("no content reached the layout"));
        return Err(InspectError::PageSkipped { page, reason });
    };
    Ok(Inspection {
        doc,
        page: glyphs,
        trace: probe.trace,
        fonts: probe.fonts,
    })
}

/// A rectangle in top-down page coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Left.
    pub x0: f32,
    /// Top.
    pub top: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub bottom: f32,
}

impl BBox {
    fn union(self, o: BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            top: self.top.min(o.top),
            x1: self.x1.max(o.x1),
            bottom: self.bottom.max(o.bottom),
        }
    }

    fn of_line(l: &Line) -> BBox {
        BBox {
            x0: l.x0(),
            top: l.top(),
            x1: l.x1(),
            bottom: l.y,
        }
    }

    fn of_lines<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Option<BBox> {
        lines.into_iter().map(BBox::of_line).reduce(BBox::union)
    }
}

/// Where a word or line sits: free text, or inside a ruled-table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A free line (index into [`PageTrace::lines`]).
    Free {
        /// Line index.
        line: usize,
    },
    /// A line inside a ruled-table cell.
    Cell {
        /// Index into [`PageTrace::grids`].
        grid: usize,
        /// Grid row of the cell's origin.
        row: usize,
        /// Grid column of the cell's origin.
        col: usize,
        /// Line index inside the cell.
        line: usize,
    },
    /// A running page number the layout dropped.
    Dropped,
}

/// One glyph as the glyph layer recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRow {
    /// Position in content-stream order.
    pub index: usize,
    /// The glyph.
    pub glyph: Glyph,
    /// Its text.
    pub text: String,
    /// The `/BaseFont` it is drawn in (subset prefix included), when known.
    pub font: Option<String>,
}

/// One word: its line's vertical extent, its own horizontal one.
#[derive(Debug, Clone, PartialEq)]
pub struct WordRow {
    /// Where its line is.
    pub place: Place,
    /// Segment (column run) of the line.
    pub segment: usize,
    /// Box: x from the word, top = baseline minus the line's font size, bottom = baseline.
    pub bbox: BBox,
    /// Font size of the line.
    pub size: f32,
    /// Text (not yet normalised).
    pub text: String,
}

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRow {
    /// Where it is.
    pub place: Place,
    /// Baseline (top-down).
    pub baseline: f32,
    /// Largest font size.
    pub size: f32,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Segments (runs split at wide gaps).
    pub segments: usize,
    /// Text, segments separated by ` | `.
    pub text: String,
}

/// What kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// A table with ruling lines.
    Table,
    /// A borderless column block (heading, signature).
    Borderless,
}

impl BlockKind {
    /// `paragraph`, `table`, `borderless`.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Table => "table",
            BlockKind::Borderless => "borderless",
        }
    }
}

/// One block in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockRow {
    /// Index in the document's blocks.
    pub index: usize,
    /// Paragraph or table.
    pub kind: BlockKind,
    /// Its box on the page (`None` without page geometry, i.e. DOCX).
    pub bbox: Option<BBox>,
    /// Heading level of a paragraph.
    pub heading_level: Option<u8>,
    /// Rows and columns (widest row) of a table.
    pub shape: Option<(usize, usize)>,
    /// Appended to the previous page's last paragraph.
    pub joined_prev: bool,
    /// The paragraph text, or the table's cells row by row (`|` between cells, `/` between rows).
    pub text: String,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRow {
    /// Index of its table in the document's blocks (`None`: a ruled grid whose cells were all
    /// empty, dropped by the layout).
    pub block: Option<usize>,
    /// Row (grid row for a ruled table, row of the table otherwise).
    pub row: usize,
    /// Column.
    pub col: usize,
    /// Rows spanned (1 unless merged).
    pub rowspan: usize,
    /// Columns spanned.
    pub colspan: usize,
    /// The cell's box (ruled tables only).
    pub bbox: Option<BBox>,
    /// The column interval `(x0, x1)` of a borderless table's cell.
    pub column: Option<(f32, f32)>,
    /// Cell text.
    pub text: String,
}

fn block_text(b: &Block) -> String {
    match b {
        Block::Paragraph(p) => p.text.clone(),
        Block::Table(t) => t
            .rows
            .iter()
            .map(|r| r.cells.join(" | "))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

fn table_shape(b: &Block) -> Option<(usize, usize)> {
    match b {
        Block::Paragraph(_) => None,
        Block::Table(t) => Some((
            t.rows.len(),
            t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0),
        )),
    }
}

/// Blocks of a document without page geometry (DOCX), all of them, in reading order.
pub fn document_blocks(doc: &Document) -> Vec<BlockRow> {
    doc.blocks
        .iter()
        .enumerate()
        .map(|(index, b)| BlockRow {
            index,
            kind: match b {
                Block::Paragraph(_) => BlockKind::Paragraph,
                Block::Table(t) if t.borderless => BlockKind::Borderless,
                Block::Table(_) => BlockKind::Table,
            },
            bbox: None,
            heading_level: match b {
                Block::Paragraph(p) => p.heading_level,
                Block::Table(_) => None,
            },
            shape: table_shape(b),
            joined_prev: false,
            text: block_text(b),
        })
        .collect()
}

/// Cells of every table of a document without page geometry (DOCX).
pub fn document_cells(doc: &Document) -> Vec<CellRow> {
    let mut out = Vec::new();
    for (k, b) in doc.blocks.iter().enumerate() {
        if let Block::Table(t) = b {
            table_cells(k, t, None, &mut out);
        }
    }
    out
}

fn table_cells(
    block: usize,
    t: &baocao_model::Table,
    columns: Option<&[(f32, f32)]>,
    out: &mut Vec<CellRow>,
) {
    for (r, row) in t.rows.iter().enumerate() {
        for (c, text) in row.cells.iter().enumerate() {
            out.push(CellRow {
                block: Some(block),
                row: r,
                col: c,
                rowspan: 1,
                colspan: 1,
                bbox: None,
                column: columns
                    .filter(|cols| cols.len() == row.cells.len())
                    .and_then(|cols| cols.get(c).copied()),
                text: text.clone(),
            });
        }
    }
}

fn segments_text(l: &Line) -> String {
    l.segments
        .iter()
        .map(|s| s.text())
        .collect::<Vec<_>>()
        .join(" | ")
}

impl Inspection {
    /// Glyphs in content-stream order.
    pub fn glyphs(&self) -> Vec<GlyphRow> {
        self.page
            .glyphs
            .iter()
            .enumerate()
            .map(|(index, g)| GlyphRow {
                index,
                glyph: *g,
                text: if g.kind == GlyphKind::Space {
                    String::from(" ")
                } else {
                    g.text(&self.page.text).to_string()
                },
                font: self
                    .page
                    .fonts
                    .get(g.font as usize)
                    .filter(|f| !f.is_empty())
                    .cloned(),
            })
            .collect()
    }

    /// Every line the layout built on the page with where it sits: free lines, then the
    /// lines of each ruled-table cell, then dropped page numbers.
    fn all_lines(&self) -> Vec<(Place, &Line)> {
        let mut v: Vec<(Place, &Line)> = self
            .trace
            .lines
            .iter()
            .enumerate()
            .map(|(line, l)| (Place::Free { line }, l))
            .collect();
        for c in &self.trace.cells {
            let nc = self
                .trace
                .grids
                .get(c.grid)
                .map(Grid::ncols)
                .unwrap_or(1)
                .max(1);
            for (line, l) in c.lines.iter().enumerate() {
                v.push((
                    Place::Cell {
                        grid: c.grid,
                        row: c.cell / nc,
                        col: c.cell % nc,
                        line,
                    },
                    l,
                ));
            }
        }
        v.extend(self.trace.dropped.iter().map(|l| (Place::Dropped, l)));
        v
    }

    /// Lines: free lines top to bottom, then ruled-table cell lines, then dropped page numbers.
    pub fn lines(&self) -> Vec<LineRow> {
        self.all_lines()
            .into_iter()
            .map(|(place, l)| LineRow {
                place,
                baseline: l.y,
                size: l.size,
                x0: l.x0(),
                x1: l.x1(),
                segments: l.segments.len(),
                text: segments_text(l),
            })
            .collect()
    }

    /// Words, line by line in the order of [`Inspection::lines`].
    pub fn words(&self) -> Vec<WordRow> {
        let mut out = Vec::new();
        for (place, l) in self.all_lines() {
            for (segment, s) in l.segments.iter().enumerate() {
                for w in &s.words {
                    out.push(WordRow {
                        place,
                        segment,
                        bbox: BBox {
                            x0: w.x0,
                            top: l.top(),
                            x1: w.x1,
                            bottom: l.y,
                        },
                        size: l.size,
                        text: w.text.clone(),
                    });
                }
            }
        }
        out
    }

    fn grid_bbox(&self, k: usize) -> Option<BBox> {
        let g = self.trace.grids.get(k)?;
        Some(BBox {
            x0: *g.xs.first()?,
            top: *g.ys.first()?,
            x1: *g.xs.last()?,
            bottom: *g.ys.last()?,
        })
    }

    /// The page's blocks in reading order, with their boxes.
    pub fn blocks(&self) -> Vec<BlockRow> {
        self.trace
            .blocks
            .iter()
            .filter_map(|tb| {
                let b = self.doc.blocks.get(tb.index)?;
                let (kind, bbox) = match &tb.source {
                    BlockSource::Grid(k) => (BlockKind::Table, self.grid_bbox(*k)),
                    BlockSource::Columns { lines, .. } => (
                        BlockKind::Borderless,
                        BBox::of_lines(self.trace.lines.get(lines.clone()).unwrap_or(&[])),
                    ),
                    BlockSource::Lines(ls) => (
                        BlockKind::Paragraph,
                        BBox::of_lines(ls.iter().filter_map(|&i| self.trace.lines.get(i))),
                    ),
                };
                Some(BlockRow {
                    index: tb.index,
                    kind,
                    bbox,
                    heading_level: match b {
                        Block::Paragraph(p) => p.heading_level,
                        Block::Table(_) => None,
                    },
                    shape: table_shape(b),
                    joined_prev: tb.joined_prev,
                    text: block_text(b),
                })
            })
            .collect()
    }

    /// Table cells: every merged region of every ruled grid (with its box), then the cells of
    /// borderless tables (with their column interval).
    pub fn cells(&self) -> Vec<CellRow> {
        let mut out = Vec::new();
        for (k, g) in self.trace.grids.iter().enumerate() {
            let block = self
                .trace
                .blocks
                .iter()
                .find(|b| b.source == BlockSource::Grid(k))
                .map(|b| b.index);
            let (nr, nc) = (g.nrows(), g.ncols());
            for here in 0..nr * nc {
                if g.origin.get(here) != Some(&here) {
                    continue;
                }
                let (r, c) = (here / nc, here % nc);
                // The region's extent: the furthest grid cells with this origin.
                let (mut r1, mut c1) = (r, c);
                for (i, &o) in g.origin.iter().enumerate() {
                    if o == here {
                        r1 = r1.max(i / nc);
                        c1 = c1.max(i % nc);
                    }
                }
                let bbox = match (g.xs.get(c), g.ys.get(r), g.xs.get(c1 + 1), g.ys.get(r1 + 1)) {
                    (Some(&x0), Some(&top), Some(&x1), Some(&bottom)) => Some(BBox {
                        x0,
                        top,
                        x1,
                        bottom,
                    }),
                    _ => None,
                };
                let text = self
                    .trace
                    .cells
                    .iter()
                    .find(|t| t.grid == k && t.cell == here)
                    .map(|t| t.text.clone())
                    .unwrap_or_default();
                out.push(CellRow {
                    block,
                    row: r,
                    col: c,
                    rowspan: r1 - r + 1,
                    colspan: c1 - c + 1,
                    bbox,
                    column: None,
                    text,
                });
            }
        }
        for tb in &self.trace.blocks {
            if let (BlockSource::Columns { columns, .. }, Some(Block::Table(t))) =
                (&tb.source, self.doc.blocks.get(tb.index))
            {
                table_cells(tb.index, t, Some(columns), &mut out);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures")
            .join(name);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The first page of `name` holding a ruled table, with its inspection.
    fn page_with_grid(name: &str) -> Inspection {
        let bytes = fixture(name);
        let pages = super::super::read_pdf(&bytes, &PdfLimits::default())
            .unwrap()
            .pages
            .unwrap();
        (1..=pages)
            .filter_map(|p| inspect_pdf(&bytes, &PdfLimits::default(), p).ok())
            .find(|i| {
                i.trace
                    .blocks
                    .iter()
                    .any(|b| matches!(b.source, BlockSource::Grid(_)))
            })
            .expect("a page with a ruled table")
    }

    #[test]
    fn tracing_does_not_change_the_document() {
        let bytes = fixture("ngoc-ky-2023.pdf");
        let plain = super::super::read_pdf(&bytes, &PdfLimits::default()).unwrap();
        for page in 1..=plain.pages.unwrap() {
            let ins = inspect_pdf(&bytes, &PdfLimits::default(), page).unwrap();
            assert_eq!(ins.doc.blocks, plain.blocks, "page {page}");
            assert_eq!(ins.doc.skipped, plain.skipped, "page {page}");
        }
    }

    #[test]
    fn every_block_of_the_page_is_traced_in_reading_order() {
        let bytes = fixture("ngoc-ky-2023.pdf");
        let ins = inspect_pdf(&bytes, &PdfLimits::default(), 2).unwrap();
        let on_page: Vec<usize> = ins
            .doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| match b {
                Block::Paragraph(p) => p.page == Some(2),
                Block::Table(t) => t.page == Some(2),
            })
            .map(|(i, _)| i)
            .collect();
        let traced: Vec<usize> = ins
            .blocks()
            .iter()
            .filter(|b| !b.joined_prev)
            .map(|b| b.index)
            .collect();
        assert!(!traced.is_empty());
        assert_eq!(traced, on_page);
        for b in ins.blocks() {
            let bb = b.bbox.expect("a PDF block has a box");
            assert!(bb.x0 <= bb.x1 && bb.top <= bb.bottom, "{b:?}");
        }
    }

    #[test]
    fn words_lines_and_glyphs_have_page_coordinates() {
        let bytes = fixture("ngoc-ky-2023.pdf");
        let ins = inspect_pdf(&bytes, &PdfLimits::default(), 1).unwrap();
        let (w, h) = (ins.page.width, ins.page.height);
        assert!(w > 100.0 && h > 100.0);
        let glyphs = ins.glyphs();
        assert!(glyphs.len() > 100);
        let words = ins.words();
        assert!(words.len() > 20);
        for wd in &words {
            assert!(!wd.text.is_empty());
            assert!(wd.bbox.x0 >= -1.0 && wd.bbox.x1 <= w + 1.0, "{wd:?}");
            assert!(wd.bbox.bottom > 0.0 && wd.bbox.bottom <= h, "{wd:?}");
        }
        // Free lines come top to bottom, and their words are the words of the page text.
        let lines = ins.lines();
        let free: Vec<&LineRow> = lines
            .iter()
            .filter(|l| matches!(l.place, Place::Free { .. }))
            .collect();
        assert!(free.windows(2).all(|p| p[0].baseline <= p[1].baseline));
        let first_para = ins
            .blocks()
            .into_iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .unwrap();
        let first_word = first_para
            .text
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        assert!(
            words
                .iter()
                .any(|w| baocao_text::unicode::nfc(w.text.clone()) == first_word),
            "{first_word}"
        );
    }

    #[test]
    fn ruled_cells_carry_the_table_text_and_boxes() {
        let ins = page_with_grid("ngoc-ky-2023.pdf");
        let cells = ins.cells();
        let ruled: Vec<&CellRow> = cells.iter().filter(|c| c.bbox.is_some()).collect();
        assert!(ruled.len() >= 4);
        for c in &ruled {
            let b = c.bbox.unwrap();
            assert!(b.x1 > b.x0 && b.bottom > b.top, "{c:?}");
            assert!(c.rowspan >= 1 && c.colspan >= 1);
        }
        // Every non-empty cell text is in its table's rows.
        for c in ruled.iter().filter(|c| !c.text.is_empty()) {
            let Some(Block::Table(t)) = c.block.and_then(|k| ins.doc.blocks.get(k)) else {
                panic!("cell without its table: {c:?}");
            };
            assert!(
                t.rows.iter().any(|r| r.cells.contains(&c.text)),
                "{:?} not in its table",
                c.text
            );
        }
    }

    #[test]
    fn page_out_of_range_is_an_error() {
        let bytes = fixture("ngoc-ky-2023.pdf");
        for page in [0, 999] {
            let e = inspect_pdf(&bytes, &PdfLimits::default(), page).unwrap_err();
            assert!(
                matches!(e, InspectError::PageOutOfRange { page: p, count } if p == page && count > 1),
                "{e}"
            );
        }
    }

    #[test]
    fn docx_blocks_and_cells_without_geometry() {
        let bytes = fixture("nhu-quynh-q1-2024.docx");
        let doc = crate::docx::read_docx(&bytes, &crate::docx::DocxLimits::default()).unwrap();
        let blocks = document_blocks(&doc);
        assert_eq!(blocks.len(), doc.blocks.len());
        assert!(blocks.iter().all(|b| b.bbox.is_none()));
        let cells = document_cells(&doc);
        assert!(cells.iter().any(|c| !c.text.is_empty()));
        assert!(cells.iter().all(|c| c.bbox.is_none() && c.block.is_some()));
    }
}
