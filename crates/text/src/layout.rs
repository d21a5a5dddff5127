//! Turns a reader's blocks into text units in reading order: normalized paragraphs (re-joined
//! where a page break cut a sentence), table rows with normalized cells, each with its page and
//! heading path (`II > 2 > c`), plus the folded form patterns match.

use regex::Regex;
use std::sync::LazyLock;

use super::{Folded, fold_with_map, normalize};
use baocao_model::{Block, Document};

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Running text.
    Paragraph,
    /// A table row (cells in `cells`).
    Row,
}

/// One unit of normalized text.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Paragraph or row.
    pub kind: UnitKind,
    /// Normalized text (a row's non-empty cells joined by ` | `).
    pub text: String,
    /// Folded text with its map back to `text`.
    pub folded: Folded,
    /// 1-based page.
    pub page: Option<u32>,
    /// Heading path, e.g. `II > 2 > c`, plus the table caption for rows.
    pub section: Option<String>,
    /// Row cells (normalized), empty for paragraphs.
    pub cells: Vec<String>,
    /// Index of the table (rows only), counting tables from 0.
    pub table: Option<usize>,
    /// True for header rows, borderless layout tables and header-block paragraphs.
    pub layout: bool,
    /// True for a table's header row (column titles, never figures).
    pub header_row: bool,
    /// Heading level when the paragraph is a heading.
    pub heading: Option<u8>,
}

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:biểu mẫu|biểu|phụ lục|mẫu)\s*(?:số\s*)?[0-9IVXivx]+[a-z]?\b")
        .unwrap_or_else(|_| unreachable!())
});

/// Tracks the heading path while walking the document.
#[derive(Debug, Default)]
struct SectionPath {
    levels: [Option<String>; 4],
}

impl SectionPath {
    fn update(&mut self, text: &str) {
        let Some((level, name)) = crate::outline::section_marker(text) else {
            return;
        };
        self.levels[level] = Some(name.to_string());
        for l in self.levels.iter_mut().skip(level + 1) {
            *l = None;
        }
    }

    fn path(&self) -> Option<String> {
        let parts: Vec<&str> = self.levels.iter().flatten().map(String::as_str).collect();
        (!parts.is_empty()).then(|| parts.join(" > "))
    }
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', ':', ';', '!', '?', ')', '"'])
}

fn open_paren(s: &str) -> bool {
    s.matches('(').count() > s.matches(')').count()
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Builds the units of a document.
pub fn units(doc: &Document) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut section = SectionPath::default();
    let mut caption: Option<String> = None;
    let mut table_no = 0usize;
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                let text = normalize(&p.text);
                if text.is_empty() {
                    continue;
                }
                // Re-join a sentence cut by a page or column break.
                if let Some(prev) = out.last_mut()
                    && prev.kind == UnitKind::Paragraph
                    && !prev.layout
                    && !p.in_header
                    && prev.heading.is_none()
                    && !ends_sentence(&prev.text)
                    && (starts_lower(&text) || open_paren(&prev.text))
                {
                    prev.text.push(' ');
                    prev.text.push_str(&text);
                    prev.folded = fold_with_map(&prev.text);
                    continue;
                }
                if !p.in_header {
                    section.update(&text);
                }
                if CAPTION.is_match(&text) && text.chars().count() < 120 {
                    caption = Some(text.split(':').next().unwrap_or(&text).trim().to_string());
                }
                out.push(Unit {
                    kind: UnitKind::Paragraph,
                    folded: fold_with_map(&text),
                    text,
                    page: p.page,
                    section: section.path(),
                    cells: Vec::new(),
                    table: None,
                    layout: p.in_header,
                    header_row: false,
                    heading: p.heading_level,
                });
            }
            Block::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<String> = row.cells.iter().map(|c| normalize(c)).collect();
                    let text = cells
                        .iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | ");
                    if text.is_empty() {
                        continue;
                    }
                    let sec = match (section.path(), &caption) {
                        (Some(s), Some(c)) => Some(format!("{s} > {c}")),
                        (None, Some(c)) => Some(c.clone()),
                        (s, None) => s,
                    };
                    out.push(Unit {
                        kind: UnitKind::Row,
                        folded: fold_with_map(&text),
                        text,
                        page: row.page.or(t.page),
                        section: sec,
                        cells,
                        table: Some(table_no),
                        layout: t.borderless || row.is_header,
                        header_row: row.is_header,
                        heading: None,
                    });
                }
                table_no += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_model::{Paragraph, Row, Table};

    fn para(t: &str, page: u32) -> Block {
        Block::Paragraph(Paragraph {
            text: t.into(),
            page: Some(page),
            ..Default::default()
        })
    }

    #[test]
    fn rejoins_sentence_cut_by_page_break_and_tracks_sections() {
        let doc = Document {
            blocks: vec![
                para("II. KẾT QUẢ", 1),
                para("2. Cải cách thủ tục hành chính", 1),
                para("Tiếp tục đẩy mạnh thực hiện phong", 1),
                para("trào thi đua.", 2),
                Block::Table(Table {
                    rows: vec![Row {
                        cells: vec!["1".into(), "Số TTHC".into(), "5".into()],
                        page: Some(3),
                        is_header: false,
                    }],
                    page: Some(3),
                    borderless: false,
                }),
            ],
            ..Default::default()
        };
        let u = units(&doc);
        assert_eq!(u[2].text, "Tiếp tục đẩy mạnh thực hiện phong trào thi đua.");
        assert_eq!(u[2].section.as_deref(), Some("II > 2"));
        assert_eq!(u[3].kind, UnitKind::Row);
        assert_eq!(u[3].text, "1 | Số TTHC | 5");
    }
}

/// What diacritic repair did to a document.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RepairSummary {
    /// Share of words that looked damaged before repair (0–1), over the readable text only.
    pub damage: f64,
    /// Words changed.
    pub repaired: usize,
    /// Share of readable tokens of the text before repair ([`super::quality`]); `None` when
    /// the text has no token.
    pub text_quality: Option<f64>,
    /// False when the text is not readable Vietnamese (enough tokens, quality below
    /// [`super::quality::MIN_TEXT_QUALITY`]): then nothing was repaired or measured.
    pub readable: bool,
}

/// Repairs OCR-damaged diacritics in place, deciding once per document how hard to repair
/// (clean documents pass through untouched). Paragraphs are repaired whole; in table rows only
/// cells with letters are, so a figure is never rewritten.
///
/// Repair is for Vietnamese with OCR damage only: a document whose text is not readable
/// Vietnamese (an undecoded legacy encoding, a scrambled font) is left as it is, and so is
/// every unit that looks undecoded ([`super::quality::looks_unreadable`]); such text does not
/// count towards `damage` either.
pub fn repair_units(units: &mut [Unit]) -> RepairSummary {
    use super::quality::{MIN_TEXT_QUALITY, TokenCounts, count_tokens, looks_unreadable};
    use super::repair::{DocContext, Mode, RepairStats, Repairer};
    let mut counts = TokenCounts::default();
    for u in units.iter() {
        counts.add(count_tokens(&u.text));
    }
    let text_quality = (counts.tokens > 0).then(|| counts.readable as f64 / counts.tokens as f64);
    if counts.share().is_some_and(|q| q < MIN_TEXT_QUALITY) {
        return RepairSummary {
            text_quality,
            readable: false,
            ..RepairSummary::default()
        };
    }
    let skip: Vec<bool> = units.iter().map(|u| looks_unreadable(&u.text)).collect();
    let repairer = Repairer::shared();
    let mut sample = String::new();
    for (u, _) in units.iter().zip(&skip).filter(|(_, s)| !**s) {
        sample.push_str(&u.text);
        sample.push('\n');
    }
    let damage = repairer.looks_damaged(&sample);
    let mut ctx = DocContext::new(Mode::for_damage(damage));
    let mut stats = RepairStats::default();
    for (u, _) in units.iter_mut().zip(&skip).filter(|(_, s)| !**s) {
        let changed = match u.kind {
            UnitKind::Paragraph => {
                let (fixed, edits) = repairer.repair_in(&u.text, &mut ctx, &mut stats);
                if edits.is_empty() {
                    false
                } else {
                    u.text = fixed;
                    true
                }
            }
            UnitKind::Row => {
                let mut any = false;
                for cell in u.cells.iter_mut() {
                    if !cell.chars().any(char::is_alphabetic) {
                        continue;
                    }
                    let (fixed, edits) = repairer.repair_in(cell, &mut ctx, &mut stats);
                    if !edits.is_empty() {
                        *cell = fixed;
                        any = true;
                    }
                }
                if any {
                    u.text = u
                        .cells
                        .iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | ");
                }
                any
            }
        };
        if changed {
            u.folded = fold_with_map(&u.text);
        }
    }
    RepairSummary {
        damage,
        repaired: stats.repaired,
        text_quality,
        readable: true,
    }
}
