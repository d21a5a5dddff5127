//! The pattern library's files and their compiled form.
//!
//! [`LibraryFiles`] is the library as text: `catalogue.csv`, `fragments.toml`, `text/*.toml`,
//! `tables.toml`, `rules.toml`, `identities.toml`, read from a folder (`--patterns DIR`) or
//! handed over by the binary, which embeds the repository's `patterns/` at build time.
//! [`Library`] is what extraction runs: the catalogue, the compiled text patterns and the row
//! rules, their `{NAME}` fragments expanded from `fragments.toml`. The audit rules are compiled
//! by the audit crate from the same files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use baocao_model::MeasureUnit;
use sha2::Digest;

use crate::catalogue::Catalogue;
use crate::fragments::Fragments;
use crate::patterns::{Pattern, PatternFile, TextPatterns};
use crate::tables::{ColumnRule, RowFile, RowRule, TableRules};

/// The catalogue file inside a library.
pub const CATALOGUE_FILE: &str = "catalogue.csv";
/// The vocabulary of named regex fragments (`{HS}`, `{n}`, …).
pub const FRAGMENTS_FILE: &str = "fragments.toml";
/// Row rules.
pub const TABLES_FILE: &str = "tables.toml";
/// Audit rules.
pub const RULES_FILE: &str = "rules.toml";
/// Part/total identities.
pub const IDENTITIES_FILE: &str = "identities.toml";
/// Folder of text patterns.
pub const TEXT_DIR: &str = "text";
/// Indicator keywords for `baocao gaps` (optional: a library without it extracts the same).
pub use crate::gaps::KEYWORDS_FILE;

/// Why a library could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// A file could not be read.
    #[error("pattern library: {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is missing from an embedded or on-disk library.
    #[error("pattern library: {0} is missing")]
    Missing(String),
    /// A file does not parse or a definition is invalid.
    #[error("pattern library: {file}: {detail}")]
    Invalid {
        /// The file, relative to the library.
        file: String,
        /// What is wrong.
        detail: String,
    },
}

impl LibraryError {
    /// A stable short code for tests and logs.
    pub fn code(&self) -> &'static str {
        match self {
            LibraryError::Io { .. } => "library_io",
            LibraryError::Missing(_) => "library_missing",
            LibraryError::Invalid { .. } => "library_invalid",
        }
    }

    fn invalid(file: &str, detail: impl std::fmt::Display) -> LibraryError {
        LibraryError::Invalid {
            file: file.to_string(),
            detail: detail.to_string(),
        }
    }
}

/// The library's files as text, by path relative to the library folder (`/`-separated).
#[derive(Debug, Clone, Default)]
pub struct LibraryFiles {
    files: Vec<(String, String)>,
}

impl LibraryFiles {
    /// Files handed over as (relative path, contents), e.g. embedded with `include_str!`.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> LibraryFiles {
        let mut files: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        files.sort();
        LibraryFiles { files }
    }

    /// Reads a library folder: the catalogue, every `*.toml` under `text/`, the four TOML
    /// files at the top, and `keywords.toml` when there is one.
    pub fn read_dir(dir: &Path) -> Result<LibraryFiles, LibraryError> {
        let read = |rel: &str| {
            let path = dir.join(rel);
            std::fs::read_to_string(&path)
                .map_err(|source| LibraryError::Io { path, source })
                .map(|c| (rel.to_string(), c))
        };
        let mut files = Vec::new();
        for f in [
            CATALOGUE_FILE,
            FRAGMENTS_FILE,
            TABLES_FILE,
            RULES_FILE,
            IDENTITIES_FILE,
        ] {
            files.push(read(f)?);
        }
        if dir.join(KEYWORDS_FILE).is_file() {
            files.push(read(KEYWORDS_FILE)?);
        }
        for path in toml_files(&dir.join(TEXT_DIR))? {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(read(&rel)?);
        }
        files.sort();
        Ok(LibraryFiles { files })
    }

    /// The contents of one file.
    pub fn get(&self, rel: &str) -> Result<&str, LibraryError> {
        self.files
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(_, c)| c.as_str())
            .ok_or_else(|| LibraryError::Missing(rel.to_string()))
    }

    /// The text-pattern files, in path order.
    pub fn text_files(&self) -> impl Iterator<Item = (&str, &str)> {
        let prefix = format!("{TEXT_DIR}/");
        self.files
            .iter()
            .filter(move |(p, _)| p.starts_with(&prefix) && p.ends_with(".toml"))
            .map(|(p, c)| (p.as_str(), c.as_str()))
    }

    /// The library version written with each document: a hash of every file, in the order
    /// catalogue, fragments, text patterns, row rules, audit rules, identities. The keywords
    /// of `baocao gaps` change no figure and are left out.
    pub fn version(&self) -> String {
        let mut hasher = sha2::Sha256::new();
        let mut feed = |c: &str| hasher.update(c.as_bytes());
        feed(self.get(CATALOGUE_FILE).unwrap_or(""));
        feed(self.get(FRAGMENTS_FILE).unwrap_or(""));
        for (_, c) in self.text_files() {
            feed(c);
        }
        for f in [TABLES_FILE, RULES_FILE, IDENTITIES_FILE] {
            feed(self.get(f).unwrap_or(""));
        }
        hasher
            .finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// All `*.toml` files under a folder, sorted by path.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, LibraryError> {
    let mut out = Vec::new();
    let rd = std::fs::read_dir(dir).map_err(|source| LibraryError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
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

/// What extraction runs: the catalogue, the text patterns and the row rules, compiled.
#[derive(Debug, Clone)]
pub struct Library {
    /// Indicator catalogue.
    pub catalogue: Catalogue,
    /// The vocabulary the patterns and row rules were expanded with.
    pub fragments: Fragments,
    /// Text patterns.
    pub text: TextPatterns,
    /// Table row rules.
    pub tables: TableRules,
    /// A heading that names a PAR-index component (`^{PAR_PART}` on the folded title): the
    /// qualifier of component figures under it that name none ("Lĩnh vực này đạt 13/14
    /// điểm"). `None` when the fragments define no `PAR_PART`.
    pub component_heading: Option<regex::Regex>,
}

/// The parsed but not compiled definitions, kept for `patterns check`.
#[derive(Debug, Clone)]
pub struct Sources {
    /// (file, parsed text patterns).
    pub text: Vec<(String, PatternFile)>,
    /// Row rules.
    pub rows: RowFile,
}

impl Library {
    /// Parses and compiles the library's extraction part.
    pub fn compile(files: &LibraryFiles) -> Result<Library, LibraryError> {
        Library::compile_with_sources(files).map(|(l, _)| l)
    }

    /// Like [`Library::compile`], also returning the parsed definitions.
    pub fn compile_with_sources(files: &LibraryFiles) -> Result<(Library, Sources), LibraryError> {
        let catalogue = Catalogue::parse(files.get(CATALOGUE_FILE)?)
            .map_err(|e| LibraryError::invalid(CATALOGUE_FILE, e))?;
        let known = |id: &str| catalogue.get(id).is_some();
        let vocab = Fragments::parse(files.get(FRAGMENTS_FILE)?)
            .map_err(|e| LibraryError::invalid(FRAGMENTS_FILE, e))?;

        let mut patterns = Vec::new();
        let mut text_sources = Vec::new();
        let mut seen = HashSet::new();
        for (path, src) in files.text_files() {
            let file: PatternFile =
                toml::from_str(src).map_err(|e| LibraryError::invalid(path, e))?;
            for def in &file.pattern {
                if !seen.insert(def.id.clone()) {
                    return Err(LibraryError::invalid(
                        path,
                        format!("duplicate pattern id {}", def.id),
                    ));
                }
                patterns.push(
                    Pattern::compile(def.clone(), &known, &vocab)
                        .map_err(|e| LibraryError::invalid(path, e))?,
                );
            }
            text_sources.push((path.to_string(), file));
        }
        let text = TextPatterns::new(patterns).map_err(|e| LibraryError::invalid(TEXT_DIR, e))?;

        let rows: RowFile = toml::from_str(files.get(TABLES_FILE)?)
            .map_err(|e| LibraryError::invalid(TABLES_FILE, e))?;
        let mut rules = Vec::new();
        for def in &rows.row {
            if !seen.insert(def.id.clone()) {
                return Err(LibraryError::invalid(
                    TABLES_FILE,
                    format!("duplicate row id {}", def.id),
                ));
            }
            rules.push(
                RowRule::compile(def.clone(), &known, &vocab)
                    .map_err(|e| LibraryError::invalid(TABLES_FILE, e))?,
            );
        }
        let mut columns = Vec::new();
        for def in &rows.column {
            if !seen.insert(def.id.clone()) {
                return Err(LibraryError::invalid(
                    TABLES_FILE,
                    format!("duplicate column id {}", def.id),
                ));
            }
            columns.push(
                ColumnRule::compile(def.clone(), &known, &vocab)
                    .map_err(|e| LibraryError::invalid(TABLES_FILE, e))?,
            );
        }
        let component_heading = vocab
            .expand("^(?:{PAR_PART})")
            .ok()
            .and_then(|r| regex::Regex::new(&r).ok());
        let library = Library {
            catalogue,
            fragments: vocab,
            text,
            tables: TableRules { rules, columns },
            component_heading,
        };
        Ok((
            library,
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
            .is_some_and(|i| i.unit == MeasureUnit::MillionVnd)
    }

    /// The catalogue unit of an indicator.
    pub fn unit(&self, id: &str) -> Option<MeasureUnit> {
        self.catalogue.get(id).map(|i| i.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pattern_regex: &str) -> LibraryFiles {
        let pattern = format!(
            "[[pattern]]\nid = \"t.one\"\nwhy = \"w\"\nregex = '{pattern_regex}'\n\
             groups = {{ v = \"a.b\" }}\n"
        );
        let pairs = [
            (
                CATALOGUE_FILE,
                "id,unit,kind,vi,en,notes\na.b,dossier,count,x,y,\n",
            ),
            (
                FRAGMENTS_FILE,
                "[[fragment]]\nname = \"HS\"\nwhy = \"w\"\nregex = 'ho so|hs'\n\
                 [[fragment]]\nname = \"n\"\nwhy = \"w\"\nregex = '\\d+'\n",
            ),
            ("text/t.toml", pattern.as_str()),
            (TABLES_FILE, ""),
            (RULES_FILE, ""),
            (IDENTITIES_FILE, ""),
        ];
        LibraryFiles::from_pairs(pairs)
    }

    #[test]
    fn fragments_expand_and_unknown_ones_name_the_pattern() {
        let lib = Library::compile(&files("(?P<v>{n}) {HS}")).unwrap();
        let re = &lib.text.patterns[0].re;
        assert_eq!(re.as_str(), r"(?P<v>(?:\d+)) (?:ho so|hs)");
        let err = Library::compile(&files("(?P<v>{n}) {TTHC}")).unwrap_err();
        assert_eq!(err.code(), "library_invalid");
        let msg = err.to_string();
        assert!(
            msg.contains("text/t.toml") && msg.contains("t.one") && msg.contains("{TTHC}"),
            "{msg}"
        );
    }

    #[test]
    fn the_version_covers_the_fragments() {
        let a = files("(?P<v>{n}) {HS}");
        let mut b = a.clone();
        for (p, c) in &mut b.files {
            if p == FRAGMENTS_FILE {
                c.push_str("# changed\n");
            }
        }
        assert_ne!(a.version(), b.version());
    }
}
