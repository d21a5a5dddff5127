//! End to end: run the binary over `fixtures/` and read the Parquet back.

mod common;

use common::*;

#[test]
fn every_fixture_gets_exactly_one_documents_row() {
    let out = fixtures_out();
    let df = read(out, "documents.parquet");
    let paths: Vec<String> = strs(&df, "path").into_iter().flatten().collect();
    // fixtures/ is walked recursively: the broken files of fixtures/bad/ get their rows too.
    let mut inputs: Vec<String> = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf" || x == "docx") {
                inputs.push(
                    p.strip_prefix(root())
                        .unwrap()
                        .to_string_lossy()
                        .to_string(),
                );
            }
        }
    }
    inputs.sort();
    let mut names = paths.clone();
    names.sort();
    assert_eq!(names, inputs);
    for f in ["values.parquet", "findings.parquet"] {
        assert!(out.join(f).exists(), "{f} written");
    }
    // Rows are sorted by path, so two runs produce identical files.
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn famous_conflict_has_both_sides_with_pages() {
    let out = fixtures_out();
    let id = doc_id(out, "ngoc-ky-2023.pdf");
    let vals = values(out);
    let resolved: Vec<&Val> = vals
        .iter()
        .filter(|v| v.doc_id == id && v.indicator == "dossiers.resolved")
        .collect();
    let text = resolved
        .iter()
        .find(|v| v.value == 1451.0 && v.origin == "text");
    let table = resolved
        .iter()
        .find(|v| v.value == 1601.0 && v.origin == "table");
    let text = text.unwrap_or_else(|| panic!("1451 from a sentence: {resolved:#?}"));
    let table = table.unwrap_or_else(|| panic!("1601 from the appendix: {resolved:#?}"));
    assert_eq!(text.page, Some(8), "{text:?}");
    assert_eq!(table.page, Some(19), "{table:?}");
    assert!(text.snippet.contains("1451"), "{text:?}");
    assert!(
        table.snippet.contains("1601") && table.snippet.contains("giải quyết"),
        "{table:?}"
    );
}

#[test]
fn unreadable_files_fail_alone_with_a_reason() {
    let dir = std::env::temp_dir().join(format!("baocao-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/empty.pdf"), b"").unwrap();
    std::fs::write(dir.join("in/notes.pdf"), b"just some text, not a pdf").unwrap();
    std::fs::write(
        dir.join("in/truncated.pdf"),
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog",
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/nhu-quynh-q1-2024.docx"),
        dir.join("in/renamed.pdf"),
    )
    .unwrap();
    let out = dir.join("out");
    ingest(&[dir.join("in").to_str().unwrap()], &out);
    let df = read(&out, "documents.parquet");
    let paths = strs(&df, "path");
    let status = strs(&df, "status");
    let errors = strs(&df, "error");
    let formats = strs(&df, "format");
    assert_eq!(df.height(), 4);
    for k in 0..df.height() {
        let p = paths[k].clone().unwrap();
        if p.ends_with("renamed.pdf") {
            assert_eq!(status[k].as_deref(), Some("ok"), "{p}: {:?}", errors[k]);
            assert_eq!(formats[k].as_deref(), Some("docx"));
        } else {
            assert_eq!(status[k].as_deref(), Some("failed"), "{p}");
            let e = errors[k].clone().unwrap_or_default();
            assert!(
                !e.is_empty() && !e.contains('\n'),
                "{p}: one-line reason, got {e:?}"
            );
        }
    }
}

#[test]
fn runs_from_another_folder_with_the_built_in_pattern_library() {
    // A user runs the binary from their archive's folder, which has no patterns/.
    let dir = std::env::temp_dir().join(format!("baocao-elsewhere-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("fixtures/nhu-quynh-q1-2024.docx"),
        dir.join("report.docx"),
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(&dir)
        .args(["ingest", "report.docx", "--quiet"])
        .output()
        .expect("run baocao");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let values = read(&dir.join("out"), "values.parquet");
    assert!(values.height() > 10, "{} figures", values.height());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn debug_prints_a_page_layers_as_json_and_draws_an_svg() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .current_dir(root())
            .args(args)
            .output()
            .expect("run baocao")
    };
    let svg = std::env::temp_dir().join(format!("baocao-debug-{}.svg", std::process::id()));
    let o = run(&[
        "debug",
        "fixtures/ngoc-ky-2023.pdf",
        "--page",
        "1",
        "--stage",
        "words",
        "--json",
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let words: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert!(words.len() > 20, "{} words", words.len());
    for w in &words {
        assert!(w["text"].as_str().is_some_and(|t| !t.is_empty()), "{w}");
        for k in ["x0", "x1", "top", "baseline"] {
            assert!(w[k].as_f64().is_some_and(|v| v >= 0.0), "{k} in {w}");
        }
    }
    let s = std::fs::read_to_string(&svg).expect("svg written");
    assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
    assert!(s.contains("class=\"words\"") && s.contains("<text"));
    let _ = std::fs::remove_file(&svg);

    // A DOCX has blocks but no glyphs; an unknown stage and a page past the end are refused.
    let o = run(&[
        "debug",
        "fixtures/nhu-quynh-q1-2024.docx",
        "--stage",
        "blocks",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "debug",
        "fixtures/nhu-quynh-q1-2024.docx",
        "--stage",
        "glyphs",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a PDF"));
    let o = run(&["debug", "fixtures/ngoc-ky-2023.pdf", "--stage", "letters"]);
    assert!(!o.status.success());
    let o = run(&["debug", "fixtures/ngoc-ky-2023.pdf", "--page", "999"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("out of range"));
}

fn run_baocao(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run baocao")
}

#[test]
fn patterns_coverage_lists_every_indicator_with_and_without_an_output_folder() {
    let catalogue = std::fs::read_to_string(root().join("patterns/catalogue.csv")).unwrap();
    let n = catalogue.lines().skip(1).count();

    // The library alone: every indicator, its rules and example counts; no figure counts.
    let o = run_baocao(&["patterns", "coverage"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let line = |t: &str, id: &str| {
        t.lines()
            .find(|l| l[2..].split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no line for {id} in\n{t}"))
            .to_string()
    };
    let received = line(&text, "dossiers.received");
    assert!(
        received.contains("dossiers.received.tiep_nhan_n")
            && received.contains("row.dossiers.received"),
        "{received}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with(&format!("{n} indicators"))
    );

    let o = run_baocao(&["patterns", "coverage", "--json"]);
    assert!(o.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.len(), n);
    for c in &list {
        assert!(c["positive_examples"].as_u64().unwrap() >= 2, "{c}");
        assert!(c["negative_examples"].as_u64().unwrap() >= 1, "{c}");
        assert!(c["mentions"].is_null(), "no OUT, no figure counts: {c}");
    }

    // With an output folder: figures and files per indicator; silent indicators are marked.
    let dir = std::env::temp_dir().join(format!("baocao-coverage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    ingest(&["fixtures/nhu-quynh-q1-2024.docx"], &dir);
    let out = dir.to_str().unwrap();
    let o = run_baocao(&["patterns", "coverage", out, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let get = |id: &str| list.iter().find(|c| c["indicator"] == id).unwrap().clone();
    let r = get("dossiers.received");
    assert!(r["mentions"].as_u64().unwrap() >= 1, "{r}");
    assert_eq!(r["documents"], 1, "{r}");
    let rank = get("par_index.rank");
    assert_eq!(rank["mentions"], 0, "{rank}");
    assert!(
        rank["note"].as_str().unwrap().contains("no figure"),
        "{rank}"
    );
    let o = run_baocao(&["patterns", "coverage", out]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(line(&text, "par_index.rank").starts_with('!'), "{text}");
    assert!(line(&text, "dossiers.received").starts_with(' '), "{text}");
    assert!(
        text.lines().last().unwrap().contains("without a figure in"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    // A folder that is no ingest output is an error, not an empty table.
    let o = run_baocao(&["patterns", "coverage", "fixtures"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("values.parquet"));
}

#[test]
fn gaps_lists_missed_sentences_and_rows_but_not_extracted_ones() {
    let o = run_baocao(&["gaps", "fixtures/ngoc-ky-2023.pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (last, gaps) = lines.split_last().unwrap();
    assert!(!gaps.is_empty(), "{text}");
    assert!(
        last.contains(" gaps (") && last.contains("ngoc-ky-2023.pdf"),
        "{last}"
    );
    // Every line: page, section, families, text.
    for g in gaps {
        assert!(g.starts_with('p') && g.contains(" ["), "{g}");
        assert!(g.chars().count() < 300, "trimmed: {g}");
    }
    // "Số hồ sơ tiếp nhận và giải quyết: 1451 hồ sơ" gives figures: not a gap.
    assert!(!text.contains("1451"), "{text}");
    // A table row of the appendix that no row rule maps.
    assert!(gaps.iter().any(|g| g.contains("row: ")), "{text}");

    let o = run_baocao(&["gaps", "fixtures/ngoc-ky-2023.pdf", "--json"]);
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = doc["gaps"].as_array().unwrap();
    assert_eq!(doc["count"].as_u64().unwrap() as usize, list.len());
    assert_eq!(list.len(), gaps.len());
    assert!(list.iter().all(|g| {
        ["sentence", "row"].contains(&g["kind"].as_str().unwrap())
            && g["page"].as_u64().is_some()
            && !g["families"].as_array().unwrap().is_empty()
    }));
}
