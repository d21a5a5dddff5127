//! # baocao-audit
//!
//! The audit stage: checks one document's figures against each other and against the
//! report's own period and number, driven by `rules.toml` and `identities.toml`
//! ([`rules::RuleBook`]); [`audit`] returns [`baocao_model::Finding`]s.
//!
//! Figures are compared only when they describe the same thing (`scope`: genre.md §6):
//! the same indicator, no qualifier (a sub-area, a level or a PAR-index component is a
//! different quantity), the same window (a previous year's block is not this year), and
//! results only (a target is not a result). A figure of another period is reported once
//! (`period.mismatch`) and then compared only with figures of its own window.
//!
//! Layout: [`book`] parses the settings, [`rules`] is the registry ([`rules::RuleId`]) with
//! one file per rule, `check` holds what the rules share.
//!
//! Left to others: finding the figures and the other mentions the rules read (stated
//! fractions, attachment lines: `baocao-extract`), writing findings (`baocao-dataset`).

#![deny(missing_docs)]

pub mod book;
mod check;
pub mod rules;
mod scope;

use baocao_extract::mentions::Mentions;
use baocao_model::{Finding, Metadata, Value};

pub use rules::ratio_holds;
use rules::{RuleBook, RuleId};

/// Runs every enabled rule over one document, in registry order.
pub fn audit(
    values: &[Value],
    mentions: &Mentions,
    meta: &Metadata,
    book: &RuleBook,
) -> Vec<Finding> {
    let input = check::Input::new(values, mentions, meta, book);
    let mut cx = check::Ctx::default();
    for id in RuleId::ALL {
        if let Some(rule) = book.get(id.as_str()) {
            id.check(&mut cx, rule, &input);
        }
    }
    cx.out
}
