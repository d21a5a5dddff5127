//! Inputs the fuzz targets (`fuzz/`) crashed on, each replayed through the same entry point.
//! A crash here is usually not a panic but an abort (stack overflow), which would take the
//! whole test binary — and a whole ingest run — down.

use std::path::Path;

use baocao::model::Format;
use baocao::read::read_unguarded;

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
