//! The pattern engine on arbitrary text: lines become paragraphs, lines with `|` table rows
//! (cells split on `|`); then normalize → metadata → values (text patterns and row rules) →
//! audit, with the repository's pattern library.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use baocao_audit::rules::RuleBook;
use baocao_extract::library::{IDENTITIES_FILE, Library, LibraryFiles, RULES_FILE};
use baocao_model::{Block, Document, Paragraph, Row, Table};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static (Library, RuleBook) {
    static C: OnceLock<(Library, RuleBook)> = OnceLock::new();
    C.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../patterns");
        let files = LibraryFiles::read_dir(&dir).expect("pattern library");
        let library = Library::compile(&files).expect("pattern library");
        let known = |id: &str| library.catalogue.get(id).is_some();
        let rules = RuleBook::parse(
            files.get(RULES_FILE).unwrap(),
            files.get(IDENTITIES_FILE).unwrap(),
            &known,
        )
        .expect("audit rules");
        (library, rules)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut doc = Document::default();
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.contains('|') {
            rows.push(Row {
                cells: line.split('|').map(str::to_string).collect(),
                page: Some(1),
                is_header: false,
            });
            continue;
        }
        if !rows.is_empty() {
            doc.blocks.push(Block::Table(Table {
                rows: std::mem::take(&mut rows),
                page: Some(1),
                borderless: false,
            }));
        }
        doc.blocks.push(Block::Paragraph(Paragraph {
            text: line.to_string(),
            page: Some(1),
            heading_level: None,
            in_header: false,
        }));
    }
    if !rows.is_empty() {
        doc.blocks.push(Block::Table(Table {
            rows,
            page: Some(1),
            borderless: false,
        }));
    }
    let (library, rules) = config();
    let units = baocao_text::layout::units(&doc);
    let meta = baocao_extract::metadata::metadata(&units);
    let year = meta.period_end.or(meta.period_start).map(|d| d.year);
    let values = baocao_extract::values(&units, library, year);
    let _ = baocao_audit::audit(&values, &units, &meta, rules);
});
