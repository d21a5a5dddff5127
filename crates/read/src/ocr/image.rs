//! Page images for OCR, taken straight from the PDF with lopdf: JPEG (DCTDecode) and JPEG 2000
//! (JPXDecode) as they are, CCITT G3/G4 wrapped in a TIFF header, Flate/raw pixels as PNM;
//! JBIG2 and anything else is left to `pdftoppm -r 300 -gray` for that page. Each image comes
//! with the map from its pixels to the page's top-down coordinates (its placement by the
//! content stream's CTM, or the whole page, and the page's /Rotate).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use lopdf::{Dictionary, Object, ObjectId};

/// How the image's bytes are encoded (what Tesseract is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// JPEG file.
    Jpeg,
    /// JPEG 2000 codestream or file.
    Jpeg2000,
    /// TIFF holding CCITT G3/G4 data.
    Tiff,
    /// Binary PNM (P4 bilevel, P5 grey, P6 RGB).
    Pnm,
    /// A page rendered by `pdftoppm` (PGM).
    Rendered,
}

/// An affine map `[a b c d e f]`: `(x, y) → (a·x + c·y + e, b·x + d·y + f)`.
pub type Affine = [f64; 6];

/// Composes two maps: first `m`, then `n`.
pub fn then(m: &Affine, n: &Affine) -> Affine {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Applies a map to a point.
pub fn apply(m: &Affine, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A page image ready for the engine.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// Encoded bytes.
    pub data: Vec<u8>,
    /// Their encoding.
    pub kind: ImageKind,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel (origin top-left, `y` down) → page point (origin top-left of the page as
    /// displayed, `y` down).
    pub to_page: Affine,
    /// Resolution to tell the engine (pixels per inch on the page).
    pub dpi: u32,
}

/// A page's geometry as displayed: size in points and the map from PDF user space to the
/// top-down displayed page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    /// Displayed width in points (after /Rotate).
    pub width: f64,
    /// Displayed height in points.
    pub height: f64,
    /// User space → displayed top-down page space.
    pub to_page: Affine,
    /// /Rotate, normalized to 0, 90, 180 or 270.
    pub rotate: i64,
}

/// Looks up an inheritable page attribute (MediaBox, Rotate, Resources) up the page tree.
fn inherited<'a>(doc: &'a lopdf::Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(v) = dict.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn number(doc: &lopdf::Document, o: &Object) -> Option<f64> {
    let o = doc.dereference(o).ok()?.1;
    o.as_float().ok().map(f64::from).filter(|v| v.is_finite())
}

/// The page's frame from its MediaBox and /Rotate.
pub fn page_frame(doc: &lopdf::Document, page: ObjectId) -> Option<PageFrame> {
    let mb = inherited(doc, page, b"MediaBox")?.as_array().ok()?;
    let v: Vec<f64> = mb.iter().filter_map(|o| number(doc, o)).collect();
    let [a, b, c, d] = v.get(..4)?.try_into().ok()?;
    let (llx, lly, urx, ury) = (a.min(c), b.min(d), a.max(c), b.max(d));
    let (w, h) = (urx - llx, ury - lly);
    if !(w > 1.0 && h > 1.0) {
        return None;
    }
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360)
        / 90
        * 90;
    // User space → top-down unrotated: (x - llx, ury - y).
    let flip: Affine = [1.0, 0.0, 0.0, -1.0, -llx, ury];
    // Then rotate clockwise by /Rotate inside the displayed page.
    let (rot, dw, dh): (Affine, f64, f64) = match rotate {
        90 => ([0.0, 1.0, -1.0, 0.0, h, 0.0], h, w),
        180 => ([-1.0, 0.0, 0.0, -1.0, w, h], w, h),
        270 => ([0.0, -1.0, 1.0, 0.0, 0.0, w], h, w),
        _ => ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], w, h),
    };
    Some(PageFrame {
        width: dw,
        height: dh,
        to_page: then(&flip, &rot),
        rotate,
    })
}

/// An image XObject drawn on a page, with its CTM at the `Do`.
struct Placed {
    id: ObjectId,
    ctm: Affine,
}

/// The image XObjects of a page's resources (name → object id).
fn page_images(doc: &lopdf::Document, page: ObjectId) -> Vec<(Vec<u8>, ObjectId)> {
    let Some(res) = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok()) else {
        return Vec::new();
    };
    let Some(xobj) = res
        .get(b"XObject")
        .ok()
        .and_then(|x| doc.dereference(x).ok())
        .and_then(|(_, x)| x.as_dict().ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, v) in xobj.iter() {
        let Ok(id) = v.as_reference() else { continue };
        let is_image = doc
            .get_object(id)
            .ok()
            .and_then(|o| o.as_stream().ok())
            .is_some_and(
                |s| matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image"),
            );
        if is_image {
            out.push((name.clone(), id));
        }
    }
    out
}

/// Where the page's content stream draws its images (top-level `Do`s only).
fn placements(
    doc: &lopdf::Document,
    page: ObjectId,
    images: &[(Vec<u8>, ObjectId)],
) -> Vec<Placed> {
    let Ok(bytes) = doc.get_page_content(page) else {
        return Vec::new();
    };
    let Ok(content) = lopdf::content::Content::decode(&bytes) else {
        return Vec::new();
    };
    let mut ctm: Affine = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack: Vec<Affine> = Vec::new();
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" if stack.len() < 256 => stack.push(ctm),
            "Q" => {
                if let Some(c) = stack.pop() {
                    ctm = c;
                }
            }
            "cm" => {
                let v: Vec<f64> = op.operands.iter().filter_map(|o| number(doc, o)).collect();
                if let Some(m) = v.get(..6).and_then(|s| <[f64; 6]>::try_from(s).ok()) {
                    ctm = then(&m, &ctm);
                }
            }
            "Do" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                if let Some((_, id)) = images.iter().find(|(n, _)| Some(n.as_slice()) == name) {
                    out.push(Placed { id: *id, ctm });
                }
            }
            _ => {}
        }
    }
    out
}

/// A page-sized image of a page: its object and the map from the image's unit square (PDF
/// image space) to the displayed page. `None` when the page draws no image covering at
/// least half of it.
pub fn page_sized_image(
    doc: &lopdf::Document,
    page: ObjectId,
) -> Option<(ObjectId, Affine, PageFrame)> {
    let frame = page_frame(doc, page)?;
    let images = page_images(doc, page);
    if images.is_empty() {
        return None;
    }
    let placed = placements(doc, page, &images);
    let page_area = frame.width * frame.height;
    let mut best: Option<(f64, ObjectId, Affine)> = None;
    for p in &placed {
        let m = then(&p.ctm, &frame.to_page);
        let area = (m[0] * m[3] - m[1] * m[2]).abs();
        if area >= 0.5 * page_area && best.as_ref().is_none_or(|b| area > b.0) {
            best = Some((area, p.id, m));
        }
    }
    if let Some((_, id, m)) = best {
        return Some((id, m, frame));
    }
    if placed.is_empty() && images.len() == 1 {
        // Not drawn at top level (inside a form, or an odd content stream): take the only
        // image as the whole page.
        let unit: Affine = [frame.width, 0.0, 0.0, -frame.height, 0.0, frame.height];
        return images.first().map(|(_, id)| (*id, unit, frame));
    }
    None
}

fn dict_int(doc: &lopdf::Document, d: &Dictionary, key: &[u8]) -> Option<i64> {
    let o = d.get(key).ok()?;
    doc.dereference(o).ok()?.1.as_i64().ok()
}

fn dict_bool(d: &Dictionary, key: &[u8]) -> Option<bool> {
    d.get(key).ok()?.as_bool().ok()
}

/// Filters of a stream in decoding order, with their parameters.
fn filters(doc: &lopdf::Document, d: &Dictionary) -> Vec<(Vec<u8>, Option<Dictionary>)> {
    let f = d
        .get(b"Filter")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o);
    let parms = d
        .get(b"DecodeParms")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .map(|(_, o)| o);
    let names: Vec<Vec<u8>> = match f {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| o.as_name().ok().map(|n| n.to_vec()))
            .collect(),
        _ => Vec::new(),
    };
    let parm_at = |i: usize| -> Option<Dictionary> {
        match parms {
            Some(Object::Dictionary(d)) if i == 0 => Some(d.clone()),
            Some(Object::Array(a)) => a
                .get(i)
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok().cloned()),
            _ => None,
        }
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, parm_at(i)))
        .collect()
}

/// Caps the size of decompressed image data (a Flate bomb in an image stream).
const MAX_PIXEL_BYTES: u64 = 256 * 1024 * 1024;

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(MAX_PIXEL_BYTES)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Components of an image's colour space when it is plain grey or RGB (DeviceGray, DeviceRGB,
/// CalGray, CalRGB, ICCBased with N 1 or 3).
fn components(doc: &lopdf::Document, d: &Dictionary) -> Option<u32> {
    let cs = doc.dereference(d.get(b"ColorSpace").ok()?).ok()?.1;
    match cs {
        Object::Name(n) if n == b"DeviceGray" || n == b"G" => Some(1),
        Object::Name(n) if n == b"DeviceRGB" || n == b"RGB" => Some(3),
        Object::Array(a) => {
            let kind = a.first()?.as_name().ok()?;
            match kind {
                b"CalGray" => Some(1),
                b"CalRGB" => Some(3),
                b"ICCBased" => {
                    let s = doc.dereference(a.get(1)?).ok()?.1.as_stream().ok()?;
                    match dict_int(doc, &s.dict, b"N")? {
                        1 => Some(1),
                        3 => Some(3),
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The TIFF header for CCITT data: a little-endian TIFF with one strip holding `data`.
/// `k` is the PDF /K (< 0: G4, 0: G3 1-D, > 0: G3 2-D); `black_is_1` the PDF /BlackIs1.
pub fn ccitt_tiff(data: &[u8], width: u32, height: u32, k: i64, black_is_1: bool) -> Vec<u8> {
    let compression: u16 = if k < 0 { 4 } else { 3 };
    // PDF's default (BlackIs1 false) means 0 bits are black: PhotometricInterpretation 1
    // (BlackIsZero) unless BlackIs1.
    let photometric: u16 = if black_is_1 { 0 } else { 1 };
    let t4options: u32 = if k > 0 { 1 } else { 0 };
    let entries: Vec<(u16, u16, u32)> = {
        let mut e = vec![
            (256, 4, width),                  // ImageWidth
            (257, 4, height),                 // ImageLength
            (258, 3, 1),                      // BitsPerSample
            (259, 3, u32::from(compression)), // Compression
            (262, 3, u32::from(photometric)), // PhotometricInterpretation
            (273, 4, 0),                      // StripOffsets (patched below)
            (277, 3, 1),                      // SamplesPerPixel
            (278, 4, height),                 // RowsPerStrip
            (279, 4, data.len() as u32),      // StripByteCounts
        ];
        if compression == 3 {
            e.push((292, 4, t4options)); // T4Options
        }
        e
    };
    let ifd_len = 2 + entries.len() * 12 + 4;
    let data_offset = (8 + ifd_len) as u32;
    let mut out = Vec::with_capacity(data_offset as usize + data.len());
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (tag, typ, value) in entries {
        let value = if tag == 273 { data_offset } else { value };
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if typ == 3 {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A PNM file for raw pixels: P4 for 1 bit per pixel grey (PDF 0 = black, PBM 1 = black, so
/// bits are inverted), P5 for 8-bit grey, P6 for 8-bit RGB. `None` for other layouts or when
/// the data is short.
pub fn pnm(pixels: &[u8], width: u32, height: u32, comps: u32, bpc: u32) -> Option<Vec<u8>> {
    let (w, h) = (width as usize, height as usize);
    let (magic, row) = match (comps, bpc) {
        (1, 1) => ("P4", w.div_ceil(8)),
        (1, 8) => ("P5", w),
        (3, 8) => ("P6", w * 3),
        _ => return None,
    };
    let len = row.checked_mul(h)?;
    let body = pixels.get(..len)?;
    let header = if magic == "P4" {
        format!("{magic}\n{width} {height}\n")
    } else {
        format!("{magic}\n{width} {height}\n255\n")
    };
    let mut out = header.into_bytes();
    if magic == "P4" {
        out.extend(body.iter().map(|b| !b));
    } else {
        out.extend_from_slice(body);
    }
    Some(out)
}

/// Extracts the image `id` for the engine, or `None` when it needs rendering (JBIG2, other
/// filters, colour spaces or bit depths).
pub fn extract(doc: &lopdf::Document, id: ObjectId) -> Option<(Vec<u8>, ImageKind, u32, u32)> {
    let s = doc.get_object(id).ok()?.as_stream().ok()?;
    let d = &s.dict;
    let width = u32::try_from(dict_int(doc, d, b"Width")?).ok()?;
    let height = u32::try_from(dict_int(doc, d, b"Height")?).ok()?;
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > 400_000_000 {
        return None;
    }
    if dict_bool(d, b"ImageMask") == Some(true) {
        return None;
    }
    let fs = filters(doc, d);
    let (pre, last) = match fs.split_last() {
        Some((last, pre)) => (pre, Some(last)),
        None => (&[][..], None),
    };
    // Only Flate in front of the image codec is undone here.
    if pre.iter().any(|(n, _)| n != b"FlateDecode" && n != b"Fl") {
        return None;
    }
    let mut data = s.content.clone();
    for _ in pre {
        data = inflate(&data)?;
    }
    let last_name = last.map(|(n, _)| n.as_slice());
    match last_name {
        Some(b"DCTDecode") | Some(b"DCT") => Some((data, ImageKind::Jpeg, width, height)),
        Some(b"JPXDecode") => Some((data, ImageKind::Jpeg2000, width, height)),
        Some(b"CCITTFaxDecode") | Some(b"CCF") => {
            let p = last.and_then(|(_, p)| p.as_ref());
            let k = p.and_then(|p| dict_int(doc, p, b"K")).unwrap_or(0);
            let black1 = p.and_then(|p| dict_bool(p, b"BlackIs1")).unwrap_or(false);
            let cols = p
                .and_then(|p| dict_int(doc, p, b"Columns"))
                .and_then(|c| u32::try_from(c).ok())
                .unwrap_or(1728);
            let aligned = p
                .and_then(|p| dict_bool(p, b"EncodedByteAlign"))
                .unwrap_or(false);
            if aligned || cols != width {
                return None;
            }
            Some((
                ccitt_tiff(&data, width, height, k, black1),
                ImageKind::Tiff,
                width,
                height,
            ))
        }
        Some(b"FlateDecode") | Some(b"Fl") | None => {
            let raw = if last_name.is_some() {
                inflate(&data)?
            } else {
                data
            };
            let p = last.and_then(|(_, p)| p.as_ref());
            if p.and_then(|p| dict_int(doc, p, b"Predictor")).unwrap_or(1) > 1 {
                return None;
            }
            if d.get(b"Decode").is_ok() {
                return None;
            }
            let comps = components(doc, d)?;
            let bpc = u32::try_from(dict_int(doc, d, b"BitsPerComponent").unwrap_or(8)).ok()?;
            let out = pnm(&raw, width, height, comps, bpc)?;
            Some((out, ImageKind::Pnm, width, height))
        }
        _ => None,
    }
}

/// Resolution of pages rendered by `pdftoppm`.
pub const RENDER_DPI: u32 = 300;

/// Page `number` (1-based) of the PDF `pdf`, rendered by `pdftoppm -r 300 -gray` (PGM, the
/// PDF given on stdin), killed after `timeout`. The error says why there is no image.
pub fn render_page(pdf: &[u8], number: u32, timeout: Duration) -> Result<Vec<u8>, String> {
    render_page_at(pdf, number, RENDER_DPI, timeout)
}

/// [`render_page`] at `dpi`.
pub fn render_page_at(
    pdf: &[u8],
    number: u32,
    dpi: u32,
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    let n = number.to_string();
    let r = dpi.clamp(30, 2400).to_string();
    let mut child = Command::new("pdftoppm")
        .args(["-r", &r, "-gray", "-f", &n, "-l", &n, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| String::from("pdftoppm not found (install poppler-utils)"))?;
    let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(String::from("pdftoppm failed to run"));
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(pdf);
        });
        s.spawn(move || {
            let mut o = Vec::new();
            let r = stdout.read_to_end(&mut o).map(|_| o);
            let _ = tx.send(r);
        });
        let got = rx.recv_timeout(timeout);
        if got.is_err() {
            let _ = child.kill();
        }
        let ok = child.wait().map(|s| s.success()).unwrap_or(false);
        match got {
            Ok(Ok(o)) if ok && !o.is_empty() => Ok(o),
            Err(_) => Err(format!(
                "pdftoppm timed out after {} s",
                timeout.as_secs_f64()
            )),
            _ => Err(String::from("pdftoppm could not render the page")),
        }
    })
}

/// Width and height of a binary PGM/PPM header.
pub fn pnm_size(data: &[u8]) -> Option<(u32, u32)> {
    let head = std::str::from_utf8(data.get(..data.len().min(64))?)
        .ok()
        .or_else(|| {
            let end = data.iter().take(64).position(|&b| b > 127).unwrap_or(64);
            std::str::from_utf8(&data[..end]).ok()
        })?;
    let mut it = head.split_ascii_whitespace();
    let magic = it.next()?;
    if !matches!(magic, "P4" | "P5" | "P6") {
        return None;
    }
    let w = it.next()?.parse().ok()?;
    let h = it.next()?.parse().ok()?;
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g4_tiff_header_names_the_strip() {
        let data = [0xAAu8; 10];
        let t = ccitt_tiff(&data, 16, 4, -1, false);
        assert_eq!(&t[..4], b"II*\0");
        let n = u16::from_le_bytes([t[8], t[9]]) as usize;
        assert_eq!(n, 9);
        let entry = |i: usize| {
            let o = 10 + i * 12;
            let tag = u16::from_le_bytes([t[o], t[o + 1]]);
            let val = u32::from_le_bytes([t[o + 8], t[o + 9], t[o + 10], t[o + 11]]);
            (tag, val)
        };
        assert_eq!(entry(3), (259, 4), "G4 compression");
        assert_eq!(entry(4), (262, 1), "BlackIsZero by default");
        let (tag, offset) = entry(5);
        assert_eq!(tag, 273);
        assert_eq!(&t[offset as usize..], &data[..]);
        assert_eq!(entry(8), (279, 10));
        // G3 2-D gets T4Options.
        let g3 = ccitt_tiff(&data, 16, 4, 1, true);
        assert_eq!(u16::from_le_bytes([g3[8], g3[9]]), 10);
    }

    #[test]
    fn pnm_inverts_bilevel_and_checks_length() {
        let p = pnm(&[0x0F, 0xF0], 8, 2, 1, 1).unwrap();
        assert!(p.starts_with(b"P4\n8 2\n"));
        assert_eq!(&p[p.len() - 2..], &[0xF0, 0x0F]);
        assert!(pnm(&[0; 5], 2, 2, 3, 8).is_none());
        assert_eq!(pnm_size(&pnm(&[0; 12], 2, 2, 3, 8).unwrap()), Some((2, 2)));
    }

    #[test]
    fn rotation_maps_user_space_to_the_displayed_page() {
        // A 100×200 page rotated 90°: displayed 200 wide, 100 high; user (0, 0) (bottom
        // left) shows at the top left.
        let flip: Affine = [1.0, 0.0, 0.0, -1.0, 0.0, 200.0];
        let rot: Affine = [0.0, 1.0, -1.0, 0.0, 200.0, 0.0];
        let m = then(&flip, &rot);
        let (x, y) = apply(&m, 0.0, 0.0);
        assert!((x - 0.0).abs() < 1e-9 && (y - 0.0).abs() < 1e-9, "{x} {y}");
        let (x, y) = apply(&m, 0.0, 200.0);
        assert!((x - 200.0).abs() < 1e-9 && y.abs() < 1e-9, "{x} {y}");
    }
}
