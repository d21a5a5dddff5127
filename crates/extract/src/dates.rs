//! Dates and reporting windows in folded text: `15/03/2024`, `ngay 15 thang 03 nam 2024`,
//! `tu ngay 01/10/2023 den het ngay 30/9/2024`, `quy I nam 2024`, `6 thang dau nam 2024`,
//! `nam 2023`.

use regex::Regex;
use std::sync::LazyLock;

use baocao_model::Date;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("invariant: static regex {s}: {e}"))
}

/// A date in folded text: `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or `ngay d thang m nam y`.
pub const DATE: &str =
    r"(?:(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})|ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4}))";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| re(DATE));
static WINDOW: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"tu (?:ngay )?(?P<a>{DATE}|\d{{1,2}}/\d{{1,2}}/\d{{4}}) (?:den|toi) (?:het )?(?:ngay )?(?P<b>{DATE}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    ))
});
static UNTIL: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:tinh )?den (?:het )?(?:ngay )?(?P<b>{DATE})")));
static QUARTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bquy (i{1,3}|iv|[1-4])\b(?:/| nam | )?(\d{4})?"));
/// "6 tháng đầu năm", "9 tháng cuối năm", "9 tháng năm 2023" (the first nine months); not the
/// blank date of a draft ("ngày 9 tháng    năm 2023", see [`half_captures`]).
static HALF: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(6|9) thang (?:(dau|cuoi) )?nam(?: (\d{4}))?"));
/// The phrases that give a figure another period than the report's, nearest before it:
/// another year, the same period of last year, the year to date.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?P<ck>cung ky)(?: (?:nam )?(?:(?P<cky>\d{4})|truoc|ngoai))?|(?P<prev>nam truoc)|(?P<lk>luy ke)|nam (?P<y>\d{4}))\b",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\bnam (\d{4})\b"));

/// The first [`HALF`] phrase that is not the blank date of a draft (`ngay 9 thang nam 2023`,
/// the month left empty).
fn half_captures(folded: &str) -> Option<regex::Captures<'_>> {
    HALF.captures_iter(folded).find(|c| {
        let start = c.get(0).map_or(0, |m| m.start());
        let explicit = c.get(2).is_some();
        explicit || !folded[..start].ends_with("ngay ")
    })
}

/// Parses the first date in a folded string.
pub fn parse_date(folded: &str) -> Option<Date> {
    let c = DATE_RE.captures(folded)?;
    let g = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (d, m, y) = if c.get(1).is_some() {
        (g(1)?, g(2)?, g(3)?)
    } else {
        (g(4)?, g(5)?, g(6)?)
    };
    Date::new(y as i32, m, d)
}

/// A reporting window with the folded byte range of the phrase that states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// First day, if stated.
    pub start: Option<Date>,
    /// Last day, if stated.
    pub end: Option<Date>,
    /// Byte range in the folded text.
    pub span: (usize, usize),
    /// True for an explicit "từ ngày … đến ngày …" window.
    pub explicit: bool,
}

fn quarter_window(q: u32, year: i32) -> Option<(Date, Date)> {
    let first = (q - 1) * 3 + 1;
    Some((
        Date::new(year, first, 1)?,
        Date::end_of_month(year, first + 2)?,
    ))
}

/// The explicit window in a text (`từ ngày … đến ngày …`), if any.
pub fn explicit_window(folded: &str) -> Option<Window> {
    let c = WINDOW.captures(folded)?;
    let a = parse_date(c.name("a")?.as_str())?;
    let b = parse_date(c.name("b")?.as_str())?;
    let m = c.get(0)?;
    Some(Window {
        start: Some(a),
        end: Some(b),
        span: (m.start(), m.end()),
        explicit: true,
    })
}

/// The window a period phrase names: quarter, half or nine months, or a calendar year.
/// `default_year` fills phrases that omit the year.
pub fn period_window(folded: &str, default_year: Option<i32>) -> Option<Window> {
    explicit_window(folded).or_else(|| named_window(folded, default_year))
}

/// The window a named period phrase gives (quarter, half, nine months, year), ignoring any
/// explicit "từ ngày … đến ngày …" range.
pub fn named_window(folded: &str, default_year: Option<i32>) -> Option<Window> {
    if let Some(c) = QUARTER.captures(folded) {
        let q = match c.get(1)?.as_str() {
            "i" | "1" => 1,
            "ii" | "2" => 2,
            "iii" | "3" => 3,
            _ => 4,
        };
        let year = c
            .get(2)
            .and_then(|m| m.as_str().parse().ok())
            .or(default_year)?;
        let (s, e) = quarter_window(q, year)?;
        let m = c.get(0)?;
        return Some(Window {
            start: Some(s),
            end: Some(e),
            span: (m.start(), m.end()),
            explicit: false,
        });
    }
    if let Some(c) = half_captures(folded) {
        let months: u32 = c.get(1)?.as_str().parse().ok()?;
        let year = c
            .get(3)
            .and_then(|m| m.as_str().parse().ok())
            .or(default_year)?;
        // "9 tháng năm 2023" is the first nine months.
        let (s, e) = if c.get(2).is_none_or(|m| m.as_str() == "dau") {
            (Date::new(year, 1, 1)?, Date::end_of_month(year, months)?)
        } else {
            (Date::new(year, 13 - months, 1)?, Date::new(year, 12, 31)?)
        };
        let m = c.get(0)?;
        return Some(Window {
            start: Some(s),
            end: Some(e),
            span: (m.start(), m.end()),
            explicit: false,
        });
    }
    let c = YEAR.captures(folded)?;
    let year: i32 = c.get(1)?.as_str().parse().ok()?;
    let m = c.get(0)?;
    Some(Window {
        start: Date::new(year, 1, 1),
        end: Date::new(year, 12, 31),
        span: (m.start(), m.end()),
        explicit: false,
    })
}

/// The window a single mention states for itself (explicit range, "tính đến ngày …", or a
/// "6 tháng đầu năm" / "quý I" phrase), never a bare year.
pub fn mention_window(folded: &str, report_year: Option<i32>) -> Option<Window> {
    if let Some(w) = explicit_window(folded) {
        return Some(w);
    }
    if let Some(c) = UNTIL.captures(folded) {
        let end = parse_date(c.name("b")?.as_str())?;
        let m = c.get(0)?;
        return Some(Window {
            start: None,
            end: Some(end),
            span: (m.start(), m.end()),
            explicit: false,
        });
    }
    if QUARTER.is_match(folded) || half_captures(folded).is_some() {
        return period_window(folded, report_year).filter(|w| w.start.is_some());
    }
    None
}

/// The window a figure quotes when the phrase nearest before it in its sentence (`lead`:
/// the folded sentence up to the figure) names another period than the report's: another
/// year ("năm 2022: 3.155 hồ sơ"), the same period of last year ("cùng kỳ năm trước là 1.200
/// hồ sơ"), or the year to date ("lũy kế từ đầu năm 2.315 hồ sơ"). A year that lies in the
/// report's period, or no such phrase, gives `None` (the figure is the report's). A year
/// quoted in a report whose period is a statistical year (01/10–30/9, 15/12–14/12) is that
/// kind of year.
pub fn quoted_window(lead: &str, report: (Date, Date)) -> Option<Window> {
    let c = QUOTED.captures_iter(lead).last()?;
    let m = c.get(0)?;
    // "… tăng 3,3 điểm so với năm 2022, xếp thứ 4/19": a comparison's period ends at the
    // clause; it is the figure's only when the figure follows inside it ("so với cùng kỳ năm
    // 2022 (900 hồ sơ)").
    let before = lead[..m.start()].trim_end();
    let compared = before.ends_with("so voi") || before.ends_with(" so");
    if compared && lead[m.end()..].contains([',', ';']) {
        return None;
    }
    let span = (m.start(), m.end());
    let (ps, pe) = report;
    let shifted = |years: i32| -> Option<Window> {
        Some(Window {
            // 29 February shifted to a common year is the 28th.
            start: Date::new(ps.year + years, ps.month, ps.day)
                .or_else(|| Date::new(ps.year + years, ps.month, 28)),
            end: Date::new(pe.year + years, pe.month, pe.day)
                .or_else(|| Date::end_of_month(pe.year + years, pe.month)),
            span,
            explicit: false,
        })
    };
    if c.name("lk").is_some() {
        // From the first day of the report's year to its end.
        return Some(Window {
            start: Date::new(pe.year, 1, 1),
            end: Some(pe),
            span,
            explicit: false,
        });
    }
    if c.name("ck").is_some() || c.name("prev").is_some() {
        let years = c
            .name("cky")
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .map_or(-1, |y| y - pe.year);
        return shifted(years);
    }
    let y: i32 = c.name("y")?.as_str().parse().ok()?;
    // A statistical year (01/10/2023–30/9/2024) is named by the year it ends in.
    let statistical =
        pe.days_since_epoch() - ps.days_since_epoch() >= 360 && (ps.month, ps.day) != (1, 1);
    if statistical {
        return (y != pe.year).then(|| shifted(y - pe.year)).flatten();
    }
    if (ps.year..=pe.year).contains(&y) {
        return None;
    }
    Some(Window {
        start: Date::new(y, 1, 1),
        end: Date::new(y, 12, 31),
        span,
        explicit: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<Date> {
        Date::new(y, m, dd)
    }

    #[test]
    fn windows() {
        let w =
            period_window("nam 2024 (tu ngay 01/10/2023 den het ngay 30/9/2024)", None).unwrap();
        assert_eq!((w.start, w.end), (d(2023, 10, 1), d(2024, 9, 30)));
        let w = period_window("ket qua cong tac cai cach hanh chinh quy i nam 2024", None).unwrap();
        assert_eq!((w.start, w.end), (d(2024, 1, 1), d(2024, 3, 31)));
        let w = period_window("6 thang dau nam 2023", None).unwrap();
        assert_eq!(w.end, d(2023, 6, 30));
        let w = mention_window("tinh den ngay 09/12/2023 da thuc hien", Some(2023)).unwrap();
        assert_eq!((w.start, w.end), (None, d(2023, 12, 9)));
        assert_eq!(
            parse_date("nhu quynh, ngay 15 thang 03 nam 2024"),
            d(2024, 3, 15)
        );
        assert!(mention_window("nam 2023 xa da", Some(2023)).is_none());
        let w = period_window("bao cao 9 thang nam 2023", None).unwrap();
        assert_eq!((w.start, w.end), (d(2023, 1, 1), d(2023, 9, 30)));
        // A draft's blank date is no period.
        assert!(
            named_window("tan phong, ngay 9 thang nam 2023", None).map(|w| w.end)
                == Some(d(2023, 12, 31))
        );
    }

    #[test]
    fn quoted_windows() {
        let year = (d(2023, 1, 1).unwrap(), d(2023, 12, 31).unwrap());
        let q1 = (d(2024, 1, 1).unwrap(), d(2024, 3, 31).unwrap());
        let stat = (d(2023, 10, 1).unwrap(), d(2024, 9, 30).unwrap());
        let w = |lead: &str, r| quoted_window(lead, r).map(|w| (w.start, w.end));
        assert_eq!(
            w("nam 2022 xa tiep nhan 3.155", year),
            Some((d(2022, 1, 1), d(2022, 12, 31)))
        );
        assert_eq!(
            w("so voi cung ky nam truoc la 1.200", q1),
            Some((d(2023, 1, 1), d(2023, 3, 31)))
        );
        assert_eq!(
            w("cung ky nam 2022 tiep nhan 900", year),
            Some((d(2022, 1, 1), d(2022, 12, 31)))
        );
        assert_eq!(
            w("luy ke tu dau nam da giai quyet 2.315", q1),
            Some((d(2024, 1, 1), d(2024, 3, 31)))
        );
        assert_eq!(
            w(
                "nam 2023 (tu 01/10/2022 den 30/9/2023) tiep nhan 3.531",
                stat
            ),
            Some((d(2022, 10, 1), d(2023, 9, 30)))
        );
        // A comparison's period ends at its clause.
        assert_eq!(
            w(
                "dat 87,45 diem, tang 3,3 diem so voi nam 2022, xep thu 4",
                year
            ),
            None
        );
        assert_eq!(
            w("so voi cung ky nam 2022 (900", year),
            Some((d(2022, 1, 1), d(2022, 12, 31)))
        );
        // The nearest phrase decides: this year's figure after last year's.
        assert_eq!(
            w(
                "so voi cung ky nam 2022 (900 ho so), nam 2023 tiep nhan 1.000",
                year
            ),
            None
        );
        // A change stated after the figure leaves the figure the report's.
        assert_eq!(w("tiep nhan 1.000", year), None);
        assert_eq!(w("nam 2023 tiep nhan 1.000", year), None);
    }
}
