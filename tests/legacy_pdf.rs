//! Legacy-encoded PDFs (issue #14): a report printed from Word in VNI or TCVN3 fonts reads as
//! its Unicode twin, a legacy table inside a Unicode report is decoded by its font, a font
//! without a telling name is decoded by its text, and a text layer that is not Vietnamese is
//! never `ok` and never "repaired".

mod common;

use std::collections::HashMap;

use baocao::model::TextEncoding;
use baocao::text::layout::{Unit, repair_units};
use common::*;

fn units(file: &str) -> (baocao::model::Document, Vec<Unit>) {
    let bytes = std::fs::read(root().join("fixtures").join(file)).unwrap();
    baocao::read_units(&bytes).unwrap()
}

/// Word counts of the units, case kept.
fn words(units: &[Unit]) -> HashMap<String, usize> {
    word_counts(units.iter().map(|u| u.text.as_str()), false)
}

#[test]
fn vni_and_tcvn3_pdfs_read_as_the_unicode_pdf() {
    let (_, uni) = units("nhu-quynh-q1-2024.pdf");
    let uni_words = words(&uni);
    for (file, enc) in [
        ("nhu-quynh-q1-2024-vni.pdf", TextEncoding::Vni),
        ("nhu-quynh-q1-2024-tcvn3.pdf", TextEncoding::Tcvn3),
    ] {
        let (doc, mut legacy) = units(file);
        assert!(doc.encodings.contains(&enc), "{file}: {:?}", doc.encodings);
        let w = words(&legacy);
        let (r, p) = (overlap(&uni_words, &w), overlap(&w, &uni_words));
        assert!(
            r >= 0.999 && p >= 0.999,
            "{file}: Unicode words found {r:.4}, its words in the Unicode PDF {p:.4}"
        );
        // Mojibake never reaches the text, and the TCVN3 `ư` (a soft hyphen) is not lost.
        let text: String = legacy.iter().map(|u| u.text.as_str()).collect();
        for bad in ["Baùo", "B¸o", "Nh Quúnh", "\u{ad}", "ñ"] {
            assert!(!text.contains(bad), "{file}: {bad:?} in the text");
        }
        assert!(text.contains("thị trấn Như Quỳnh"), "{file}");
        assert!(text.contains("ỦY BAN NHÂN DÂN"), "{file}: capitals font");
        // Clean text: OCR repair has nothing to do.
        let s = repair_units(&mut legacy);
        assert!(s.readable);
        assert_eq!(s.repaired, 0, "{file}: repair rewrote decoded text");
        assert!(s.text_quality.unwrap() > 0.99, "{file}: {s:?}");
    }
}

#[test]
fn legacy_table_in_a_unicode_report_is_decoded_by_its_font() {
    let (doc, u) = units("legacy-mixed.pdf");
    assert!(
        doc.encodings.contains(&TextEncoding::Vni),
        "{:?}",
        doc.encodings
    );
    let rows: Vec<&str> = u
        .iter()
        .filter(|u| u.table.is_some())
        .map(|u| u.text.as_str())
        .collect();
    assert!(
        rows.contains(&"1 | Tổng số hồ sơ tiếp nhận trong kỳ | Hồ sơ | 1.245"),
        "{rows:?}"
    );
    assert!(
        rows.contains(&"3 | Số hồ sơ đã giải quyết đúng hạn | Hồ sơ | 1.230"),
        "{rows:?}"
    );
    let vni = doc.fonts.iter().find(|f| f.name == "VNI-Times").unwrap();
    assert_eq!(vni.encoding, TextEncoding::Vni);
}

#[test]
fn font_without_a_telling_name_is_decoded_by_its_text() {
    let (doc, u) = units("legacy-mixed.pdf");
    // The closing paragraph is TCVN3 in a font named "Garamond".
    let garamond = doc.fonts.iter().find(|f| f.name == "Garamond").unwrap();
    assert_eq!(garamond.encoding, TextEncoding::Tcvn3);
    let text: String = u.iter().map(|u| format!("{}\n", u.text)).collect();
    assert!(
        text.contains("nâng cao chất lượng phục vụ người dân và doanh nghiệp"),
        "{text}"
    );
    // The Unicode body in an ordinary font is left alone.
    assert!(text.contains("Ủy ban nhân dân xã An Bình"), "{text}");
}

#[test]
fn garbage_text_layer_is_not_repaired() {
    let (doc, mut u) = units("garbage-text-layer.pdf");
    let before: Vec<String> = u.iter().map(|x| x.text.clone()).collect();
    let s = repair_units(&mut u);
    assert!(!s.readable, "{s:?}");
    assert!(s.text_quality.unwrap() < 0.5, "{s:?}");
    assert_eq!(s.repaired, 0);
    let after: Vec<String> = u.iter().map(|x| x.text.clone()).collect();
    assert_eq!(
        before, after,
        "repair rewrote a text layer that is not Vietnamese"
    );
    let why = baocao::text::quality::unreadable_reason(s.text_quality.unwrap(), &doc.fonts);
    assert!(
        why.starts_with("text layer is not readable Vietnamese") && why.contains("DejaVuSerif"),
        "{why}"
    );
}

#[test]
fn documents_rows_say_what_the_text_layer_was() {
    let out = fixtures_out();
    let df = read(out, "documents.parquet");
    let paths = strs(&df, "path");
    let status = strs(&df, "status");
    let error = strs(&df, "error");
    let enc = strs(&df, "text_encoding");
    let quality = floats(&df, "text_quality");
    let damage = floats(&df, "ocr_damage");
    let row = |name: &str| {
        paths
            .iter()
            .position(|p| p.as_deref().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} not in documents.parquet"))
    };
    for (file, want) in [
        ("nhu-quynh-q1-2024-vni.pdf", "vni"),
        ("nhu-quynh-q1-2024-tcvn3.pdf", "tcvn3"),
        ("nhu-quynh-q1-2024.pdf", "unicode"),
        ("legacy-mixed.pdf", "mixed"),
    ] {
        let i = row(file);
        assert_eq!(status[i].as_deref(), Some("ok"), "{file}: {:?}", error[i]);
        assert_eq!(enc[i].as_deref(), Some(want), "{file}");
        assert!(quality[i].unwrap() > 0.95, "{file}: {:?}", quality[i]);
        assert!(damage[i].unwrap() < 0.01, "{file}: {:?}", damage[i]);
    }
    let i = row("garbage-text-layer.pdf");
    assert_eq!(status[i].as_deref(), Some("partial"));
    let e = error[i].clone().unwrap_or_default();
    assert!(
        e.contains("text layer is not readable Vietnamese") && e.contains("font DejaVuSerif"),
        "{e}"
    );
    assert!(quality[i].unwrap() < 0.5);
    assert_eq!(damage[i], None, "ocr_damage measured mojibake");
}

#[test]
fn repair_leaves_undecoded_text_alone_inside_a_vietnamese_document() {
    use baocao::model::{Block, Document, Paragraph};
    let para = |t: &str| {
        Block::Paragraph(Paragraph {
            text: t.into(),
            page: Some(1),
            ..Default::default()
        })
    };
    let clean = "Trong quý, UBND xã đã tiếp nhận 1.245 hồ sơ thủ tục hành chính, giải quyết \
                 đúng hạn 1.230 hồ sơ, đang giải quyết 15 hồ sơ.";
    // A paragraph left in VNI (a font the reader could not identify).
    let vni = "Toång soá hoà sô tieáp nhaän trong kyø laø 1.245 hoà sô, trong ñoù tröïc tuyeán \
               1.102 hoà sô; giaûi quyeát ñuùng haïn 1.230 hoà sô.";
    let doc = Document {
        blocks: vec![
            para(clean),
            para(clean),
            para(clean),
            para(vni),
            para(clean),
        ],
        ..Default::default()
    };
    let mut u = baocao::text::layout::units(&doc);
    let before: Vec<String> = u.iter().map(|x| x.text.clone()).collect();
    let s = repair_units(&mut u);
    assert!(s.readable);
    assert_eq!(u[3].text, before[3], "repair rewrote VNI mojibake");
    assert_eq!(s.repaired, 0, "{s:?}");
    assert!(s.damage < 0.01, "mojibake counted as OCR damage: {s:?}");
}
