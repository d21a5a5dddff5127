//! Tesseract's TSV output (`tesseract … tsv`): one row per page, block, paragraph, line and
//! word, with pixel boxes and, for words, a confidence 0–100.

/// One recognized word in image pixels (origin top-left, `y` downwards).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    /// Block number (Tesseract's layout block).
    pub block: u32,
    /// Paragraph number inside the block.
    pub par: u32,
    /// Line number inside the paragraph.
    pub line: u32,
    /// Left edge.
    pub left: f32,
    /// Top edge.
    pub top: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Confidence 0–100.
    pub conf: f32,
    /// The word's text.
    pub text: String,
}

impl OcrWord {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.left + self.width
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.top + self.height
    }

    /// The line this word belongs to, as one key.
    pub fn line_key(&self) -> (u32, u32, u32) {
        (self.block, self.par, self.line)
    }
}

/// Parses Tesseract's TSV into its words (level 5 rows with non-blank text), in output
/// order. Rows that do not parse are ignored; a header line is expected but not required.
pub fn parse_tsv(tsv: &str) -> Vec<OcrWord> {
    let mut out = Vec::new();
    for row in tsv.lines() {
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 12 || f.first() != Some(&"5") {
            continue;
        }
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        let num = |i: usize| f.get(i).and_then(|s| s.trim().parse::<f32>().ok());
        let int = |i: usize| f.get(i).and_then(|s| s.trim().parse::<u32>().ok());
        let (Some(block), Some(par), Some(line)) = (int(2), int(3), int(4)) else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height)) = (num(6), num(7), num(8), num(9))
        else {
            continue;
        };
        let conf = num(10).unwrap_or(0.0).clamp(0.0, 100.0);
        if !(width >= 0.0 && height >= 0.0) {
            continue;
        }
        out.push(OcrWord {
            block,
            par,
            line,
            left,
            top,
            width,
            height,
            conf,
            text: text.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_word_rows_only() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n\
4\t1\t1\t1\t1\t0\t295\t157\t1173\t43\t-1\t\n\
5\t1\t1\t1\t1\t1\t295\t157\t49\t32\t96.702759\tỦY\n\
5\t1\t1\t1\t1\t2\t356\t165\t73\t24\t95.264862\tBAN\n\
5\t1\t1\t1\t1\t3\t440\t158\t102\t32\t-1\t \n\
5\t1\t2\t1\t1\t1\tx\t158\t102\t32\t90\tbad\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "ỦY");
        assert_eq!(w[1].left, 356.0);
        assert_eq!(w[1].bottom(), 189.0);
        assert!((w[0].conf - 96.70).abs() < 0.01);
        assert_eq!(w[0].line_key(), (1, 1, 1));
    }
}
