//! One report, three files: the DOCX, its PDF export and its TCVN3 twin must give the same
//! words and the same figures. This catches what other extractors get wrong: words split at
//! diacritics ("ĐIỀ U"), numbers of neighbouring table columns merged, legacy fonts left as
//! mojibake.

mod common;

use std::collections::HashMap;

use common::*;

fn words(file: &str) -> HashMap<String, usize> {
    let bytes = std::fs::read(root().join("fixtures").join(file)).unwrap();
    let (_, units) = baocao::read_units(&bytes).unwrap();
    // Layout rows (repeated table headers, heading and signature blocks) are left out: a
    // PDF repeats a table's header on every page, the DOCX holds it once.
    word_counts(
        units.iter().filter(|u| !u.layout).map(|u| u.text.as_str()),
        true,
    )
}

#[test]
fn pdf_export_has_the_docx_words() {
    let docx = words("nhu-quynh-q1-2024.docx");
    let pdf = words("nhu-quynh-q1-2024.pdf");
    let r = overlap(&docx, &pdf);
    let p = overlap(&pdf, &docx);
    assert!(
        r >= 0.98 && p >= 0.98,
        "DOCX words found in PDF {r:.4}, PDF words found in DOCX {p:.4}"
    );
    for split in ["điề", "thủ tụ", "hà nh"] {
        assert!(
            !pdf.contains_key(split),
            "a word split at a diacritic: {split}"
        );
    }
}

#[test]
fn tcvn3_twin_reads_as_the_unicode_docx() {
    let uni = words("nhu-quynh-q1-2024.docx");
    let legacy = words("nhu-quynh-q1-2024-tcvn3.docx");
    assert!(overlap(&uni, &legacy) >= 0.999 && overlap(&legacy, &uni) >= 0.999);
}

#[test]
fn docx_and_pdf_give_the_same_figures() {
    let out = fixtures_out();
    let vals = values(out);
    let figures = |name: &str| {
        let id = doc_id(out, name);
        let mut v: Vec<String> = vals
            .iter()
            .filter(|v| v.doc_id == id)
            .map(|v| format!("{} {} {}", v.origin, v.indicator, v.value))
            .collect();
        v.sort();
        v
    };
    let docx = figures("nhu-quynh-q1-2024.docx");
    assert!(docx.len() >= 40, "{docx:?}");
    assert_eq!(docx, figures("nhu-quynh-q1-2024.pdf"));
    assert_eq!(docx, figures("nhu-quynh-q1-2024-tcvn3.docx"));
}
