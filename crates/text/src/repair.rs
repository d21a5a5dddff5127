//! OCR diacritic repair: restores Vietnamese words whose diacritics (tone marks, vowel shapes,
//! `đ`), case or spacing an OCR engine damaged, and a few digit confusions next to digits.
//!
//! The model, in short:
//!
//! * **Syllable inventory** (`data/lexicon/syllables.tsv`): every Vietnamese syllable that passes a
//!   phonotactic check (onset + nucleus + coda + tone rules) with its frequency, from the
//!   Vietnamese Wikipedia frequency list plus clean administrative reports. A token is *valid* when
//!   its lower-case form is in the inventory with a count of at least [`VALID_MIN`].
//! * **Word-pair lexicon** (`data/lexicon/bigrams.tsv`): syllable bigrams of clean administrative
//!   text plus hand-written administrative phrases (`phrases.txt`).
//! * **Noisy-channel scorer**: for every suspicious token, candidates are the inventory syllables
//!   with the same *skeleton* (letters with all diacritics removed), plus splits of glued tokens
//!   into syllables and abbreviations. Each candidate costs `-E × edits` (tone changed, vowel
//!   shape changed, `i`/`y`), and a chain of words is decoded with Viterbi under an interpolated
//!   bigram language model. The original form always competes, so valid likely words stay.
//! * **Document level**: [`Repairer::looks_damaged`] gives the share of damaged-looking words. In
//!   *conservative* mode (clean documents) only tokens that cannot be Vietnamese as written are
//!   touched; in *aggressive* mode (damaged documents) valid words may also be replaced when the
//!   word-pair model strongly prefers a close alternative (`Tống số` → `Tổng số`), all-caps ASCII
//!   words get their diacritics back, and table section numbers that lost their dots (`421` after
//!   `4.2`) are restored.
//!
//! Tokens with digits are never changed except clear OCR digit confusions: `ỉ.` opening a numbered
//! item, `O`/`l` inside a run of digits, `= l`, and dot-less section numbers (aggressive only).

use super::chars::{is_alnum, is_alpha, is_lower, is_num, is_upper};
use crate::outline::{Marker, MarkerBody};
use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::char::decompose_canonical;

/// Minimum inventory count for a syllable to count as a valid, likely word.
pub const VALID_MIN: u32 = 100;
/// Share of damaged-looking words above which a document is repaired aggressively.
pub const DAMAGE_THRESHOLD: f64 = 0.0015;

use crate::lexicon_data::{ABBREV, BIGRAMS, SYLLABLES};

/// Minimum inventory count for a syllable to be proposed as a replacement.
const CAND_MIN: u32 = 100;
/// Minimum count of a syllable used as a piece when splitting a glued token.
const SPLIT_MIN: u32 = 2000;
/// Bigram smoothing mass (Dirichlet prior on the unigram distribution).
const BETA: f64 = 3.0;
/// Pseudo-count of a word that is not in the inventory and does not look damaged.
const UNK_CLEAN: f64 = 30.0;
/// Pseudo-count of a word that is not in the inventory and looks damaged.
const UNK_DAMAGED: f64 = 0.3;
/// Log-score cost of one diacritic edit (tone, vowel shape) in aggressive mode (+1 conservative).
const E_COST: f64 = 3.0;
/// Extra log-score cost of replacing a valid, likely word.
const KEEP_VALID: f64 = 3.5;
/// Minimum word-pair count (left + right) before a valid word may give way to another.
const MIN_SUPPORT: u32 = 3;
/// Maximum candidates kept per token (besides the original).
const MAX_CANDS: usize = 8;

/// Counters of one document (or of any span of text), added to by every `repair*` call.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RepairStats {
    /// Word tokens seen (runs of letters).
    pub words: usize,
    /// Word tokens that looked damaged (not Vietnamese as written, OCR artefacts).
    pub suspicious: usize,
    /// Tokens changed (words and digit confusions).
    pub repaired: usize,
}

impl RepairStats {
    /// `ocr_damage`: share of words that looked damaged (0 when no words were seen).
    pub fn ocr_damage(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.suspicious as f64 / self.words as f64
        }
    }
}

/// How hard to repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Clean documents: only tokens that cannot be Vietnamese as written are repaired.
    Conservative,
    /// Damaged documents: valid words can be replaced in context, digits in section numbers fixed.
    Aggressive,
}

impl Mode {
    /// The mode for a document with the given damage share (from [`Repairer::looks_damaged`]).
    pub fn for_damage(share: f64) -> Mode {
        if share >= DAMAGE_THRESHOLD {
            Mode::Aggressive
        } else {
            Mode::Conservative
        }
    }
}

/// Document state carried from one text unit to the next (the repair mode and the last table
/// section number seen, used to restore dot-less section numbers such as `421` → `4.2.1`).
#[derive(Debug, Clone)]
pub struct DocContext {
    /// Repair mode of this document.
    pub mode: Mode,
    last_section: Vec<u32>,
    section_dot: bool,
}

impl DocContext {
    /// A fresh context for one document repaired in `mode`.
    pub fn new(mode: Mode) -> DocContext {
        DocContext {
            mode,
            last_section: Vec::new(),
            section_dot: true,
        }
    }
}

// The lexicon maps hash short strings and integers: FxHash (rustc-hash), not SipHash.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
type FxSet<K> = rustc_hash::FxHashSet<K>;

// ---------------------------------------------------------------------------------------------
// Letters: skeleton, vowel shape, tone.

const SHAPE_NONE: u8 = 0;
const SHAPE_BREVE: u8 = 1;
const SHAPE_CIRC: u8 = 2;
const SHAPE_HORN: u8 = 3;
const SHAPE_STROKE: u8 = 4;
/// Shape unknown (an OCR hook `’` after the letter): any shape matches at no cost.
const SHAPE_ANY: u8 = 9;

/// Decomposes a lower-case letter into (skeleton letter, shape, tone 0..=5).
fn letter_parts(c: char) -> (char, u8, u8) {
    if c.is_ascii() {
        return (c, SHAPE_NONE, 0);
    }
    if c == 'đ' {
        return ('d', SHAPE_STROKE, 0);
    }
    let mut base = c;
    let mut shape = SHAPE_NONE;
    let mut tone = 0u8;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
            return;
        }
        match d {
            '\u{306}' => shape = SHAPE_BREVE,
            '\u{302}' => shape = SHAPE_CIRC,
            '\u{31b}' => shape = SHAPE_HORN,
            '\u{301}' => tone = 1,
            '\u{300}' => tone = 2,
            '\u{309}' => tone = 3,
            '\u{303}' => tone = 4,
            '\u{323}' => tone = 5,
            _ => {}
        }
    });
    (base, shape, tone)
}

/// Skeleton key of a lower-case word: diacritics removed, `y` folded into `i`.
fn skeleton(low: &str) -> String {
    let mut s = String::with_capacity(low.len());
    for c in low.chars() {
        let (b, _, _) = letter_parts(c);
        if is_mark(b) {
            continue;
        }
        s.push(if b == 'y' { 'i' } else { b });
    }
    s
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_hook(c: char) -> bool {
    matches!(c, '’' | '\'' | 'ʼ' | '‘' | '`' | '´')
}

fn has_vn_letter(s: &str) -> bool {
    s.chars().any(|c| {
        if c.is_ascii() {
            return false;
        }
        let l = c.to_lowercase().next().unwrap_or(c);
        let (b, sh, t) = letter_parts(l);
        b.is_ascii_alphabetic() && (sh != SHAPE_NONE || t != 0)
    })
}

/// Analysed observation of one syllable for the channel model.
struct Obs {
    letters: Vec<(char, u8)>,
    tone: u8,
    tones: u8,
    hooked: bool,
}

fn analyse(low: &str, hooks: &[usize]) -> Obs {
    let mut letters = Vec::with_capacity(low.len());
    let mut tone = 0;
    let mut tones = 0;
    for (i, c) in low.chars().filter(|c| !is_mark(*c)).enumerate() {
        let (b, mut sh, t) = letter_parts(c);
        if hooks.contains(&i) {
            sh = SHAPE_ANY;
        }
        if t != 0 {
            tones += 1;
            if tone == 0 {
                tone = t;
            }
        }
        letters.push((b, sh));
    }
    Obs {
        letters,
        tone,
        tones,
        hooked: !hooks.is_empty(),
    }
}

/// Edit cost (in units) between an observation and a candidate with the same skeleton.
fn channel_cost(obs: &Obs, cand: &str) -> f64 {
    let mut cost: f64 = 0.0;
    let mut ctone = 0;
    let mut n = 0;
    for (i, c) in cand.chars().enumerate() {
        let (b, sh, t) = letter_parts(c);
        if t != 0 {
            ctone = t;
        }
        let Some(&(ob, osh)) = obs.letters.get(i) else {
            return 9.0;
        };
        n += 1;
        if osh == SHAPE_ANY {
            if ob != b {
                cost += 0.25;
            }
            continue;
        }
        if ob != b {
            cost += 0.75; // i <-> y
        }
        if osh != sh {
            cost += 1.0;
        }
    }
    if n != obs.letters.len() {
        return 9.0;
    }
    if ctone != obs.tone {
        cost += if obs.hooked { 0.5 } else { 1.0 };
    }
    if obs.tones > 1 {
        cost -= 0.5;
    }
    cost.max(0.0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Title,
    Upper,
    Mixed,
}

fn case_of(s: &str) -> Case {
    let mut up = 0;
    let mut lo = 0;
    let mut first_up = false;
    for (i, c) in s.chars().filter(|c| is_alpha(*c)).enumerate() {
        if is_upper(c) {
            up += 1;
            if i == 0 {
                first_up = true;
            }
        } else if is_lower(c) {
            lo += 1;
        }
    }
    if up == 0 {
        Case::Lower
    } else if lo == 0 {
        if up == 1 { Case::Title } else { Case::Upper }
    } else if first_up && up == 1 {
        Case::Title
    } else {
        Case::Mixed
    }
}

/// The case a repaired mixed-case word is written in (`DựNG` → upper, `cÁc` → lower).
fn mixed_target(s: &str) -> Case {
    let up = s.chars().filter(|c| is_upper(*c)).count();
    let lo = s.chars().filter(|c| is_lower(*c)).count();
    let first_up = s.chars().next().is_some_and(is_upper);
    if up > lo {
        Case::Upper
    } else if first_up {
        Case::Title
    } else {
        Case::Lower
    }
}

/// Removes OCR hooks and maps look-alikes, keeping the case of every letter.
fn clean_keep_case(src: &str) -> String {
    src.chars()
        .filter(|c| !is_hook(*c))
        .map(|c| match c {
            'Ð' => 'Đ',
            'ð' => 'đ',
            c => c,
        })
        .collect()
}

fn apply_case(low: &str, case: Case) -> String {
    match case {
        Case::Lower => low.to_string(),
        Case::Upper => low.to_uppercase(),
        Case::Mixed => low.to_string(),
        Case::Title => {
            let mut out = String::with_capacity(low.len());
            let mut cs = low.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
            }
            out.extend(cs);
            out
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lexicon.

struct Entry {
    form: Box<str>,
    count: u32,
    logp: f32,
    /// Total count of bigrams starting with this word (context mass).
    ctx: u32,
}

/// The OCR repairer: lexicon and scorer, built once, shareable between threads.
pub struct Repairer {
    entries: Vec<Entry>,
    index: FxMap<Box<str>, u32>,
    skel: FxMap<Box<str>, Vec<u32>>,
    bigrams: FxMap<u64, u32>,
    abbrev: FxSet<Box<str>>,
    unk_clean: f32,
    unk_damaged: f32,
    p_ecost: f64,
    p_keep: f64,
    p_beta: f64,
    p_minsup: u32,
}

impl Default for Repairer {
    fn default() -> Self {
        Repairer::new()
    }
}

/// Status of one word token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Valid,
    Abbrev,
    /// In the inventory but rare.
    Rare,
    /// Not in the inventory.
    Unknown,
}

struct Item {
    /// Byte range in the input.
    range: Range<usize>,
    /// Index of the source token (pieces of a split token share it).
    token: usize,
    case: Case,
    low: String,
    id: Option<u32>,
    status: Status,
    suspicious: bool,
    /// Whether the output differs from the input even without a word change (hook, Ð, case).
    cleaned: bool,
    obs: Obs,
    /// Candidates: (lower-case form, id, local log score). Index 0 is the original.
    cands: Vec<(String, Option<u32>, f64)>,
    choice: usize,
}

impl Repairer {
    /// Loads the embedded lexicon (`data/lexicon/syllables.tsv`, `bigrams.tsv`, `abbrev.txt`).
    pub fn new() -> Repairer {
        Repairer::from_data(SYLLABLES, BIGRAMS, ABBREV)
    }

    /// The process-wide repairer, built on first use.
    pub fn shared() -> &'static Repairer {
        static R: OnceLock<Repairer> = OnceLock::new();
        R.get_or_init(Repairer::new)
    }

    /// Builds a repairer from lexicon texts in the formats of `data/lexicon/` (used to evaluate
    /// held-out lexicons). Malformed lines are skipped.
    pub fn from_data(syllables: &str, bigrams: &str, abbrev: &str) -> Repairer {
        let mut entries = Vec::new();
        let mut index: FxMap<Box<str>, u32> = FxMap::default();
        for line in syllables.lines() {
            let mut parts = line.split('\t');
            let (Some(w), Some(c)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Ok(c) = c.trim().parse::<u32>() else {
                continue;
            };
            let w = w.trim().to_lowercase();
            if w.is_empty() || index.contains_key(w.as_str()) {
                continue;
            }
            index.insert(w.clone().into_boxed_str(), entries.len() as u32);
            entries.push(Entry {
                form: w.into_boxed_str(),
                count: c,
                logp: 0.0,
                ctx: 0,
            });
        }
        let total: f64 = entries
            .iter()
            .map(|e| f64::from(e.count))
            .sum::<f64>()
            .max(1.0);
        for e in &mut entries {
            e.logp = ((f64::from(e.count) + 0.5) / total).ln() as f32;
        }
        let mut skel: FxMap<Box<str>, Vec<u32>> = FxMap::default();
        for (i, e) in entries.iter().enumerate() {
            if e.count >= CAND_MIN {
                skel.entry(skeleton(&e.form).into_boxed_str())
                    .or_default()
                    .push(i as u32);
            }
        }
        let mut bi: FxMap<u64, u32> = FxMap::default();
        for line in bigrams.lines() {
            let mut parts = line.split('\t');
            let (Some(pair), Some(c)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Ok(c) = c.trim().parse::<u32>() else {
                continue;
            };
            let mut ws = pair.split(' ');
            let (Some(a), Some(b)) = (ws.next(), ws.next()) else {
                continue;
            };
            let (Some(&ia), Some(&ib)) = (index.get(a), index.get(b)) else {
                continue;
            };
            *bi.entry((u64::from(ia) << 32) | u64::from(ib)).or_default() += c;
            entries[ia as usize].ctx += c;
        }
        let abbrev = abbrev
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.to_string().into_boxed_str())
            .collect();
        Repairer {
            entries,
            index,
            skel,
            bigrams: bi,
            abbrev,
            unk_clean: (UNK_CLEAN / total).ln() as f32,
            unk_damaged: (UNK_DAMAGED / total).ln() as f32,
            p_ecost: E_COST,
            p_keep: KEEP_VALID,
            p_minsup: MIN_SUPPORT,
            p_beta: BETA,
        }
    }

    /// Share (0..1) of the words of `sample` that look OCR-damaged; compare with
    /// [`DAMAGE_THRESHOLD`] (or use [`Mode::for_damage`]) to decide how hard to repair.
    pub fn looks_damaged(&self, sample: &str) -> f64 {
        let mut words = 0usize;
        let mut bad = 0usize;
        for t in tokenize(sample) {
            if t.kind == Kind::Word {
                words += 1;
                let src = &sample[t.range.clone()];
                if !in_address(sample, &t.range) && self.word_status(src).1 {
                    bad += 1;
                }
            }
        }
        if words == 0 {
            0.0
        } else {
            bad as f64 / words as f64
        }
    }

    /// Repairs one piece of NFC text (a paragraph or a table cell), deciding the mode from the
    /// piece itself (conservative unless it is clearly damaged); adds to `stats`.
    pub fn repair(&self, text: &str, stats: &mut RepairStats) -> String {
        self.repair_with_edits(text, stats).0
    }

    /// Same as [`Repairer::repair`], also returning the edits (byte range in the input,
    /// replacement), in order and non-overlapping.
    pub fn repair_with_edits(
        &self,
        text: &str,
        stats: &mut RepairStats,
    ) -> (String, Vec<(Range<usize>, String)>) {
        let mode = self.unit_mode(text);
        let mut ctx = DocContext::new(mode);
        self.repair_in(text, &mut ctx, stats)
    }

    /// Repairs one text unit of a document whose mode and running state are in `ctx` (create
    /// one [`DocContext`] per document, with [`Mode::for_damage`] of [`Repairer::looks_damaged`]
    /// over the document's text). Returns the repaired text and the edits.
    pub fn repair_in(
        &self,
        text: &str,
        ctx: &mut DocContext,
        stats: &mut RepairStats,
    ) -> (String, Vec<(Range<usize>, String)>) {
        let tokens = tokenize(text);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let aggressive = ctx.mode == Mode::Aggressive;

        // Words: analyse, split glued tokens, build chains.
        let mut items: Vec<Item> = Vec::new();
        let mut chains: Vec<Range<usize>> = Vec::new();
        let mut chain_start = 0usize;
        for (ti, t) in tokens.iter().enumerate() {
            match t.kind {
                Kind::Word => {
                    let src = &text[t.range.clone()];
                    stats.words += 1;
                    if in_address(text, &t.range) {
                        // Part of a web or e-mail address: never a word to repair.
                        if items.len() > chain_start {
                            chains.push(chain_start..items.len());
                        }
                        chain_start = items.len();
                        continue;
                    }
                    if self.push_items(src, t.range.start, ti, aggressive, &mut items) {
                        stats.suspicious += 1;
                    }
                }
                Kind::Num => {
                    if items.len() > chain_start {
                        chains.push(chain_start..items.len());
                    }
                    chain_start = items.len();
                }
                Kind::Space => {}
                Kind::Punct => {
                    if items.len() > chain_start {
                        chains.push(chain_start..items.len());
                    }
                    chain_start = items.len();
                }
            }
        }
        if items.len() > chain_start {
            chains.push(chain_start..items.len());
        }

        // Conservative mode only looks for candidates of suspicious words, and only edits a
        // word with another candidate, artefacts to clean or mixed case (splits are aggressive
        // only): a unit with none of these has no word edit, so skip the search.
        let nothing_to_fix = !aggressive
            && items
                .iter()
                .all(|it| !it.suspicious && !it.cleaned && it.case != Case::Mixed);
        if !nothing_to_fix {
            for ch in &chains {
                self.gen_candidates(&mut items[ch.clone()], aggressive);
                self.viterbi(&mut items[ch.clone()]);
            }
        }

        // Word edits, grouped by source token.
        let mut i = 0;
        while !nothing_to_fix && i < items.len() {
            let tok = items[i].token;
            let mut j = i;
            while j < items.len() && items[j].token == tok {
                j += 1;
            }
            let group = &items[i..j];
            let changed = group.len() > 1
                || group
                    .iter()
                    .any(|it| it.choice != 0 || it.cleaned || it.case == Case::Mixed);
            if changed {
                let range = tokens[tok].range.clone();
                let out: Vec<String> = group
                    .iter()
                    .map(|it| {
                        let (form, id) = it
                            .cands
                            .get(it.choice)
                            .map_or((&it.low, it.id), |c| (&c.0, c.1));
                        let valid = id.is_some_and(|i| self.entries[i as usize].count >= VALID_MIN);
                        if it.status == Status::Abbrev
                            || (it.choice == 0 && !it.cleaned && (it.case != Case::Mixed || !valid))
                        {
                            clean_keep_case(&text[it.range.clone()])
                        } else if it.case == Case::Mixed && !valid {
                            // Unknown mixed-case token: only drop the artefacts.
                            clean_keep_case(&text[it.range.clone()])
                        } else {
                            apply_case(
                                form,
                                if it.case == Case::Mixed {
                                    mixed_target(&text[it.range.clone()])
                                } else {
                                    it.case
                                },
                            )
                        }
                    })
                    .collect();
                let rep = out.join(" ");
                if rep != text[range.clone()] {
                    edits.push((range, rep));
                }
            }
            i = j;
        }

        // Digit confusions.
        self.digit_edits(text, &tokens, ctx, &mut edits);
        edits.sort_by_key(|e| e.0.start);
        edits.dedup_by(|b, a| b.0.start < a.0.end);
        stats.repaired += edits.len();

        let mut out = String::with_capacity(text.len() + 16);
        let mut pos = 0;
        for (r, s) in &edits {
            if r.start < pos || r.end > text.len() {
                continue;
            }
            out.push_str(&text[pos..r.start]);
            out.push_str(s);
            pos = r.end;
        }
        out.push_str(&text[pos..]);
        (out, edits)
    }

    fn unit_mode(&self, text: &str) -> Mode {
        let mut words = 0usize;
        let mut bad = 0usize;
        for t in tokenize(text) {
            if t.kind == Kind::Word {
                words += 1;
                if self.word_status(&text[t.range.clone()]).1 {
                    bad += 1;
                }
            }
        }
        // A single damaged word in a short unit is not evidence about its neighbours.
        if words >= 6 && bad * 8 >= words && bad >= 2 {
            Mode::Aggressive
        } else {
            Mode::Conservative
        }
    }

    /// (status, looks damaged) of a raw word token. Damage signals: OCR hooks and look-alike
    /// letters, Vietnamese-looking words that are not (likely) syllables, case flips inside a
    /// syllable. Words glued together (`vàniêm`) occur in clean sources too and do not count.
    fn word_status(&self, src: &str) -> (Status, bool) {
        let (low, hooks, cleaned_chars) = clean_word(src);
        let case = case_of(src);
        let (status, _) = self.status_of(src, &low);
        let suspicious = is_suspicious(status, &low, case, !hooks.is_empty() || cleaned_chars);
        let damaged = suspicious
            && (!hooks.is_empty()
                || cleaned_chars
                || status == Status::Valid
                || self.split(src, true).is_none());
        (status, damaged)
    }

    fn status_of(&self, src: &str, low: &str) -> (Status, Option<u32>) {
        let id = self.index.get(low).copied();
        if self.abbrev.contains(src) {
            return (Status::Abbrev, id);
        }
        match id {
            Some(i) if self.entries[i as usize].count >= VALID_MIN => (Status::Valid, id),
            Some(_) => (Status::Rare, id),
            None => {
                let letters = src.chars().filter(|c| is_alpha(*c)).count();
                let upper = src.chars().filter(|c| is_upper(*c)).count();
                let has_vowel = low.chars().any(|c| {
                    let (b, _, _) = letter_parts(c);
                    matches!(b, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
                });
                if letters >= 2 && upper == letters && !has_vowel {
                    (Status::Abbrev, None)
                } else {
                    (Status::Unknown, None)
                }
            }
        }
    }

    fn push_items(
        &self,
        src: &str,
        start: usize,
        token: usize,
        aggressive: bool,
        items: &mut Vec<Item>,
    ) -> bool {
        let (low, hooks, cleaned_chars) = clean_word(src);
        let case = case_of(src);
        let (status, id) = self.status_of(src, &low);
        let hooked = !hooks.is_empty();
        let suspicious = is_suspicious(status, &low, case, hooked || cleaned_chars);
        let damaged = suspicious
            && (hooked
                || cleaned_chars
                || status == Status::Valid
                || self.split(src, true).is_none());
        // Glued words: split when the whole cannot be a word.
        if matches!(status, Status::Unknown | Status::Rare)
            && !hooked
            && aggressive
            && !self.has_close_family(&low, &hooks)
            && let Some(pieces) = self.split(src, aggressive)
        {
            for r in pieces {
                let piece = &src[r.clone()];
                let plow = piece.to_lowercase();
                let (pst, pid) = self.status_of(piece, &plow);
                items.push(Item {
                    range: start + r.start..start + r.end,
                    token,
                    case: case_of(piece),
                    obs: analyse(&plow, &[]),
                    low: plow,
                    id: pid,
                    status: pst,
                    suspicious: false,
                    cleaned: true,
                    cands: Vec::new(),
                    choice: 0,
                });
            }
            return damaged;
        }
        let cleaned = hooked || cleaned_chars;
        items.push(Item {
            range: start..start + src.len(),
            token,
            case,
            obs: analyse(&low, &hooks),
            low,
            id,
            status,
            suspicious,
            cleaned,
            cands: Vec::new(),
            choice: 0,
        });
        damaged
    }

    /// Whether some likely syllable is one or two diacritic edits away from `low`.
    fn has_close_family(&self, low: &str, hooks: &[usize]) -> bool {
        let obs = analyse(low, hooks);
        self.skel.get(skeleton(low).as_str()).is_some_and(|fam| {
            fam.iter()
                .any(|&i| channel_cost(&obs, &self.entries[i as usize].form) <= 2.0)
        })
    }

    /// Splits a glued token (`SỐTTHCcấpxã`) into syllables and abbreviations; byte ranges.
    fn split(&self, src: &str, aggressive: bool) -> Option<Vec<Range<usize>>> {
        let chars: Vec<(usize, char)> = src.char_indices().collect();
        let n = chars.len();
        if !(4..=40).contains(&n) || chars.iter().any(|(_, c)| !is_alpha(*c)) {
            return None;
        }
        // Without Vietnamese letters only a case change marks a word boundary (`KHUBND` stays
        // one piece unless it splits into known abbreviations): `haiduong` is left alone.
        let case_break = chars
            .windows(2)
            .any(|w| w[0].1.is_lowercase() && w[1].1.is_uppercase())
            || chars
                .windows(2)
                .any(|w| w[0].1.is_uppercase() && w[1].1.is_lowercase())
                && chars.first().is_some_and(|c| c.1.is_uppercase())
                && chars.get(1).is_some_and(|c| c.1.is_uppercase());
        if !(has_vn_letter(src) || case_break || (aggressive && case_of(src) == Case::Upper)) {
            return None;
        }
        let byte = |k: usize| if k < n { chars[k].0 } else { src.len() };
        // best[k] = (pieces, score) for the prefix of k chars.
        let mut best: Vec<Option<(usize, f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0.0, 0));
        for end in 2..=n {
            for st in end.saturating_sub(8)..end.saturating_sub(1) {
                let Some((np, sc, _)) = best[st] else {
                    continue;
                };
                let piece = &src[byte(st)..byte(end)];
                let pc = case_of(piece);
                let piece_score = if self.abbrev.contains(piece) {
                    Some(-6.0)
                } else if pc != Case::Mixed {
                    let low = piece.to_lowercase();
                    self.index
                        .get(low.as_str())
                        .map(|&i| &self.entries[i as usize])
                        .filter(|e| e.count >= SPLIT_MIN)
                        .map(|e| f64::from(e.logp))
                } else {
                    None
                };
                let Some(ps) = piece_score else { continue };
                // A title-case piece may only start the token or follow a lower-case letter.
                if pc == Case::Title
                    && st != 0
                    && piece.chars().count() > 1
                    && !chars[st - 1].1.is_lowercase()
                {
                    continue;
                }
                let cand = (np + 1, sc + ps - 4.0, st);
                if best[end].is_none_or(|b| (cand.0, -cand.1) < (b.0, -b.1)) {
                    best[end] = Some(cand);
                }
            }
        }
        let (np, _, _) = best[n]?;
        if np < 2 {
            return None;
        }
        let mut out = Vec::new();
        let mut k = n;
        while k > 0 {
            let (_, _, st) = best[k]?;
            out.push(byte(st)..byte(k));
            k = st;
        }
        out.reverse();
        Some(out)
    }

    fn logp_uni(&self, id: Option<u32>, suspicious: bool) -> f64 {
        match id {
            Some(i) => f64::from(self.entries[i as usize].logp),
            None => f64::from(if suspicious {
                self.unk_damaged
            } else {
                self.unk_clean
            }),
        }
    }

    /// ln P(w | prev) under the interpolated bigram model.
    fn logp_bi(&self, prev: Option<u32>, w: Option<u32>, w_uni: f64) -> f64 {
        let (Some(p), Some(wi)) = (prev, w) else {
            return w_uni;
        };
        let ctx = f64::from(self.entries[p as usize].ctx);
        if ctx == 0.0 {
            return w_uni;
        }
        let c = self
            .bigrams
            .get(&((u64::from(p) << 32) | u64::from(wi)))
            .copied()
            .unwrap_or(0);
        ((f64::from(c) + self.p_beta * w_uni.exp()) / (ctx + self.p_beta)).ln()
    }

    fn bigram_count(&self, a: Option<u32>, b: Option<u32>) -> u32 {
        match (a, b) {
            (Some(a), Some(b)) => self
                .bigrams
                .get(&((u64::from(a) << 32) | u64::from(b)))
                .copied()
                .unwrap_or(0),
            _ => 0,
        }
    }

    fn gen_candidates(&self, chain: &mut [Item], aggressive: bool) {
        let e_cost = if aggressive {
            self.p_ecost
        } else {
            self.p_ecost + 1.0
        };
        let keep_valid = self.p_keep;
        let n = chain.len();
        for k in 0..n {
            let prev_id = if k > 0 { chain[k - 1].id } else { None };
            let next_id = chain.get(k + 1).and_then(|i| i.id);
            let it = &chain[k];
            let mut cands: Vec<(String, Option<u32>, f64)> = vec![(it.low.clone(), it.id, 0.0)];
            let nchars = it.low.chars().count();
            let consider = nchars >= 2
                && match it.status {
                    Status::Abbrev => false,
                    Status::Valid => aggressive || it.suspicious,
                    Status::Rare | Status::Unknown => it.suspicious || (aggressive && nchars <= 7),
                };
            // Plain-ASCII unknown words (names, English, abbreviations) need word-pair evidence
            // unless written in capitals (`QUYEN` → `QUYỀN`).
            let need_support =
                !it.suspicious && (it.status == Status::Valid || it.case != Case::Upper);
            if consider && let Some(fam) = self.skel.get(skeleton(&it.low).as_str()) {
                let mut scored: Vec<(f64, u32, f64)> = Vec::new();
                for &id in fam {
                    let e = &self.entries[id as usize];
                    if *e.form == *it.low {
                        continue;
                    }
                    let strength =
                        self.bigram_count(prev_id, Some(id)) + self.bigram_count(Some(id), next_id);
                    let support = strength >= 1;
                    if need_support && !support {
                        continue;
                    }
                    // A valid word gives way only to a pair seen more than once.
                    if it.status == Status::Valid && !it.suspicious && strength < self.p_minsup {
                        continue;
                    }
                    let cost = channel_cost(&it.obs, &e.form);
                    if cost > 2.5 {
                        continue;
                    }
                    let mut local = -e_cost * cost;
                    if it.status == Status::Valid && !it.suspicious {
                        // A valid word is only replaced with word-pair evidence.
                        local -= keep_valid;
                    }
                    let rank = f64::from(e.logp) + local + if support { 10.0 } else { 0.0 };
                    scored.push((rank, id, local));
                }
                scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                for &(_, id, local) in scored.iter().take(MAX_CANDS) {
                    cands.push((self.entries[id as usize].form.to_string(), Some(id), local));
                }
            }
            chain[k].cands = cands;
        }
    }

    fn viterbi(&self, chain: &mut [Item]) {
        if chain.iter().all(|i| i.cands.len() <= 1) {
            return;
        }
        // score[k][c], back[k][c]
        let mut scores: Vec<Vec<f64>> = Vec::with_capacity(chain.len());
        let mut back: Vec<Vec<usize>> = Vec::with_capacity(chain.len());
        for (k, it) in chain.iter().enumerate() {
            let mut sk = Vec::with_capacity(it.cands.len());
            let mut bk = Vec::with_capacity(it.cands.len());
            for (_, id, local) in &it.cands {
                let uni = self.logp_uni(*id, it.suspicious);
                if k == 0 {
                    sk.push(uni + local);
                    bk.push(0);
                    continue;
                }
                let prev = &chain[k - 1];
                let mut best = f64::NEG_INFINITY;
                let mut arg = 0;
                for (pc, (_, pid, _)) in prev.cands.iter().enumerate() {
                    let s = scores[k - 1][pc] + self.logp_bi(*pid, *id, uni);
                    if s > best {
                        best = s;
                        arg = pc;
                    }
                }
                sk.push(best + local);
                bk.push(arg);
            }
            scores.push(sk);
            back.push(bk);
        }
        let last = chain.len() - 1;
        let mut c = scores[last]
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i)
            .unwrap_or(0);
        for k in (0..=last).rev() {
            chain[k].choice = c;
            c = back[k].get(c).copied().unwrap_or(0);
        }
    }

    fn digit_edits(
        &self,
        text: &str,
        tokens: &[Token],
        ctx: &mut DocContext,
        edits: &mut Vec<(Range<usize>, String)>,
    ) {
        let aggressive = ctx.mode == Mode::Aggressive;
        for (ti, t) in tokens.iter().enumerate() {
            if t.kind != Kind::Num && text[t.range.clone()].chars().nth(1).is_some() {
                continue;
            }
            let src = &text[t.range.clone()];
            let at_line_start = line_start(text, t.range.start);
            let next_text = &text[t.range.end..];
            match t.kind {
                Kind::Num => {
                    // O/o/l inside digit runs: "2O24" -> "2024".
                    if src.chars().any(|c| c.is_ascii_digit())
                        && src.chars().count() >= 2
                        && src
                            .chars()
                            .all(|c| c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'l'))
                        && src.chars().any(|c| !c.is_ascii_digit())
                    {
                        let rep: String = src
                            .chars()
                            .map(|c| match c {
                                'O' | 'o' => '0',
                                'l' => '1',
                                c => c,
                            })
                            .collect();
                        edits.push((t.range.clone(), rep));
                        continue;
                    }
                    if src.chars().all(|c| c.is_ascii_digit()) {
                        self.section_number(text, tokens, ti, at_line_start, ctx, edits);
                    }
                }
                Kind::Word => {
                    // "ỉ." opening a numbered item.
                    let one_like =
                        matches!(src, "ỉ" | "ì" | "í" | "ị" | "ĩ") || (aggressive && src == "l");
                    if one_like
                        && at_line_start
                        && next_text.starts_with(['.', ')'])
                        && next_text[1..].starts_with(char::is_whitespace)
                    {
                        edits.push((t.range.clone(), "1".to_string()));
                        continue;
                    }
                    // "= l" -> "= 1"
                    if aggressive
                        && matches!(src, "l" | "ỉ" | "I")
                        && text[..t.range.start].trim_end().ends_with('=')
                        && !next_text.starts_with(is_alnum)
                    {
                        edits.push((t.range.clone(), "1".to_string()));
                    }
                }
                _ => {}
            }
        }
    }

    /// Tracks dotted section numbers and restores dot-less ones that continue the numbering.
    fn section_number(
        &self,
        text: &str,
        tokens: &[Token],
        ti: usize,
        at_line_start: bool,
        ctx: &mut DocContext,
        edits: &mut Vec<(Range<usize>, String)>,
    ) {
        // A dotted number starting at this token: digits ('.' digits)* '.'?, read by the outline
        // marker parser; a number glued to letters ("3a", "3.3a") is none.
        if ti > 0 {
            let prev = &text[tokens[ti - 1].range.clone()];
            if tokens[ti - 1].kind == Kind::Punct
                && prev.ends_with('.')
                && ti >= 2
                && tokens[ti - 2].kind == Kind::Num
            {
                return; // inside a dotted number already handled
            }
        }
        let start = tokens[ti].range.start;
        let Some(run) = dotted_number_at(&text[start..]) else {
            return;
        };
        let Some(Marker {
            body: MarkerBody::Number(digits),
            close,
        }) = Marker::parse(run)
        else {
            return;
        };
        let Ok(parts) = digits
            .iter()
            .map(|d| d.parse::<u32>())
            .collect::<Result<Vec<u32>, _>>()
        else {
            return;
        };
        let trailing_dot = close == Some('.');
        let glued = parts.len() == 1
            && trailing_dot
            && ctx.mode == Mode::Aggressive
            && (11..100).contains(&parts[0])
            && !plausible_next(&ctx.last_section, &parts)
            && plausible_next(&ctx.last_section, &[parts[0] / 10, parts[0] % 10]);
        if !glued
            && (parts.len() >= 2
                || (parts.len() == 1 && trailing_dot && parts[0] < 20 && at_line_start))
        {
            if parts.iter().all(|&p| p < 30) {
                ctx.last_section = parts;
                ctx.section_dot = trailing_dot;
            }
            return;
        }
        if ctx.mode != Mode::Aggressive || parts.len() != 1 || !at_line_start {
            return;
        }
        let t = &tokens[ti];
        let s = &text[t.range.clone()];
        let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        if !(2..=4).contains(&digits.len()) || digits.contains(&0) {
            return;
        }
        // What follows must end the cell: nothing, '.', ',', ')' then space/'|'/end.
        let after = &text[t.range.end..];
        let (punct_len, ok) = match after.chars().next() {
            None => (0, true),
            Some(c) if c.is_whitespace() || c == '|' => (0, true),
            Some('.' | ',' | ')') => {
                let rest = &after[1..];
                (
                    1,
                    rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c == '|'),
                )
            }
            _ => (0, false),
        };
        if !ok {
            return;
        }
        let last = &ctx.last_section;
        if last.is_empty() || !plausible_next(last, &digits) {
            return;
        }
        let mut rep = digits
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(".");
        if ctx.section_dot {
            rep.push('.');
        }
        edits.push((t.range.start..t.range.end + punct_len, rep));
        ctx.last_section = digits;
    }
}

/// Whether the token at `r` is glued to `.`, `@` or `_` that continue an address
/// (`ngocky.haiduong.gov.vn`, `a@b.vn`); `/` is not, it separates document numbers (`21/QĐ`).
fn in_address(text: &str, r: &Range<usize>) -> bool {
    let glue = |c: char| matches!(c, '.' | '@' | '_');
    let mut before = text[..r.start].chars().rev();
    let prev_glued = before.next().is_some_and(glue) && before.next().is_some_and(is_alnum);
    let mut after = text[r.end..].chars();
    let next_glued = after.next().is_some_and(glue) && after.next().is_some_and(is_alnum);
    prev_glued || next_glued
}

/// Whether only spaces or table bars precede byte `pos` on its line.
fn line_start(text: &str, pos: usize) -> bool {
    text[..pos]
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .all(|c| c.is_whitespace() || c == '|')
}

/// Whether `cand` plausibly follows section number `last` (first child, next sibling at any
/// level, or the same number repeated by a repeated table header).
fn plausible_next(last: &[u32], cand: &[u32]) -> bool {
    let n = cand.len();
    if n == 0 {
        return false;
    }
    // First or second child: 4.2 -> 4.2.1 / 4.2.2.
    if n == last.len() + 1 && cand[..n - 1] == *last && (1..=2).contains(&cand[n - 1]) {
        return true;
    }
    // Next sibling at level j (skipping at most one), then first children: 4.1.2 -> 4.2, 4.2.1, 5.1.
    (0..n.min(last.len())).any(|j| {
        cand[..j] == last[..j]
            && (cand[j] == last[j] + 1 || cand[j] == last[j] + 2)
            && cand[j + 1..].iter().all(|&d| d == 1)
    })
}

/// Lower-cases a word, maps OCR look-alikes (Ð → Đ) and removes hooks (`O’` → `o` with an
/// unknown shape). Returns (lower-case form, char indices of hooked letters, whether
/// characters were mapped or removed).
fn clean_word(src: &str) -> (String, Vec<usize>, bool) {
    let mut low = String::with_capacity(src.len());
    let mut hooks = Vec::new();
    let mut changed = false;
    let mut n = 0usize;
    for c in src.chars() {
        if is_hook(c) {
            if n > 0 {
                hooks.push(n - 1);
            }
            changed = true;
            continue;
        }
        if is_mark(c) {
            low.push(c);
            continue;
        }
        let c = match c {
            'Ð' | 'ð' => {
                changed = true;
                'đ'
            }
            c => c,
        };
        for l in c.to_lowercase() {
            low.push(l);
        }
        n += 1;
    }
    (low, hooks, changed)
}

fn is_suspicious(status: Status, low: &str, case: Case, artefact: bool) -> bool {
    if artefact {
        return true;
    }
    match status {
        Status::Abbrev | Status::Valid => case == Case::Mixed && has_vn_letter(low),
        Status::Rare | Status::Unknown => has_vn_letter(low),
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Space,
    Punct,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    range: Range<usize>,
}

fn is_hook_vowel(c: char) -> bool {
    let l = c.to_lowercase().next().unwrap_or(c);
    let (b, _, _) = letter_parts(l);
    matches!(b, 'o' | 'u' | 'i' | 'y' | 'O' | 'U')
}

/// The dotted number at the start of `s` (`12`, `3.3.1`, `2.` with its closing dot), or
/// `None` when it runs into a letter or mark ("3a", "3.3a").
fn dotted_number_at(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let mut end = 0;
    loop {
        let digits = b[end..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        end += digits;
        let dot_digit = b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !dot_digit {
            break;
        }
        end += 1;
    }
    if s[end..]
        .chars()
        .next()
        .is_some_and(|c| is_alnum(c) || is_mark(c))
    {
        return None;
    }
    if b.get(end) == Some(&b'.') {
        end += 1;
    }
    Some(&s[..end])
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_alnum(c) {
            let mut end = i + c.len_utf8();
            let mut digit = is_num(c);
            let mut prev = c;
            while let Some(&(j, d)) = it.peek() {
                if is_alnum(d) || is_mark(d) {
                    digit |= is_num(d);
                } else if is_hook(d) && is_hook_vowel(prev) && !digit {
                    // OCR hook on o/u ("CO’"): part of the word when it is not a quote.
                    let next = text[j + d.len_utf8()..].chars().next();
                    let quote_like = d == '\'' && next.is_some_and(is_alpha);
                    if quote_like && !matches!(prev, 'o' | 'u' | 'O' | 'U') {
                        break;
                    }
                } else {
                    break;
                }
                end = j + d.len_utf8();
                prev = d;
                it.next();
            }
            out.push(Token {
                kind: if digit { Kind::Num } else { Kind::Word },
                range: i..end,
            });
        } else if c.is_whitespace() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Token {
                kind: Kind::Space,
                range: i..end,
            });
        } else {
            out.push(Token {
                kind: Kind::Punct,
                range: i..i + c.len_utf8(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aggressive(text: &str) -> String {
        let mut st = RepairStats::default();
        let mut ctx = DocContext::new(Mode::Aggressive);
        Repairer::shared().repair_in(text, &mut ctx, &mut st).0
    }

    fn auto(text: &str) -> String {
        let mut st = RepairStats::default();
        Repairer::shared().repair(text, &mut st)
    }

    #[test]
    fn repairs_damaged_words_in_any_document() {
        assert_eq!(
            auto("Kết quả thống kê Đon vị tính Số liệu"),
            "Kết quả thống kê Đơn vị tính Số liệu"
        );
        assert_eq!(
            auto("Thực hiện CO’ chế một cửa, một cửa liên thông"),
            "Thực hiện CƠ chế một cửa, một cửa liên thông"
        );
        assert_eq!(
            auto("Thực hiện co’ chế một cửa"),
            "Thực hiện cơ chế một cửa"
        );
        assert_eq!(
            auto("XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN SÓ"),
            "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN SỐ"
        );
        assert_eq!(
            auto("Chỉ tiêu thống kê (Sử dụng trong kị’ báo cáo hàng quý)"),
            "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý)"
        );
        assert_eq!(
            auto("Số hồ sơ TTHC giải quyết đủng hạn"),
            "Số hồ sơ TTHC giải quyết đúng hạn"
        );
        assert_eq!(
            auto("ỉ. Kết quả giải quyết thủ tục hành chính"),
            "1. Kết quả giải quyết thủ tục hành chính"
        );
        assert_eq!(
            auto("Số văn bản chỉ đạo, ĐIÈU HÀNH"),
            "Số văn bản chỉ đạo, ĐIỀU HÀNH"
        );
    }

    #[test]
    fn repairs_in_damaged_documents() {
        assert_eq!(aggressive("CẢI CÁCH THẺ CHẾ"), "CẢI CÁCH THỂ CHẾ");
        assert_eq!(
            aggressive("sử dụng phần mềm phiên bản mói nhất của tĩnh"),
            "sử dụng phần mềm phiên bản mới nhất của tỉnh"
        );
        assert_eq!(
            aggressive("Tống số hồ sơ tiếp nhận"),
            "Tổng số hồ sơ tiếp nhận"
        );
        assert_eq!(aggressive("SỐTTHCcấpxã"), "SỐ TTHC cấp xã");
        assert_eq!(
            aggressive("Số văn bản cần phải xử lý sau kiếm tra"),
            "Số văn bản cần phải xử lý sau kiểm tra"
        );
        assert_eq!(aggressive("Đã kết nối = l"), "Đã kết nối = 1");
        assert_eq!(
            aggressive("Quyết định số 21/QÐ-UBND"),
            "Quyết định số 21/QĐ-UBND"
        );
        assert_eq!(
            aggressive("ngày 15 tháng 3 năm 2O24"),
            "ngày 15 tháng 3 năm 2024"
        );
    }

    #[test]
    fn restores_section_numbers_with_document_context() {
        let r = Repairer::shared();
        let mut st = RepairStats::default();
        let mut ctx = DocContext::new(Mode::Aggressive);
        let units = [
            "4.2 | Tỷ lệ văn bản",
            "421",
            "Tỷ lệ sử dụng văn bản điện tử",
            "422",
            "Thủ tục 88",
            "1058",
        ];
        let out: Vec<String> = units
            .iter()
            .map(|u| r.repair_in(u, &mut ctx, &mut st).0)
            .collect();
        assert_eq!(
            out,
            [
                "4.2 | Tỷ lệ văn bản",
                "4.2.1",
                "Tỷ lệ sử dụng văn bản điện tử",
                "4.2.2",
                "Thủ tục 88",
                "1058"
            ]
        );
        // Conservative documents keep every number.
        let mut ctx = DocContext::new(Mode::Conservative);
        let out: Vec<String> = units
            .iter()
            .map(|u| r.repair_in(u, &mut ctx, &mut st).0)
            .collect();
        assert_eq!(out, units);
    }

    const CLEAN: &[&str] = &[
        "Ủy ban nhân dân thị trấn Như Quỳnh báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2024, cụ thể như sau:",
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "Thực hiện Công văn hướng dẫn của Uỷ ban nhân dân huyện Tứ Kỳ về việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ.",
        "Tổng số hồ sơ TTHC đã giải quyết xong: 1601 hồ sơ, trong đó giải quyết đúng hạn 1598 hồ sơ, trước hạn 3 hồ sơ.",
        "Tỷ lệ hồ sơ giải quyết trực tuyến đạt 98,5%; không có hồ sơ quá hạn phải xin lỗi người dân.",
        "UBND xã đã ban hành Kế hoạch số 52/KH-UBND ngày 30/12/2022 về tuyên truyền cải cách hành chính.",
        "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả.",
        "Công khai địa chỉ tiếp nhận phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính.",
        "Rà soát văn bản quy phạm pháp luật do HĐND, UBND xã ban hành; kiểm tra văn bản QPPL sau khi ban hành.",
        "Số TTHC đang cung cấp trực tuyến mức độ 3, 4 trên Cổng dịch vụ công quốc gia và Cổng DVC của tỉnh.",
        "Tổng số biên chế được giao: 23 người; số người đã tinh giản trong kỳ báo cáo: 0 người.",
        "Đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên và chi đầu tư.",
        "Việc xây dựng quy chế chi tiêu nội bộ: UBND thị trấn đã ban hành quy chế chi tiêu nội bộ năm 2024.",
        "100% văn bản đi, đến được số hóa và ký số, gửi trên môi trường điện tử.",
        "Đội ngũ cán bộ, công chức có thái độ đúng mực trong giao tiếp, không có hiện tượng gây phiền hà, sách nhiễu.",
        "Đã và đang từng bước hoàn thiện chính quyền điện tử, chính quyền số.",
        "Cán bộ, công chức tự học, tự rèn, tự nâng cao năng lực chuyên môn nghiệp vụ.",
        "Cải tạo, sửa chữa cơ sở vật chất trường mầm non thị trấn (điểm trường thôn Hành Lạc).",
        "Cấp có thẩm quyền chỉnh sửa, bổ sung là 0 thủ tục.",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024",
        "Nơi nhận: - UBND huyện (để b/c); - Lưu: VT, VP.",
        "Chỉ số hài lòng của người dân (SIPAS) và chỉ số PAPI, PAR INDEX năm 2023.",
        "Ứng dụng VNeID, thanh toán trực tuyến qua Zalo, email và website của xã.",
        "Hoàn thành = 1; chưa hoàn thành = 0",
        "3.3.1. | Tổng số hồ sơ TTHC đã giải quyết xong | Hồ sơ | 1601",
    ];

    #[test]
    fn leaves_clean_sentences_alone() {
        for s in CLEAN {
            assert_eq!(&auto(s), s, "conservative");
            assert_eq!(&aggressive(s), s, "aggressive");
        }
        let r = Repairer::shared();
        for s in CLEAN {
            assert!(r.looks_damaged(s) < DAMAGE_THRESHOLD, "{s}");
        }
    }

    #[test]
    fn edits_reproduce_the_output_and_stats_count() {
        let r = Repairer::shared();
        let mut st = RepairStats::default();
        let text = "Kết quả thống kê Đon vị tính, giải quyết đủng hạn";
        let (out, edits) = r.repair_with_edits(text, &mut st);
        let mut rebuilt = String::new();
        let mut pos = 0;
        for (rg, s) in &edits {
            rebuilt.push_str(&text[pos..rg.start]);
            rebuilt.push_str(s);
            pos = rg.end;
        }
        rebuilt.push_str(&text[pos..]);
        assert_eq!(rebuilt, out);
        assert_eq!(edits.len(), 2);
        assert_eq!(st.repaired, 2);
        assert_eq!(st.suspicious, 2);
        assert_eq!(st.words, 11);
        assert!(st.ocr_damage() > 0.1);
    }

    #[test]
    fn fuzz_never_panics() {
        let alphabet: Vec<char> = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÐðñšŒ0123456789 .,;:|/()-=’'`\n\t\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}%\"😀"
            .chars()
            .collect();
        let r = Repairer::shared();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..3000 {
            let len = (round % 60) + 1;
            let mut s = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let mut st = RepairStats::default();
            let (out, edits) = r.repair_with_edits(&s, &mut st);
            let _ = r.looks_damaged(&s);
            let mut ctx = DocContext::new(Mode::Aggressive);
            let (out2, edits2) = r.repair_in(&s, &mut ctx, &mut st);
            for (rg, _) in edits.iter().chain(edits2.iter()) {
                assert!(rg.start <= rg.end && rg.end <= s.len());
            }
            assert!(out.len() <= s.len() * 4 + 16 && out2.len() <= s.len() * 4 + 16);
        }
    }
}
