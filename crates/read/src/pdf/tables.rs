//! Ruled tables: builds cell grids from horizontal and vertical ruling lines.
//!
//! Rules are snapped (nearby coordinates merged), collinear pieces joined, and grouped into
//! connected components by their intersections. Each component with at least two columns
//! becomes a [`Grid`]: column boundaries from the vertical rules, row boundaries from the
//! horizontal ones. A missing rule between two neighbouring grid cells merges them; every
//! merged region is represented by its top-left (origin) cell.

use super::glyphs::{HRule, VRule};

/// Snap tolerance (points) for rule coordinates.
const SNAP: f32 = 2.5;
/// Tolerance for two rules to touch / intersect.
const TOUCH: f32 = 3.0;
/// Rules above this count per page are ignored (no table detection).
const MAX_RULES: usize = 8000;
/// At most this many tables per page (bounds the glyph-to-cell assignment).
const MAX_GRIDS: usize = 100;

/// A table grid recovered from rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column boundaries, ascending (`ncols + 1` values).
    pub xs: Vec<f32>,
    /// Row boundaries, top-down ascending (`nrows + 1` values).
    pub ys: Vec<f32>,
    /// For every grid cell (row-major) the index of the origin cell of its merged region.
    pub origin: Vec<usize>,
}

impl Grid {
    /// Number of grid columns.
    pub fn ncols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// Number of grid rows.
    pub fn nrows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    /// Top edge.
    pub fn top(&self) -> f32 {
        self.ys.first().copied().unwrap_or(0.0)
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.ys.last().copied().unwrap_or(0.0)
    }

    /// The origin cell of the merged region containing point `(x, y)`, if inside the grid.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let (x0, x1) = (*self.xs.first()?, *self.xs.last()?);
        let (y0, y1) = (*self.ys.first()?, *self.ys.last()?);
        if x < x0 - 1.0 || x > x1 + 1.0 || y < y0 - 1.0 || y > y1 + 1.0 {
            return None;
        }
        let nc = self.ncols();
        let nr = self.nrows();
        if nc == 0 || nr == 0 {
            return None;
        }
        let c = self
            .xs
            .partition_point(|&b| b <= x)
            .saturating_sub(1)
            .min(nc - 1);
        let r = self
            .ys
            .partition_point(|&b| b <= y)
            .saturating_sub(1)
            .min(nr - 1);
        self.origin.get(r * nc + c).copied()
    }
}

/// Union-find over `n` elements with path halving.
struct Dsu {
    parent: Vec<usize>,
}

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = gp;
            }
            i = gp;
        }
        i
    }

    /// Joins the sets of `a` and `b`, keeping the smaller root (so roots are minimal indices).
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(hi) {
            *slot = lo;
        }
    }
}

/// Sorts and merges horizontal rules: same `y` within [`SNAP`], overlapping or touching spans.
pub fn merge_hrules(rules: &[HRule]) -> Vec<HRule> {
    let mut v: Vec<HRule> = rules
        .iter()
        .copied()
        .filter(|r| r.y.is_finite() && r.x0.is_finite() && r.x1.is_finite())
        .collect();
    v.sort_by(|a, b| a.y.total_cmp(&b.y));
    // Snap y to the first rule of each cluster.
    let mut i = 0;
    while i < v.len() {
        let y0 = v[i].y;
        let mut j = i;
        while j < v.len() && v[j].y - y0 <= SNAP {
            v[j].y = y0;
            j += 1;
        }
        i = j;
    }
    v.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<HRule> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if last.y == r.y && r.x0 <= last.x1 + TOUCH => {
                last.x1 = last.x1.max(r.x1);
            }
            _ => out.push(r),
        }
    }
    out
}

/// Sorts and merges vertical rules: same `x` within [`SNAP`], overlapping or touching spans.
pub fn merge_vrules(rules: &[VRule]) -> Vec<VRule> {
    let h: Vec<HRule> = rules
        .iter()
        .map(|r| HRule {
            y: r.x,
            x0: r.y0,
            x1: r.y1,
        })
        .collect();
    merge_hrules(&h)
        .into_iter()
        .map(|r| VRule {
            x: r.y,
            y0: r.x0,
            y1: r.x1,
        })
        .collect()
}

/// Clusters sorted values closer than `tol` into their mean.
fn snap_values(mut vals: Vec<f32>, tol: f32) -> Vec<f32> {
    vals.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::with_capacity(vals.len());
    let mut i = 0;
    while i < vals.len() {
        let start = vals[i];
        let mut sum = 0.0;
        let mut n = 0.0;
        let mut j = i;
        while j < vals.len() && vals[j] - start <= tol {
            sum += vals[j];
            n += 1.0;
            j += 1;
        }
        out.push(sum / n);
        i = j;
    }
    out
}

/// Finds table grids in a page's rules. Components without at least two columns and one row
/// (e.g. text underlines, a frame around a paragraph) are not tables.
pub fn find_grids(hrules: &[HRule], vrules: &[VRule]) -> Vec<Grid> {
    if hrules.len() + vrules.len() > MAX_RULES {
        return Vec::new();
    }
    let hs = merge_hrules(hrules);
    let mut vs = merge_vrules(vrules);
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    vs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let nh = hs.len();
    let mut dsu = Dsu::new(nh + vs.len());
    for (hi, h) in hs.iter().enumerate() {
        let lo = vs.partition_point(|v| v.x < h.x0 - TOUCH);
        for (off, v) in vs.iter().enumerate().skip(lo) {
            if v.x > h.x1 + TOUCH {
                break;
            }
            if h.y >= v.y0 - TOUCH && h.y <= v.y1 + TOUCH {
                dsu.union(hi, nh + off);
            }
        }
    }
    // Group rules by component root.
    let mut comp_of: Vec<(usize, usize)> = (0..nh + vs.len()).map(|i| (dsu.find(i), i)).collect();
    comp_of.sort_unstable();
    let mut grids = Vec::new();
    let mut i = 0;
    while i < comp_of.len() {
        let root = comp_of[i].0;
        let mut j = i;
        let mut ch: Vec<HRule> = Vec::new();
        let mut cv: Vec<VRule> = Vec::new();
        while j < comp_of.len() && comp_of[j].0 == root {
            let idx = comp_of[j].1;
            if idx < nh {
                if let Some(h) = hs.get(idx) {
                    ch.push(*h);
                }
            } else if let Some(v) = vs.get(idx - nh) {
                cv.push(*v);
            }
            j += 1;
        }
        i = j;
        if let Some(g) = grid_from_component(&ch, &cv) {
            grids.push(g);
        }
    }
    grids.sort_by(|a, b| a.top().total_cmp(&b.top()));
    grids.truncate(MAX_GRIDS);
    grids
}

fn grid_from_component(hs: &[HRule], vs: &[VRule]) -> Option<Grid> {
    if hs.is_empty() || vs.is_empty() {
        return None;
    }
    let min_x = hs.iter().map(|h| h.x0).fold(f32::INFINITY, f32::min);
    let max_x = hs.iter().map(|h| h.x1).fold(f32::NEG_INFINITY, f32::max);
    let min_y = vs.iter().map(|v| v.y0).fold(f32::INFINITY, f32::min);
    let max_y = vs.iter().map(|v| v.y1).fold(f32::NEG_INFINITY, f32::max);
    let mut xv: Vec<f32> = vs.iter().map(|v| v.x).collect();
    xv.push(min_x);
    xv.push(max_x);
    let mut yv: Vec<f32> = hs.iter().map(|h| h.y).collect();
    yv.push(min_y);
    yv.push(max_y);
    let xs = snap_values(xv, SNAP + 0.5);
    let ys = snap_values(yv, SNAP + 0.5);
    let (nc, nr) = (xs.len().saturating_sub(1), ys.len().saturating_sub(1));
    if nc < 2 || nr < 1 {
        return None;
    }
    let width = xs.last()? - xs.first()?;
    let height = ys.last()? - ys.first()?;
    if width < 20.0 || height < 8.0 {
        return None;
    }
    // Which boundary index a rule coordinate belongs to.
    let nearest = |vals: &[f32], x: f32| -> Option<usize> {
        let p = vals.partition_point(|&b| b < x);
        let mut best: Option<(usize, f32)> = None;
        for k in [p.saturating_sub(1), p] {
            if let Some(&b) = vals.get(k) {
                let d = (b - x).abs();
                if d <= SNAP + 1.0 && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((k, d));
                }
            }
        }
        best.map(|(k, _)| k)
    };
    // Boundary presence: vertical boundary k (between col k-1 and k) in row r, and
    // horizontal boundary k (between row k-1 and k) in column c.
    let mut vbound = vec![false; (nc + 1) * nr];
    let mut hbound = vec![false; (nr + 1) * nc];
    for v in vs {
        let Some(k) = nearest(&xs, v.x) else { continue };
        for r in 0..nr {
            let (a, b) = (ys[r], ys[r + 1]);
            let mid = (a + b) * 0.5;
            if v.y0 - TOUCH <= mid
                && mid <= v.y1 + TOUCH
                && let Some(slot) = vbound.get_mut(k * nr + r)
            {
                *slot = true;
            }
        }
    }
    for h in hs {
        let Some(k) = nearest(&ys, h.y) else { continue };
        for c in 0..nc {
            let mid = (xs[c] + xs[c + 1]) * 0.5;
            if h.x0 - TOUCH <= mid
                && mid <= h.x1 + TOUCH
                && let Some(slot) = hbound.get_mut(k * nc + c)
            {
                *slot = true;
            }
        }
    }
    let mut dsu = Dsu::new(nr * nc);
    for r in 0..nr {
        for c in 0..nc {
            let here = r * nc + c;
            if c + 1 < nc && !vbound.get((c + 1) * nr + r).copied().unwrap_or(false) {
                dsu.union(here, here + 1);
            }
            if r + 1 < nr && !hbound.get((r + 1) * nc + c).copied().unwrap_or(false) {
                dsu.union(here, here + nc);
            }
        }
    }
    let origin: Vec<usize> = (0..nr * nc).map(|i| dsu.find(i)).collect();
    Some(Grid { xs, ys, origin })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> HRule {
        HRule { y, x0, x1 }
    }
    fn v(x: f32, y0: f32, y1: f32) -> VRule {
        VRule { x, y0, y1 }
    }

    #[test]
    fn simple_grid_two_by_three() {
        // 3 columns (0,100,200,300), 2 rows (0,20,40), drawn as per-cell pieces.
        let mut hr = Vec::new();
        for y in [0.0, 20.0, 40.0] {
            for x in [0.0, 100.0, 200.0] {
                hr.push(h(y + 0.3, x, x + 100.0));
            }
        }
        let mut vr = Vec::new();
        for x in [0.0, 100.0, 200.0, 300.0] {
            vr.push(v(x, 0.0, 20.0));
            vr.push(v(x - 0.4, 20.0, 40.0));
        }
        let g = find_grids(&hr, &vr);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.ncols(), 3);
        assert_eq!(g.nrows(), 2);
        assert_eq!(g.origin, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(g.cell_at(150.0, 30.0), Some(4));
        assert_eq!(g.cell_at(350.0, 30.0), None);
    }

    #[test]
    fn merged_cells() {
        // Header: col 0 spans two rows; cols 1-2 merged in row 0.
        let hr = vec![
            h(0.0, 0.0, 300.0),
            h(20.0, 100.0, 300.0),
            h(40.0, 0.0, 300.0),
            h(60.0, 0.0, 300.0),
        ];
        let vr = vec![
            v(0.0, 0.0, 60.0),
            v(100.0, 0.0, 60.0),
            v(200.0, 20.0, 60.0),
            v(300.0, 0.0, 60.0),
        ];
        let g = &find_grids(&hr, &vr)[0];
        assert_eq!((g.nrows(), g.ncols()), (3, 3));
        assert_eq!(g.origin, vec![0, 1, 1, 0, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn underline_is_not_a_table() {
        let hr = vec![h(100.0, 50.0, 200.0), h(140.0, 300.0, 400.0)];
        let vr = vec![];
        assert!(find_grids(&hr, &vr).is_empty());
    }

    #[test]
    fn two_tables_separate() {
        let mut hr = vec![];
        let mut vr = vec![];
        for top in [0.0, 200.0] {
            hr.push(h(top, 0.0, 200.0));
            hr.push(h(top + 30.0, 0.0, 200.0));
            for x in [0.0, 100.0, 200.0] {
                vr.push(v(x, top, top + 30.0));
            }
        }
        let g = find_grids(&hr, &vr);
        assert_eq!(g.len(), 2);
        assert!(g[0].top() < g[1].top());
    }
}
