//! `baocao debug`: one layer of the PDF reader for one page (glyphs, words, lines, blocks,
//! table cells) as an aligned table, as JSON lines, or drawn over the page box in an SVG.
//!
//! Everything printed comes from [`crate::read::pdf::inspect`], i.e. what the reader really
//! computed while reading the whole file; nothing is laid out again here.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::{DebugArgs, Stage};
use crate::model::Format;
use crate::read::pdf::inspect::{
    BBox, BlockRow, CellRow, GlyphRow, Inspection, LineRow, Place, WordRow, document_blocks,
    document_cells, inspect_pdf,
};

/// Runs `baocao debug`.
pub fn run(args: DebugArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("{}: cannot read", args.file.display()))?;
    let name = args.file.display().to_string();
    match crate::read::sniff(&bytes) {
        Format::Pdf => pdf(&args, &bytes, &name),
        Format::Docx => docx(&args, &bytes, &name),
        other => bail!("{name}: not a PDF or DOCX file (looks like {other})"),
    }
}

fn pdf(args: &DebugArgs, bytes: &[u8], name: &str) -> Result<ExitCode> {
    let page = args.page.unwrap_or(1);
    let limits = crate::read::pdf::PdfLimits::default();
    let ins = inspect_pdf(bytes, &limits, page).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if let Some(svg) = &args.svg {
        std::fs::write(svg, draw_svg(&ins))
            .with_context(|| format!("{}: cannot write", svg.display()))?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !args.json {
        writeln!(out, "{}", header(&ins, name))?;
    }
    match args.stage {
        Stage::Glyphs => emit(&mut out, args.json, &ins.glyphs(), glyph_cols(), glyph_json)?,
        Stage::Words => emit(&mut out, args.json, &ins.words(), word_cols(), word_json)?,
        Stage::Lines => emit(&mut out, args.json, &ins.lines(), line_cols(), line_json)?,
        Stage::Blocks => emit(&mut out, args.json, &ins.blocks(), block_cols(), block_json)?,
        Stage::Cells => emit(&mut out, args.json, &ins.cells(), cell_cols(), cell_json)?,
    }
    if let Some(svg) = &args.svg {
        eprintln!("wrote {}", svg.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn docx(args: &DebugArgs, bytes: &[u8], name: &str) -> Result<ExitCode> {
    if matches!(args.stage, Stage::Glyphs | Stage::Words | Stage::Lines) {
        bail!(
            "{name}: --stage {} needs a PDF (a DOCX has no glyph positions); use --stage blocks or cells",
            args.stage.name()
        );
    }
    if args.svg.is_some() {
        bail!("{name}: --svg needs a PDF (a DOCX has no page geometry)");
    }
    if args.page.is_some() {
        eprintln!("note: a DOCX has no pages; --page ignored, showing the whole document");
    }
    let doc = crate::read::docx::read_docx(bytes, &crate::read::docx::DocxLimits::default())
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !args.json {
        writeln!(out, "# {name} · DOCX · {} blocks", doc.blocks.len())?;
    }
    match args.stage {
        Stage::Cells => emit(
            &mut out,
            args.json,
            &document_cells(&doc),
            cell_cols(),
            cell_json,
        )?,
        _ => emit(
            &mut out,
            args.json,
            &document_blocks(&doc),
            block_cols(),
            block_json,
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn header(ins: &Inspection, name: &str) -> String {
    let p = &ins.page;
    let mut s = format!(
        "# {name} · page {} of {} · page box {:.1} × {:.1} pt · {} glyphs · {} h-rules, {} v-rules · {} ruled grid(s){}",
        p.page,
        ins.doc.pages.unwrap_or(0),
        p.width,
        p.height,
        p.glyphs.len(),
        p.hrules.len(),
        p.vrules.len(),
        ins.trace.grids.len(),
        if p.truncated {
            " · TRUNCATED at the glyph limit"
        } else {
            ""
        }
    );
    if !ins.fonts.is_empty() {
        s.push_str("\n# fonts:");
        for f in &ins.fonts {
            let _ = write!(s, " {}={}", f.resource, f.base_font);
            let extra: Vec<&str> = [f.subtype.as_str(), f.encoding.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            if !extra.is_empty() {
                let _ = write!(s, " ({})", extra.join(", "));
            }
        }
    }
    s.push_str("\n# coordinates: points, x from the left, y from the top of the page box");
    s
}

/// Rounds to 0.01 pt for output.
fn r2(v: f32) -> f64 {
    (f64::from(v) * 100.0).round() / 100.0
}

fn f(v: f32) -> String {
    format!("{v:.1}")
}

/// A column: its heading and whether it is right-aligned.
type Cols = &'static [(&'static str, bool)];

/// Prints rows as an aligned table (the last column left unpadded) or as JSON lines.
fn emit<T>(
    out: &mut impl Write,
    json: bool,
    rows: &[T],
    cols: (Cols, fn(&T) -> Vec<String>),
    to_json: fn(&T) -> Value,
) -> Result<()> {
    if json {
        for r in rows {
            writeln!(out, "{}", to_json(r))?;
        }
        return Ok(());
    }
    let (heads, cells) = cols;
    let table: Vec<Vec<String>> = rows.iter().map(cells).collect();
    let mut widths: Vec<usize> = heads.iter().map(|(h, _)| h.chars().count()).collect();
    for row in &table {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        let last = cells.len().saturating_sub(1);
        for (k, c) in cells.iter().enumerate() {
            let w = widths.get(k).copied().unwrap_or(0);
            let right = heads.get(k).is_some_and(|h| h.1);
            if k == last {
                s.push_str(c);
            } else if right {
                let _ = write!(s, "{c:>w$}  ");
            } else {
                let _ = write!(s, "{c:<w$}  ");
            }
        }
        s.trim_end().to_string()
    };
    let head: Vec<String> = heads.iter().map(|(h, _)| h.to_string()).collect();
    writeln!(out, "{}", line(&head))?;
    for row in &table {
        writeln!(out, "{}", line(row))?;
    }
    writeln!(out, "({} rows)", rows.len())?;
    Ok(())
}

fn kind_name(k: crate::read::pdf::glyphs::GlyphKind) -> &'static str {
    use crate::read::pdf::glyphs::GlyphKind;
    match k {
        GlyphKind::Normal => "normal",
        GlyphKind::Space => "space",
        GlyphKind::Mark => "mark",
    }
}

fn glyph_cols() -> (Cols, fn(&GlyphRow) -> Vec<String>) {
    (
        &[
            ("#", true),
            ("x", true),
            ("y", true),
            ("w", true),
            ("size", true),
            ("kind", false),
            ("font", false),
            ("text", false),
        ],
        |g| {
            vec![
                g.index.to_string(),
                f(g.glyph.x),
                f(g.glyph.y),
                f(g.glyph.w),
                f(g.glyph.size),
                kind_name(g.glyph.kind).to_string(),
                g.font.clone().unwrap_or_else(|| "-".into()),
                format!("{:?}", g.text),
            ]
        },
    )
}

fn glyph_json(g: &GlyphRow) -> Value {
    json!({
        "index": g.index,
        "x": r2(g.glyph.x),
        "y": r2(g.glyph.y),
        "w": r2(g.glyph.w),
        "size": r2(g.glyph.size),
        "kind": kind_name(g.glyph.kind),
        "font": g.font,
        "text": g.text,
    })
}

fn place_str(p: &Place) -> String {
    match *p {
        Place::Free { line } => format!("L{line}"),
        Place::Cell {
            grid,
            row,
            col,
            line,
        } => format!("t{grid} r{row}c{col} L{line}"),
        Place::Dropped => String::from("dropped page no."),
    }
}

fn place_json(p: &Place) -> Value {
    match *p {
        Place::Free { line } => json!({"area": "free", "line": line}),
        Place::Cell {
            grid,
            row,
            col,
            line,
        } => json!({"area": "cell", "grid": grid, "row": row, "col": col, "line": line}),
        Place::Dropped => json!({"area": "dropped"}),
    }
}

fn bbox_json(b: &Option<BBox>) -> Value {
    match b {
        Some(b) => {
            json!({"x0": r2(b.x0), "top": r2(b.top), "x1": r2(b.x1), "bottom": r2(b.bottom)})
        }
        None => Value::Null,
    }
}

fn bbox_str(b: &Option<BBox>) -> [String; 4] {
    match b {
        Some(b) => [f(b.x0), f(b.top), f(b.x1), f(b.bottom)],
        None => std::array::from_fn(|_| String::from("-")),
    }
}

fn word_cols() -> (Cols, fn(&WordRow) -> Vec<String>) {
    (
        &[
            ("where", false),
            ("seg", true),
            ("x0", true),
            ("top", true),
            ("x1", true),
            ("baseline", true),
            ("size", true),
            ("text", false),
        ],
        |w| {
            vec![
                place_str(&w.place),
                w.segment.to_string(),
                f(w.bbox.x0),
                f(w.bbox.top),
                f(w.bbox.x1),
                f(w.bbox.bottom),
                f(w.size),
                w.text.clone(),
            ]
        },
    )
}

fn word_json(w: &WordRow) -> Value {
    json!({
        "where": place_json(&w.place),
        "segment": w.segment,
        "x0": r2(w.bbox.x0),
        "top": r2(w.bbox.top),
        "x1": r2(w.bbox.x1),
        "baseline": r2(w.bbox.bottom),
        "size": r2(w.size),
        "text": w.text,
    })
}

fn line_cols() -> (Cols, fn(&LineRow) -> Vec<String>) {
    (
        &[
            ("where", false),
            ("baseline", true),
            ("size", true),
            ("x0", true),
            ("x1", true),
            ("segs", true),
            ("text (segments split by |)", false),
        ],
        |l| {
            vec![
                place_str(&l.place),
                f(l.baseline),
                f(l.size),
                f(l.x0),
                f(l.x1),
                l.segments.to_string(),
                l.text.clone(),
            ]
        },
    )
}

fn line_json(l: &LineRow) -> Value {
    json!({
        "where": place_json(&l.place),
        "baseline": r2(l.baseline),
        "size": r2(l.size),
        "x0": r2(l.x0),
        "x1": r2(l.x1),
        "segments": l.segments,
        "text": l.text,
    })
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n).collect();
    t.push('…');
    t
}

fn block_cols() -> (Cols, fn(&BlockRow) -> Vec<String>) {
    (
        &[
            ("block", true),
            ("kind", false),
            ("x0", true),
            ("top", true),
            ("x1", true),
            ("bottom", true),
            ("info", false),
            ("text", false),
        ],
        |b| {
            let [x0, top, x1, bottom] = bbox_str(&b.bbox);
            let mut info = Vec::new();
            if let Some(h) = b.heading_level {
                info.push(format!("h{h}"));
            }
            if let Some((r, c)) = b.shape {
                info.push(format!("{r}×{c}"));
            }
            if b.joined_prev {
                info.push(String::from("joined to prev page"));
            }
            vec![
                b.index.to_string(),
                b.kind.name().to_string(),
                x0,
                top,
                x1,
                bottom,
                info.join(" "),
                clip(&b.text, 100),
            ]
        },
    )
}

fn block_json(b: &BlockRow) -> Value {
    json!({
        "block": b.index,
        "kind": b.kind.name(),
        "bbox": bbox_json(&b.bbox),
        "heading_level": b.heading_level,
        "rows": b.shape.map(|s| s.0),
        "cols": b.shape.map(|s| s.1),
        "joined_prev": b.joined_prev,
        "text": b.text,
    })
}

fn cell_cols() -> (Cols, fn(&CellRow) -> Vec<String>) {
    (
        &[
            ("block", true),
            ("row", true),
            ("col", true),
            ("span r×c", false),
            ("x0", true),
            ("top", true),
            ("x1", true),
            ("bottom", true),
            ("text", false),
        ],
        |c| {
            let [x0, top, x1, bottom] = match (&c.bbox, c.column) {
                (Some(_), _) => bbox_str(&c.bbox),
                (None, Some((a, b))) => [f(a), String::from("-"), f(b), String::from("-")],
                (None, None) => bbox_str(&None),
            };
            vec![
                c.block.map(|b| b.to_string()).unwrap_or_else(|| "-".into()),
                c.row.to_string(),
                c.col.to_string(),
                format!("{}×{}", c.rowspan, c.colspan),
                x0,
                top,
                x1,
                bottom,
                clip(&c.text, 80),
            ]
        },
    )
}

fn cell_json(c: &CellRow) -> Value {
    json!({
        "block": c.block,
        "row": c.row,
        "col": c.col,
        "rowspan": c.rowspan,
        "colspan": c.colspan,
        "bbox": bbox_json(&c.bbox),
        "column": c.column.map(|(a, b)| json!({"x0": r2(a), "x1": r2(b)})),
        "text": c.text,
    })
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

/// The page box, ruling lines (red), table cells (blue), block boxes (grey, dashed) and words
/// (green boxes with their text) in page coordinates.
fn draw_svg(ins: &Inspection) -> String {
    let p = &ins.page;
    let (w, h) = (p.width, p.height);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.1}" height="{h:.1}" viewBox="0 0 {w:.1} {h:.1}" font-family="sans-serif">"#
    );
    let _ = writeln!(
        s,
        r#"<title>page {} — rules red, table cells blue, blocks grey, words green</title>"#,
        p.page
    );
    let _ = writeln!(
        s,
        r#"<rect class="page" x="0" y="0" width="{w:.1}" height="{h:.1}" fill="white" stroke="black" stroke-width="1"/>"#
    );
    s.push_str("<g class=\"rules\" stroke=\"#d22\" stroke-width=\"0.8\">\n");
    for r in &p.hrules {
        let _ = writeln!(
            s,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
            r.x0, r.y, r.x1, r.y
        );
    }
    for r in &p.vrules {
        let _ = writeln!(
            s,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
            r.x, r.y0, r.x, r.y1
        );
    }
    s.push_str("</g>\n<g class=\"blocks\" fill=\"none\" stroke=\"#888\" stroke-width=\"0.6\" stroke-dasharray=\"3 2\">\n");
    for b in ins.blocks() {
        if let Some(bb) = b.bbox {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>block {} {}</title></rect>"#,
                bb.x0 - 2.0,
                bb.top - 2.0,
                bb.x1 - bb.x0 + 4.0,
                bb.bottom - bb.top + 4.0,
                b.index,
                b.kind.name()
            );
        }
    }
    s.push_str("</g>\n<g class=\"cells\" fill=\"#26c\" fill-opacity=\"0.05\" stroke=\"#26c\" stroke-width=\"0.7\">\n");
    for c in ins.cells() {
        if let Some(bb) = c.bbox {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>r{} c{} {}</title></rect>"#,
                bb.x0,
                bb.top,
                bb.x1 - bb.x0,
                bb.bottom - bb.top,
                c.row,
                c.col,
                esc(&c.text)
            );
        }
    }
    s.push_str("</g>\n<g class=\"words\">\n");
    for wd in ins.words() {
        let b = wd.bbox;
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#1a1" stroke-width="0.4"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#333">{}</text>"##,
            b.x0,
            b.top,
            (b.x1 - b.x0).max(0.1),
            (b.bottom - b.top).max(0.1),
            b.x0,
            b.bottom - 0.15 * wd.size,
            (wd.size * 0.7).max(1.0),
            esc(&wd.text)
        );
    }
    s.push_str("</g>\n</svg>\n");
    s
}
