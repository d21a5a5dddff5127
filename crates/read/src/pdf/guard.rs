//! Checks a PDF against resource caps *before* the PDF reader (lopdf + pdf-extract) touches it,
//! so a hostile file fails fast with a one-line reason instead of exhausting memory, looping
//! or overflowing the stack.
//!
//! Two passes:
//!
//! 1. A raw scan of the bytes, before any parser: every `stream … endstream` whose dictionary
//!    says `/FlateDecode` is inflated into a counting sink with a cap (lopdf would inflate
//!    object streams at load time and content streams per page, without a limit), and the
//!    indirect objects are counted (`N G obj` headers plus the entries of object streams).
//!    Image streams are not inflated: the reader empties them unread. TrueType font programs
//!    (`/Length1` without `/Length2`) are left for pass 2: nothing inflates them, so they are
//!    measured only if something other than a font descriptor's `/FontFile2` refers to them.
//! 2. A structural pass over the lopdf object graph: object count, the page tree walked with a
//!    depth limit and a cycle check (a node reached twice), the page count (leaves, and the
//!    `/Count` the tree claims) against the file size, and the graph of form XObjects
//!    (pdf-extract follows `Do` recursively, so a form that draws itself would overflow the
//!    stack).
//!
//! Streams filtered by anything but a single `FlateDecode` (LZW, chains of filters) and the
//! streams of encrypted files are not measured by the raw scan.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Resource caps for one PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardLimits {
    /// Most indirect objects (including those inside object streams).
    pub max_objects: usize,
    /// Largest decompressed size of one stream (content streams, object streams, forms).
    pub max_stream_bytes: u64,
    /// Largest decompressed size of all measured streams together.
    pub max_total_stream_bytes: u64,
    /// Deepest page tree (levels of `/Pages` nodes).
    pub max_tree_depth: usize,
    /// Smallest number of file bytes per page: a tree with more pages than
    /// `file size / min_bytes_per_page` is a lie.
    pub min_bytes_per_page: u64,
    /// Deepest nesting of form XObjects.
    pub max_form_depth: usize,
}

impl Default for GuardLimits {
    /// 500 000 objects, 32 MiB per stream and 256 MiB in all, page tree 64 deep, 20 bytes per
    /// page, forms nested 16 deep.
    fn default() -> Self {
        GuardLimits {
            max_objects: 500_000,
            max_stream_bytes: 32 * 1024 * 1024,
            max_total_stream_bytes: 256 * 1024 * 1024,
            max_tree_depth: 64,
            min_bytes_per_page: 20,
            max_form_depth: 16,
        }
    }
}

/// A cap the file broke; `Display` is the one-line reason, naming the cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardError {
    /// More objects than [`GuardLimits::max_objects`].
    TooManyObjects {
        /// Objects found (at least).
        found: usize,
        /// The cap.
        limit: usize,
    },
    /// A stream decompresses beyond [`GuardLimits::max_stream_bytes`].
    StreamTooLong {
        /// Object number of the stream, when known.
        object: Option<u32>,
        /// Compressed size.
        compressed: usize,
        /// The cap.
        limit: u64,
    },
    /// All streams together decompress beyond [`GuardLimits::max_total_stream_bytes`].
    StreamsTooLong {
        /// The cap.
        limit: u64,
    },
    /// The page tree nests deeper than [`GuardLimits::max_tree_depth`].
    PageTreeTooDeep(usize),
    /// A page-tree node is reached twice.
    PageTreeCycle(u32),
    /// A page's `/Parent` chain loops.
    ParentCycle(u32),
    /// More pages (found or claimed) than the file size allows.
    TooManyPages {
        /// Pages found or claimed.
        pages: u64,
        /// File size in bytes.
        file_bytes: usize,
    },
    /// Form XObjects that draw each other in a cycle (directly, or through inherited
    /// resources).
    FormCycle(u32),
    /// Form XObjects nested deeper than [`GuardLimits::max_form_depth`].
    FormTooDeep(usize),
}

impl GuardError {
    /// A stable short code for the documents row and tests.
    pub fn code(&self) -> &'static str {
        match self {
            GuardError::TooManyObjects { .. } => "object_count",
            GuardError::StreamTooLong { .. } | GuardError::StreamsTooLong { .. } => "stream_length",
            GuardError::PageTreeTooDeep(_) => "page_tree_depth",
            GuardError::PageTreeCycle(_) | GuardError::ParentCycle(_) => "page_tree_cycle",
            GuardError::TooManyPages { .. } => "page_count",
            GuardError::FormCycle(_) => "form_cycle",
            GuardError::FormTooDeep(_) => "form_depth",
        }
    }
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::TooManyObjects { found, limit } => write!(
                f,
                "object count cap: more than {limit} pdf objects (found {found})"
            ),
            GuardError::StreamTooLong {
                object,
                compressed,
                limit,
            } => {
                let what = object.map(|o| format!(" (object {o})")).unwrap_or_default();
                write!(
                    f,
                    "content-stream length cap: a {compressed}-byte stream{what} expands beyond {} MiB",
                    limit / (1024 * 1024)
                )
            }
            GuardError::StreamsTooLong { limit } => write!(
                f,
                "content-stream length cap: streams expand beyond {} MiB in all",
                limit / (1024 * 1024)
            ),
            GuardError::PageTreeTooDeep(n) => {
                write!(f, "page tree depth cap: nested deeper than {n} levels")
            }
            GuardError::PageTreeCycle(o) => {
                write!(f, "page tree cycle: node {o} is reached twice")
            }
            GuardError::ParentCycle(o) => {
                write!(f, "page tree cycle: the /Parent chain loops at object {o}")
            }
            GuardError::TooManyPages { pages, file_bytes } => write!(
                f,
                "page count cap: {pages} pages claimed in a {file_bytes}-byte file"
            ),
            GuardError::FormCycle(o) => {
                write!(
                    f,
                    "form xobject cycle: object {o} draws itself (unbounded recursion)"
                )
            }
            GuardError::FormTooDeep(n) => {
                write!(f, "form xobject depth cap: nested deeper than {n} levels")
            }
        }
    }
}

impl std::error::Error for GuardError {}

/// Runs both passes. A file lopdf cannot load passes the structural pass (the reader then
/// reports it as malformed or encrypted).
pub fn check(bytes: &[u8], limits: &GuardLimits) -> Result<(), GuardError> {
    let raw = check_raw(bytes, limits)?;
    let loaded = catch_unwind(AssertUnwindSafe(|| Document::load_mem(bytes)));
    if let Ok(Ok(doc)) = loaded {
        check_loaded(&doc, bytes, &raw, limits)?;
    }
    Ok(())
}

/// What the raw scan measured, and the TrueType font programs it left for the structural pass.
#[derive(Debug, Default)]
pub struct RawScan {
    /// Decompressed bytes of the streams measured so far.
    total: u64,
    /// Flate streams whose dictionary has `/Length1` and no `/Length2` (TrueType programs,
    /// `/FontFile2`): object number and the compressed data's range in the file. Nothing
    /// inflates a TrueType program, so they are measured only when something else refers to
    /// them (a hostile file could name one as page content).
    deferred: Vec<(u32, std::ops::Range<usize>)>,
}

/// Pass 1 alone: the raw byte scan, before any parser (stream sizes, object count).
pub fn check_raw(bytes: &[u8], limits: &GuardLimits) -> Result<RawScan, GuardError> {
    scan_raw(bytes, limits)
}

/// Pass 2 alone, on a document the caller has loaded from `bytes` (so the file is parsed
/// once): object count, page tree, form XObjects, and the deferred font programs of `raw`
/// that something other than a `/FontFile2` entry refers to.
pub fn check_loaded(
    doc: &Document,
    bytes: &[u8],
    raw: &RawScan,
    limits: &GuardLimits,
) -> Result<u64, GuardError> {
    let pages = check_structure(doc, bytes.len(), limits)?;
    check_deferred(doc, bytes, raw, limits)?;
    Ok(pages)
}

/// Measures the deferred streams that something other than `/FontFile2` refers to.
fn check_deferred(
    doc: &Document,
    bytes: &[u8],
    raw: &RawScan,
    limits: &GuardLimits,
) -> Result<(), GuardError> {
    if raw.deferred.is_empty() {
        return Ok(());
    }
    let mut other: HashSet<u32> = HashSet::new();
    for obj in doc.objects.values() {
        collect_refs(obj, false, 0, &mut other);
    }
    doc.trailer
        .iter()
        .for_each(|(_, v)| collect_refs(v, false, 0, &mut other));
    let mut total = raw.total;
    let mut scratch = vec![0u8; 64 * 1024];
    for (number, range) in &raw.deferred {
        if !other.contains(number) {
            continue;
        }
        let data = bytes.get(range.clone()).unwrap_or_default();
        let (size, _) = inflate_measure_with(data, limits.max_stream_bytes, 0, &mut scratch);
        let Some(size) = size else { continue };
        add_measured(&mut total, size, data.len(), || Some(*number), limits)?;
    }
    Ok(())
}

/// Adds one measured stream (`size` bytes decompressed from `compressed`) to `total`, checking
/// the per-stream and the total caps; `object` names the stream in the reason.
fn add_measured(
    total: &mut u64,
    size: u64,
    compressed: usize,
    object: impl FnOnce() -> Option<u32>,
    limits: &GuardLimits,
) -> Result<(), GuardError> {
    if size > limits.max_stream_bytes {
        return Err(GuardError::StreamTooLong {
            object: object(),
            compressed,
            limit: limits.max_stream_bytes,
        });
    }
    *total = total.saturating_add(size);
    if *total > limits.max_total_stream_bytes {
        return Err(GuardError::StreamsTooLong {
            limit: limits.max_total_stream_bytes,
        });
    }
    Ok(())
}

/// Object numbers referred to from `obj` under any key but `/FontFile2` (`font_file` says the
/// value sits under that key). Values nested deeper than 256 inside one object are not
/// visited: nothing that inflates streams looks that deep.
fn collect_refs(obj: &Object, font_file: bool, depth: usize, out: &mut HashSet<u32>) {
    if depth > 256 {
        return;
    }
    match obj {
        Object::Reference(id) if !font_file => {
            out.insert(id.0);
        }
        Object::Array(items) => {
            for o in items {
                collect_refs(o, font_file, depth + 1, out);
            }
        }
        Object::Dictionary(d) => collect_dict_refs(d, depth, out),
        Object::Stream(s) => collect_dict_refs(&s.dict, depth, out),
        _ => {}
    }
}

fn collect_dict_refs(d: &Dictionary, depth: usize, out: &mut HashSet<u32>) {
    for (k, v) in d.iter() {
        collect_refs(v, k.as_slice() == b"FontFile2", depth + 1, out);
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8], until: usize, back: usize) -> Option<usize> {
    let end = until.min(hay.len());
    let start = end.saturating_sub(back);
    memchr::memmem::rfind(&hay[start..end], needle).map(|p| p + start)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// The integer after `/Key` in a raw dictionary text, if any.
fn raw_int(dict: &[u8], key: &[u8]) -> Option<u64> {
    let mut from = 0;
    while let Some(p) = find(dict, key, from) {
        let after = p + key.len();
        from = after;
        // `/N` must not match `/Names`.
        if dict.get(after).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let digits: Vec<u8> = dict[after..]
            .iter()
            .skip_while(|c| c.is_ascii_whitespace())
            .take_while(|c| c.is_ascii_digit())
            .take(18)
            .copied()
            .collect();
        if let Some(n) = std::str::from_utf8(&digits)
            .ok()
            .and_then(|s| s.parse().ok())
        {
            return Some(n);
        }
    }
    None
}

/// The object number in front of `obj` at `pos` (`12 0 obj`), if any.
fn object_number(bytes: &[u8], obj_pos: usize) -> Option<u32> {
    let head = &bytes[obj_pos.saturating_sub(24)..obj_pos];
    let text = std::str::from_utf8(head).ok()?;
    let mut it = text.split_ascii_whitespace().rev();
    let _generation = it.next()?;
    it.next()?.parse().ok()
}

/// Counts `N G obj` headers in the raw bytes.
fn count_object_headers(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut from = 0;
    while let Some(p) = find(bytes, b"obj", from) {
        from = p + 3;
        let before_ok = p > 0 && bytes[p - 1].is_ascii_whitespace();
        let after_ok = bytes.get(p + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
        let digit_before = p >= 2 && bytes[p - 2].is_ascii_digit();
        if before_ok && after_ok && digit_before {
            n += 1;
        }
    }
    n
}

/// Inflates a zlib stream, keeping at most `keep` bytes and counting up to `cap`; returns the
/// decompressed size (`None` when it is not valid zlib data) and the kept prefix.
#[cfg(test)]
fn inflate_measure(data: &[u8], cap: u64, keep: usize) -> (Option<u64>, Vec<u8>) {
    inflate_measure_with(data, cap, keep, &mut vec![0u8; 64 * 1024])
}

/// [`inflate_measure`] with a caller's scratch buffer (reused across the streams of a file).
fn inflate_measure_with(
    data: &[u8],
    cap: u64,
    keep: usize,
    buf: &mut [u8],
) -> (Option<u64>, Vec<u8>) {
    let mut z = flate2::Decompress::new(true);
    let mut kept = Vec::new();
    loop {
        let in_before = z.total_in();
        let out_before = z.total_out();
        let input = &data[(in_before as usize).min(data.len())..];
        let status = z.decompress(input, buf, flate2::FlushDecompress::None);
        let produced = (z.total_out() - out_before) as usize;
        if kept.len() < keep {
            let take = produced.min(keep - kept.len());
            kept.extend_from_slice(&buf[..take]);
        }
        if z.total_out() > cap {
            return (Some(z.total_out()), kept);
        }
        match status {
            Ok(flate2::Status::StreamEnd) => return (Some(z.total_out()), kept),
            Ok(_) if produced == 0 && z.total_in() == in_before => {
                // No progress: truncated or trailing garbage; what was produced counts.
                let out = z.total_out();
                return ((out > 0).then_some(out), kept);
            }
            Ok(_) => {}
            Err(_) => {
                let out = z.total_out();
                return ((out > 0).then_some(out), kept);
            }
        }
    }
}

/// Pass 1: inflate-measures the streams and counts objects, on the raw bytes.
fn scan_raw(bytes: &[u8], limits: &GuardLimits) -> Result<RawScan, GuardError> {
    let mut deferred = Vec::new();
    let mut objects = count_object_headers(bytes);
    let mut total: u64 = 0;
    let mut from = 0;
    let mut scratch = vec![0u8; 64 * 1024];
    // End of the previous stream's data: dictionaries are searched back no further, so the
    // scan stays linear even for a file made of millions of `stream` keywords.
    let mut prev_end = 0;
    while let Some(p) = find(bytes, b"stream", from) {
        from = p + 6;
        if p >= 3 && &bytes[p - 3..p] == b"end" {
            continue;
        }
        let mut start = p + 6;
        match bytes.get(start) {
            Some(b'\r') if bytes.get(start + 1) == Some(&b'\n') => start += 2,
            Some(b'\n') | Some(b'\r') => start += 1,
            _ => continue,
        }
        let end = find(bytes, b"endstream", start).unwrap_or(bytes.len());
        from = end;
        let back = (p - prev_end.min(p)).min(8192);
        prev_end = end;
        let obj_pos = rfind(bytes, b"obj", p, back);
        let dict = &bytes[obj_pos.map(|o| o + 3).unwrap_or(p - back)..p];
        let data = &bytes[start..end];
        let flate = contains(dict, b"/FlateDecode") || {
            // The abbreviation `/Fl` (inline-image style), not followed by a letter.
            let mut f = false;
            let mut i = 0;
            while let Some(q) = find(dict, b"/Fl", i) {
                i = q + 3;
                if dict.get(q + 3).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                    f = true;
                }
            }
            f
        };
        let chained = contains(dict, b"/ASCII85Decode")
            || contains(dict, b"/ASCIIHexDecode")
            || contains(dict, b"/A85")
            || contains(dict, b"/AHx");
        if !flate || chained || contains(dict, b"/Image") {
            continue;
        }
        let is_objstm = contains(dict, b"/ObjStm");
        if !is_objstm
            && contains(dict, b"/Length1")
            && !contains(dict, b"/Length2")
            && let Some(number) = obj_pos.and_then(|o| object_number(bytes, o))
        {
            deferred.push((number, start..end));
            continue;
        }
        let first = if is_objstm {
            raw_int(dict, b"/First").unwrap_or(0).min(1 << 24) as usize
        } else {
            0
        };
        let (size, head) = inflate_measure_with(data, limits.max_stream_bytes, first, &mut scratch);
        let Some(size) = size else { continue };
        let object = || obj_pos.and_then(|o| object_number(bytes, o));
        add_measured(&mut total, size, data.len(), object, limits)?;
        if is_objstm {
            let entries = head
                .split(|c| c.is_ascii_whitespace())
                .filter(|t| !t.is_empty())
                .count()
                / 2;
            let claimed = raw_int(dict, b"/N").unwrap_or(0) as usize;
            objects = objects.saturating_add(entries.max(claimed.min(entries.saturating_mul(2))));
        }
        if objects > limits.max_objects {
            return Err(GuardError::TooManyObjects {
                found: objects,
                limit: limits.max_objects,
            });
        }
    }
    if objects > limits.max_objects {
        return Err(GuardError::TooManyObjects {
            found: objects,
            limit: limits.max_objects,
        });
    }
    Ok(RawScan { total, deferred })
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.objects.get(id),
        other => Some(other),
    }
}

/// Pass 2: the object graph.
/// The structural checks; returns the number of pages (page-tree leaves) found.
fn check_structure(
    doc: &Document,
    file_len: usize,
    limits: &GuardLimits,
) -> Result<u64, GuardError> {
    if doc.objects.len() > limits.max_objects {
        return Err(GuardError::TooManyObjects {
            found: doc.objects.len(),
            limit: limits.max_objects,
        });
    }
    let pages = check_page_tree(doc, file_len, limits)?;
    check_forms(doc, limits)?;
    Ok(pages)
}

/// The one walk of the page tree: depth, cycles (in `/Kids` and in each page's `/Parent`
/// chain), pages found or claimed against the file size; returns the pages found (0 when
/// the catalog names no page tree).
fn check_page_tree(
    doc: &Document,
    file_len: usize,
    limits: &GuardLimits,
) -> Result<u64, GuardError> {
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok())
    else {
        return Ok(0);
    };
    let max_pages = (file_len as u64 / limits.min_bytes_per_page.max(1)).max(1);
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(ObjectId, usize)> = vec![(root, 0)];
    let mut leaves: u64 = 0;
    let mut claimed: u64 = 0;
    while let Some((id, depth)) = stack.pop() {
        if depth > limits.max_tree_depth {
            return Err(GuardError::PageTreeTooDeep(limits.max_tree_depth));
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        let kids = dict
            .get(b"Kids")
            .ok()
            .and_then(|k| deref(doc, k))
            .and_then(|k| k.as_array().ok());
        let is_node = matches!(dict.get_type(), Ok(b"Pages")) || kids.is_some();
        if !seen.insert(id) {
            // A page listed twice is a sloppy writer; a node reached twice is a cycle (or a
            // tree that grows exponentially).
            if is_node {
                return Err(GuardError::PageTreeCycle(id.0));
            }
            continue;
        }
        if !is_node {
            leaves += 1;
            check_parent_chain(doc, id, limits)?;
            continue;
        }
        if depth == 0 {
            claimed = dict
                .get(b"Count")
                .ok()
                .and_then(|c| deref(doc, c))
                .and_then(|c| c.as_i64().ok())
                .unwrap_or(0)
                .max(0) as u64;
        }
        for k in kids.into_iter().flatten().rev() {
            if let Ok(kid) = k.as_reference() {
                stack.push((kid, depth + 1));
            }
        }
        if leaves.saturating_add(stack.len() as u64) > max_pages.saturating_mul(4) {
            break;
        }
    }
    let pages = leaves.saturating_add(stack.len() as u64).max(claimed);
    if pages > max_pages {
        return Err(GuardError::TooManyPages {
            pages,
            file_bytes: file_len,
        });
    }
    Ok(leaves)
}

/// Walks a page's `/Parent` chain, as pdf-extract does for every inherited attribute it
/// misses (`/Resources`, `/MediaBox`): a chain that loops would never end.
fn check_parent_chain(
    doc: &Document,
    page: ObjectId,
    limits: &GuardLimits,
) -> Result<(), GuardError> {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut id = page;
    loop {
        if !seen.insert(id) {
            return Err(GuardError::ParentCycle(id.0));
        }
        if seen.len() > limits.max_tree_depth + 1 {
            return Err(GuardError::PageTreeTooDeep(limits.max_tree_depth));
        }
        let Some(parent) = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok())
        else {
            return Ok(());
        };
        id = parent;
    }
}

/// A resource dictionary, resolved.
fn as_resources<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Dictionary> {
    o.and_then(|r| deref(doc, r)).and_then(|r| r.as_dict().ok())
}

/// The form XObject a resource dictionary names `name`, if any.
fn form_named(doc: &Document, res: &Dictionary, name: &[u8]) -> Option<ObjectId> {
    let xobjects = res
        .get(b"XObject")
        .ok()
        .and_then(|x| deref(doc, x))
        .and_then(|x| x.as_dict().ok())?;
    let id = xobjects.get(name).ok()?.as_reference().ok()?;
    match doc.objects.get(&id) {
        Some(Object::Stream(s)) if matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") => {
            Some(id)
        }
        _ => None,
    }
}

/// The names a content stream draws with `Do` (`/X1 Do`).
fn do_names(content: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut prev: &[u8] = b"";
    for tok in content
        .split(|c| c.is_ascii_whitespace() || *c == b'/')
        .filter(|t| !t.is_empty())
    {
        if tok == b"Do" && !prev.is_empty() && !out.iter().any(|n| n == prev) {
            out.push(prev.to_vec());
        }
        prev = tok;
    }
    out
}

/// The resources a page draws with: its own or the nearest ancestor's (as pdf-extract does).
fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(r) = as_resources(doc, node.get(b"Resources").ok()) {
            return Some(r);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// The resources form `f` draws with when called with `caller`'s.
fn effective<'a>(doc: &'a Document, f: ObjectId, caller: &'a Dictionary) -> &'a Dictionary {
    let own = match doc.objects.get(&f) {
        Some(Object::Stream(s)) => as_resources(doc, s.dict.get(b"Resources").ok()),
        _ => None,
    };
    own.unwrap_or(caller)
}

/// Follows `Do` from every page the way pdf-extract does: a form draws with its own
/// resources, or — when it has none — with its caller's. A (form, resources) state met again
/// on the current path is a cycle; a path longer than the cap is too deep.
fn check_forms(doc: &Document, limits: &GuardLimits) -> Result<(), GuardError> {
    type State = (ObjectId, usize);
    let mut done: HashSet<State> = HashSet::new();
    let mut contents: HashMap<ObjectId, Vec<Vec<u8>>> = HashMap::new();
    let mut pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    pages.sort();
    pages.dedup();
    for page in pages {
        let Some(res) = doc
            .get_dictionary(page)
            .ok()
            .and_then(|p| page_resources(doc, p))
        else {
            continue;
        };
        let Some(xobjects) = res
            .get(b"XObject")
            .ok()
            .and_then(|x| deref(doc, x))
            .and_then(|x| x.as_dict().ok())
        else {
            continue;
        };
        let names: Vec<Vec<u8>> = xobjects.iter().map(|(k, _)| k.clone()).collect();
        for name in names {
            let Some(form) = form_named(doc, res, &name) else {
                continue;
            };
            // Depth-first over (form, resources in effect), iteratively.
            let mut stack: Vec<(ObjectId, &Dictionary, usize)> = Vec::new();
            let mut on_path: Vec<State> = Vec::new();
            let r0 = effective(doc, form, res);
            stack.push((form, r0, 0));
            while let Some(&mut (f, r, ref mut next)) = stack.last_mut() {
                let state: State = (f, r as *const Dictionary as usize);
                if *next == 0 {
                    if on_path.contains(&state) {
                        return Err(GuardError::FormCycle(f.0));
                    }
                    if on_path.len() >= limits.max_form_depth {
                        return Err(GuardError::FormTooDeep(limits.max_form_depth));
                    }
                    on_path.push(state);
                }
                let names = contents
                    .entry(f)
                    .or_insert_with(|| match doc.objects.get(&f) {
                        Some(Object::Stream(s)) => {
                            let data = s
                                .decompressed_content()
                                .unwrap_or_else(|_| s.content.clone());
                            do_names(&data)
                        }
                        _ => Vec::new(),
                    });
                let mut pushed = None;
                while *next < names.len() {
                    let n = names[*next].clone();
                    *next += 1;
                    if let Some(g) = form_named(doc, r, &n) {
                        let rg = effective(doc, g, r);
                        let child: State = (g, rg as *const Dictionary as usize);
                        if on_path.contains(&child) {
                            return Err(GuardError::FormCycle(g.0));
                        }
                        if !done.contains(&child) {
                            pushed = Some((g, rg));
                            break;
                        }
                    }
                }
                match pushed {
                    Some((g, rg)) => stack.push((g, rg, 0)),
                    None => {
                        done.insert(state);
                        on_path.pop();
                        stack.pop();
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn measures_inflated_size_with_a_cap() {
        let z = deflate(&vec![b'a'; 1_000_000]);
        assert_eq!(inflate_measure(&z, 10_000_000, 0).0, Some(1_000_000));
        assert!(inflate_measure(&z, 100_000, 0).0.unwrap() > 100_000);
        assert_eq!(inflate_measure(b"not zlib", 100, 0).0, None);
    }

    #[test]
    fn a_flate_bomb_breaks_the_stream_cap() {
        let z = deflate(&vec![b' '; 2_000_000]);
        let mut pdf =
            b"%PDF-1.4\n4 0 obj\n<< /Length 10 /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend_from_slice(&z);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        let limits = GuardLimits {
            max_stream_bytes: 1_000_000,
            ..GuardLimits::default()
        };
        let e = scan_raw(&pdf, &limits).unwrap_err();
        assert!(
            e.to_string().starts_with("content-stream length cap"),
            "{e}"
        );
        assert!(e.to_string().contains("object 4"), "{e}");
        assert!(scan_raw(&pdf, &GuardLimits::default()).is_ok());
    }

    #[test]
    fn counts_objects_against_the_cap() {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        for i in 1..=50 {
            pdf.extend_from_slice(format!("{i} 0 obj\nnull\nendobj\n").as_bytes());
        }
        let limits = GuardLimits {
            max_objects: 40,
            ..GuardLimits::default()
        };
        let e = scan_raw(&pdf, &limits).unwrap_err();
        assert!(e.to_string().starts_with("object count cap"), "{e}");
        assert!(scan_raw(&pdf, &GuardLimits::default()).is_ok());
    }

    #[test]
    fn raw_int_skips_longer_keys() {
        assert_eq!(raw_int(b"/Names 3 /N 12 /First 40", b"/N"), Some(12));
        assert_eq!(raw_int(b"/First 40", b"/First"), Some(40));
        assert_eq!(raw_int(b"/N /x", b"/N"), None);
    }
}
