//! Text quality: how much of a text reads as Vietnamese.
//!
//! A token (a whitespace- or ASCII-punctuation-separated piece, Unicode punctuation trimmed
//! from its ends) is *readable* when it is a Vietnamese syllable of the inventory in
//! `data/lexicon/syllables.tsv` (lower-cased), a known abbreviation (`data/lexicon/abbrev.txt`,
//! or an all-capitals ASCII token without a vowel such as `TTHC`), or holds a digit (numbers,
//! codes). Single letters are neither counted for nor against. `text_quality` is the share of
//! readable tokens; an undecoded legacy encoding (`Baùo caùo`, `B¸o c¸o`) or a scrambled font
//! scores far below real Vietnamese, OCR'd Vietnamese only a little below.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::chars::{is_alnum, is_num};

/// Below this share of readable tokens a text layer is not readable Vietnamese: the document
/// is not `ok`, and OCR repair leaves it alone.
pub const MIN_TEXT_QUALITY: f64 = 0.6;
/// Below this many counted tokens the share says nothing (a title page, an empty table).
pub const MIN_TOKENS: usize = 20;
/// Inventory count from which a syllable counts as readable (the inventory's rarest entries
/// are spelling variants and noise).
const READABLE_MIN: u32 = 20;

use crate::lexicon_data::{ABBREV, BIGRAMS, SYLLABLES};

/// Syllable counts, administrative word pairs and abbreviations of `data/lexicon/`.
pub struct Lexicon {
    counts: HashMap<Box<str>, u32>,
    pairs: HashMap<(Box<str>, Box<str>), u32>,
    abbrev: HashSet<Box<str>>,
}

impl Lexicon {
    /// The inventory count of a lower-case syllable (0 when absent).
    pub fn count(&self, lower: &str) -> u32 {
        self.counts.get(lower).copied().unwrap_or(0)
    }

    /// The count of a lower-case word pair in the administrative pair list (0 when absent).
    pub fn pair(&self, a: &str, b: &str) -> u32 {
        // Pairs are few; a lookup with owned keys is fine at the rates this is called.
        self.pairs
            .get(&(Box::from(a), Box::from(b)))
            .copied()
            .unwrap_or(0)
    }

    /// Is `token` (as written) a known abbreviation?
    pub fn is_abbrev(&self, token: &str) -> bool {
        self.abbrev.contains(token)
    }
}

/// The process-wide lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut counts = HashMap::new();
        for line in SYLLABLES.lines() {
            let mut it = line.split('\t');
            if let (Some(w), Some(c)) = (it.next(), it.next())
                && let Ok(c) = c.trim().parse::<u32>()
            {
                counts
                    .entry(w.trim().to_lowercase().into_boxed_str())
                    .or_insert(c);
            }
        }
        let mut pairs = HashMap::new();
        for line in BIGRAMS.lines() {
            let mut it = line.split('\t');
            if let (Some(p), Some(c)) = (it.next(), it.next())
                && let Ok(c) = c.trim().parse::<u32>()
                && let Some((a, b)) = p.split_once(' ')
            {
                *pairs.entry((Box::from(a), Box::from(b))).or_insert(0) += c;
            }
        }
        let abbrev = ABBREV
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(Box::from)
            .collect();
        Lexicon {
            counts,
            pairs,
            abbrev,
        }
    })
}

/// Readable and counted tokens of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenCounts {
    /// Tokens counted (single letters and pure punctuation are not).
    pub tokens: usize,
    /// Tokens that are syllables, abbreviations or numbers.
    pub readable: usize,
}

impl TokenCounts {
    /// Adds another count.
    pub fn add(&mut self, other: TokenCounts) {
        self.tokens += other.tokens;
        self.readable += other.readable;
    }

    /// The share of readable tokens, `None` below [`MIN_TOKENS`] tokens.
    pub fn share(&self) -> Option<f64> {
        (self.tokens >= MIN_TOKENS).then(|| self.readable as f64 / self.tokens as f64)
    }
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Splits text into tokens: at whitespace and ASCII punctuation, with other leading and
/// trailing non-alphanumeric characters (quotes, dashes, bullets) trimmed.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .map(|t| t.trim_matches(|c: char| !is_alnum(c) && !is_mark(c)))
        .filter(|t| !t.is_empty())
}

/// Is one token readable? `None` when it does not count (a single letter).
pub fn token_readable(lex: &Lexicon, token: &str) -> Option<bool> {
    if token.chars().any(is_num) {
        return Some(true);
    }
    let mut letters = token.chars().filter(|c| !is_mark(*c));
    if letters.next().is_some() && letters.next().is_none() {
        return None;
    }
    if lex.is_abbrev(token) {
        return Some(true);
    }
    if token.chars().all(|c| c.is_ascii_uppercase())
        && !token
            .chars()
            .any(|c| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'))
    {
        return Some(true);
    }
    let lower = token.to_lowercase();
    Some(lex.count(&lower) >= READABLE_MIN)
}

/// Counts the readable tokens of `text`.
pub fn count_tokens(text: &str) -> TokenCounts {
    let lex = lexicon();
    let mut c = TokenCounts::default();
    for t in tokens(text) {
        if let Some(ok) = token_readable(lex, t) {
            c.tokens += 1;
            c.readable += usize::from(ok);
        }
    }
    c
}

/// Does this piece of text look like an undecoded legacy encoding or a scrambled text layer
/// (enough tokens, too few readable)? OCR repair must not touch such text.
pub fn looks_unreadable(text: &str) -> bool {
    if super::encoding::detect(text) != baocao_model::TextEncoding::Unicode {
        return true;
    }
    let c = count_tokens(text);
    // Short pieces (a table cell, a heading) need a clearer signal than whole documents.
    c.tokens >= 6 && (c.readable as f64) < 0.35 * c.tokens as f64
}

/// The one-line reason of a document whose text layer is not readable Vietnamese: the text
/// quality, and the font (from the PDF reader's per-font report) with the most unreadable
/// tokens and what it looks like.
pub fn unreadable_reason(quality: f64, fonts: &[baocao_model::FontText]) -> String {
    use baocao_model::TextEncoding;
    let mut reason = format!("text layer is not readable Vietnamese (text quality {quality:.2})");
    let worst = fonts
        .iter()
        .filter(|f| f.readable * 2 < f.tokens)
        .max_by_key(|f| f.tokens - f.readable);
    if let Some(f) = worst {
        let what = match f.encoding {
            TextEncoding::Tcvn3 => "does not read as Vietnamese even decoded as TCVN3".to_string(),
            TextEncoding::Vni => "does not read as Vietnamese even decoded as VNI".to_string(),
            TextEncoding::Unicode if f.eight_bit => {
                "looks like an unknown legacy encoding".to_string()
            }
            TextEncoding::Unicode => "has a scrambled or unknown encoding".to_string(),
        };
        reason.push_str(&format!(
            ": font {} {what} ({} of {} words readable)",
            f.name, f.readable, f.tokens
        ));
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_reads_and_mojibake_does_not() {
        let vi = "Báo cáo kết quả công tác cải cách hành chính quý I năm 2024 của UBND thị trấn \
                  Như Quỳnh, tổng số hồ sơ tiếp nhận trong kỳ là 2.318 hồ sơ (TTHC).";
        let q = count_tokens(vi);
        assert_eq!(q.readable, q.tokens, "{q:?}");
        let vni = "Baùo caùo keát quaû coâng taùc caûi caùch haønh chính quyù I naêm 2024 cuûa \
                   UBND thò traán Nhö Quyønh, toång soá hoà sô tieáp nhaän trong kyø";
        let q = count_tokens(vni).share().unwrap();
        assert!(q < MIN_TEXT_QUALITY, "vni undecoded reads {q}");
        let tcvn3 = "B¸o c¸o kÕt qu¶ c«ng t¸c c¶i c¸ch hµnh chÝnh quý I n¨m 2024 cña UBND thÞ \
                     trÊn Nh\u{ad} Quúnh, tæng sè hå s¬ tiÕp nhËn trong kú";
        let q = count_tokens(tcvn3).share().unwrap();
        assert!(q < MIN_TEXT_QUALITY, "tcvn3 undecoded reads {q}");
        assert!(looks_unreadable(vni));
        assert!(!looks_unreadable(vi));
    }

    #[test]
    fn reason_names_the_font_and_what_it_looks_like() {
        use baocao_model::{FontText, TextEncoding};
        let font = |name: &str, tokens, readable, eight_bit| FontText {
            name: name.into(),
            encoding: TextEncoding::Unicode,
            tokens,
            readable,
            eight_bit,
        };
        let fonts = [
            font("TimesNewRomanPSMT", 40, 39, false),
            font("VPS-Times", 300, 20, true),
        ];
        assert_eq!(
            unreadable_reason(0.17, &fonts),
            "text layer is not readable Vietnamese (text quality 0.17): font VPS-Times looks \
             like an unknown legacy encoding (20 of 300 words readable)"
        );
        let scrambled = [font("F1", 200, 10, false)];
        assert!(
            unreadable_reason(0.05, &scrambled).ends_with(
                "font F1 has a scrambled or unknown encoding (10 of 200 words readable)"
            )
        );
        assert_eq!(
            unreadable_reason(0.3, &[]),
            "text layer is not readable Vietnamese (text quality 0.30)"
        );
    }

    #[test]
    fn ocr_damage_still_reads() {
        let ocr = "Tổng số hồ sơ tiếp nhận trong kỳ: 2.318 hồ sơ, Đon vị thực hiện CO’ chế một \
                   cửa liên thông, đủng hạn 1.279 hồ sơ, quá hạn 02 hồ sơ đang giải quyết";
        let q = count_tokens(ocr).share().unwrap();
        assert!(q >= MIN_TEXT_QUALITY, "{q}");
        assert!(!looks_unreadable(ocr));
    }
}
