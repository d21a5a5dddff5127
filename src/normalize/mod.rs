//! Normalization stage: legacy encodings to Unicode, NFC and tone placement, and the folded
//! form patterns match on.

pub mod chars;
pub mod encoding;
pub mod fold;
pub mod layout;
pub mod quality;
pub mod repair;
pub mod unicode;

pub use fold::{Folded, fold, fold_with_map};
pub use unicode::normalize;
