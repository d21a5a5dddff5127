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

/// A copy of the repository's pattern library (its files and `text/`) in a temporary folder
/// named after `name`, for a test to change.
fn copy_library(name: &str) -> std::path::PathBuf {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    for (from, to) in [
        (src.clone(), dir.clone()),
        (src.join("text"), dir.join("text")),
    ] {
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(&from).unwrap().flatten() {
            if e.path().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    dir
}

/// A `--patterns DIR` library whose pattern names a fragment that `fragments.toml` does not
/// define does not load, and the error names the file, the pattern and the fragment.
#[test]
fn an_unknown_fragment_is_a_load_error_naming_the_pattern() {
    let dir = copy_library("baocao-fragments");
    std::fs::write(
        dir.join("text").join("zz_unknown.toml"),
        "[[pattern]]\nid = \"test.unknown_fragment\"\nwhy = \"w\"\n\
         regex = '(?P<v>{n}) {NO_SUCH_WORD}'\ngroups = { v = \"dossiers.received\" }\n",
    )
    .unwrap();
    let err =
        baocao::cli::patterns::check_library(&baocao::config::LibrarySource::Dir(dir.clone()))
            .expect_err("an unknown fragment must not load");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        err.contains("text/zz_unknown.toml")
            && err.contains("test.unknown_fragment")
            && err.contains("{NO_SUCH_WORD}"),
        "{err}"
    );
}

/// Every catalogue indicator has at least two positive and one negative example, and the
/// check names an indicator that has not.
#[test]
fn every_indicator_has_two_positive_and_one_negative_example() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    let rep =
        baocao::cli::patterns::check_library(&baocao::config::LibrarySource::Dir(src.clone()))
            .unwrap_or_else(|e| panic!("{e}"));
    let catalogue = std::fs::read_to_string(src.join("catalogue.csv")).unwrap();
    assert_eq!(rep.indicators, catalogue.lines().skip(1).count());
    let thin: Vec<&String> = rep
        .failures
        .iter()
        .filter(|f| f.starts_with("indicator "))
        .collect();
    assert!(thin.is_empty() && rep.thin_indicators == 0, "{thin:#?}");

    // A new catalogue line without patterns or examples fails the check, by name.
    let dir = copy_library("baocao-thin");
    std::fs::write(
        dir.join("catalogue.csv"),
        format!("{catalogue}test.unmatched,dossier,count,Số thử,a test indicator,\n"),
    )
    .unwrap();
    let rep =
        baocao::cli::patterns::check_library(&baocao::config::LibrarySource::Dir(dir.clone()))
            .unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(rep.thin_indicators, 1, "{:#?}", rep.failures);
    assert!(
        rep.failures.iter().any(|f| f
            .starts_with("indicator test.unmatched: 0 positive, 0 negative")
            && f.contains("no text pattern, row or column rule")),
        "{:#?}",
        rep.failures
    );
}
