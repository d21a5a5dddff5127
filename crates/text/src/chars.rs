//! Character classes with fast paths for ASCII and the Latin letters Vietnamese is written
//! in. `char::is_alphabetic` and friends search Unicode tables for every non-ASCII character,
//! which made them a visible share of the OCR repair's time; these give the same answers
//! (a test checks every code point up to U+2FFF) and fall back to the standard library
//! outside the fast ranges.

/// Same as [`char::is_alphabetic`].
#[inline]
pub fn is_alpha(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0xFF => c != '×' && c != '÷',
        0x100..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

/// Same as [`char::is_alphanumeric`].
#[inline]
pub fn is_alnum(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0xFF => c != '×' && c != '÷',
        0x100..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Same as [`char::is_numeric`].
#[inline]
pub fn is_num(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_digit(),
        0xC0..=0x24F | 0x1E00..=0x1EFF => false,
        _ => c.is_numeric(),
    }
}

/// Same as [`char::is_uppercase`].
#[inline]
pub fn is_upper(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_uppercase(),
        0xC0..=0xDE => c != '×',
        0xDF..=0xFF => false,
        // Vietnamese letters with a dot below, a hook or several marks: pairs, capital first.
        n @ 0x1EA0..=0x1EFF => n % 2 == 0,
        _ => c.is_uppercase(),
    }
}

/// Same as [`char::is_lowercase`].
#[inline]
pub fn is_lower(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_lowercase(),
        0xC0..=0xDE => false,
        0xDF..=0xFF => c != '÷',
        n @ 0x1EA0..=0x1EFF => n % 2 == 1,
        _ => c.is_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_answers_as_the_standard_library() {
        for n in 0..0x3000u32 {
            let Some(c) = char::from_u32(n) else { continue };
            assert_eq!(is_alpha(c), c.is_alphabetic(), "alphabetic {n:#x}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "alphanumeric {n:#x}");
            assert_eq!(is_num(c), c.is_numeric(), "numeric {n:#x}");
            assert_eq!(is_upper(c), c.is_uppercase(), "uppercase {n:#x}");
            assert_eq!(is_lower(c), c.is_lowercase(), "lowercase {n:#x}");
        }
    }
}
