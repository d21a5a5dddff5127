//! Golden test: the figures and metadata extracted from the fixtures against the
//! hand-checked gold in `tests/gold/` (the same measure as `../shared/tools/score.py`:
//! multiset match of (indicator, value), F1 per document; metadata fields equal).

mod common;

use std::collections::HashMap;

use common::*;
use serde_json::Value as Json;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.011 + 1e-9 * b.abs()
}

struct Score {
    f1: f64,
    meta: usize,
    missed: Vec<String>,
    extra: Vec<String>,
}

fn score(file: &str) -> Score {
    let out = fixtures_out();
    let index: Json = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/gold/index.json")).unwrap(),
    )
    .unwrap();
    let gold_name = index[file].as_str().unwrap();
    let gold: Json = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/gold").join(gold_name)).unwrap(),
    )
    .unwrap();
    let id = doc_id(out, file);
    let found: Vec<Val> = values(out).into_iter().filter(|v| v.doc_id == id).collect();
    let mut pool: HashMap<String, Vec<f64>> = HashMap::new();
    for v in &found {
        pool.entry(v.indicator.clone()).or_default().push(v.value);
    }
    let mut tp = 0;
    let mut missed = Vec::new();
    let gvals = gold["values"].as_array().unwrap();
    for g in gvals {
        let ind = g["indicator"].as_str().unwrap();
        let val = g["value"].as_f64().unwrap();
        let vals = pool.entry(ind.to_string()).or_default();
        match vals.iter().position(|v| close(*v, val)) {
            Some(k) => {
                vals.remove(k);
                tp += 1;
            }
            None => missed.push(format!("{ind}={val}")),
        }
    }
    let extra: Vec<String> = pool
        .iter()
        .flat_map(|(k, vs)| vs.iter().map(move |v| format!("{k}={v}")))
        .collect();
    let p = if found.is_empty() {
        0.0
    } else {
        tp as f64 / found.len() as f64
    };
    let r = tp as f64 / gvals.len() as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };

    let docs = read(out, "documents.parquet");
    let row = strs(&docs, "doc_id")
        .iter()
        .position(|d| d.as_deref() == Some(id.as_str()))
        .unwrap();
    let mut meta = 0;
    for field in [
        "doc_type",
        "doc_number",
        "doc_date",
        "locality",
        "locality_level",
        "district",
        "province",
        "period_start",
        "period_end",
        "signer",
    ] {
        let col = docs.column(field).unwrap();
        let got = col.get(row).unwrap();
        let got = match got {
            polars::prelude::AnyValue::Null => None,
            polars::prelude::AnyValue::Date(d) => Some(chrono_like(d)),
            other => Some(
                other
                    .get_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| other.to_string()),
            ),
        };
        let want = gold["doc"][field].as_str().map(str::to_string);
        if got.as_deref().map(str::to_lowercase) == want.as_deref().map(str::to_lowercase) {
            meta += 1;
        } else {
            eprintln!("{file}: {field}: got {got:?}, want {want:?}");
        }
    }
    Score {
        f1,
        meta,
        missed,
        extra,
    }
}

/// Days since the epoch → `YYYY-MM-DD`.
fn chrono_like(days: i32) -> String {
    // Inverse of days_from_civil (Howard Hinnant).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

fn check(file: &str, min_f1: f64) {
    let s = score(file);
    eprintln!(
        "{file}: F1 {:.3}, meta {}/10\n  missed: {:?}\n  extra: {:?}",
        s.f1, s.meta, s.missed, s.extra
    );
    assert!(
        s.f1 >= min_f1,
        "{file}: F1 {:.3} < {min_f1}; missed {:?}; extra {:?}",
        s.f1,
        s.missed,
        s.extra
    );
    assert!(s.meta >= 9, "{file}: metadata {}/10", s.meta);
}

#[test]
fn ngoc_ky_pdf_matches_gold() {
    check("ngoc-ky-2023.pdf", 0.90);
}

#[test]
fn nhu_quynh_docx_matches_gold() {
    check("nhu-quynh-q1-2024.docx", 0.90);
}

#[test]
fn nhu_quynh_pdf_matches_gold() {
    check("nhu-quynh-q1-2024.pdf", 0.90);
}

#[test]
fn tcvn3_docx_matches_gold() {
    check("nhu-quynh-q1-2024-tcvn3.docx", 0.90);
}

#[test]
fn vni_pdf_matches_gold() {
    check("nhu-quynh-q1-2024-vni.pdf", 0.90);
}

#[test]
fn tcvn3_pdf_matches_gold() {
    check("nhu-quynh-q1-2024-tcvn3.pdf", 0.90);
}

#[test]
fn ocr_damaged_pdf_matches_gold() {
    check("dong-tien-2024-ocr.pdf", 0.80);
}

#[test]
fn scanned_pdf_matches_gold() {
    check("nhu-quynh-q1-2024-scan.pdf", 0.80);
}
