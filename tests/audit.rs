//! The audit as people see it: findings.parquet, `baocao audit`, and out/report.html (in a
//! real browser when Chromium is installed).

mod common;

use std::process::Command;

use common::*;

#[test]
fn famous_conflict_is_an_error_with_both_snippets_and_pages() {
    let out = fixtures_out();
    let id = doc_id(out, "ngoc-ky-2023.pdf");
    let df = read(out, "findings.parquet");
    let ids = strs(&df, "doc_id");
    let rules = strs(&df, "rule");
    let sev = strs(&df, "severity");
    let values = df.column("values").unwrap().list().unwrap().clone();
    let evidence = df.column("evidence").unwrap().list().unwrap().clone();
    let hit = (0..df.height()).find(|&k| {
        let vs: Vec<f64> = values
            .get_as_series(k)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        ids[k].as_deref() == Some(id.as_str())
            && rules[k].as_deref() == Some("conflict.same_indicator")
            && vs.contains(&1451.0)
            && vs.contains(&1601.0)
    });
    let k = hit.expect("a conflict finding with 1451 and 1601");
    assert_eq!(sev[k].as_deref(), Some("error"));
    let ev: Vec<String> = evidence
        .get_as_series(k)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    assert!(
        ev.iter()
            .any(|e| e.starts_with("p. 8:") && e.contains("1451")),
        "{ev:?}"
    );
    assert!(
        ev.iter()
            .any(|e| e.starts_with("p. 19:") && e.contains("1601")),
        "{ev:?}"
    );
}

#[test]
fn audit_command_groups_findings_by_report() {
    let out = fixtures_out();
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("audit")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        !text.contains("\x1b["),
        "no colour when stdout is not a terminal"
    );
    let block = text
        .split("\n\n")
        .find(|b| b.starts_with("UBND xã Ngọc Kỳ · năm 2023"))
        .unwrap_or_else(|| panic!("a block headed by locality and period:\n{text}"));
    assert!(block.contains("conflict.same_indicator"), "{block}");
    assert!(block.contains("1451 and 1601"), "{block}");
    assert!(block.contains("↳ p. 19:"), "{block}");
}

#[test]
fn report_page_shows_the_conflict() {
    let out = fixtures_out();
    let html =
        std::fs::read_to_string(out.join("report.html")).expect("report.html written by ingest");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "self-contained: no network"
    );
    let section = html
        .split("<section ")
        .skip(1)
        .find(|s| s.contains("UBND xã Ngọc Kỳ"))
        .expect("a page for Ngọc Kỳ");
    assert!(section.contains("<mark>1451</mark>") && section.contains("<mark>1601</mark>"));

    // In a real browser, when one is installed: the page loads, its script runs, and the
    // document's page (#doc-N) holds the conflict.
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(chromium) = chromium else {
        eprintln!("chromium not installed: browser check skipped (apt-get install chromium)");
        return;
    };
    let profile = std::env::temp_dir().join(format!("baocao-chromium-{}", std::process::id()));
    let url = format!("file://{}#doc-1", out.join("report.html").display());
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(
        dom.contains("dossiers.resolved: the report gives two different figures, 1451 and 1601"),
        "DOM after load:\n{}",
        &dom[..dom.len().min(2000)]
    );
}

#[test]
fn explain_lists_the_rules_and_details_one() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_baocao"))
            .arg("explain")
            .args(args)
            .output()
            .unwrap()
    };
    let list = run(&[]);
    assert!(list.status.success());
    let list = String::from_utf8_lossy(&list.stdout);
    for id in [
        "conflict.same_indicator",
        "sum.parts_vs_total",
        "ratio.stated_vs_computed",
        "bound.part_exceeds_total",
        "period.mismatch",
        "date.mismatch",
    ] {
        assert!(list.contains(id), "{list}");
    }
    let one = run(&["conflict.same_indicator"]);
    assert!(one.status.success());
    let one = String::from_utf8_lossy(&one.stdout);
    for part in [
        "# conflict.same_indicator (error)",
        "## Why it matters",
        "## Tolerance\n0.01",
        "tolerance_pp = 0.1",
        "Fires on:",
        "Does not fire on:",
    ] {
        assert!(one.contains(part), "{part}: {one}");
    }
    let bad = run(&["no.such_rule"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no audit rule"));
}
