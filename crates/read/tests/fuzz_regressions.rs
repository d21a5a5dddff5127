//! Inputs the fuzz targets (`fuzz/`) crashed on, each replayed through the same entry point.
//! A crash here is usually not a panic but an abort (stack overflow), which would take the
//! whole test binary — and a whole ingest run — down.

use std::path::Path;

use baocao_model::Format;
use baocao_read::read_unguarded;

fn input(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/regressions")
            .join(name),
    )
    .unwrap()
}

/// fuzz target `pdf`: a form XObject without `/Resources` that draws `/X1`, itself, through
/// the page's resources, which it inherits (pdf-extract recursed until the stack overflowed;
/// the guard only followed forms' own resources).
#[test]
fn pdf_form_that_inherits_its_callers_resources_and_draws_itself() {
    let err = read_unguarded(
        &input("pdf-form-inherits-caller-resources.pdf"),
        Format::Pdf,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("form xobject cycle"), "{err}");
}

/// fuzz target `pdf`: a content stream naming an object that does not exist; pdf-extract
/// panics ("missing object reference"). Not a bug of ours — the reader catches it per page —
/// but it showed the target needed a panic hook that lets caught third-party panics through.
#[test]
fn pdf_missing_object_panic_in_pdf_extract_is_caught() {
    let r = baocao_read::read(
        &input("pdf-missing-object-panics-in-pdf-extract.pdf"),
        Format::Pdf,
    );
    if let Ok(doc) = r {
        assert!(
            doc.skipped.iter().any(|s| s.starts_with("page")),
            "{:?}",
            doc.skipped
        );
    }
}

/// fuzz target `pdf` (timeout): a page whose `/Parent` is itself and which lacks
/// `/Resources`; pdf-extract looks the resources up the `/Parent` chain forever (a loop in a
/// release build, a stack overflow in a debug one).
#[test]
fn pdf_page_that_is_its_own_parent() {
    let err = read_unguarded(&input("pdf-page-is-its-own-parent.pdf"), Format::Pdf)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("page tree cycle"), "{err}");
}
