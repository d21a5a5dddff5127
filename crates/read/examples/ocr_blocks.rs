//! Prints the blocks the read stage gets from a PDF with OCR on (auto), one per line:
//! `cargo run -p baocao-read --example ocr_blocks -- FILE.pdf [FIRST_PAGE LAST_PAGE]`.

use std::sync::Arc;
use std::time::Duration;

use baocao_model::Block;
use baocao_read::ocr::{Ocr, OcrMode, Slots};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: ocr_blocks FILE.pdf [FIRST LAST]");
        std::process::exit(2);
    };
    let first: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let last: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(u32::MAX);
    let bytes = std::fs::read(path).expect("readable file");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ocr = Ocr::for_mode(
        OcrMode::Auto,
        Duration::from_secs(120),
        Some(Slots::new(cores.saturating_sub(1))),
    )
    .expect("auto never fails");
    let options = baocao_read::ReadOptions {
        ocr: ocr.map(Arc::new),
        ..Default::default()
    };
    let doc = baocao_read::read_with(&bytes, baocao_read::sniff(&bytes), &options)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) if (first..=last).contains(&p.page.unwrap_or(0)) => {
                println!("p{} {}", p.page.unwrap_or(0), p.text)
            }
            Block::Table(t) => {
                for r in t
                    .rows
                    .iter()
                    .filter(|r| (first..=last).contains(&r.page.unwrap_or(0)))
                {
                    println!("p{} | {} |", r.page.unwrap_or(0), r.cells.join(" | "));
                }
            }
            _ => {}
        }
    }
    eprintln!(
        "ocr: {:?}",
        doc.ocr.as_ref().map(|o| (o.pages, o.mean_conf, &o.engine))
    );
    eprintln!("skipped: {:?}", doc.skipped);
}
