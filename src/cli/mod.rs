//! The command line: argument definitions and one module per subcommand. Stages never print;
//! only this module talks to the terminal.

pub mod audit;
pub mod debug;
pub mod explain;
pub mod gaps;
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
  baocao patterns coverage out/               per indicator: patterns, examples, figures in out/
  baocao gaps fixtures/ngoc-ky-2023.pdf       sentences and rows with figures the library missed
  baocao audit out/                           list the inconsistencies found, per report
  baocao debug fixtures/ngoc-ky-2023.pdf --page 8 --stage cells --svg p8.svg
                                              what the PDF reader made of one page";

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
    /// List the sentences and table rows of one file that hold a number next to an indicator
    /// keyword (patterns/keywords.toml) but produced no figure: what the library misses.
    #[command(
        after_help = "A number is a figure as reports write it (2.318, 99,8%, 15/16), not a date
(15/03/2024, ngày 20), a year (năm 2023), a document number (45/BC-UBND) or a section
marker (1., 2.1, II.). A keyword counts within 6 words of it. Each line gives the page, the
section path, the keyword families and the sentence or row (cut to about 200 characters).

Examples:
  baocao gaps fixtures/ngoc-ky-2023.pdf
  baocao gaps fixtures/nhu-quynh-q1-2024.docx --json | jq '.gaps[].text'
  baocao gaps report.pdf --patterns my-patterns/     with your own patterns and keywords.toml

Then: write a pattern for a listed phrasing (README, \"Add a pattern in 5 minutes\"), check it
with `baocao patterns check`, and run `baocao gaps` again: the line is gone."
    )]
    Gaps(GapsArgs),
    /// Work with the pattern library.
    Patterns {
        /// What to do with it.
        #[command(subcommand)]
        command: PatternsCommand,
    },
    /// Worker mode (internal): parse the files named on stdin, answer on stdout.
    #[command(name = "__worker", hide = true)]
    Worker(WorkerArgs),
    /// Print the findings of an output folder, grouped by document.
    #[command(after_help = "Example:
  baocao audit out/")]
    Audit(AuditArgs),
    /// Explain an audit rule (what, why, tolerance, severity, examples), or list the rules.
    Explain(explain::ExplainArgs),
    /// Show one layer of the PDF reader for one page: glyphs, words, lines, blocks or table
    /// cells, with their coordinates (points, y from the top of the page box).
    #[command(
        after_help = "Stages (each is what the reader really computed, in this order):
  glyphs   positioned characters from the content stream: x, baseline y, advance, size, kind
  words    glyphs cut at gaps and spaces; x from the word, top/baseline from its line
  lines    words grouped by baseline, split into segments at wide gaps; free text first,
           then the lines inside each ruled-table cell (t<grid> r<row>c<col>), then dropped
           running page numbers
  blocks   paragraphs and tables in reading order, with their boxes
  cells    ruled-table cells (grid row/col, span, box), then borderless-table cells (column)

Examples:
  baocao debug fixtures/ngoc-ky-2023.pdf --page 8 --stage words
  baocao debug fixtures/ngoc-ky-2023.pdf --page 8 --stage cells --json | jq .text
  baocao debug fixtures/ngoc-ky-2023.pdf --page 1 --stage blocks --svg page1.svg
  baocao debug fixtures/nhu-quynh-q1-2024.docx --stage cells      DOCX: blocks and cells only"
    )]
    Debug(DebugArgs),
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
    /// identities.toml, fragments.toml). Default: the library built into this binary.
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
    /// With --incremental: also read again the files that failed through a timeout, a crashed
    /// worker or the memory limit (kept as they were otherwise).
    #[arg(long, requires = "incremental")]
    pub retry_failed: bool,
    /// Parse in this process's threads instead of worker processes (for debugging: a file
    /// that hangs or crashes then costs the run).
    #[arg(long)]
    pub no_isolation: bool,
    /// Address-space limit of each worker process, e.g. 2G or 800M; a file that needs more is
    /// `failed`, "memory limit". Default: four fifths of the machine's memory shared by the
    /// workers, at least 1G each.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub worker_memory: Option<u64>,
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

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'T' => 1 << 40,
                _ => return Err(format!("unknown size unit in {s} (use K, M, G or T)")),
            };
            (&t[..i], mult)
        }
        _ => (t, 1),
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s} (e.g. 2G, 800M)"))?;
    if v.is_nan() || v <= 0.0 {
        return Err(format!("must be positive: {s}"));
    }
    Ok((v * mult as f64) as u64)
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

/// `baocao debug` arguments.
#[derive(Debug, clap::Args)]
pub struct DebugArgs {
    /// A PDF (any stage) or a DOCX (blocks and cells).
    pub file: PathBuf,
    /// 1-based page of a PDF. Default: 1.
    #[arg(long, short)]
    pub page: Option<u32>,
    /// Which layer to print.
    #[arg(long, short, value_enum, default_value = "blocks")]
    pub stage: Stage,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also draw the page box, ruling lines, table cells, blocks and words into this SVG file
    /// (PDF only).
    #[arg(long, value_name = "OUT.svg")]
    pub svg: Option<PathBuf>,
}

/// A layer of the PDF reader (`baocao debug --stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// Positioned characters.
    Glyphs,
    /// Words.
    Words,
    /// Lines with their baseline.
    Lines,
    /// Paragraphs and tables in reading order.
    Blocks,
    /// Table cells.
    Cells,
}

impl Stage {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Glyphs => "glyphs",
            Stage::Words => "words",
            Stage::Lines => "lines",
            Stage::Blocks => "blocks",
            Stage::Cells => "cells",
        }
    }
}

/// `baocao patterns` subcommands.
#[derive(Debug, Subcommand)]
pub enum PatternsCommand {
    /// Validate the library and run every embedded example; every catalogue indicator needs at
    /// least two positive and one negative example.
    #[command(
        after_help = "An example is positive for an indicator when its `expect` lists it, negative
when it belongs to a text pattern or row rule that can produce the indicator but its `expect`
does not list it (`expect = []`, a near miss). Exit status 1 when anything fails.

Examples:
  baocao patterns check
  baocao patterns check --patterns my-patterns/
  baocao patterns check | grep '^FAIL indicator'      indicators short of examples"
    )]
    Check {
        /// Pattern library folder. Default: the library built into this binary.
        #[arg(long, value_name = "DIR")]
        patterns: Option<PathBuf>,
    },
    /// Per catalogue indicator: the text patterns and row rules that produce it, its positive
    /// and negative examples, and (given an ingest output folder) how many figures it gave
    /// and in how many files.
    #[command(
        after_help = "Lines starting with '!' stand out: no pattern or row rule produces the
indicator, it has fewer than two positive or one negative example, or (with OUT) it gave no
figure in any file of OUT.

Examples:
  baocao patterns coverage                       the library alone
  baocao ingest fixtures/ --out out/ && baocao patterns coverage out/
  baocao patterns coverage out/ --json | jq '.[] | select(.mentions == 0) | .indicator'
  baocao patterns coverage --patterns my-patterns/ out/"
    )]
    Coverage(CoverageArgs),
}

/// `baocao patterns coverage` arguments.
#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// Output folder of `baocao ingest` (its values.parquet): also count each indicator's
    /// figures and the files they come from.
    pub out: Option<PathBuf>,
    /// A JSON list, one object per indicator, instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Pattern library folder. Default: the library built into this binary.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
}

/// `baocao gaps` arguments.
#[derive(Debug, clap::Args)]
pub struct GapsArgs {
    /// A PDF or DOCX file.
    pub file: PathBuf,
    /// One JSON object ({file, count, gaps: [{kind, page, section, families, text}]}) instead
    /// of lines.
    #[arg(long)]
    pub json: bool,
    /// Pattern library folder (its keywords.toml too). Default: the library built into this
    /// binary.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// OCR of image-only PDF pages: auto, off or require (see `baocao ingest --help`).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    pub ocr: crate::read::ocr::OcrMode,
}

/// `baocao __worker` arguments (set by the parent process).
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Pattern library folder; the built-in one when absent.
    #[arg(long)]
    pub patterns: Option<PathBuf>,
    /// Time budget per file in seconds.
    #[arg(long, value_parser = parse_seconds)]
    pub file_timeout: std::time::Duration,
    /// Address-space limit in bytes (0: none).
    #[arg(long, default_value = "0")]
    pub memory: u64,
    /// OCR mode of the run.
    #[arg(long, default_value = "auto")]
    pub ocr: crate::read::ocr::OcrMode,
    /// Kill timeout of one OCR'd page, in seconds.
    #[arg(long, value_parser = parse_seconds, default_value = "120")]
    pub ocr_page_timeout: std::time::Duration,
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
        Command::Patterns {
            command: PatternsCommand::Coverage(a),
        } => patterns::coverage(a),
        Command::Gaps(a) => gaps::run(a),
        Command::Audit(a) => audit::run(a),
        Command::Worker(a) => {
            return crate::worker::serve(&crate::worker::WorkerSettings {
                patterns: a.patterns,
                file_timeout: a.file_timeout,
                memory: a.memory,
                max_file_bytes: crate::config::Limits::default().max_file_bytes,
                ocr: a.ocr,
                ocr_page_timeout: a.ocr_page_timeout,
                slots: None,
            });
        }
        Command::Explain(a) => explain::run(a),
        Command::Debug(a) => debug::run(a),
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
