//! Legacy-encoded text layers in PDFs: TCVN3 (ABC) and VNI-Windows text decoded glyph by
//! glyph, according to the font each glyph is drawn in, before the page is laid out.
//!
//! Offices typed in TCVN3 (`.VnTime`, `.VnArial`, `.VnTimeH` …) and VNI (`VNI-Times`,
//! `VNI-Helve` …) fonts; a PDF printed from such a document keeps the font's byte values in
//! its text layer (`B¸o c¸o`, `Baùo caùo`), which only look Vietnamese in that font.
//!
//! * **Which encoding**: the font's `/BaseFont` (subset prefix and style suffix removed)
//!   names the family, as a DOCX run's font does ([`font_encoding`]). A font without a telling
//!   name is judged on its text, accumulated over the document: a Vietnamese letter beyond
//!   Latin-1 (`ơ ư đ ạ …`) means Unicode; otherwise the share of inventory syllables of the text
//!   as it is, decoded as TCVN3 and decoded as VNI decides ([`decide_by_text`]).
//! * **TCVN3**: one glyph, one letter; the capitals fonts (`…H`) show lowercase codes as
//!   capitals, so their letters are upper-cased. The plain `ư` is code 0xAD, the soft hyphen:
//!   when a glyph carries it, it is decoded like any other letter; when the producer dropped it
//!   as an invisible optional hyphen (LibreOffice and Word do), the letter is missing from the
//!   page (`Nh Quúnh`), and [`restore_dropped_u`] puts it back where the syllable inventory
//!   and the administrative word pairs say it belongs.
//! * **VNI**: a letter with marks is a base glyph followed by a zero-width mark glyph
//!   (`a` + `ù` = `á`); the two are merged into one glyph before layout, so a mark the layout
//!   would put apart from its letter (`Ke á hoaïch`) cannot be lost.
//!
//! [`LegacyPdf`] also counts, per font, the readable tokens of the decoded text
//! ([`baocao_text::quality`]): the document's report names the font whose text is not
//! Vietnamese ([`baocao_model::FontText`]).

use std::collections::HashMap;

use super::glyphs::{Glyph, GlyphKind, PageContent};
use super::layout::WORD_GAP;
use baocao_model::{FontText, TextEncoding};
use baocao_text::encoding::{
    decode_tcvn3, decode_vni, is_vietnamese_beyond_latin1, is_vni_mark, vni_pair,
};
use baocao_text::quality::{self, Lexicon, TokenCounts};

/// Tokens of a font's text after which its statistical decision is final.
const DECIDE_TOKENS: usize = 60;
/// Share of readable tokens a legacy decoding must gain over the text as it is.
const DECIDE_MARGIN: f64 = 0.25;
/// Minimum share of readable tokens of the winning legacy decoding.
const DECIDE_MIN: f64 = 0.5;
/// Inventory count a syllable with a restored `ư` needs.
const RESTORE_MIN: u32 = 100;
/// How many times likelier (with its context) a restored word must be than the word as printed.
const RESTORE_RATIO: f64 = 4.0;
/// Weight of the administrative word pairs against the syllable counts when restoring `ư`.
const PAIR_WEIGHT: f64 = 1.5;

/// The font family name of a `/BaseFont`: the subset prefix (`ABCDEF+`), a leading dot or its
/// `#2E` escape, and a style suffix (`,Bold`, `-BoldItalic`, `-Italic` …) removed.
pub fn family_name(base_font: &str) -> &str {
    let mut f = base_font.trim();
    if let Some((pre, rest)) = f.split_once('+')
        && pre.len() == 6
        && pre.bytes().all(|b| b.is_ascii_uppercase())
    {
        f = rest;
    }
    f = f.strip_prefix("#2E").unwrap_or(f);
    f = f.strip_prefix('.').unwrap_or(f);
    if let Some((head, _)) = f.split_once(',') {
        f = head;
    }
    for suffix in [
        "-BoldItalic",
        "-BoldOblique",
        "-Bold",
        "-Italic",
        "-Oblique",
        "-Regular",
        "-Roman",
        "BoldItalic",
        "Bold",
        "Italic",
    ] {
        if f.len() > suffix.len() + 2 && f.ends_with(suffix) {
            f = &f[..f.len() - suffix.len()];
            break;
        }
    }
    f
}

/// The legacy encoding a PDF font's `/BaseFont` names, and whether it is a TCVN3 capitals font
/// (`…H`, whose glyphs show lowercase codes as capitals): `.VnTime`, `VnTimeH-Bold`,
/// `.VnArialH`, `VnCenturySchoolbook` → TCVN3; `VNI-Times`, `VNI-Helve-Condense`, `VNITimes`
/// → VNI. `None` for any other name (the text then decides).
pub fn font_encoding(base_font: &str) -> Option<(TextEncoding, bool)> {
    let fam = family_name(base_font);
    let b = fam.as_bytes();
    // TCVN3 (ABC) families: `.Vn` + a capitalised name.
    if b.len() >= 3 && b[0] == b'V' && b[1] == b'n' && b[2].is_ascii_uppercase() {
        return Some((TextEncoding::Tcvn3, fam.ends_with('H')));
    }
    // VNI families: `VNI-`, `VNI_`, `VNI ` or `VNI` + a capitalised name.
    if b.len() >= 4
        && b[..3].eq_ignore_ascii_case(b"vni")
        && (matches!(b[3], b'-' | b'_' | b' ') || (b[..3] == *b"VNI" && b[3].is_ascii_uppercase()))
    {
        return Some((TextEncoding::Vni, false));
    }
    None
}

/// Decides a font's encoding from a sample of its text (see the module docs): the legacy
/// decoding whose share of readable tokens beats the text as it is by a clear margin, else
/// Unicode. `None` while the sample has too few tokens to tell.
pub fn decide_by_text(sample: &str) -> Option<TextEncoding> {
    let raw = quality::count_tokens(sample);
    let raw_share = raw.share()?;
    let tc = quality::count_tokens(&decode_tcvn3(sample, false));
    let vn = quality::count_tokens(&decode_vni(sample));
    let (best, enc) = if tc.readable * vn.tokens.max(1) >= vn.readable * tc.tokens.max(1) {
        (tc, TextEncoding::Tcvn3)
    } else {
        (vn, TextEncoding::Vni)
    };
    let share = best.share().unwrap_or(0.0);
    if share >= DECIDE_MIN && share >= raw_share + DECIDE_MARGIN {
        Some(enc)
    } else {
        Some(TextEncoding::Unicode)
    }
}

/// What is known about one font of the document.
#[derive(Debug, Default)]
struct FontState {
    /// `/BaseFont` as stored.
    name: String,
    /// Encoding and capitals flag once decided.
    decided: Option<(TextEncoding, bool)>,
    /// No more statistics needed.
    locked: bool,
    /// Text collected for the statistical decision.
    sample: String,
    /// Readable tokens of the decoded text.
    quality: TokenCounts,
    /// Characters of the text as stored, and those in U+0080..=U+00FF.
    chars: usize,
    latin1: usize,
    /// A Vietnamese letter beyond Latin-1 was seen in the text as stored.
    beyond_latin1: bool,
}

/// Decodes the legacy fonts of one PDF, page by page (keep one per document).
#[derive(Default)]
pub struct LegacyPdf {
    fonts: Vec<FontState>,
    by_name: HashMap<String, usize>,
    scratch: PageContent,
    /// Font state index of every font of the current page.
    page_fonts: Vec<usize>,
}

impl LegacyPdf {
    /// A decoder for a new document.
    pub fn new() -> LegacyPdf {
        LegacyPdf::default()
    }

    /// The page with its legacy text decoded: `page` itself when none of its fonts is legacy.
    pub fn page<'p>(&'p mut self, page: &'p PageContent) -> &'p PageContent {
        self.resolve_fonts(page);
        let encs: Vec<(TextEncoding, bool)> = self
            .page_fonts
            .iter()
            .map(|&i| {
                self.fonts
                    .get(i)
                    .and_then(|f| f.decided)
                    .unwrap_or((TextEncoding::Unicode, false))
            })
            .collect();
        let any_legacy = page.glyphs.iter().any(|g| {
            encs.get(g.font as usize)
                .is_some_and(|e| e.0 != TextEncoding::Unicode)
        });
        if !any_legacy {
            self.count_quality(page);
            return page;
        }
        let mut out = std::mem::take(&mut self.scratch);
        decode_glyphs(page, &encs, &mut out);
        restore_dropped_u(page, &encs, &mut out);
        self.count_quality(&out);
        self.scratch = out;
        &self.scratch
    }

    /// Maps the page's fonts to document font states, gathers their text and decides the
    /// fonts whose name does not tell.
    fn resolve_fonts(&mut self, page: &PageContent) {
        self.page_fonts.clear();
        for name in &page.fonts {
            let idx = match self.by_name.get(name) {
                Some(&i) => i,
                None => {
                    let i = self.fonts.len();
                    let decided = if name.is_empty() {
                        Some((TextEncoding::Unicode, false))
                    } else {
                        font_encoding(name)
                    };
                    self.fonts.push(FontState {
                        name: name.clone(),
                        decided,
                        locked: decided.is_some(),
                        ..FontState::default()
                    });
                    self.by_name.insert(name.clone(), i);
                    i
                }
            };
            self.page_fonts.push(idx);
        }
        // The page's text per font, as stored.
        let mut texts: Vec<String> = vec![String::new(); page.fonts.len()];
        for g in &page.glyphs {
            if let Some(t) = texts.get_mut(g.font as usize) {
                if g.kind == GlyphKind::Space {
                    t.push(' ');
                } else {
                    t.push_str(g.text(&page.text));
                }
            }
        }
        for (k, text) in texts.iter().enumerate() {
            let Some(f) = self.page_fonts.get(k).and_then(|&i| self.fonts.get_mut(i)) else {
                continue;
            };
            f.chars += text.chars().filter(|c| !c.is_whitespace()).count();
            f.latin1 += text
                .chars()
                .filter(|&c| ('\u{80}'..='\u{ff}').contains(&c))
                .count();
            let beyond = text.chars().any(is_vietnamese_beyond_latin1);
            f.beyond_latin1 |= beyond;
            // Legacy text never holds a Vietnamese letter beyond Latin-1: a font named like a
            // legacy family whose text does is Unicode after all.
            if beyond && f.decided.is_some_and(|d| d.0 != TextEncoding::Unicode) {
                f.decided = Some((TextEncoding::Unicode, false));
            }
            if f.locked {
                continue;
            }
            if beyond {
                f.decided = Some((TextEncoding::Unicode, false));
                f.locked = true;
                continue;
            }
            if text.is_ascii() {
                continue;
            }
            f.sample.push_str(text);
            f.sample.push(' ');
            if let Some(enc) = decide_by_text(&f.sample) {
                f.decided = Some((enc, false));
                if quality::count_tokens(&f.sample).tokens >= DECIDE_TOKENS {
                    f.locked = true;
                    f.sample = String::new();
                }
            }
        }
    }

    fn count_quality(&mut self, page: &PageContent) {
        let lex = quality::lexicon();
        for (a, b) in word_runs(page) {
            let Some(first) = page.glyphs.get(a) else {
                continue;
            };
            let word: String = page.glyphs[a..b]
                .iter()
                .map(|g| g.text(&page.text))
                .collect();
            let Some(ok) = quality::token_readable(lex, &word) else {
                continue;
            };
            if let Some(f) = self
                .page_fonts
                .get(first.font as usize)
                .and_then(|&i| self.fonts.get_mut(i))
            {
                f.quality.tokens += 1;
                f.quality.readable += usize::from(ok);
            }
        }
    }

    /// The legacy encodings used by the document's text.
    pub fn encodings(&self) -> Vec<TextEncoding> {
        let mut out = Vec::new();
        for f in &self.fonts {
            if let Some((e, _)) = f.decided
                && e != TextEncoding::Unicode
                && f.chars > 0
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
        out
    }

    /// Per-font summary of the decoded text, fonts with text only, most tokens first.
    pub fn report(&self) -> Vec<FontText> {
        let mut out: Vec<FontText> = self
            .fonts
            .iter()
            .filter(|f| f.quality.tokens > 0)
            .map(|f| FontText {
                name: family_display(&f.name),
                encoding: f.decided.map_or(TextEncoding::Unicode, |d| d.0),
                tokens: f.quality.tokens,
                readable: f.quality.readable,
                eight_bit: !f.beyond_latin1 && f.latin1 > 0,
            })
            .collect();
        out.sort_by_key(|f| std::cmp::Reverse(f.tokens));
        out
    }
}

/// The `/BaseFont` without its subset prefix, as shown to users.
fn family_display(base_font: &str) -> String {
    match base_font.split_once('+') {
        Some((pre, rest)) if pre.len() == 6 && pre.bytes().all(|b| b.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => base_font.to_string(),
    }
}

fn push_glyph(out: &mut PageContent, g: &Glyph, text: &str) {
    let start = out.text.len();
    out.text.push_str(text);
    out.glyphs.push(Glyph {
        start: start as u32,
        len: (out.text.len() - start) as u32,
        ..*g
    });
}

/// Copies `page` into `out` with every glyph of a legacy font decoded (VNI base + mark glyphs
/// merged into one).
fn decode_glyphs(page: &PageContent, encs: &[(TextEncoding, bool)], out: &mut PageContent) {
    out.reset(page.page);
    out.width = page.width;
    out.height = page.height;
    out.truncated = page.truncated;
    out.fonts.clone_from(&page.fonts);
    out.hrules.clone_from(&page.hrules);
    out.vrules.clone_from(&page.vrules);
    let enc_of = |g: &Glyph| {
        encs.get(g.font as usize)
            .copied()
            .unwrap_or((TextEncoding::Unicode, false))
    };
    let mut i = 0;
    while let Some(g) = page.glyphs.get(i) {
        let t = g.text(&page.text);
        let (enc, upper) = enc_of(g);
        match enc {
            TextEncoding::Unicode => push_glyph(out, g, t),
            TextEncoding::Tcvn3 => {
                if g.kind == GlyphKind::Space {
                    push_glyph(out, g, t);
                } else {
                    let d = decode_tcvn3(t, upper);
                    let mut merged = *g;
                    merged.kind = GlyphKind::Normal;
                    push_glyph(out, &merged, &d);
                }
            }
            TextEncoding::Vni => {
                let next = page
                    .glyphs
                    .get(i + 1)
                    .filter(|n| n.kind != GlyphKind::Space && enc_of(n).0 == TextEncoding::Vni);
                let mut single = t.chars();
                let base = match (single.next(), single.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                };
                let pair = next.and_then(|n| {
                    let mut m = n.text(&page.text).chars();
                    match (base, m.next(), m.next()) {
                        (Some(b), Some(mk), None) if is_vni_mark(mk) => {
                            vni_pair(b, mk).map(|u| (u, n))
                        }
                        _ => None,
                    }
                });
                if let Some((letter, n)) = pair {
                    let mut merged = *g;
                    merged.w = (n.x1().max(g.x1()) - g.x).max(g.w);
                    merged.kind = GlyphKind::Normal;
                    let mut buf = [0u8; 4];
                    push_glyph(out, &merged, letter.encode_utf8(&mut buf));
                    i += 2;
                    continue;
                }
                if g.kind == GlyphKind::Space {
                    push_glyph(out, g, t);
                } else {
                    push_glyph(out, g, &decode_vni(t));
                }
            }
        }
        i += 1;
    }
}

/// Word runs of a page in content order: consecutive glyphs not separated by a space glyph,
/// a gap, a jump back or a line change, and holding a letter or digit. Returns glyph index
/// ranges.
fn word_runs(page: &PageContent) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_wordy = |g: &Glyph| {
        g.kind == GlyphKind::Mark
            || (g.kind == GlyphKind::Normal
                && g.text(&page.text).chars().any(char::is_alphanumeric))
    };
    for (i, g) in page.glyphs.iter().enumerate() {
        let brk = match (start, i.checked_sub(1).and_then(|p| page.glyphs.get(p))) {
            (Some(_), Some(p)) => {
                let size = g.size.max(p.size).max(1.0);
                !is_wordy(g)
                    || (g.y - p.y).abs() > 0.3 * size
                    || g.x > p.x1() + WORD_GAP * size
                    || g.x < p.x - 0.5 * size
            }
            _ => true,
        };
        if brk {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
            if is_wordy(g) {
                start = Some(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((s, page.glyphs.len()));
    }
    out
}

/// Puts back the TCVN3 `ư` (code 0xAD, a soft hyphen) that the PDF producer dropped.
///
/// Only on pages whose TCVN3 text never shows the code (where it shows, nothing was dropped).
/// Every word of TCVN3 glyphs competes with the same word with one `ư` inserted at each
/// position; a variant wins when it is an inventory syllable whose count, with the
/// administrative word pairs it forms with its neighbours, beats the word as printed
/// [`RESTORE_RATIO`] times (`đợc` → `được`, `ngời` → `người`, `Nh` → `Như`; `cha` stays `cha`
/// unless a pair such as `chưa được` supports `chưa`).
pub fn restore_dropped_u(raw: &PageContent, encs: &[(TextEncoding, bool)], out: &mut PageContent) {
    let tcvn3 = |g: &Glyph| {
        encs.get(g.font as usize)
            .is_some_and(|e| e.0 == TextEncoding::Tcvn3)
    };
    let shown = raw
        .glyphs
        .iter()
        .any(|g| tcvn3(g) && g.text(&raw.text).contains('\u{AD}'));
    if shown {
        return;
    }
    let lex = quality::lexicon();
    join_hyphen_breaks(out, encs, lex);
    let caps_font = |g: &Glyph| encs.get(g.font as usize).is_some_and(|e| e.1);
    // Abbreviations (`đ/c`, `v/v`) and list markers (`c)`, `d.`) are left as printed.
    let marker_or_abbrev = |a: usize, b: usize| {
        let is =
            |p: Option<&Glyph>, what: &[&str]| p.is_some_and(|p| what.contains(&p.text(&out.text)));
        let before = a.checked_sub(1).and_then(|i| out.glyphs.get(i));
        let after = out.glyphs.get(b);
        is(before, &["/"]) || is(after, &["/"]) || (b == a + 1 && is(after, &[")", "."]))
    };
    let runs: Vec<(usize, usize)> = word_runs(out)
        .into_iter()
        .filter(|&(a, b)| {
            let word = &out.glyphs[a..b];
            // All-capitals words of two letters or more outside a capitals font (`KH-UBND`;
            // a capital `Ư` has a code of its own there) are left as printed.
            let text: String = word.iter().map(|g| g.text(&out.text)).collect();
            let caps_word = text.chars().count() >= 2 && !text.chars().any(char::is_lowercase);
            word.iter().all(tcvn3)
                && !marker_or_abbrev(a, b)
                && (word.iter().all(caps_font) || !caps_word)
        })
        .collect();
    let words: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            out.glyphs[a..b]
                .iter()
                .map(|g| g.text(&out.text))
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    // Adjacent words (same line, a space apart) give each other context.
    let adjacent = |k: usize| -> bool {
        let (Some(&(_, b)), Some(&(c, _))) = (runs.get(k), runs.get(k + 1)) else {
            return false;
        };
        c <= b + 2
    };
    let best_alone: Vec<String> = words
        .iter()
        .map(|w| best_variant(lex, w, None, None).unwrap_or_else(|| w.clone()))
        .collect();
    // (run index, glyph index before which `ư` goes)
    let mut inserts: Vec<(usize, usize)> = Vec::new();
    let mut prev_word: Option<String> = None;
    for (k, w) in words.iter().enumerate() {
        let prev = if k > 0 && adjacent(k - 1) {
            prev_word.as_deref()
        } else {
            None
        };
        let next = if adjacent(k) {
            best_alone.get(k + 1).map(String::as_str)
        } else {
            None
        };
        let chosen = match best_variant(lex, w, prev, next) {
            Some(v) => {
                // The insertion point: the first char where the variant differs.
                let pos = w.chars().zip(v.chars()).take_while(|(a, b)| a == b).count();
                let (a, b) = runs[k];
                // Glyph holding char `pos` of the word (glyph texts may be several chars).
                let mut seen = 0;
                let mut at = b;
                for (gi, g) in out.glyphs[a..b].iter().enumerate() {
                    if seen >= pos {
                        at = a + gi;
                        break;
                    }
                    seen += g.text(&out.text).chars().count();
                }
                inserts.push((k, at));
                v
            }
            None => w.clone(),
        };
        prev_word = Some(chosen);
    }
    if inserts.is_empty() {
        return;
    }
    // Rebuild the text buffer with the letters inserted.
    let mut text = String::with_capacity(out.text.len() + inserts.len() * 2);
    let mut glyphs = Vec::with_capacity(out.glyphs.len());
    let mut next_insert = inserts.iter().peekable();
    for (gi, g) in out.glyphs.iter().enumerate() {
        let start = text.len();
        let mut t = g.text(&out.text).to_string();
        while let Some(&&(k, at)) = next_insert.peek() {
            let (a, b) = runs[k];
            if at == b && gi == b - 1 {
                t.push(u_for(&out.glyphs[a..b], &out.text, encs));
            } else if at == gi {
                t.insert(0, u_for(&out.glyphs[a..b], &out.text, encs));
            } else {
                break;
            }
            next_insert.next();
        }
        text.push_str(&t);
        glyphs.push(Glyph {
            start: start as u32,
            len: (text.len() - start) as u32,
            ..*g
        });
    }
    out.text = text;
    out.glyphs = glyphs;
}

/// The TCVN3 `ư` shown as a hyphen: a word the producer broke at the soft hyphen (`ph-` at the
/// end of a line, `ơng` on the next) is joined back (`phương`) when the joined word is an
/// inventory syllable (the hyphen glyph takes `ư` and the continuation, whose glyphs are
/// dropped); a producer that maps code 0xAD to `-` gives `tr-êng` and `Nh- Quúnh`, whose
/// hyphen becomes `ư` under the same test.
fn join_hyphen_breaks(out: &mut PageContent, encs: &[(TextEncoding, bool)], lex: &Lexicon) {
    let tcvn3 = |g: &Glyph| {
        encs.get(g.font as usize)
            .is_some_and(|e| e.0 == TextEncoding::Tcvn3)
    };
    let letter = |g: &Glyph, text: &str| {
        g.kind == GlyphKind::Normal && g.text(text).chars().all(char::is_alphabetic)
    };
    let mut joins: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 1;
    while i < out.glyphs.len() {
        let g = out.glyphs[i];
        let p = out.glyphs[i - 1];
        let size = g.size.max(1.0);
        let glued = p.x1() + WORD_GAP * size >= g.x && (p.y - g.y).abs() <= 0.3 * size;
        if !(tcvn3(&g) && g.text(&out.text) == "-" && letter(&p, &out.text) && tcvn3(&p) && glued) {
            i += 1;
            continue;
        }
        // The word before the hyphen.
        let mut a = i - 1;
        while a > 0 && letter(&out.glyphs[a - 1], &out.text) && tcvn3(&out.glyphs[a - 1]) {
            let (q, r) = (out.glyphs[a - 1], out.glyphs[a]);
            if (q.y - r.y).abs() > 0.3 * size || r.x > q.x1() + WORD_GAP * size {
                break;
            }
            a -= 1;
        }
        let text_of = |r: std::ops::Range<usize>| -> String {
            out.glyphs[r].iter().map(|g| g.text(&out.text)).collect()
        };
        let head = text_of(a..i);
        let upper = head.chars().all(char::is_uppercase) && head.chars().count() >= 2;
        let u = if upper { "Ư" } else { "ư" };
        // What follows: the next line (a break at the hyphen), the rest of the word on the same
        // line (`tr-êng`), or nothing (`Nh- Quúnh`).
        let next = out.glyphs.get(i + 1).copied();
        let wraps =
            next.is_some_and(|n| n.y > g.y + 0.5 * size && n.y < g.y + 3.0 * size && n.x < g.x);
        let inline = next.is_some_and(|n| {
            (n.y - g.y).abs() <= 0.3 * size
                && n.x <= g.x1() + WORD_GAP * size
                && letter(&n, &out.text)
                && tcvn3(&n)
        });
        if wraps || inline {
            let mut e = i + 1;
            while e < out.glyphs.len() && letter(&out.glyphs[e], &out.text) && tcvn3(&out.glyphs[e])
            {
                if e > i + 1 {
                    let (q, r) = (out.glyphs[e - 1], out.glyphs[e]);
                    if (q.y - r.y).abs() > 0.3 * size || r.x > q.x1() + WORD_GAP * size {
                        break;
                    }
                }
                e += 1;
            }
            let letters_end = e;
            // Punctuation glued to a continuation on the next line (`ơng.`) moves with it.
            while wraps
                && e < out.glyphs.len()
                && out.glyphs[e].kind == GlyphKind::Normal
                && e > i + 1
                && (out.glyphs[e].y - out.glyphs[e - 1].y).abs() <= 0.3 * size
                && out.glyphs[e].x <= out.glyphs[e - 1].x1() + WORD_GAP * size
            {
                e += 1;
            }
            let joined = format!("{head}{u}{}", text_of(i + 1..letters_end)).to_lowercase();
            if letters_end > i + 1 && lex.count(&joined) >= RESTORE_MIN {
                if wraps {
                    joins.push((i, e, format!("{u}{}", text_of(i + 1..e))));
                } else {
                    joins.push((i, i + 1, u.to_string()));
                }
                i = e;
                continue;
            }
        } else {
            // A hyphen ending a word: `ư` when the word with it is far likelier (`Nh-` → `Như`,
            // not `tế-` as in `Kinh tế- xã hội`).
            let low = head.to_lowercase();
            let with = format!("{low}{u}").to_lowercase();
            let (c0, c1) = (f64::from(lex.count(&low)), f64::from(lex.count(&with)));
            if c1 >= f64::from(RESTORE_MIN) && c1 >= RESTORE_RATIO * (c0 + 1.0) {
                joins.push((i, i + 1, u.to_string()));
            }
        }
        i += 1;
    }
    if joins.is_empty() {
        return;
    }
    let mut text = String::with_capacity(out.text.len());
    let mut glyphs = Vec::with_capacity(out.glyphs.len());
    let mut k = 0;
    let mut gi = 0;
    while gi < out.glyphs.len() {
        let g = out.glyphs[gi];
        let start = text.len();
        match joins.get(k) {
            Some((at, end, repl)) if *at == gi => {
                text.push_str(repl);
                glyphs.push(Glyph {
                    start: start as u32,
                    len: (text.len() - start) as u32,
                    ..g
                });
                gi = *end;
                k += 1;
                continue;
            }
            _ => {
                text.push_str(g.text(&out.text));
                glyphs.push(Glyph {
                    start: start as u32,
                    len: (text.len() - start) as u32,
                    ..g
                });
            }
        }
        gi += 1;
    }
    out.text = text;
    out.glyphs = glyphs;
}

/// `Ư` in a capitals font or an all-capitals word of two letters or more, else `ư`.
fn u_for(word: &[Glyph], text: &str, encs: &[(TextEncoding, bool)]) -> char {
    let caps_font = word
        .iter()
        .all(|g| encs.get(g.font as usize).is_some_and(|e| e.1));
    let letters: Vec<char> = word
        .iter()
        .flat_map(|g| g.text(text).chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    if caps_font || (letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())) {
        'Ư'
    } else {
        'ư'
    }
}

fn log_score(lex: &Lexicon, w: &str, prev: Option<&str>, next: Option<&str>) -> f64 {
    let mut s = (1.0 + f64::from(lex.count(w))).ln();
    if let Some(p) = prev {
        s += PAIR_WEIGHT * (1.0 + f64::from(lex.pair(p, w))).ln();
    }
    if let Some(n) = next {
        s += PAIR_WEIGHT * (1.0 + f64::from(lex.pair(w, n))).ln();
    }
    s
}

/// The lower-case word with one `ư` inserted that beats the word as printed, if any.
fn best_variant(lex: &Lexicon, w: &str, prev: Option<&str>, next: Option<&str>) -> Option<String> {
    if w.contains('ư') || w.chars().count() > 6 || !w.chars().all(char::is_alphabetic) {
        return None;
    }
    let base = log_score(lex, w, prev, next);
    let mut best: Option<(f64, String)> = None;
    let chars: Vec<char> = w.chars().collect();
    for k in 0..=chars.len() {
        let mut v: String = chars[..k].iter().collect();
        v.push('ư');
        v.extend(&chars[k..]);
        if lex.count(&v) < RESTORE_MIN {
            continue;
        }
        let s = log_score(lex, &v, prev, next);
        if s > base + RESTORE_RATIO.ln() && best.as_ref().is_none_or(|b| s > b.0) {
            best = Some((s, v));
        }
    }
    best.map(|b| b.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page from words `(x, y, text, font)` (`fonts[0]` is the empty name every page has):
    /// one glyph per char, 6 pt wide (VNI mark bytes
    /// zero-width, as VNI fonts draw them), spaces as space glyphs.
    fn page(fonts: &[&str], words: &[(f32, f32, &str, u16)]) -> PageContent {
        let mut p = PageContent::default();
        p.reset(1);
        p.fonts.extend(fonts.iter().skip(1).map(|f| f.to_string()));
        for &(x0, y, text, font) in words {
            let mut x = x0;
            for c in text.chars() {
                let start = p.text.len() as u32;
                p.text.push(c);
                let vni = p.fonts[font as usize].contains("VNI");
                let w = if vni && is_vni_mark(c) { 0.0 } else { 6.0 };
                p.glyphs.push(Glyph {
                    x,
                    y,
                    w,
                    size: 12.0,
                    start,
                    len: c.len_utf8() as u32,
                    kind: if c == ' ' {
                        GlyphKind::Space
                    } else {
                        GlyphKind::Normal
                    },
                    font,
                });
                x += w;
            }
        }
        p
    }

    fn text_of(p: &PageContent) -> String {
        p.glyphs.iter().map(|g| g.text(&p.text)).collect()
    }

    #[test]
    fn tcvn3_glyphs_decode_and_dropped_u_returns() {
        let fonts = ["", "EAAAAA+VnTime", "BAAAAA+VnTimeH-Bold"];
        // `ñy ban` in the capitals font; `thÞ trÊn Nh Quúnh` with the 0xAD glyph dropped.
        let raw = page(
            &fonts,
            &[
                (10.0, 20.0, "ñy ban", 2),
                (10.0, 40.0, "thÞ trÊn Nh Quúnh", 1),
            ],
        );
        let mut d = LegacyPdf::new();
        assert_eq!(text_of(d.page(&raw)), "ỦY BANthị trấn Như Quỳnh");
        assert_eq!(d.encodings(), vec![TextEncoding::Tcvn3]);
    }

    #[test]
    fn tcvn3_u_shown_as_a_hyphen_or_as_the_soft_hyphen() {
        let fonts = ["", "VnTime"];
        // The 0xAD glyph drawn: decoded like any letter, nothing else restored.
        let shown = page(&fonts, &[(10.0, 20.0, "Nh\u{ad} Quúnh ®\u{ad}îc", 1)]);
        assert_eq!(text_of(LegacyPdf::new().page(&shown)), "Như Quỳnh được");
        // Mapped to `-`: inside a word, at its end, and at a line break (`ph-` / `¬ng`).
        let hyphen = page(
            &fonts,
            &[
                (10.0, 20.0, "tr-êng Nh- Quúnh, kinh tÕ- x· héi, ®Þa ph-", 1),
                (10.0, 40.0, "¬ng.", 1),
            ],
        );
        assert_eq!(
            text_of(LegacyPdf::new().page(&hyphen)),
            "trường Như Quỳnh, kinh tế- xã hội, địa phương."
        );
    }

    #[test]
    fn vni_marks_join_their_letter() {
        let fonts = ["", "BAAAAA+VNI-Helve"];
        let raw = page(&fonts, &[(10.0, 20.0, "Keá hoaïch soá 07/KH-UBND", 1)]);
        let mut d = LegacyPdf::new();
        let p = d.page(&raw);
        assert_eq!(text_of(p), "Kế hoạch số 07/KH-UBND");
        // One glyph per letter: the layout cannot put a mark apart from its letter.
        assert_eq!(p.glyphs.len(), "Kế hoạch số 07/KH-UBND".chars().count());
    }

    #[test]
    fn unicode_text_in_a_legacy_named_font_is_left_alone() {
        let fonts = ["", "VNI-Times"];
        let raw = page(
            &fonts,
            &[(10.0, 20.0, "Kế hoạch số 07/KH-UBND của thị trấn", 1)],
        );
        let mut d = LegacyPdf::new();
        assert_eq!(text_of(d.page(&raw)), "Kế hoạch số 07/KH-UBND của thị trấn");
    }

    #[test]
    fn unicode_fonts_are_left_alone() {
        let fonts = ["", "BAAAAA+LiberationSerif"];
        let raw = page(&fonts, &[(10.0, 20.0, "Báo cáo của thị trấn Như Quỳnh", 1)]);
        let mut d = LegacyPdf::new();
        assert!(std::ptr::eq(d.page(&raw), &raw));
        assert!(d.encodings().is_empty());
    }

    #[test]
    fn families_by_name() {
        let t = |n: &str| font_encoding(n);
        assert_eq!(t("EAAAAA+VnTime"), Some((TextEncoding::Tcvn3, false)));
        assert_eq!(t("BAAAAA+VnTimeH"), Some((TextEncoding::Tcvn3, true)));
        assert_eq!(t("CAAAAA+VnTimeH-Bold"), Some((TextEncoding::Tcvn3, true)));
        assert_eq!(t(".VnArialH,Bold"), Some((TextEncoding::Tcvn3, true)));
        assert_eq!(t(".VnArial"), Some((TextEncoding::Tcvn3, false)));
        assert_eq!(t("VnTime-BoldItalic"), Some((TextEncoding::Tcvn3, false)));
        assert_eq!(
            t("#2EVnCenturySchoolbook"),
            Some((TextEncoding::Tcvn3, false))
        );
        assert_eq!(t("BAAAAA+VNI-Times"), Some((TextEncoding::Vni, false)));
        assert_eq!(t("VNI-Helve-Bold"), Some((TextEncoding::Vni, false)));
        assert_eq!(t("VNITimes"), Some((TextEncoding::Vni, false)));
        assert_eq!(t("BAAAAA+LiberationSerif"), None);
        assert_eq!(t("TimesNewRomanPSMT"), None);
        assert_eq!(t("Vnexpress"), None);
        assert_eq!(t("Verdana"), None);
    }

    #[test]
    fn text_decides_unnamed_fonts() {
        let vni = "Baùo caùo keát quaû coâng taùc caûi caùch haønh chính quyù I naêm 2024 cuûa \
                   UBND thò traán Nhö Quyønh, toång soá hoà sô tieáp nhaän trong kyø";
        assert_eq!(decide_by_text(vni), Some(TextEncoding::Vni));
        let tc = "B¸o c¸o kÕt qu¶ c«ng t¸c c¶i c¸ch hµnh chÝnh quý I n¨m 2024 cña UBND thÞ \
                  trÊn Nh\u{ad} Quúnh, tæng sè hå s¬ tiÕp nhËn trong kú";
        assert_eq!(decide_by_text(tc), Some(TextEncoding::Tcvn3));
        let fr = "Le rapport présente les résultats de la réforme administrative du premier \
                  trimestre, le nombre de dossiers reçus et traités à la mairie";
        assert_eq!(decide_by_text(fr), Some(TextEncoding::Unicode));
        assert_eq!(decide_by_text("Baùo caùo"), None);
    }

    #[test]
    fn dropped_u_comes_back_where_the_inventory_says() {
        let lex = quality::lexicon();
        assert_eq!(
            best_variant(lex, "đợc", None, None).as_deref(),
            Some("được")
        );
        assert_eq!(
            best_variant(lex, "ngời", None, None).as_deref(),
            Some("người")
        );
        assert_eq!(best_variant(lex, "nh", None, None).as_deref(), Some("như"));
        assert_eq!(
            best_variant(lex, "trờng", None, None).as_deref(),
            Some("trường")
        );
        // Words that are common as printed stay.
        assert_eq!(best_variant(lex, "và", None, None), None);
        assert_eq!(best_variant(lex, "hơn", None, None), None);
        assert_eq!(best_variant(lex, "lời", None, None), None);
    }
}
