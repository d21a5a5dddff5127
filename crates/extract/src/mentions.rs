//! Mentions the audit needs besides the figures: stated fractions ("99,9% (2.299/2.301 hồ
//! sơ)", "13/18 = 72,2 %") and "Kèm theo Báo cáo số … ngày …" attachment lines. The audit
//! never scans text itself; it reads these typed mentions, produced here from the text units
//! (and, for [`Mentions::fraction_in_sentence`], from the figures' snippets).

use std::sync::LazyLock;

use regex::Regex;

use baocao_model::{Date, Origin, Value};
use baocao_text::fold;
use baocao_text::layout::Unit;

use crate::dates::parse_date;
use crate::numbers::parse_number;
use crate::{SNIPPET_CHARS, sentence_around};

/// A fraction written with its percentage: "a/b … p %"; `a` and `b` may be decimals
/// ("12,7/15 điểm, đạt tỷ lệ 84,67%").
#[derive(Debug, Clone, PartialEq)]
pub struct StatedFraction {
    /// Index of the text unit it was read from.
    pub unit: usize,
    /// `a`.
    pub numerator: f64,
    /// `b`.
    pub denominator: f64,
    /// `p`, the stated percentage.
    pub percent: f64,
    /// The sentence around it (original text, at most [`SNIPPET_CHARS`] characters).
    pub snippet: String,
    /// 1-based page of the unit, when known.
    pub page: Option<u32>,
}

/// An appendix line "Kèm theo Báo cáo (Kế hoạch, Quyết định, Công văn) số N/… ngày …".
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// Index of the text unit it was read from.
    pub unit: usize,
    /// The kind of document it names, as a dataset `doc_type` (`bao_cao`, `ke_hoach`,
    /// `quyet_dinh`, `cong_van`): an appendix of a report names a report; "ban hành kèm theo
    /// Quyết định …" names the decision a regulation was issued with.
    pub names: String,
    /// The number before the `/` (`37` of `37/BC-UBND`), when written.
    pub number: Option<String>,
    /// The first date written from the mention on, when any.
    pub date: Option<Date>,
    /// The unit's first [`SNIPPET_CHARS`] characters.
    pub snippet: String,
    /// 1-based page of the unit, when known.
    pub page: Option<u32>,
}

/// Every mention of one document the audit reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mentions {
    /// Stated fractions, in document order.
    pub fractions: Vec<StatedFraction>,
    /// Attachment lines, at most one per unit, in document order.
    pub attachments: Vec<Attachment>,
    /// Parallel to the figures passed to [`mentions`]: true when a text figure's own
    /// sentence (its snippet) states a fraction, so it is checked as a [`StatedFraction`].
    pub fraction_in_sentence: Vec<bool>,
}

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:[.,]\d+)*)\s*/\s*(\d+(?:[.,]\d+)*)(?:\s+[a-z]+){0,3}?\s*(?:=|,)?\s*(?:\(?\s*dat\s*)?(?:ty le\s*)?(?:la\s*)?(\d+(?:[.,]\d+)?)\s*%")
        .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

static ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"kem theo (bao cao|ke hoach|quyet dinh|cong van)\s*(?:so)?:?\s*(\d*)\s*/")
        .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

/// Reads the mentions of one document from its units and figures.
pub fn mentions(units: &[Unit], values: &[Value]) -> Mentions {
    Mentions {
        fractions: fractions(units),
        attachments: attachments(units),
        fraction_in_sentence: values
            .iter()
            .map(|v| v.origin == Origin::Text && FRACTION.is_match(&fold(&v.snippet)))
            .collect(),
    }
}

/// Every "a/b … p %" whose three numbers parse.
fn fractions(units: &[Unit]) -> Vec<StatedFraction> {
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        for c in FRACTION.captures_iter(&u.folded.text) {
            let num = |k: usize| c.get(k).and_then(|m| parse_number(m.as_str()));
            let (Some(a), Some(b), Some(p)) = (num(1), num(2), num(3)) else {
                continue;
            };
            let snippet = match c.get(0) {
                Some(m) => {
                    let (s, e) = u.folded.source_range(m.start(), m.end(), &u.text);
                    sentence_around(&u.text, (s, e))
                }
                None => u.text.clone(),
            };
            out.push(StatedFraction {
                unit: i,
                numerator: a,
                denominator: b,
                percent: p,
                snippet,
                page: u.page,
            });
        }
    }
    out
}

/// The first "kèm theo … số N/" of each unit, with the date written after it.
fn attachments(units: &[Unit]) -> Vec<Attachment> {
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let f = &u.folded.text;
        let Some(c) = ATTACHED.captures(f) else {
            continue;
        };
        let tail = c.get(0).map_or("", |m| &f[m.start()..]);
        out.push(Attachment {
            unit: i,
            names: c
                .get(1)
                .map_or(String::new(), |m| m.as_str().replace(' ', "_")),
            number: c
                .get(2)
                .map(|m| m.as_str().to_string())
                .filter(|s| !s.is_empty()),
            date: parse_date(tail),
            snippet: u.text.chars().take(SNIPPET_CHARS).collect(),
            page: u.page,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::paragraphs as doc;

    #[test]
    fn reads_stated_fractions() {
        let u = doc(&[
            "Tỷ lệ giải quyết đúng hạn đạt 99,9% (2.299/2.301 hồ sơ).",
            "Đã giải quyết 13/18 hồ sơ = 72,2 %; còn lại chuyển kỳ sau.",
            "Không có phân số nào ở đây: 45 hồ sơ, 12 %.",
        ]);
        let m = mentions(&u, &[]);
        let got: Vec<(f64, f64, f64)> = m
            .fractions
            .iter()
            .map(|f| (f.numerator, f.denominator, f.percent))
            .collect();
        assert!(got.contains(&(13.0, 18.0, 72.2)), "{got:?}");
        assert!(got.iter().all(|&(a, _, _)| a != 45.0), "{got:?}");
        // A decimal score over its maximum (PAR index): 12,7/15, not 7/15.
        let par = mentions(
            &doc(&["Chỉ số thành phần đạt 12,7/15 điểm, đạt tỷ lệ 84,67%."]),
            &[],
        );
        assert_eq!(par.fractions.len(), 1, "{:?}", par.fractions);
        assert_eq!(par.fractions[0].numerator, 12.7);
        assert_eq!(par.fractions[0].denominator, 15.0);
        let f = m.fractions.iter().find(|f| f.numerator == 13.0).unwrap();
        assert!(
            f.snippet.starts_with("Đã giải quyết 13/18"),
            "{}",
            f.snippet
        );
    }

    #[test]
    fn reads_attachments_with_number_and_date() {
        let u = doc(&[
            "Phụ lục",
            "(Kèm theo Báo cáo số 37/BC-UBND ngày 15/3/2024 của UBND thị trấn)",
            "Kèm theo nhiều tài liệu khác.",
        ]);
        let m = mentions(&u, &[]);
        assert_eq!(m.attachments.len(), 1, "{:?}", m.attachments);
        let a = &m.attachments[0];
        assert_eq!(a.number.as_deref(), Some("37"));
        assert_eq!(a.names, "bao_cao");
        assert_eq!(
            a.date,
            Some(Date {
                year: 2024,
                month: 3,
                day: 15
            })
        );
        assert!(a.snippet.starts_with("(Kèm theo Báo cáo số 37"));
    }
}
