//! One figure per report and audits across reports (facts.parquet, wide.parquet, documents'
//! report grouping, `panel.*` findings), on the fixtures: the Như Quỳnh report's copies
//! (DOCX, PDF, scan, TCVN3 and VNI), Ngọc Kỳ's narrative-vs-appendix conflict, and one
//! commune's four reports of 2023 (`fixtures/panel/`, made by
//! `scripts/make_panel_fixtures.py`, with their expected findings in `expected.json`).

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use polars::prelude::*;

fn list_strs(df: &DataFrame, col: &str) -> Vec<Vec<String>> {
    let l = df.column(col).unwrap().list().unwrap().clone();
    (0..df.height())
        .map(|i| match l.get_as_series(i) {
            Some(s) => s
                .str()
                .unwrap()
                .iter()
                .flatten()
                .map(str::to_string)
                .collect(),
            None => Vec::new(),
        })
        .collect()
}

fn list_f64(df: &DataFrame, col: &str) -> Vec<Vec<f64>> {
    let l = df.column(col).unwrap().list().unwrap().clone();
    (0..df.height())
        .map(|i| match l.get_as_series(i) {
            Some(s) => s.f64().unwrap().iter().flatten().collect(),
            None => Vec::new(),
        })
        .collect()
}

/// (path, report_id, role, primary_doc_id, doc_id) of every documents row.
fn reports(out: &Path) -> Vec<(String, String, String, String, String)> {
    let d = common::read(out, "documents.parquet");
    let col = |c| {
        common::strs(&d, c)
            .into_iter()
            .map(Option::unwrap_or_default)
    };
    col("path")
        .zip(col("report_id"))
        .zip(col("report_role"))
        .zip(col("primary_doc_id"))
        .zip(col("doc_id"))
        .map(|((((p, r), role), prim), id)| (p, r, role, prim, id))
        .collect()
}

#[test]
fn every_copy_of_a_report_shares_its_report_id_and_the_docx_is_primary() {
    let out = common::fixtures_out();
    let rows = reports(out);
    let nq: Vec<_> = rows
        .iter()
        .filter(|r| r.0.contains("nhu-quynh-q1-2024"))
        .collect();
    assert!(nq.len() >= 6, "the Như Quỳnh files: {nq:?}");
    let ids: HashSet<&str> = nq.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(ids.len(), 1, "one report: {nq:#?}");
    let primary: Vec<_> = nq.iter().filter(|r| r.2 == "primary").collect();
    assert_eq!(primary.len(), 1);
    assert!(
        primary[0].0.ends_with("nhu-quynh-q1-2024.docx"),
        "{primary:?}"
    );
    assert!(nq.iter().all(|r| r.3 == primary[0].4));
    // The Tân Phong DOCX/PDF pairs: four reports of eight files.
    let tp: HashSet<&str> = rows
        .iter()
        .filter(|r| r.0.contains("tan-phong-2023"))
        .map(|r| r.1.as_str())
        .collect();
    assert_eq!(tp.len(), 4);
    // Other reports are not merged with them.
    let all: HashSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert!(all.len() >= 7, "{all:?}");
}

#[test]
fn the_ngoc_ky_fact_is_the_appendix_figure_with_both_mentions() {
    let out = common::fixtures_out();
    let f = common::read(out, "facts.parquet");
    let (ind, loc, rule, q) = (
        common::strs(&f, "indicator"),
        common::strs(&f, "locality"),
        common::strs(&f, "rule"),
        common::strs(&f, "qualifier"),
    );
    let value = common::floats(&f, "value");
    let agree: Vec<Option<bool>> = f.column("agree").unwrap().bool().unwrap().iter().collect();
    let ids = list_strs(&f, "value_ids");
    let k = (0..f.height())
        .find(|&k| {
            ind[k].as_deref() == Some("dossiers.resolved")
                && loc[k].as_deref() == Some("Ngọc Kỳ")
                && q[k].is_none()
        })
        .expect("a Ngọc Kỳ dossiers.resolved fact");
    assert_eq!(value[k], Some(1601.0));
    assert_eq!(rule[k].as_deref(), Some("table_over_text"));
    assert_eq!(agree[k], Some(false));
    // Both mentions are linked, and they are the 1451 of the narrative and the 1601 of the
    // appendix.
    let v = common::read(out, "values.parquet");
    let (vid, vv) = (common::strs(&v, "value_id"), common::floats(&v, "value"));
    let by_id: HashMap<String, f64> = vid
        .into_iter()
        .zip(vv)
        .map(|(i, v)| (i.unwrap(), v.unwrap()))
        .collect();
    let mut linked: Vec<f64> = ids[k].iter().map(|i| by_id[i]).collect();
    linked.sort_by(f64::total_cmp);
    assert_eq!(linked, vec![1451.0, 1601.0]);
}

#[test]
fn facts_hold_one_row_per_report_quantity_period_and_kind() {
    let out = common::fixtures_out();
    let f = common::read(out, "facts.parquet");
    let key: Vec<String> = (0..f.height())
        .map(|k| {
            [
                "report_id",
                "indicator",
                "qualifier",
                "period_start",
                "period_end",
                "kind",
            ]
            .iter()
            .map(|c| format!("{:?}", f.column(c).unwrap().get(k).unwrap()))
            .collect::<Vec<_>>()
            .join("|")
        })
        .collect();
    let unique: HashSet<&String> = key.iter().collect();
    assert_eq!(unique.len(), key.len(), "duplicate fact keys");
    // Facts come from primary files only.
    let primaries: HashSet<String> = reports(out)
        .into_iter()
        .filter(|r| r.2 == "primary")
        .map(|r| r.4)
        .collect();
    assert!(
        common::strs(&f, "doc_id")
            .iter()
            .all(|d| primaries.contains(d.as_deref().unwrap()))
    );
    // A figure quoted for another window is a fact of that window.
    let quoted = (0..f.height()).any(|k| {
        common::strs(&f, "indicator")[k].as_deref() == Some("dossiers.received")
            && common::floats(&f, "value")[k] == Some(655.0)
            && format!("{:?}", f.column("period_end").unwrap().get(k).unwrap()) == "Date(19538)"
    });
    assert!(
        quoted,
        "the annual report's 655 belongs to 6 tháng đầu năm 2023"
    );
}

#[test]
fn the_panel_fixtures_give_their_two_cross_report_findings_and_nothing_else() {
    let out = common::fixtures_out();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("fixtures/panel/expected.json")).unwrap(),
    )
    .unwrap();
    let f = common::read(out, "findings.parquet");
    let rules = common::strs(&f, "rule");
    let docs = common::strs(&f, "doc_id");
    let values = list_f64(&f, "values");
    let doc_ids = list_strs(&f, "doc_ids");
    let panel: Vec<usize> = (0..f.height())
        .filter(|&k| rules[k].as_deref().unwrap_or("").starts_with("panel."))
        .collect();
    let wanted = expected["panel_findings"].as_array().unwrap();
    assert_eq!(
        panel.len(),
        wanted.len(),
        "{:?}",
        panel.iter().map(|&k| &rules[k]).collect::<Vec<_>>()
    );
    for w in wanted {
        let rule = w["rule"].as_str().unwrap();
        let vals: Vec<f64> = w["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let k = panel
            .iter()
            .copied()
            .find(|&k| rules[k].as_deref() == Some(rule))
            .unwrap_or_else(|| panic!("no {rule} finding"));
        assert_eq!(values[k], vals, "{rule}");
        assert_eq!(doc_ids[k].len(), 2, "{rule}: both reports involved");
        assert!(doc_ids[k].contains(docs[k].as_ref().unwrap()));
    }
    // The later report is the one in doubt: the 9-month report's primary file.
    let k = panel
        .iter()
        .copied()
        .find(|&k| rules[k].as_deref() == Some("panel.cumulative_decrease"))
        .unwrap();
    assert_eq!(
        docs[k].as_deref(),
        Some(common::doc_id(out, "tan-phong-2023-9m.docx").as_str())
    );
}

#[test]
fn wide_has_one_row_per_report_and_a_column_per_indicator() {
    let out = common::fixtures_out();
    let w = common::read(out, "wide.parquet");
    let n_reports: HashSet<String> = reports(out).into_iter().map(|r| r.1).collect();
    assert_eq!(w.height(), n_reports.len());
    let catalogue = std::fs::read_to_string(common::root().join("patterns/catalogue.csv")).unwrap();
    for id in catalogue
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
    {
        assert!(w.column(id).is_ok(), "wide.parquet has no column {id}");
    }
    let paths = common::strs(&w, "path");
    let resolved = common::floats(&w, "dossiers.resolved");
    let k = paths
        .iter()
        .position(|p| p.as_deref().unwrap().ends_with("tan-phong-2023-9m.docx"))
        .unwrap();
    assert_eq!(resolved[k], Some(590.0));
}

#[test]
fn an_incremental_run_keeps_facts_wide_and_panel_findings() {
    let dir = std::env::temp_dir().join(format!("baocao-panel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::ingest(&["fixtures/panel"], &dir);
    let snapshot = |dir: &Path| {
        let f = common::read(dir, "findings.parquet");
        let facts = common::read(dir, "facts.parquet");
        let mut rules: Vec<_> = common::strs(&f, "rule").into_iter().flatten().collect();
        rules.sort();
        let mut ids: Vec<_> = reports(dir).into_iter().map(|r| (r.0, r.1, r.2)).collect();
        ids.sort();
        (
            rules,
            ids,
            facts.height(),
            common::read(dir, "wide.parquet").height(),
        )
    };
    let full = snapshot(&dir);
    assert_eq!(full.0.len(), 2, "{:?}", full.0);
    let err = common::ingest(&["fixtures/panel", "--incremental"], &dir);
    assert!(err.contains("8 unchanged"), "{err}");
    assert_eq!(snapshot(&dir), full);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The code blocks of docs/output.md in `lang`.
fn blocks<'a>(doc: &'a str, lang: &str) -> Vec<&'a str> {
    doc.split(&format!("```{lang}\n"))
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect()
}

/// The dashboard queries of docs/output.md, run by DuckDB and polars when their Python
/// packages are there.
#[test]
fn the_documented_queries_run_on_facts_and_wide() {
    let doc = std::fs::read_to_string(common::root().join("docs/output.md")).unwrap();
    let queries = blocks(&doc, "sql");
    assert!(queries.len() >= 2, "docs/output.md has its SQL examples");
    let polars_examples = blocks(&doc, "python");
    assert!(
        !polars_examples.is_empty(),
        "docs/output.md has its polars example"
    );
    let out = common::fixtures_out();
    let script = r##"
import sys
try:
    import duckdb
except ImportError:
    print("duckdb not installed: skipped")
    sys.exit(0)
out, queries = sys.argv[1], sys.argv[2:]
con = duckdb.connect()
for q in queries:
    if q.startswith("#py\n"):
        try:
            import polars
        except ImportError:
            print("polars not installed: skipped")
            continue
        code = q[4:].replace('"out/', f'"{out}/').strip().splitlines()
        # The example's last statement is the query (an expression).
        start = max(i for i, l in enumerate(code) if l.startswith("("))
        scope = {}
        exec("\n".join(code[:start]), scope)
        frame = eval("\n".join(code[start:]), scope)
        assert frame.height > 0, "no rows from the polars example"
        print(frame.height, "rows (polars)")
        continue
    rows = con.execute(q.replace("'out/", f"'{out}/")).fetchall()
    assert rows, f"no rows: {q}"
    print(len(rows), "rows:", rows[:2])
"##;
    let run = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(out)
        .args(&queries)
        .args(polars_examples.iter().map(|p| format!("#py\n{p}")))
        .output();
    let Ok(o) = run else {
        eprintln!("python3 not runnable: queries not checked");
        return;
    };
    let stdout = String::from_utf8_lossy(&o.stdout);
    eprintln!("{stdout}");
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
