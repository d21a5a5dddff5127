//! Result or target: the one place that decides whether a figure reports what happened or
//! what is aimed at (genre.md §5–6). Conservative: a figure is a target only when its
//! heading path names the coming period's direction ("Phương hướng", "nhiệm vụ … tới /
//! tiếp theo / năm sau") or its own sentence, up to the figure, states an aim ("phấn đấu",
//! "mục tiêu", "chỉ tiêu", "kế hoạch giao" without a verb of achievement).

use std::sync::LazyLock;

use regex::Regex;

use baocao_model::ValueKind;

/// A heading (folded) that opens the section of next period's targets.
static TARGET_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"phuong huong|(?:nhiem vu|giai phap)[^.;:]{0,60}(?:ky toi|thoi gian toi|nam toi|sap toi|tiep theo|ky sau|nam sau|nam \d{4} va)|ke hoach[^.;:]{0,30}(?:ky toi|nam toi|tiep theo)",
    )
    .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

/// A sentence (folded) that states an aim.
static TARGET_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bphan dau\b|\bmuc tieu\b|\bchi tieu\b|\bke hoach (?:giao|de ra)\b")
        .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

/// A verb of achievement: "đạt / hoàn thành / vượt … chỉ tiêu" reports a result.
static ACHIEVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:dat|hoan thanh|vuot|da thuc hien|thuc hien duoc)\b")
        .unwrap_or_else(|e| panic!("invariant: static regex: {e}"))
});

/// True when a (folded) heading opens a section of targets.
pub fn is_target_heading(folded_heading: &str) -> bool {
    TARGET_HEADING.is_match(folded_heading)
}

/// The kind of a figure from the folded headings above it and its folded sentence up to the
/// figure (`lead`: an aim stated after the figure, in another clause, is not its own).
pub fn kind_of(folded_headings: &[&str], lead: &str) -> ValueKind {
    let folded_sentence = lead;
    if folded_headings.iter().any(|h| is_target_heading(h)) {
        return ValueKind::Target;
    }
    let aim = TARGET_SENTENCE.find(folded_sentence);
    match aim {
        // "phấn đấu" is an aim wherever it stands.
        Some(m) if m.as_str().starts_with("phan dau") => ValueKind::Target,
        // "mục tiêu", "chỉ tiêu", "kế hoạch giao": an aim unless the sentence says it was met.
        Some(_) if !ACHIEVED.is_match(folded_sentence) => ValueKind::Target,
        _ => ValueKind::Result,
    }
}

/// The headings above each unit, tracked like the section path (outline markers set a level
/// and clear the deeper ones); paragraphs marked as headings count too.
#[derive(Debug, Default)]
pub struct Headings {
    levels: [Option<String>; 5],
}

impl Headings {
    /// Updates the path with a paragraph's folded text (`marker` is its outline level).
    pub fn update(&mut self, marker_level: Option<usize>, folded: &str) {
        let Some(level) = marker_level else {
            return;
        };
        let level = level.min(self.levels.len() - 1);
        // Only the title part: a long paragraph after a marker is body text with a number.
        let title: String = folded.chars().take(160).collect();
        self.levels[level] = Some(title);
        for l in self.levels.iter_mut().skip(level + 1) {
            *l = None;
        }
    }

    /// The headings in force, outermost first.
    pub fn current(&self) -> Vec<&str> {
        self.levels.iter().flatten().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_text::fold;

    fn kind(headings: &[&str], sentence: &str) -> ValueKind {
        let h: Vec<String> = headings.iter().map(|h| fold(h)).collect();
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        kind_of(&h, &fold(sentence))
    }

    #[test]
    fn targets_are_aims() {
        assert_eq!(
            kind(&[], "Phấn đấu 100% hồ sơ giải quyết đúng hạn."),
            ValueKind::Target
        );
        assert_eq!(
            kind(
                &["IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"],
                "Tiếp nhận 100% hồ sơ trực tuyến."
            ),
            ValueKind::Target
        );
        assert_eq!(
            kind(&["III. Nhiệm vụ trọng tâm kỳ tới"], "Ban hành 05 kế hoạch."),
            ValueKind::Target
        );
        assert_eq!(
            kind(&[], "Chỉ tiêu tỉnh giao: 95% hồ sơ trực tuyến."),
            ValueKind::Target
        );
    }

    #[test]
    fn results_stay_results() {
        assert_eq!(
            kind(
                &["II. Kết quả thực hiện"],
                "Tiếp nhận 1.451 hồ sơ, đạt 100%."
            ),
            ValueKind::Result
        );
        assert_eq!(
            kind(&[], "Hoàn thành 15/16 chỉ tiêu kế hoạch giao, đạt 93,75%."),
            ValueKind::Result
        );
        assert_eq!(
            kind(&["I. Công tác chỉ đạo, điều hành"], "Ban hành 12 văn bản."),
            ValueKind::Result
        );
        // The lead stops at the figure: an aim in a later clause is not the figure's.
        assert_eq!(
            kind(&[], "Hiện nay số thủ tục được công bố là 116"),
            ValueKind::Result
        );
    }

    #[test]
    fn headings_track_the_outline() {
        let mut h = Headings::default();
        h.update(Some(0), "iv. phuong huong nhiem vu");
        assert!(h.current().iter().any(|t| is_target_heading(t)));
        h.update(Some(1), "1. cai cach the che");
        assert_eq!(h.current().len(), 2);
        h.update(Some(0), "v. kien nghi");
        assert_eq!(h.current(), vec!["v. kien nghi"]);
    }
}
