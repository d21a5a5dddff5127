//! Formatting helpers for the templates: which parts of a snippet are a finding's figures, and
//! how a figure is written. Everything here works on plain text; escaping is the templates' job.

use std::ops::Range;

use baocao_model::fmt_num;

/// A run of a snippet: plain text, or one of the figures being shown (drawn in `<mark>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece<'a> {
    /// The text, unescaped.
    pub text: &'a str,
    /// Whether it is one of the figures.
    pub mark: bool,
}

/// Splits `snippet` into pieces where the first whole-number occurrence of each of `values`
/// is marked. A figure is looked for as written by [`fmt_num`] (`1451`, `2.5`), with a decimal
/// comma (`2,5`) and with thousands dots (`8.066.841.050`); a value found nowhere is skipped,
/// and two values never mark the same text.
pub(crate) fn highlight<'a>(snippet: &'a str, values: &[f64]) -> Vec<Piece<'a>> {
    let mut marks: Vec<Range<usize>> = Vec::new();
    for v in values {
        let plain = fmt_num(*v);
        let grouped = group_thousands(&plain);
        for form in [plain.clone(), plain.replace('.', ","), grouped] {
            if let Some(at) = find_number(snippet, &form, &marks) {
                marks.push(at..at + form.len());
                break;
            }
        }
    }
    marks.sort_by_key(|r| r.start);
    let mut pieces = Vec::with_capacity(2 * marks.len() + 1);
    let mut at = 0;
    for m in marks {
        if m.start > at {
            pieces.push(Piece {
                text: &snippet[at..m.start],
                mark: false,
            });
        }
        pieces.push(Piece {
            text: &snippet[m.clone()],
            mark: true,
        });
        at = m.end;
    }
    if at < snippet.len() || pieces.is_empty() {
        pieces.push(Piece {
            text: &snippet[at..],
            mark: false,
        });
    }
    pieces
}

/// Byte offset of the first `form` in `text` that is a whole number (not part of a longer
/// one: no digit, or separator followed by a digit, on either side) and overlaps none of
/// `taken`.
fn find_number(text: &str, form: &str, taken: &[Range<usize>]) -> Option<usize> {
    if form.is_empty() {
        return None;
    }
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(rel) = text.get(from..)?.find(form) {
        let at = from + rel;
        let end = at + form.len();
        let before_ok = at == 0 || {
            let p = b[at - 1];
            !(p.is_ascii_digit()
                || ((p == b'.' || p == b',') && at >= 2 && b[at - 2].is_ascii_digit()))
        };
        let after_ok = match b.get(end) {
            Some(n) if n.is_ascii_digit() => false,
            Some(b'.') | Some(b',') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
            _ => true,
        };
        let free = taken.iter().all(|t| end <= t.start || at >= t.end);
        if before_ok && after_ok && free {
            return Some(at);
        }
        from = at + form.len();
    }
    None
}

/// `8066841050` → `8.066.841.050` (integers only; anything else comes back as it is).
pub(crate) fn group_thousands(plain: &str) -> String {
    if !plain.bytes().all(|c| c.is_ascii_digit()) || plain.len() <= 3 {
        return plain.to_string();
    }
    let mut out = String::with_capacity(plain.len() + plain.len() / 3);
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snippet with its marks drawn as `[…]`.
    fn marked(snippet: &str, values: &[f64]) -> String {
        highlight(snippet, values)
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn marks_whole_numbers_in_their_written_forms() {
        assert_eq!(
            marked(
                "p. 8: Số hồ sơ tiếp nhận và giải quyết: 1451 hồ sơ",
                &[1451.0, 1601.0]
            ),
            "p. 8: Số hồ sơ tiếp nhận và giải quyết: [1451] hồ sơ"
        );
        assert_eq!(
            marked("công khai 164, trong đó có 16 TTHC", &[16.0]),
            "công khai 164, trong đó có [16] TTHC"
        );
        assert_eq!(
            marked("giải ngân 8.066.841.050 đồng", &[8066841050.0]),
            "giải ngân [8.066.841.050] đồng"
        );
        assert_eq!(marked("đạt 97,5%", &[97.5]), "đạt [97,5]%");
        assert_eq!(
            marked("1451 và 1451 hồ sơ", &[1451.0, 1451.0]),
            "[1451] và [1451] hồ sơ"
        );
        assert_eq!(marked("", &[1.0]), "");
        assert_eq!(marked("không có số", &[]), "không có số");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands("8066841050"), "8.066.841.050");
        assert_eq!(group_thousands("145"), "145");
        assert_eq!(group_thousands("2.5"), "2.5");
    }
}
