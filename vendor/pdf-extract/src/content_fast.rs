//! baocao: a fast decoder for the common subset of content-stream syntax.
//!
//! lopdf's `Content::decode` (nom, one combinator per byte) was about a fifth of baocao's
//! time per PDF. This hand-written decoder produces exactly the `Content` lopdf would for the
//! streams it accepts; for anything outside its subset (comments, inline images, `{`, `#`
//! escapes it does not know, odd whitespace, malformed syntax where lopdf would stop early)
//! it returns `None` and the caller falls back to lopdf. baocao's test
//! `tests/content_decoder.rs` compares both decoders on every content stream of its fixtures.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, StringFormat};

/// Deepest nesting of arrays/dictionaries (and of parentheses in strings) handled here;
/// deeper input goes to lopdf.
const MAX_DEPTH: usize = 32;

/// Decodes a content stream, or `None` when lopdf must do it.
pub fn decode(data: &[u8]) -> Option<Content> {
    let mut p = Parser { s: data, i: 0 };
    let mut operations = Vec::new();
    let mut operands: Vec<Object> = Vec::new();
    p.content_space();
    while p.i < p.s.len() {
        let c = p.s[p.i];
        if is_op_char(c) {
            let start = p.i;
            while p.i < p.s.len() && is_op_char(p.s[p.i]) {
                p.i += 1;
            }
            let word = &p.s[start..p.i];
            match word {
                b"true" => operands.push(Object::Boolean(true)),
                b"false" => operands.push(Object::Boolean(false)),
                b"null" => operands.push(Object::Null),
                _ => {
                    // Inline images, and words lopdf would read as true/false/null + more.
                    if word.starts_with(b"BI")
                        || word.starts_with(b"true")
                        || word.starts_with(b"false")
                        || word.starts_with(b"null")
                    {
                        return None;
                    }
                    let operator = std::str::from_utf8(word).ok()?.to_string();
                    operations.push(Operation {
                        operator,
                        operands: std::mem::take(&mut operands),
                    });
                }
            }
            p.content_space();
            continue;
        }
        let o = p.object(0, false)?;
        operands.push(o);
        p.content_space();
    }
    if !operands.is_empty() {
        return None;
    }
    Some(Content { operations })
}

fn is_op_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'*' || c == b'\'' || c == b'"'
}

/// lopdf's `is_whitespace` (inside arrays and dictionaries).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

fn is_delimiter(c: u8) -> bool {
    b"()<>[]{}/%".contains(&c)
}

fn is_regular(c: u8) -> bool {
    !is_space(c) && !is_delimiter(c)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Between operands and operators lopdf skips only these four.
    fn content_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.i += 1;
        }
    }

    /// Inside arrays and dictionaries: all six whitespace bytes (comments are not handled).
    fn space(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            if is_space(c) {
                self.i += 1;
            } else if c == b'%' {
                return None;
            } else {
                break;
            }
        }
        Some(())
    }

    /// One object. `in_container`: inside an array or a dictionary (where lopdf also tries
    /// `N G R` references, which are not handled here).
    fn object(&mut self, depth: usize, in_container: bool) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        let c = self.peek()?;
        let o = match c {
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(in_container)?,
            b'/' => Object::Name(self.name()?),
            b'(' => Object::String(self.literal()?, StringFormat::Literal),
            b'<' if self.s.get(self.i + 1) == Some(&b'<') => Object::Dictionary(self.dictionary(depth)?),
            b'<' => Object::String(self.hex()?, StringFormat::Hexadecimal),
            b'[' => Object::Array(self.array(depth)?),
            b't' | b'f' | b'n' if in_container => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.i += 1;
                }
                match &self.s[start..self.i] {
                    b"true" => Object::Boolean(true),
                    b"false" => Object::Boolean(false),
                    b"null" => Object::Null,
                    _ => return None,
                }
            }
            _ => return None,
        };
        // Nothing to check about what follows: like lopdf's parsers, each object here is the
        // longest match of its grammar, and the next object starts right after it.
        Some(o)
    }

    /// `[+-]?(digits(.digits*)?|.digits)`: a real when it has a dot, else an integer.
    fn number(&mut self, in_container: bool) -> Option<Object> {
        let start = self.i;
        if let Some(b'+' | b'-') = self.peek() {
            self.i += 1;
        }
        let int_start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let int_digits = self.i - int_start;
        let mut real = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            let frac_start = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            if int_digits == 0 && self.i == frac_start {
                return None;
            }
            real = true;
        } else if int_digits == 0 {
            return None;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        if real {
            Some(Object::Real(text.parse::<f32>().ok()?))
        } else {
            if in_container {
                // lopdf tries `N G R` first: an integer followed by another and `R`.
                let save = self.i;
                let _ = self.space();
                let looks_ref = self.peek().is_some_and(|c| c.is_ascii_digit());
                self.i = save;
                if looks_ref && int_digits > 0 && !text.starts_with(['+', '-']) {
                    let rest = &self.s[self.i..];
                    if rest.iter().take(40).any(|&c| c == b'R') {
                        return None;
                    }
                }
            }
            Some(Object::Integer(text.parse::<i64>().ok()?))
        }
    }

    fn name(&mut self) -> Option<Vec<u8>> {
        self.i += 1; // '/'
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if c == b'#' {
                let h = self.s.get(self.i + 1..self.i + 3)?;
                let v = std::str::from_utf8(h).ok()?;
                if !h.iter().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(v, 16).ok()?);
                self.i += 3;
            } else if is_regular(c) {
                out.push(c);
                self.i += 1;
            } else {
                break;
            }
        }
        Some(out)
    }

    /// `( … )` with lopdf's escapes; end-of-line bytes are kept as they are.
    fn literal(&mut self) -> Option<Vec<u8>> {
        self.i += 1; // '('
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    out.push(c);
                }
                b')' => {
                    if depth == 0 {
                        return Some(out);
                    }
                    depth -= 1;
                    out.push(c);
                }
                b'\\' => {
                    let e = self.peek()?;
                    match e {
                        b'0'..=b'7' => {
                            let mut v: u16 = 0;
                            let mut n = 0;
                            while n < 3 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u16::from(d - b'0');
                                        self.i += 1;
                                        n += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            self.i += 1;
                            if self.peek() == Some(b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => self.i += 1,
                        b'n' => {
                            out.push(b'\n');
                            self.i += 1;
                        }
                        b'r' => {
                            out.push(b'\r');
                            self.i += 1;
                        }
                        b't' => {
                            out.push(b'\t');
                            self.i += 1;
                        }
                        b'b' => {
                            out.push(0x08);
                            self.i += 1;
                        }
                        b'f' => {
                            out.push(0x0C);
                            self.i += 1;
                        }
                        other => {
                            out.push(other);
                            self.i += 1;
                        }
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// `< hex digits and whitespace >`; an odd last digit is the high nibble.
    fn hex(&mut self) -> Option<Vec<u8>> {
        self.i += 1; // '<'
        let mut out = Vec::new();
        let mut high = true;
        loop {
            let c = self.peek()?;
            self.i += 1;
            let v = match c {
                b'>' => return Some(out),
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                c if is_space(c) => continue,
                _ => return None,
            };
            if high {
                out.push(v << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= v;
            }
            high = !high;
        }
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Object>> {
        self.i += 1; // '['
        self.space()?;
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => {
                    out.push(self.object(depth + 1, true)?);
                    self.space()?;
                }
            }
        }
    }

    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        self.i += 2; // '<<'
        self.space()?;
        let mut dict = Dictionary::new();
        loop {
            match self.peek()? {
                b'>' => {
                    if self.s.get(self.i + 1) != Some(&b'>') {
                        return None;
                    }
                    self.i += 2;
                    return Some(dict);
                }
                b'/' => {
                    let key = self.name()?;
                    self.space()?;
                    let value = self.object(depth + 1, true)?;
                    self.space()?;
                    dict.set(key, value);
                }
                _ => return None,
            }
        }
    }
}
