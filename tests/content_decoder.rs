//! The fast content-stream decoder in the vendored pdf-extract must give exactly what lopdf's
//! `Content::decode` gives whenever it does not defer to lopdf, and must handle the common
//! streams itself (or the speed-up is gone without anyone noticing).

use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object};

/// Every page's content and every form XObject's content of a PDF, decompressed.
fn content_streams(path: &Path) -> Vec<Vec<u8>> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(Ok(doc)) = std::panic::catch_unwind(|| Document::load_mem(&bytes)) else {
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

/// `Some` from the fast decoder must equal lopdf's result.
fn agrees(data: &[u8]) -> Option<bool> {
    let fast = pdf_extract::decode_content_fast(data)?;
    let slow: Option<Content> = Content::decode(data).ok();
    Some(slow.is_some_and(|s| format!("{:?}", s.operations) == format!("{:?}", fast.operations)))
}

#[test]
fn fast_decoder_agrees_with_lopdf_on_every_fixture_stream() {
    let mut files = pdfs_under("fixtures");
    files.extend(pdfs_under("fixtures/bad"));
    files.extend(pdfs_under("tests/regressions"));
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
