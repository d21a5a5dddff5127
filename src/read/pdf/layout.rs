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

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::is_nfc_quick;

use super::glyphs::{Glyph, GlyphKind, PageContent};
use super::tables::{Grid, find_grids};
use crate::model::{Block, Paragraph, Row, Table};

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

/// NFC-normalises `s` (cheap when it already is NFC).
pub fn nfc(s: String) -> String {
    if s.is_ascii() || is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
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
            group.sort_by(|&a, &b| match (get(a), get(b)) {
                (Some(ga), Some(gb)) => ga.x.total_cmp(&gb.x).then(a.cmp(&b)),
                _ => a.cmp(&b),
            });
            if let Some(line) = line_from_sorted(glyphs, text, group, segment_gap) {
                out.push(line);
            }
        }
        start = end;
    }
}

/// Builds one line from glyph indices sorted left to right.
fn line_from_sorted(glyphs: &[Glyph], text: &str, group: &[u32], segment_gap: f32) -> Option<Line> {
    let mut line = Line::default();
    let mut ysum = 0.0f32;
    let mut ycount = 0.0f32;
    let mut seg: Option<Segment> = None;
    let mut word: Option<Word> = None;
    // Right end of everything seen in the current segment (spaces included).
    let mut last_end = f32::NEG_INFINITY;
    let mut after_space = false;
    let mut prev: Option<&Glyph> = None;
    for &i in group {
        let Some(g) = glyphs.get(i as usize) else {
            continue;
        };
        let t = g.text(text);
        // Fake bold / shadow: the same glyph printed twice at (almost) the same spot.
        if let Some(p) = prev {
            if p.kind == g.kind
                && (p.x - g.x).abs() < 0.1 * g.size
                && (p.y - g.y).abs() < 0.1 * g.size
                && p.text(text) == t
            {
                continue;
            }
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
            let join = !after_space && gap <= WORD_GAP * size;
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
    if is_roman_marker(first) || is_number_marker(first) || is_letter_marker(first) {
        return true;
    }
    let lower = first.to_lowercase();
    if matches!(lower.as_str(), "điều" | "chương" | "mục" | "phần" | "bước") {
        if let Some(s) = second {
            let s = s.trim_end_matches([':', '.', ')']);
            return !s.is_empty() && (s.chars().all(|c| c.is_ascii_digit()) || is_roman(s));
        }
    }
    false
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// "I.", "II.", "IV)" …
pub fn is_roman_marker(w: &str) -> bool {
    match w.strip_suffix(['.', ')']) {
        Some(r) => is_roman(r),
        None => false,
    }
}

/// "1.", "12.", "1.2", "3.3.1.", "2)" (components of one or two digits).
pub fn is_number_marker(w: &str) -> bool {
    let (body, closed) = match w.strip_suffix(['.', ')']) {
        Some(b) => (b, true),
        None => (w, false),
    };
    if body.is_empty() {
        return false;
    }
    let parts: Vec<&str> = body.split('.').collect();
    if !closed && parts.len() < 2 {
        return false;
    }
    parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// "a)", "b)", "đ)".
pub fn is_letter_marker(w: &str) -> bool {
    let mut it = w.chars();
    match (it.next(), it.next(), it.next()) {
        (Some(c), Some(')'), None) => c.is_lowercase() && c.is_alphabetic(),
        _ => false,
    }
}

/// Best-effort heading level of a paragraph text.
pub fn heading_level(text: &str) -> Option<u8> {
    let mut words = text.split_whitespace();
    let first = words.next()?;
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.iter().filter(|c| c.is_uppercase()).count();
    let mostly_caps = !letters.is_empty() && caps * 10 >= letters.len() * 8;
    let len = text.chars().count();
    if is_roman_marker(first) && mostly_caps {
        return Some(1);
    }
    if (first.eq_ignore_ascii_case("phần") || first.eq_ignore_ascii_case("PHẦN")) && mostly_caps
    {
        return Some(1);
    }
    if len > 160 || text.ends_with(';') || text.ends_with(',') {
        return None;
    }
    if is_roman_marker(first) {
        return Some(1);
    }
    if is_number_marker(first) {
        let depth = first.trim_end_matches(['.', ')']).split('.').count();
        return Some(if depth <= 1 { 2 } else { 3 });
    }
    if is_letter_marker(first) && len <= 100 {
        return Some(3);
    }
    None
}

/// Something placed on the page at a vertical position.
enum Item {
    /// A free line (index into the line list).
    Line(usize),
    /// A block already built (ruled or borderless table).
    Block(Block),
}

/// Builds the blocks of a page; holds reusable buffers.
#[derive(Default)]
pub struct PageBuilder {
    free: Vec<u32>,
    cells: Vec<(u32, u32, u32)>,
    lines: Vec<Line>,
    cell_lines: Vec<Line>,
    scratch: Vec<u32>,
}

impl PageBuilder {
    /// Lays out one page and appends its blocks to `out` in reading order.
    pub fn build(&mut self, page: &PageContent, out: &mut Vec<Block>) {
        let pno = page.page;
        let grids = find_grids(&page.hrules, &page.vrules);
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
        let mut k = 0;
        let mut texts: Vec<Vec<String>> = grids
            .iter()
            .map(|g| vec![String::new(); g.nrows() * g.ncols()])
            .collect();
        while k < self.cells.len() {
            let (t, c, _) = self.cells[k];
            let mut e = k;
            self.scratch.clear();
            while e < self.cells.len() && self.cells[e].0 == t && self.cells[e].1 == c {
                self.scratch.push(self.cells[e].2);
                e += 1;
            }
            k = e;
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
            if let Some(slot) = texts
                .get_mut(t as usize)
                .and_then(|v| v.get_mut(c as usize))
            {
                *slot = txt;
            }
        }
        for (grid, cell_texts) in grids.iter().zip(texts) {
            if let Some(table) = grid_table(grid, cell_texts, pno) {
                items.push((grid.top(), Item::Block(Block::Table(table))));
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
        drop_page_numbers(&mut self.lines, page.height);
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
        let mut para: Option<ParaAcc> = None;
        for (_, item) in items {
            match item {
                Item::Block(b) => {
                    if let Some(p) = para.take() {
                        out.push(p.finish(pno));
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
                    let cont = para.as_ref().is_some_and(|p| p.continues(line, right));
                    if cont {
                        if let Some(p) = para.as_mut() {
                            p.push(line, &text);
                        }
                    } else {
                        if let Some(p) = para.take() {
                            out.push(p.finish(pno));
                        }
                        para = Some(ParaAcc::new(line, text));
                    }
                }
            }
        }
        if let Some(p) = para.take() {
            out.push(p.finish(pno));
        }
    }
}

/// A paragraph being assembled.
struct ParaAcc {
    text: String,
    /// Baseline, left, right and size of the last line.
    y: f32,
    x0: f32,
    x1: f32,
    size: f32,
}

impl ParaAcc {
    fn new(line: &Line, text: String) -> Self {
        ParaAcc {
            text,
            y: line.y,
            x0: line.x0(),
            x1: line.x1(),
            size: line.size,
        }
    }

    /// Does `line` continue this paragraph? `right` is the right edge of the text column.
    fn continues(&self, line: &Line, right: f32) -> bool {
        let size = self.size.max(line.size).max(1.0);
        let dy = line.y - self.y;
        if dy <= 0.0 || dy > 2.0 * size {
            return false;
        }
        if (line.size - self.size).abs() > 0.2 * size {
            return false;
        }
        if line.segments.len() > 1 {
            return false;
        }
        if line.x0() > self.x0 + 0.8 * size {
            return false;
        }
        if self.x1 < right - 2.5 * size {
            return false;
        }
        let second = line
            .segments
            .first()
            .and_then(|s| s.words.get(1))
            .map(|w| w.text.as_str());
        if let Some(first) = line.first_word() {
            if starts_item(first, second) {
                return false;
            }
        }
        true
    }

    fn push(&mut self, line: &Line, text: &str) {
        self.text.push(' ');
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
            let (orow, ocol) = (o / nc, o % nc);
            if o == here {
                cells.push(texts.get_mut(here).map(std::mem::take).unwrap_or_default());
            } else if orow == r {
                // Horizontal continuation: the merged cell appears once.
            } else {
                if ocol == c {
                    cells.push(String::new());
                }
                if orow < header_until {
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
fn drop_page_numbers(lines: &mut Vec<Line>, height: f32) {
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
    if n > 1 || !drop_first {
        if let Some(l) = lines.last() {
            drop_last = l.y > height * 0.88 && is_number(l);
        }
    }
    if drop_last {
        lines.pop();
    }
    if drop_first && !lines.is_empty() {
        lines.remove(0);
    }
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
            if next.y - prev.0 > 2.6 * size {
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
        let mut rows = Vec::with_capacity(members.len());
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
            let cells = cells.into_iter().map(nfc).collect();
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
            Item::Block(Block::Table(Table {
                rows,
                page: Some(page),
                borderless: true,
            })),
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
        if let [a, b] = w {
            if a.1 + 1.0 > b.0 {
                return None;
            }
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
        let Item::Block(Block::Table(t)) = &items[0].1 else {
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
