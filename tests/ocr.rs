//! `--ocr` end to end on the scan fixture (`crates/read/tests/ocr/scan-imageonly.pdf`):
//! the engine missing (pages skipped with the install hint, `--ocr require` stops before
//! reading), and, when Tesseract with `vie` is installed, the documents row's OCR columns
//! and an `--incremental` run that reuses the row instead of OCR'ing again.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{floats, ints, read, root, strs};

const HINT: &str = "apt-get install tesseract-ocr tesseract-ocr-vie";

/// A fresh folder holding the scan fixture as `in/scan.pdf`.
fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baocao-ocr-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::copy(
        root().join("crates/read/tests/ocr/scan-imageonly.pdf"),
        dir.join("in/scan.pdf"),
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], tesseract: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baocao"));
    c.current_dir(dir).args(args);
    if let Some(t) = tesseract {
        c.env("BAOCAO_TESSERACT", t);
    }
    c.output().expect("run baocao")
}

#[test]
fn without_the_engine_the_scan_is_partial_with_the_install_hint() {
    let dir = workdir("absent");
    let o = run(
        &dir,
        &["ingest", "in", "--out", "out", "--quiet"],
        Some("/nonexistent/baocao/tesseract"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = read(&dir.join("out"), "documents.parquet");
    assert_eq!(strs(&docs, "status"), vec![Some("partial".into())]);
    let error = strs(&docs, "error")[0].clone().unwrap_or_default();
    assert!(error.contains("page 1: image only"), "{error}");
    assert!(error.contains(HINT), "{error}");
    assert_eq!(ints(&docs, "ocr_pages"), vec![Some(0)]);
    assert_eq!(strs(&docs, "ocr_engine"), vec![None]);
    assert_eq!(floats(&docs, "ocr_mean_conf"), vec![None]);
    // Such a row depends on the machine: --incremental reads the file again.
    let again = run(
        &dir,
        &["ingest", "in", "--out", "out", "--incremental"],
        Some("/nonexistent/baocao/tesseract"),
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("(0 unchanged, 1 read)"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ocr_require_stops_before_reading_when_the_engine_is_missing() {
    let dir = workdir("require");
    let o = run(
        &dir,
        &["ingest", "in", "--out", "out", "--ocr", "require"],
        Some("/nonexistent/baocao/tesseract"),
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("--ocr require") && stderr.contains(HINT),
        "{stderr}"
    );
    assert!(!dir.join("out").exists(), "nothing is written");
    let t = run(
        &dir,
        &["text", "in/scan.pdf", "--ocr", "require"],
        Some("/nonexistent/baocao/tesseract"),
    );
    assert_eq!(t.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ocr_off_leaves_the_scan_without_text() {
    let dir = workdir("off");
    let o = run(
        &dir,
        &["ingest", "in", "--out", "out", "--ocr", "off"],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = read(&dir.join("out"), "documents.parquet");
    assert_eq!(strs(&docs, "status"), vec![Some("partial".into())]);
    assert_eq!(strs(&docs, "error_code"), vec![Some("no_text".into())]);
    assert_eq!(ints(&docs, "ocr_pages"), vec![Some(0)]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ocr_fills_the_columns_and_incremental_runs_do_not_ocr_again() {
    if baocao::read::ocr::tesseract::Tesseract::detect().is_err() {
        assert_ne!(
            std::env::var("BAOCAO_REQUIRE_OCR").as_deref(),
            Ok("1"),
            "BAOCAO_REQUIRE_OCR=1 but tesseract with vie is not installed"
        );
        eprintln!("skipped: tesseract with vie is not installed");
        return;
    }
    let dir = workdir("present");
    let o = run(
        &dir,
        &["ingest", "in", "--out", "out", "--quiet", "--jobs", "2"],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = read(&dir.join("out"), "documents.parquet");
    assert_eq!(
        strs(&docs, "status"),
        vec![Some("ok".into())],
        "{:?}",
        strs(&docs, "error")
    );
    assert_eq!(ints(&docs, "ocr_pages"), vec![Some(3)]);
    let engine = strs(&docs, "ocr_engine")[0].clone().unwrap_or_default();
    assert!(
        engine.starts_with("tesseract ") && engine.ends_with(" vie"),
        "{engine}"
    );
    let conf = floats(&docs, "ocr_mean_conf")[0].unwrap_or(0.0);
    assert!(conf > 70.0 && conf <= 100.0, "{conf}");
    let meta = strs(&docs, "doc_number");
    assert_eq!(meta, vec![Some("37/BC-UBND".into())]);
    let values = read(&dir.join("out"), "values.parquet");
    assert!(values.height() >= 8, "{} figures", values.height());

    // A second run with --incremental and no engine at all: the row is reused as it was,
    // so nothing was OCR'd again (else the pages would be skipped for the missing engine).
    let again = run(
        &dir,
        &["ingest", "in", "--out", "out", "--incremental"],
        Some("/nonexistent/baocao/tesseract"),
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{stderr}");
    assert!(stderr.contains("(1 unchanged, 0 read)"), "{stderr}");
    let docs2 = read(&dir.join("out"), "documents.parquet");
    assert_eq!(strs(&docs2, "status"), vec![Some("ok".into())]);
    assert_eq!(ints(&docs2, "ocr_pages"), vec![Some(3)]);
    assert_eq!(strs(&docs2, "ocr_engine"), vec![Some(engine)]);
    assert_eq!(floats(&docs2, "ocr_mean_conf"), vec![Some(conf)]);
    let _ = std::fs::remove_dir_all(&dir);
}
