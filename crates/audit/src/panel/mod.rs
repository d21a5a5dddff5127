//! The cross-report audit and report identity: which files are one report
//! ([`reports::assign`]) and the `panel.*` rules that compare reports of one locality
//! ([`audit_panel`]), read from the facts (one chosen figure per report, indicator,
//! qualifier, period and kind; built by `baocao-dataset`).
//!
//! A panel finding belongs to the document whose figure is in doubt (the later report, the
//! copy) and lists every document involved in [`Finding::doc_ids`]. The rules compare the
//! reports of one locality ([`localities`], by [`locality_key`]); report.html's locality
//! pages use the same grouping.

pub mod reports;

mod copy_disagrees;
mod cumulative_decrease;
mod number_reused;
mod restated_differs;

use std::collections::HashMap;

use baocao_model::panel::{Fact, ReportRole};
use baocao_model::record::DocRecord;
use baocao_model::{Date, Finding, ValueKind, fmt_num};

use crate::book::{Rule, RuleBook, render};

/// Every cross-report rule; the stable id written in findings is [`PanelRuleId::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PanelRuleId {
    /// A year-to-date count smaller than the same locality's earlier report of that year.
    CumulativeDecrease,
    /// A figure a report restates for an earlier period that the earlier report gave
    /// differently.
    RestatedDiffers,
    /// A copy of a report whose figures differ from its primary file's.
    CopyDisagrees,
    /// One issuer's report number used for two different reports of one year.
    NumberReused,
}

impl PanelRuleId {
    /// Every rule, in the order they run.
    pub const ALL: &'static [PanelRuleId] = &[
        PanelRuleId::CumulativeDecrease,
        PanelRuleId::RestatedDiffers,
        PanelRuleId::CopyDisagrees,
        PanelRuleId::NumberReused,
    ];

    /// The stable id (`panel.cumulative_decrease`), never reused.
    pub fn as_str(self) -> &'static str {
        match self {
            PanelRuleId::CumulativeDecrease => cumulative_decrease::ID,
            PanelRuleId::RestatedDiffers => restated_differs::ID,
            PanelRuleId::CopyDisagrees => copy_disagrees::ID,
            PanelRuleId::NumberReused => number_reused::ID,
        }
    }

    /// The names the rule reads from its `params` table in rules.toml.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            PanelRuleId::CumulativeDecrease => cumulative_decrease::PARAMS,
            PanelRuleId::RestatedDiffers => restated_differs::PARAMS,
            PanelRuleId::CopyDisagrees => copy_disagrees::PARAMS,
            PanelRuleId::NumberReused => number_reused::PARAMS,
        }
    }

    /// What the rule's `tolerance` measures.
    pub fn tolerance_means(self) -> &'static str {
        match self {
            PanelRuleId::CumulativeDecrease => cumulative_decrease::TOLERANCE,
            PanelRuleId::RestatedDiffers => restated_differs::TOLERANCE,
            PanelRuleId::CopyDisagrees => copy_disagrees::TOLERANCE,
            PanelRuleId::NumberReused => number_reused::TOLERANCE,
        }
    }

    /// The rule with this stable id.
    pub fn from_id(id: &str) -> Option<PanelRuleId> {
        PanelRuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }

    fn check(self, cx: &mut PanelCtx, rule: &Rule, panel: &Panel) {
        match self {
            PanelRuleId::CumulativeDecrease => cumulative_decrease::check(cx, rule, panel),
            PanelRuleId::RestatedDiffers => restated_differs::check(cx, rule, panel),
            PanelRuleId::CopyDisagrees => copy_disagrees::check(cx, rule, panel),
            PanelRuleId::NumberReused => number_reused::check(cx, rule, panel),
        }
    }
}

/// A finding about the document `doc_id` (one of its [`Finding::doc_ids`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelFinding {
    /// The document whose figure (or number) is in doubt.
    pub doc_id: String,
    /// The finding.
    pub finding: Finding,
}

/// Runs every enabled `panel.*` rule over the documents of a run (with their report ids set
/// by [`reports::assign`]) and the facts of every document (primaries and copies).
pub fn audit_panel(docs: &[DocRecord], facts: &[Fact], book: &RuleBook) -> Vec<PanelFinding> {
    let panel = Panel::new(docs, facts, book);
    let mut cx = PanelCtx::default();
    for id in PanelRuleId::ALL {
        if let Some(rule) = book.get(id.as_str()) {
            id.check(&mut cx, rule, &panel);
        }
    }
    cx.out
}

/// What the panel rules read: documents by id, facts by document, localities.
pub(crate) struct Panel<'a> {
    /// Every documents row.
    pub docs: &'a [DocRecord],
    /// Documents by `doc_id`.
    pub by_id: HashMap<&'a str, &'a DocRecord>,
    /// Facts by document, in the order given.
    pub facts: HashMap<&'a str, Vec<&'a Fact>>,
    /// Rules and identities.
    pub book: &'a RuleBook,
}

impl<'a> Panel<'a> {
    fn new(docs: &'a [DocRecord], facts: &'a [Fact], book: &'a RuleBook) -> Panel<'a> {
        let mut by_doc: HashMap<&str, Vec<&Fact>> = HashMap::new();
        for f in facts {
            by_doc.entry(f.doc_id.as_str()).or_default().push(f);
        }
        Panel {
            docs,
            by_id: docs.iter().map(|d| (d.doc_id.as_str(), d)).collect(),
            facts: by_doc,
            book,
        }
    }

    /// The primary files, grouped by locality ([`localities`]).
    pub fn localities(&self) -> Vec<Vec<&'a DocRecord>> {
        localities(self.docs)
    }

    /// The results of a document for its report's own period (the report's figures, not
    /// those it restates for other windows).
    pub fn own_results<'s>(&'s self, d: &'s DocRecord) -> impl Iterator<Item = &'a Fact> + 's {
        self.facts
            .get(d.doc_id.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(move |f| f.kind == ValueKind::Result && own_window(f, d))
    }

    /// `d`'s own result for the quantity of `f` (its indicator and qualifier), if it gives one.
    pub fn own_result_like(&self, d: &DocRecord, f: &Fact) -> Option<&'a Fact> {
        self.own_results(d)
            .find(|o| o.indicator == f.indicator && o.qualifier == f.qualifier)
    }
}

pub use baocao_model::panel::own_window;

/// The primary files of `docs` grouped by locality ([`locality_key`]): each group in period
/// order (start, end, then path), the groups in the order of their first file's path. Files
/// with no locality are in no group. The panel rules compare the reports of one group, and
/// report.html gives each group a page.
pub fn localities(docs: &[DocRecord]) -> Vec<Vec<&DocRecord>> {
    let mut groups: HashMap<String, Vec<&DocRecord>> = HashMap::new();
    for d in docs {
        if d.report_role != ReportRole::Primary {
            continue;
        }
        if let Some(key) = locality_key(d) {
            groups.entry(key).or_default().push(d);
        }
    }
    let mut out: Vec<Vec<&DocRecord>> = groups.into_values().collect();
    for g in &mut out {
        g.sort_by(|a, b| {
            (a.meta.period_start, a.meta.period_end, &a.path).cmp(&(
                b.meta.period_start,
                b.meta.period_end,
                &b.path,
            ))
        });
    }
    out.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    out
}

/// The key that says two reports are of one locality: the issuing unit's folded name and
/// level (and its province when known, so two communes of one name stay apart); `None`
/// when the report names no locality.
pub fn locality_key(d: &DocRecord) -> Option<String> {
    let name = d.meta.locality.as_deref()?;
    Some(format!(
        "{}|{}|{}",
        baocao_text::fold(name),
        d.meta.locality_level.as_deref().unwrap_or(""),
        d.meta
            .province
            .as_deref()
            .map(baocao_text::fold)
            .unwrap_or_default()
    ))
}

/// A report's document number compared across files ("37 /bc-UBND" is "37/BC-UBND"), or
/// `None` when it has no digits ("   /BC-UBND", an unsigned draft: it says nothing).
pub(crate) fn document_number(d: &DocRecord) -> Option<String> {
    let number = d.meta.doc_number.as_deref()?;
    number
        .chars()
        .any(|c| c.is_ascii_digit())
        .then(|| number.split_whitespace().collect::<String>().to_uppercase())
}

/// The report's period as people write it: its label, else its dates.
pub fn period_name(d: &DocRecord) -> String {
    if let Some(l) = &d.meta.period_label {
        return l.clone();
    }
    window_name(d.meta.period_start, d.meta.period_end)
}

/// A window as `dd/mm/yyyy–dd/mm/yyyy` (`?` for a missing end).
pub fn window_name(s: Option<Date>, e: Option<Date>) -> String {
    let dmy = |d: Option<Date>| {
        d.map(|d| format!("{:02}/{:02}/{}", d.day, d.month, d.year))
            .unwrap_or_else(|| "?".into())
    };
    format!("{}–{}", dmy(s), dmy(e))
}

/// One line of evidence: which file, which period, which figure and its mentions.
pub(crate) fn fact_evidence(d: &DocRecord, label: &str, f: &Fact) -> String {
    format!(
        "{} ({label}): {} = {} [values {}]",
        d.path,
        f.indicator,
        fmt_num(f.value),
        f.value_ids.join(", ")
    )
}

/// Whether two figures differ beyond the rule's relative tolerance (and by more than
/// rounding for small numbers).
pub(crate) fn differs(a: f64, b: f64, tolerance: f64) -> bool {
    let scale = a.abs().max(b.abs());
    (a - b).abs() > (tolerance * scale).max(1e-6)
}

/// The findings emitted so far.
#[derive(Default)]
pub(crate) struct PanelCtx {
    pub out: Vec<PanelFinding>,
}

impl PanelCtx {
    /// Adds a finding about `doc` of `rule`: messages from the rule's templates, then
    /// `detail_en`/`detail_vi` appended (the periods and files).
    #[allow(clippy::too_many_arguments)]
    pub fn emit(
        &mut self,
        rule: &Rule,
        doc: &str,
        doc_ids: Vec<String>,
        indicators: Vec<String>,
        values: Vec<f64>,
        detail: (String, String),
        evidence: Vec<String>,
    ) {
        let message = format!(
            "{} ({})",
            render(&rule.message_en, &indicators, &values, None),
            detail.0
        );
        let message_vi = format!(
            "{} ({})",
            render(&rule.message_vi, &indicators, &values, None),
            detail.1
        );
        self.out.push(PanelFinding {
            doc_id: doc.to_string(),
            finding: Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                indicators,
                values,
                expected: None,
                message,
                message_vi,
                evidence,
                doc_ids,
            },
        });
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Documents and facts for the panel rules' tests.
    use baocao_model::panel::{Fact, FactRule, ReportRole};
    use baocao_model::record::DocRecord;
    use baocao_model::{Date, MeasureUnit, Metadata, Status, ValueKind};

    /// A commune's report for `start..=end` with number `number`.
    pub fn report(
        id: &str,
        start: (i32, u32, u32),
        end: (i32, u32, u32),
        number: &str,
    ) -> DocRecord {
        DocRecord {
            doc_id: id.into(),
            path: format!("{id}.docx"),
            status: Status::Ok,
            report_id: format!("r-{id}"),
            report_role: ReportRole::Primary,
            primary_doc_id: id.into(),
            meta: Metadata {
                doc_type: Some("bao_cao".into()),
                doc_number: Some(number.into()),
                doc_date: Date::new(end.0, end.1, end.2),
                issuer: Some("UBND xã Tân Phong".into()),
                locality: Some("Tân Phong".into()),
                locality_level: Some("xa".into()),
                period_start: Date::new(start.0, start.1, start.2),
                period_end: Date::new(end.0, end.1, end.2),
                ..Metadata::default()
            },
            ..DocRecord::default()
        }
    }

    /// A result fact of `doc` for its own period.
    pub fn fact(doc: &DocRecord, indicator: &str, value: f64) -> Fact {
        Fact {
            report_id: doc.report_id.clone(),
            doc_id: doc.doc_id.clone(),
            indicator: indicator.into(),
            qualifier: None,
            period_start: doc.meta.period_start,
            period_end: doc.meta.period_end,
            kind: ValueKind::Result,
            value,
            unit: MeasureUnit::ALL[0],
            rule: FactRule::Single,
            n_mentions: 1,
            agree: true,
            value_ids: vec![format!("{}:0", doc.doc_id)],
            values_seen: vec![value],
        }
    }

    /// The rule book shipped in `patterns/`.
    pub fn book() -> crate::book::RuleBook {
        crate::check::testing::book()
    }
}
