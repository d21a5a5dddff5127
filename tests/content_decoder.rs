//! The fast content-stream decoder in the vendored pdf-extract must give exactly what lopdf's
//! `Content::decode` gives whenever it does not defer to lopdf, and must handle the common
//! streams itself (or the speed-up is gone without anyone noticing).

use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object};

/// A fixture PDF loaded by lopdf, or `None` when it cannot be read or loaded.
fn load(path: &Path) -> Option<Document> {
    let bytes = std::fs::read(path).ok()?;
    std::panic::catch_unwind(|| Document::load_mem(&bytes))
        .ok()?
        .ok()
}

/// Every page's content and every form XObject's content of a PDF, decompressed.
fn content_streams(path: &Path) -> Vec<Vec<u8>> {
    let Some(doc) = load(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (_, id) in doc.get_pages() {
        if let Ok(c) = doc.get_page_content(id) {
            out.push(c);
        }
    }
    for obj in doc.objects.values() {
        if let Object::Stream(s) = obj
            && matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form")
            && let Ok(c) = s.decompressed_content()
        {
            out.push(c);
        }
    }
    out
}

fn pdfs_under(dir: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    v.sort();
    v
}

/// The PDFs of the good and bad fixtures and of the regression tests.
fn fixture_pdfs() -> Vec<std::path::PathBuf> {
    let mut files = pdfs_under("fixtures");
    files.extend(pdfs_under("fixtures/bad"));
    files.extend(pdfs_under("crates/read/tests/regressions"));
    files
}

/// `Some` from the fast decoder must equal lopdf's result.
fn agrees(data: &[u8]) -> Option<bool> {
    let fast = pdf_extract::decode_content_fast(data)?;
    let slow: Option<Content> = Content::decode(data).ok();
    Some(slow.is_some_and(|s| format!("{:?}", s.operations) == format!("{:?}", fast.operations)))
}

#[test]
fn fast_decoder_agrees_with_lopdf_on_every_fixture_stream() {
    let files = fixture_pdfs();
    let (mut fast, mut total) = (0usize, 0usize);
    for f in &files {
        for (k, data) in content_streams(f).iter().enumerate() {
            total += 1;
            match agrees(data) {
                Some(true) => fast += 1,
                Some(false) => panic!(
                    "{} stream {k}: fast decoder differs from lopdf",
                    f.display()
                ),
                None => {}
            }
            // Truncated streams: the fast decoder defers or agrees, never differs.
            for cut in (0..data.len()).step_by(97).take(200) {
                if agrees(&data[..cut]) == Some(false) {
                    panic!(
                        "{} stream {k} cut at {cut}: differs from lopdf",
                        f.display()
                    );
                }
            }
        }
    }
    assert!(total > 50, "only {total} content streams found");
    // The good fixtures are ordinary Word/OCR output: nearly all should take the fast path.
    assert!(
        fast * 10 >= total * 9,
        "only {fast} of {total} streams used the fast decoder"
    );
}

#[test]
fn fast_decoder_agrees_or_defers_on_tricky_syntax() {
    let cases: &[&[u8]] = &[
        b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
        b"BT/F1 12 Tf(a\\(b\\)c)Tj[(x)-250(y)5.5(z)]TJ ET",
        b"(nested (paren) string) Tj",
        b"(octal \\101\\1012\\7 and \\\r\n line) Tj",
        b"(raw\r\nend) Tj (esc \\n\\r\\t\\b\\f\\\\ \\q) Tj",
        b"<48656C6C6F> Tj <4 8 6> Tj <> Tj",
        b"/P <</MCID 0 /Alt (x) /K [1 2] /D <</N null /B true>>>> BDC EMC",
        b"/Span<</MCID 3>>BDC",
        b"5. .5 -.5 +3 -0 007 1.0 0 0 1 cm",
        b"1.5.5 Tc",
        b"<zz> Tj",
        b"0g 1 0 0 RG",
        b"q 1 0 0 1 0 0 cm /Im0 Do Q",
        b"% a comment\nBT ET",
        b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",
        b"[1 0 R] d",
        b"[3 2] 0 d 0 J",
        b"true false null truex Tj",
        b"/Name#20with#41hex /Bad#zz Tf",
        b"12345678901234567890123 Tz",
        b"1 2",
        b"(unterminated",
        b"{ } Tj",
        b"\x00 BT ET",
        b"' \" T* Tj",
    ];
    for c in cases {
        assert_ne!(
            agrees(c),
            Some(false),
            "differs from lopdf on {:?}",
            String::from_utf8_lossy(c)
        );
    }
    // The ordinary ones take the fast path.
    for c in &cases[..8] {
        assert_eq!(
            agrees(c),
            Some(true),
            "deferred on {:?}",
            String::from_utf8_lossy(c)
        );
    }
}

/// Every ToUnicode CMap stream of a PDF, decompressed.
fn to_unicode_streams(path: &Path) -> Vec<Vec<u8>> {
    let Some(doc) = load(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        let Ok(Object::Reference(id)) = dict.get(b"ToUnicode") else {
            continue;
        };
        if let Ok(Object::Stream(s)) = doc.get_object(*id) {
            out.push(
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone()),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `Some` from the fast CMap reader must equal adobe_cmap_parser's map.
fn cmap_agrees(data: &[u8]) -> Option<bool> {
    let fast = pdf_extract::to_unicode_map_fast(data)?;
    Some(pdf_extract::to_unicode_map_reference(data).is_some_and(|slow| slow == fast))
}

#[test]
fn fast_cmap_reader_agrees_with_adobe_cmap_parser_on_every_fixture_cmap() {
    let files = fixture_pdfs();
    let (mut fast, mut total) = (0usize, 0usize);
    for f in &files {
        for (k, data) in to_unicode_streams(f).iter().enumerate() {
            total += 1;
            match cmap_agrees(data) {
                Some(true) => fast += 1,
                Some(false) => panic!("{} CMap {k}: fast reader differs", f.display()),
                None => {}
            }
            for cut in (0..data.len()).step_by(53).take(100) {
                if cmap_agrees(&data[..cut]) == Some(false) {
                    panic!("{} CMap {k} cut at {cut}: differs", f.display());
                }
            }
        }
    }
    assert!(total >= 10, "only {total} ToUnicode CMaps found");
    assert_eq!(
        fast, total,
        "the fast CMap reader deferred on ordinary CMaps"
    );
}

#[test]
fn fast_cmap_reader_agrees_or_defers_on_tricky_syntax() {
    let cases: &[&[u8]] = &[
        b"/CIDInit/ProcSet findresource begin 12 dict begin begincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n2 beginbfchar\n<01> <0054>\n<02> <1EA1>\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end",
        b"%!PS-Adobe-3.0 Resource-CMap\n%%EndComments\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange",
        b"2 beginbfrange\n<20> <22> [<0041> <0042> <0043>]\n<30> <31> <D835DC00>\nendbfrange",
        b"1 beginbfrange <FFFE> <FFFF> <0041> endbfrange",
        b"/CMapVersion 10.001 def 1 beginbfchar <01> <0041> endbfchar",
        b"1 beginbfchar <01> < 00 41 > endbfchar",
        b"1 beginbfchar <0 1> <0041> endbfchar",
        b"1 beginbfchar (A) <0041> endbfchar",
        b"1 beginbfchar (\\101) <0041> endbfchar",
        b"2 beginbfchar <01> <0041> endbfchar",
        b"beginbfchar <01> <0041> endbfchar",
        b"1 beginbfrange <01> <03> [<0041>] endbfrange",
        b"1 beginbfrange <01> <03> <004100> endbfrange",
        b"1 beginbfchar <01> <0041> endbfchar % no newline",
        b"1 beginbfchar <01> <0041> endbfchar\x00",
        b"1 beginbfchar <01> <004> endbfchar",
        b"<< /A >> 1 beginbfchar <01> <0041> endbfchar",
        b"{ } 1 beginbfchar <01> <0041> endbfchar",
        b"trueish 1 beginbfchar <01> <0041> endbfchar",
        b"5. 1 beginbfchar <01> <0041> endbfchar",
        b"",
    ];
    for c in cases {
        assert_ne!(
            cmap_agrees(c),
            Some(false),
            "differs from adobe_cmap_parser on {:?}",
            String::from_utf8_lossy(c)
        );
    }
    for c in &cases[..6] {
        assert_eq!(
            cmap_agrees(c),
            Some(true),
            "deferred on {:?}",
            String::from_utf8_lossy(c)
        );
    }
}
