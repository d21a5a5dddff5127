//! Ruling lines in a page raster, for scanned tables: the OCR words of a ruled table only
//! become one cell per grid column when the page also has the table's rules, which a scan
//! has only as pixels. This finds them so the PDF layout's grid machinery
//! ([`crate::pdf::tables::find_grids`]) can build the table as it does for born-digital PDFs.
//!
//! The raster is binarized at Otsu's threshold (kept within 100..=200 of 255, so a page that
//! is nearly all white or all ink does not move it far). Horizontal rules: every pixel row is
//! cut into dark runs (gaps up to [`GAP`] pixels bridged) and runs that are long and nearly
//! solid are kept as segments; segments of adjacent rows that overlap are one line, so a
//! line several pixels thick is one rule, and so is a line skewed by a few tenths of a
//! degree, whose pixels step from row to row. A line is a rule when it is long enough (text
//! strokes, dashes and words are shorter), thin (a filled block or a dark scan margin is
//! not) and its rows do not drift more than a skewed line would. Vertical rules: the same on
//! the transposed raster. A rule's position is the mean row (column) of its pixels.
//!
//! When a page has a ruled table, its rules are also whitened ([`detect_and_erase`]) in the
//! raster the engine reads: otherwise Tesseract reads pieces of them as `|`, `"`, `%`, `-` or
//! letters glued to the header words, which then no longer name their columns.
//!
//! Cost: two linear passes over the pixels plus a transpose (measured ~265 ms for a 200-dpi
//! A4 page in a debug build; far less optimized).

use super::image::{Affine, apply};
use crate::pdf::glyphs::{HRule, VRule};

/// Dark pixels closer than this many light pixels along a run are one run.
const GAP: usize = 2;
/// Shortest horizontal rule, in points.
const MIN_HRULE_PT: f32 = 28.0;
/// Shortest vertical rule, in points (longer than a letter's stem at title sizes).
const MIN_VRULE_PT: f32 = 14.0;
/// Shortest run of one pixel row (column) that can be part of a rule, in points: a one-pixel
/// line skewed by 0.7° still has runs of about 80 px at 200 dpi.
const MIN_SEGMENT_PT: f32 = 10.0;
/// Thickest rule, in points (a 1.5 pt border, bled by the scan).
const MAX_THICKNESS_PT: f32 = 3.0;
/// A segment's run is at least this dark (bridged gaps are light).
const MIN_FILL: f32 = 0.8;
/// Pixels whitened on either side of a rule's runs (its blurred, JPEG-ringing edge).
const ERASE: usize = 3;
/// Drift allowed along a rule (pixels per pixel of length): about 0.7°.
const MAX_SKEW: f32 = 0.012;

/// A grey raster, one byte per pixel (0 black, 255 white), rows top-down.
#[derive(Debug, Clone)]
pub struct Gray {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` pixels.
    pub px: Vec<u8>,
}

impl Gray {
    /// The raster of a binary PNM (P4 bilevel, P5 grey, P6 RGB at 8 bits), as written by
    /// `pdftoppm` or [`super::image::pnm`]; `None` for anything else or short data.
    pub fn from_pnm(data: &[u8]) -> Option<Gray> {
        let mut pos = 0usize;
        let mut token = || -> Option<&[u8]> {
            loop {
                match data.get(pos)? {
                    b'#' => {
                        while *data.get(pos)? != b'\n' {
                            pos += 1;
                        }
                    }
                    c if c.is_ascii_whitespace() => pos += 1,
                    _ => break,
                }
            }
            let start = pos;
            while data.get(pos).is_some_and(|c| !c.is_ascii_whitespace()) {
                pos += 1;
            }
            data.get(start..pos)
        };
        let magic = token()?.to_vec();
        let num =
            |t: Option<&[u8]>| -> Option<usize> { std::str::from_utf8(t?).ok()?.parse().ok() };
        let width = num(token())?;
        let height = num(token())?;
        let maxval = if magic == b"P4" { 1 } else { num(token())? };
        // Exactly one whitespace byte ends the header.
        let body = data.get(pos + 1..)?;
        let n = width.checked_mul(height)?;
        if n == 0 || n > 400_000_000 {
            return None;
        }
        let px: Vec<u8> = match magic.as_slice() {
            b"P5" if maxval == 255 => body.get(..n)?.to_vec(),
            b"P6" if maxval == 255 => body
                .get(..n.checked_mul(3)?)?
                .chunks_exact(3)
                .map(|p| {
                    ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                        as u8
                })
                .collect(),
            b"P4" => {
                let row = width.div_ceil(8);
                let bits = body.get(..row.checked_mul(height)?)?;
                let mut px = Vec::with_capacity(n);
                for r in bits.chunks_exact(row) {
                    px.extend((0..width).map(|x| {
                        if r[x / 8] & (0x80 >> (x % 8)) != 0 {
                            0
                        } else {
                            255
                        }
                    }));
                }
                px
            }
            _ => return None,
        };
        Some(Gray { width, height, px })
    }
}

/// Rules found in a raster, in pixels (`y` and `x` at the line's centre, spans as
/// `x0..x1` / `y0..y1` pixel edges).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PixelRules {
    /// Horizontal rules.
    pub h: Vec<HRule>,
    /// Vertical rules.
    pub v: Vec<VRule>,
}

impl PixelRules {
    /// The rules in page points through `to_page` (pixel → page, upright: no rotation).
    pub fn to_page(&self, to_page: &Affine) -> (Vec<HRule>, Vec<VRule>) {
        let pt = |x: f32, y: f32| {
            let (x, y) = apply(to_page, f64::from(x), f64::from(y));
            (x as f32, y as f32)
        };
        let h = self
            .h
            .iter()
            .map(|r| {
                let (a, y) = pt(r.x0, r.y);
                let (b, _) = pt(r.x1, r.y);
                HRule {
                    y,
                    x0: a.min(b),
                    x1: a.max(b),
                }
            })
            .collect();
        let v = self
            .v
            .iter()
            .map(|r| {
                let (x, a) = pt(r.x, r.y0);
                let (_, b) = pt(r.x, r.y1);
                VRule {
                    x,
                    y0: a.min(b),
                    y1: a.max(b),
                }
            })
            .collect();
        (h, v)
    }
}

/// Finds the ruling lines of a raster scanned at `dpi`.
pub fn detect(img: &Gray, dpi: f32) -> PixelRules {
    detect_inner(img, dpi).0
}

/// Finds the ruling lines of a raster scanned at `dpi` and whitens their pixels (and
/// [`ERASE`] pixels on either side of each run, the rule's blurred edge), so that the engine does not
/// read pieces of rules as `|`, `-`, `_` or letters glued to the words next to them.
pub fn detect_and_erase(img: &mut Gray, dpi: f32) -> PixelRules {
    let (rules, hsegs, vsegs) = detect_inner(img, dpi);
    let (w, h) = (img.width, img.height);
    for s in &hsegs {
        for y in s.row.saturating_sub(ERASE)..(s.row + 1 + ERASE).min(h) {
            if let Some(row) = img.px.get_mut(y * w + s.start..y * w + s.end) {
                row.fill(255);
            }
        }
    }
    for s in &vsegs {
        for x in s.row.saturating_sub(ERASE)..(s.row + 1 + ERASE).min(w) {
            for y in s.start..s.end.min(h) {
                if let Some(p) = img.px.get_mut(y * w + x) {
                    *p = 255;
                }
            }
        }
    }
    rules
}

fn detect_inner(img: &Gray, dpi: f32) -> (PixelRules, Vec<Segment>, Vec<Segment>) {
    let (w, h) = (img.width, img.height);
    if w == 0 || h == 0 || img.px.len() < w * h {
        return (PixelRules::default(), Vec::new(), Vec::new());
    }
    let thr = otsu(&img.px).clamp(100, 200);
    let dark: Vec<bool> = img.px.iter().map(|&p| p < thr).collect();
    let per_pt = dpi.max(30.0) / 72.0;
    let seg = (MIN_SEGMENT_PT * per_pt).round() as usize;
    let thick = MAX_THICKNESS_PT * per_pt;
    let (hs, hsegs) = lines(&dark, w, h, seg, MIN_HRULE_PT * per_pt, thick);
    let mut t = vec![false; w * h];
    transpose(&dark, w, h, &mut t);
    let (vs, vsegs) = lines(&t, h, w, seg, MIN_VRULE_PT * per_pt, thick);
    let rules = PixelRules {
        h: hs
            .into_iter()
            .map(|l| HRule {
                y: l.pos,
                x0: l.start,
                x1: l.end,
            })
            .collect(),
        v: vs
            .into_iter()
            .map(|l| VRule {
                x: l.pos,
                y0: l.start,
                y1: l.end,
            })
            .collect(),
    };
    (rules, hsegs, vsegs)
}

impl Gray {
    /// The raster as a binary PGM (P5), for the engine.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }
}

/// Otsu's threshold of a grey raster: pixels below it are dark.
fn otsu(px: &[u8]) -> u8 {
    let mut hist = [0u64; 256];
    for &p in px {
        hist[usize::from(p)] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut w0, mut sum0) = (0u64, 0f64);
    let (mut best, mut best_var) = (128u8, -1f64);
    for (t, &c) in hist.iter().enumerate() {
        w0 += c;
        sum0 += t as f64 * c as f64;
        let w1 = total - w0;
        if w0 == 0 || w1 == 0 {
            continue;
        }
        let m0 = sum0 / w0 as f64;
        let m1 = (sum_all - sum0) / w1 as f64;
        let var = w0 as f64 * w1 as f64 * (m0 - m1) * (m0 - m1);
        if var > best_var {
            best_var = var;
            // Pixels up to `t` are the dark class.
            best = (t + 1).min(255) as u8;
        }
    }
    best
}

/// Transposes a `w`×`h` bitmap into `out` (`h`×`w`), in tiles for the cache.
fn transpose(src: &[bool], w: usize, h: usize, out: &mut [bool]) {
    const T: usize = 64;
    for y0 in (0..h).step_by(T) {
        for x0 in (0..w).step_by(T) {
            for y in y0..(y0 + T).min(h) {
                for x in x0..(x0 + T).min(w) {
                    out[x * h + y] = src[y * w + x];
                }
            }
        }
    }
}

/// A long dark run of one row.
#[derive(Debug, Clone, Copy)]
struct Segment {
    row: usize,
    start: usize,
    end: usize,
    dark: usize,
}

/// A line along the rows: its mean row (pixel centre) and span.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Line {
    pos: f32,
    start: f32,
    end: f32,
}

/// Lines along the rows of a `w`×`h` bitmap: runs of at least `seg` pixels joined across
/// adjacent rows, kept when at least `min_len` long and at most `max_thick` thick.
fn lines(
    dark: &[bool],
    w: usize,
    h: usize,
    seg: usize,
    min_len: f32,
    max_thick: f32,
) -> (Vec<Line>, Vec<Segment>) {
    let seg = seg.max(2);
    let mut segs: Vec<Segment> = Vec::new();
    // Index in `segs` where each row's segments begin.
    let mut row_start: Vec<usize> = Vec::with_capacity(h + 1);
    for (y, row) in dark.chunks_exact(w).enumerate().take(h) {
        row_start.push(segs.len());
        let mut run: Option<(usize, usize, usize)> = None; // start, last dark, count
        let close = |r: (usize, usize, usize), segs: &mut Vec<Segment>| {
            let (s, last, n) = r;
            let len = last + 1 - s;
            if len >= seg && n as f32 >= MIN_FILL * len as f32 {
                segs.push(Segment {
                    row: y,
                    start: s,
                    end: last + 1,
                    dark: n,
                });
            }
        };
        for (x, &d) in row.iter().enumerate() {
            if !d {
                continue;
            }
            run = match run {
                Some((s, last, n)) if x - last <= GAP + 1 => Some((s, x, n + 1)),
                Some(r) => {
                    close(r, &mut segs);
                    Some((x, x, 1))
                }
                None => Some((x, x, 1)),
            };
        }
        if let Some(r) = run {
            close(r, &mut segs);
        }
    }
    row_start.push(segs.len());
    // Join overlapping segments of adjacent rows (both lists are sorted by start).
    let mut parent: Vec<usize> = (0..segs.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for y in 1..h {
        let (a0, a1) = (row_start[y - 1], row_start[y]);
        let b1 = row_start[y + 1];
        let mut i = a0;
        for j in a1..b1 {
            let b = segs[j];
            while i < a1 && segs[i].end + GAP < b.start {
                i += 1;
            }
            let mut k = i;
            while k < a1 && segs[k].start <= b.end + GAP {
                let (ra, rb) = (find(&mut parent, k), find(&mut parent, j));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
                k += 1;
            }
        }
    }
    // Gather each component.
    #[derive(Clone, Copy)]
    struct Acc {
        start: usize,
        end: usize,
        dark: usize,
        row_sum: f64,
        top: usize,
        bottom: usize,
    }
    let mut acc: Vec<Option<Acc>> = vec![None; segs.len()];
    for (i, &s) in segs.iter().enumerate() {
        let r = find(&mut parent, i);
        let a = acc[r].get_or_insert(Acc {
            start: s.start,
            end: s.end,
            dark: 0,
            row_sum: 0.0,
            top: s.row,
            bottom: s.row,
        });
        a.start = a.start.min(s.start);
        a.end = a.end.max(s.end);
        a.dark += s.dark;
        a.row_sum += s.row as f64 * s.dark as f64;
        a.top = a.top.min(s.row);
        a.bottom = a.bottom.max(s.row);
    }
    let mut keep = vec![false; segs.len()];
    let mut out = Vec::new();
    for (i, a) in acc.iter().enumerate() {
        let Some(a) = a else { continue };
        let len = (a.end - a.start) as f32;
        let thick = a.dark as f32 / len.max(1.0);
        let rows = (a.bottom + 1 - a.top) as f32;
        if len >= min_len && thick <= max_thick && rows <= max_thick + len * MAX_SKEW + 2.0 {
            keep[i] = true;
            out.push(Line {
                pos: (a.row_sum / a.dark.max(1) as f64) as f32 + 0.5,
                start: a.start as f32,
                end: a.end as f32,
            });
        }
    }
    let kept = (0..segs.len())
        .filter(|&i| keep[find(&mut parent, i)])
        .map(|i| segs[i])
        .collect();
    (out, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(w: usize, h: usize) -> Gray {
        Gray {
            width: w,
            height: h,
            px: vec![245; w * h],
        }
    }

    fn fill(img: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize, v: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                img.px[y * img.width + x] = v;
            }
        }
    }

    /// Letter-sized blobs (strokes up to 30 px, 200 dpi ~ 11 pt) in rows of words.
    fn text(img: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize) {
        let mut y = y0;
        while y + 34 < y1 {
            let mut x = x0;
            let mut k = 0;
            while x + 20 < x1 {
                // A stem, a bar, a bowl-ish box; a space every fifth letter.
                fill(img, x, y + 4, x + 3, y + 30, 20);
                fill(img, x, y + 27, x + 16, y + 30, 20);
                fill(img, x + 8, y + 12, x + 16, y + 16, 20);
                x += if k % 5 == 4 { 30 } else { 20 };
                k += 1;
            }
            y += 44;
        }
    }

    #[test]
    fn a_drawn_grid_gives_its_rules() {
        // 3 columns, 4 rows at 200 dpi, 2 px lines, grey text in the cells.
        let mut img = blank(900, 700);
        let xs = [100, 300, 500, 800];
        let ys = [100, 200, 300, 400, 500];
        for &y in &ys {
            fill(&mut img, 100, y, 802, y + 2, 30);
        }
        for &x in &xs {
            fill(&mut img, x, 100, x + 2, 502, 30);
        }
        text(&mut img, 320, 120, 480, 190);
        let r = detect(&img, 200.0);
        let mut hy: Vec<f32> = r.h.iter().map(|h| h.y).collect();
        hy.sort_by(f32::total_cmp);
        assert_eq!(hy, vec![101.0, 201.0, 301.0, 401.0, 501.0], "{r:?}");
        for h in &r.h {
            assert!(h.x0 <= 100.0 && h.x1 >= 802.0, "{h:?}");
        }
        let mut vx: Vec<f32> = r.v.iter().map(|v| v.x).collect();
        vx.sort_by(f32::total_cmp);
        assert_eq!(vx, vec![101.0, 301.0, 501.0, 801.0], "{r:?}");
        // In page points (72/200 pt per pixel), the PDF layout builds a 3×4 grid.
        let s = 72.0 / 200.0;
        let (h, v) = r.to_page(&[s, 0.0, 0.0, s, 0.0, 0.0]);
        let grids = crate::pdf::tables::find_grids(&h, &v);
        assert_eq!(grids.len(), 1);
        assert_eq!((grids[0].ncols(), grids[0].nrows()), (3, 4));
    }

    #[test]
    fn text_and_blocks_give_no_rules() {
        let mut img = blank(1000, 800);
        text(&mut img, 50, 50, 950, 600);
        // A filled block (a logo, a stamp) and a dark scan margin.
        fill(&mut img, 100, 650, 400, 760, 10);
        fill(&mut img, 980, 0, 1000, 800, 0);
        let r = detect(&img, 200.0);
        assert!(r.h.is_empty() && r.v.is_empty(), "{r:?}");
    }

    #[test]
    fn a_skewed_line_is_one_rule() {
        // 1400 px long, dropping one pixel every 150 px (about 0.4°), 2 px thick; and a
        // vertical one leaning the same way.
        let mut img = blank(1600, 1600);
        for x in 100..1500 {
            let y = 300 + (x - 100) / 150;
            fill(&mut img, x, y, x + 1, y + 2, 40);
        }
        for y in 200..1400 {
            let x = 700 - (y - 200) / 150;
            fill(&mut img, x, y, x + 2, y + 1, 40);
        }
        let r = detect(&img, 200.0);
        assert_eq!(r.h.len(), 1, "{r:?}");
        assert_eq!(r.v.len(), 1, "{r:?}");
        let h = r.h[0];
        assert!(h.x0 <= 100.0 && h.x1 >= 1499.0, "{h:?}");
        assert!((h.y - 305.0).abs() < 2.0, "{h:?}");
        let v = r.v[0];
        assert!(v.y0 <= 200.0 && v.y1 >= 1399.0, "{v:?}");
    }

    #[test]
    fn pnm_rasters_are_read() {
        let g = Gray::from_pnm(b"P5\n# c\n3 2\n255\n\x00\x10\x20\x30\x40\x50").unwrap();
        assert_eq!((g.width, g.height), (3, 2));
        assert_eq!(g.px, vec![0, 16, 32, 48, 64, 80]);
        let g = Gray::from_pnm(b"P4\n10 1\n\x80\x40").unwrap();
        assert_eq!(g.px, vec![0, 255, 255, 255, 255, 255, 255, 255, 255, 0]);
        let g = Gray::from_pnm(b"P6\n1 1\n255\n\xff\xff\xff").unwrap();
        assert_eq!(g.px, vec![255]);
        assert!(Gray::from_pnm(b"P5\n3 2\n255\n\x00").is_none());
    }
}
