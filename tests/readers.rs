//! The Parquet files as other tools read them: pyarrow (its schema against the contract),
//! pandas, polars and DuckDB, each when Python and the package are installed (`pip install
//! pyarrow pandas polars duckdb`; `.ci/run` tries to). A missing one is skipped with a note.
//! Two runs are checked: `fixtures/`, and a folder whose only file fails (empty values and
//! findings tables), which must have the same schemas.

mod common;

use std::path::Path;
use std::process::Command;

/// Reads every table of every output folder given as argument with each reader it can import.
/// Exit 0 with a report on stdout; an assertion error otherwise.
const SCRIPT: &str = r#"
import sys

outs = sys.argv[1:]
names = ["documents.parquet", "values.parquet", "findings.parquet", "facts.parquet", "wide.parquet"]
S, L = "large_string", "list<element: large_string>"
EXPECTED = {
    "documents.parquet": [
        ("doc_id", S), ("path", S), ("format", S), ("status", S), ("error", S),
        ("error_code", S), ("pages", "int32"), ("chars", "int64"), ("text_encoding", S),
        ("ocr_damage", "double"), ("repaired_words", "int64"), ("text_quality", "double"),
        ("ocr_pages", "int32"), ("ocr_engine", S), ("ocr_mean_conf", "double"),
        ("doc_type", S),
        ("doc_number", S), ("doc_date", "date32[day]"), ("issuer", S), ("locality", S),
        ("locality_level", S), ("district", S), ("province", S), ("period_label", S),
        ("period_start", "date32[day]"), ("period_end", "date32[day]"), ("signer", S),
        ("sha256", S), ("library_version", S), ("n_values", "int64"),
        ("n_findings", "int64"), ("elapsed_ms", "int64"), ("report_id", S),
        ("report_role", S), ("primary_doc_id", S), ("text_hash", S),
    ],
    "values.parquet": [
        ("doc_id", S), ("value_id", S), ("indicator", S), ("value", "double"), ("unit", S),
        ("qualifier", S),
        ("origin", S), ("page", "int32"), ("section", S), ("snippet", S), ("pattern_id", S),
        ("confidence", "float"), ("period_start", "date32[day]"),
        ("period_end", "date32[day]"), ("kind", S), ("period_source", S),
    ],
    "findings.parquet": [
        ("doc_id", S), ("rule", S), ("severity", S), ("indicators", L),
        ("values", "list<element: double>"), ("expected", "double"), ("message", S),
        ("message_vi", S), ("evidence", L), ("doc_ids", L),
    ],
    "facts.parquet": [
        ("report_id", S), ("doc_id", S), ("locality", S), ("locality_level", S),
        ("district", S), ("province", S), ("indicator", S), ("qualifier", S),
        ("period_start", "date32[day]"), ("period_end", "date32[day]"), ("kind", S),
        ("value", "double"), ("unit", S), ("rule", S), ("n_mentions", "int64"),
        ("agree", "bool"), ("value_ids", L), ("values_seen", "list<element: double>"),
    ],
}
# wide.parquet: these first, then one double column per catalogue indicator.
WIDE_HEAD = [
    ("report_id", S), ("doc_id", S), ("path", S), ("status", S), ("locality", S), ("locality_level", S),
    ("district", S), ("province", S), ("doc_type", S), ("doc_number", S), ("period_label", S),
    ("doc_date", "date32[day]"), ("period_start", "date32[day]"), ("period_end", "date32[day]"),
]

used, missing = [], []


def attempt(name):
    try:
        module = __import__(name)
        used.append(name)
        return module
    except ImportError:
        missing.append(name)
        return None


pa = attempt("pyarrow")
pd = attempt("pandas")
pl = attempt("polars")
duckdb = attempt("duckdb")
if pa is not None:
    import pyarrow.parquet as pq

for out in outs:
    for name in names:
        path = f"{out}/{name}"
        rows = {}
        if pa is not None:
            schema = pq.read_schema(path)
            got = [(f.name, str(f.type)) for f in schema]
            if name == "wide.parquet":
                head, rest = got[: len(WIDE_HEAD)], got[len(WIDE_HEAD) :]
                assert head == WIDE_HEAD, f"{path}: pyarrow schema {head}"
                assert rest and all(t == "double" for _, t in rest), f"{path}: {rest}"
            else:
                assert got == EXPECTED[name], f"{path}: pyarrow schema {got}"
            rows["pyarrow"] = pq.read_table(path).num_rows
        if pd is not None:
            rows["pandas"] = len(pd.read_parquet(path))
        if pl is not None:
            rows["polars"] = pl.read_parquet(path).height
        if duckdb is not None:
            con = duckdb.connect()
            rows["duckdb"] = con.execute(
                "select count(*) from read_parquet(?)", [path]
            ).fetchone()[0]
            # Every column, lists included, comes through DuckDB's own reader.
            con.execute("select * from read_parquet(?)", [path]).fetchall()
        assert len(set(rows.values())) <= 1, f"{path}: row counts differ: {rows}"
        print(f"{path}: {rows}")

print("read with:", ", ".join(used) or "nothing")
if missing:
    print("not installed, skipped:", ", ".join(missing))
"#;

fn check_with_python(outs: &[&Path]) {
    let run = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(outs)
        .output();
    let o = match run {
        Ok(o) => o,
        Err(e) => {
            eprintln!("python3 not runnable ({e}): other readers not checked");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    eprintln!("{stdout}");
    assert!(o.status.success(), "{stdout}\n{stderr}");
    if stdout.contains("not installed") {
        eprintln!("note: some readers were not checked (pip install pyarrow pandas polars duckdb)");
    }
}

#[test]
fn pyarrow_pandas_polars_and_duckdb_read_every_table_with_one_schema() {
    let full = common::fixtures_out();
    let failed = std::env::temp_dir().join(format!("baocao-readers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&failed);
    common::ingest(&["fixtures/bad/empty.pdf"], &failed);
    let docs = common::read(&failed, "documents.parquet");
    assert_eq!(docs.height(), 1);
    assert_eq!(
        common::strs(&docs, "status"),
        vec![Some("failed".to_string())]
    );
    assert_eq!(common::read(&failed, "values.parquet").height(), 0);
    assert_eq!(common::read(&failed, "findings.parquet").height(), 0);
    check_with_python(&[full, &failed]);
    let _ = std::fs::remove_dir_all(&failed);
}
