//! Across documents: which files are one report ([`ReportRole`], set on each documents row),
//! the facts (one chosen figure per report, indicator, qualifier, period and kind) that
//! facts.parquet, wide.parquet and the cross-report audit read, and what the end of a run
//! hands from the dataset to the report ([`RunTables`]).

use crate::record::DocRecord;
use crate::{Date, Finding, MeasureUnit, ValueKind};

/// The prefix of every cross-report rule id (`panel.cumulative_decrease`): findings.parquet
/// lists them after every document's own findings.
pub const PANEL_RULE_PREFIX: &str = "panel.";

named_enum! {
    /// How a file stands among the files of one report (documents.parquet `report_role`).
    ReportRole {
        /// The file a report's facts come from: born-digital over scan, DOCX over its PDF,
        /// Unicode over a legacy encoding.
        Primary = "primary",
        /// Another file of the same report (its PDF, a scan, a legacy-encoded copy).
        Copy = "copy",
    }
}

// named_enum! derives no Default (most of its enums have none).
#[allow(clippy::derivable_impls)]
impl Default for ReportRole {
    fn default() -> Self {
        ReportRole::Primary
    }
}

named_enum! {
    /// How a fact's value was chosen among its mentions (facts.parquet `rule`).
    FactRule {
        /// One mention.
        Single = "single",
        /// Every mention gives the same figure.
        AllAgree = "all_agree",
        /// The mentions disagree and the report's tables (the appendix) agree among
        /// themselves: the table figure, the official one, is chosen over the narrative.
        TableOverText = "table_over_text",
        /// The mentions disagree: the figure most of them give.
        Majority = "majority",
        /// No majority: the mention of highest confidence, then the first.
        HighestConfidence = "highest_confidence",
    }
}

/// One row of facts.parquet: the figure a dashboard shows for a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The report (documents.parquet `report_id`).
    pub report_id: String,
    /// The primary file the mentions come from.
    pub doc_id: String,
    /// Catalogue indicator id.
    pub indicator: String,
    /// What narrows the figure (area, field of work, level), if anything.
    pub qualifier: Option<String>,
    /// First day the figure covers: the mention's own window, else the report's period.
    pub period_start: Option<Date>,
    /// Last day the figure covers.
    pub period_end: Option<Date>,
    /// Result or target.
    pub kind: ValueKind,
    /// The chosen figure, in the catalogue's unit.
    pub value: f64,
    /// The catalogue's unit.
    pub unit: MeasureUnit,
    /// How it was chosen.
    pub rule: FactRule,
    /// Mentions of this quantity in the primary file.
    pub n_mentions: i64,
    /// Whether every mention gives the same figure.
    pub agree: bool,
    /// values.parquet `value_id`s of the mentions, in document order.
    pub value_ids: Vec<String>,
    /// The distinct figures the mentions give (sorted), for messages.
    pub values_seen: Vec<f64>,
}

/// What the dataset computes once every document is in, handed to the report when the
/// dataset is written: the same rows as documents.parquet, facts.parquet and the `panel.*`
/// rows of findings.parquet.
#[derive(Debug, Clone, Default)]
pub struct RunTables {
    /// Every documents row in path order, with its report grouping (`report_id`,
    /// `report_role`, `primary_doc_id`) set.
    pub docs: Vec<DocRecord>,
    /// The facts of the primary files (facts.parquet's rows), in document order.
    pub facts: Vec<Fact>,
    /// The cross-report findings, each with the `doc_id` it belongs to (the document whose
    /// figure is in doubt), in the order findings.parquet lists them.
    pub panel: Vec<(String, Finding)>,
}

/// Whether a fact covers its report's own period (not a figure the report quotes for
/// another window).
pub fn own_window(f: &Fact, d: &crate::record::DocRecord) -> bool {
    (f.period_start, f.period_end) == (d.meta.period_start, d.meta.period_end)
}
