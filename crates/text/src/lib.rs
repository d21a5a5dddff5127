//! # baocao-text
//!
//! The text stage: from a reader's [`baocao_model::Document`] to text units patterns can
//! match. Main pieces: [`encoding`] (TCVN3/VNI legacy text to Unicode, per font run),
//! [`unicode::normalize`] (NFC, one tone placement, quotes and spaces), [`layout::units`]
//! (paragraphs and table rows as [`layout::Unit`]s with their heading path),
//! [`repair`] (OCR diacritic repair with a syllable model) and [`fold()`] (the lower-case,
//! diacritic-free form with a byte map back to the text).
//!
//! Left to others: reading bytes (`baocao-read`) and what the text means (`baocao-extract`).

#![deny(missing_docs)]

pub mod chars;
pub mod encoding;
pub mod fold;
pub mod layout;
pub mod lexicon_data;
pub mod outline;
pub mod quality;
pub mod repair;
pub mod unicode;

pub use fold::{Folded, fold, fold_with_map};
pub use unicode::normalize;
