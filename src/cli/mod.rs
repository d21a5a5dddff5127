//! The command line: argument definitions and one module per subcommand. Stages never print;
//! only this module talks to the terminal.

pub mod audit;
pub mod ingest;
pub mod patterns;
pub mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// baocao: Vietnamese administrative-reform reports (PDF, DOCX) → a Parquet dataset of
/// indicators, with provenance and an audit of each report's inconsistencies.
#[derive(Debug, Parser)]
#[command(name = "baocao", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  baocao ingest fixtures/ --out out/          read every report under fixtures/, write out/*.parquet
  baocao text fixtures/ngoc-ky-2023.pdf       show the text and table rows baocao saw
  baocao patterns check                       validate patterns/ and run its embedded examples
  baocao audit out/                           list the inconsistencies found, per report";

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read reports and write documents/values/findings.parquet.
    #[command(after_help = "Examples:
  baocao ingest                               same as: baocao ingest fixtures/ --out out/
  baocao ingest archive/2023 archive/2024 --out data/ --jobs 2
  baocao ingest report.pdf --patterns my-patterns/
  baocao ingest archive/ --out data/ --incremental --file-timeout 30")]
    Ingest(IngestArgs),
    /// Print the normalized text of one file with page and table markers.
    #[command(after_help = "Examples:
  baocao text fixtures/nhu-quynh-q1-2024.docx | less
  baocao text fixtures/dong-tien-2024-ocr.pdf --diff     what OCR repair changed
  baocao text fixtures/dong-tien-2024-ocr.pdf --raw      the text before repair")]
    Text(TextArgs),
    /// Work with the pattern library.
    Patterns {
        /// What to do with it.
        #[command(subcommand)]
        command: PatternsCommand,
    },
    /// Print the findings of an output folder, grouped by document.
    #[command(after_help = "Example:
  baocao audit out/")]
    Audit(AuditArgs),
}

/// `baocao ingest` arguments.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders (folders are walked recursively). Default: fixtures/
    pub paths: Vec<PathBuf>,
    /// Output folder for the Parquet files.
    #[arg(long, short, default_value = "out")]
    pub out: PathBuf,
    /// Worker threads (files run in parallel). Default: all cores.
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Pattern library folder (catalogue.csv, text/*.toml, tables.toml, rules.toml,
    /// identities.toml). Default: the library built into this binary.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// No progress bar, only the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Time budget per file in seconds; a file over it is `failed` ("timed out after N s").
    /// Every page handed to OCR adds 30 s.
    #[arg(long, default_value = "60", value_parser = parse_seconds)]
    pub file_timeout: std::time::Duration,
    /// Keep the rows of files whose SHA-256 (and pattern-library version) are already in
    /// OUT/documents.parquet; read only new or changed files.
    #[arg(long)]
    pub incremental: bool,
    /// Print the time spent in each stage (read, normalize, repair, extract, audit, write),
    /// summed over all files and workers.
    #[arg(long)]
    pub timings: bool,
    /// OCR of image-only PDF pages (scans): auto (when Tesseract is installed, else the
    /// pages are listed as skipped), off, or require (stop if Tesseract is missing). Each
    /// OCR'd page adds 30 s to the file's time budget.
    #[arg(long, value_name = "MODE", default_value = "auto")]
    pub ocr: crate::read::ocr::OcrMode,
    /// Seconds before the OCR of one page is killed.
    #[arg(long, default_value = "120", value_parser = parse_seconds)]
    pub ocr_page_timeout: std::time::Duration,
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("not a number of seconds: {s}"))?;
    if !(v > 0.0 && v <= 1e7) {
        return Err(format!("must be between 0 and 10000000 seconds: {s}"));
    }
    Ok(std::time::Duration::from_secs_f64(v))
}

/// `baocao text` arguments.
#[derive(Debug, clap::Args)]
pub struct TextArgs {
    /// A PDF or DOCX file.
    pub file: PathBuf,
    /// Print the folded form (what patterns match) under each line.
    #[arg(long)]
    pub folded: bool,
    /// Show the text before OCR diacritic repair.
    #[arg(long, conflicts_with = "diff")]
    pub raw: bool,
    /// Mark the words repair changed: [-before-]{+after+}.
    #[arg(long)]
    pub diff: bool,
    /// OCR of image-only PDF pages: auto, off or require (see `baocao ingest --help`).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    pub ocr: crate::read::ocr::OcrMode,
}

/// `baocao patterns` subcommands.
#[derive(Debug, Subcommand)]
pub enum PatternsCommand {
    /// Validate the library and run every embedded example.
    Check {
        /// Pattern library folder. Default: the library built into this binary.
        #[arg(long, value_name = "DIR")]
        patterns: Option<PathBuf>,
    },
}

/// `baocao audit` arguments.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Output folder of an ingest run.
    #[arg(default_value = "out")]
    pub out: PathBuf,
}

/// Parses the arguments and runs the command; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(a) => ingest::run(a),
        Command::Text(a) => text::run(a),
        Command::Patterns {
            command: PatternsCommand::Check { patterns },
        } => patterns::check(&crate::config::LibrarySource::from_arg(patterns.as_deref())),
        Command::Audit(a) => audit::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baocao: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// True when the error is a closed stdout (`baocao text FILE | head`), which is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
