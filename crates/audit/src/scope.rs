//! Comparability (genre.md §6), in one place: two figures are the same quantity only when
//! their indicator, qualifier (area, criterion, field of work, level, unit), period and kind
//! (result or target) agree. Every rule reads the figures through [`Scoped`], never the raw
//! values:
//!
//! - a figure's **window** is the one its sentence states, else the one of the list block it
//!   belongs to (the "+ …" items right after a sentence that states a window: a previous
//!   year's dossier block), else the report's own period; a window that is the report's
//!   period, or a "tính đến ngày …" end, is the report's period;
//! - a **target** (`ValueKind::Target`: "phấn đấu …", a "Phương hướng" section) is never
//!   compared with anything;
//! - an indicator reported per area or criterion (identities.toml `[[per_component]]`: PAR-index
//!   score, rank, …) without a qualifier is the whole only when its sentence or row says so
//!   ("tổng điểm", "Chỉ số CCHC", "tổng cộng") and names no area; otherwise extraction could
//!   not tell which component it is, and the audit does not guess;
//! - a figure quoted for another period (extraction's `PeriodSource::Quoted`: "năm 2022 đạt
//!   84,1 điểm, xếp thứ 7", "cùng kỳ năm trước là …", with that window; or a sentence that
//!   names another period with no window of its own) is last year's, not this period's: it
//!   is not compared, and not reported either (quoting last year for comparison is no
//!   problem). The list items under such a sentence inherit its window and its source.

use baocao_model::{Date, Metadata, Origin, PeriodSource, Value, ValueKind};
use baocao_text::fold;

use crate::book::Identities;

/// A stated window: start and end, either may be missing.
type Window = (Option<Date>, Option<Date>);

/// One document's figures as the rules compare them.
pub(crate) struct Scoped {
    /// The figures, in document order, each with its effective window in
    /// `period_start`/`period_end` (parallel to the extracted values).
    pub values: Vec<Value>,
    /// Per figure: may it be compared at all (a result, not an ambiguous component).
    pub usable: Vec<bool>,
    /// Per figure: does its own sentence state a window (not inherited from its block).
    pub stated: Vec<bool>,
    /// The report's own period, when known.
    pub period: Option<(Date, Date)>,
}

/// True when a snippet is an item of a list ("+ Đúng hạn: 3219 hồ sơ", "- …", "• …").
pub(crate) fn is_list_item(snippet: &str) -> bool {
    snippet
        .trim_start()
        .starts_with(['+', '-', '–', '•', '*', '∙'])
}

/// True when a sentence quotes another period: "cùng kỳ", "năm trước", or a year ("năm
/// 2022") wholly outside the report's period while no year of the period is named.
pub(crate) fn quotes_another_period(snippet: &str, period: Option<(Date, Date)>) -> bool {
    let f = fold(snippet);
    if f.contains("cung ky") || f.contains("nam truoc") {
        return true;
    }
    let Some((ps, pe)) = period else {
        return false;
    };
    let mut outside = false;
    let mut inside = false;
    let mut rest = f.as_str();
    while let Some(i) = rest.find("nam ") {
        let after = &rest[i + 4..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() == 4
            && let Ok(y) = digits.parse::<i32>()
        {
            if y < ps.year || y > pe.year {
                outside = true;
            } else {
                inside = true;
            }
        }
        rest = after;
    }
    outside && !inside
}

/// True when a scoped figure's own words say it is the whole (the total score, the overall
/// rank), and name no area or criterion.
pub(crate) fn names_whole(snippet: &str) -> bool {
    let f = fold(snippet);
    let whole = [
        "tong diem",
        "tong cong",
        "chi so cai cach hanh chinh",
        "chi so cchc",
        "par index",
        "xep loai chung",
    ]
    .iter()
    .any(|w| f.contains(w));
    let part = [
        "linh vuc",
        "tieu chi",
        "thanh phan",
        "noi dung",
        "chi so con",
    ]
    .iter()
    .any(|w| f.contains(w));
    whole && !part
}

impl Scoped {
    /// The figures of one report, with windows resolved and usability decided.
    pub fn new(values: &[Value], meta: &Metadata, ids: &Identities) -> Scoped {
        let period = meta.period_start.zip(meta.period_end);
        let mut out: Vec<Value> = values.to_vec();
        let stated = values
            .iter()
            .map(|v| v.period_start.is_some() || v.period_end.is_some())
            .collect();
        // The window of the list block in force: (window, its source, section, last unit).
        let mut block: Option<(Window, PeriodSource, Option<String>, usize)> = None;
        for v in out.iter_mut() {
            if v.origin != Origin::Text {
                continue;
            }
            let stated = v.period_start.is_some() || v.period_end.is_some();
            let item = is_list_item(&v.snippet);
            if stated {
                if !item || block.is_none() {
                    block = Some((
                        (v.period_start, v.period_end),
                        v.period_source,
                        v.section.clone(),
                        v.source_unit,
                    ));
                }
                continue;
            }
            match &mut block {
                Some((w, source, section, last))
                    if item
                        && *section == v.section
                        && v.source_unit >= *last
                        && v.source_unit <= *last + 2 =>
                {
                    (v.period_start, v.period_end) = *w;
                    v.period_source = *source;
                    *last = v.source_unit;
                }
                Some((_, _, _, last)) if v.source_unit == *last => {}
                _ => block = None,
            }
        }
        for v in out.iter_mut() {
            if in_period_window(v, meta)
                && let Some((s, e)) = period
            {
                v.period_start = Some(s);
                v.period_end = Some(e);
            }
        }
        let usable = out
            .iter()
            .zip(values)
            .map(|(v, raw)| {
                // Quoted for comparison (extraction gave it the quoted window, or its
                // sentence names another period with no window of its own).
                let quoted = v.period_source == PeriodSource::Quoted
                    || (raw.period_start.is_none()
                        && raw.period_end.is_none()
                        && v.origin == Origin::Text
                        && quotes_another_period(&v.snippet, period));
                v.kind == ValueKind::Result
                    && !quoted
                    && !(v.qualifier.is_none()
                        && ids.per_component.iter().any(|s| s.indicator == v.indicator)
                        && !names_whole(&v.snippet))
            })
            .collect();
        Scoped {
            values: out,
            usable,
            stated,
            period,
        }
    }

    /// Usable, unqualified figures of any window (sums and ratios match windows themselves).
    pub fn unqualified(&self) -> Vec<&Value> {
        self.values
            .iter()
            .zip(&self.usable)
            .filter(|(v, ok)| **ok && v.qualifier.is_none())
            .map(|(v, _)| v)
            .collect()
    }

    /// Usable, unqualified figures of the report's own period: what conflicts and bounds
    /// compare.
    pub fn comparable(&self) -> Vec<&Value> {
        self.unqualified()
            .into_iter()
            .filter(|v| self.in_period(v))
            .collect()
    }

    /// True when the figure's (effective) window is the report's period, or unknown.
    pub fn in_period(&self, v: &Value) -> bool {
        match self.period {
            None => v.period_start.is_none() && v.period_end.is_none(),
            Some((s, e)) => v.period_start == Some(s) && v.period_end == Some(e),
        }
    }

    /// True when the figure's window lies outside the report's period.
    pub fn outside_period(&self, v: &Value) -> bool {
        let (Some((ps, pe)), Some(s), Some(e)) = (self.period, v.period_start, v.period_end) else {
            return false;
        };
        s < ps || e > pe
    }

    /// Why two figures are the same quantity, for a message: "dossiers.resolved, no
    /// qualifier (the whole unit), 2023-10-01–2024-09-30, results".
    pub fn describe(&self, v: &Value) -> String {
        let what = match &v.qualifier {
            Some(q) => format!("qualifier “{q}”"),
            None => "whole unit, no qualifier".to_string(),
        };
        format!("{}, {what}, {}, results", v.indicator, window_text(v))
    }

    /// The same in Vietnamese.
    pub fn describe_vi(&self, v: &Value) -> String {
        let what = match &v.qualifier {
            Some(q) => format!("phạm vi “{q}”"),
            None => "toàn đơn vị".to_string(),
        };
        format!("{}, {what}, {}, kết quả", v.indicator, window_text(v))
    }
}

/// A date as the reports write it: 01/10/2023.
pub(crate) fn dmy(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

/// A figure's window as text.
fn window_text(v: &Value) -> String {
    match (v.period_start, v.period_end) {
        (Some(s), Some(e)) => format!("{}–{}", dmy(s), dmy(e)),
        (None, Some(e)) => format!("–{}", dmy(e)),
        (Some(s), None) => format!("{}–", dmy(s)),
        (None, None) => "the report's period".to_string(),
    }
}

/// True when the figure's stated window is the report's own period (none stated, a "tính
/// đến ngày …" end, or the same window).
fn in_period_window(v: &Value, meta: &Metadata) -> bool {
    match (v.period_start, v.period_end) {
        (None, _) => true,
        (Some(s), Some(e)) => {
            meta.period_start.is_none_or(|ps| ps == s) && meta.period_end.is_none_or(|pe| pe == e)
        }
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use baocao_model::{Value, ValueKind};

    use super::{Scoped, names_whole};
    use crate::check::testing::{book, date, report, table, text};

    fn windowed(mut v: Value, y: i32) -> Value {
        v.period_start = Some(date(y, 1, 1));
        v.period_end = Some(date(y, 12, 31));
        v
    }

    fn item(mut v: Value, snippet: &str) -> Value {
        v.snippet = snippet.into();
        v
    }

    #[test]
    fn a_list_block_inherits_its_heads_window() {
        let vals = [
            windowed(text("dossiers.received", 3531.0, 10), 2023),
            item(
                text("dossiers.resolved_on_time", 3219.0, 11),
                "+ Đúng hạn: 3219",
            ),
            item(
                text("dossiers.online", 3516.0, 12),
                "+ Có 3516 hồ sơ trực tuyến",
            ),
            text("dossiers.received", 1280.0, 20),
        ];
        let s = Scoped::new(&vals, &report(), &book().identities);
        assert!(s.outside_period(&s.values[1]) && s.outside_period(&s.values[2]));
        assert!(s.in_period(&s.values[3]));
        let cmp: Vec<f64> = s.comparable().iter().map(|v| v.value).collect();
        assert_eq!(cmp, vec![1280.0]);
        // A list after a sentence of the report's own period stays in it.
        let vals = [
            text("dossiers.received", 1280.0, 10),
            item(text("dossiers.online", 1275.0, 11), "+ Trực tuyến: 1275"),
        ];
        let s = Scoped::new(&vals, &report(), &book().identities);
        assert_eq!(s.comparable().len(), 2);
    }

    #[test]
    fn a_later_paragraph_ends_the_block() {
        let vals = [
            windowed(text("dossiers.received", 3531.0, 10), 2023),
            text("dossiers.online", 1275.0, 11),
            item(text("dossiers.online", 3.0, 12), "+ Bưu chính: 3"),
        ];
        let s = Scoped::new(&vals, &report(), &book().identities);
        assert!(s.in_period(&s.values[1]) && s.in_period(&s.values[2]));
    }

    #[test]
    fn targets_and_unnamed_components_are_not_compared() {
        let mut target = text("dossiers.on_time_pct", 100.0, 30);
        target.kind = ValueKind::Target;
        let area_rank = item(
            text("par_index.rank", 5.0, 12),
            "Cải cách thể chế: xếp thứ 5/19.",
        );
        let overall = item(
            text("par_index.rank", 4.0, 3),
            "Tổng điểm Chỉ số CCHC đạt 87,45 điểm, xếp thứ 4/19 xã.",
        );
        let s = Scoped::new(&[target, area_rank, overall], &report(), &book().identities);
        let cmp: Vec<f64> = s.comparable().iter().map(|v| v.value).collect();
        assert_eq!(cmp, vec![4.0]);
        assert!(!s.comparable().is_empty());
        // Last year's result quoted for comparison is not this year's.
        let last = item(
            text("par_index.rank", 7.0, 20),
            "Chỉ số CCHC năm 2023 của xã xếp thứ 7/19.",
        );
        let s = Scoped::new(&[last], &report(), &book().identities);
        assert!(s.comparable().is_empty());
        assert!(super::quotes_another_period(
            "So với cùng kỳ năm trước tăng 120 hồ sơ",
            None
        ));
        assert!(!super::quotes_another_period(
            "Số hồ sơ kỳ trước chuyển sang: 5 hồ sơ",
            s.period
        ));
        assert!(!super::quotes_another_period(
            "Năm 2023 xếp thứ 7, năm 2024 xếp thứ 4",
            s.period
        ));
        // A table's total row names the whole; an area row does not.
        assert!(names_whole("Tổng cộng | 100 | 87,45"));
        assert!(!names_whole("Lĩnh vực cải cách tổ chức bộ máy | 6 | 5,5"));
        let _ = table("par_index.score", 87.45, 40);
    }
}
