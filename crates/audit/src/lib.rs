//! # baocao-audit
//!
//! The audit stage: checks one document's figures against each other and against the
//! report's own period and number, driven by `rules.toml` and `identities.toml`
//! ([`rules::RuleBook`]); [`audit`] returns [`baocao_model::Finding`]s.
//!
//! Figures are compared only when they describe the same thing: no qualifier (a sub-area or
//! a level is a different quantity), and a window that is the report's own period.
//!
//! Left to others: finding the figures (`baocao-extract`), writing findings (`baocao-dataset`).

#![deny(missing_docs)]

pub mod rules;

use std::collections::HashMap;

use regex::Regex;
use std::sync::LazyLock;

use baocao_extract::dates::parse_date;
use baocao_model::{Finding, MeasureUnit, Metadata, Origin, Value};
use baocao_text::fold;
use baocao_text::layout::Unit;
use rules::{RuleBook, render};

/// How many units after a total its breakdown may run.
const BREAKDOWN_REACH: usize = 12;
/// Most conflicting pairs reported per indicator.
const MAX_PAIRS: usize = 6;

/// A snippet as evidence: `p. 8: …` when the page is known.
fn with_page(page: Option<u32>, snippet: &str) -> String {
    match page {
        Some(p) => format!("p. {p}: {snippet}"),
        None => snippet.to_string(),
    }
}

fn evidence(v: &Value) -> String {
    with_page(v.page, &v.snippet)
}

/// True when the mention covers the report's own period (no window of its own, a
/// "tính đến ngày …" end, or the same window).
fn own_period(v: &Value, meta: &Metadata) -> bool {
    match (v.period_start, v.period_end) {
        (None, _) => true,
        (Some(s), Some(e)) => {
            meta.period_start.is_none_or(|ps| ps == s) && meta.period_end.is_none_or(|pe| pe == e)
        }
        (Some(_), None) => false,
    }
}

/// Values that can be compared: unqualified and of the report's own period.
fn comparable<'a>(values: &'a [Value], meta: &Metadata) -> Vec<&'a Value> {
    values
        .iter()
        .filter(|v| v.qualifier.is_none() && own_period(v, meta))
        .collect()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-9
}

struct Ctx<'a> {
    book: &'a RuleBook,
    out: Vec<Finding>,
}

impl Ctx<'_> {
    fn emit(
        &mut self,
        rule: &str,
        indicators: Vec<String>,
        values: Vec<f64>,
        expected: Option<f64>,
        ev: Vec<String>,
    ) {
        let Some(r) = self.book.get(rule) else { return };
        let mut key: Vec<i64> = values.iter().map(|v| (v * 1000.0).round() as i64).collect();
        key.sort_unstable();
        let dup = self.out.iter().any(|f| {
            let mut k: Vec<i64> = f
                .values
                .iter()
                .map(|v| (v * 1000.0).round() as i64)
                .collect();
            k.sort_unstable();
            f.rule == rule && k == key
        });
        if dup {
            return;
        }
        let mut evidence: Vec<String> = Vec::new();
        for e in ev {
            if !evidence.contains(&e) {
                evidence.push(e);
            }
        }
        self.out.push(Finding {
            rule: rule.to_string(),
            severity: r.severity,
            message: render(&r.message_en, &indicators, &values, expected),
            message_vi: render(&r.message_vi, &indicators, &values, expected),
            indicators,
            values,
            expected,
            evidence,
        });
    }
}

/// Runs every enabled rule over one document.
pub fn audit(values: &[Value], units: &[Unit], meta: &Metadata, book: &RuleBook) -> Vec<Finding> {
    let mut cx = Ctx {
        book,
        out: Vec::new(),
    };
    let cmp = comparable(values, meta);
    conflicts(&mut cx, &cmp);
    sums(&mut cx, &cmp, values);
    ratios(&mut cx, &cmp, units, values);
    bounds(&mut cx, &cmp);
    periods(&mut cx, values, meta);
    dates(&mut cx, units, meta);
    cx.out
}

fn by_indicator<'a>(vals: &[&'a Value]) -> HashMap<&'a str, Vec<&'a Value>> {
    let mut m: HashMap<&str, Vec<&Value>> = HashMap::new();
    for v in vals {
        m.entry(v.indicator.as_str()).or_default().push(v);
    }
    m
}

/// True when two values of one indicator are the same figure: within the relative
/// tolerance for counts, within the ratio rule's percentage points for percentages.
fn same_figure(a: &Value, b: &Value, rel: f64, pp: f64) -> bool {
    if a.unit == MeasureUnit::Percent {
        (a.value - b.value).abs() <= pp + 1e-9
    } else {
        close(a.value, b.value, rel)
    }
}

/// Two mentions in one paragraph are a breakdown or a fraction, never a conflict.
fn same_sentence_group(a: &Value, b: &Value) -> bool {
    a.origin == Origin::Text && b.origin == Origin::Text && a.source_unit == b.source_unit
}

/// `conflict.same_indicator`: one quantity, different values.
fn conflicts(cx: &mut Ctx, cmp: &[&Value]) {
    let Some(rule) = cx.book.get("conflict.same_indicator") else {
        return;
    };
    let tol = if rule.tolerance > 0.0 {
        rule.tolerance
    } else {
        0.01
    };
    let pp = cx
        .book
        .get("ratio.stated_vs_computed")
        .map_or(0.1, |r| r.tolerance.max(0.1));
    let groups = by_indicator(cmp);
    let mut keys: Vec<&&str> = groups.keys().collect();
    keys.sort();
    for k in keys {
        let vals = &groups[*k];
        // One representative per distinct value, in document order.
        let mut distinct: Vec<&Value> = Vec::new();
        for v in vals {
            if !distinct.iter().any(|d| same_figure(d, v, tol, pp)) {
                distinct.push(v);
            }
        }
        let mut n = 0;
        for i in 0..distinct.len() {
            for j in i + 1..distinct.len() {
                if n >= MAX_PAIRS {
                    break;
                }
                let (a, b) = (distinct[i], distinct[j]);
                // Differing only inside one paragraph: a breakdown, not a conflict.
                let apart = vals.iter().filter(|x| same_figure(x, a, tol, pp)).any(|x| {
                    vals.iter()
                        .filter(|y| same_figure(y, b, tol, pp))
                        .any(|y| !same_sentence_group(x, y))
                });
                if !apart {
                    continue;
                }
                cx.emit(
                    "conflict.same_indicator",
                    vec![a.indicator.clone(), b.indicator.clone()],
                    vec![a.value, b.value],
                    None,
                    vec![evidence(a), evidence(b)],
                );
                n += 1;
            }
        }
    }
    // Equivalent ids (e.g. the forms' "đúng hạn" row counts early dossiers too).
    let same = cx.book.identities.same.clone();
    for s in &same {
        let a: Vec<&&Value> = cmp.iter().filter(|v| v.indicator == s.a).collect();
        let b: Vec<&&Value> = cmp
            .iter()
            .filter(|v| v.indicator == s.b && v.origin.as_str() == s.b_origin)
            .collect();
        if let (Some(x), Some(y)) = (a.first(), b.first())
            && !a
                .iter()
                .any(|x| b.iter().any(|y| close(x.value, y.value, tol)))
        {
            cx.emit(
                "conflict.same_indicator",
                vec![x.indicator.clone(), y.indicator.clone()],
                vec![x.value, y.value],
                None,
                vec![evidence(x), evidence(y)],
            );
        }
    }
}

/// The top level of a figure's heading path (`II` of `II > 3 > a`).
fn top_section(v: &Value) -> Option<&str> {
    v.section.as_deref().and_then(|s| s.split(" > ").next())
}

/// How far apart (in text units of one section) the figures of one sum may sit.
const SUM_REACH: usize = 4;
/// How far before a stated percentage its denominator may sit.
const RATIO_REACH: usize = 6;
/// Most combinations tried per identity and total.
const MAX_COMBOS: usize = 256;

/// True when two figures may belong to one identity: both in the appendix tables, or both
/// in the text of one section, a few paragraphs apart at most.
fn near(a: &Value, b: &Value, reach: usize) -> bool {
    match (a.origin, b.origin) {
        (Origin::Table, Origin::Table) => true,
        (Origin::Text, Origin::Text) => {
            a.section == b.section && a.source_unit.abs_diff(b.source_unit) <= reach
        }
        _ => false,
    }
}

/// Windows agree when either mention has none or both state the same one.
fn windows_agree(vs: &[&Value]) -> bool {
    let stated: Vec<_> = vs
        .iter()
        .filter(|v| v.period_start.is_some() || v.period_end.is_some())
        .collect();
    stated
        .windows(2)
        .all(|w| w[0].period_start == w[1].period_start && w[0].period_end == w[1].period_end)
}

/// All choices of one value per slot (bounded), candidates sorted nearest first.
fn combos<'a>(slots: &[Vec<&'a Value>]) -> Vec<Vec<&'a Value>> {
    let mut out: Vec<Vec<&Value>> = vec![Vec::new()];
    for slot in slots {
        let mut next = Vec::new();
        for partial in &out {
            for v in slot {
                if next.len() >= MAX_COMBOS {
                    break;
                }
                let mut c = partial.clone();
                c.push(*v);
                next.push(c);
            }
        }
        out = next;
    }
    out
}

/// The tuples whose windows agree with each other and with `anchor`'s.
fn agreeing<'a>(tuples: Vec<Vec<&'a Value>>, anchor: &Value) -> Vec<Vec<&'a Value>> {
    tuples
        .into_iter()
        .filter(|c| {
            let mut all: Vec<&Value> = c.clone();
            all.push(anchor);
            windows_agree(&all)
        })
        .collect()
}

fn nearest_first<'a>(mut v: Vec<&'a Value>, anchor: &Value) -> Vec<&'a Value> {
    v.sort_by_key(|x| (x.source_unit.abs_diff(anchor.source_unit), x.source_unit));
    v
}

/// `sum.parts_vs_total`: declared sums among nearby figures, and breakdowns.
fn sums(cx: &mut Ctx, cmp: &[&Value], all: &[Value]) {
    let Some(rule) = cx.book.get("sum.parts_vs_total") else {
        return;
    };
    let tol = rule.tolerance;
    let unqualified: Vec<&Value> = all.iter().filter(|v| v.qualifier.is_none()).collect();
    let identities = cx.book.identities.sum.clone();
    for s in &identities {
        for total in unqualified.iter().filter(|v| v.indicator == s.total) {
            let candidates = |id: &str| -> Vec<&Value> {
                let v: Vec<&Value> = unqualified
                    .iter()
                    .filter(|v| v.indicator == id && near(v, total, SUM_REACH))
                    .copied()
                    .collect();
                nearest_first(v, total)
            };
            let mut slots: Vec<Vec<&Value>> = s.parts.iter().map(|p| candidates(p)).collect();
            if slots.iter().any(Vec::is_empty) {
                continue;
            }
            slots.extend(
                s.optional
                    .iter()
                    .map(|p| candidates(p))
                    .filter(|c| !c.is_empty()),
            );
            let tuples = agreeing(combos(&slots), total);
            let Some(first) = tuples.first() else {
                continue;
            };
            let holds = tuples.iter().any(|c| {
                let sum: f64 = c.iter().map(|v| v.value).sum();
                close(sum, total.value, tol)
            });
            if holds {
                continue;
            }
            let sum: f64 = first.iter().map(|v| v.value).sum();
            // The same parts may be the breakdown of another total nearby that they match.
            let other_total_holds = unqualified.iter().any(|t| {
                t.indicator == s.total
                    && !std::ptr::eq(*t, *total)
                    && first.iter().all(|p| near(p, t, SUM_REACH))
                    && close(sum, t.value, tol)
            });
            if other_total_holds {
                continue;
            }
            let mut inds: Vec<String> = first.iter().map(|v| v.indicator.clone()).collect();
            let mut vs: Vec<f64> = first.iter().map(|v| v.value).collect();
            let mut ev: Vec<String> = first.iter().map(|v| evidence(v)).collect();
            inds.push(total.indicator.clone());
            vs.push(total.value);
            ev.push(evidence(total));
            cx.emit("sum.parts_vs_total", inds, vs, Some(sum), ev);
        }
    }
    // Breakdowns: a total followed by its parts, in the same paragraph (smaller figures of the
    // same indicator) or in the next few paragraphs of the section (qualified figures).
    let breakdowns = cx.book.identities.breakdown.clone();
    for b in &breakdowns {
        for total in cmp
            .iter()
            .filter(|v| v.indicator == b.indicator && v.origin == Origin::Text)
        {
            // Only the first figure of a paragraph can head its breakdown.
            let earlier = all.iter().any(|v| {
                v.indicator == b.indicator
                    && v.origin == Origin::Text
                    && v.source_unit == total.source_unit
                    && v.source_pos < total.source_pos
            });
            if earlier {
                continue;
            }
            let parts: Vec<&Value> = all
                .iter()
                .filter(|v| {
                    let same_unit = v.source_unit == total.source_unit
                        && v.source_pos > total.source_pos
                        && v.value < total.value;
                    let following = v.qualifier.is_some()
                        && v.source_unit > total.source_unit
                        && v.source_unit <= total.source_unit + BREAKDOWN_REACH
                        && top_section(v) == top_section(total);
                    v.indicator == b.indicator
                        && v.origin == Origin::Text
                        && (same_unit || following)
                })
                .collect();
            if parts.len() < 2 {
                continue;
            }
            let sum: f64 = parts.iter().map(|v| v.value).sum();
            if close(sum, total.value, tol) {
                continue;
            }
            let mut vs: Vec<f64> = parts.iter().map(|v| v.value).collect();
            let mut ev: Vec<String> = parts.iter().map(|v| evidence(v)).collect();
            vs.push(total.value);
            ev.push(evidence(total));
            cx.emit(
                "sum.parts_vs_total",
                vec![b.indicator.clone(); vs.len()],
                vs,
                Some(sum),
                ev,
            );
        }
    }
}

/// True when `stated` percent is what `num / den` gives, allowing for the rounding the
/// stated figure shows. 100 % and 0 % are claims of all and none, and are held to that.
pub fn ratio_holds(stated: f64, num: f64, den: f64, tolerance_pp: f64) -> bool {
    if den <= 0.0 {
        return true;
    }
    let computed = 100.0 * num / den;
    if stated >= 100.0 - 1e-9 {
        return num >= den;
    }
    if stated.abs() < 1e-9 {
        return num == 0.0;
    }
    let decimals = {
        let s = format!("{stated}");
        s.split('.').nth(1).map_or(0, |d| d.len()) as i32
    };
    let rounding = 0.5 * 10f64.powi(-decimals);
    (computed - stated).abs() <= tolerance_pp + rounding + 1e-9
}

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:\.\d{3})*)\s*/\s*(\d+(?:\.\d{3})*)(?:\s+[a-z]+){0,3}?\s*(?:=|,)?\s*(?:\(?\s*dat\s*)?(?:ty le\s*)?(?:la\s*)?(\d+(?:[.,]\d+)?)\s*%")
        .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

/// `ratio.stated_vs_computed`: a stated percentage against the counts it is a share of
/// (numerator in its own sentence or table, denominator nearby), and every written
/// "a/b = p %" in the text.
fn ratios(cx: &mut Ctx, _cmp: &[&Value], units: &[Unit], all: &[Value]) {
    let Some(rule) = cx.book.get("ratio.stated_vs_computed") else {
        return;
    };
    let tol = if rule.tolerance > 0.0 {
        rule.tolerance
    } else {
        0.1
    };
    let unqualified: Vec<&Value> = all.iter().filter(|v| v.qualifier.is_none()).collect();
    let ratios = cx.book.identities.ratio.clone();
    for r in &ratios {
        for pct in unqualified.iter().filter(|v| v.indicator == r.pct) {
            // A percentage written with its own fraction is checked by the fraction scan.
            if pct.origin == Origin::Text && FRACTION.is_match(&fold(&pct.snippet)) {
                continue;
            }
            let nums: Vec<&Value> = unqualified
                .iter()
                .filter(|v| {
                    v.indicator == r.num
                        && match pct.origin {
                            Origin::Text => {
                                v.origin == Origin::Text && v.source_unit == pct.source_unit
                            }
                            Origin::Table => v.origin == Origin::Table,
                        }
                })
                .copied()
                .collect();
            let dens: Vec<&Value> = unqualified
                .iter()
                .filter(|v| {
                    v.indicator == r.den
                        && near(v, pct, RATIO_REACH)
                        && (v.origin == Origin::Table || v.source_unit <= pct.source_unit)
                })
                .copied()
                .collect();
            let slots = vec![nearest_first(nums, pct), nearest_first(dens, pct)];
            let tuples = agreeing(combos(&slots), pct);
            let Some(first) = tuples.first() else {
                continue;
            };
            if tuples
                .iter()
                .any(|c| ratio_holds(pct.value, c[0].value, c[1].value, tol))
            {
                continue;
            }
            let (n, d) = (first[0], first[1]);
            cx.emit(
                "ratio.stated_vs_computed",
                vec![
                    pct.indicator.clone(),
                    n.indicator.clone(),
                    d.indicator.clone(),
                ],
                vec![pct.value, n.value, d.value],
                (d.value > 0.0).then(|| (10000.0 * n.value / d.value).round() / 100.0),
                vec![evidence(pct), evidence(n), evidence(d)],
            );
        }
    }
    for (i, u) in units.iter().enumerate() {
        for c in FRACTION.captures_iter(&u.folded.text) {
            let num = |k: usize| {
                c.get(k)
                    .and_then(|m| baocao_extract::numbers::parse_number(m.as_str()))
            };
            let (Some(a), Some(b), Some(p)) = (num(1), num(2), num(3)) else {
                continue;
            };
            if ratio_holds(p, a, b, tol) {
                continue;
            }
            let inds: Vec<String> = all
                .iter()
                .filter(|v| v.source_unit == i && (v.value == a || v.value == b))
                .map(|v| v.indicator.clone())
                .collect();
            let snippet = match c.get(0) {
                Some(m) => {
                    let (s, e) = u.folded.source_range(m.start(), m.end(), &u.text);
                    baocao_extract::sentence_around(&u.text, (s, e))
                }
                None => u.text.clone(),
            };
            let ev = with_page(u.page, &snippet);
            let expected = (b > 0.0).then(|| (10000.0 * a / b).round() / 100.0);
            cx.emit(
                "ratio.stated_vs_computed",
                inds,
                vec![a, b, p],
                expected,
                vec![ev],
            );
        }
    }
}

/// `bound.part_exceeds_total`: a part larger than its whole (one finding per pair of ids,
/// the largest excess).
fn bounds(cx: &mut Ctx, cmp: &[&Value]) {
    if cx.book.get("bound.part_exceeds_total").is_none() {
        return;
    }
    let groups = by_indicator(cmp);
    let declared = cx.book.identities.bound.clone();
    for b in &declared {
        let (Some(parts), Some(wholes)) =
            (groups.get(b.part.as_str()), groups.get(b.whole.as_str()))
        else {
            continue;
        };
        let mut worst: Option<(&Value, &Value)> = None;
        for p in parts {
            for w in wholes {
                if p.value > w.value + 1e-9 {
                    let better =
                        worst.is_none_or(|(wp, ww)| p.value - w.value > wp.value - ww.value);
                    if better {
                        worst = Some((p, w));
                    }
                }
            }
        }
        if let Some((p, w)) = worst {
            cx.emit(
                "bound.part_exceeds_total",
                vec![p.indicator.clone(), w.indicator.clone()],
                vec![p.value, w.value],
                None,
                vec![evidence(p), evidence(w)],
            );
        }
    }
}

/// `period.mismatch`: a figure whose own window lies outside the report's period.
fn periods(cx: &mut Ctx, values: &[Value], meta: &Metadata) {
    let (Some(ps), Some(pe)) = (meta.period_start, meta.period_end) else {
        return;
    };
    for v in values {
        let (Some(s), Some(e)) = (v.period_start, v.period_end) else {
            continue;
        };
        if s < ps || e > pe {
            cx.emit(
                "period.mismatch",
                vec![v.indicator.clone()],
                vec![v.value],
                None,
                vec![evidence(v)],
            );
        }
    }
}

static ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"kem theo (?:bao cao|ke hoach|quyet dinh|cong van)\s*(?:so)?:?\s*(\d*)\s*/")
        .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

/// `date.mismatch`: an appendix "Kèm theo Báo cáo số … ngày …" that disagrees with the report.
fn dates(cx: &mut Ctx, units: &[Unit], meta: &Metadata) {
    for u in units {
        let f = &u.folded.text;
        let Some(c) = ATTACHED.captures(f) else {
            continue;
        };
        let tail = c.get(0).map_or("", |m| &f[m.start()..]);
        let date = parse_date(tail);
        let number = c.get(1).map(|m| m.as_str()).filter(|s| !s.is_empty());
        let own_number = meta.doc_number.as_deref().map(fold);
        let number_bad = match (number, own_number.as_deref()) {
            (Some(n), Some(own)) => !own.starts_with(&format!("{n}/")),
            _ => false,
        };
        let date_bad = match (date, meta.doc_date, meta.period_start, meta.period_end) {
            (Some(d), Some(own), _, _) => d != own,
            (Some(d), None, Some(s), _) => d < s,
            _ => false,
        };
        if number_bad || date_bad {
            let snippet: String = u.text.chars().take(baocao_extract::SNIPPET_CHARS).collect();
            let ev = with_page(u.page, &snippet);
            cx.emit("date.mismatch", Vec::new(), Vec::new(), None, vec![ev]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ratio_holds;

    #[test]
    fn ratios_allow_rounding_but_not_false_totals() {
        assert!(ratio_holds(99.61, 1275.0, 1280.0, 0.1));
        assert!(ratio_holds(26.6, 21.0, 79.0, 0.1));
        assert!(ratio_holds(72.2, 13.0, 18.0, 0.1));
        assert!(!ratio_holds(61.1, 13.0, 18.0, 0.1));
        assert!(!ratio_holds(100.0, 3516.0, 3531.0, 0.1));
        assert!(ratio_holds(100.0, 6.0, 6.0, 0.1));
        assert!(!ratio_holds(100.0, 127.0, 593.0, 0.1));
    }
}
