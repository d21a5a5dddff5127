//! Run configuration: the pattern library (catalogue, text patterns, table rows) compiled once
//! and shared read-only by all worker threads, plus per-file limits.

use std::path::{Path, PathBuf};

use crate::audit::rules::RuleBook;
use crate::extract::catalogue::Catalogue;
use crate::extract::patterns::{Pattern, PatternFile, TextPatterns};
use crate::extract::tables::{RowFile, RowRule, TableRules};

/// Everything a worker needs, built once per run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Indicator catalogue.
    pub catalogue: Catalogue,
    /// Text patterns.
    pub text: TextPatterns,
    /// Table row rules.
    pub tables: TableRules,
    /// Audit rules and identities.
    pub rules: RuleBook,
    /// Version of the library: a hash of all its files, written with each document.
    pub library_version: String,
    /// Per-file limits.
    pub limits: Limits,
}

/// Resource caps per file.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Wall-clock budget per file (`--file-timeout`): checked between stages, and enforced by
    /// a watchdog in [`crate::process_file_isolated`].
    pub file_timeout: std::time::Duration,
}

impl Default for Limits {
    /// 256 MiB per file, 60 s per file.
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            file_timeout: std::time::Duration::from_secs(60),
        }
    }
}

/// The file names of the library inside its folder.
pub const CATALOGUE_FILE: &str = "catalogue.csv";
/// Row rules.
pub const TABLES_FILE: &str = "tables.toml";
/// Audit rules.
pub const RULES_FILE: &str = "rules.toml";
/// Part/total identities.
pub const IDENTITIES_FILE: &str = "identities.toml";
/// Folder of text patterns.
pub const TEXT_DIR: &str = "text";

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// All `*.toml` files under a folder, sorted by path.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(toml_files(&p)?);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

fn version_string(digest: &[u8]) -> String {
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// A loaded but not yet compiled library, kept for `patterns check`.
#[derive(Debug, Clone)]
pub struct Sources {
    /// (file, parsed text patterns).
    pub text: Vec<(PathBuf, PatternFile)>,
    /// Row rules.
    pub rows: RowFile,
}

impl Config {
    /// Loads and compiles the library in `dir` (usually `patterns/`).
    pub fn load(dir: &Path) -> Result<Config, String> {
        let (config, _) = Config::load_with_sources(dir)?;
        Ok(config)
    }

    /// The `library_version` that [`Config::load`] would compute, without parsing or
    /// compiling anything (for `--incremental`).
    pub fn library_version_of(dir: &Path) -> Result<String, String> {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(read(&dir.join(CATALOGUE_FILE))?.as_bytes());
        for path in toml_files(&dir.join(TEXT_DIR))? {
            hasher.update(read(&path)?.as_bytes());
        }
        for f in [TABLES_FILE, RULES_FILE, IDENTITIES_FILE] {
            hasher.update(read(&dir.join(f))?.as_bytes());
        }
        Ok(version_string(hasher.finalize().as_slice()))
    }

    /// Like `load`, also returning the parsed sources.
    pub fn load_with_sources(dir: &Path) -> Result<(Config, Sources), String> {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        let cat_text = read(&dir.join(CATALOGUE_FILE))?;
        hasher.update(cat_text.as_bytes());
        let catalogue = Catalogue::parse(&cat_text)?;
        let known = |id: &str| catalogue.get(id).is_some();

        let mut patterns = Vec::new();
        let mut text_sources = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for path in toml_files(&dir.join(TEXT_DIR))? {
            let src = read(&path)?;
            hasher.update(src.as_bytes());
            let file: PatternFile =
                toml::from_str(&src).map_err(|e| format!("{}: {e}", path.display()))?;
            for def in &file.pattern {
                if !seen.insert(def.id.clone()) {
                    return Err(format!(
                        "{}: duplicate pattern id {}",
                        path.display(),
                        def.id
                    ));
                }
                patterns.push(
                    Pattern::compile(def.clone(), &known)
                        .map_err(|e| format!("{}: {e}", path.display()))?,
                );
            }
            text_sources.push((path, file));
        }
        let text = TextPatterns::new(patterns)?;

        let rows_path = dir.join(TABLES_FILE);
        let rows_src = read(&rows_path)?;
        hasher.update(rows_src.as_bytes());
        let rows: RowFile =
            toml::from_str(&rows_src).map_err(|e| format!("{}: {e}", rows_path.display()))?;
        let mut rules = Vec::new();
        for def in &rows.row {
            if !seen.insert(def.id.clone()) {
                return Err(format!(
                    "{}: duplicate row id {}",
                    rows_path.display(),
                    def.id
                ));
            }
            rules.push(
                RowRule::compile(def.clone(), &known)
                    .map_err(|e| format!("{}: {e}", rows_path.display()))?,
            );
        }
        let tables = TableRules { rules };

        let rules_src = read(&dir.join(RULES_FILE))?;
        let ident_src = read(&dir.join(IDENTITIES_FILE))?;
        hasher.update(rules_src.as_bytes());
        hasher.update(ident_src.as_bytes());
        let rules = RuleBook::parse(&rules_src, &ident_src, &known)?;

        let library_version = version_string(hasher.finalize().as_slice());
        let config = Config {
            catalogue,
            text,
            tables,
            rules,
            library_version,
            limits: Limits::default(),
        };
        Ok((
            config,
            Sources {
                text: text_sources,
                rows,
            },
        ))
    }

    /// True when the indicator's unit is money (converted to million VND).
    pub fn is_money(&self, id: &str) -> bool {
        self.catalogue
            .get(id)
            .is_some_and(|i| i.unit == "million_vnd")
    }

    /// The catalogue unit of an indicator (empty if unknown).
    pub fn unit(&self, id: &str) -> String {
        self.catalogue
            .get(id)
            .map(|i| i.unit.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn version_without_compiling_equals_the_loaded_one() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
        let loaded = Config::load(&dir).unwrap().library_version;
        assert_eq!(Config::library_version_of(&dir).unwrap(), loaded);
    }
}
