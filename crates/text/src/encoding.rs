//! Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI-Windows) to Unicode.
//!
//! Word files typed with legacy fonts (`.VnTime`, `VNI-Times`, …) hold the font's byte values
//! as Windows-1252 code points; the glyphs only look Vietnamese in that font. This module maps
//! such text back to Unicode (NFC), using the conversion tables in `data/encodings/`.
//! TCVN3 capitals with marks share the lowercase code points and are capitals only in the
//! uppercase companion fonts (`.VnTimeH`), so callers pass `uppercase` for those runs.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::unicode::nfc;
use unicode_normalization::char::decompose_canonical;

use baocao_model::TextEncoding;

const TCVN3_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/encodings/tcvn3.tsv"
));
const VNI_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/encodings/vni.tsv"
));

/// Lookup tables built once from the TSV files.
struct Tables {
    /// TCVN3 code point (all below U+0100) → Unicode letter, or `'\0'` when unmapped
    /// (lowercase letters win for shared code points).
    tcvn3: [char; 256],
    /// VNI two-character sequences (base letter + mark byte) → Unicode letter.
    vni2: HashMap<(char, char), char>,
    /// VNI one-character codes → Unicode letter.
    vni1: HashMap<char, char>,
    /// Every Vietnamese letter of the tables (Unicode side), lower and upper case.
    letters: HashMap<char, LetterInfo>,
}

/// What the plausibility check needs to know about a Vietnamese letter.
#[derive(Clone, Copy)]
struct LetterInfo {
    /// Carries a tone mark (acute, grave, hook, tilde, dot below).
    toned: bool,
    /// The lowercase vowel without its tone mark (`ấ` → `â`), or `None` for `đ`.
    vowel: Option<char>,
}

fn rows(tsv: &str) -> impl Iterator<Item = (&str, &str)> {
    tsv.lines().skip(1).filter_map(|line| {
        let mut it = line.split('\t');
        let uni = it.next()?;
        let legacy = it.next()?;
        if uni.is_empty() || legacy.is_empty() {
            None
        } else {
            Some((uni, legacy))
        }
    })
}

fn letter_info(c: char) -> LetterInfo {
    let mut toned = false;
    let mut rest = String::new();
    decompose_canonical(c, |d| {
        if matches!(d, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}') {
            toned = true;
        } else {
            rest.extend(d.to_lowercase());
        }
    });
    let base: String = rest.nfc().collect();
    let vowel = base.chars().next().filter(|&b| b != '\u{111}');
    LetterInfo { toned, vowel }
}

/// Vowel nuclei of Vietnamese syllables (tone marks removed), `gi`/`qu` onsets included.
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "oai", "oay", "oeo", "uây", "uôi",
    "ươi", "ươu", "uyê", "yêu", "uya", "uyu", "uoi", "ie", "ieu", "uă", "uai", "uao", "uau", "uay",
    "uây", "uâu", "uơi", "uyêu", "ioa", "iai", "iao", "iau", "iay", "iâu", "iây", "ieo", "iêu",
    "iua", "iuô", "iươ", "iưu", "ioi", "iôi", "iơi", "iui", "iưa", "iưi", "iuôi", "iươi", "iươu",
];

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            tcvn3: ['\0'; 256],
            vni2: HashMap::new(),
            vni1: HashMap::new(),
            letters: HashMap::new(),
        };
        for (uni, legacy) in rows(TCVN3_TSV) {
            let (Some(u), Some(l)) = (uni.chars().next(), legacy.chars().next()) else {
                continue;
            };
            if let Some(slot) = t.tcvn3.get_mut(l as usize)
                && *slot == '\0'
            {
                *slot = u;
            }
            t.letters.insert(u, letter_info(u));
        }
        for (uni, legacy) in rows(VNI_TSV) {
            let Some(u) = uni.chars().next() else {
                continue;
            };
            let mut lc = legacy.chars();
            match (lc.next(), lc.next()) {
                (Some(a), Some(b)) => {
                    t.vni2.entry((a, b)).or_insert(u);
                }
                (Some(a), None) => {
                    t.vni1.entry(a).or_insert(u);
                }
                _ => {}
            }
            t.letters.insert(u, letter_info(u));
        }
        t
    })
}

/// Which legacy encoding a run's font implies: `.VnTime`, `.VnArial`, `.Vn...` → Tcvn3
/// (upper-case if the name ends with 'H', e.g. `.VnTimeH`, `.VnArialH`); `VNI-Times`,
/// `VNI-...` → Vni; else Unicode.
pub fn encoding_for_font(font: &str) -> (TextEncoding, bool /*uppercase*/) {
    let f = font.trim();
    let b = f.as_bytes();
    if b.len() >= 3 && b[0] == b'.' && b[1..3].eq_ignore_ascii_case(b"vn") {
        // `.VnTimeH`, `.VnArialH`, `.VnCenturyH` …: the companion all-capitals fonts.
        let upper = f.ends_with('H');
        return (TextEncoding::Tcvn3, upper);
    }
    if b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"vni-") {
        return (TextEncoding::Vni, false);
    }
    (TextEncoding::Unicode, false)
}

/// Converts TCVN3 (ABC) text to Unicode NFC; `uppercase` for runs in an uppercase font
/// (`.VnTimeH`), whose glyphs show every lowercase code point as a capital.
pub fn decode_tcvn3(s: &str, uppercase: bool) -> String {
    let t = tables();
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    for c in s.chars() {
        let d = match t.tcvn3.get(c as usize) {
            Some(&m) if m != '\0' => m,
            _ => c,
        };
        if uppercase {
            out.extend(d.to_uppercase());
        } else {
            out.push(d);
        }
    }
    nfc(out)
}

/// Converts VNI-Windows text (base letter + mark byte) to Unicode NFC, longest match first.
pub fn decode_vni(s: &str) -> String {
    let t = tables();
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if let Some(&n) = it.peek()
            && let Some(&u) = t.vni2.get(&(c, n))
        {
            out.push(u);
            it.next();
            continue;
        }
        out.push(t.vni1.get(&c).copied().unwrap_or(c));
    }
    nfc(out)
}

/// The letter a VNI base letter and mark byte make together (`('a', 'ù')` → `á`), if any.
pub fn vni_pair(base: char, mark: char) -> Option<char> {
    tables().vni2.get(&(base, mark)).copied()
}

/// Is `c` a VNI mark byte (the second character of some two-character VNI letter)?
pub fn is_vni_mark(c: char) -> bool {
    static MARKS: OnceLock<std::collections::HashSet<char>> = OnceLock::new();
    MARKS
        .get_or_init(|| tables().vni2.keys().map(|&(_, m)| m).collect())
        .contains(&c)
}

/// Is `c` a Vietnamese letter with a diacritic outside Latin-1 (`ơ ư đ ạ ế …`)? Legacy
/// 8-bit text never holds one, so a font that shows one is Unicode.
pub fn is_vietnamese_beyond_latin1(c: char) -> bool {
    (c as u32) > 0xFF && tables().letters.contains_key(&c)
}

/// Plausibility score of Vietnamese text: words with non-ASCII characters count +1 when they
/// consist of Vietnamese letters with at most one tone mark, −1 otherwise.
fn vietnamese_score(s: &str) -> i64 {
    let t = tables();
    let mut score = 0i64;
    for word in
        s.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii_digit())
    {
        if word.is_ascii() {
            continue;
        }
        let mut ok = true;
        let mut tones = 0;
        let mut groups = 0;
        let mut nucleus = String::new();
        let mut in_vowels = false;
        for c in word.chars() {
            let vowel = if c.is_ascii_alphabetic() {
                let l = c.to_ascii_lowercase();
                matches!(l, 'a' | 'e' | 'i' | 'o' | 'u' | 'y').then_some(l)
            } else {
                match t.letters.get(&c) {
                    Some(info) => {
                        if info.toned {
                            tones += 1;
                        }
                        info.vowel
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            };
            match vowel {
                Some(v) => {
                    if !in_vowels {
                        groups += 1;
                        in_vowels = true;
                    }
                    if groups == 1 {
                        nucleus.push(v);
                    }
                }
                None => in_vowels = false,
            }
        }
        if ok && tones <= 1 && groups == 1 && NUCLEI.contains(&nucleus.as_str()) {
            score += 1;
        } else {
            score -= 1;
        }
    }
    score
}

/// Heuristic for text without font info: does this look like TCVN3 / VNI mojibake?
///
/// Text holding Vietnamese letters outside Latin-1 (`ơ ư đ ạ …`) is Unicode. Otherwise the
/// text is converted both ways and each result scored by the share of plausible Vietnamese
/// words (letters of the alphabet, at most one tone mark per word); a legacy encoding is
/// returned only when it scores clearly better than the text as it is (ties stay Unicode).
pub fn detect(s: &str) -> TextEncoding {
    if s.is_ascii() {
        return TextEncoding::Unicode;
    }
    let t = tables();
    // Legacy text lives in Latin-1 / Windows-1252; real Vietnamese letters beyond it mean Unicode.
    if s.chars()
        .any(|c| (c as u32) > 0xFF && t.letters.contains_key(&c))
    {
        return TextEncoding::Unicode;
    }
    let base = vietnamese_score(s);
    let tc = vietnamese_score(&decode_tcvn3(s, false));
    let vn = vietnamese_score(&decode_vni(s));
    let (best, enc) = if tc >= vn {
        (tc, TextEncoding::Tcvn3)
    } else {
        (vn, TextEncoding::Vni)
    };
    if best > base && best >= 1 && best - base >= 2 {
        enc
    } else {
        TextEncoding::Unicode
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_round_trip_all_letters() {
        let mut n = 0;
        for (uni, legacy) in rows(TCVN3_TSV) {
            let Some(u) = uni.chars().next() else {
                continue;
            };
            // Capitals without a code of their own are written with the lowercase code point
            // in an uppercase font.
            let upper = u.is_uppercase();
            let got = decode_tcvn3(legacy, upper);
            assert_eq!(got, uni, "tcvn3 {legacy:?}");
            n += 1;
        }
        assert_eq!(n, 134);
    }

    #[test]
    fn vni_round_trip_all_letters() {
        let mut n = 0;
        for (uni, legacy) in rows(VNI_TSV) {
            assert_eq!(decode_vni(legacy), uni, "vni {legacy:?}");
            n += 1;
        }
        assert_eq!(n, 134);
    }

    #[test]
    fn tcvn3_samples() {
        assert_eq!(decode_tcvn3("B¸o c¸o", false), "Báo cáo");
        assert_eq!(
            decode_tcvn3("thÞ trÊn Nh\u{ad} Quúnh", false),
            "thị trấn Như Quỳnh"
        );
        assert_eq!(decode_tcvn3("b¸o c¸o", true), "BÁO CÁO");
        assert_eq!(
            decode_tcvn3("céng hßa x· héi chñ nghÜa viÖt nam", true),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        );
        assert_eq!(decode_tcvn3("§éc lËp", false), "Độc lập");
        assert_eq!(decode_tcvn3("ñ", true), "Ủ");
    }

    #[test]
    fn vni_samples() {
        assert_eq!(decode_vni("Baùo caùo"), "Báo cáo");
        assert_eq!(decode_vni("thò traán Nhö Quyønh"), "thị trấn Như Quỳnh");
        assert_eq!(decode_vni("ÑOÄC LAÄP"), "ĐỘC LẬP");
    }

    #[test]
    fn fonts() {
        assert_eq!(encoding_for_font(".VnTime"), (TextEncoding::Tcvn3, false));
        assert_eq!(encoding_for_font(".VnTimeH"), (TextEncoding::Tcvn3, true));
        assert_eq!(encoding_for_font(".VnArialH"), (TextEncoding::Tcvn3, true));
        assert_eq!(encoding_for_font(".VnArial"), (TextEncoding::Tcvn3, false));
        assert_eq!(encoding_for_font("VNI-Times"), (TextEncoding::Vni, false));
        assert_eq!(encoding_for_font("VNI-Helve"), (TextEncoding::Vni, false));
        assert_eq!(
            encoding_for_font("Times New Roman"),
            (TextEncoding::Unicode, false)
        );
        assert_eq!(encoding_for_font(""), (TextEncoding::Unicode, false));
    }

    #[test]
    fn detection() {
        assert_eq!(detect("Báo cáo kết quả"), TextEncoding::Unicode);
        assert_eq!(detect("Có tên và số"), TextEncoding::Unicode);
        assert_eq!(detect("plain ascii"), TextEncoding::Unicode);
        assert_eq!(
            detect("B¸o c¸o kÕt qu¶ thÞ trÊn Nh\u{ad} Quúnh"),
            TextEncoding::Tcvn3
        );
        assert_eq!(
            detect("Baùo caùo keát quaû thò traán Nhö Quyønh"),
            TextEncoding::Vni
        );
    }
}
