//! The Tesseract engine, run as one child process per page (`tesseract - - -l vie --dpi N
//! tsv` with `OMP_THREAD_LIMIT=1`), so that a hung page can be killed and a machine without
//! Tesseract still runs baocao.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The command that installs the engine and its Vietnamese model (Debian, Ubuntu).
pub const INSTALL_HINT: &str = "apt-get install tesseract-ocr tesseract-ocr-vie";

/// The environment variable that names the Tesseract binary (default: `tesseract` on PATH).
pub const BINARY_ENV: &str = "BAOCAO_TESSERACT";

/// The language model baocao asks for.
pub const LANGUAGE: &str = "vie";

/// Why the engine cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The binary could not be started.
    #[error("tesseract not found ({binary}); install it: {INSTALL_HINT}")]
    NotFound {
        /// The binary tried.
        binary: String,
    },
    /// The binary runs but has no Vietnamese model.
    #[error("tesseract has no Vietnamese model (vie); install it: {INSTALL_HINT}")]
    NoLanguage,
}

/// Why one page was not recognized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// The process could not be started or its pipes failed.
    #[error("ocr failed to run: {0}")]
    Spawn(String),
    /// The process ran longer than the per-page limit and was killed.
    #[error("ocr timed out after {} s", .0.as_secs_f64())]
    Timeout(Duration),
    /// The process exited with an error; the string is the last line of its stderr.
    #[error("ocr failed: {0}")]
    Failed(String),
}

/// A Tesseract binary known to run and to have the Vietnamese model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tesseract {
    /// The binary.
    pub binary: PathBuf,
    /// Engine and model as written to `documents.ocr_engine`, e.g. `tesseract 5.3.0 vie`.
    pub version: String,
}

impl Tesseract {
    /// Finds the engine: `$BAOCAO_TESSERACT` or `tesseract` on PATH, checked with
    /// `--version` and `--list-langs`.
    pub fn detect() -> Result<Tesseract, EngineError> {
        let binary = std::env::var_os(BINARY_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("tesseract"));
        Tesseract::at(binary)
    }

    /// Checks the engine at `binary`.
    pub fn at(binary: PathBuf) -> Result<Tesseract, EngineError> {
        let not_found = || EngineError::NotFound {
            binary: binary.display().to_string(),
        };
        let out = Command::new(&binary)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .map_err(|_| not_found())?;
        if !out.status.success() {
            return Err(not_found());
        }
        // Older versions print the version on stderr.
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let number = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("tesseract "))
            .map(|v| v.trim().trim_start_matches('v').to_string())
            .unwrap_or_else(|| String::from("unknown"));
        let langs = Command::new(&binary)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .map_err(|_| not_found())?;
        let listed = format!(
            "{}{}",
            String::from_utf8_lossy(&langs.stdout),
            String::from_utf8_lossy(&langs.stderr)
        );
        if !listed.lines().any(|l| l.trim() == LANGUAGE) {
            return Err(EngineError::NoLanguage);
        }
        Ok(Tesseract {
            binary,
            version: format!("tesseract {number} {LANGUAGE}"),
        })
    }

    /// Recognizes one page image (JPEG, JPEG 2000, TIFF, PNM or PNG bytes) at `dpi` and
    /// returns the TSV. The process is killed when it runs longer than `timeout`.
    pub fn recognize(
        &self,
        image: &[u8],
        dpi: u32,
        timeout: Duration,
    ) -> Result<String, PageError> {
        let mut child = Command::new(&self.binary)
            .args(["-", "-", "-l", LANGUAGE, "--dpi"])
            .arg(dpi.clamp(30, 2400).to_string())
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| PageError::Spawn(e.to_string()))?;
        let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PageError::Spawn(String::from("no pipes")));
        };
        let (tx, rx) = mpsc::channel();
        let result = std::thread::scope(|s| {
            s.spawn(move || {
                // A broken pipe here means the process quit early; its exit status says why.
                let _ = stdin.write_all(image);
            });
            let err_reader = s.spawn(move || {
                let mut e = Vec::new();
                let _ = stderr.read_to_end(&mut e);
                e
            });
            s.spawn(move || {
                let mut o = Vec::new();
                let r = stdout.read_to_end(&mut o).map(|_| o);
                let _ = tx.send(r);
            });
            let got = rx.recv_timeout(timeout);
            if got.is_err() {
                // Killing closes the pipes, which ends the reader threads.
                let _ = child.kill();
            }
            let status = child.wait();
            let err = err_reader.join().unwrap_or_default();
            (got, status, err)
        });
        let (got, status, err) = result;
        let out = match got {
            Ok(Ok(o)) => o,
            Ok(Err(e)) => return Err(PageError::Spawn(e.to_string())),
            Err(_) => return Err(PageError::Timeout(timeout)),
        };
        match status {
            Ok(s) if s.success() => Ok(String::from_utf8_lossy(&out).into_owned()),
            Ok(_) => {
                let e = String::from_utf8_lossy(&err);
                let last = e.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
                Err(PageError::Failed(last.trim().chars().take(120).collect()))
            }
            Err(e) => Err(PageError::Spawn(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_binary_is_not_found_with_the_install_hint() {
        let e = Tesseract::at(PathBuf::from("/nonexistent/baocao-test/tesseract")).unwrap_err();
        assert!(matches!(e, EngineError::NotFound { .. }));
        assert!(e.to_string().contains(INSTALL_HINT), "{e}");
    }
}
