//! # baocao-extract
//!
//! The extract stage: from a document's text units (see `baocao-text`) to figures with
//! provenance. Main types: [`library::Library`] (the compiled pattern library: the
//! [`catalogue::Catalogue`], [`patterns::TextPatterns`] over paragraphs and
//! [`tables::TableRules`] over table rows), [`library::LibraryFiles`] (the library as text),
//! and the functions [`values`] and [`metadata::metadata`]. Numbers, dates and periods in
//! Vietnamese are read by [`numbers`] and [`dates`]; the other mentions the audit reads
//! (stated fractions, "kèm theo" attachment lines) by [`mentions`].
//!
//! Left to others: reading files (`baocao-read`), text normalization (`baocao-text`), checking
//! figures against each other (`baocao-audit`).

#![deny(missing_docs)]

pub mod catalogue;
pub mod coverage;
pub mod dates;
pub mod fragments;
pub mod gaps;
pub mod gazetteer;
pub mod kind;
pub mod library;
pub mod matrix;
pub mod mentions;
pub mod metadata;
pub mod numbers;
pub mod patterns;
pub mod rule;
pub mod tables;

use std::collections::HashMap;

use crate::library::Library;
use baocao_model::{Date, MeasureUnit, Origin, PeriodSource, Value};

/// The report's period as its metadata gives it: what a figure's window is compared with.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReportPeriod {
    /// First day covered.
    pub start: Option<Date>,
    /// Last day covered.
    pub end: Option<Date>,
}

impl ReportPeriod {
    /// The period of a report's metadata.
    pub fn of(meta: &baocao_model::Metadata) -> ReportPeriod {
        ReportPeriod {
            start: meta.period_start,
            end: meta.period_end,
        }
    }
}
use baocao_text::layout::{Unit, UnitKind};

/// Longest snippet written, in characters.
pub const SNIPPET_CHARS: usize = 300;

/// The sentence of `text` around byte range `span`, cut to `SNIPPET_CHARS` characters.
pub fn sentence_around(text: &str, span: (usize, usize)) -> String {
    let bytes = text.as_bytes();
    let is_end = |i: usize| -> bool {
        // A '.', ';', '!' or '?' followed by a space and not between digits.
        let Some(&b) = bytes.get(i) else { return false };
        if !matches!(b, b'.' | b';' | b'!' | b'?') || bytes.get(i + 1) != Some(&b' ') {
            return false;
        }
        let prev_digit = i > 0 && bytes[i - 1].is_ascii_digit();
        let next_digit = bytes.get(i + 2).is_some_and(u8::is_ascii_digit);
        !(b == b'.' && prev_digit && next_digit)
    };
    let mut start = span.0.min(text.len());
    while start > 0 && !is_end(start - 1) {
        start -= 1;
    }
    let mut end = span.1.min(text.len());
    while end < text.len() && !is_end(end) {
        end += 1;
    }
    if end < text.len() {
        end += 1;
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sentence = text[start..end].trim();
    if sentence.chars().count() <= SNIPPET_CHARS {
        return sentence.to_string();
    }
    // Too long: a window around the match.
    let rel = span.0.saturating_sub(start);
    let before: Vec<char> = text[start..start + rel.min(end - start)].chars().collect();
    let skip = before.len().saturating_sub(SNIPPET_CHARS / 3);
    sentence
        .chars()
        .skip(skip)
        .take(SNIPPET_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

/// True when a figure can be what its unit says: a percentage lies in 0–100, a count is a
/// whole number. An impossible figure (a misread cell, "210 %") is not written.
pub fn plausible(v: &Value) -> bool {
    match v.unit {
        MeasureUnit::Percent => (0.0..=100.0).contains(&v.value),
        u if u.is_count() => v.value >= 0.0 && v.value.fract() == 0.0,
        _ => v.value >= 0.0,
    }
}

/// Extracts every figure from the units of one document. `report` (the report's period, from
/// its metadata) resolves windows that omit their year and the periods a sentence quotes
/// ([`dates::quoted_window`]).
pub fn values(units: &[Unit], library: &Library, report: ReportPeriod) -> Vec<Value> {
    let report_year = report.end.or(report.start).map(|d| d.year);
    let is_money = |id: &str| library.is_money(id);
    let mut out = Vec::new();
    let mut headings = kind::Headings::default();
    let plans = matrix_plans(units, &library.tables);
    // The innermost heading naming a PAR-index component: (outline level, its name).
    let mut area: Option<(usize, String)> = None;
    let mut rows_seen: HashMap<usize, usize> = HashMap::new();
    // A row read together with the row above it (its label's value), not read again.
    let mut consumed: Option<usize> = None;
    for (i, u) in units.iter().enumerate() {
        match u.kind {
            UnitKind::Paragraph => {
                if u.layout {
                    continue;
                }
                let marker = baocao_text::outline::section_marker(&u.text).map(|(l, _)| l);
                track_heading(&mut headings, u, marker);
                if let Some(level) = marker {
                    track_area(&mut area, u, level, library);
                }
                for hit in library.text.run(&u.folded, &u.text, &is_money) {
                    let Some(p) = library.text.patterns.get(hit.pattern) else {
                        continue;
                    };
                    let Some(unit) = library.unit(&hit.indicator) else {
                        continue;
                    };
                    let (s, e) = u.folded.source_range(hit.span.0, hit.span.1, &u.text);
                    let snippet = sentence_around(&u.text, (s, e));
                    let folded_sentence = baocao_text::fold(&snippet);
                    let lead = sentence_lead(&u.folded.text, hit.value_span.1);
                    // An aim governs the clauses after it up to the sentence's end
                    // ("Phấn đấu 100% hồ sơ đúng hạn; tỷ lệ trực tuyến đạt trên 80%").
                    let aim_lead = clause_lead(&u.folded.text, hit.value_span.1, false);
                    let stated = dates::mention_window(&folded_sentence, report_year);
                    let quoted = match (&stated, report.start.zip(report.end)) {
                        // A quoted window that is the report's own ("lũy kế từ đầu năm" in a
                        // quý I report) is the report's.
                        (None, Some(period)) => dates::quoted_window(lead, period)
                            .filter(|w| (w.start, w.end) != (report.start, report.end)),
                        _ => None,
                    };
                    let period_source = match (&stated, &quoted) {
                        (Some(_), _) => PeriodSource::Stated,
                        (None, Some(_)) => PeriodSource::Quoted,
                        (None, None) => PeriodSource::Report,
                    };
                    let window = stated.or(quoted);
                    let kind = kind::kind_of(&headings.current(), aim_lead);
                    let qualifier = component_qualifier(&hit.indicator, hit.qualifier, &area);
                    out.push(Value {
                        unit,
                        indicator: hit.indicator,
                        value: hit.value,
                        qualifier,
                        origin: Origin::Text,
                        page: u.page,
                        section: u.section.clone(),
                        snippet,
                        pattern_id: p.def.id.clone(),
                        confidence: p.confidence(),
                        period_start: window.as_ref().and_then(|w| w.start),
                        period_end: window.as_ref().and_then(|w| w.end),
                        kind,
                        period_source,
                        source_unit: i,
                        source_table: None,
                        source_pos: hit.value_span.0,
                    });
                }
            }
            UnitKind::Row => {
                let nth = u.table.map(|t| {
                    let n = rows_seen.entry(t).or_insert(0);
                    *n += 1;
                    *n - 1
                });
                if let (Some(t), Some(nth)) = (u.table, nth)
                    && let Some(plan) = plans.get(&t)
                {
                    if nth >= plan.header_rows {
                        out.extend(matrix_values(u, i, plan, library, &is_money));
                    }
                    continue;
                }
                // Borderless tables count too: scanned appendices have no ruling lines.
                if u.header_row {
                    continue;
                }
                let cells = merged_cells(units, i);
                let Some(mut reading) = tables::read_row(&cells) else {
                    continue;
                };
                if consumed == Some(i) {
                    continue;
                }
                let mut snippet_cells = cells.clone();
                if reading.value.is_none()
                    && let Some(next) = value_below(units, i)
                {
                    consumed = Some(i + 1);
                    if let Some(below) = units.get(i + 1) {
                        snippet_cells.extend(below.cells.iter().cloned());
                    }
                    // A label whose value sits on the row below, with the rest of the label
                    // (a scan's layout splits a tall merged cell): read them as one row.
                    reading.label = format!("{} {}", reading.label, next.label);
                    reading.unit = reading.unit.or(next.unit);
                    reading.value = next.value;
                    reading.value_text = next.value_text;
                }
                let Some(hit) = library.tables.match_row(&reading, &is_money) else {
                    continue;
                };
                let Some(rule) = library.tables.rules.get(hit.rule) else {
                    continue;
                };
                let Some(unit) = library.unit(&hit.indicator) else {
                    continue;
                };
                out.push(Value {
                    indicator: hit.indicator,
                    value: hit.value,
                    qualifier: hit.qualifier,
                    pattern_id: rule.def.id.clone(),
                    confidence: rule.confidence(),
                    ..table_value(u, i, unit, row_text(&snippet_cells))
                });
            }
        }
    }
    out.retain(plausible);
    out
}

/// The matrix and scorecard tables of a document ([`matrix::plan`]), by table index. A table
/// that starts with data rows (a continuation whose header is not repeated) takes the plan of
/// the matrix table right before it when it has as many columns.
fn matrix_plans(units: &[Unit], rules: &tables::TableRules) -> HashMap<usize, matrix::MatrixPlan> {
    let mut out = HashMap::new();
    let mut last: Option<(usize, matrix::MatrixPlan)> = None;
    let mut i = 0;
    while i < units.len() {
        let (UnitKind::Row, Some(t)) = (units[i].kind, units[i].table) else {
            i += 1;
            continue;
        };
        let rows: Vec<&[String]> = units[i..]
            .iter()
            .take_while(|u| u.kind == UnitKind::Row && u.table == Some(t))
            .map(|u| u.cells.as_slice())
            .collect();
        i += rows.len();
        let head: Vec<&[String]> = rows.iter().take(4).copied().collect();
        let ncols = rows.first().map_or(0, |r| r.len());
        let plan = matrix::plan(&head, rules).or_else(|| {
            let (n, p) = last.as_ref()?;
            let starts_with_data = head
                .first()
                .is_some_and(|r| r.iter().filter(|c| matrix::is_number(c)).count() >= 2);
            (*n == ncols && starts_with_data).then(|| matrix::MatrixPlan {
                header_rows: 0,
                ..p.clone()
            })
        });
        match plan {
            Some(p) => {
                last = Some((ncols, p.clone()));
                out.insert(t, p);
            }
            None => last = None,
        }
    }
    out
}

/// The figures of one data row of a matrix table, each with the row and its column header as
/// snippet.
fn matrix_values(
    u: &Unit,
    i: usize,
    plan: &matrix::MatrixPlan,
    library: &Library,
    is_money: &dyn Fn(&str) -> bool,
) -> Vec<Value> {
    let mut out = Vec::new();
    for hit in matrix::read_row(plan, &u.cells, &library.tables) {
        let Some(rule) = library.tables.columns.get(hit.rule) else {
            continue;
        };
        let Some(unit) = library.unit(&hit.indicator) else {
            continue;
        };
        if is_money(&hit.indicator) {
            continue;
        }
        let header = plan.headers.get(hit.column).map_or("", String::as_str);
        let snippet = format!(
            "{header}: {} — {}",
            baocao_model::fmt_num(hit.value),
            row_text(&u.cells)
        );
        out.push(Value {
            indicator: hit.indicator,
            value: hit.value,
            qualifier: hit.qualifier,
            pattern_id: rule.def.id.clone(),
            confidence: rule.confidence(),
            source_pos: hit.column,
            ..table_value(u, i, unit, snippet)
        });
    }
    out
}

/// A row's non-empty cells joined with ` | `, as a table figure's snippet shows them.
fn row_text(cells: &[String]) -> String {
    cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A result read from table row `i` (unit `u`): its page, section and table, the report's
/// period, `snippet` cut to [`SNIPPET_CHARS`]. The caller sets what the rule found
/// (indicator, value, qualifier, pattern, confidence; the column in `source_pos`).
fn table_value(u: &Unit, i: usize, unit: MeasureUnit, snippet: String) -> Value {
    Value {
        unit,
        indicator: String::new(),
        value: 0.0,
        qualifier: None,
        origin: Origin::Table,
        page: u.page,
        section: u.section.clone(),
        snippet: snippet.chars().take(SNIPPET_CHARS).collect(),
        pattern_id: String::new(),
        confidence: 0.0,
        period_start: None,
        period_end: None,
        kind: baocao_model::ValueKind::Result,
        period_source: PeriodSource::Report,
        source_unit: i,
        source_table: u.table,
        source_pos: 0,
    }
}

/// The folded sentence of `text` from its start to byte `end` (the figure's end).
fn sentence_lead(text: &str, end: usize) -> &str {
    clause_lead(text, end, true)
}

/// [`sentence_lead`], where `;` ends the clause only when `semicolons`.
fn clause_lead(text: &str, end: usize, semicolons: bool) -> &str {
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    // A sentence ends at ". ", "; ", "! " or "? " (not the dot of "1.451").
    let start = [". ", "; ", "! ", "? "]
        .iter()
        .filter(|p| semicolons || **p != "; ")
        .filter_map(|p| head.rfind(p).map(|i| i + p.len()))
        .max()
        .unwrap_or(0);
    &head[start..]
}

/// Moves the heading path on at a paragraph: an outline marker sets its level (with the
/// title when the paragraph is short enough to be a heading), an appendix caption ("Phụ
/// lục", "Biểu mẫu") closes the narrative's sections.
fn track_heading(headings: &mut kind::Headings, u: &Unit, marker: Option<usize>) {
    let folded = u.folded.text.as_str();
    if folded.starts_with("phu luc") || folded.starts_with("bieu mau") {
        *headings = kind::Headings::default();
        return;
    }
    let Some(level) = marker else {
        return;
    };
    let is_title = u.heading.is_some() || folded.chars().count() <= 160;
    headings.update(Some(level), if is_title { folded } else { "" });
}

/// Follows the headings that name a PAR-index component ("3. Cải cách thủ tục hành chính",
/// "Tiêu chí 2.3 …"): a heading of the same or a higher level that names none ends the area.
/// `level` is the paragraph's outline level; a long paragraph after a marker is body text,
/// which names no area.
fn track_area(area: &mut Option<(usize, String)>, u: &Unit, level: usize, library: &Library) {
    let title = u
        .text
        .split_once(char::is_whitespace)
        .map_or("", |(_, rest)| rest)
        .trim()
        .trim_end_matches([':', '.']);
    let names_area = u.folded.text.chars().count() <= 160
        && library
            .component_heading
            .as_ref()
            .is_some_and(|r| r.is_match(&baocao_text::fold(title)));
    if names_area {
        *area = Some((level, title.to_string()));
    } else if area.as_ref().is_some_and(|(l, _)| level <= *l) {
        *area = None;
    }
}

/// Words that point back at the area a heading named ("lĩnh vực này", "tiêu chí trên").
static DEICTIC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:linh vuc|tieu chi|chi so thanh phan|noi dung|chi so|muc) (?:nay|tren|do)$",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// A component figure's qualifier: its own, unless it names no component or only points back
/// at one ("Lĩnh vực này"), when the heading it sits under names the area.
fn component_qualifier(
    indicator: &str,
    qualifier: Option<String>,
    area: &Option<(usize, String)>,
) -> Option<String> {
    if !indicator.starts_with("par_index.component_") {
        return qualifier;
    }
    let vague = qualifier
        .as_deref()
        .is_none_or(|q| DEICTIC.is_match(&baocao_text::fold(q)));
    match (vague, area) {
        (true, Some((_, name))) => Some(name.clone()),
        _ => qualifier,
    }
}

/// The reading of the row right below row `i` when it continues row `i`'s label and holds the
/// value row `i` lacks: same table, a label that goes on (starts with "(", a lower-case
/// letter, or a stray mark before one) and a value.
fn value_below(units: &[Unit], i: usize) -> Option<tables::RowReading> {
    let (u, next) = (units.get(i)?, units.get(i + 1)?);
    if next.kind != UnitKind::Row || next.table != u.table || next.header_row {
        return None;
    }
    let reading = tables::read_row(&next.cells)?;
    reading.value?;
    // The value cell reads as words and a number ("Văn bản 08"), not as OCR debris ("9c0n").
    let clean = reading.value_text.as_deref().is_some_and(|t| {
        t.split_whitespace().all(|w| {
            matrix::is_number(w.trim_matches(|c: char| !c.is_alphanumeric()))
                || !w.chars().any(|c| c.is_ascii_digit())
        })
    });
    if !clean {
        return None;
    }
    // The label of the row below goes on: "(Kết luận, …)", "và …", "1; (…" (OCR marks first).
    let start = reading
        .label
        .trim_start_matches(|c: char| !c.is_alphabetic() && c != '(')
        .chars()
        .next()?;
    (start == '(' || start.is_lowercase()).then_some(reading)
}

/// A row's cells with the label continued by following rows that only carry label text
/// (a label wrapped into the next row by the layout).
pub(crate) fn merged_cells(units: &[Unit], i: usize) -> Vec<String> {
    let Some(u) = units.get(i) else {
        return Vec::new();
    };
    let mut cells = u.cells.clone();
    let Some(label_at) = cells
        .iter()
        .position(|c| c.chars().filter(|ch| ch.is_alphabetic()).count() >= 3 && !tables::is_stt(c))
    else {
        return cells;
    };
    for next in units.iter().skip(i + 1).take(3) {
        let continuation = next.kind == UnitKind::Row
            && next.table == u.table
            && !next.header_row
            && next.cells.len() == u.cells.len()
            && next
                .cells
                .iter()
                .all(|c| !c.chars().any(|ch| ch.is_ascii_digit()))
            && next
                .cells
                .iter()
                .enumerate()
                .all(|(j, c)| c.is_empty() || j == label_at);
        if !continuation {
            break;
        }
        if let (Some(dst), Some(src)) = (cells.get_mut(label_at), next.cells.get(label_at)) {
            dst.push(' ');
            dst.push_str(src);
        }
    }
    cells
}

#[cfg(test)]
pub(crate) mod testing {
    //! Documents for the unit tests, as the layout turns them into units.
    use baocao_model::{Block, Document, Paragraph, Row, Table};
    use baocao_text::layout::Unit;

    fn units(blocks: Vec<Block>) -> Vec<Unit> {
        baocao_text::layout::units(&Document {
            blocks,
            ..Default::default()
        })
    }

    /// One paragraph per line.
    pub fn paragraphs(lines: &[&str]) -> Vec<Unit> {
        units(
            lines
                .iter()
                .map(|t| {
                    Block::Paragraph(Paragraph {
                        text: t.to_string(),
                        ..Default::default()
                    })
                })
                .collect(),
        )
    }

    /// One borderless table on page 1, a row per slice of cells.
    pub fn table(rows: &[&[&str]]) -> Vec<Unit> {
        let rows = rows
            .iter()
            .map(|cells| Row {
                cells: cells.iter().map(|c| c.to_string()).collect(),
                page: Some(1),
                is_header: false,
            })
            .collect();
        units(vec![Block::Table(Table {
            rows,
            page: Some(1),
            borderless: true,
        })])
    }
}

#[cfg(test)]
mod tests {
    use super::sentence_around;
    use crate::library::{Library, LibraryFiles};
    use crate::testing::table;

    fn library() -> Library {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../patterns");
        Library::compile(&LibraryFiles::read_dir(&dir).unwrap()).unwrap()
    }

    #[test]
    fn a_label_whose_value_is_on_the_row_below_is_read_once() {
        // A scan's layout: the label on one row, its gloss and value on the next.
        let units = table(&[
            &["1.", "Số văn bản chỉ đạo CCHC đã ban hành", ""],
            &[
                "",
                "(Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)",
                "Văn bản 08",
            ],
            &["2.3.", "Số hợp đồng lao động làm việc tại các cơ", ""],
            &["", "quan, tổ chức hành chính", "9c0n"],
        ]);
        let got: Vec<(String, f64)> = super::values(&units, &library(), Default::default())
            .into_iter()
            .map(|v| (v.indicator, v.value))
            .collect();
        // OCR debris ("9c0n") under a label is no value.
        assert_eq!(got, vec![("direction.documents".to_string(), 8.0)]);
    }

    #[test]
    fn the_lead_is_the_sentence_up_to_the_figure() {
        let t = "da giai quyet 1.451 ho so. phan dau 100% ho so dung han, con 3";
        let end = t.find("100%").unwrap() + 3;
        assert_eq!(super::sentence_lead(t, end), "phan dau 100");
        assert_eq!(super::sentence_lead(t, 19), "da giai quyet 1.451");
        let t = "phan dau 100% ho so dung han; ty le truc tuyen dat 80%";
        assert_eq!(
            super::sentence_lead(t, t.len() - 1),
            "ty le truc tuyen dat 80"
        );
        assert_eq!(super::clause_lead(t, t.len() - 1, false), &t[..t.len() - 1]);
    }

    #[test]
    fn snippet_is_the_sentence() {
        let t = "Câu đầu. Số hồ sơ tiếp nhận 1.451 hồ sơ; còn lại 3 hồ sơ. Câu cuối.";
        let at = t.find("1.451").unwrap();
        assert_eq!(
            sentence_around(t, (at, at + 5)),
            "Số hồ sơ tiếp nhận 1.451 hồ sơ;"
        );
    }
}
