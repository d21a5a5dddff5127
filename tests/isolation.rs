//! Worker processes: a file that hangs, aborts, overflows its stack or allocates without bound
//! costs its worker, not the run. Faults are injected with `BAOCAO_TEST_FAULT` (test only).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const HANG: &str = "nhu-quynh-q1-2024.docx";
const ABORT: &str = "ngoc-ky-2023.pdf";
const STACK: &str = "dong-tien-2024-ocr.pdf";
const ALLOC: &str = "nhu-quynh-q1-2024.pdf";
const GOOD: &str = "nhu-quynh-q1-2024-tcvn3.docx";

fn temp_out(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baocao-iso-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn fixture(name: &str) -> String {
    format!("fixtures/{name}")
}

/// Runs `baocao ingest` over the five files with the faults injected; returns stderr.
fn faulty_run(out: &Path, marker: &str) -> String {
    let faults = format!("hang:{HANG},abort:{ABORT},stack:{STACK},alloc:{ALLOC},none:{marker}");
    let files = [HANG, ABORT, STACK, ALLOC, GOOD].map(fixture);
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend([
        "--jobs",
        "2",
        "--file-timeout",
        "10",
        "--worker-memory",
        "1G",
    ]);
    ingest_with_env(&args, out, &[("BAOCAO_TEST_FAULT", faults.as_str())])
}

/// Processes whose environment carries this test's marker (workers left behind).
fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let env = std::fs::read(e.path().join("environ")).unwrap_or_default();
        if String::from_utf8_lossy(&env).contains(marker) {
            found.push(e.file_name().to_string_lossy().to_string());
        }
    }
    found
}

fn row(paths: &[String], name: &str) -> usize {
    paths
        .iter()
        .position(|p| p.ends_with(name))
        .unwrap_or_else(|| panic!("no row for {name}: {paths:?}"))
}

#[cfg(target_os = "linux")]
#[test]
fn hang_abort_overflow_and_runaway_memory_each_fail_their_file_only() {
    let out = temp_out("faults");
    let marker = format!("isolation-marker-{}", std::process::id());
    faulty_run(&out, &marker);
    let docs = read(&out, "documents.parquet");
    let paths: Vec<String> = strs(&docs, "path").into_iter().flatten().collect();
    assert_eq!(paths.len(), 5, "every file has its row: {paths:?}");
    let status = strs(&docs, "status");
    let code = strs(&docs, "error_code");
    let error = strs(&docs, "error");
    let doc_id = strs(&docs, "doc_id");
    let expect = [
        (HANG, "timeout", "timed out after 10 s"),
        (ABORT, "worker_crashed", "worker crashed (signal 6 SIGABRT"),
        (STACK, "worker_crashed", "stack overflow"),
        (ALLOC, "memory_limit", "memory limit (1024 MiB per worker)"),
    ];
    for (name, want_code, reason) in expect {
        let k = row(&paths, name);
        let err = error[k].as_deref().unwrap_or("");
        assert_eq!(status[k].as_deref(), Some("failed"), "{name}: {err}");
        assert_eq!(code[k].as_deref(), Some(want_code), "{name}: {err}");
        assert!(err.contains(reason), "{name}: {err:?} lacks {reason:?}");
        // The row still names the file's bytes.
        assert_eq!(doc_id[k].as_deref().map(str::len), Some(16), "{name}");
    }
    // The good file is read as in a run without faults.
    let k = row(&paths, GOOD);
    assert_eq!(status[k].as_deref(), Some("ok"));
    let good_values = values(&out)
        .iter()
        .filter(|v| v.doc_id == doc_id[k].clone().unwrap())
        .count();
    let plain = temp_out("plain");
    ingest(&[&fixture(GOOD)], &plain);
    assert_eq!(
        good_values,
        values(&plain).len(),
        "same figures as a clean run"
    );
    assert!(good_values > 50);
    // No worker outlives the run.
    let left = processes_with(&marker);
    assert!(left.is_empty(), "workers left behind: {left:?}");
    // The worker that allocated without bound stayed under its limit (1 GiB of address
    // space): the largest child this test process has reaped used less than that resident.
    // SAFETY: getrusage fills the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert!(
        (usage.ru_maxrss as u64) < 1024 * 1024,
        "peak resident memory of a child: {} KiB",
        usage.ru_maxrss
    );

    // --incremental keeps the failed rows; --retry-failed reads those files again.
    let again = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .arg("ingest")
        .args([HANG, ABORT, STACK, ALLOC, GOOD].map(fixture))
        .args(["--incremental", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("(5 unchanged, 0 read)"), "{stderr}");
    let retry = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(root())
        .arg("ingest")
        .args([HANG, ABORT, STACK, ALLOC, GOOD].map(fixture))
        .args(["--incremental", "--retry-failed", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&retry.stderr);
    assert!(stderr.contains("(1 unchanged, 4 read)"), "{stderr}");
    let docs = read(&out, "documents.parquet");
    assert!(
        strs(&docs, "status")
            .iter()
            .all(|s| s.as_deref() == Some("ok")),
        "retried files are read: {:?}",
        strs(&docs, "error")
    );
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&plain);
}

#[test]
fn threads_without_isolation_give_the_same_dataset() {
    let a = temp_out("isolated");
    let b = temp_out("threads");
    let files = [fixture(GOOD), fixture(ABORT)];
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    ingest(&files, &a);
    let mut args = files.clone();
    args.extend(["--no-isolation", "--jobs", "1"]);
    ingest(&args, &b);
    let va: Vec<(String, String, f64)> = values(&a)
        .into_iter()
        .map(|v| (v.doc_id, v.indicator, v.value))
        .collect();
    let vb: Vec<(String, String, f64)> = values(&b)
        .into_iter()
        .map(|v| (v.doc_id, v.indicator, v.value))
        .collect();
    assert!(!va.is_empty());
    assert_eq!(va, vb);
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}
