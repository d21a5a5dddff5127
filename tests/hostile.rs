//! Hostile inputs: the broken files of `fixtures/bad/` (made by `scripts/make_bad_fixtures.py`)
//! ingested together with the good fixtures; the per-file time budget; incremental runs;
//! deterministic output whatever `--jobs`; and `kill -9` during the write.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use polars::prelude::*;

fn temp_out(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baocao-hostile-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every .pdf/.docx under a folder, relative to the repository root, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf" || x == "docx") {
                out.push(
                    p.strip_prefix(root())
                        .unwrap()
                        .to_string_lossy()
                        .to_string(),
                );
            }
        }
    }
    out.sort();
    out
}

/// (file name in fixtures/bad, expected status, expected `error_code`, a piece of the reason).
const BAD: &[(&str, &str, &str, &str)] = &[
    (
        "cyclic-page-tree.pdf",
        "failed",
        "page_tree_cycle",
        "page tree cycle",
    ),
    ("deep-nesting.docx", "failed", "xml_depth", "xml depth cap"),
    (
        "deep-page-tree.pdf",
        "failed",
        "page_tree_depth",
        "page tree depth cap",
    ),
    (
        "empty.docx",
        "failed",
        "unsupported_format",
        "looks like empty",
    ),
    (
        "empty.pdf",
        "failed",
        "unsupported_format",
        "looks like empty",
    ),
    ("encrypted-empty-password.pdf", "ok", "", ""),
    (
        "encrypted-password.pdf",
        "failed",
        "encrypted",
        "encrypted (password required)",
    ),
    (
        "flate-bomb.pdf",
        "failed",
        "stream_length",
        "content-stream length cap",
    ),
    (
        "form-cycle.pdf",
        "failed",
        "form_cycle",
        "form xobject cycle",
    ),
    (
        "garbage-after-header.pdf",
        "failed",
        "malformed_pdf",
        "malformed pdf",
    ),
    (
        "html-named.docx",
        "failed",
        "unsupported_format",
        "not a pdf or docx file",
    ),
    (
        "malformed-xml.docx",
        "failed",
        "malformed_xml",
        "malformed xml",
    ),
    (
        "million-pages.pdf",
        "failed",
        "page_count",
        "page count cap",
    ),
    (
        "not-a-document.pdf",
        "failed",
        "unsupported_format",
        "not a pdf or docx file (looks like text)",
    ),
    ("truncated.docx", "failed", "not_zip", "not a zip archive"),
    ("truncated.pdf", "failed", "malformed_pdf", "malformed pdf"),
    ("word-renamed.pdf", "ok", "", ""),
    (
        "zip-bomb-declared.docx",
        "failed",
        "zip_bomb",
        "total uncompressed size cap",
    ),
    (
        "zip-bomb.docx",
        "failed",
        "zip_bomb",
        "compression ratio cap",
    ),
];

#[test]
fn good_and_bad_fixtures_together_one_row_each_with_a_reason() {
    let out = fixtures_out();
    let df = read(out, "documents.parquet");
    let paths: Vec<String> = strs(&df, "path").into_iter().flatten().collect();
    let status = strs(&df, "status");
    let error = strs(&df, "error");
    let code = strs(&df, "error_code");
    let format = strs(&df, "format");
    let elapsed: Vec<i64> = df
        .column("elapsed_ms")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    // Exactly one row per input file, in path order.
    assert_eq!(paths, files_under(&root().join("fixtures")));
    let bad_listed: Vec<String> = BAD
        .iter()
        .map(|(n, _, _, _)| format!("fixtures/bad/{n}"))
        .collect();
    assert_eq!(
        files_under(&root().join("fixtures/bad")),
        bad_listed,
        "fixtures/bad and the table of this test disagree: rerun scripts/make_bad_fixtures.py"
    );
    for (k, path) in paths.iter().enumerate() {
        let st = status[k].as_deref().unwrap();
        let err = error[k].as_deref().unwrap_or("");
        // Hostile files must fail fast: 10 s each even in a debug build on a loaded machine.
        // (The good 6.6 MB scan takes a few seconds in debug; 60 s leaves room for load.)
        let budget = if path.contains("/bad/") {
            10_000
        } else {
            60_000
        };
        assert!(elapsed[k] < budget, "{path} took {} ms", elapsed[k]);
        assert!(!err.contains('\n'), "{path}: reason is one line: {err}");
        if let Some((_, want, want_code, reason)) = BAD
            .iter()
            .find(|(n, _, _, _)| path.ends_with(&format!("bad/{n}")))
        {
            assert_eq!(st, *want, "{path}: {err}");
            assert_eq!(
                code[k].as_deref().unwrap_or(""),
                *want_code,
                "{path}: {err}"
            );
            assert!(
                err.contains(reason),
                "{path}: reason {err:?} lacks {reason:?}"
            );
            if *want == "failed" {
                assert!(!err.is_empty(), "{path} failed without a reason");
            }
        } else {
            assert_ne!(st, "failed", "good fixture {path} failed: {err}");
        }
    }
    // The Word file named .pdf is read as DOCX; the PDF with an empty user password is read.
    let at = |name: &str| paths.iter().position(|p| p.ends_with(name)).unwrap();
    assert_eq!(format[at("word-renamed.pdf")].as_deref(), Some("docx"));
    let chars = df
        .column("chars")
        .unwrap()
        .i64()
        .unwrap()
        .get(at("encrypted-empty-password.pdf"));
    assert!(chars.unwrap() > 20, "decrypted text was read");
}

#[test]
fn a_file_over_its_time_budget_fails_and_the_run_goes_on() {
    let out = temp_out("timeout");
    let stderr = ingest(
        &[
            "fixtures/nhu-quynh-q1-2024.docx",
            "fixtures/bad/empty.pdf",
            "--file-timeout",
            "0.000001",
        ],
        &out,
    );
    assert!(stderr.contains("2 files"), "{stderr}");
    let df = read(&out, "documents.parquet");
    let status = strs(&df, "status");
    let error = strs(&df, "error");
    // The empty file fails before any parsing; the report runs out of time.
    assert_eq!(status[1].as_deref(), Some("failed"));
    assert_eq!(error[1].as_deref(), Some("timed out after 0.000001 s"));
    assert_eq!(strs(&df, "error_code")[1].as_deref(), Some("timeout"));
    assert_eq!(status[0].as_deref(), Some("failed"));
    let _ = std::fs::remove_dir_all(&out);
}

/// The frames of an output folder, without the timing column.
fn dataset(out: &Path) -> Vec<DataFrame> {
    ["documents.parquet", "values.parquet", "findings.parquet"]
        .iter()
        .map(|n| {
            let df = read(out, n);
            if *n == "documents.parquet" {
                df.drop("elapsed_ms").unwrap()
            } else {
                df
            }
        })
        .collect()
}

fn same(a: &[DataFrame], b: &[DataFrame]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.equals_missing(y))
}

#[test]
fn output_is_the_same_whatever_the_number_of_jobs() {
    let (a, b) = (temp_out("jobs1"), temp_out("jobs2"));
    ingest(&["fixtures", "--jobs", "1"], &a);
    ingest(&["fixtures", "--jobs", "2"], &b);
    assert!(same(&dataset(&a), &dataset(&b)));
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn incremental_keeps_unchanged_rows_and_equals_a_full_run() {
    let corpus = temp_out("inc-corpus");
    std::fs::create_dir_all(corpus.join("bad")).unwrap();
    for f in [
        "nhu-quynh-q1-2024.docx",
        "ngoc-ky-2023.pdf",
        "nhu-quynh-q1-2024-tcvn3.docx",
    ] {
        std::fs::copy(root().join("fixtures").join(f), corpus.join(f)).unwrap();
    }
    for f in ["zip-bomb.docx", "empty.pdf", "encrypted-password.pdf"] {
        std::fs::copy(
            root().join("fixtures/bad").join(f),
            corpus.join("bad").join(f),
        )
        .unwrap();
    }
    let c = corpus.to_str().unwrap();
    let out = temp_out("inc-out");
    ingest(&[c], &out);
    let before: Vec<Vec<u8>> = ["documents.parquet", "values.parquet", "findings.parquet"]
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    // Unchanged corpus: nothing is read again, the files are byte for byte the same.
    let stderr = ingest(&[c, "--incremental"], &out);
    assert!(stderr.contains("(6 unchanged, 0 read)"), "{stderr}");
    for (k, n) in ["documents.parquet", "values.parquet", "findings.parquet"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            std::fs::read(out.join(n)).unwrap(),
            before[k],
            "{n} changed"
        );
    }
    // One file changed, one removed, one added: equal to a full run (but the timings).
    std::fs::copy(
        root().join("fixtures/dong-tien-2024-ocr.pdf"),
        corpus.join("ngoc-ky-2023.pdf"),
    )
    .unwrap();
    std::fs::remove_file(corpus.join("bad/empty.pdf")).unwrap();
    std::fs::copy(
        root().join("fixtures/nhu-quynh-q1-2024.pdf"),
        corpus.join("new.pdf"),
    )
    .unwrap();
    let stderr = ingest(&[c, "--incremental"], &out);
    assert!(stderr.contains("(4 unchanged, 2 read)"), "{stderr}");
    let full = temp_out("inc-full");
    ingest(&[c], &full);
    assert!(same(&dataset(&out), &dataset(&full)));
    for d in [&corpus, &out, &full] {
        let _ = std::fs::remove_dir_all(d);
    }
}

fn run_paused(inputs: &[&str], out: &Path, pause_ms: u64) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .arg("ingest")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .env("BAOCAO_TEST_WRITE_PAUSE_MS", pause_ms.to_string())
        .stderr(Stdio::null())
        .spawn()
        .expect("run baocao")
}

fn wait_for(deadline: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let t = Instant::now();
    while t.elapsed() < deadline {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

fn bytes_of(out: &Path) -> Vec<Vec<u8>> {
    ["documents.parquet", "values.parquet", "findings.parquet"]
        .iter()
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect()
}

fn temps(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

/// `kill -9` at each stage of the write: while the temporary files are written, after the
/// commit journal, after the first rename. The folder keeps the previous complete dataset
/// (the first two) or is completed by the next command (the last); stale temporary files are
/// cleaned up.
#[test]
fn kill_during_the_write_leaves_a_complete_dataset() {
    let out = temp_out("kill");
    let old_inputs = ["fixtures/nhu-quynh-q1-2024.docx", "fixtures/bad"];
    let new_inputs = ["fixtures/nhu-quynh-q1-2024-tcvn3.docx"];
    ingest(&old_inputs, &out);
    let old = bytes_of(&out);
    let old_frames = dataset(&out);
    let fresh = temp_out("kill-fresh");
    ingest(&new_inputs, &fresh);
    let new_frames = dataset(&fresh);

    // 1. Killed while the temporary files are being written.
    let mut child = run_paused(&new_inputs, &out, 400);
    assert!(wait_for(Duration::from_secs(120), || !temps(&out).is_empty()));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(bytes_of(&out), old, "previous dataset untouched");
    assert!(same(&dataset(&out), &old_frames));

    // 2. Killed after the journal, before any rename: still the old files, then completed.
    let mut child = run_paused(&new_inputs, &out, 400);
    assert!(wait_for(Duration::from_secs(120), || out
        .join(".commit")
        .exists()));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(bytes_of(&out), old, "previous dataset untouched");
    let audit = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("audit")
        .arg(&out)
        .output()
        .unwrap();
    assert!(audit.status.success());
    assert!(same(&dataset(&out), &new_frames), "journal rolled forward");
    assert!(!out.join(".commit").exists());

    // 3. Back to the old dataset, then killed between the renames: the next run completes
    //    the interrupted commit before anything else.
    ingest(&old_inputs, &out);
    let mut child = run_paused(&new_inputs, &out, 400);
    let values_tmp = |out: &Path| temps(out).iter().any(|n| n.starts_with(".values"));
    assert!(wait_for(Duration::from_secs(120), || {
        out.join(".commit").exists() && !values_tmp(&out)
    }));
    child.kill().unwrap();
    child.wait().unwrap();
    let audit = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("audit")
        .arg(&out)
        .output()
        .unwrap();
    assert!(audit.status.success());
    assert!(
        same(&dataset(&out), &new_frames),
        "interrupted commit completed"
    );
    assert!(!out.join(".commit").exists());
    assert!(
        temps(&out).is_empty(),
        "stale temporary files removed: {:?}",
        temps(&out)
    );

    // 4. Killed at arbitrary moments: after recovery the folder always holds one complete
    //    dataset (every values/findings doc_id has a documents row).
    for (k, delay) in [0u64, 30, 80, 150, 300, 600].into_iter().enumerate() {
        let inputs: &[&str] = if k % 2 == 0 { &old_inputs } else { &new_inputs };
        let mut child = run_paused(inputs, &out, 20);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        let audit = Command::new(env!("CARGO_BIN_EXE_baocao"))
            .arg("audit")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            audit.status.success(),
            "readable after a kill at {delay} ms"
        );
        let ids: std::collections::HashSet<String> =
            strs(&read(&out, "documents.parquet"), "doc_id")
                .into_iter()
                .flatten()
                .collect();
        for n in ["values.parquet", "findings.parquet"] {
            for id in strs(&read(&out, n), "doc_id").into_iter().flatten() {
                assert!(
                    ids.contains(&id),
                    "{n} row of a document not in documents.parquet"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&fresh);
}
