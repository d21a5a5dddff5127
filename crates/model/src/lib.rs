//! # baocao-model
//!
//! The types passed between baocao's stages: what a reader produces ([`Document`] of
//! [`Block`]s), what extraction and audit produce ([`Value`], [`Finding`], [`Metadata`]), and
//! one file's documents row ([`record::DocRecord`]). Readers fill the document; later stages
//! never go back to the bytes.
//!
//! Left to others: every behaviour. This crate holds data and its names in the dataset only.

#![deny(missing_docs)]

pub mod record;

#[doc(hidden)]
pub use serde as __serde;

/// Defines a fieldless enum written as a fixed string in the dataset: `as_str`, `Display`
/// and `FromStr` from one table of (variant, name).
#[macro_export]
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name written in the dataset.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as $crate::__serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(<D::Error as $crate::__serde::de::Error>::custom)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::UnknownName {
                        kind: stringify!($name),
                        name: s.to_string(),
                    }),
                }
            }
        }
    };
}

// After named_enum!: the module declares its enums with it.
pub mod panel;

/// A name that is not one of an enum's dataset names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{name}`")]
pub struct UnknownName {
    /// The enum.
    pub kind: &'static str,
    /// What was given.
    pub name: String,
}

named_enum! {
    /// What became of one input file (documents.parquet `status`).
    Status {
        /// Read, and its text is usable.
        Ok = "ok",
        /// Read in part: some pages or tables were skipped, or the text is not usable.
        Partial = "partial",
        /// Nothing usable was read; `error` says why.
        Failed = "failed",
    }
}

named_enum! {
    /// How much a finding matters (findings.parquet `severity`).
    Severity {
        /// The report contradicts itself.
        Error = "error",
        /// Figures that should agree miss beyond rounding.
        Warning = "warning",
        /// A doubt worth a look.
        Info = "info",
    }
}

named_enum! {
    /// The unit of a catalogue indicator (values.parquet `unit`).
    MeasureUnit {
        /// Dossiers (hồ sơ).
        Dossier = "dossier",
        /// Administrative procedures (thủ tục hành chính).
        Procedure = "procedure",
        /// People (cán bộ, công chức).
        Person = "person",
        /// Plan tasks (nhiệm vụ).
        Task = "task",
        /// Documents issued (văn bản).
        Document = "document",
        /// Issues or recommendations.
        Issue = "issue",
        /// Items (tin, bài, …).
        Item = "item",
        /// Ballots (phiếu).
        Ballot = "ballot",
        /// Sessions (buổi, cuộc).
        Session = "session",
        /// Agencies or units (cơ quan, đơn vị).
        Unit = "unit",
        /// Percent (0–100).
        Percent = "percent",
        /// Score points (điểm).
        Point = "point",
        /// A rank (xếp thứ).
        Rank = "rank",
        /// Million đồng.
        MillionVnd = "million_vnd",
    }
}

impl MeasureUnit {
    /// True for units whose figures are whole numbers (counts of things, ranks).
    pub fn is_count(&self) -> bool {
        !matches!(
            self,
            MeasureUnit::Percent | MeasureUnit::Point | MeasureUnit::MillionVnd
        )
    }
}

named_enum! {
    /// The real format of an input file, sniffed from its bytes (documents.parquet `format`).
    Format {
        /// `%PDF-` header.
        Pdf = "pdf",
        /// A zip holding `word/document.xml`.
        Docx = "docx",
        /// A legacy Word binary (OLE compound file).
        Doc = "doc",
        /// Rich Text Format.
        Rtf = "rtf",
        /// A zip that is not a Word document.
        Zip = "zip",
        /// Plain text.
        Text = "text",
        /// An empty file.
        Empty = "empty",
        /// Anything else.
        Unknown = "unknown",
    }
}

impl Format {
    /// True for the formats baocao reads (PDF, DOCX).
    pub fn is_document(&self) -> bool {
        matches!(self, Format::Pdf | Format::Docx)
    }
}

named_enum! {
    /// Which legacy encoding a piece of text (a font run) was stored in before conversion to
    /// Unicode.
    TextEncoding {
        /// Already Unicode.
        Unicode = "unicode",
        /// TCVN3 (ABC, `.VnTime` fonts).
        Tcvn3 = "tcvn3",
        /// VNI (`VNI-Times` fonts).
        Vni = "vni",
    }
}

named_enum! {
    /// What a document's text layer was stored in (documents.parquet `text_encoding`).
    DocumentEncoding {
        /// Unicode throughout.
        Unicode = "unicode",
        /// TCVN3 runs (and maybe Unicode ones).
        Tcvn3 = "tcvn3",
        /// VNI runs (and maybe Unicode ones).
        Vni = "vni",
        /// Both TCVN3 and VNI runs.
        Mixed = "mixed",
    }
}

// named_enum! derives no Default (most of its enums have none).
#[allow(clippy::derivable_impls)]
impl Default for Status {
    /// A row starts `failed` until the pipeline has read the file.
    fn default() -> Self {
        Status::Failed
    }
}

// named_enum! derives no Default (most of its enums have none).
#[allow(clippy::derivable_impls)]
impl Default for Format {
    fn default() -> Self {
        Format::Unknown
    }
}

// named_enum! derives no Default (most of its enums have none).
#[allow(clippy::derivable_impls)]
impl Default for DocumentEncoding {
    fn default() -> Self {
        DocumentEncoding::Unicode
    }
}

impl DocumentEncoding {
    /// The document's encoding from the encodings its reader met: the legacy one when there is
    /// one, `Mixed` when both occur, else `Unicode`.
    pub fn of(met: &[TextEncoding]) -> DocumentEncoding {
        let has = |x: TextEncoding| met.contains(&x);
        match (has(TextEncoding::Tcvn3), has(TextEncoding::Vni)) {
            (true, true) => DocumentEncoding::Mixed,
            (true, false) => DocumentEncoding::Tcvn3,
            (false, true) => DocumentEncoding::Vni,
            (false, false) => DocumentEncoding::Unicode,
        }
    }
}

/// A paragraph of running text (a heading, a sentence block, a table-free line group).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The text, whitespace collapsed to single spaces, lines of one paragraph joined.
    pub text: String,
    /// 1-based page (PDF), if known.
    pub page: Option<u32>,
    /// Heading level when the source marks one (1 = top), from outline level, style or numbering.
    pub heading_level: Option<u8>,
    /// True when the paragraph sits in the document header block (the borderless heading table).
    pub in_header: bool,
}

/// One table row: its cells left to right, merged cells resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Cell texts; a horizontally merged cell appears once, a vertically merged continuation
    /// repeats nothing (empty string) unless the reader chose to copy the value down.
    pub cells: Vec<String>,
    /// 1-based page (PDF) where the row starts.
    pub page: Option<u32>,
    /// True for a header row (w:tblHeader, or a repeated header on a new PDF page).
    pub is_header: bool,
}

/// A table: rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Rows top to bottom.
    pub rows: Vec<Row>,
    /// 1-based page where the table starts.
    pub page: Option<u32>,
    /// True for borderless layout tables (the heading block, the signature block).
    pub borderless: bool,
}

/// A block of the document body in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Running text.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// What a reader returns for one file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Page count (PDF).
    pub pages: Option<u32>,
    /// Encodings met in the text layer (after conversion everything is Unicode).
    pub encodings: Vec<TextEncoding>,
    /// Parts that could not be read (a page, a table); non-empty makes the file `partial`.
    pub skipped: Vec<String>,
    /// Per-font summary of the text layer (PDF), most tokens first; empty for DOCX.
    pub fonts: Vec<FontText>,
    /// OCR statistics, when pages were recognized from their images.
    pub ocr: Option<OcrStats>,
}

/// What one font of a PDF's text layer gave, after legacy decoding.
#[derive(Debug, Clone, PartialEq)]
pub struct FontText {
    /// `/BaseFont` without its subset prefix.
    pub name: String,
    /// The encoding its text was decoded from.
    pub encoding: TextEncoding,
    /// Tokens counted (by `baocao_text::quality`).
    pub tokens: usize,
    /// Readable tokens among them.
    pub readable: usize,
    /// Its stored text has letters beyond ASCII but none beyond Latin-1: what an 8-bit legacy
    /// encoding looks like before decoding.
    pub eight_bit: bool,
}

/// What OCR did on a document's image-only pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OcrStats {
    /// Pages recognized.
    pub pages: u32,
    /// Words read.
    pub words: u64,
    /// Engine and model, e.g. `tesseract 5.3.0 vie`.
    pub engine: String,
    /// Mean word confidence, 0–100.
    pub mean_conf: f64,
    /// Words read with a low confidence: (page, text).
    pub low_conf: Vec<(u32, String)>,
}

/// A calendar date (proleptic Gregorian).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl Date {
    /// Builds a date when the day exists in that month.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let ok = (1900..=2200).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// The last day of a month.
    pub fn end_of_month(year: i32, month: u32) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }

    /// Days since 1970-01-01 (what Parquet `date32` stores).
    pub fn days_since_epoch(&self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Where a figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// A sentence of running text.
    Text,
    /// A table row.
    Table,
}

impl Origin {
    /// The name written in values.parquet.
    pub fn as_str(&self) -> &'static str {
        match self {
            Origin::Text => "text",
            Origin::Table => "table",
        }
    }
}

named_enum! {
    /// Whether a figure reports what happened or what is aimed at (values.parquet `kind`).
    ValueKind {
        /// A result of the period.
        Result = "result",
        /// A target ("phấn đấu 100 %", a "Phương hướng" section, a plan's figure): never
        /// compared with results.
        Target = "target",
    }
}

named_enum! {
    /// Where a figure's window comes from (values.parquet `period_source`).
    PeriodSource {
        /// None stated: the report's period.
        Report = "report",
        /// Its sentence states it ("từ ngày … đến ngày …", "quý I", "tính đến ngày …").
        Stated = "stated",
        /// Its sentence quotes another period before it ("năm 2022 …", "cùng kỳ năm trước",
        /// "lũy kế từ đầu năm"): a comparison, not the report's figure for its period.
        Quoted = "quoted",
    }
}

/// One figure found in a document, with its provenance.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Value {
    /// Catalogue indicator id.
    pub indicator: String,
    /// The number in the catalogue's unit.
    pub value: f64,
    /// The catalogue's unit.
    pub unit: MeasureUnit,
    /// What narrows the figure (a sub-area, a level, a component).
    pub qualifier: Option<String>,
    /// Sentence or table row.
    pub origin: Origin,
    /// 1-based page (PDF).
    pub page: Option<u32>,
    /// Heading path, e.g. `II > 2 > c`.
    pub section: Option<String>,
    /// The sentence or row, normalized, at most 300 characters.
    pub snippet: String,
    /// The pattern or row rule that produced it.
    pub pattern_id: String,
    /// 0–1.
    pub confidence: f32,
    /// Start of the window the mention states for itself.
    pub period_start: Option<Date>,
    /// End of the window the mention states for itself.
    pub period_end: Option<Date>,
    /// Result or target (`baocao_extract::kind`).
    pub kind: ValueKind,
    /// Where `period_start`/`period_end` come from.
    pub period_source: PeriodSource,
    /// Index of the text unit (paragraph or row) it came from; not written.
    pub source_unit: usize,
    /// Index of the table it came from (rows only); not written.
    pub source_table: Option<usize>,
    /// Byte offset of the figure in its unit's folded text (order within a paragraph); not written.
    pub source_pos: usize,
}

/// One audit finding.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `conflict.same_indicator`.
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
    /// Indicators involved.
    pub indicators: Vec<String>,
    /// Values in the order of `indicators`.
    pub values: Vec<f64>,
    /// What the rule computed, when it computes something.
    pub expected: Option<f64>,
    /// One readable sentence (English).
    pub message: String,
    /// The same sentence in Vietnamese.
    pub message_vi: String,
    /// Snippets involved, each with its page when known.
    pub evidence: Vec<String>,
    /// Every document involved when the finding compares reports (`panel.*` rules); empty
    /// for a finding about one document.
    pub doc_ids: Vec<String>,
}

/// Report metadata read from the header, title and signature.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    /// `bao_cao`, `ke_hoach`, `quyet_dinh`, `cong_van`, `other`.
    pub doc_type: Option<String>,
    /// e.g. `37/BC-UBND`.
    pub doc_number: Option<String>,
    /// Signing date.
    pub doc_date: Option<Date>,
    /// e.g. `UBND thị trấn Như Quỳnh`.
    pub issuer: Option<String>,
    /// e.g. `Như Quỳnh`.
    pub locality: Option<String>,
    /// `xa`, `phuong`, `thi_tran`, `huyen`, `tinh`.
    pub locality_level: Option<String>,
    /// District name.
    pub district: Option<String>,
    /// Province name.
    pub province: Option<String>,
    /// The period as written.
    pub period_label: Option<String>,
    /// First day covered.
    pub period_start: Option<Date>,
    /// Last day covered.
    pub period_end: Option<Date>,
    /// Name under the signature.
    pub signer: Option<String>,
}

/// A number as people write it in a message (no trailing `.0`).
pub fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
