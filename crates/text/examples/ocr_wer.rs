//! Measures the OCR repair: word error of the scan's OCR layer against the clean PDF's text,
//! before and after repair; words changed on clean documents; throughput.
//!
//! `cargo run --release --example ocr_wer [-- --heldout DIR]` (needs `pdftotext`). The same
//! measure on the whole pipeline (reading + repair of the scanned PDF) is `tools/ocr_wer.py`.
use std::collections::HashMap;
use std::process::Command;
use std::time::Instant;

use baocao_text::repair::{DocContext, Mode, RepairStats, Repairer};
use unicode_normalization::UnicodeNormalization;

const CORPUS: &str = "../shared/corpus";

fn pdftotext(path: &str) -> String {
    let out = Command::new("pdftotext").arg(path).arg("-").output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).nfc().collect(),
        _ => {
            eprintln!("pdftotext failed on {path}");
            String::new()
        }
    }
}

fn bag(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    let low: String = text.nfc().collect::<String>().to_lowercase();
    for w in low
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

fn wer(clean: &str, text: &str) -> f64 {
    let c = bag(clean);
    let t = bag(text);
    let total: usize = c.values().sum();
    let inter: usize = c
        .iter()
        .map(|(w, n)| (*n).min(*t.get(w).unwrap_or(&0)))
        .sum();
    1.0 - inter as f64 / total.max(1) as f64
}

/// Repairs a whole document: mode from its damage share, units = paragraphs (blank-line separated).
fn repair_doc(
    r: &Repairer,
    text: &str,
    stats: &mut RepairStats,
    force: Option<Mode>,
) -> (String, Vec<(String, String)>, f64) {
    let damage = r.looks_damaged(text);
    let mode = force.unwrap_or(Mode::for_damage(damage));
    let mut ctx = DocContext::new(mode);
    let mut out = String::with_capacity(text.len());
    let mut changes = Vec::new();
    for (i, unit) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let (s, edits) = r.repair_in(unit, &mut ctx, stats);
        for (rg, rep) in edits {
            let ctx = |a: usize, b: usize| -> String {
                let mut a = a.min(unit.len());
                while !unit.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = b.min(unit.len());
                while !unit.is_char_boundary(b) {
                    b += 1;
                }
                unit[a..b].replace('\n', " ")
            };
            let before = ctx(rg.start.saturating_sub(24), rg.start);
            let after = ctx(rg.end, rg.end + 24);
            changes.push((format!("{before}[{}]{after}", &unit[rg]), rep));
        }
        out.push_str(&s);
    }
    (out, changes, damage)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let verbose = args.iter().any(|a| a == "-v");
    let r = match args
        .iter()
        .position(|a| a == "--heldout")
        .and_then(|i| args.get(i + 1))
    {
        Some(dir) => {
            let rd = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_default();
            println!("lexicon: held-out from {dir}");
            Repairer::from_data(&rd("syllables.tsv"), &rd("bigrams.tsv"), &rd("abbrev.txt"))
        }
        None => {
            println!("lexicon: embedded data/lexicon");
            Repairer::new()
        }
    };
    let clean = pdftotext(&format!("{CORPUS}/nhu-quynh-q1-2024.pdf"));
    let ocr: String = std::fs::read_to_string(format!("{CORPUS}/nhu-quynh-q1-2024-scan.ocr.txt"))
        .unwrap_or_default()
        .nfc()
        .collect();
    let mut st = RepairStats::default();
    let (rep, changes, damage) = repair_doc(&r, &ocr, &mut st, None);
    if let Ok(p) = std::env::var("REPAIR_DUMP") {
        let _ = std::fs::write(p, &rep);
    }
    let raw_w = wer(&clean, &ocr);
    let rep_w = wer(&clean, &rep);
    println!(
        "scan OCR: looks_damaged {:.4}, ocr_damage {:.4}, words {}, repaired {}",
        damage,
        st.ocr_damage(),
        st.words,
        st.repaired
    );
    println!(
        "scan OCR word error: raw {:.4}  repaired {:.4}  ratio {:.3}",
        raw_w,
        rep_w,
        rep_w / raw_w.max(1e-9)
    );
    if verbose {
        for (a, b) in &changes {
            println!("  {a:?} -> {b:?}");
        }
    }
    for name in [
        "ngoc-ky-2023.pdf",
        "nhu-quynh-q1-2024.pdf",
        "dong-tien-2024-ocr.pdf",
    ] {
        let t = pdftotext(&format!("{CORPUS}/{name}"));
        let mut st = RepairStats::default();
        let (_, changes, damage) = repair_doc(&r, &t, &mut st, None);
        let mut sa = RepairStats::default();
        let (_, ach, _) = repair_doc(&r, &t, &mut sa, Some(Mode::Aggressive));
        println!(
            "{name}: looks_damaged {:.4} → changes {} (words {}, suspicious {}); forced aggressive: {} changes",
            damage,
            changes.len(),
            st.words,
            st.suspicious,
            ach.len()
        );
        if verbose || name != "dong-tien-2024-ocr.pdf" {
            for (a, b) in changes.iter().take(if verbose { 400 } else { 30 }) {
                println!("  {a:?} -> {b:?}");
            }
        }
        if verbose {
            for (a, b) in ach.iter().take(100) {
                println!("  [aggr] {a:?} -> {b:?}");
            }
        }
    }
    // Throughput: the three texts repeated, aggressive and conservative.
    let mut big = String::new();
    for name in [
        "ngoc-ky-2023.pdf",
        "nhu-quynh-q1-2024.pdf",
        "dong-tien-2024-ocr.pdf",
    ] {
        big.push_str(&pdftotext(&format!("{CORPUS}/{name}")));
    }
    big.push_str(&ocr);
    for mode in [Mode::Conservative, Mode::Aggressive] {
        let t0 = Instant::now();
        let mut bytes = 0usize;
        let mut st = RepairStats::default();
        for _ in 0..5 {
            let _ = repair_doc(&r, &big, &mut st, Some(mode));
            bytes += big.len();
        }
        let s = t0.elapsed().as_secs_f64();
        println!(
            "throughput {:?}: {:.1} MB/s ({} bytes in {:.3} s)",
            mode,
            bytes as f64 / 1e6 / s,
            bytes,
            s
        );
    }
}
