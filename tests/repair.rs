//! OCR diacritic repair: damaged text is mended, clean text is left alone, and the user can
//! see what changed.

mod common;

use std::process::Command;

use common::*;

#[test]
fn repair_touches_damaged_reports_only() {
    let out = fixtures_out();
    let df = read(out, "documents.parquet");
    let paths = strs(&df, "path");
    let repaired: Vec<Option<i64>> = df
        .column("repaired_words")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .collect();
    let damage: Vec<Option<f64>> = df
        .column("ocr_damage")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    let row = |name: &str| {
        paths
            .iter()
            .position(|p| p.as_deref().unwrap_or("").ends_with(name))
            .unwrap()
    };
    for clean in [
        "ngoc-ky-2023.pdf",
        "nhu-quynh-q1-2024.pdf",
        "nhu-quynh-q1-2024.docx",
        "nhu-quynh-q1-2024-tcvn3.docx",
    ] {
        assert_eq!(
            repaired[row(clean)],
            Some(0),
            "{clean}: clean text must not be changed"
        );
    }
    let ocr = row("dong-tien-2024-ocr.pdf");
    assert!(
        repaired[ocr].unwrap() >= 10,
        "OCR-damaged report repaired: {:?}",
        repaired[ocr]
    );
    assert!(damage[ocr].unwrap() > 3.0 * damage[row("ngoc-ky-2023.pdf")].unwrap());
}

#[test]
fn text_diff_shows_the_repairs() {
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .args(["text", "fixtures/dong-tien-2024-ocr.pdf", "--diff"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("[-Đon-]{+Đơn+}"), "Đơn vị restored");
    assert!(
        text.contains("[-CO'-]{+CƠ+}") || text.contains("[-CO’-]{+CƠ+}"),
        "CƠ restored"
    );
    let raw = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .args(["text", "fixtures/dong-tien-2024-ocr.pdf", "--raw"])
        .output()
        .unwrap();
    let raw = String::from_utf8(raw.stdout).unwrap();
    assert!(raw.contains("Đon vị") && !raw.contains("[-"));
}
