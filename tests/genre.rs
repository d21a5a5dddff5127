//! The families and table shapes of genre.md that the development reports do not cover, one
//! small fixture each (`fixtures/tables/`, made with its `expected.json` by
//! `scripts/make_table_fixtures.py`): a matrix table (indicator from the column under a
//! two-row merged header, qualifier from the row, the total row unqualified) and a PAR-index
//! scorecard (maximum, self-assessed and assessed score, share per area; the total row is the
//! index), each as DOCX (w:gridSpan, w:vMerge) and PDF (ruled, merged header cells); a
//! PAR-index summary in sentences (areas named by their heading or their "Tiêu chí 2.3 (…)"
//! label, last year's result); a district's plan (targets); a district's decision with one
//! row per commune.

mod common;

use std::collections::BTreeMap;

/// (indicator, qualifier, value×100, kind) → count, of a file's values or of its expected
/// figures.
type Figures = BTreeMap<(String, Option<String>, i64, String), usize>;

fn expected_json() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(common::root().join("fixtures/tables/expected.json")).unwrap(),
    )
    .unwrap()
}

fn expected(name: &str) -> Figures {
    let all = expected_json();
    let mut out = Figures::new();
    for f in all[name].as_array().unwrap() {
        let key = (
            f["indicator"].as_str().unwrap().to_string(),
            f["qualifier"].as_str().map(str::to_string),
            (f["value"].as_f64().unwrap() * 100.0).round() as i64,
            f["kind"].as_str().unwrap_or("result").to_string(),
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

fn found(out: &std::path::Path, file: &str) -> Figures {
    let id = common::doc_id(out, file);
    let v = common::read(out, "values.parquet");
    let (d, i, q, x, kind) = (
        common::strs(&v, "doc_id"),
        common::strs(&v, "indicator"),
        common::strs(&v, "qualifier"),
        common::floats(&v, "value"),
        common::strs(&v, "kind"),
    );
    let mut m = Figures::new();
    for k in 0..v.height() {
        if d[k].as_deref() == Some(id.as_str()) {
            let key = (
                i[k].clone().unwrap(),
                q[k].clone(),
                (x[k].unwrap() * 100.0).round() as i64,
                kind[k].clone().unwrap(),
            );
            *m.entry(key).or_default() += 1;
        }
    }
    m
}

fn run() -> &'static std::path::Path {
    static OUT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("baocao-genre-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        common::ingest(&["fixtures/tables"], &out);
        out
    })
}

#[test]
fn matrix_and_scorecard_tables_give_every_cell_in_docx_and_pdf() {
    let out = run();
    for name in ["matrix-q2-2024", "scorecard-2023"] {
        let want = expected(name);
        for ext in ["docx", "pdf"] {
            let got = found(out, &format!("{name}.{ext}"));
            assert_eq!(got, want, "{name}.{ext}");
        }
    }
    // Consistent tables: nothing to report (the matrix's total counts the carried-over
    // dossiers, which the received = online + direct identity allows).
    let f = common::read(out, "findings.parquet");
    assert_eq!(f.height(), 0, "{:?}", common::strs(&f, "message"));
}

#[test]
fn a_par_index_summary_a_plan_and_a_decision_give_their_figures_and_kinds() {
    let out = run();
    for name in ["par-index-2023", "plan-2024", "decision-2024"] {
        assert_eq!(
            found(out, &format!("{name}.docx")),
            expected(name),
            "{name}"
        );
    }
}

#[test]
fn plans_and_decisions_of_a_district_have_their_metadata() {
    let out = run();
    let all = expected_json();
    let d = common::read(out, "documents.parquet");
    let paths = common::strs(&d, "path");
    for (name, fields) in all["metadata"].as_object().unwrap() {
        let k = paths
            .iter()
            .position(|p| p.as_deref().unwrap().ends_with(&format!("{name}.docx")))
            .unwrap();
        for (field, want) in fields.as_object().unwrap() {
            let got = d.column(field).unwrap().get(k).unwrap();
            let got = match got {
                polars::prelude::AnyValue::Date(days) => chrono_like(days),
                other => other.get_str().unwrap_or_default().to_string(),
            };
            assert_eq!(got, want.as_str().unwrap(), "{name}: {field}");
        }
    }
}

/// `yyyy-mm-dd` of days since 1970-01-01.
fn chrono_like(days: i32) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
