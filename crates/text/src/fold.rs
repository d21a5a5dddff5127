//! The folded form that patterns match: lower case, diacritics off, `đ`→`d`, apostrophes
//! glued to a letter dropped (OCR writes `CO’` for `CƠ`), spaces collapsed. A byte-offset map
//! leads every folded byte back to the normalized text, so snippets and qualifiers show the
//! real words.

use unicode_normalization::char::decompose_canonical;

/// Folded text plus the map back to the source.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text (ASCII for Vietnamese input).
    pub text: String,
    /// For each byte of `text`, the byte offset of the source character it came from.
    map: Vec<usize>,
    /// Length of the source text in bytes.
    source_len: usize,
}

impl Folded {
    /// Source byte range for a folded byte range (start inclusive, end exclusive).
    pub fn source_range(&self, start: usize, end: usize, source: &str) -> (usize, usize) {
        let s = self.map.get(start).copied().unwrap_or(self.source_len);
        let e = if end == 0 {
            s
        } else {
            match self.map.get(end - 1) {
                Some(&last) => {
                    let width = source[last..].chars().next().map_or(1, char::len_utf8);
                    last + width
                }
                None => self.source_len,
            }
        };
        (s.min(self.source_len), e.clamp(s, self.source_len))
    }
}

/// Folds one character; returns `None` for characters that fold away.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        'đ' | 'Đ' => return Some('d'),
        '\u{2018}' | '\u{2019}' | '`' | '\u{B4}' => return Some('\''),
        '\u{201C}' | '\u{201D}' => return Some('"'),
        '\u{2013}' | '\u{2014}' | '\u{2212}' => return Some('-'),
        _ => {}
    }
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() && !('\u{300}'..='\u{36F}').contains(&d) {
            base = Some(d);
        }
    });
    let b = base?;
    if c.is_whitespace() {
        return Some(' ');
    }
    b.to_lowercase().next()
}

/// Folds a whole string (no map); used for labels and catalogue look-ups.
pub fn fold(text: &str) -> String {
    fold_with_map(text).text
}

/// Folds `text`, keeping the map back to it.
pub fn fold_with_map(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut prev_letter = false;
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let Some(f) = fold_char(c) else { continue };
        if f.is_whitespace() {
            if !out.is_empty() {
                pending_space.get_or_insert(i);
            }
            prev_letter = false;
            continue;
        }
        if f == '\'' && prev_letter {
            continue;
        }
        if let Some(at) = pending_space.take() {
            out.push(' ');
            map.push(at);
        }
        let mut buf = [0u8; 4];
        for _ in 0..f.encode_utf8(&mut buf).len() {
            map.push(i);
        }
        out.push(f);
        prev_letter = f.is_alphabetic();
    }
    Folded {
        text: out,
        map,
        source_len: text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics_and_damage_alike() {
        assert_eq!(fold("Số hồ sơ ĐÃ giải quyết"), "so ho so da giai quyet");
        assert_eq!(fold("CO’ chế  một cửa"), "co che mot cua");
        assert_eq!(fold("Đon vị"), fold("Đơn vị"));
    }

    #[test]
    fn map_leads_back_to_source() {
        let src = "Tiếp nhận  1.451 hồ sơ";
        let f = fold_with_map(src);
        let at = f.text.find("1.451").unwrap();
        let (s, e) = f.source_range(at, at + 5, src);
        assert_eq!(&src[s..e], "1.451");
        let at = f.text.find("tiep").unwrap();
        let (s, e) = f.source_range(at, at + 9, src);
        assert_eq!(&src[s..e], "Tiếp nhận");
    }
}
