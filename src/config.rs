//! Run configuration: the pattern library compiled once (extraction's part and the audit's
//! part) and shared read-only by all workers, plus per-file limits.

use std::path::Path;

use baocao_audit::rules::RuleBook;
use baocao_extract::library::{
    IDENTITIES_FILE, Library, LibraryError, LibraryFiles, RULES_FILE, Sources,
};

include!(concat!(env!("OUT_DIR"), "/embedded_library.rs"));

/// Where the pattern library comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibrarySource {
    /// The repository's `patterns/`, compiled into the binary.
    Embedded,
    /// A folder given with `--patterns`.
    Dir(std::path::PathBuf),
}

impl LibrarySource {
    /// `--patterns DIR` when given, else the embedded library.
    pub fn from_arg(dir: Option<&Path>) -> LibrarySource {
        dir.map_or(LibrarySource::Embedded, |d| {
            LibrarySource::Dir(d.to_path_buf())
        })
    }

    /// The library's files.
    pub fn files(&self) -> Result<LibraryFiles, LibraryError> {
        match self {
            LibrarySource::Embedded => {
                Ok(LibraryFiles::from_pairs(EMBEDDED_LIBRARY.iter().copied()))
            }
            LibrarySource::Dir(d) => LibraryFiles::read_dir(d),
        }
    }
}

impl std::fmt::Display for LibrarySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LibrarySource::Embedded => f.write_str("the built-in pattern library"),
            LibrarySource::Dir(d) => write!(f, "{}", d.display()),
        }
    }
}

/// Everything a worker needs, built once per run.
#[derive(Debug, Clone)]
pub struct Config {
    /// What extraction runs: catalogue, text patterns, row rules.
    pub library: Library,
    /// Audit rules and identities.
    pub rules: RuleBook,
    /// Version of the library: a hash of all its files, written with each document.
    pub library_version: String,
    /// Per-file limits.
    pub limits: Limits,
    /// OCR of image-only PDF pages (`--ocr`); `None`: off.
    pub ocr: Option<std::sync::Arc<baocao_read::ocr::Ocr>>,
}

/// Resource caps per file.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Wall-clock budget per file (`--file-timeout`): checked between stages, and enforced by
    /// a watchdog in [`crate::process_file_isolated`]. It grows by `ocr_page_budget` for
    /// every page handed to OCR.
    pub file_timeout: std::time::Duration,
    /// Extra time per OCR'd page.
    pub ocr_page_budget: std::time::Duration,
}

impl Default for Limits {
    /// 256 MiB per file, 60 s per file plus 30 s per OCR'd page.
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            file_timeout: std::time::Duration::from_secs(60),
            ocr_page_budget: std::time::Duration::from_secs(30),
        }
    }
}

impl Config {
    /// Loads and compiles a library.
    pub fn load(source: &LibrarySource) -> Result<Config, LibraryError> {
        Config::compile(&source.files()?).map(|(c, _)| c)
    }

    /// Compiles a library's files, also returning the parsed definitions.
    pub fn compile(files: &LibraryFiles) -> Result<(Config, Sources), LibraryError> {
        let (library, sources) = Library::compile_with_sources(files)?;
        let known = |id: &str| library.catalogue.get(id).is_some();
        let rules = RuleBook::parse(files.get(RULES_FILE)?, files.get(IDENTITIES_FILE)?, &known)
            .map_err(|detail| LibraryError::Invalid {
                file: RULES_FILE.into(),
                detail,
            })?;
        let config = Config {
            library,
            rules,
            library_version: files.version(),
            limits: Limits::default(),
            ocr: None,
        };
        Ok((config, sources))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_library_is_the_repository_library() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
        let on_disk = LibrarySource::Dir(dir).files().unwrap();
        let embedded = LibrarySource::Embedded.files().unwrap();
        assert_eq!(on_disk.version(), embedded.version());
        Config::load(&LibrarySource::Embedded).expect("the embedded library compiles");
    }
}
