//! The binary on its own: copied to an empty folder it runs with its built-in pattern library,
//! and the folder walk takes what a user expects (symlink loops once, hidden files skipped).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("baocao-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn binary_copied_to_an_empty_folder_ingests_with_its_built_in_library() {
    let dir = temp_dir("copied");
    let bin = dir.join("baocao");
    std::fs::copy(env!("CARGO_BIN_EXE_baocao"), &bin).unwrap();
    let fixture = root().join("fixtures/nhu-quynh-q1-2024.docx");
    std::fs::copy(&fixture, dir.join("report.docx")).unwrap();
    let o = Command::new(&bin)
        .current_dir(&dir)
        .args(["ingest", "report.docx", "--out", "out", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let values = read(&dir.join("out"), "values.parquet");
    assert!(values.height() > 50, "figures read: {}", values.height());
    // `patterns check` works there too, on the built-in library.
    let o = Command::new(&bin)
        .current_dir(&dir)
        .args(["patterns", "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_pattern_folder_is_a_clear_error() {
    let dir = temp_dir("nolib");
    std::fs::write(dir.join("x.pdf"), b"%PDF-1.4\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(&dir)
        .args(["ingest", "x.pdf", "--patterns", "nowhere", "--out", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        stderr.contains("nowhere") || stderr.contains("no such file"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn folder_walk_follows_links_once_and_skips_hidden_files() {
    let dir = temp_dir("walk");
    let sub = dir.join("reports");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        root().join("fixtures/nhu-quynh-q1-2024.docx"),
        sub.join("a.docx"),
    )
    .unwrap();
    std::fs::write(sub.join(".hidden.pdf"), b"%PDF-1.4\n").unwrap();
    // A loop back to the top, and a second link to the same folder.
    std::os::unix::fs::symlink(&dir, sub.join("loop")).unwrap();
    std::os::unix::fs::symlink(&sub, dir.join("again")).unwrap();
    let out = dir.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["ingest"])
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = read(&out, "documents.parquet");
    let paths: Vec<String> = strs(&docs, "path").into_iter().flatten().collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(Path::new(&paths[0]).ends_with("a.docx"), "{paths:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
