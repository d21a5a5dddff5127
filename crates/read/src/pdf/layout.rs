//! Page layout: glyphs → words → lines → paragraphs, ruled tables and borderless column
//! blocks, in reading order (top to bottom, left to right).
//!
//! * Words are cut where the gap between glyph boxes exceeds a fraction of the font size or at
//!   an explicit space glyph; combining marks and overlapping glyphs stay with the glyph
//!   before them.
//! * Lines group glyphs by baseline (tolerance relative to font size); inside a line a very
//!   wide gap starts a new *segment* (column).
//! * Consecutive lines whose segments keep to the same two or more columns form a borderless
//!   table (heading block, signature block); the columns are never mixed into one line.
//! * Other lines join into paragraphs unless a vertical gap, an indent, a short previous
//!   line, a change of font size or a list marker starts a new one.

use super::glyphs::{Glyph, GlyphKind, PageContent};
use super::inspect::{BlockSource, PageTrace, TracedBlock, TracedCell};
use super::tables::{Grid, find_grids};
use baocao_model::{Block, Paragraph, Row, Table};
use baocao_text::outline::{Marker, MarkerBody, is_roman_numeral};
use baocao_text::unicode::nfc;

/// A gap wider than this times the font size separates two words.
pub const WORD_GAP: f32 = 0.15;
/// A gap wider than this times the font size separates two segments (columns) of a line.
pub const SEGMENT_GAP: f32 = 1.6;
/// Glyphs whose baselines differ by less than this times the font size share a line.
pub const LINE_TOL: f32 = 0.45;

/// A word: text and horizontal extent.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Text (not yet normalised).
    pub text: String,
}

/// A run of words in one line without a wide gap.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Segment {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Words left to right.
    pub words: Vec<Word>,
}

impl Segment {
    /// Words joined with single spaces.
    pub fn text(&self) -> String {
        join_words(self.words.iter().map(|w| w.text.as_str()))
    }
}

/// A line of text: glyphs sharing a baseline, split into segments at wide gaps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Baseline (top-down).
    pub y: f32,
    /// Largest font size in the line.
    pub size: f32,
    /// Segments left to right.
    pub segments: Vec<Segment>,
}

impl Line {
    /// Left edge of the first segment.
    pub fn x0(&self) -> f32 {
        self.segments.first().map(|s| s.x0).unwrap_or(0.0)
    }

    /// Right edge of the last segment.
    pub fn x1(&self) -> f32 {
        self.segments.last().map(|s| s.x1).unwrap_or(0.0)
    }

    /// Top of the line (baseline minus font size).
    pub fn top(&self) -> f32 {
        self.y - self.size
    }

    /// All words of all segments joined with single spaces.
    pub fn text(&self) -> String {
        join_words(
            self.segments
                .iter()
                .flat_map(|s| s.words.iter().map(|w| w.text.as_str())),
        )
    }

    /// The first word, if any.
    pub fn first_word(&self) -> Option<&str> {
        self.segments
            .first()
            .and_then(|s| s.words.first())
            .map(|w| w.text.as_str())
    }
}

fn join_words<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for w in words {
        if w.is_empty() {
            continue;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// Builds lines from the glyphs listed in `idx` (indices into `glyphs`); `idx` is reordered.
/// `segment_gap` (times font size) splits a line into segments; pass `f32::INFINITY` for one
/// segment per line.
pub fn build_lines(
    glyphs: &[Glyph],
    text: &str,
    idx: &mut [u32],
    segment_gap: f32,
    out: &mut Vec<Line>,
) {
    let get = |i: u32| glyphs.get(i as usize);
    idx.sort_by(|&a, &b| match (get(a), get(b)) {
        (Some(ga), Some(gb)) => ga.y.total_cmp(&gb.y).then(a.cmp(&b)),
        _ => a.cmp(&b),
    });
    let mut order: Vec<(u32, bool)> = Vec::new();
    let mut start = 0;
    while start < idx.len() {
        let Some(first) = idx.get(start).and_then(|&i| get(i)) else {
            start += 1;
            continue;
        };
        let (y0, s0) = (first.y, first.size);
        let mut end = start + 1;
        while let Some(g) = idx.get(end).and_then(|&i| get(i)) {
            if g.y - y0 > LINE_TOL * s0.max(g.size).max(1.0) {
                break;
            }
            end += 1;
        }
        if let Some(group) = idx.get_mut(start..end) {
            order_runs(glyphs, text, group, &mut order);
            if let Some(line) = line_from_sorted(glyphs, text, &order, segment_gap) {
                out.push(line);
            }
        }
        start = end;
    }
}

/// Orders the glyphs of one line: content-order runs (a run breaks at a jump back, a gap of
/// a word space, a space glyph or a non-consecutive glyph) sorted by their left edge, so
/// that two words printed over each other are not interleaved glyph by glyph. Each entry is
/// `(glyph index, starts a run of two or more visible glyphs)`.
fn order_runs(glyphs: &[Glyph], text: &str, group: &mut [u32], order: &mut Vec<(u32, bool)>) {
    group.sort_unstable();
    let mut runs: Vec<(f32, usize, usize)> = Vec::new();
    let mut run_start = 0usize;
    let mut prev: Option<(u32, &Glyph)> = None;
    for (k, &i) in group.iter().enumerate() {
        let Some(g) = glyphs.get(i as usize) else {
            continue;
        };
        if let Some((pi, p)) = prev {
            let size = g.size.max(p.size).max(1.0);
            let brk = i != pi + 1
                || p.kind == GlyphKind::Space
                || g.kind == GlyphKind::Space
                || g.x < p.x - 0.5 * size
                || g.x > p.x1() + WORD_GAP * size;
            if brk && !(g.kind == GlyphKind::Mark && i == pi + 1) {
                runs.push((0.0, run_start, k));
                run_start = k;
            }
        }
        prev = Some((i, g));
    }
    runs.push((0.0, run_start, group.len()));
    for r in runs.iter_mut() {
        r.0 = group
            .get(r.1..r.2)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&i| glyphs.get(i as usize))
            .map(|g| g.x)
            .fold(f32::INFINITY, f32::min);
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    order.clear();
    let run_text = |a: usize, b: usize| -> String {
        group
            .get(a..b)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&i| glyphs.get(i as usize))
            .map(|g| g.text(text))
            .collect()
    };
    let mut last: Option<(f32, f32, String)> = None;
    for &(x, a, b) in &runs {
        let run = group.get(a..b).unwrap_or(&[]);
        // Fake bold / shadow: the same run printed again a hair to the side.
        let size = run
            .first()
            .and_then(|&i| glyphs.get(i as usize))
            .map(|g| g.size)
            .unwrap_or(1.0);
        let y = run
            .first()
            .and_then(|&i| glyphs.get(i as usize))
            .map(|g| g.y)
            .unwrap_or(0.0);
        let t = run_text(a, b);
        if let Some((lx, ly, lt)) = &last
            && (x - lx).abs() < 0.15 * size
            && (y - ly).abs() < 0.15 * size
            && *lt == t
        {
            continue;
        }
        last = Some((x, y, t));
        let visible = run
            .iter()
            .filter_map(|&i| glyphs.get(i as usize))
            .filter(|g| g.kind != GlyphKind::Space)
            .count();
        for (k, &i) in run.iter().enumerate() {
            order.push((i, k == 0 && visible >= 2));
        }
    }
}

/// Builds one line from glyph indices sorted left to right.
fn line_from_sorted(
    glyphs: &[Glyph],
    text: &str,
    order: &[(u32, bool)],
    segment_gap: f32,
) -> Option<Line> {
    let mut line = Line::default();
    let mut ysum = 0.0f32;
    let mut ycount = 0.0f32;
    let mut seg: Option<Segment> = None;
    let mut word: Option<Word> = None;
    // Right end of everything seen in the current segment (spaces included).
    let mut last_end = f32::NEG_INFINITY;
    let mut after_space = false;
    let mut prev: Option<&Glyph> = None;
    for &(i, multi_run) in order {
        let Some(g) = glyphs.get(i as usize) else {
            continue;
        };
        let t = g.text(text);
        // Fake bold / shadow: the same glyph printed twice at (almost) the same spot.
        if let Some(p) = prev
            && p.kind == g.kind
            && (p.x - g.x).abs() < 0.1 * g.size
            && (p.y - g.y).abs() < 0.1 * g.size
            && p.text(text) == t
        {
            continue;
        }
        prev = Some(g);
        match g.kind {
            GlyphKind::Space => {
                if let (Some(w), Some(s)) = (word.take(), seg.as_mut()) {
                    s.x1 = s.x1.max(w.x1);
                    s.words.push(w);
                }
                if seg.is_some() {
                    last_end = last_end.max(g.x1());
                }
                after_space = true;
                continue;
            }
            GlyphKind::Mark => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(t);
                    w.x1 = w.x1.max(g.x1());
                    last_end = last_end.max(g.x1());
                    continue;
                }
            }
            GlyphKind::Normal => {}
        }
        ysum += g.y;
        ycount += 1.0;
        line.size = line.size.max(g.size);
        let size = g.size.max(1.0);
        let gap = g.x - last_end;
        let new_segment = seg.is_none() || gap > segment_gap * size;
        if new_segment {
            if let Some(mut s) = seg.take() {
                if let Some(w) = word.take() {
                    s.x1 = s.x1.max(w.x1);
                    s.words.push(w);
                }
                line.segments.push(s);
            }
            seg = Some(Segment {
                x0: g.x,
                x1: g.x1(),
                words: Vec::new(),
            });
            word = Some(Word {
                x0: g.x,
                x1: g.x1(),
                text: t.to_string(),
            });
        } else {
            // A run of several glyphs printed over the previous word is a word of its own.
            let overprint = multi_run && gap < -0.2 * size;
            let join = !after_space && !overprint && gap <= WORD_GAP * size;
            match word.as_mut() {
                Some(w) if join => {
                    // A base letter after a lone leading mark goes in front of it.
                    if !w.text.is_empty() && w.text.chars().all(super::glyphs::is_combining) {
                        w.text.insert_str(0, t);
                    } else {
                        w.text.push_str(t);
                    }
                    w.x1 = w.x1.max(g.x1());
                }
                _ => {
                    if let (Some(w), Some(s)) = (word.take(), seg.as_mut()) {
                        s.x1 = s.x1.max(w.x1);
                        s.words.push(w);
                    }
                    word = Some(Word {
                        x0: g.x,
                        x1: g.x1(),
                        text: t.to_string(),
                    });
                }
            }
        }
        last_end = if new_segment {
            g.x1()
        } else {
            last_end.max(g.x1())
        };
        after_space = false;
    }
    if let Some(mut s) = seg.take() {
        if let Some(w) = word.take() {
            s.x1 = s.x1.max(w.x1);
            s.words.push(w);
        }
        line.segments.push(s);
    }
    line.segments.retain(|s| !s.words.is_empty());
    if line.segments.is_empty() || ycount == 0.0 {
        return None;
    }
    line.y = ysum / ycount;
    Some(line)
}

/// Is this the start of a list item / numbered clause ("-", "+", "•", "1.", "1.2.", "a)",
/// "II.", "Điều 3.")?
pub fn starts_item(first: &str, second: Option<&str>) -> bool {
    let first = leading_marker(first);
    let mut chars = first.chars();
    let Some(c0) = chars.next() else {
        return false;
    };
    if matches!(
        c0,
        '-' | '–'
            | '—'
            | '+'
            | '•'
            | '·'
            | '*'
            | '●'
            | '○'
            | '▪'
            | '◦'
            | '\u{F0A7}'
            | '\u{F0D8}'
            | '❖'
            | '➢'
            | '✓'
    ) {
        // "-5" or "+3" alone are numbers, not markers.
        let rest: String = chars.collect();
        return rest.is_empty()
            || !rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    }
    if item_marker(first).is_some() {
        return true;
    }
    let lower = first.to_lowercase();
    if matches!(lower.as_str(), "điều" | "chương" | "mục" | "phần" | "bước")
        && let Some(s) = second
    {
        let s = s.trim_end_matches([':', '.', ')']);
        return !s.is_empty() && (s.chars().all(|c| c.is_ascii_digit()) || is_roman_numeral(s));
    }
    false
}

/// The numbering marker at the start of a word glued to its text ("2.Cải" → "2.",
/// "III.ĐÁNH" → "III.", "a)UBND" → "a)"); the word itself otherwise.
pub fn leading_marker(word: &str) -> &str {
    for (i, c) in word.char_indices() {
        if c == '.' || c == ')' {
            let end = i + c.len_utf8();
            let (head, rest) = word.split_at(end);
            let glued = rest.chars().next().is_some_and(char::is_alphabetic);
            if glued && item_marker(head).is_some() {
                return head;
            }
        }
    }
    word
}

/// The marker a word is when it opens a list item or heading ("I.", "1.", "1.2", "a)").
fn item_marker(w: &str) -> Option<MarkerBody<'_>> {
    Marker::parse(w).filter(Marker::is_item).map(|m| m.body)
}

/// Best-effort heading level of a paragraph text.
pub fn heading_level(text: &str) -> Option<u8> {
    let mut words = text.split_whitespace();
    let first = leading_marker(words.next()?);
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.iter().filter(|c| c.is_uppercase()).count();
    let mostly_caps = !letters.is_empty() && caps * 10 >= letters.len() * 8;
    let len = text.chars().count();
    let marker = item_marker(first);
    let roman = matches!(marker, Some(MarkerBody::Roman(_)));
    if roman && mostly_caps {
        return Some(1);
    }
    if (first.eq_ignore_ascii_case("phần") || first.eq_ignore_ascii_case("PHẦN")) && mostly_caps
    {
        return Some(1);
    }
    if len > 160 || text.ends_with(';') || text.ends_with(',') {
        return None;
    }
    match marker {
        Some(MarkerBody::Roman(_)) => Some(1),
        Some(MarkerBody::Number(parts)) => Some(if parts.len() <= 1 { 2 } else { 3 }),
        Some(MarkerBody::Letter(_)) if len <= 100 => Some(3),
        _ => None,
    }
}

/// Something placed on the page at a vertical position.
enum Item {
    /// A free line (index into the line list).
    Line(usize),
    /// A block already built (ruled or borderless table), with where it came from (for
    /// [`PageTrace`]).
    Block(Block, BlockSource),
}

/// Builds the blocks of a page; holds reusable buffers.
#[derive(Default)]
pub struct PageBuilder {
    free: Vec<u32>,
    cells: Vec<(u32, u32, u32)>,
    lines: Vec<Line>,
    cell_lines: Vec<Line>,
    scratch: Vec<u32>,
    /// The previous page ended inside a paragraph (last line full, no final punctuation).
    prev_open: bool,
}

impl PageBuilder {
    /// Lays out one page and appends its blocks to `out` in reading order.
    pub fn build(&mut self, page: &PageContent, out: &mut Vec<Block>) {
        self.build_with(page, out, None);
    }

    /// [`PageBuilder::build`], also recording its intermediate layers (grids, cell lines, free
    /// lines, the source of every block) in `trace`; the blocks are the same.
    pub fn build_traced(
        &mut self,
        page: &PageContent,
        out: &mut Vec<Block>,
        trace: &mut PageTrace,
    ) {
        self.build_with(page, out, Some(trace));
    }

    fn build_with(
        &mut self,
        page: &PageContent,
        out: &mut Vec<Block>,
        mut trace: Option<&mut PageTrace>,
    ) {
        let pno = page.page;
        let grids = find_grids(&page.hrules, &page.vrules);
        if let Some(t) = trace.as_deref_mut() {
            t.grids = grids.clone();
        }
        self.free.clear();
        self.cells.clear();
        self.lines.clear();
        for (i, g) in page.glyphs.iter().enumerate() {
            let (cx, cy) = (g.cx(), g.cy());
            let hit = grids
                .iter()
                .enumerate()
                .find_map(|(t, grid)| grid.cell_at(cx, cy).map(|c| (t, c)));
            match hit {
                Some((t, c)) => self.cells.push((t as u32, c as u32, i as u32)),
                None => self.free.push(i as u32),
            }
        }
        let mut items: Vec<(f32, Item)> = Vec::new();
        // Ruled tables.
        self.cells.sort_unstable();
        let mut texts: Vec<Vec<String>> = grids
            .iter()
            .map(|g| vec![String::new(); g.nrows() * g.ncols()])
            .collect();
        for chunk in self.cells.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            let Some(&(t, c, _)) = chunk.first() else {
                continue;
            };
            self.scratch.clear();
            self.scratch.extend(chunk.iter().map(|e| e.2));
            self.cell_lines.clear();
            build_lines(
                &page.glyphs,
                &page.text,
                &mut self.scratch,
                f32::INFINITY,
                &mut self.cell_lines,
            );
            let txt = nfc(join_words(
                self.cell_lines
                    .iter()
                    .map(|l| l.text())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|s| s.as_str()),
            ));
            if let Some(tr) = trace.as_deref_mut() {
                tr.cells.push(TracedCell {
                    grid: t as usize,
                    cell: c as usize,
                    text: txt.clone(),
                    lines: self.cell_lines.clone(),
                });
            }
            if let Some(slot) = texts
                .get_mut(t as usize)
                .and_then(|v| v.get_mut(c as usize))
            {
                *slot = txt;
            }
        }
        for (k, (grid, cell_texts)) in grids.iter().zip(texts).enumerate() {
            if let Some(table) = grid_table(grid, cell_texts, pno) {
                items.push((
                    grid.top(),
                    Item::Block(Block::Table(table), BlockSource::Grid(k)),
                ));
            }
        }
        // Free text.
        build_lines(
            &page.glyphs,
            &page.text,
            &mut self.free,
            SEGMENT_GAP,
            &mut self.lines,
        );
        let dropped = drop_page_numbers(&mut self.lines, page.height);
        if let Some(t) = trace.as_deref_mut() {
            t.lines = self.lines.clone();
            t.dropped = dropped.into_iter().flatten().collect();
        }
        let in_region = column_regions(&self.lines, pno, &mut items);
        for (i, l) in self.lines.iter().enumerate() {
            if !in_region.get(i).copied().unwrap_or(false) {
                items.push((l.top(), Item::Line(i)));
            }
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0));
        let right = self
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !in_region.get(*i).copied().unwrap_or(false))
            .map(|(_, l)| l.x1())
            .fold(0.0f32, f32::max);
        let ctx = ParaContext::new(&self.lines, &in_region, right);
        let mut para: Option<ParaAcc> = None;
        // Free lines of the paragraph being assembled (only kept for a trace).
        let mut para_lines: Vec<usize> = Vec::new();
        let mut first_item = true;
        for (_, item) in items {
            match item {
                Item::Block(b, source) => {
                    if let Some(p) = para.take() {
                        emit_traced(p, pno, out, trace.as_deref_mut(), &mut para_lines);
                    }
                    if let Some(t) = trace.as_deref_mut() {
                        t.blocks.push(TracedBlock {
                            index: out.len(),
                            source,
                            joined_prev: false,
                        });
                    }
                    out.push(b);
                }
                Item::Line(i) => {
                    let Some(line) = self.lines.get(i) else {
                        continue;
                    };
                    let text = line.text();
                    if text.is_empty() {
                        continue;
                    }
                    let cont = para.as_ref().is_some_and(|p| p.continues(line, &ctx));
                    if cont {
                        if let Some(p) = para.as_mut() {
                            p.push(line, &text);
                        }
                    } else {
                        if let Some(p) = para.take() {
                            emit_traced(p, pno, out, trace.as_deref_mut(), &mut para_lines);
                        }
                        let mut acc = ParaAcc::new(line, text);
                        // The first line of a page, at the left margin and not a new item,
                        // continues a paragraph left open at the bottom of the previous page.
                        acc.joins_prev = first_item
                            && self.prev_open
                            && line.segments.len() == 1
                            && line.x0() <= ctx.left + 0.5 * line.size.max(1.0)
                            && !line.first_word().is_some_and(|w| {
                                starts_item(
                                    w,
                                    line.segments
                                        .first()
                                        .and_then(|s| s.words.get(1))
                                        .map(|w| w.text.as_str()),
                                )
                            });
                        para = Some(acc);
                    }
                    if trace.is_some() {
                        para_lines.push(i);
                    }
                }
            }
            first_item = false;
        }
        let wide_column = ctx.right - ctx.left >= 0.5 * page.width;
        self.prev_open = para.as_ref().is_some_and(|p| {
            wide_column
                && p.x1 >= ctx.right - 2.5 * p.size.max(1.0)
                && !p.text.trim_end().ends_with(['.', ':', ';', '!', '?'])
        });
        if let Some(p) = para.take() {
            emit_traced(p, pno, out, trace, &mut para_lines);
        }
    }
}

/// [`ParaAcc::emit`], recording in `trace` (when tracing) which block the paragraph went to
/// and the free lines it was made of (taken from `lines`).
fn emit_traced(
    p: ParaAcc,
    page: u32,
    out: &mut Vec<Block>,
    trace: Option<&mut PageTrace>,
    lines: &mut Vec<usize>,
) {
    let lines = std::mem::take(lines);
    let Some(t) = trace else {
        p.emit(page, out);
        return;
    };
    let before = out.len();
    p.emit(page, out);
    // `emit` either pushes a block or appends to the last one (a paragraph continued from
    // the previous page).
    let joined_prev = out.len() == before;
    t.blocks.push(TracedBlock {
        index: if joined_prev {
            before.saturating_sub(1)
        } else {
            before
        },
        source: BlockSource::Lines(lines),
        joined_prev,
    });
}

/// Page-wide measures used to join lines into paragraphs.
struct ParaContext {
    /// Typical baseline distance of consecutive lines, in font sizes.
    pitch: f32,
    /// Left margin of the text column.
    left: f32,
    /// Right edge of the text column.
    right: f32,
    /// Centre of the text column.
    centre: f32,
}

impl ParaContext {
    fn new(lines: &[Line], skip: &[bool], right: f32) -> Self {
        let free: Vec<&Line> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.get(*i).copied().unwrap_or(false))
            .map(|(_, l)| l)
            .collect();
        // Histogram of baseline distances (in 1/20 font size) between neighbouring lines.
        let mut hist = [0u32; 64];
        for w in free.windows(2) {
            if let [a, b] = w {
                let size = a.size.max(1.0);
                if (a.size - b.size).abs() > 0.1 * size {
                    continue;
                }
                let r = (b.y - a.y) / size;
                if r > 0.9 && r < 2.5 {
                    let k = (r * 20.0).round() as usize;
                    if let Some(h) = hist.get_mut(k) {
                        *h += 1;
                    }
                }
            }
        }
        let (best, count) = hist
            .iter()
            .enumerate()
            .max_by_key(|(k, c)| (**c, usize::MAX - *k))
            .map(|(k, c)| (k, *c))
            .unwrap_or((0, 0));
        let pitch = if count >= 3 {
            (best as f32 / 20.0).max(1.0)
        } else {
            1.6
        };
        let left = free.iter().map(|l| l.x0()).fold(f32::INFINITY, f32::min);
        let left = if left.is_finite() { left } else { 0.0 };
        ParaContext {
            pitch,
            left,
            right,
            centre: (left + right) * 0.5,
        }
    }
}

/// Joins a line ending in an attached hyphen to the next without a space when the hyphen
/// belongs to a code or a range ("QĐ-" + "UBND", "2016-" + "2021", "phòng-" + "Thống").
fn glue_hyphen(before: &str, next: &str) -> bool {
    let Some(last) = before.split_whitespace().next_back() else {
        return false;
    };
    let ends = last.ends_with('-') && last.chars().count() >= 2;
    let starts = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    ends && starts
}

/// A paragraph being assembled.
struct ParaAcc {
    text: String,
    /// Baseline, left, right and size of the last line.
    y: f32,
    x0: f32,
    x1: f32,
    size: f32,
    /// Continues the last paragraph of the previous page.
    joins_prev: bool,
}

impl ParaAcc {
    fn new(line: &Line, text: String) -> Self {
        ParaAcc {
            text,
            y: line.y,
            x0: line.x0(),
            x1: line.x1(),
            size: line.size,
            joins_prev: false,
        }
    }

    /// Appends the paragraph to `out`, or to the paragraph it continues.
    fn emit(self, page: u32, out: &mut Vec<Block>) {
        if self.joins_prev
            && let Some(Block::Paragraph(prev)) = out.last_mut()
        {
            if !glue_hyphen(&prev.text, &self.text) {
                prev.text.push(' ');
            }
            prev.text.push_str(&nfc(self.text));
            prev.heading_level = heading_level(&prev.text);
            return;
        }
        out.push(self.finish(page));
    }

    /// Does `line` continue this paragraph?
    fn continues(&self, line: &Line, ctx: &ParaContext) -> bool {
        let size = self.size.max(line.size).max(1.0);
        let dy = line.y - self.y;
        if dy <= 0.0 || dy > 2.0 * size || dy > ctx.pitch * 1.22 * size {
            return false;
        }
        if (line.size - self.size).abs() > 0.2 * size {
            return false;
        }
        if line.segments.len() > 1 {
            return false;
        }
        // Two centred lines of one title (neither starts at the left margin).
        let centred =
            |a: f32, b: f32| ((a + b) * 0.5 - ctx.centre).abs() < size && a > ctx.left + 0.5 * size;
        // Only a title line that filled most of the column can have wrapped.
        let wrapped = self.x1 - self.x0 >= 0.7 * (ctx.right - ctx.left);
        let both_centred = wrapped && centred(self.x0, self.x1) && centred(line.x0(), line.x1());
        if !both_centred {
            if line.x0() > self.x0 + 0.8 * size {
                return false;
            }
            if self.x1 < ctx.right - 2.5 * size {
                return false;
            }
        }
        let second = line
            .segments
            .first()
            .and_then(|s| s.words.get(1))
            .map(|w| w.text.as_str());
        if let Some(first) = line.first_word()
            && starts_item(first, second)
        {
            return false;
        }
        true
    }

    fn push(&mut self, line: &Line, text: &str) {
        if !glue_hyphen(&self.text, text) {
            self.text.push(' ');
        }
        self.text.push_str(text);
        self.y = line.y;
        self.x0 = line.x0();
        self.x1 = line.x1();
    }

    fn finish(self, page: u32) -> Block {
        let text = nfc(self.text);
        let heading_level = heading_level(&text);
        Block::Paragraph(Paragraph {
            text,
            page: Some(page),
            heading_level,
            in_header: false,
        })
    }
}

/// Turns a grid with its cell texts into a table (rows of merged cells, empty rows dropped).
fn grid_table(grid: &Grid, texts: Vec<String>, page: u32) -> Option<Table> {
    let (nr, nc) = (grid.nrows(), grid.ncols());
    let mut texts = texts;
    let mut rows = Vec::with_capacity(nr);
    let mut header_until = 0usize;
    for r in 0..nr {
        let mut cells = Vec::with_capacity(nc);
        let mut continues_header = false;
        for c in 0..nc {
            let here = r * nc + c;
            let Some(&o) = grid.origin.get(here) else {
                continue;
            };
            let orow = o / nc;
            if o == here {
                cells.push(texts.get_mut(here).map(std::mem::take).unwrap_or_default());
            } else {
                // A merged cell's text is in its first (top-left) grid cell; the others are
                // empty, so every row has one cell per grid column (as a DOCX row with
                // w:gridSpan / w:vMerge reads) and a two-row header lines up with its columns.
                cells.push(String::new());
                if orow < r && orow < header_until {
                    continues_header = true;
                }
            }
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let is_header = if rows.is_empty() {
            looks_like_header(&cells)
        } else {
            continues_header && rows.iter().all(|r: &Row| r.is_header)
        };
        if is_header {
            header_until = r + 1;
        }
        rows.push(Row {
            cells,
            page: Some(page),
            is_header,
        });
    }
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        rows,
        page: Some(page),
        borderless: false,
    })
}

/// Does a first row look like a header ("STT", "Chỉ tiêu", "Nội dung", …)?
pub fn looks_like_header(cells: &[String]) -> bool {
    const KEYS: [&str; 9] = [
        "stt",
        "chỉ tiêu",
        "nội dung",
        "đơn vị",
        "ghi chú",
        "số lượng",
        "tt",
        "kết quả",
        "tên",
    ];
    cells.iter().any(|c| {
        let l = c.to_lowercase();
        KEYS.iter().any(|k| {
            if *k == "tt" || *k == "stt" || *k == "tên" {
                l.split_whitespace().next() == Some(*k)
            } else {
                l.starts_with(k)
            }
        })
    })
}

/// Drops running page numbers: a line holding only a number (or "- 3 -", "Trang 3") that is
/// the first or last line of the page and sits in the top or bottom margin.
/// Returns the lines dropped (first, last).
fn drop_page_numbers(lines: &mut Vec<Line>, height: f32) -> [Option<Line>; 2] {
    let is_number = |l: &Line| {
        let t = l.text();
        let t = t.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
        let t = t
            .strip_prefix("Trang ")
            .or_else(|| t.strip_prefix("trang "))
            .unwrap_or(t);
        !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
    };
    let n = lines.len();
    let mut drop_first = false;
    let mut drop_last = false;
    if let Some(f) = lines.first() {
        drop_first = f.y < height * 0.12 && is_number(f);
    }
    if (n > 1 || !drop_first)
        && let Some(l) = lines.last()
    {
        drop_last = l.y > height * 0.88 && is_number(l);
    }
    let mut dropped = [None, None];
    if drop_last {
        dropped[1] = lines.pop();
    }
    if drop_first && !lines.is_empty() {
        dropped[0] = Some(lines.remove(0));
    }
    dropped
}

/// Finds borderless column blocks: runs of at least two consecutive lines, one of them with
/// two or more segments, whose segments stay inside the same column intervals. Each run
/// becomes a borderless table (pushed to `items`); returns which lines were used.
fn column_regions(lines: &[Line], page: u32, items: &mut Vec<(f32, Item)>) -> Vec<bool> {
    let mut used = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let Some(line) = lines.get(i) else { break };
        if line.segments.len() < 2 {
            i += 1;
            continue;
        }
        let mut cols: Vec<(f32, f32)> = line.segments.iter().map(|s| (s.x0, s.x1)).collect();
        let mut members = vec![i];
        let mut j = i + 1;
        while let Some(next) = lines.get(j) {
            let prev = lines
                .get(j - 1)
                .map(|l| (l.y, l.size))
                .unwrap_or((0.0, 0.0));
            let size = prev.1.max(next.size).max(1.0);
            let max_dy = if next.segments.len() > 1 { 2.6 } else { 1.6 };
            if next.y - prev.0 > max_dy * size {
                break;
            }
            match fit_columns(&cols, next) {
                Some(c) => cols = c,
                None => break,
            }
            members.push(j);
            j += 1;
        }
        if members.len() < 2 {
            i += 1;
            continue;
        }
        let mut rows: Vec<Row> = Vec::with_capacity(members.len());
        for &m in &members {
            let Some(l) = lines.get(m) else { continue };
            let mut cells = vec![String::new(); cols.len()];
            for s in &l.segments {
                let k = cols
                    .iter()
                    .position(|&(a, b)| s.x0 < b + 1.0 && s.x1 > a - 1.0)
                    .unwrap_or(0);
                if let Some(cell) = cells.get_mut(k) {
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(&s.text());
                }
            }
            let cells: Vec<String> = cells.into_iter().map(nfc).collect();
            // A wrapped line ("cấp" / "xã;") continues the cell above it.
            let filled: Vec<usize> = (0..cells.len())
                .filter(|&k| cells.get(k).is_some_and(|c| !c.is_empty()))
                .collect();
            if let ([k], Some(prev)) = (filled.as_slice(), rows.last_mut()) {
                let text = cells.get(*k).map(String::as_str).unwrap_or("");
                let lower = text.chars().next().is_some_and(char::is_lowercase);
                let first = text.split_whitespace().next().unwrap_or("");
                let prev_cell: Option<&mut String> = prev.cells.get_mut(*k);
                if let Some(pc) = prev_cell
                    && lower
                    && !pc.is_empty()
                    && !starts_item(first, None)
                {
                    pc.push(' ');
                    pc.push_str(text);
                    if let Some(u) = used.get_mut(m) {
                        *u = true;
                    }
                    continue;
                }
            }
            rows.push(Row {
                cells,
                page: Some(page),
                is_header: false,
            });
            if let Some(u) = used.get_mut(m) {
                *u = true;
            }
        }
        let top = lines.get(i).map(|l| l.top()).unwrap_or(0.0);
        items.push((
            top,
            Item::Block(
                Block::Table(Table {
                    rows,
                    page: Some(page),
                    borderless: true,
                }),
                BlockSource::Columns {
                    lines: i..j,
                    columns: cols,
                },
            ),
        ));
        i = j;
    }
    used
}

/// Adds a line's segments to column intervals if each segment overlaps at most one column
/// (a segment overlapping none opens a new column only when the line has several segments)
/// and no two columns get merged. Returns the new intervals.
fn fit_columns(cols: &[(f32, f32)], line: &Line) -> Option<Vec<(f32, f32)>> {
    let mut out = cols.to_vec();
    for s in &line.segments {
        let hits: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, c)| s.x0 < c.1 + 1.0 && s.x1 > c.0 - 1.0)
            .map(|(k, _)| k)
            .collect();
        match hits.as_slice() {
            [k] => {
                if let Some(c) = out.get_mut(*k) {
                    c.0 = c.0.min(s.x0);
                    c.1 = c.1.max(s.x1);
                }
            }
            [] if line.segments.len() > 1 => out.push((s.x0, s.x1)),
            _ => return None,
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Widened columns must still be apart.
    for w in out.windows(2) {
        if let [a, b] = w
            && a.1 + 1.0 > b.0
        {
            return None;
        }
    }
    Some(out)
}

/// Marks the first rows of a table as header rows when they repeat the header rows of the
/// previous table (a table continued on the next page with its header repeated).
pub fn mark_repeated_headers(blocks: &mut [Block]) {
    let mut prev_header: Vec<Vec<String>> = Vec::new();
    for b in blocks.iter_mut() {
        let Block::Table(t) = b else { continue };
        if t.borderless {
            continue;
        }
        if !prev_header.is_empty() && t.rows.len() >= prev_header.len() {
            let same = t.rows.iter().zip(&prev_header).all(|(r, h)| &r.cells == h);
            if same {
                for r in t.rows.iter_mut().take(prev_header.len()) {
                    r.is_header = true;
                }
            }
        }
        let hdr: Vec<Vec<String>> = t
            .rows
            .iter()
            .take_while(|r| r.is_header)
            .map(|r| r.cells.clone())
            .collect();
        if !hdr.is_empty() {
            prev_header = hdr;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds glyphs for `words` placed left to right: (x, text) per word, 10 pt, 5 pt/char.
    fn glyphs_for(items: &[(f32, f32, &str)], buf: &mut String) -> Vec<Glyph> {
        let mut gs = Vec::new();
        for &(x, y, word) in items {
            let mut cx = x;
            for ch in word.chars() {
                let start = buf.len() as u32;
                buf.push(ch);
                let kind = if ch == ' ' {
                    GlyphKind::Space
                } else if super::super::glyphs::is_combining(ch) {
                    GlyphKind::Mark
                } else {
                    GlyphKind::Normal
                };
                let w = if kind == GlyphKind::Mark { 0.0 } else { 5.0 };
                gs.push(Glyph {
                    x: cx,
                    y,
                    w,
                    size: 10.0,
                    start,
                    len: ch.len_utf8() as u32,
                    kind,
                    font: 0,
                });
                cx += w;
            }
        }
        gs
    }

    fn lines_of(items: &[(f32, f32, &str)]) -> Vec<Line> {
        let mut buf = String::new();
        let gs = glyphs_for(items, &mut buf);
        let mut idx: Vec<u32> = (0..gs.len() as u32).collect();
        let mut out = Vec::new();
        build_lines(&gs, &buf, &mut idx, SEGMENT_GAP, &mut out);
        out
    }

    #[test]
    fn words_by_space_and_gap() {
        let l = lines_of(&[(0.0, 100.0, "Số hồ"), (28.0, 100.0, "sơ")]);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].text(), "Số hồ sơ");
    }

    #[test]
    fn combining_mark_stays_in_word() {
        // "ĐIỀU" written as "ĐIÊ" + combining grave + "U".
        let l = lines_of(&[(0.0, 100.0, "ĐIÊ\u{300}U")]);
        assert_eq!(nfc(l[0].text()), "ĐIỀU");
    }

    #[test]
    fn overlapping_glyph_attaches() {
        let mut buf = String::new();
        let mut gs = glyphs_for(&[(0.0, 100.0, "ab")], &mut buf);
        let start = buf.len() as u32;
        buf.push('c');
        gs.push(Glyph {
            x: 7.0,
            y: 100.0,
            w: 5.0,
            size: 10.0,
            start,
            len: 1,
            kind: GlyphKind::Normal,
            font: 0,
        });
        let mut idx: Vec<u32> = (0..gs.len() as u32).collect();
        let mut out = Vec::new();
        build_lines(&gs, &buf, &mut idx, SEGMENT_GAP, &mut out);
        assert_eq!(out[0].text(), "abc");
    }

    #[test]
    fn content_order_does_not_matter() {
        // Second line written first; glyphs of a line out of order.
        let l = lines_of(&[
            (0.0, 120.0, "dưới"),
            (30.0, 100.0, "hai"),
            (0.0, 100.0, "một"),
        ]);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text(), "một hai");
        assert_eq!(l[1].text(), "dưới");
    }

    #[test]
    fn baseline_tolerance() {
        let l = lines_of(&[(0.0, 100.0, "a"), (10.0, 101.5, "b"), (0.0, 114.0, "c")]);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text(), "a b");
    }

    #[test]
    fn wide_gap_splits_segments() {
        let l = lines_of(&[(0.0, 100.0, "Số: 37/BC-UBND"), (200.0, 100.0, "Như Quỳnh")]);
        assert_eq!(l[0].segments.len(), 2);
        assert_eq!(l[0].segments[0].text(), "Số: 37/BC-UBND");
        assert_eq!(l[0].segments[1].text(), "Như Quỳnh");
    }

    #[test]
    fn adjacent_numbers_do_not_merge() {
        let l = lines_of(&[(0.0, 100.0, "1601"), (22.0, 100.0, "100")]);
        assert_eq!(l[0].text(), "1601 100");
    }

    #[test]
    fn markers() {
        for m in ["-", "+", "•", "1.", "3.3.1.", "a)", "II.", "2)"] {
            assert!(starts_item(m, Some("x")), "{m}");
        }
        assert!(starts_item("Điều", Some("3.")));
        for m in ["2023.", "hồ", "1451", "-5"] {
            assert!(!starts_item(m, Some("x")), "{m}");
        }
    }

    #[test]
    fn glued_markers() {
        assert_eq!(leading_marker("2.Cải"), "2.");
        assert_eq!(leading_marker("III.ĐÁNH"), "III.");
        assert_eq!(leading_marker("a)UBND"), "a)");
        assert_eq!(leading_marker("TP.HCM"), "TP.HCM");
        assert_eq!(
            heading_level("2.Cải cách thủ tục hành chính (TTHC)"),
            Some(2)
        );
    }

    #[test]
    fn headings() {
        assert_eq!(heading_level("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), Some(1));
        assert_eq!(heading_level("1. Cải cách thể chế"), Some(2));
        assert_eq!(heading_level("a) Kết quả"), Some(3));
        assert_eq!(heading_level("Thực hiện kế hoạch"), None);
    }

    #[test]
    fn column_block_not_interleaved() {
        let lines = lines_of(&[
            (40.0, 100.0, "ỦY BAN NHÂN DÂN"),
            (250.0, 100.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"),
            (50.0, 115.0, "XÃ NGỌC KỲ"),
            (260.0, 115.0, "Độc lập - Tự do"),
        ]);
        let mut items = Vec::new();
        let used = column_regions(&lines, 1, &mut items);
        assert!(used.iter().all(|&u| u));
        assert_eq!(items.len(), 1);
        let Item::Block(Block::Table(t), _) = &items[0].1 else {
            panic!("not a table")
        };
        assert!(t.borderless);
        assert_eq!(
            t.rows[0].cells,
            vec!["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"]
        );
        assert_eq!(t.rows[1].cells, vec!["XÃ NGỌC KỲ", "Độc lập - Tự do"]);
    }
}
