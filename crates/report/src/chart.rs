//! A key indicator's chart on a locality page: its value in each report, across the reports'
//! periods, drawn by plotters' SVG backend into a string the page inlines. Text is written
//! as SVG `<text>` (the browser picks the font; nothing is loaded).

use plotters::prelude::*;

use baocao_model::fmt_num;

/// Width and height of a chart in SVG units (the page scales it down on a phone).
const SIZE: (u32, u32) = (560, 230);
/// A report's figure.
const POINT: RGBColor = RGBColor(0x18, 0x49, 0xa9);
/// A figure a cross-report finding is about (the page's error colour).
const MARKED: RGBColor = RGBColor(0xb4, 0x23, 0x18);
const MUTED: RGBColor = RGBColor(0x5b, 0x64, 0x75);
const GRID: RGBColor = RGBColor(0xe4, 0xe7, 0xec);
/// Text size as plotters counts it (it writes 1/1.24 of it: 12.9 px).
const FONT: u32 = 16;
/// At most this many dates are written under the x axis (every other one beyond).
const MAX_X_LABELS: usize = 8;

/// One figure on a chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    /// The last day the figure covers, in days since 1970-01-01.
    pub x: i32,
    /// That day as written under the axis (`30/06/2023`).
    pub x_label: String,
    /// The figure.
    pub y: f64,
    /// Points of one series (one start date: a year-to-date series) are joined by a line.
    pub series: i32,
    /// A report's figure (a dot), or a figure another report quotes for this period (a
    /// cross: only drawn when a finding is about it).
    pub quoted: bool,
    /// Whether a cross-report finding is about this figure (drawn in red, value in bold).
    pub marked: bool,
}

/// Draws `points` (in x order) as an SVG element. The `xmlns` attribute plotters writes is
/// dropped: an `<svg>` inside HTML needs none, and the page names no URL.
pub(crate) fn draw(points: &[Point]) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        plot(&root, points).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult<'a> =
    Result<(), DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>>;

fn plot<'a>(root: &Area<'a>, points: &[Point]) -> DrawResult<'a> {
    root.fill(&WHITE)?;
    let (x0, x1) = span(points.iter().map(|p| p.x as f64), 20.0);
    let (y0, y1) = span(points.iter().map(|p| p.y), 0.0);
    let mut dates: Vec<(i32, &str)> = points.iter().map(|p| (p.x, p.x_label.as_str())).collect();
    dates.sort_unstable();
    dates.dedup_by_key(|d| d.0);
    let step = dates.len().div_ceil(MAX_X_LABELS).max(1);
    let keys: Vec<i32> = dates.iter().step_by(step).map(|d| d.0).collect();
    let label_of = |x: &i32| {
        dates
            .iter()
            .find(|d| d.0 == *x)
            .map(|d| d.1.to_string())
            .unwrap_or_default()
    };
    let y_label = |v: &f64| fmt_num((v * 100.0).round() / 100.0);
    let mut chart = ChartBuilder::on(root)
        .margin_top(18)
        .margin_right(28)
        .margin_left(8)
        .x_label_area_size(26)
        .y_label_area_size(54)
        .build_cartesian_2d(
            (x0.floor() as i32..x1.ceil() as i32).with_key_points(keys),
            y0..y1,
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .y_labels(5)
        .label_style(("sans-serif", FONT).into_font().color(&MUTED))
        .x_label_formatter(&label_of)
        .y_label_formatter(&y_label)
        .draw()?;

    let mut series: Vec<i32> = points
        .iter()
        .filter(|p| !p.quoted)
        .map(|p| p.series)
        .collect();
    series.sort_unstable();
    series.dedup();
    for s in series {
        let line: Vec<(i32, f64)> = points
            .iter()
            .filter(|p| !p.quoted && p.series == s)
            .map(|p| (p.x, p.y))
            .collect();
        if line.len() > 1 {
            chart.draw_series(LineSeries::new(line, POINT.stroke_width(2)))?;
        }
    }
    let font = ("sans-serif", FONT).into_font();
    let look = |p: &Point| {
        let (colour, size, style) = if p.marked {
            (MARKED, 6, FontStyle::Bold)
        } else {
            (POINT, 4, FontStyle::Normal)
        };
        // A quoted figure sits at a report's date, often near its figure: label it below.
        let label = Text::new(
            fmt_num(p.y),
            (8, if p.quoted { 2 } else { -16 }),
            font.clone().style(style).color(&colour),
        );
        (EmptyElement::at((p.x, p.y)), colour, size, label)
    };
    chart.draw_series(points.iter().filter(|p| !p.quoted).map(|p| {
        let (at, colour, size, label) = look(p);
        at + Circle::new((0, 0), size, colour.filled()) + label
    }))?;
    // A ring around each marked figure: not told by colour alone.
    chart.draw_series(
        points
            .iter()
            .filter(|p| p.marked)
            .map(|p| Circle::new((p.x, p.y), 10, MARKED.stroke_width(2))),
    )?;
    chart.draw_series(points.iter().filter(|p| p.quoted).map(|p| {
        let (at, colour, size, label) = look(p);
        at + Cross::new((0, 0), size, colour.stroke_width(2)) + label
    }))?;
    Ok(())
}

/// The axis range around `values`: a tenth of their spread on each side (a tenth of the
/// value, at least `min_pad`, when they are all one).
fn span(values: impl Iterator<Item = f64>, min_pad: f64) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo {
        (hi - lo) / 10.0
    } else {
        (lo.abs() / 10.0).max(1.0)
    }
    .max(min_pad);
    (lo - pad, hi + pad)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The figures written in bold in the finding colour: the marked ones.
    pub(crate) fn marked_labels(svg: &str) -> Vec<String> {
        svg.split("<text ")
            .skip(1)
            .filter(|t| t.contains("fill=\"#B42318\"") && t.contains("font-weight=\"bold\""))
            .filter_map(|t| {
                Some(
                    t.split_once('>')?
                        .1
                        .split_once("</text>")?
                        .0
                        .trim()
                        .to_string(),
                )
            })
            .collect()
    }

    fn point(x: i32, y: f64, marked: bool) -> Point {
        Point {
            x,
            x_label: format!("day {x}"),
            y,
            series: 0,
            quoted: false,
            marked,
        }
    }

    /// The series line plotters draws (the axes are polylines too, in grey).
    const LINE: &str = "stroke=\"#1849A9\" stroke-width=\"2\"";

    #[test]
    fn a_chart_is_an_svg_with_its_values_and_dates_and_no_url() {
        let svg = draw(&[
            point(19447, 300.0, false),
            point(19538, 620.0, true),
            point(19630, 590.0, true),
        ])
        .unwrap();
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("http"), "{svg}");
        // Three dots and a ring around each of the two marked ones.
        assert_eq!(svg.matches("<circle").count(), 5);
        assert!(svg.contains(LINE), "the points are joined");
        assert_eq!(marked_labels(&svg), ["620", "590"]);
        assert!(svg.contains("fill=\"#1849A9\">\n300\n</text>"), "{svg}");
        assert!(
            svg.contains(">\nday 19538\n</text>"),
            "dates under the axis: {svg}"
        );
    }

    #[test]
    fn one_point_and_a_flat_series_draw() {
        let svg = draw(&[point(19447, 7.0, false)]).unwrap();
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains(LINE));
        assert!(marked_labels(&svg).is_empty());
        let flat = draw(&[point(1, 0.0, false), point(2, 0.0, false)]).unwrap();
        assert!(flat.contains(LINE));
    }

    #[test]
    fn a_quoted_figure_is_a_cross_off_the_line() {
        let mut quoted = point(19538, 655.0, true);
        quoted.quoted = true;
        let svg = draw(&[
            point(19538, 650.0, true),
            quoted,
            point(19630, 980.0, false),
        ])
        .unwrap();
        // Two dots, two rings; the cross is two lines in the finding colour.
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(marked_labels(&svg), ["650", "655"]);
        let line = svg.lines().find(|l| l.contains(LINE)).expect("a line");
        assert_eq!(line.matches(',').count(), 2, "two points joined: {line}");
    }
}
