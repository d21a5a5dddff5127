//! The pattern library in `patterns/` loads, and every embedded example passes.

#[test]
fn pattern_library_examples_pass() {
    let dir = baocao::config::LibrarySource::Dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns"),
    );
    let rep = baocao::cli::patterns::check_library(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rep.patterns >= 30,
        "a real library, got {} patterns",
        rep.patterns
    );
    assert!(rep.rows >= 30, "table rows, got {}", rep.rows);
    assert!(
        rep.failures.is_empty(),
        "{} failures:\n{}",
        rep.failures.len(),
        rep.failures.join("\n")
    );
}
