//! What the library misses in one document (`baocao gaps`): the sentences of paragraphs and
//! the table rows that hold a number next to an indicator keyword but produced no figure.
//!
//! The keywords are data: `patterns/keywords.toml`, one list per family of the catalogue
//! ([`Keywords`]). A "number" is a figure as reports write it (`2.318`, `99,8%`, `15/16`), not
//! a date (`15/03/2024`, `ngày 20`), a year (`năm 2023`), a document number (`45/BC-UBND`,
//! `số 01/2023/QĐ-UBND`), a legal reference (`Điều 5`, `khoản 2`) or a section marker (`1.`,
//! `2.1`, `II.`).

use regex::Regex;
use serde::Deserialize;

use baocao_model::{Origin, Value};
use baocao_text::layout::{Unit, UnitKind};
use baocao_text::outline::Marker;

/// The keywords file inside a library.
pub const KEYWORDS_FILE: &str = "keywords.toml";

/// Words between a number and a keyword for them to count as next to each other.
pub const NEAR_WORDS: usize = 6;

/// Longest text shown for one gap, in characters.
pub const GAP_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordFile {
    #[serde(default)]
    family: Vec<FamilyDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyDef {
    name: String,
    keywords: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

/// One family's keywords, folded.
#[derive(Debug, Clone)]
struct Family {
    name: String,
    keywords: Regex,
    not: Option<Regex>,
}

/// The indicator keywords of `keywords.toml`, compiled.
#[derive(Debug, Clone)]
pub struct Keywords {
    families: Vec<Family>,
}

/// A regex matching any of the (folded) phrases as whole words.
fn phrases(list: &[String]) -> Result<Option<Regex>, String> {
    let alts: Vec<String> = list
        .iter()
        .map(|k| baocao_text::fold(k).trim().to_string())
        .filter(|k| !k.is_empty())
        .map(|k| regex::escape(&k))
        .collect();
    if alts.is_empty() {
        return Ok(None);
    }
    Regex::new(&format!(
        r"(?:^|[^\p{{L}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{N}}])",
        alts.join("|")
    ))
    .map(Some)
    .map_err(|e| e.to_string())
}

impl Keywords {
    /// Parses `keywords.toml`.
    pub fn parse(text: &str) -> Result<Keywords, String> {
        let file: KeywordFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut families = Vec::new();
        for def in file.family {
            if def.name.trim().is_empty() {
                return Err("a family without a name".into());
            }
            let keywords = phrases(&def.keywords)?
                .ok_or_else(|| format!("family {}: no keywords", def.name))?;
            let not = phrases(&def.not).map_err(|e| format!("family {}: {e}", def.name))?;
            families.push(Family {
                name: def.name,
                keywords,
                not,
            });
        }
        if families.is_empty() {
            return Err("no [[family]]".into());
        }
        Ok(Keywords { families })
    }

    /// Byte ranges of the keywords in a folded text, with the family index: whole words, not
    /// inside one of the family's `not` phrases.
    fn find(&self, folded: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (k, f) in self.families.iter().enumerate() {
            let excluded: Vec<(usize, usize)> = f
                .not
                .as_ref()
                .map(|n| {
                    all_groups(n, folded)
                        .into_iter()
                        .collect::<Vec<(usize, usize)>>()
                })
                .unwrap_or_default();
            for (s, e) in all_groups(&f.keywords, folded) {
                if !excluded.iter().any(|&(a, b)| a <= s && e <= b) {
                    out.push((s, e, k));
                }
            }
        }
        out
    }
}

/// Every match of group 1 of `re`, overlapping boundaries allowed (the word boundary around a
/// keyword is part of the match, so consecutive keywords would otherwise be missed).
fn all_groups(re: &Regex, text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at <= text.len() {
        let Some(c) = re.captures_at(text, at) else {
            break;
        };
        let Some(g) = c.get(1) else { break };
        out.push((g.start(), g.end()));
        at = g.end();
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
        if g.end() == g.start() {
            at += 1;
        }
    }
    out
}

/// Where a gap is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    /// A sentence of a paragraph.
    Sentence,
    /// A table row.
    Row,
}

impl GapKind {
    /// The name printed and written in JSON.
    pub fn name(self) -> &'static str {
        match self {
            GapKind::Sentence => "sentence",
            GapKind::Row => "row",
        }
    }
}

/// A sentence or a row with a number next to an indicator keyword and no figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Sentence or row.
    pub kind: GapKind,
    /// 1-based page.
    pub page: Option<u32>,
    /// Heading path.
    pub section: Option<String>,
    /// The families whose keywords stand next to a number.
    pub families: Vec<String>,
    /// The sentence, or the row's cells joined by ` | `, cut to about [`GAP_CHARS`].
    pub text: String,
    /// Index of the unit.
    pub unit: usize,
}

static NUMBER: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"\d+(?:[.,/]\d+)*").unwrap_or_else(|_| unreachable!()));

static LEVEL: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?:muc do|muc|cap do|loai)(?: \d+(?:,? ?va|,|-| -)?)*$")
        .unwrap_or_else(|_| unreachable!())
});

static GLUED_MARKER: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"^\d+(?:\.\d+)*[.)]\p{L}").unwrap_or_else(|_| unreachable!())
});

/// Words whose following number is a date, a year, a reference or a section, not a figure.
const NOT_BEFORE: &[&str] = &[
    "ngay", "thang", "nam", "quy", "doan", "dieu", "khoan", "chuong", "muc", "tuan", "luc", "gio",
    "so:", "thon", "xom", "iso", "tcvn",
];

/// Words after which a number is a duration or a period ("6 tháng đầu năm", "15 ngày").
const NOT_AFTER: &[&str] = &["thang", "ngay", "nam", "tuan", "gio", "phut"];

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1990..=2099).contains(&y))
}

/// Byte ranges of the figures in a folded sentence (see the module documentation).
fn figures(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for m in NUMBER.find_iter(s) {
        let (a, b) = (m.start(), m.end());
        let t = m.as_str();
        let before = s[..a].trim_end();
        let glued_before = before.len() == a && a > 0;
        let after = &s[b..];
        // Part of a word or code ("m2", "3g", "qd-123", "01/2023/qd-ubnd").
        if glued_before && s[..a].ends_with(|c: char| c.is_alphabetic() || c == '/' || c == '-') {
            continue;
        }
        // The rest of the word: "/bc-ubnd" or "a/kh-ubnd" make a document number, "h00" a
        // time; "01đồng chí" (glued) is still a figure.
        let glued_after = after.split_whitespace().next().unwrap_or("");
        let code = glued_after
            .as_bytes()
            .windows(2)
            .any(|w| matches!(w[0], b'/' | b'-') && w[1].is_ascii_alphabetic());
        if code
            || (glued_after.starts_with('h')
                && glued_after[1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        if LEVEL.is_match(before) {
            continue; // "mức độ 3, 4", "xã loại 2": a level, not a count
        }
        let parts: Vec<&str> = t.split('/').collect();
        if parts.len() >= 3 || (parts.len() == 2 && is_year(parts[1])) {
            continue; // 15/03/2024, 3/2024, 42/2022
        }
        let prev_word = before.rsplit(' ').next().unwrap_or("");
        let next_word = after
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if NOT_BEFORE.contains(&prev_word) || NOT_AFTER.contains(&next_word) {
            continue;
        }
        if is_year(t) {
            continue; // "2022 và 2023", "giai đoạn 2021-2025"
        }
        out.push((a, b));
    }
    out
}

/// Words between two byte ranges of a text (0 when they touch).
fn words_between(s: &str, a: (usize, usize), b: (usize, usize)) -> usize {
    let (lo, hi) = if a.1 <= b.0 { (a.1, b.0) } else { (b.1, a.0) };
    if hi <= lo {
        return 0;
    }
    s[lo..hi].split_whitespace().count()
}

/// The families of keywords within [`NEAR_WORDS`] of a figure of `s`, with the first figure
/// that has one.
fn near(keywords: &Keywords, s: &str, skip_first: bool) -> Option<(Vec<String>, usize)> {
    let mut figs = figures(s);
    if skip_first {
        figs.retain(|f| f.0 > 0);
    }
    if figs.is_empty() {
        return None;
    }
    let kws = keywords.find(s);
    let mut fams: Vec<String> = Vec::new();
    let mut first = None;
    for f in &figs {
        for &(ks, ke, k) in &kws {
            if words_between(s, *f, (ks, ke)) <= NEAR_WORDS {
                let name = &keywords.families[k].name;
                if !fams.contains(name) {
                    fams.push(name.clone());
                }
                first.get_or_insert(f.0);
            }
        }
    }
    first.map(|at| (fams, at))
}

/// Sentence ranges of a folded text: ends at '.', ';', '!' or '?' followed by a space, not
/// the '.' between digits (the same boundaries as [`crate::sentence_around`]).
fn sentences(t: &str) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        if !matches!(b[i], b'.' | b';' | b'!' | b'?') || b.get(i + 1) != Some(&b' ') {
            continue;
        }
        let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
        let next_digit = b.get(i + 2).is_some_and(u8::is_ascii_digit);
        if b[i] == b'.' && prev_digit && next_digit {
            continue;
        }
        out.push((start, i + 1));
        start = i + 2;
    }
    if start < t.len() {
        out.push((start, t.len()));
    }
    out
}

/// True when the text starts with an outline marker ("1.", "2.1", "II.", "3.3.1.").
fn starts_with_marker(s: &str) -> bool {
    let token = s.split_whitespace().next().unwrap_or("");
    Marker::parse(token).is_some_and(|m| m.is_item() || m.section_level().is_some())
        || GLUED_MARKER.is_match(token)
}

/// `text` cut to about [`GAP_CHARS`] characters around byte `at`, with "…" where cut.
fn trimmed(text: &str, at: usize) -> String {
    let text = text.trim();
    let n = text.chars().count();
    if n <= GAP_CHARS {
        return text.to_string();
    }
    let before = text[..at.min(text.len())].chars().count();
    let skip = before.saturating_sub(GAP_CHARS / 3).min(n - GAP_CHARS);
    let body: String = text.chars().skip(skip).take(GAP_CHARS).collect();
    format!(
        "{}{}{}",
        if skip > 0 { "…" } else { "" },
        body.trim(),
        if skip + GAP_CHARS < n { "…" } else { "" }
    )
}

/// The gaps of one document: its units and the figures extracted from them.
pub fn gaps(units: &[Unit], values: &[Value], keywords: &Keywords) -> Vec<Gap> {
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let mine = || values.iter().filter(move |v| v.source_unit == i);
        match u.kind {
            UnitKind::Paragraph => {
                if u.layout {
                    continue;
                }
                let folded = &u.folded.text;
                for (s, e) in sentences(folded) {
                    let sentence = &folded[s..e];
                    let Some((families, at)) =
                        near(keywords, sentence, starts_with_marker(sentence))
                    else {
                        continue;
                    };
                    let produced =
                        mine().any(|v| v.origin == Origin::Text && (s..=e).contains(&v.source_pos));
                    if produced {
                        continue;
                    }
                    let (ss, se) = u.folded.source_range(s, e, &u.text);
                    let (at_src, _) = u.folded.source_range(s + at, s + at + 1, &u.text);
                    let source = &u.text[ss..se];
                    out.push(Gap {
                        kind: GapKind::Sentence,
                        page: u.page,
                        section: u.section.clone(),
                        families,
                        text: trimmed(source, at_src.saturating_sub(ss)),
                        unit: i,
                    });
                }
            }
            UnitKind::Row => {
                if u.header_row || mine().next().is_some() {
                    continue;
                }
                let cells = crate::merged_cells(units, i);
                let Some(reading) = crate::tables::read_row(&cells) else {
                    continue;
                };
                let Some(value_text) = reading.value_text.as_deref() else {
                    continue;
                };
                if figures(&baocao_text::fold(value_text)).is_empty() {
                    continue;
                }
                let label = baocao_text::fold(&reading.label);
                let mut families: Vec<String> = Vec::new();
                for (_, _, k) in keywords.find(&label) {
                    let name = &keywords.families[k].name;
                    if !families.contains(name) {
                        families.push(name.clone());
                    }
                }
                if families.is_empty() {
                    continue;
                }
                let text: String = cells
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(" | ");
                out.push(Gap {
                    kind: GapKind::Row,
                    page: u.page,
                    section: u.section.clone(),
                    families,
                    text: trimmed(&text, 0),
                    unit: i,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw() -> Keywords {
        Keywords::parse(
            r#"
[[family]]
name = "dossiers"
keywords = ["hồ sơ", "hs"]
[[family]]
name = "par_index"
keywords = ["diem"]
not = ["thoi diem"]
"#,
        )
        .unwrap()
    }

    fn shown(s: &str) -> Vec<&str> {
        figures(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn dates_years_references_and_markers_are_not_figures() {
        assert_eq!(shown("tiep nhan 2.318 ho so, dat 99,8%"), ["2.318", "99,8"]);
        assert_eq!(shown("hoan thanh 15/16 nhiem vu"), ["15/16"]);
        assert!(shown("ngay 15/03/2024 va ngay 20").is_empty());
        assert!(shown("nam 2023 va 2024, thang 3/2024").is_empty());
        assert!(
            shown("so 45/bc-ubnd, quyet dinh so 01/2023/qd-ubnd, ke hoach 33a/kh-ubnd").is_empty()
        );
        assert!(shown("muc do 3, 4 va muc do 3 va 4; xa loai 2; iso 9001").is_empty());
        assert!(shown("theo dieu 5 khoan 2, luc 8h00").is_empty());
        assert!(shown("ket qua 6 thang dau nam, trong 15 ngay").is_empty());
        assert_eq!(shown("co 01dong chi"), ["01"]);
    }

    #[test]
    fn a_number_near_a_keyword_is_found_and_not_phrases_are_skipped() {
        let k = kw();
        assert!(near(&k, "da tiep nhan 1058 ho so", false).is_some());
        assert!(near(&k, "ngay 15/3/2024 tiep nhan ho so", false).is_none());
        assert!(near(&k, "tai thoi diem 30 ngay", false).is_none());
        let (fams, _) = near(&k, "dat 85 diem", false).unwrap();
        assert_eq!(fams, ["par_index"]);
        assert!(
            near(&k, "2.1 ho so", true).is_none(),
            "a section marker is no figure"
        );
        assert!(starts_with_marker("2.1 ket qua") && !starts_with_marker("1058 ho so"));
        assert!(starts_with_marker("2.cai cach tthc"));
        assert!(near(&k, "dich vu cong muc do 3, 4 ho so", false).is_none());
    }

    #[test]
    fn sentences_split_like_snippets() {
        let t = "da giai quyet 1.451 ho so. con 3 ho so; xong";
        let s: Vec<&str> = sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(s, ["da giai quyet 1.451 ho so.", "con 3 ho so;", "xong"]);
    }

    #[test]
    fn long_text_is_cut_around_the_figure() {
        let long = format!("{} 12 hồ sơ {}", "a ".repeat(200), "b ".repeat(200));
        let at = long.find("12").unwrap();
        let t = trimmed(&long, at);
        assert!(t.contains("12 hồ sơ") && t.starts_with('…') && t.ends_with('…'));
        assert!(t.chars().count() <= GAP_CHARS + 2);
    }
}
