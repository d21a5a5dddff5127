//! OCR of image-only pages on `tests/ocr/scan-imageonly.pdf` (made by
//! `scripts/make_scan_fixture.py`): page 1 a JPEG placed by a `cm`, page 2 a CCITT G4 page,
//! page 3 a JPEG stored sideways under /Rotate 90; and on `tests/ocr/matrix-scan.pdf` (made by
//! `scripts/make_matrix_scan_fixture.py`), a ruled matrix table scanned at 200 dpi.
//!
//! The tests that run Tesseract need it with the Vietnamese model. Without it they say so
//! and pass, unless `BAOCAO_REQUIRE_OCR=1` (set by `.ci/run` once it has installed the
//! engine), where a missing engine fails them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use baocao_model::{Block, Document, Format};
use baocao_read::ocr::tesseract::{INSTALL_HINT, Tesseract};
use baocao_read::ocr::{Ocr, OcrMode, Slots};
use baocao_read::{ReadOptions, read_with};

fn fixture() -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ocr/scan-imageonly.pdf");
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn engine_or_skip() -> Option<Tesseract> {
    match Tesseract::detect() {
        Ok(t) => Some(t),
        Err(e) if std::env::var("BAOCAO_REQUIRE_OCR").as_deref() == Ok("1") => {
            panic!("BAOCAO_REQUIRE_OCR=1 but {e}")
        }
        Err(e) => {
            eprintln!("skipped: {e}");
            None
        }
    }
}

fn read(ocr: Option<Ocr>) -> Document {
    let options = ReadOptions {
        ocr: ocr.map(Arc::new),
        ..Default::default()
    };
    read_with(&fixture(), Format::Pdf, &options).expect("the fixture reads")
}

fn page_text(doc: &Document, page: u32) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) if p.page == Some(page) => {
                out.push_str(&p.text);
                out.push('\n');
            }
            Block::Table(t) => {
                for r in t.rows.iter().filter(|r| r.page == Some(page)) {
                    out.push_str(&r.cells.join(" | "));
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn without_ocr_the_scan_has_no_text() {
    let doc = read(None);
    assert_eq!(doc.pages, Some(3));
    assert!(doc.blocks.is_empty());
    assert!(doc.ocr.is_none());
}

#[test]
fn a_missing_engine_skips_the_pages_with_the_install_hint() {
    let ocr = Ocr {
        engine: Tesseract::at(PathBuf::from("/nonexistent/baocao/tesseract")),
        page_timeout: Duration::from_secs(5),
        slots: None,
    };
    let doc = read(Some(ocr));
    assert!(doc.blocks.is_empty());
    assert!(doc.ocr.is_none());
    assert_eq!(doc.skipped.len(), 3, "{:?}", doc.skipped);
    for (k, s) in doc.skipped.iter().enumerate() {
        assert!(s.starts_with(&format!("page {}: image only", k + 1)), "{s}");
        assert!(s.contains(INSTALL_HINT), "{s}");
    }
}

#[test]
fn off_mode_builds_no_ocr() {
    let off = Ocr::for_mode(OcrMode::Off, Duration::from_secs(1), None).unwrap();
    assert!(off.is_none());
}

#[test]
fn ocr_reads_jpeg_ccitt_and_rotated_pages() {
    let Some(engine) = engine_or_skip() else {
        return;
    };
    let ocr = Ocr {
        engine: Ok(engine.clone()),
        page_timeout: Duration::from_secs(120),
        slots: Some(Slots::new(1)),
    };
    let doc = read(Some(ocr));
    assert!(doc.skipped.is_empty(), "{:?}", doc.skipped);
    let stats = doc.ocr.as_ref().expect("ocr stats");
    assert_eq!(stats.pages, 3);
    assert_eq!(stats.engine, engine.version);
    assert!(stats.engine.starts_with("tesseract ") && stats.engine.ends_with(" vie"));
    assert!(
        stats.mean_conf > 70.0 && stats.mean_conf <= 100.0,
        "{}",
        stats.mean_conf
    );

    // Page 1 (JPEG, offset placement): the heading block as a borderless table, the title.
    let p1 = page_text(&doc, 1);
    assert!(p1.contains("ỦY BAN NHÂN DÂN"), "{p1}");
    assert!(p1.contains("37/BC-UBND"), "{p1}");
    assert!(p1.contains("BÁO CÁO"), "{p1}");
    let header = doc.blocks.iter().find_map(|b| match b {
        Block::Table(t) if t.page == Some(1) => Some(t),
        _ => None,
    });
    let header = header.expect("the heading block is a borderless table");
    assert!(header.borderless);
    assert!(
        header.rows.iter().any(|r| r.cells.len() == 2
            && r.cells[0].contains("NHÂN DÂN")
            && r.cells[1].contains("CỘNG HÒA")),
        "{:?}",
        header.rows
    );

    // Page 2 (CCITT G4).
    let p2 = page_text(&doc, 2);
    assert!(p2.contains("75 nhiệm vụ"), "{p2}");
    assert!(p2.contains("KẾT QUẢ THỰC HIỆN"), "{p2}");

    // Page 3 (sideways JPEG under /Rotate 90): upright text, table rows with their figures.
    let p3 = page_text(&doc, 3);
    assert!(p3.contains("Phụ lục"), "{p3}");
    assert!(p3.contains("CÔNG TÁC CHỈ ĐẠO"), "{p3}");
    assert!(p3.contains("Nhiệm vụ"), "{p3}");
}

/// A stand-in engine: a shell script run in place of Tesseract.
#[cfg(unix)]
fn fake_engine(name: &str, body: &str) -> Tesseract {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("baocao-fake-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("tesseract");
    std::fs::write(&bin, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    Tesseract {
        binary: bin,
        version: String::from("fake 0 vie"),
    }
}

#[cfg(unix)]
#[test]
fn a_hung_page_is_killed_and_skipped() {
    let ocr = Ocr {
        engine: Ok(fake_engine("hang", "exec sleep 600")),
        page_timeout: Duration::from_millis(300),
        slots: None,
    };
    let doc = read(Some(ocr));
    assert!(doc.ocr.is_none());
    assert_eq!(doc.skipped.len(), 3, "{:?}", doc.skipped);
    assert!(
        doc.skipped
            .iter()
            // Page 3 (sideways) is rendered by pdftoppm first, under the same limit.
            .all(|s| s.contains("timed out after 0.3 s")),
        "{:?}",
        doc.skipped
    );
}

#[cfg(unix)]
#[test]
fn a_failing_engine_skips_the_page_with_its_message() {
    let ocr = Ocr {
        engine: Ok(fake_engine(
            "fail",
            "cat > /dev/null; echo 'Error: bad image' >&2; exit 1",
        )),
        page_timeout: Duration::from_secs(60),
        slots: Some(Slots::new(2)),
    };
    let doc = read(Some(ocr));
    assert_eq!(doc.skipped.len(), 3, "{:?}", doc.skipped);
    assert!(
        doc.skipped[0].starts_with("page 1: ocr failed: Error: bad image"),
        "{:?}",
        doc.skipped
    );
}

#[test]
fn a_scanned_ruled_table_is_read_cell_by_cell() {
    let Some(engine) = engine_or_skip() else {
        return;
    };
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ocr/matrix-scan.pdf");
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let options = ReadOptions {
        ocr: Some(Arc::new(Ocr {
            engine: Ok(engine),
            page_timeout: Duration::from_secs(120),
            slots: None,
        })),
        ..Default::default()
    };
    let doc = read_with(&bytes, Format::Pdf, &options).expect("the fixture reads");
    // The matrix: 10 grid columns (STT, field, 4 received, 3 resolved, pending), the rules
    // found in the raster, so every figure sits in its own cell.
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if !t.borderless && t.rows.iter().any(|r| r.cells.len() == 10) => {
                Some(t)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no ruled table of 10 columns: {:#?}", doc.blocks));
    let row = |label: &str| -> Vec<String> {
        table
            .rows
            .iter()
            .find(|r| r.cells.iter().any(|c| c.contains(label)))
            .map(|r| r.cells.clone())
            .unwrap_or_else(|| panic!("no row {label:?}: {:#?}", table.rows))
    };
    let tail = |cells: Vec<String>| cells.get(2..).map(<[String]>::to_vec).unwrap_or_default();
    assert!(table.rows.iter().all(|r| r.cells.len() == 10), "{table:#?}");
    assert_eq!(
        tail(row("Tư pháp")),
        ["312", "5", "250", "57", "120", "185", "0", "7"]
    );
    assert_eq!(
        tail(row("Đất đai")),
        ["45", "8", "10", "27", "5", "30", "2", "8"]
    );
    assert_eq!(
        tail(row("Lao động")),
        ["88", "0", "70", "18", "40", "46", "0", "2"]
    );
    // The merged header's first row: group titles in their first column, the rest empty.
    let head = &table.rows[0].cells;
    assert_eq!(head[2], "Số hồ sơ nhận giải quyết", "{head:?}");
    assert_eq!(head[6], "Kết quả giải quyết", "{head:?}");
    assert!(head[3].is_empty() && head[7].is_empty(), "{head:?}");
}
