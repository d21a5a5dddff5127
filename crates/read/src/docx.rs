//! DOCX reader: streams `word/document.xml` (plus `styles.xml` and `numbering.xml`) out of the
//! zip with quick-xml and produces the body as [`Block`]s in reading order.
//!
//! What it does:
//! - Paragraphs with heading levels from the paragraph's outline level, its style (outline level
//!   or a "heading N"/"Title" name, following `w:basedOn`), or the numbering level's style.
//! - Runs in legacy fonts (`.VnTime`, `.VnTimeH`, `VNI-Times`, …; from the run, its character
//!   style, the paragraph style or the document defaults) are converted to Unicode; runs without
//!   a legacy font whose text looks like TCVN3/VNI mojibake are converted too.
//! - Tables become rows × cells with the grid's column count: a `w:gridSpan` cell is followed by
//!   empty cells, `w:vMerge` continuation cells are empty, a cell's paragraphs are joined with a
//!   space, `w:tblHeader` rows are header rows.
//! - Nested tables are emitted as their own [`Block::Table`] right after the outermost table
//!   that holds them (their text is not repeated in the outer cell).
//! - Text boxes (`w:txbxContent`) become ordinary blocks right after the paragraph that anchors
//!   them; `mc:Fallback` copies are skipped.
//! - Borderless layout tables (at most 3 columns and 10 rows: the heading block, the signature
//!   block) are emitted as a table followed by one paragraph per cell paragraph; the first such
//!   table at the very start of the body is the header block (`in_header: true`).
//!
//! [`Document::encodings`] lists each legacy encoding met; `Unicode` is listed when non-ASCII
//! text was read as Unicode, or when no legacy text was met at all. Headers, footers,
//! footnotes and comments are not read.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use baocao_model::{Block, Document, Paragraph, Row, Table, TextEncoding};
use baocao_text::encoding;

/// Resource limits applied while reading a DOCX file.
#[derive(Debug, Clone)]
pub struct DocxLimits {
    /// Largest uncompressed size of one zip entry read (declared and actually read), in bytes.
    pub max_entry_bytes: u64,
    /// Largest uncompressed/compressed ratio of an entry (applies above 1 MiB uncompressed).
    pub max_ratio: u64,
    /// Deepest XML element nesting accepted.
    pub max_depth: usize,
    /// Most XML elements accepted in one part.
    pub max_elements: usize,
    /// Largest declared uncompressed size of all entries together, in bytes.
    pub max_total_bytes: u64,
}

impl Default for DocxLimits {
    /// 200 MiB per entry, ratio 200, nesting 256, 5 million elements, 1 GiB in all entries.
    fn default() -> Self {
        DocxLimits {
            max_entry_bytes: 200 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 256,
            max_elements: 5_000_000,
            max_total_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// Entries smaller than this are not subject to the compression-ratio check.
const RATIO_FLOOR: u64 = 1024 * 1024;

/// Why a DOCX file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// The bytes are not a readable zip archive.
    NotZip(String),
    /// The zip holds no main document part.
    NotDocx,
    /// The archive uses something this reader does not support (encryption, a compression method).
    Unsupported(String),
    /// An entry is larger than [`DocxLimits::max_entry_bytes`].
    TooLarge {
        /// Entry name.
        part: String,
        /// Declared or actually read size in bytes.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// An entry expands more than [`DocxLimits::max_ratio`] times.
    ZipBomb {
        /// Entry name.
        part: String,
        /// Expansion ratio (declared, or at least this much when found while reading).
        ratio: u64,
    },
    /// All entries together declare more than [`DocxLimits::max_total_bytes`].
    TotalTooLarge {
        /// Declared uncompressed bytes of all entries.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// XML nesting deeper than [`DocxLimits::max_depth`].
    TooDeep(usize),
    /// More XML elements than [`DocxLimits::max_elements`].
    TooManyElements(usize),
    /// The XML is not well-formed.
    Xml {
        /// Entry name.
        part: String,
        /// Byte offset in the uncompressed entry.
        pos: u64,
        /// What went wrong.
        msg: String,
    },
    /// Reading or decompressing an entry failed.
    Io(String),
}

impl DocxError {
    /// A stable short code for the documents row and tests.
    pub fn code(&self) -> &'static str {
        match self {
            DocxError::NotZip(_) => "not_zip",
            DocxError::NotDocx => "not_docx",
            DocxError::Unsupported(_) => "unsupported_docx",
            DocxError::TooLarge { .. } => "entry_size",
            DocxError::ZipBomb { .. } | DocxError::TotalTooLarge { .. } => "zip_bomb",
            DocxError::TooDeep(_) => "xml_depth",
            DocxError::TooManyElements(_) => "xml_elements",
            DocxError::Xml { .. } => "malformed_xml",
            DocxError::Io(_) => "read_error",
        }
    }
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::NotZip(e) => write!(f, "not a docx: not a zip archive ({e})"),
            DocxError::NotDocx => write!(f, "not a docx: no word/document.xml"),
            DocxError::Unsupported(e) => write!(f, "unsupported docx: {e}"),
            DocxError::TooLarge { part, bytes, limit } => {
                write!(f, "{part} too large: {bytes} bytes (limit {limit})")
            }
            DocxError::ZipBomb { part, ratio } => {
                write!(
                    f,
                    "zip bomb: {part} expands {ratio}x (compression ratio cap)"
                )
            }
            DocxError::TotalTooLarge { bytes, limit } => write!(
                f,
                "zip bomb: entries expand to {bytes} bytes in all (total uncompressed size cap {limit})"
            ),
            DocxError::TooDeep(n) => write!(f, "xml nesting deeper than {n} (xml depth cap)"),
            DocxError::TooManyElements(n) => {
                write!(f, "xml has more than {n} elements (xml element count cap)")
            }
            DocxError::Xml { part, pos, msg } => {
                if part == MAIN_PART {
                    write!(f, "malformed xml at byte {pos}: {msg}")
                } else {
                    write!(f, "malformed xml at byte {pos} of {part}: {msg}")
                }
            }
            DocxError::Io(e) => write!(f, "read error: {e}"),
        }
    }
}

impl std::error::Error for DocxError {}

const MAIN_PART: &str = "word/document.xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a DOCX file from memory into a [`Document`] (`pages` is `None`).
///
/// Fails on a non-zip, a zip without `word/document.xml`, a main part over the limits, or
/// malformed main XML. Problems in `styles.xml`/`numbering.xml` only add a note to
/// [`Document::skipped`].
pub fn read_docx(bytes: &[u8], limits: &DocxLimits) -> Result<Document, DocxError> {
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    // Unknown (entries with data descriptors) counts as 0: every entry read is capped anyway.
    let declared = zip
        .decompressed_size()
        .map_or(0, |n| u64::try_from(n).unwrap_or(u64::MAX));
    if declared > limits.max_total_bytes {
        return Err(DocxError::TotalTooLarge {
            bytes: declared,
            limit: limits.max_total_bytes,
        });
    }
    let main = main_part_name(&mut zip, limits).ok_or(DocxError::NotDocx)?;
    let mut doc = Document::default();

    let styles = match zip.index_for_name("word/styles.xml") {
        Some(_) => match read_entry(&mut zip, "word/styles.xml", limits) {
            Ok(data) => Styles::load(data, limits),
            Err(e) => {
                doc.skipped.push(format!("word/styles.xml: {e}"));
                Styles::default()
            }
        },
        None => Styles::default(),
    };
    let mut numbering = NumberingHandler::default();
    read_aux(
        &mut zip,
        "word/numbering.xml",
        limits,
        &mut numbering,
        &mut doc.skipped,
    );

    let mut builder = DocBuilder::new(styles, numbering.finish());
    read_part(&mut zip, &main, limits, &mut builder)?;
    builder.finish(&mut doc);
    Ok(doc)
}

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// `word/document.xml`, or the office-document target named in `_rels/.rels`.
fn main_part_name(zip: &mut Zip<'_>, limits: &DocxLimits) -> Option<String> {
    if zip.index_for_name(MAIN_PART).is_some() {
        return Some(MAIN_PART.to_string());
    }
    let mut rels = RelsHandler::default();
    read_part(zip, "_rels/.rels", limits, &mut rels).ok()?;
    let target = rels.office_document?;
    let name = target.trim_start_matches('/').to_string();
    zip.index_for_name(&name).map(|_| name)
}

/// Reads an optional part; failures are noted in `skipped` instead of failing the file.
fn read_aux<H: Handler>(
    zip: &mut Zip<'_>,
    name: &str,
    limits: &DocxLimits,
    h: &mut H,
    skipped: &mut Vec<String>,
) {
    if zip.index_for_name(name).is_none() {
        return;
    }
    if let Err(e) = read_part(zip, name, limits, h) {
        skipped.push(format!("{name}: {e}"));
    }
}

/// Decompresses one entry after checking its declared size and ratio, capping the bytes
/// actually read (declared sizes can lie).
fn read_entry(zip: &mut Zip<'_>, name: &str, limits: &DocxLimits) -> Result<Vec<u8>, DocxError> {
    let file = zip.by_name(name).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => DocxError::NotDocx,
        zip::result::ZipError::UnsupportedArchive(m) => DocxError::Unsupported(m.to_string()),
        zip::result::ZipError::CompressionMethodNotSupported(m) => {
            DocxError::Unsupported(format!("compression method {m} in {name}"))
        }
        other => DocxError::Io(format!("{name}: {other}")),
    })?;
    if file.encrypted() {
        return Err(DocxError::Unsupported(format!("{name} is encrypted")));
    }
    let size = file.size();
    let csize = file.compressed_size();
    if size > limits.max_entry_bytes {
        return Err(DocxError::TooLarge {
            part: name.to_string(),
            bytes: size,
            limit: limits.max_entry_bytes,
        });
    }
    let ratio = size / csize.max(1);
    if size > RATIO_FLOOR && ratio > limits.max_ratio {
        return Err(DocxError::ZipBomb {
            part: name.to_string(),
            ratio,
        });
    }
    let ratio_cap = csize.saturating_mul(limits.max_ratio).max(RATIO_FLOOR);
    let cap = limits.max_entry_bytes.min(ratio_cap);
    let initial = usize::try_from(size.min(cap)).unwrap_or(0);
    let mut data = Vec::with_capacity(initial);
    file.take(cap.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| DocxError::Io(format!("{name}: {e}")))?;
    if data.len() as u64 > cap {
        return Err(if cap == limits.max_entry_bytes {
            DocxError::TooLarge {
                part: name.to_string(),
                bytes: data.len() as u64,
                limit: limits.max_entry_bytes,
            }
        } else {
            DocxError::ZipBomb {
                part: name.to_string(),
                ratio: data.len() as u64 / csize.max(1),
            }
        });
    }
    Ok(data)
}

/// Reads one entry and parses it into `h`.
fn read_part<H: Handler>(
    zip: &mut Zip<'_>,
    name: &str,
    limits: &DocxLimits,
    h: &mut H,
) -> Result<(), DocxError> {
    let data = read_entry(zip, name, limits)?;
    drive(&data, name, limits, h, false)
}

/// Receives the XML events of one part.
trait Handler {
    /// An element opens (`Start` or `Empty`; for `Empty`, [`Handler::close`] follows).
    fn open(&mut self, e: &BytesStart<'_>);
    /// The innermost open element closes.
    fn close(&mut self);
    /// Character data (entities resolved).
    fn text(&mut self, s: &str);
}

/// Pulls events from `reader` into `h`, enforcing the depth and element limits.
/// With `first_only`, stops once the first element is closed (used for one style of
/// `styles.xml`).
fn drive<H: Handler>(
    data: &[u8],
    part: &str,
    limits: &DocxLimits,
    h: &mut H,
    first_only: bool,
) -> Result<(), DocxError> {
    let mut reader = Reader::from_reader(data);
    let reader = &mut reader;
    let mut depth = 0usize;
    let mut elements = 0usize;
    let xml_err = |reader: &Reader<&[u8]>, msg: String| {
        let pos = match reader.error_position() {
            0 => reader.buffer_position(),
            p => p,
        };
        DocxError::Xml {
            part: part.to_string(),
            pos,
            msg,
        }
    };
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => return Err(xml_err(reader, e.to_string())),
        };
        match ev {
            Event::Start(e) | Event::Empty(e) if depth >= limits.max_depth => {
                let _ = e;
                return Err(DocxError::TooDeep(limits.max_depth));
            }
            Event::Start(e) => {
                elements += 1;
                if elements > limits.max_elements {
                    return Err(DocxError::TooManyElements(limits.max_elements));
                }
                depth += 1;
                h.open(&e);
            }
            Event::Empty(e) => {
                elements += 1;
                if elements > limits.max_elements {
                    return Err(DocxError::TooManyElements(limits.max_elements));
                }
                h.open(&e);
                h.close();
                if first_only && depth == 0 {
                    return Ok(());
                }
            }
            Event::End(_) => {
                if depth == 0 {
                    return Err(xml_err(reader, "unexpected end tag".to_string()));
                }
                depth -= 1;
                h.close();
                if first_only && depth == 0 {
                    return Ok(());
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                if !s.is_empty() {
                    h.text(&s);
                }
            }
            Event::CData(t) => {
                let s = t.xml10_content();
                h.text(&s);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(e) => return Err(xml_err(reader, e.to_string())),
                };
                if let Some(c) = c {
                    let mut tmp = [0u8; 4];
                    h.text(c.encode_utf8(&mut tmp));
                }
            }
            Event::Eof => {
                if depth != 0 {
                    return Err(xml_err(
                        reader,
                        format!("unexpected end of file with {depth} elements open"),
                    ));
                }
                return Ok(());
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// The value of the attribute whose local name is `local` (any prefix).
fn attr<'a>(e: &'a BytesStart<'_>, local: &str) -> Option<Cow<'a, str>> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.0;
        let l = key.rsplit_once(':').map_or(key, |(_, l)| l);
        if l == local {
            let v = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(Cow::Owned(s)) => Cow::Owned(s),
                _ => a.value,
            };
            Some(v)
        } else {
            None
        }
    })
}

/// Local name of an element or attribute name.
fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// `w:val` as a boolean toggle (absent = true).
fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// The encoding implied by a `w:rFonts` element: `None` when it names no relevant font.
fn rfonts_encoding(e: &BytesStart<'_>) -> Option<(TextEncoding, bool)> {
    let mut hansi = None;
    let mut ascii = None;
    let mut cs = None;
    let mut theme = false;
    for a in e.attributes().flatten() {
        match local_name(a.key.0) {
            "hAnsi" => hansi = Some(a.value),
            "ascii" => ascii = Some(a.value),
            "cs" => cs = Some(a.value),
            "asciiTheme" | "hAnsiTheme" => theme = true,
            _ => {}
        }
    }
    if theme {
        return Some((TextEncoding::Unicode, false));
    }
    hansi
        .or(ascii)
        .or(cs)
        .map(|f| encoding::encoding_for_font(&f))
}

/// Table border sides tracked for the borderless test.
fn border_side(local: &str) -> Option<usize> {
    Some(match local {
        "top" => 0,
        "left" | "start" => 1,
        "bottom" => 2,
        "right" | "end" => 3,
        "insideH" => 4,
        "insideV" => 5,
        _ => return None,
    })
}

/// Whether a border element draws a line.
fn border_drawn(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), None | Some("none" | "nil"))
}

// ---------------------------------------------------------------------------------------------
// _rels/.rels

#[derive(Default)]
struct RelsHandler {
    office_document: Option<String>,
}

impl Handler for RelsHandler {
    fn open(&mut self, e: &BytesStart<'_>) {
        if local_name(e.name().0) == "Relationship"
            && attr(e, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
        {
            self.office_document = attr(e, "Target").map(|t| t.into_owned());
        }
    }
    fn close(&mut self) {}
    fn text(&mut self, _: &str) {}
}

// ---------------------------------------------------------------------------------------------
// styles.xml

#[derive(Default, Clone)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    font: Option<(TextEncoding, bool)>,
    borders: [Option<bool>; 6],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum STag {
    Style,
    PPr,
    RPr,
    RPrDefault,
    TblPr,
    TblBorders,
    Other,
}

#[derive(Default)]
struct StylesHandler {
    tags: Vec<STag>,
    defs: HashMap<String, StyleDef>,
    cur: Option<(String, StyleDef)>,
    default_para: Option<String>,
    doc_font: Option<(TextEncoding, bool)>,
}

impl StylesHandler {
    fn parent(&self, up: usize) -> STag {
        self.tags
            .len()
            .checked_sub(up)
            .and_then(|i| self.tags.get(i))
            .copied()
            .unwrap_or(STag::Other)
    }
}

impl Handler for StylesHandler {
    fn open(&mut self, e: &BytesStart<'_>) {
        let local = local_name(e.name().0);
        let parent = self.parent(1);
        let tag = match local {
            "style" => {
                if let Some(id) = attr(e, "styleId") {
                    let id = id.into_owned();
                    let is_para = attr(e, "type").is_none_or(|t| t == "paragraph");
                    if is_para && attr(e, "default").is_some_and(|d| d == "1" || d == "true") {
                        self.default_para = Some(id.clone());
                    }
                    self.cur = Some((id, StyleDef::default()));
                }
                STag::Style
            }
            "pPr" => STag::PPr,
            "rPr" => STag::RPr,
            "rPrDefault" => STag::RPrDefault,
            "tblPr" => STag::TblPr,
            "tblBorders" => STag::TblBorders,
            _ => {
                let gp = self.parent(2);
                match local {
                    "name" if parent == STag::Style => {
                        if let (Some((_, d)), Some(v)) = (self.cur.as_mut(), attr(e, "val")) {
                            d.name = v.into_owned();
                        }
                    }
                    "basedOn" if parent == STag::Style => {
                        if let (Some((_, d)), Some(v)) = (self.cur.as_mut(), attr(e, "val")) {
                            d.based_on = Some(v.into_owned());
                        }
                    }
                    "outlineLvl" if parent == STag::PPr && gp == STag::Style => {
                        if let (Some((_, d)), Some(v)) = (self.cur.as_mut(), attr(e, "val")) {
                            d.outline = v.trim().parse().ok();
                        }
                    }
                    "rFonts" if parent == STag::RPr => {
                        if gp == STag::Style {
                            if let Some((_, d)) = self.cur.as_mut() {
                                d.font = rfonts_encoding(e);
                            }
                        } else if gp == STag::RPrDefault {
                            self.doc_font = rfonts_encoding(e);
                        }
                    }
                    _ if parent == STag::TblBorders && self.parent(3) == STag::Style => {
                        if let (Some((_, d)), Some(i)) = (self.cur.as_mut(), border_side(local))
                            && let Some(slot) = d.borders.get_mut(i)
                        {
                            *slot = Some(border_drawn(e));
                        }
                    }
                    _ => {}
                }
                STag::Other
            }
        };
        self.tags.push(tag);
    }

    fn close(&mut self) {
        if self.tags.pop() == Some(STag::Style)
            && let Some((id, def)) = self.cur.take()
        {
            self.defs.insert(id, def);
        }
    }

    fn text(&mut self, _: &str) {}
}

/// What the body needs to know about a style, with `w:basedOn` followed.
#[derive(Debug, Clone, Copy, Default)]
struct ResolvedStyle {
    heading: Option<u8>,
    font: Option<(TextEncoding, bool)>,
    bordered: Option<bool>,
}

/// Heading level from a style name or id: "heading 3", "Heading3", "Title".
fn heading_from_name(name: &str) -> Option<u8> {
    let n = name.trim();
    if n.eq_ignore_ascii_case("title") {
        return Some(1);
    }
    let lower = n.to_ascii_lowercase();
    let rest = lower.strip_prefix("heading")?.trim_start();
    let lvl: u8 = rest.parse().ok()?;
    (1..=9).contains(&lvl).then_some(lvl)
}

fn resolve_style(defs: &HashMap<String, StyleDef>, id: &str) -> ResolvedStyle {
    let mut r = ResolvedStyle::default();
    let mut heading_done = false;
    let mut borders: [Option<bool>; 6] = [None; 6];
    let mut cur = Some(id);
    for _ in 0..10 {
        let Some(def) = cur.and_then(|c| defs.get(c)) else {
            break;
        };
        if !heading_done {
            if let Some(o) = def.outline {
                r.heading = (o < 9).then_some(o.saturating_add(1));
                heading_done = true;
            } else if let Some(h) =
                heading_from_name(&def.name).or_else(|| cur.and_then(heading_from_name))
            {
                r.heading = Some(h);
                heading_done = true;
            }
        }
        if r.font.is_none() {
            r.font = def.font;
        }
        for (slot, v) in borders.iter_mut().zip(def.borders.iter()) {
            if slot.is_none() {
                *slot = *v;
            }
        }
        cur = def.based_on.as_deref();
    }
    if borders.iter().any(|b| b.is_some()) {
        r.bordered = Some(borders.contains(&Some(true)));
    }
    r
}

/// `styles.xml`, indexed by style id; a style is parsed the first time the body needs it
/// (most of a typical styles.xml is table-style formatting the reader never looks at).
#[derive(Default)]
struct Styles {
    data: Vec<u8>,
    index: HashMap<String, usize>,
    defs: HashMap<String, StyleDef>,
    resolved: HashMap<String, Option<ResolvedStyle>>,
    default_para: Option<String>,
    doc_font: Option<(TextEncoding, bool)>,
    limits: DocxLimits,
    notes: Vec<String>,
}

/// Offsets of `<…style …>` and `<…docDefaults>` start tags (any prefix) in styles.xml,
/// found with substring search rather than a full parse.
fn scan_style_tags(data: &[u8]) -> Vec<(usize, bool)> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (word, defaults) in [("style", false), ("docDefaults", true)] {
        for (i, _) in text.match_indices(word) {
            // The name must end here…
            let after = bytes.get(i + word.len()).copied().unwrap_or(b'>');
            if !matches!(after, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
                continue;
            }
            // …and start a tag: `<style` or `<prefix:style`.
            let head = bytes.get(i.saturating_sub(16)..i).unwrap_or_default();
            let Some(lt) = head.iter().rposition(|&b| b == b'<') else {
                continue;
            };
            let between = head.get(lt + 1..).unwrap_or_default();
            let ok = match between.split_last() {
                None => true,
                Some((b':', prefix)) => prefix.iter().all(|b| b.is_ascii_alphanumeric()),
                Some(_) => false,
            };
            if ok {
                found.push((i - (head.len() - lt), defaults));
            }
        }
    }
    found.sort_unstable();
    found
}

impl Styles {
    fn load(data: Vec<u8>, limits: &DocxLimits) -> Styles {
        let mut st = Styles {
            limits: limits.clone(),
            ..Styles::default()
        };
        for (off, defaults) in scan_style_tags(&data) {
            let Some(chunk) = data.get(off..) else {
                continue;
            };
            if defaults {
                let mut h = StylesHandler::default();
                match drive(chunk, "word/styles.xml", limits, &mut h, true) {
                    Ok(()) => st.doc_font = h.doc_font,
                    Err(e) => st.notes.push(format!("word/styles.xml: {e}")),
                }
                continue;
            }
            let mut r = Reader::from_reader(chunk);
            if let Ok(Event::Start(e) | Event::Empty(e)) = r.read_event()
                && let Some(id) = attr(&e, "styleId")
            {
                let is_para = attr(&e, "type").is_none_or(|t| t == "paragraph");
                if is_para
                    && st.default_para.is_none()
                    && attr(&e, "default").is_some_and(|d| d == "1" || d == "true")
                {
                    st.default_para = Some(id.to_string());
                }
                st.index.entry(id.into_owned()).or_insert(off);
            }
        }
        st.data = data;
        st
    }

    /// Parses one style definition into `defs` (an empty definition when it is malformed).
    fn load_def(&mut self, id: &str) {
        if self.defs.contains_key(id) {
            return;
        }
        let Some(chunk) = self.index.get(id).and_then(|&off| self.data.get(off..)) else {
            return;
        };
        let mut h = StylesHandler::default();
        let def = match drive(chunk, "word/styles.xml", &self.limits, &mut h, true) {
            Ok(()) => h.defs.remove(id).unwrap_or_default(),
            Err(e) => {
                self.notes.push(format!("word/styles.xml: style {id}: {e}"));
                StyleDef::default()
            }
        };
        self.defs.insert(id.to_string(), def);
    }

    /// The style with `w:basedOn` followed; `None` for an unknown id.
    fn get(&mut self, id: &str) -> Option<ResolvedStyle> {
        if let Some(r) = self.resolved.get(id) {
            return *r;
        }
        let mut cur = id.to_string();
        for _ in 0..10 {
            self.load_def(&cur);
            match self.defs.get(&cur).and_then(|d| d.based_on.clone()) {
                Some(b) if b != cur => cur = b,
                _ => break,
            }
        }
        let r = self
            .defs
            .contains_key(id)
            .then(|| resolve_style(&self.defs, id));
        self.resolved.insert(id.to_string(), r);
        r
    }
}

// ---------------------------------------------------------------------------------------------
// numbering.xml

#[derive(Default)]
struct NumberingHandler {
    tags: Vec<&'static str>,
    abstract_levels: HashMap<String, HashMap<u8, String>>,
    nums: HashMap<String, String>,
    cur_abstract: Option<String>,
    cur_lvl: Option<u8>,
    cur_num: Option<String>,
}

impl Handler for NumberingHandler {
    fn open(&mut self, e: &BytesStart<'_>) {
        let local = local_name(e.name().0);
        let parent = self.tags.last().copied().unwrap_or("");
        let tag = match local {
            "abstractNum" => {
                self.cur_abstract = attr(e, "abstractNumId").map(|v| v.into_owned());
                "abstractNum"
            }
            "lvl" => {
                self.cur_lvl = attr(e, "ilvl").and_then(|v| v.trim().parse().ok());
                "lvl"
            }
            "num" => {
                self.cur_num = attr(e, "numId").map(|v| v.into_owned());
                "num"
            }
            "pStyle" if parent == "lvl" => {
                if let (Some(a), Some(l), Some(v)) =
                    (self.cur_abstract.clone(), self.cur_lvl, attr(e, "val"))
                {
                    self.abstract_levels
                        .entry(a)
                        .or_default()
                        .insert(l, v.into_owned());
                }
                "other"
            }
            "abstractNumId" if parent == "num" => {
                if let (Some(n), Some(v)) = (self.cur_num.clone(), attr(e, "val")) {
                    self.nums.insert(n, v.into_owned());
                }
                "other"
            }
            _ => "other",
        };
        self.tags.push(tag);
    }
    fn close(&mut self) {
        self.tags.pop();
    }
    fn text(&mut self, _: &str) {}
}

impl NumberingHandler {
    fn finish(self) -> Numbering {
        let mut levels = HashMap::new();
        for (num, abs) in &self.nums {
            if let Some(lv) = self.abstract_levels.get(abs) {
                for (ilvl, style) in lv {
                    levels.insert((num.clone(), *ilvl), style.clone());
                }
            }
        }
        Numbering { levels }
    }
}

/// Heading levels implied by numbering levels linked to heading styles.
#[derive(Default)]
struct Numbering {
    /// (numId, ilvl) → the paragraph style the level is linked to.
    levels: HashMap<(String, u8), String>,
}

// ---------------------------------------------------------------------------------------------
// document.xml

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    PPr,
    R,
    RPr,
    T,
    NumPr,
    Tbl,
    TblPr,
    TblBorders,
    TblGrid,
    Tr,
    TrPr,
    Tc,
    TcPr,
    TcBorders,
    TxbxContent,
    /// A subtree whose text is not part of the document (`mc:Fallback`, `w:del`, `w:moveFrom`).
    Skip,
    Other,
}

struct ParaB {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: u8,
    after: Vec<Block>,
}

struct RunB {
    font: Option<(TextEncoding, bool)>,
    style: Option<String>,
    buf: String,
}

struct TableB {
    grid: usize,
    style: Option<String>,
    borders: [Option<bool>; 6],
    cell_borders: bool,
    rows: Vec<RowB>,
    nested: Vec<Block>,
}

#[derive(Default)]
struct RowB {
    header: bool,
    grid_before: usize,
    grid_after: usize,
    cells: Vec<CellB>,
}

struct CellB {
    paras: Vec<Paragraph>,
    span: usize,
    continued: bool,
}

enum Frame {
    Para(ParaB),
    Run(RunB),
    Table(TableB),
    Row(RowB),
    Cell(CellB),
    TextBox(Vec<Block>),
}

struct DocBuilder {
    styles: Styles,
    numbering: Numbering,
    tags: Vec<Tag>,
    frames: Vec<Frame>,
    skip: usize,
    wp: String,
    mcp: String,
    blocks: Vec<Block>,
    saw_unicode: bool,
    saw_tcvn3: bool,
    saw_vni: bool,
}

/// Collapses runs of whitespace to single spaces and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Vietnamese letters outside Latin-1 (`ă ơ ư đ ạ …`): such text is Unicode already.
fn has_unicode_vietnamese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            c as u32,
            0x102
                | 0x103
                | 0x110
                | 0x111
                | 0x128
                | 0x129
                | 0x168
                | 0x169
                | 0x1A0
                | 0x1A1
                | 0x1AF
                | 0x1B0
                | 0x1EA0..=0x1EF9
        )
    })
}

impl DocBuilder {
    fn new(styles: Styles, numbering: Numbering) -> Self {
        DocBuilder {
            styles,
            numbering,
            tags: Vec::with_capacity(64),
            frames: Vec::with_capacity(16),
            skip: 0,
            wp: "w".to_string(),
            mcp: "mc".to_string(),
            blocks: Vec::new(),
            saw_unicode: false,
            saw_tcvn3: false,
            saw_vni: false,
        }
    }

    fn parent(&self, up: usize) -> Tag {
        self.tags
            .len()
            .checked_sub(up)
            .and_then(|i| self.tags.get(i))
            .copied()
            .unwrap_or(Tag::Other)
    }

    fn classify(&self, name: &str) -> (Tag, &'static str) {
        let (prefix, local) = name.split_once(':').unwrap_or(("", name));
        if prefix == self.wp {
            let tag = match local {
                "p" => Tag::P,
                "pPr" => Tag::PPr,
                "r" => Tag::R,
                "rPr" => Tag::RPr,
                "t" => Tag::T,
                "numPr" => Tag::NumPr,
                "tbl" => Tag::Tbl,
                "tblPr" => Tag::TblPr,
                "tblBorders" => Tag::TblBorders,
                "tblGrid" => Tag::TblGrid,
                "tr" => Tag::Tr,
                "trPr" => Tag::TrPr,
                "tc" => Tag::Tc,
                "tcPr" => Tag::TcPr,
                "tcBorders" => Tag::TcBorders,
                "txbxContent" => Tag::TxbxContent,
                "del" | "moveFrom" => Tag::Skip,
                // Leaf elements handled in `open` by name.
                "tab" => return (Tag::Other, "tab"),
                "br" | "cr" => return (Tag::Other, "br"),
                "noBreakHyphen" => return (Tag::Other, "nbh"),
                "pStyle" => return (Tag::Other, "pStyle"),
                "rStyle" => return (Tag::Other, "rStyle"),
                "outlineLvl" => return (Tag::Other, "outlineLvl"),
                "numId" => return (Tag::Other, "numId"),
                "ilvl" => return (Tag::Other, "ilvl"),
                "rFonts" => return (Tag::Other, "rFonts"),
                "tblStyle" => return (Tag::Other, "tblStyle"),
                "gridCol" => return (Tag::Other, "gridCol"),
                "tblHeader" => return (Tag::Other, "tblHeader"),
                "gridBefore" => return (Tag::Other, "gridBefore"),
                "gridAfter" => return (Tag::Other, "gridAfter"),
                "gridSpan" => return (Tag::Other, "gridSpan"),
                "vMerge" => return (Tag::Other, "vMerge"),
                "hMerge" => return (Tag::Other, "hMerge"),
                _ => return (Tag::Other, local_border(local)),
            };
            (tag, "")
        } else if prefix == self.mcp && local == "Fallback" {
            (Tag::Skip, "")
        } else {
            (Tag::Other, "")
        }
    }

    fn top_para(&mut self) -> Option<&mut ParaB> {
        match self.frames.last_mut() {
            Some(Frame::Para(p)) => Some(p),
            _ => None,
        }
    }

    fn top_run(&mut self) -> Option<&mut RunB> {
        match self.frames.last_mut() {
            Some(Frame::Run(r)) => Some(r),
            _ => None,
        }
    }

    fn top_table(&mut self) -> Option<&mut TableB> {
        match self.frames.last_mut() {
            Some(Frame::Table(t)) => Some(t),
            _ => None,
        }
    }

    fn top_row(&mut self) -> Option<&mut RowB> {
        match self.frames.last_mut() {
            Some(Frame::Row(r)) => Some(r),
            _ => None,
        }
    }

    fn top_cell(&mut self) -> Option<&mut CellB> {
        match self.frames.last_mut() {
            Some(Frame::Cell(c)) => Some(c),
            _ => None,
        }
    }

    fn nearest_table(&mut self) -> Option<&mut TableB> {
        self.frames.iter_mut().rev().find_map(|f| match f {
            Frame::Table(t) => Some(t),
            _ => None,
        })
    }

    fn set_namespaces(&mut self, e: &BytesStart<'_>) {
        for a in e.attributes().flatten() {
            let key = a.key.0;
            let prefix = if key == "xmlns" {
                Some("")
            } else {
                key.strip_prefix("xmlns:")
            };
            if let Some(p) = prefix {
                if a.value == W_NS || a.value == W_NS_STRICT {
                    self.wp = p.to_string();
                } else if a.value == MC_NS {
                    self.mcp = p.to_string();
                }
            }
        }
    }

    /// Where a finished block goes: the innermost paragraph (text-box content), cell, text box,
    /// or the body.
    fn emit(&mut self, block: Block) {
        let mut target = None;
        for (i, f) in self.frames.iter().enumerate().rev() {
            if matches!(f, Frame::Para(_) | Frame::Cell(_) | Frame::TextBox(_)) {
                target = Some(i);
                break;
            }
        }
        let Some(i) = target else {
            self.blocks.push(block);
            return;
        };
        match (self.frames.get_mut(i), block) {
            (Some(Frame::Para(p)), b) => p.after.push(b),
            (Some(Frame::TextBox(v)), b) => v.push(b),
            (Some(Frame::Cell(c)), Block::Paragraph(p)) => c.paras.push(p),
            (Some(Frame::Cell(_)), b @ Block::Table(_)) => {
                if let Some(t) = self.nearest_table() {
                    t.nested.push(b);
                } else {
                    self.blocks.push(b);
                }
            }
            (_, b) => self.blocks.push(b),
        }
    }

    /// Whether the innermost container is a table cell (the table being finished is nested).
    fn in_cell(&self) -> bool {
        for f in self.frames.iter().rev() {
            match f {
                Frame::Cell(_) => return true,
                Frame::Para(_) | Frame::TextBox(_) => return false,
                _ => {}
            }
        }
        false
    }

    fn run_font(&mut self, run: &RunB) -> (TextEncoding, bool) {
        if let Some(f) = run.font {
            return f;
        }
        if let Some(f) = run
            .style
            .as_deref()
            .and_then(|s| self.styles.get(s))
            .and_then(|s| s.font)
        {
            return f;
        }
        let para_style = self.frames.iter().rev().find_map(|f| match f {
            Frame::Para(p) => Some(p.style.as_deref()),
            _ => None,
        });
        let styles = &mut self.styles;
        let pstyle = para_style
            .flatten()
            .or(styles.default_para.as_deref())
            .map(str::to_owned);
        if let Some(f) = pstyle.and_then(|s| styles.get(&s)).and_then(|s| s.font) {
            return f;
        }
        self.styles
            .doc_font
            .unwrap_or((TextEncoding::Unicode, false))
    }

    fn finish_run(&mut self, run: RunB) {
        if run.buf.is_empty() {
            return;
        }
        let (mut enc, upper) = self.run_font(&run);
        let ascii = run.buf.is_ascii();
        if enc != TextEncoding::Unicode && has_unicode_vietnamese(&run.buf) {
            // Converted text left in a legacy font: keep it.
            enc = TextEncoding::Unicode;
        } else if enc == TextEncoding::Unicode && !ascii {
            enc = encoding::detect(&run.buf);
        }
        let text = match enc {
            TextEncoding::Unicode => {
                if !ascii {
                    self.saw_unicode = true;
                }
                Cow::Borrowed(run.buf.as_str())
            }
            TextEncoding::Tcvn3 => {
                self.saw_tcvn3 = true;
                Cow::Owned(encoding::decode_tcvn3(&run.buf, upper))
            }
            TextEncoding::Vni => {
                self.saw_vni = true;
                Cow::Owned(encoding::decode_vni(&run.buf))
            }
        };
        if let Some(p) = self.top_para() {
            p.text.push_str(&text);
        }
    }

    fn finish_para(&mut self, p: ParaB) {
        let text = collapse(&p.text);
        if !text.is_empty() {
            let heading = self.heading_level(&p);
            self.emit(Block::Paragraph(Paragraph {
                text,
                page: None,
                heading_level: heading,
                in_header: false,
            }));
        }
        for b in p.after {
            self.emit(b);
        }
    }

    fn heading_level(&mut self, p: &ParaB) -> Option<u8> {
        if let Some(o) = p.outline {
            return (o < 9).then_some(o.saturating_add(1));
        }
        if let Some(style) = p.style.as_deref().and_then(|s| self.styles.get(s))
            && style.heading.is_some()
        {
            return style.heading;
        }
        let num = p.num_id.as_ref()?;
        let style = self.numbering.levels.get(&(num.clone(), p.ilvl))?;
        self.styles.get(style).and_then(|s| s.heading)
    }

    fn finish_table(&mut self, t: TableB) {
        let style_bordered = t
            .style
            .as_deref()
            .and_then(|s| self.styles.get(s))
            .and_then(|s| s.bordered);
        let explicit = t.borders.contains(&Some(true));
        let explicit_all_none = t.borders.iter().all(|b| *b == Some(false));
        let bordered = t.cell_borders
            || explicit
            || (!explicit_all_none && style_bordered == Some(true) && {
                // Sides not set on the table fall back to the style.
                t.borders.iter().any(|b| b.is_none())
            });
        let borderless = !bordered;

        let widest = t
            .rows
            .iter()
            .map(|r| r.grid_before + r.grid_after + r.cells.iter().map(|c| c.span).sum::<usize>())
            .max()
            .unwrap_or(0);
        let cols = if t.grid > 0 { t.grid } else { widest };
        let layout = borderless && cols <= 3 && t.rows.len() <= 10;

        let mut rows = Vec::with_capacity(t.rows.len());
        let mut layout_paras: Vec<Paragraph> = Vec::new();
        for r in t.rows {
            let mut cells: Vec<String> = Vec::with_capacity(t.grid.max(r.cells.len()));
            cells.extend(std::iter::repeat_n(String::new(), r.grid_before));
            for c in r.cells {
                if c.continued {
                    cells.push(String::new());
                } else {
                    // Paragraph texts are already collapsed and non-empty.
                    let mut text = String::new();
                    for p in &c.paras {
                        if !text.is_empty() {
                            text.push(' ');
                        }
                        text.push_str(&p.text);
                    }
                    cells.push(text);
                    if layout {
                        layout_paras.extend(c.paras);
                    }
                }
                cells.extend(std::iter::repeat_n(String::new(), c.span.saturating_sub(1)));
            }
            cells.extend(std::iter::repeat_n(String::new(), r.grid_after));
            if cells.len() < t.grid {
                cells.resize(t.grid, String::new());
            }
            rows.push(Row {
                cells,
                page: None,
                is_header: r.header,
            });
        }
        let table = Table {
            rows,
            page: None,
            borderless,
        };
        if self.in_cell() {
            self.emit(Block::Table(table));
            for b in t.nested {
                self.emit(b);
            }
            return;
        }
        let first =
            self.blocks.is_empty() && !self.frames.iter().any(|f| matches!(f, Frame::TextBox(_)));
        self.emit(Block::Table(table));
        if layout {
            for mut p in layout_paras {
                p.in_header = first;
                self.emit(Block::Paragraph(p));
            }
        }
        for b in t.nested {
            self.emit(b);
        }
    }

    fn finish(self, doc: &mut Document) {
        doc.blocks = self.blocks;
        doc.skipped.extend(self.styles.notes);
        doc.pages = None;
        let mut enc = Vec::new();
        if self.saw_tcvn3 {
            enc.push(TextEncoding::Tcvn3);
        }
        if self.saw_vni {
            enc.push(TextEncoding::Vni);
        }
        if self.saw_unicode || enc.is_empty() {
            enc.push(TextEncoding::Unicode);
        }
        doc.encodings = enc;
    }
}

/// Marks border-side element names so `open` can recognise them without allocation.
fn local_border(local: &str) -> &'static str {
    match local {
        "top" => "top",
        "left" => "left",
        "start" => "start",
        "bottom" => "bottom",
        "right" => "right",
        "end" => "end",
        "insideH" => "insideH",
        "insideV" => "insideV",
        _ => "",
    }
}

impl Handler for DocBuilder {
    fn open(&mut self, e: &BytesStart<'_>) {
        if self.tags.is_empty() {
            self.set_namespaces(e);
        }
        if self.skip > 0 {
            self.skip += 1;
            self.tags.push(Tag::Skip);
            return;
        }
        let (tag, leaf) = self.classify(e.name().0);
        let parent = self.parent(1);
        match tag {
            Tag::Skip => {
                self.skip = 1;
            }
            Tag::P => self.frames.push(Frame::Para(ParaB {
                text: String::new(),
                style: None,
                outline: None,
                num_id: None,
                ilvl: 0,
                after: Vec::new(),
            })),
            Tag::R => self.frames.push(Frame::Run(RunB {
                font: None,
                style: None,
                buf: String::new(),
            })),
            Tag::Tbl => self.frames.push(Frame::Table(TableB {
                grid: 0,
                style: None,
                borders: [None; 6],
                cell_borders: false,
                rows: Vec::new(),
                nested: Vec::new(),
            })),
            Tag::Tr => self.frames.push(Frame::Row(RowB::default())),
            Tag::Tc => self.frames.push(Frame::Cell(CellB {
                paras: Vec::new(),
                span: 1,
                continued: false,
            })),
            Tag::TxbxContent => self.frames.push(Frame::TextBox(Vec::new())),
            _ => {}
        }
        if !leaf.is_empty() {
            let gp = self.parent(2);
            match leaf {
                "tab" | "br" if parent == Tag::R => {
                    if let Some(r) = self.top_run() {
                        r.buf.push(' ');
                    }
                }
                "nbh" if parent == Tag::R => {
                    if let Some(r) = self.top_run() {
                        r.buf.push('-');
                    }
                }
                "pStyle" if parent == Tag::PPr && gp == Tag::P => {
                    let v = attr(e, "val").map(|v| v.into_owned());
                    if let Some(p) = self.top_para() {
                        p.style = v;
                    }
                }
                "outlineLvl" if parent == Tag::PPr && gp == Tag::P => {
                    let v = attr(e, "val").and_then(|v| v.trim().parse().ok());
                    if let Some(p) = self.top_para() {
                        p.outline = v;
                    }
                }
                "numId" if parent == Tag::NumPr && gp == Tag::PPr && self.parent(3) == Tag::P => {
                    let v = attr(e, "val").map(|v| v.into_owned());
                    if let Some(p) = self.top_para() {
                        p.num_id = v;
                    }
                }
                "ilvl" if parent == Tag::NumPr && gp == Tag::PPr && self.parent(3) == Tag::P => {
                    let v = attr(e, "val").and_then(|v| v.trim().parse().ok());
                    if let Some(p) = self.top_para() {
                        p.ilvl = v.unwrap_or(0);
                    }
                }
                "rFonts" if parent == Tag::RPr && gp == Tag::R => {
                    let f = rfonts_encoding(e);
                    if let Some(r) = self.top_run()
                        && f.is_some()
                    {
                        r.font = f;
                    }
                }
                "rStyle" if parent == Tag::RPr && gp == Tag::R => {
                    let v = attr(e, "val").map(|v| v.into_owned());
                    if let Some(r) = self.top_run() {
                        r.style = v;
                    }
                }
                "tblStyle" if parent == Tag::TblPr => {
                    let v = attr(e, "val").map(|v| v.into_owned());
                    if let Some(t) = self.top_table() {
                        t.style = v;
                    }
                }
                "gridCol" if parent == Tag::TblGrid => {
                    if let Some(t) = self.top_table() {
                        t.grid += 1;
                    }
                }
                "tblHeader" if parent == Tag::TrPr => {
                    let on = on_off(e);
                    if let Some(r) = self.top_row() {
                        r.header = on;
                    }
                }
                "gridBefore" | "gridAfter" if parent == Tag::TrPr => {
                    let n: usize = attr(e, "val")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0)
                        .min(64);
                    if let Some(r) = self.top_row() {
                        if leaf == "gridBefore" {
                            r.grid_before = n;
                        } else {
                            r.grid_after = n;
                        }
                    }
                }
                "gridSpan" if parent == Tag::TcPr => {
                    let n: usize = attr(e, "val")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                    if let Some(c) = self.top_cell() {
                        c.span = n;
                    }
                }
                "vMerge" | "hMerge" if parent == Tag::TcPr => {
                    let cont = attr(e, "val").is_none_or(|v| v != "restart");
                    if let Some(c) = self.top_cell() {
                        c.continued = cont;
                    }
                }
                side if parent == Tag::TblBorders || parent == Tag::TcBorders => {
                    if let Some(i) = border_side(side) {
                        let drawn = border_drawn(e);
                        if parent == Tag::TcBorders {
                            if drawn && let Some(t) = self.nearest_table() {
                                t.cell_borders = true;
                            }
                        } else if gp == Tag::TblPr
                            && let Some(t) = self.top_table()
                            && let Some(slot) = t.borders.get_mut(i)
                        {
                            *slot = Some(drawn);
                        }
                    }
                }
                _ => {}
            }
        }
        let tag = if tag == Tag::T && parent != Tag::R {
            Tag::Other
        } else {
            tag
        };
        self.tags.push(tag);
    }

    fn close(&mut self) {
        let Some(tag) = self.tags.pop() else {
            return;
        };
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match tag {
            Tag::P => {
                if let Some(Frame::Para(p)) = self.frames.pop() {
                    self.finish_para(p);
                }
            }
            Tag::R => {
                if let Some(Frame::Run(r)) = self.frames.pop() {
                    self.finish_run(r);
                }
            }
            Tag::Tc => {
                if let Some(Frame::Cell(c)) = self.frames.pop()
                    && let Some(r) = self.top_row()
                {
                    r.cells.push(c);
                }
            }
            Tag::Tr => {
                if let Some(Frame::Row(r)) = self.frames.pop()
                    && let Some(t) = self.top_table()
                {
                    t.rows.push(r);
                }
            }
            Tag::Tbl => {
                if let Some(Frame::Table(t)) = self.frames.pop() {
                    self.finish_table(t);
                }
            }
            Tag::TxbxContent => {
                if let Some(Frame::TextBox(v)) = self.frames.pop() {
                    for b in v {
                        self.emit(b);
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip == 0
            && self.tags.last() == Some(&Tag::T)
            && let Some(r) = self.top_run()
        {
            r.buf.push_str(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const WPS: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape";

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document_xml(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:wps="{WPS}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn styles_xml(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">{inner}</w:styles>"#
        )
    }

    fn docx(body: &str, styles: Option<&str>) -> Vec<u8> {
        let doc = document_xml(body);
        match styles {
            Some(s) => {
                let st = styles_xml(s);
                zip_of(&[
                    ("word/document.xml", doc.as_bytes()),
                    ("word/styles.xml", st.as_bytes()),
                ])
            }
            None => zip_of(&[("word/document.xml", doc.as_bytes())]),
        }
    }

    fn read(bytes: &[u8]) -> Document {
        read_docx(bytes, &DocxLimits::default()).unwrap()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn paras(doc: &Document) -> Vec<(String, Option<u8>, bool)> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.text.clone(), p.heading_level, p.in_header)),
                _ => None,
            })
            .collect()
    }

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn cells(t: &Table) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect()
    }

    const BORDERS: &str = r#"<w:tblBorders><w:top w:val="single"/><w:bottom w:val="single"/><w:insideH w:val="single"/><w:insideV w:val="single"/></w:tblBorders>"#;

    #[test]
    fn grid_span_and_vmerge() {
        let body = format!(
            r#"<w:tbl><w:tblPr>{BORDERS}</w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
            <w:tr><w:trPr><w:tblHeader/></w:trPr>
              <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc>
              <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc>
              <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc></w:tr>
            <w:tr><w:trPr><w:tblHeader/></w:trPr>
              <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
              <w:tc>{}</w:tc><w:tc>{}</w:tc>
              <w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc></w:tr>
            <w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr>
            </w:tbl>"#,
            p("STT"),
            p("Kết quả"),
            p("Ghi chú"),
            p("Đơn vị"),
            p("Số liệu"),
            p("5.3.1"),
            p("Tổng số"),
            p("☐ Có  ☐ Không"),
            p("1058"),
        );
        let doc = read(&docx(&body, None));
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        assert!(!t[0].borderless);
        assert_eq!(
            cells(t[0]),
            vec![
                vec!["STT", "Kết quả", "", "Ghi chú"],
                vec!["", "Đơn vị", "Số liệu", ""],
                vec!["5.3.1", "Tổng số ☐ Có ☐ Không", "1058", ""],
            ]
        );
        assert!(t[0].rows[0].is_header && t[0].rows[1].is_header && !t[0].rows[2].is_header);
        // A bordered data table is not duplicated as paragraphs.
        assert!(paras(&doc).is_empty());
    }

    #[test]
    fn nested_table_follows_outer() {
        let inner = format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("in1"),
            p("in2")
        );
        let body = format!(
            "<w:tbl><w:tblPr>{BORDERS}</w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>{}{inner}<w:p/></w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}",
            p("outer"),
            p("right"),
            p("after")
        );
        let doc = read(&docx(&body, None));
        assert_eq!(doc.blocks.len(), 3);
        let t = tables(&doc);
        assert_eq!(cells(t[0]), vec![vec!["outer", "right"]]);
        assert_eq!(cells(t[1]), vec![vec!["in1", "in2"]]);
        assert!(matches!(&doc.blocks[2], Block::Paragraph(p) if p.text == "after"));
    }

    #[test]
    fn text_box_once_after_anchor() {
        let box_p = p("Trong hộp");
        let body = format!(
            r#"<w:p><w:r><w:t>Neo</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{box_p}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{box_p}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> tiếp</w:t></w:r></w:p>{}
            <w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#,
            p("Sau"),
            p("VML")
        );
        let doc = read(&docx(&body, None));
        let texts: Vec<String> = paras(&doc).into_iter().map(|p| p.0).collect();
        assert_eq!(texts, vec!["Neo tiếp", "Trong hộp", "Sau", "VML"]);
    }

    #[test]
    fn tabs_breaks_and_ignored_text() {
        let body = r#"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t xml:space="preserve">  d</w:t><w:noBreakHyphen/><w:t>e &amp; &#x1EA1;</w:t></w:r>
            <w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:hyperlink><w:r><w:t xml:space="preserve"> link</w:t></w:r></w:hyperlink></w:p>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr></w:pPr></w:p>"#;
        let doc = read(&docx(body, None));
        let texts: Vec<String> = paras(&doc).into_iter().map(|p| p.0).collect();
        assert_eq!(texts, vec!["a b c d-e & ạ7 link"]);
    }

    #[test]
    fn heading_levels() {
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="u2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My Head"/><w:basedOn w:val="Heading1"/></w:style>
            <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="Heading 3"/></w:style>"#;
        let ps = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = format!(
            r#"{}{}{}{}{}<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>direct</w:t></w:r></w:p>{}{}"#,
            ps("Title", "title"),
            ps("Heading1", "h1"),
            ps("u2", "h2"),
            ps("MyHead", "based"),
            ps("Heading3", "h3"),
            ps("Normal", "body"),
            ps("Missing", "unknown style"),
        );
        let doc = read(&docx(&body, Some(styles)));
        let got: Vec<(String, Option<u8>)> = paras(&doc).into_iter().map(|p| (p.0, p.1)).collect();
        let want = [
            ("title", Some(1)),
            ("h1", Some(1)),
            ("h2", Some(2)),
            ("based", Some(1)),
            ("h3", Some(3)),
            ("direct", Some(4)),
            ("body", None),
            ("unknown style", None),
        ];
        let want: Vec<(String, Option<u8>)> =
            want.iter().map(|(t, l)| (t.to_string(), *l)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn tcvn3_and_vni_runs() {
        let styles = r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Uni"><w:name w:val="Uni"/><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Vni"><w:name w:val="Vni"/><w:rPr><w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/></w:rPr></w:style>"#;
        let body = r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH" w:cs=".VnTimeH"/></w:rPr><w:t>b¸o c¸o</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr><w:t>ñ</w:t></w:r><w:r><w:t>y ban thÞ trÊn Nh&#xAD; Quúnh</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Uni"/></w:pPr><w:r><w:t>Tiếng Việt có dấu</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Uni"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Vni"/></w:rPr><w:t>Baùo caùo</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Uni"/></w:pPr><w:r><w:t>kÕt qu¶ c«ng t¸c c¶i c¸ch hµnh chÝnh</w:t></w:r></w:p>"#;
        let doc = read(&docx(body, Some(styles)));
        let texts: Vec<String> = paras(&doc).into_iter().map(|p| p.0).collect();
        assert_eq!(
            texts,
            vec![
                "BÁO CÁO",
                "Ủy ban thị trấn Như Quỳnh",
                "Tiếng Việt có dấu",
                "Báo cáo",
                // No legacy font, but clearly TCVN3 mojibake: detected and converted.
                "kết quả công tác cải cách hành chính",
            ]
        );
        assert_eq!(
            doc.encodings,
            vec![
                TextEncoding::Tcvn3,
                TextEncoding::Vni,
                TextEncoding::Unicode
            ]
        );
    }

    #[test]
    fn tcvn3_only_document_lists_tcvn3() {
        let body = r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>B¸o c¸o sè 37</w:t></w:r><w:r><w:t xml:space="preserve"> 2024</w:t></w:r></w:p>"#;
        let doc = read(&docx(body, None));
        assert_eq!(paras(&doc)[0].0, "Báo cáo số 37 2024");
        assert_eq!(doc.encodings, vec![TextEncoding::Tcvn3]);
    }

    #[test]
    fn header_and_signature_blocks() {
        let nil = r#"<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>"#;
        let body = format!(
            r#"<w:p/><w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>{nil}</w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
            <w:tr><w:tc>{}{}</w:tc><w:tc>{}{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>
            {}
            <w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>{}{}</w:tc><w:tc>{}{}<w:p/>{}</w:tc></w:tr></w:tbl>"#,
            p("ỦY BAN NHÂN DÂN"),
            p("THỊ TRẤN NHƯ QUỲNH"),
            p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            p("Độc lập - Tự do - Hạnh phúc"),
            p("Số: 37/BC-UBND"),
            p("Như Quỳnh, ngày 15 tháng 03 năm 2024"),
            p("Nội dung."),
            p("Nơi nhận:"),
            p("- Lưu: VT."),
            p("TM. ỦY BAN NHÂN DÂN"),
            p("CHỦ TỊCH"),
            p("Vũ Văn Sứ"),
        );
        let styles = r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single"/><w:insideV w:val="single"/></w:tblBorders></w:tblPr></w:style>"#;
        let doc = read(&docx(&body, Some(styles)));
        let t = tables(&doc);
        assert_eq!(t.len(), 2);
        assert!(t[0].borderless && t[1].borderless);
        assert_eq!(
            cells(t[0]),
            vec![
                vec![
                    "ỦY BAN NHÂN DÂN THỊ TRẤN NHƯ QUỲNH",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
                ],
                vec!["Số: 37/BC-UBND", "Như Quỳnh, ngày 15 tháng 03 năm 2024"],
            ]
        );
        assert!(matches!(doc.blocks[0], Block::Table(_)));
        let ps = paras(&doc);
        let header: Vec<&str> = ps.iter().filter(|p| p.2).map(|p| p.0.as_str()).collect();
        assert_eq!(
            header,
            vec![
                "ỦY BAN NHÂN DÂN",
                "THỊ TRẤN NHƯ QUỲNH",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Số: 37/BC-UBND",
                "Như Quỳnh, ngày 15 tháng 03 năm 2024"
            ]
        );
        let rest: Vec<&str> = ps.iter().filter(|p| !p.2).map(|p| p.0.as_str()).collect();
        assert_eq!(
            rest,
            vec![
                "Nội dung.",
                "Nơi nhận:",
                "- Lưu: VT.",
                "TM. ỦY BAN NHÂN DÂN",
                "CHỦ TỊCH",
                "Vũ Văn Sứ"
            ]
        );
        // The table-style borders make a table without its own borders bordered.
        let body = format!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            p("x")
        );
        let doc = read(&docx(&body, Some(styles)));
        assert!(!tables(&doc)[0].borderless);
        assert!(paras(&doc).is_empty());
    }

    #[test]
    fn zip_bomb_rejected() {
        // 8 MiB of spaces inside valid XML compresses about 1000:1.
        let pad = " ".repeat(8 * 1024 * 1024);
        let doc = document_xml(&format!("{}{pad}", p("x")));
        let bytes = zip_of(&[("word/document.xml", doc.as_bytes())]);
        let err = read_docx(&bytes, &DocxLimits::default()).unwrap_err();
        assert!(matches!(err, DocxError::ZipBomb { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("zip bomb: word/document.xml expands ")
        );

        // Declared size over the entry limit.
        let small = DocxLimits {
            max_entry_bytes: 1000,
            ..DocxLimits::default()
        };
        let err = read_docx(&bytes, &small).unwrap_err();
        assert!(matches!(err, DocxError::TooLarge { .. }), "{err}");
    }

    /// Overwrites the uncompressed-size fields of every zip header with `size`.
    fn lie_about_size(bytes: &mut [u8], size: u32) {
        let le = size.to_le_bytes();
        let mut i = 0;
        while i + 30 <= bytes.len() {
            let sig = &bytes[i..i + 4];
            if sig == b"PK\x03\x04" {
                bytes[i + 22..i + 26].copy_from_slice(&le);
            } else if sig == b"PK\x01\x02" && i + 46 <= bytes.len() {
                bytes[i + 24..i + 28].copy_from_slice(&le);
            }
            i += 1;
        }
    }

    #[test]
    fn lying_declared_size_is_capped() {
        let pad = " ".repeat(8 * 1024 * 1024);
        let doc = document_xml(&format!("{}{pad}", p("x")));
        let mut bytes = zip_of(&[("word/document.xml", doc.as_bytes())]);
        lie_about_size(&mut bytes, 2000);
        let res = read_docx(&bytes, &DocxLimits::default());
        assert!(res.is_err(), "expanded past the cap");
    }

    #[test]
    fn deep_nesting_rejected() {
        let open = "<w:sdt><w:sdtContent>".repeat(200);
        let close = "</w:sdtContent></w:sdt>".repeat(200);
        let body = format!("{open}{}{close}", p("deep"));
        let err = read_docx(&docx(&body, None), &DocxLimits::default()).unwrap_err();
        assert_eq!(err, DocxError::TooDeep(256));
        assert_eq!(
            err.to_string(),
            "xml nesting deeper than 256 (xml depth cap)"
        );

        let few = DocxLimits {
            max_elements: 10,
            ..DocxLimits::default()
        };
        let body = format!("{}{}{}", p("a"), p("b"), p("c"));
        let err = read_docx(&docx(&body, None), &few).unwrap_err();
        assert_eq!(err, DocxError::TooManyElements(10));
    }

    #[test]
    fn malformed_inputs_are_errors() {
        let bad = zip_of(&[(
            "word/document.xml",
            format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>x</w:t></w:p></w:body></w:document>"#).as_bytes(),
        )]);
        let err = read_docx(&bad, &DocxLimits::default()).unwrap_err();
        assert!(matches!(err, DocxError::Xml { .. }), "{err}");
        assert!(
            err.to_string().starts_with("malformed xml at byte "),
            "{err}"
        );

        let truncated = zip_of(&[(
            "word/document.xml",
            format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>x"#).as_bytes(),
        )]);
        assert!(matches!(
            read_docx(&truncated, &DocxLimits::default()),
            Err(DocxError::Xml { .. })
        ));

        let not_utf8 = zip_of(&[("word/document.xml", b"<w:document>\xff\xfe</w:document>")]);
        assert!(read_docx(&not_utf8, &DocxLimits::default()).is_err());

        let err = read_docx(b"not a zip at all", &DocxLimits::default()).unwrap_err();
        assert!(matches!(err, DocxError::NotZip(_)));
        let other = zip_of(&[("hello.txt", b"hi")]);
        let err = read_docx(&other, &DocxLimits::default()).unwrap_err();
        assert_eq!(err.to_string(), "not a docx: no word/document.xml");

        // A broken styles.xml does not fail the file.
        let doc = document_xml(
            r#"<w:p><w:pPr><w:pStyle w:val="X"/></w:pPr><w:r><w:t>ok</w:t></w:r></w:p>"#,
        );
        let bytes = zip_of(&[
            ("word/document.xml", doc.as_bytes()),
            (
                "word/styles.xml",
                format!(r#"<w:styles xmlns:w="{W_NS}"><w:style w:styleId="X"><w:name></w:style></w:styles>"#)
                    .as_bytes(),
            ),
        ]);
        let d = read(&bytes);
        assert_eq!(paras(&d)[0].0, "ok");
        assert_eq!(d.skipped.len(), 1);
    }

    #[test]
    fn truncated_zip_never_panics() {
        let body = format!("{}{}", p("Báo cáo"), p("số 37"));
        let bytes = docx(&body, None);
        for cut in (0..bytes.len()).step_by(7) {
            let _ = read_docx(&bytes[..cut], &DocxLimits::default());
        }
        let mut flipped = bytes.clone();
        for i in (0..flipped.len()).step_by(13) {
            flipped[i] ^= 0x5a;
            let _ = read_docx(&flipped, &DocxLimits::default());
        }
    }
}
