//! Outline markers: the numbering in front of a heading, an item or a table row's STT cell
//! ("I.", "II-", "1.", "1.1", "3.3.1.", "2)", "a)", "đ.").
//!
//! [`Marker::parse`] is the one parser: it splits a token into its body (Roman numeral,
//! dotted number, or one letter) and its closing punctuation. Each stage then asks what it
//! needs of the parsed marker: the PDF layout whether a word opens a list item or a heading
//! ([`Marker::is_item`]), the text stage which section level a paragraph opens
//! ([`Marker::section_level`]), table extraction whether a cell is a bare STT ([`is_stt`]).

/// The body of an outline marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerBody<'a> {
    /// Roman numeral in capitals (`I`, `IV`, `XII`; letters I, V, X, L).
    Roman(&'a str),
    /// Dotted decimal number (`1`, `1.2`, `3.3.1`): its components, each non-empty digits.
    Number(Vec<&'a str>),
    /// One letter (`a`, `đ`, `B`).
    Letter(char),
}

/// An outline marker: its body and the punctuation that closes it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker<'a> {
    /// Numeral, number or letter.
    pub body: MarkerBody<'a>,
    /// The closing character (`.`, `)`, `-`, `/`, `:`), if the token has one.
    pub close: Option<char>,
}

/// Characters that may close a marker.
const CLOSERS: [char; 5] = ['.', ')', '-', '/', ':'];

/// True for a Roman numeral in capitals of up to six letters (I, V, X, L).
pub fn is_roman_numeral(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

impl<'a> Marker<'a> {
    /// Parses a whole token as a marker: a body with at most one closing character.
    pub fn parse(token: &'a str) -> Option<Marker<'a>> {
        let (body, close) = match token.chars().last() {
            Some(c) if CLOSERS.contains(&c) => (&token[..token.len() - c.len_utf8()], Some(c)),
            _ => (token, None),
        };
        if body.is_empty() {
            return None;
        }
        let parts: Vec<&str> = body.split('.').collect();
        let body = if parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            MarkerBody::Number(parts)
        } else if is_roman_numeral(body) {
            MarkerBody::Roman(body)
        } else {
            let mut chars = body.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_alphabetic() => MarkerBody::Letter(c),
                _ => return None,
            }
        };
        Some(Marker { body, close })
    }

    /// True when the marker opens a list item or a heading in running text: "I.", "IV)",
    /// "1.", "3.3.1.", "1.2", "2)" (number components of one or two digits), "a)".
    pub fn is_item(&self) -> bool {
        let closed = matches!(self.close, Some('.' | ')'));
        match &self.body {
            MarkerBody::Roman(_) => closed,
            MarkerBody::Number(parts) => {
                (closed || (self.close.is_none() && parts.len() >= 2))
                    && parts.iter().all(|p| p.len() <= 2)
            }
            MarkerBody::Letter(c) => self.close == Some(')') && c.is_lowercase(),
        }
    }

    /// The section level a paragraph starting with this marker opens: 0 for "I." (also
    /// "I-", "I/", "I:"), 1 for "1." or "1)", 2 for "1.2" or "1.2.", 3 for "a)" or "a.";
    /// `None` for deeper numbers ("3.3.1.") and anything else.
    pub fn section_level(&self) -> Option<usize> {
        match &self.body {
            MarkerBody::Roman(r) => {
                (r.len() <= 5 && !r.contains('L') && self.close.is_some_and(|c| ".-/:".contains(c)))
                    .then_some(0)
            }
            MarkerBody::Number(parts) if parts.iter().all(|p| p.len() <= 2) => {
                match (parts.len(), self.close) {
                    (1, Some('.' | ')')) => Some(1),
                    (2, None | Some('.')) => Some(2),
                    _ => None,
                }
            }
            MarkerBody::Letter(c) => (matches!(self.close, Some(')' | '.'))
                && (c.is_ascii_lowercase() || *c == 'đ'))
                .then_some(3),
            MarkerBody::Number(_) => None,
        }
    }

    /// The marker's name in a section path: the token without its closing character.
    pub fn name(token: &str) -> &str {
        token.strip_suffix(CLOSERS).unwrap_or(token)
    }
}

/// The section level and name opened by a paragraph's first word, e.g. `"1.2 Kết quả"` →
/// `(2, "1.2")`: the first whitespace-separated token, followed by whitespace.
pub fn section_marker(text: &str) -> Option<(usize, &str)> {
    let end = text.find(char::is_whitespace)?;
    let token = &text[..end];
    let level = Marker::parse(token)?.section_level()?;
    Some((level, Marker::name(token)))
}

/// True for a bare STT cell of a table: `3.3.1.`, `II`, `a)`, `ỉ.` (an OCR-damaged `1.`),
/// read on the folded cell (lower case, no diacritics) with any closing dots and parentheses
/// removed: a dotted number of any depth, a Roman numeral of up to five letters, or one letter.
pub fn is_stt(cell: &str) -> bool {
    let f = crate::fold(cell);
    let t = f.trim().trim_end_matches(['.', ')']);
    let upper = t.to_uppercase();
    match Marker::parse(&upper) {
        Some(Marker { close: None, body }) => match body {
            MarkerBody::Number(_) | MarkerBody::Letter(_) => true,
            // A lone letter is an STT whatever it is ("l" included).
            MarkerBody::Roman(r) => r.len() == 1 || (r.len() <= 5 && !r.contains('L')),
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items() {
        for m in ["1.", "3.3.1.", "a)", "II.", "IV)", "2)", "1.2"] {
            assert!(Marker::parse(m).is_some_and(|x| x.is_item()), "{m}");
        }
        for m in ["2023.", "123.", "1", "A)", "a.", "hồ", "-5", "II"] {
            assert!(!Marker::parse(m).is_some_and(|x| x.is_item()), "{m}");
        }
    }

    #[test]
    fn section_levels() {
        assert_eq!(section_marker("I. CÔNG TÁC"), Some((0, "I")));
        assert_eq!(section_marker("II- KẾT QUẢ"), Some((0, "II")));
        assert_eq!(section_marker("2. Cải cách"), Some((1, "2")));
        assert_eq!(section_marker("2) Cải cách"), Some((1, "2")));
        assert_eq!(section_marker("1.2 Kết quả"), Some((2, "1.2")));
        assert_eq!(section_marker("1.2. Kết quả"), Some((2, "1.2")));
        assert_eq!(section_marker("a) Hồ sơ"), Some((3, "a")));
        assert_eq!(section_marker("đ. Hồ sơ"), Some((3, "đ")));
        for t in [
            "3.3.1. Tổng số",
            "2023. Năm",
            "Tổng số 12.",
            "1.Cải cách",
            "L. x",
        ] {
            assert_eq!(section_marker(t), None, "{t}");
        }
    }

    #[test]
    fn stt_cells() {
        for c in ["3.3.1.", "II", "a)", "ỉ.", "1", "12", "iv.", "l", "đ)"] {
            assert!(is_stt(c), "{c}");
        }
        for c in ["Tổng số", "1.451 hồ sơ", "", "xvi2", "ll", "1-", "lx"] {
            assert!(!is_stt(c), "{c}");
        }
    }
}
