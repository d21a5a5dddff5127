//! baocao: a fast reader for ToUnicode CMaps (`beginbfchar` / `beginbfrange`).
//!
//! `adobe_cmap_parser::get_unicode_map` lexes the CMap with pom parser combinators (a boxed
//! closure per byte); on the Word-made reports it was about a tenth of baocao's time per PDF,
//! since every embedded font subset carries its own CMap. This hand-written reader gives
//! exactly the map adobe_cmap_parser gives for the CMaps it accepts, and returns `None` for
//! anything outside its subset (comments inside arrays, literal strings with escapes, odd
//! whitespace, syntax where the pom lexer would stop early, malformed operands), so that the
//! caller falls back to adobe_cmap_parser, panics included. baocao's test
//! `tests/content_decoder.rs` compares both on every ToUnicode CMap of its fixtures.

use std::collections::HashMap;

/// One lexed value; only what the bf operators look at is kept.
enum Tok<'a> {
    Int(i64),
    /// A hexadecimal or (escape-free) literal string, decoded.
    Str(Vec<u8>),
    Op(&'a [u8]),
    Array(Vec<Tok<'a>>),
    /// Names, reals, booleans, dictionaries: never operands of the bf operators.
    Other,
}

/// Deepest nesting of arrays, dictionaries and parentheses handled here.
const MAX_DEPTH: usize = 32;

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\0' | b'\x0C')
}

fn is_op_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip(&mut self, pred: fn(u8) -> bool) {
        while self.peek().is_some_and(pred) {
            self.i += 1;
        }
    }

    /// The top-level values, or `None` where the pom lexer would behave differently.
    fn file(&mut self) -> Option<Vec<Tok<'a>>> {
        let mut out = Vec::new();
        loop {
            // comment* content_space value
            while self.peek() == Some(b'%') {
                while self.peek().is_some_and(|c| c != b'\r' && c != b'\n') {
                    self.i += 1;
                }
                // A comment must end with an end of line.
                match self.peek() {
                    Some(b'\r') => {
                        self.i += 1;
                        if self.peek() == Some(b'\n') {
                            self.i += 1;
                        }
                    }
                    Some(b'\n') => self.i += 1,
                    _ => return None,
                }
            }
            self.skip(is_content_space);
            if self.i >= self.s.len() {
                return if out.is_empty() { None } else { Some(out) };
            }
            out.push(self.value(0)?);
            self.skip(is_content_space);
        }
    }

    fn value(&mut self, depth: usize) -> Option<Tok<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let c = self.peek()?;
        match c {
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            b'/' => {
                self.i += 1;
                while self
                    .peek()
                    .is_some_and(|c| !b" \t\n\r\x0C()<>[]{}/%#".contains(&c))
                {
                    self.i += 1;
                }
                if self.peek() == Some(b'#') {
                    return None;
                }
                Some(Tok::Other)
            }
            b'(' => {
                let s = self.literal()?;
                Some(Tok::Str(s))
            }
            b'<' if self.s.get(self.i + 1) == Some(&b'<') => {
                self.dictionary(depth)?;
                Some(Tok::Other)
            }
            b'<' => self.hex().map(Tok::Str),
            b'[' => {
                self.i += 1;
                self.skip(is_space);
                let mut items = Vec::new();
                loop {
                    match self.peek()? {
                        b']' => {
                            self.i += 1;
                            return Some(Tok::Array(items));
                        }
                        _ => {
                            items.push(self.value(depth + 1)?);
                            self.skip(is_content_space);
                        }
                    }
                }
            }
            c if is_op_char(c) => {
                let start = self.i;
                self.skip(is_op_char);
                let word = &self.s[start..self.i];
                Some(match word {
                    b"true" | b"false" => Tok::Other,
                    // pom reads "true"/"false" as booleans and the rest as another value.
                    w if w.starts_with(b"true") || w.starts_with(b"false") => return None,
                    w => Tok::Op(w),
                })
            }
            _ => None,
        }
    }

    /// An integer; a real (or anything pom would split) is `Other` or `None`.
    fn number(&mut self) -> Option<Tok<'a>> {
        let start = self.i;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.i += 1;
        }
        let digits = self.i;
        self.skip(|c| c.is_ascii_digit());
        let int_end = self.i;
        if self.peek() == Some(b'.') {
            // pom lexes "10.5" as the integer 10 and then the real ".5": two values, neither
            // of them an operand here, unless a bf operator follows. Keep it simple.
            self.i += 1;
            let frac = self.i;
            self.skip(|c| c.is_ascii_digit());
            if self.i == frac {
                return None;
            }
            return Some(Tok::Other);
        }
        if int_end == digits {
            return None;
        }
        std::str::from_utf8(&self.s[start..int_end])
            .ok()?
            .parse::<i64>()
            .ok()
            .map(Tok::Int)
    }

    /// `<` (space* two hex digits)* space* `>`.
    fn hex(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            self.skip(is_space);
            let c = self.peek()?;
            if c == b'>' {
                self.i += 1;
                return Some(out);
            }
            let hi = hex_val(c)?;
            let lo = hex_val(*self.s.get(self.i + 1)?)?;
            out.push(hi << 4 | lo);
            self.i += 2;
        }
    }

    /// A literal string without escapes (balanced parentheses kept, as pom does).
    fn literal(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let start = self.i;
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'\\' => return None,
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                }
                b')' if depth == 0 => {
                    let s = self.s[start..self.i].to_vec();
                    self.i += 1;
                    return Some(s);
                }
                b')' => depth -= 1,
                _ => {}
            }
            self.i += 1;
        }
    }

    /// `<<` space (name space value)* `>>`.
    fn dictionary(&mut self, depth: usize) -> Option<()> {
        self.i += 2;
        self.skip(is_space);
        loop {
            match self.peek()? {
                b'>' if self.s.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some(());
                }
                b'/' => {
                    self.value(depth + 1)?;
                    self.skip(is_space);
                    if self.peek() == Some(b'>') && self.s.get(self.i + 1) == Some(&b'>') {
                        // A key without a value: pom would fail here.
                        return None;
                    }
                    self.value(depth + 1)?;
                    self.skip(is_content_space);
                }
                _ => return None,
            }
        }
    }
}

fn as_code(s: &[u8]) -> u32 {
    s.iter().fold(0u32, |code, &c| (code << 8) | c as u32)
}

fn str_at<'t>(toks: &'t [Tok], i: usize) -> Option<&'t [u8]> {
    match toks.get(i)? {
        Tok::Str(s) => Some(s),
        _ => None,
    }
}

/// The code → UTF-16BE bytes map of a ToUnicode CMap, as
/// `adobe_cmap_parser::get_unicode_map` gives it, or `None` when that parser must decide.
pub fn unicode_map(input: &[u8]) -> Option<HashMap<u32, Vec<u8>>> {
    let toks = Lexer { s: input, i: 0 }.file()?;
    let mut map = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        let Tok::Op(op) = &toks[i] else {
            i += 1;
            continue;
        };
        match *op {
            b"beginbfchar" => {
                let Some(Tok::Int(count)) = i.checked_sub(1).and_then(|p| toks.get(p)) else {
                    return None;
                };
                i += 1;
                for _ in 0..*count {
                    let code = str_at(&toks, i)?;
                    let uni = str_at(&toks, i + 1)?;
                    map.insert(as_code(code), uni.to_vec());
                    i += 2;
                }
                i += 1;
            }
            b"beginbfrange" => {
                let Some(Tok::Int(count)) = i.checked_sub(1).and_then(|p| toks.get(p)) else {
                    return None;
                };
                i += 1;
                for _ in 0..*count {
                    let lower = as_code(str_at(&toks, i)?);
                    let upper = as_code(str_at(&toks, i + 1)?);
                    // Absurd ranges are left to the reference parser (and the file's budget).
                    if upper >= lower && upper - lower > 0x1_0000 {
                        return None;
                    }
                    match toks.get(i + 2)? {
                        Tok::Str(start) if start.len() == 4 => {
                            let val = as_code(start);
                            for c in lower..=upper {
                                let code = val.wrapping_add(c - lower);
                                map.insert(c, code.to_be_bytes().to_vec());
                            }
                        }
                        Tok::Str(start) if start.len() == 2 => {
                            let val = as_code(start) as u16;
                            for c in lower..=upper {
                                let code = val.wrapping_add((c - lower) as u16);
                                map.insert(c, code.to_be_bytes().to_vec());
                            }
                        }
                        Tok::Array(codes) => {
                            if upper < lower || (upper - lower + 1) as usize != codes.len() {
                                return None;
                            }
                            for (k, c) in (lower..=upper).enumerate() {
                                let Tok::Str(s) = &codes[k] else {
                                    return None;
                                };
                                map.insert(c, s.clone());
                            }
                        }
                        _ => return None,
                    }
                    i += 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Some(map)
}
