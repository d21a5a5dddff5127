//! Unicode clean-up of extracted text: NFC, one tone-mark placement, quotes, dashes and
//! spaces unified.
//!
//! Tone placement: baocao writes the *traditional* style used by most government documents,
//! where the tone of an open `oa`, `oe`, `uy` syllable sits on the first vowel: `hòa`, `khỏe`,
//! `thủy`, `Ủy ban`. Text in the "new" style (`hoà`, `khoẻ`, `thuỷ`, `Uỷ ban`) is rewritten, so
//! both spellings compare equal. `qu` + `y` keeps its tone on `y` (`quý`), since `u` belongs to
//! the onset there.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises `s` (cheap when it already is NFC: ASCII or a quick check).
pub fn nfc(s: String) -> String {
    if s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s
    } else {
        s.nfc().collect()
    }
}
use unicode_normalization::char::{compose, decompose_canonical};

/// Combining tone marks (huyền, sắc, ngã, hỏi, nặng).
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Splits a precomposed letter into its base (with vowel-quality marks kept) and its tone mark.
fn split_tone(c: char) -> (char, Option<char>) {
    let mut parts: Vec<char> = Vec::with_capacity(3);
    decompose_canonical(c, |d| parts.push(d));
    let tone = parts.iter().copied().find(|d| TONES.contains(d));
    let Some(tone) = tone else { return (c, None) };
    let mut base = parts[0];
    for &m in parts.iter().skip(1).filter(|d| !TONES.contains(d)) {
        base = compose(base, m).unwrap_or(base);
    }
    (base, Some(tone))
}

/// Moves the tone of open `oa`/`oe`/`uy` syllables onto the first vowel (see module docs).
fn place_tones(chars: &mut [char]) {
    let n = chars.len();
    for i in 0..n.saturating_sub(1) {
        let first = chars[i];
        let lower = first.to_lowercase().next().unwrap_or(first);
        if !matches!(lower, 'o' | 'u') {
            continue;
        }
        let (second_base, tone) = split_tone(chars[i + 1]);
        let Some(tone) = tone else { continue };
        let second_lower = second_base.to_lowercase().next().unwrap_or(second_base);
        let pair_ok = match lower {
            'o' => matches!(second_lower, 'a' | 'e'),
            _ => second_lower == 'y',
        };
        if !pair_ok {
            continue;
        }
        // The syllable must end here (open syllable) ...
        if chars.get(i + 2).is_some_and(|c| c.is_alphabetic()) {
            continue;
        }
        // ... and `u` must not be part of the onset `qu`, nor `o` of another vowel cluster.
        if i > 0 {
            let prev = chars[i - 1].to_lowercase().next().unwrap_or(' ');
            if prev == 'q' || (lower == 'u' && prev == 'g') {
                continue;
            }
            if is_vowel(prev) {
                continue;
            }
        }
        if let Some(toned) = compose(first, tone) {
            chars[i] = toned;
            chars[i + 1] = second_base;
        }
    }
}

fn is_vowel(c: char) -> bool {
    let mut base = c;
    decompose_canonical(c, |d| {
        if d.is_alphabetic() && base == c {
            base = d;
        }
    });
    matches!(
        base.to_lowercase().next().unwrap_or(base),
        'a' | 'e' | 'i' | 'o' | 'u' | 'y'
    )
}

/// Maps typographic variants to their plain form; `None` drops the character.
fn plain(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{3000}' | '\t' | '\r' | '\n' => ' ',
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{AD}' => return None,
        '\u{F0B7}' | '\u{2022}' | '\u{25CF}' => '•',
        c => c,
    })
}

/// Normalizes one piece of text: NFC, traditional tone placement, plain quotes/dashes,
/// whitespace collapsed to single spaces and trimmed.
pub fn normalize(text: &str) -> String {
    let mut chars: Vec<char> = text.nfc().filter_map(plain).collect();
    place_tones(&mut chars);
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in chars {
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn new_style_tones_become_traditional() {
        assert_eq!(normalize("Uỷ ban"), "Ủy ban");
        assert_eq!(normalize("hoà giải"), "hòa giải");
        assert_eq!(normalize("thuỷ lợi, khoẻ"), "thủy lợi, khỏe");
    }

    #[test]
    fn onset_qu_and_closed_syllables_are_left_alone() {
        assert_eq!(normalize("quý I"), "quý I");
        assert_eq!(normalize("hoàn thành"), "hoàn thành");
        assert_eq!(normalize("khuyến"), "khuyến");
    }

    #[test]
    fn decomposed_input_becomes_nfc_and_spaces_collapse() {
        let decomposed = "Ho\u{302}\u{300} so\u{31B}  \u{A0}ti\u{1EBF}p";
        assert_eq!(normalize(decomposed), "Hồ sơ tiếp");
        assert_eq!(normalize("“a” – b\u{AD}c"), "\"a\" - bc");
    }
}
