//! The table shapes of genre.md §4 besides the national row-per-indicator form: a matrix
//! (indicator from the column under a two-row merged header, qualifier from the row, the
//! total row unqualified) and a PAR-index scorecard (maximum, self-assessed and assessed
//! score, share per area; the total row is the index), each as DOCX (w:gridSpan, w:vMerge)
//! and PDF (ruled, merged header cells). `fixtures/tables/` and its `expected.json` are made
//! by `scripts/make_table_fixtures.py`.

mod common;

use std::collections::BTreeMap;

/// (indicator, qualifier, value×100) → count, of a file's values or of its expected figures.
type Figures = BTreeMap<(String, Option<String>, i64), usize>;

fn expected(name: &str) -> Figures {
    let all: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("fixtures/tables/expected.json")).unwrap(),
    )
    .unwrap();
    let mut out = Figures::new();
    for f in all[name].as_array().unwrap() {
        let key = (
            f["indicator"].as_str().unwrap().to_string(),
            f["qualifier"].as_str().map(str::to_string),
            (f["value"].as_f64().unwrap() * 100.0).round() as i64,
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

fn found(out: &std::path::Path, file: &str) -> Figures {
    let id = common::doc_id(out, file);
    let v = common::read(out, "values.parquet");
    let (d, i, q, x) = (
        common::strs(&v, "doc_id"),
        common::strs(&v, "indicator"),
        common::strs(&v, "qualifier"),
        common::floats(&v, "value"),
    );
    let mut m = Figures::new();
    for k in 0..v.height() {
        if d[k].as_deref() == Some(id.as_str()) {
            let key = (
                i[k].clone().unwrap(),
                q[k].clone(),
                (x[k].unwrap() * 100.0).round() as i64,
            );
            *m.entry(key).or_default() += 1;
        }
    }
    m
}

#[test]
fn matrix_and_scorecard_tables_give_every_cell_in_docx_and_pdf() {
    let out = std::env::temp_dir().join(format!("baocao-tables-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    common::ingest(&["fixtures/tables"], &out);
    for name in ["matrix-q2-2024", "scorecard-2023"] {
        let want = expected(name);
        for ext in ["docx", "pdf"] {
            let got = found(&out, &format!("{name}.{ext}"));
            assert_eq!(got, want, "{name}.{ext}");
        }
    }
    // Consistent tables: nothing to report (the matrix's total counts the carried-over
    // dossiers, which the received = online + direct identity allows).
    let f = common::read(&out, "findings.parquet");
    assert_eq!(f.height(), 0, "{:?}", common::strs(&f, "message"));
    let _ = std::fs::remove_dir_all(&out);
}
