//! Matrix and scorecard tables (genre.md §4, shapes 2 and 3): one row per field of work, area
//! or unit, one column per status or score, under a header of one to three rows whose merged
//! cells span their sub-columns ("Số hồ sơ nhận giải quyết" over "Tổng số | Kỳ trước chuyển
//! qua | Trực tuyến | Trực tiếp"). Each cell is a figure: its indicator comes from its column
//! (column rules, `[[column]]` in `patterns/tables.toml`, matched on the folded header
//! `parent | child`), its qualifier from its row's label; the total row ("Tổng cộng") has
//! none, and a row naming a unit ("xã Đông Hợp") takes the column's whole-unit indicator.
//!
//! A table is read this way when at least two of its columns are claimed by column rules;
//! otherwise its rows go to the row rules (shape 1, [`crate::tables`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::numbers::parse_number;
use crate::tables::{ColumnRule, TableRules, is_stt};
use baocao_text::fold;

/// Header rows read before the first data row, at most.
const MAX_HEADER_ROWS: usize = 3;

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+(?:[.,]\d+)*$").unwrap_or_else(|_| unreachable!()));
/// The total row's label, folded.
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:tong(?: cong| so| diem| chung)?|cong)(?:$|\s*[:(])|toan (?:xa|phuong|thi tran|huyen|don vi)\b)")
        .unwrap_or_else(|_| unreachable!())
});
/// A row that names a unit (a commune in a district's table), folded.
static UNIT_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:ubnd )?(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho) \S")
        .unwrap_or_else(|_| unreachable!())
});

/// How a table's columns read: the column rule (index into [`TableRules::columns`]) of each
/// column, and the header text of each.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixPlan {
    /// Per column: the claiming rule.
    pub columns: Vec<Option<usize>>,
    /// Per column: the combined header as written (`Số hồ sơ nhận giải quyết | Tổng số`).
    pub headers: Vec<String>,
    /// Leading header rows of the table (0 for a continuation that repeats no header).
    pub header_rows: usize,
}

/// A cell that holds a figure (a number, possibly `1.310` or `87,5`).
pub fn is_number(cell: &str) -> bool {
    NUMBER.is_match(cell.trim())
}

/// Numeric cells of a row, STT cells aside.
fn numbers(cells: &[String]) -> usize {
    cells
        .iter()
        .enumerate()
        .filter(|(j, c)| is_number(c) && !(*j == 0 && is_stt(c)))
        .count()
}

/// The header of each column from the header rows: a cell left empty under a merged cell
/// takes the text of the merged cell to its left when the row below has a sub-header there.
pub fn column_headers(header: &[&[String]]) -> Vec<String> {
    let ncols = header.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); ncols];
    for (r, row) in header.iter().enumerate() {
        let mut left = String::new();
        for (j, part) in parts.iter_mut().enumerate() {
            let cell = row.get(j).map(|c| c.trim()).unwrap_or("");
            if !cell.is_empty() {
                left = cell.to_string();
                part.push(left.clone());
                continue;
            }
            let below = header[r + 1..]
                .iter()
                .any(|b| b.get(j).is_some_and(|c| !c.trim().is_empty()));
            if below && !left.is_empty() {
                part.push(left.clone());
            } else {
                left.clear();
            }
        }
    }
    parts.into_iter().map(|p| p.join(" | ")).collect()
}

/// The plan of a table from its first rows, or `None` when fewer than two columns are
/// claimed by column rules (not a matrix).
pub fn plan(rows: &[&[String]], rules: &TableRules) -> Option<MatrixPlan> {
    let header_rows = rows
        .iter()
        .position(|r| numbers(r) >= 2)
        .unwrap_or(rows.len())
        .min(MAX_HEADER_ROWS);
    if header_rows == 0 {
        return None;
    }
    let headers = column_headers(&rows[..header_rows]);
    let columns: Vec<Option<usize>> = headers.iter().map(|h| rules.claim_column(h)).collect();
    (columns.iter().flatten().count() >= 2).then_some(MatrixPlan {
        columns,
        headers,
        header_rows,
    })
}

/// One figure of a matrix row.
#[derive(Debug, Clone, PartialEq)]
pub struct CellHit {
    /// Index of the column rule.
    pub rule: usize,
    /// Indicator id.
    pub indicator: String,
    /// The number.
    pub value: f64,
    /// The row's label (with the column's suffix), none for the total row.
    pub qualifier: Option<String>,
    /// The column.
    pub column: usize,
}

/// The figures of one data row of a matrix table (none for a row without a label or
/// numbers).
pub fn read_row(plan: &MatrixPlan, cells: &[String], rules: &TableRules) -> Vec<CellHit> {
    let label = cells
        .iter()
        .enumerate()
        .filter(|(j, _)| plan.columns.get(*j).is_none_or(Option::is_none))
        .map(|(_, c)| c.trim())
        .find(|c| c.chars().filter(|ch| ch.is_alphabetic()).count() >= 2 && !is_stt(c));
    let Some(label) = label else {
        return Vec::new();
    };
    let folded = fold(label);
    let total = TOTAL.is_match(&folded);
    let unit = !total && UNIT_ROW.is_match(&folded);
    let mut out = Vec::new();
    for (j, rule) in plan.columns.iter().enumerate() {
        let (Some(i), Some(cell)) = (rule, cells.get(j)) else {
            continue;
        };
        let Some(r) = rules.columns.get(*i) else {
            continue;
        };
        if !is_number(cell) {
            continue;
        }
        let Some(value) = parse_number(cell.trim()) else {
            continue;
        };
        out.push(hit(r, *i, j, value, label, total, unit));
    }
    out
}

fn hit(
    r: &ColumnRule,
    i: usize,
    column: usize,
    value: f64,
    label: &str,
    total: bool,
    unit: bool,
) -> CellHit {
    let suffix = r.def.kind.qualifier_suffix.as_deref();
    let (indicator, qualifier) = if total {
        (r.total_indicator(), suffix.map(str::to_string))
    } else {
        let q = match suffix {
            Some(s) => format!("{label} ({s})"),
            None => label.to_string(),
        };
        let ind = if unit {
            r.total_indicator()
        } else {
            r.indicator.clone()
        };
        (ind, Some(q))
    };
    CellHit {
        rule: i,
        indicator,
        value,
        qualifier,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_two_row_header_gives_parent_and_child() {
        let h1 = row(&[
            "STT",
            "Lĩnh vực",
            "Số hồ sơ nhận giải quyết",
            "",
            "",
            "Kết quả giải quyết",
            "",
            "Đang giải quyết",
        ]);
        let h2 = row(&[
            "",
            "",
            "Tổng số",
            "Trực tuyến",
            "Trực tiếp",
            "Đúng hạn",
            "Quá hạn",
            "",
        ]);
        let h = column_headers(&[&h1, &h2]);
        assert_eq!(h[0], "STT");
        assert_eq!(h[2], "Số hồ sơ nhận giải quyết | Tổng số");
        assert_eq!(h[4], "Số hồ sơ nhận giải quyết | Trực tiếp");
        assert_eq!(h[6], "Kết quả giải quyết | Quá hạn");
        assert_eq!(h[7], "Đang giải quyết");
    }
}
