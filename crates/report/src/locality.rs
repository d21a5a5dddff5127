//! The locality pages: the primary reports of one locality (grouped as the panel rules group
//! them, [`baocao_audit::panel::localities`]) on a time line, a chart per key indicator
//! across their periods, and the cross-report findings about them, marked on the charts.
//!
//! Built at the end of a run from what the dataset computed ([`RunTables`]); each page is
//! rendered as it is written ([`Sections`]), so only one locality's charts are in memory.

use std::collections::HashMap;
use std::fmt;

use askama::Template;
use baocao_audit::panel::{localities, own_window, period_name, window_name};
use baocao_model::panel::{Fact, RunTables};
use baocao_model::record::DocRecord;
use baocao_model::{Date, Finding, ValueKind, fmt_num};

use crate::chart::{self, Point};
use crate::format::{Piece, highlight};

/// The indicators charted on a locality page, with their titles, in this order.
pub(crate) const KEY_INDICATORS: &[(&str, &str)] = &[
    ("dossiers.received", "Dossiers received"),
    ("dossiers.resolved", "Dossiers resolved"),
    ("dossiers.on_time_pct", "Resolved on time (%)"),
    ("dossiers.online_pct", "Handled online (%)"),
    ("par_index.score", "PAR-index score"),
    ("par_index.rank", "PAR-index rank (1 is best)"),
];

/// The localities of a run, ready to render: the index's rows and the pages.
pub(crate) struct Localities<'a> {
    tables: &'a RunTables,
    /// Each document's section number (`#doc-N`) by `doc_id`.
    sections: &'a HashMap<&'a str, usize>,
    /// The primary reports of each locality, in period order.
    groups: Vec<Vec<&'a DocRecord>>,
    /// For each locality, its cross-report findings (indices into `tables.panel`).
    findings: Vec<Vec<usize>>,
    /// The cross-report findings about no locality's reports.
    elsewhere: Vec<usize>,
    /// Facts by primary file.
    facts: HashMap<&'a str, Vec<&'a Fact>>,
    /// The copies of each report, by its primary file's `doc_id`.
    copies: HashMap<&'a str, Vec<&'a DocRecord>>,
    /// Every documents row by `doc_id`.
    by_id: HashMap<&'a str, &'a DocRecord>,
}

impl<'a> Localities<'a> {
    /// Groups the primary reports of `tables` by locality; `sections` gives each document's
    /// section number.
    pub fn new(tables: &'a RunTables, sections: &'a HashMap<&'a str, usize>) -> Localities<'a> {
        let groups = localities(&tables.docs);
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for (g, docs) in groups.iter().enumerate() {
            for d in docs {
                group_of.insert(d.doc_id.as_str(), g);
            }
        }
        let mut copies: HashMap<&str, Vec<&DocRecord>> = HashMap::new();
        let mut by_id: HashMap<&str, &DocRecord> = HashMap::new();
        for d in &tables.docs {
            by_id.entry(d.doc_id.as_str()).or_insert(d);
            if d.primary_doc_id != d.doc_id && !d.primary_doc_id.is_empty() {
                copies.entry(d.primary_doc_id.as_str()).or_default().push(d);
            }
        }
        let mut findings = vec![Vec::new(); groups.len()];
        let mut elsewhere = Vec::new();
        for (i, (doc, f)) in tables.panel.iter().enumerate() {
            let mut gs: Vec<usize> = std::iter::once(doc)
                .chain(&f.doc_ids)
                .filter_map(|id| {
                    let id = id.as_str();
                    let primary = by_id.get(id).map_or(id, |d| d.primary_doc_id.as_str());
                    group_of.get(primary).copied()
                })
                .collect();
            gs.sort_unstable();
            gs.dedup();
            if gs.is_empty() {
                elsewhere.push(i);
            }
            for g in gs {
                findings[g].push(i);
            }
        }
        let mut facts: HashMap<&str, Vec<&Fact>> = HashMap::new();
        for f in &tables.facts {
            facts.entry(f.doc_id.as_str()).or_default().push(f);
        }
        Localities {
            tables,
            sections,
            groups,
            findings,
            elsewhere,
            facts,
            copies,
            by_id,
        }
    }

    /// Whether some cross-report finding is about no locality's reports (they have a page
    /// of their own, `#panel-findings`).
    pub fn has_elsewhere(&self) -> bool {
        !self.elsewhere.is_empty()
    }

    /// The index's row of each locality.
    pub fn rows(&self) -> Vec<LocalityRow<'a>> {
        self.groups
            .iter()
            .enumerate()
            .map(|(id, docs)| {
                let m = &docs[0].meta;
                let first = docs.first().map(|d| period_name(d)).unwrap_or_default();
                let last = docs.last().map(|d| period_name(d)).unwrap_or_default();
                LocalityRow {
                    id,
                    name: m.locality.as_deref().unwrap_or(""),
                    level: m.locality_level.as_deref().unwrap_or(""),
                    province: m.province.as_deref().unwrap_or(""),
                    reports: docs.len(),
                    periods: if docs.len() > 1 {
                        format!("{first} … {last}")
                    } else {
                        first
                    },
                    first_end: docs[0].meta.period_end.map(iso).unwrap_or_default(),
                    findings: self.findings[id].len(),
                }
            })
            .collect()
    }

    /// The cross-report findings about no locality's reports (none for most runs).
    pub fn elsewhere(&self) -> Vec<FindingView<'a>> {
        self.elsewhere
            .iter()
            .enumerate()
            .map(|(j, &i)| self.finding_view(format!("panel-f-{j}"), i))
            .collect()
    }

    /// The locality pages, rendered as they are written.
    pub fn sections(&'a self) -> Sections<'a> {
        Sections(self)
    }

    fn section_of(&self, doc_id: &str) -> Option<usize> {
        self.sections.get(doc_id).copied()
    }

    fn doc(&self, doc_id: &str) -> Option<&'a DocRecord> {
        self.by_id.get(doc_id).copied()
    }

    fn finding_view(&self, anchor: String, i: usize) -> FindingView<'a> {
        let (doc, f) = &self.tables.panel[i];
        let mut ids: Vec<&str> = f.doc_ids.iter().map(String::as_str).collect();
        if !ids.contains(&doc.as_str()) {
            ids.push(doc);
        }
        let docs = ids
            .into_iter()
            .map(|id| {
                let d = self.doc(id);
                DocLink {
                    label: d.map_or_else(|| id.to_string(), |d| d.path.clone()),
                    period: d.map(period_name).unwrap_or_default(),
                    section: self.section_of(id),
                    in_doubt: id == doc,
                }
            })
            .collect();
        FindingView {
            anchor,
            doc,
            f,
            docs,
        }
    }

    /// The page of locality `id`.
    fn page(&self, id: usize) -> LocalityPage<'a> {
        let docs = &self.groups[id];
        let findings: Vec<FindingView> = self.findings[id]
            .iter()
            .enumerate()
            .map(|(j, &i)| self.finding_view(format!("loc-{id}-f-{j}"), i))
            .collect();
        let entries = docs
            .iter()
            .map(|d| Entry {
                doc: d,
                section: self.section_of(&d.doc_id),
                period: period_name(d),
                window: window_name(d.meta.period_start, d.meta.period_end),
                copies: self
                    .copies
                    .get(d.doc_id.as_str())
                    .map(|cs| {
                        cs.iter()
                            .map(|c| (c.path.as_str(), self.section_of(&c.doc_id)))
                            .collect()
                    })
                    .unwrap_or_default(),
                findings: findings
                    .iter()
                    .filter(|v| {
                        // A finding about a copy flags its report.
                        self.doc(v.doc).map_or(v.doc, |x| x.primary_doc_id.as_str()) == d.doc_id
                    })
                    .map(|v| (v.anchor.clone(), v.f.rule.clone()))
                    .collect(),
            })
            .collect();
        let charts = if docs.len() > 1 {
            KEY_INDICATORS
                .iter()
                .filter_map(|&(indicator, title)| self.chart(id, indicator, title, &findings))
                .collect()
        } else {
            Vec::new()
        };
        let m = &docs[0].meta;
        let place = [
            m.locality_level.as_deref(),
            m.district.as_deref(),
            m.province.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        LocalityPage {
            id,
            name: m.locality.as_deref().unwrap_or(""),
            place,
            entries,
            charts,
            findings,
        }
    }

    /// The chart of `indicator` on locality `id`'s page: each report's unqualified result for
    /// its own period at the period's last day; the figures a finding about the indicator
    /// gives marked (and a figure a report quotes for another report's period drawn as a
    /// cross when a finding is about it). `None` when no report gives the indicator.
    fn chart(
        &self,
        id: usize,
        indicator: &'static str,
        title: &'static str,
        findings: &[FindingView<'a>],
    ) -> Option<Chart> {
        let docs = &self.groups[id];
        let plain = |f: &&Fact| {
            f.indicator == indicator && f.qualifier.is_none() && f.kind == ValueKind::Result
        };
        // (doc_id, point) of each report giving the indicator.
        let mut points: Vec<(&str, Point)> = Vec::new();
        for d in docs {
            let (Some(end), Some(fact)) = (
                d.meta.period_end,
                self.facts
                    .get(d.doc_id.as_str())
                    .and_then(|fs| fs.iter().find(|f| plain(f) && own_window(f, d))),
            ) else {
                continue;
            };
            points.push((
                d.doc_id.as_str(),
                point(end, d.meta.period_start, fact.value),
            ));
        }
        if points.is_empty() {
            return None;
        }
        let mut notes = Vec::new();
        for v in findings {
            let f = v.f;
            if !f.indicators.iter().any(|i| i == indicator) {
                continue;
            }
            notes.push(Note {
                anchor: v.anchor.clone(),
                rule: f.rule.clone(),
                message: f.message.clone(),
            });
            let involved = |doc_id: &str| {
                f.doc_ids
                    .iter()
                    .any(|i| i == doc_id || self.doc(i).is_some_and(|d| d.primary_doc_id == doc_id))
            };
            for (ind, &value) in f.indicators.iter().zip(&f.values) {
                if ind != indicator {
                    continue;
                }
                if let Some((_, p)) = points
                    .iter_mut()
                    .find(|(doc, p)| !p.quoted && involved(doc) && same(p.y, value))
                {
                    p.marked = true;
                    continue;
                }
                // A figure quoted for another period by one of the reports involved.
                let quoted = docs.iter().filter(|d| involved(&d.doc_id)).find_map(|d| {
                    self.facts.get(d.doc_id.as_str())?.iter().find(|q| {
                        plain(q)
                            && !own_window(q, d)
                            && q.period_end.is_some()
                            && same(q.value, value)
                    })
                });
                if let Some(q) = quoted {
                    let end = q.period_end.expect("checked above");
                    let mut p = point(end, q.period_start, value);
                    if !points
                        .iter()
                        .any(|(_, o)| o.quoted && o.x == p.x && same(o.y, value))
                    {
                        p.quoted = true;
                        p.marked = true;
                        points.push((q.doc_id.as_str(), p));
                    }
                }
            }
        }
        let mut points: Vec<Point> = points.into_iter().map(|(_, p)| p).collect();
        points.sort_by_key(|p| (p.x, p.quoted));
        let values = points
            .iter()
            .map(|p| {
                let what = match (p.quoted, p.marked) {
                    (true, _) => " (quoted by a later report, finding)",
                    (false, true) => " (finding)",
                    _ => "",
                };
                format!("{}: {}{what}", p.x_label, fmt_num(p.y))
            })
            .collect::<Vec<_>>()
            .join(" · ");
        let (svg, error) = match chart::draw(&points) {
            Ok(svg) => (svg, None),
            Err(e) => (String::new(), Some(e)),
        };
        Some(Chart {
            indicator,
            title,
            svg,
            error,
            values,
            marked: points.iter().any(|p| p.marked),
            notes,
        })
    }
}

fn point(end: Date, start: Option<Date>, y: f64) -> Point {
    Point {
        x: end.days_since_epoch(),
        x_label: format!("{:02}/{:02}/{}", end.day, end.month, end.year),
        y,
        series: start.map_or(i32::MIN, |s| s.days_since_epoch()),
        quoted: false,
        marked: false,
    }
}

/// Whether two figures are one (as the panel rules wrote it into the finding).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A locality's row in the index.
pub(crate) struct LocalityRow<'a> {
    /// Its page is `#loc-{id}`.
    pub id: usize,
    pub name: &'a str,
    pub level: &'a str,
    pub province: &'a str,
    /// Reports (primary files) on its page.
    pub reports: usize,
    /// The first and last report's periods.
    pub periods: String,
    /// The sort key of the periods column.
    pub first_end: String,
    /// Cross-report findings about its reports.
    pub findings: usize,
}

/// A report on a locality's time line.
pub(crate) struct Entry<'a> {
    pub doc: &'a DocRecord,
    /// Its section (`#doc-N`), when the report has one.
    pub section: Option<usize>,
    /// Its period as written, else its dates.
    pub period: String,
    /// Its dates.
    pub window: String,
    /// Other files of the same report (path, section).
    pub copies: Vec<(&'a str, Option<usize>)>,
    /// The findings about this report (anchor, rule).
    pub findings: Vec<(String, String)>,
}

/// A document a cross-report finding involves.
pub(crate) struct DocLink {
    /// Its path.
    pub label: String,
    /// Its report's period.
    pub period: String,
    pub section: Option<usize>,
    /// Whether it is the document whose figure is in doubt.
    pub in_doubt: bool,
}

/// A cross-report finding as a locality page lists it (`id="{anchor}"`).
pub(crate) struct FindingView<'a> {
    pub anchor: String,
    /// The document whose figure is in doubt.
    pub doc: &'a str,
    pub f: &'a Finding,
    pub docs: Vec<DocLink>,
}

/// A finding listed under a chart, linking to it.
pub(crate) struct Note {
    pub anchor: String,
    pub rule: String,
    pub message: String,
}

/// A key indicator's chart.
pub(crate) struct Chart {
    pub indicator: &'static str,
    pub title: &'static str,
    /// The chart as SVG, drawn by plotters from numbers and dates only (the template prints
    /// it with `|safe`).
    pub svg: String,
    /// Why it could not be drawn.
    pub error: Option<String>,
    /// The figures as text (`31/03/2023: 300 · …`), under the chart.
    pub values: String,
    /// Whether a finding is marked on it.
    pub marked: bool,
    /// The findings about this indicator.
    pub notes: Vec<Note>,
}

/// One locality's page.
#[derive(Template)]
#[template(path = "locality.html")]
pub(crate) struct LocalityPage<'a> {
    /// Its anchor is `loc-{id}`.
    pub id: usize,
    pub name: &'a str,
    /// Level, district, province.
    pub place: String,
    pub entries: Vec<Entry<'a>>,
    pub charts: Vec<Chart>,
    pub findings: Vec<FindingView<'a>>,
}

impl LocalityPage<'_> {
    /// `text` split around the figures `values`, which the template draws in `<mark>`.
    fn marks<'t>(&self, text: &'t str, values: &impl AsRef<[f64]>) -> Vec<Piece<'t>> {
        highlight(text, values.as_ref())
    }
}

/// The cross-report findings on no locality page.
#[derive(Template)]
#[template(path = "elsewhere.html")]
pub(crate) struct Elsewhere<'a> {
    pub findings: Vec<FindingView<'a>>,
}

impl Elsewhere<'_> {
    fn marks<'t>(&self, text: &'t str, values: &impl AsRef<[f64]>) -> Vec<Piece<'t>> {
        highlight(text, values.as_ref())
    }
}

/// Every locality page (then the findings on none), rendered into the page as it is
/// written.
pub(crate) struct Sections<'a>(&'a Localities<'a>);

impl Sections<'_> {
    fn write_to(&self, dest: &mut dyn fmt::Write) -> askama::Result<()> {
        for id in 0..self.0.groups.len() {
            self.0.page(id).render_into(dest)?;
        }
        if !self.0.elsewhere.is_empty() {
            Elsewhere {
                findings: self.0.elsewhere(),
            }
            .render_into(dest)?;
        }
        Ok(())
    }
}

impl fmt::Display for Sections<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f).map_err(|_| fmt::Error)
    }
}

impl askama::FastWritable for Sections<'_> {
    fn write_into(
        &self,
        dest: &mut dyn fmt::Write,
        _values: &dyn askama::Values,
    ) -> askama::Result<()> {
        self.write_to(dest)
    }
}

impl askama::filters::HtmlSafe for Sections<'_> {}
