//! The lexicon files of `data/lexicon/` (built by `tools/build_lexicon.py`), embedded once
//! for the OCR repair and the text-quality measure.

/// Syllable inventory: `syllable<TAB>count`.
pub const SYLLABLES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/lexicon/syllables.tsv"
));
/// Word pairs of clean administrative text: `a b<TAB>count`.
pub const BIGRAMS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/lexicon/bigrams.tsv"
));
/// Known abbreviations, one per line.
pub const ABBREV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/lexicon/abbrev.txt"
));
