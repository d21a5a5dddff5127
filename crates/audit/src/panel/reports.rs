//! Which files are one report. Two files are copies of one report when they have the same
//! issuer, type, number, signing date and period (a DOCX, its PDF, a scan, a legacy-encoded
//! copy), or the same text (`text_hash`: the same words whatever the format), or the same
//! bytes. Each report gets a stable id and one primary file, the one its facts come from: a
//! file read fully over a partial one, born-digital over a scan, DOCX over PDF, Unicode over
//! a legacy encoding, a name whose extension says what the file is, then the one with more
//! figures, then the first path.

use std::collections::HashMap;

use baocao_model::panel::ReportRole;
use baocao_model::record::DocRecord;
use baocao_model::{DocumentEncoding, Format, Status};
use sha2::Digest;

/// The metadata key of a report, when the header gives its number and date.
fn metadata_key(d: &DocRecord) -> Option<String> {
    let m = &d.meta;
    let number = super::document_number(d)?;
    let who = m.issuer.as_deref().or(m.locality.as_deref())?;
    Some(format!(
        "1 meta|{}|{}|{}|{}|{:?}|{:?}",
        baocao_text::fold(who),
        m.doc_type.as_deref().unwrap_or(""),
        number,
        m.doc_date?.days_since_epoch(),
        m.period_start.map(|d| d.days_since_epoch()),
        m.period_end.map(|d| d.days_since_epoch()),
    ))
}

/// Whether the file's name ends with the extension of what it is (not a DOCX named `.pdf`).
fn extension_agrees(d: &DocRecord) -> bool {
    d.path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case(d.format.as_str()))
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut i = i;
    while parent[i] != r {
        let next = parent[i];
        parent[i] = r;
        i = next;
    }
    r
}

/// How strongly a file is preferred as its report's primary (smaller is better).
fn preference(d: &DocRecord) -> impl Ord + use<'_> {
    (
        match d.status {
            Status::Ok => 0,
            Status::Partial => 1,
            Status::Failed => 2,
        },
        d.ocr_pages > 0,
        d.format != Format::Docx,
        d.text_encoding != DocumentEncoding::Unicode,
        !extension_agrees(d),
        std::cmp::Reverse(d.n_values),
        d.path.as_str(),
    )
}

/// Sets `report_id`, `report_role` and `primary_doc_id` on every row. A failed file is a
/// report of its own, or one with the files of the same bytes.
pub fn assign(docs: &mut [DocRecord]) {
    let n = docs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut keys: Vec<Vec<String>> = vec![Vec::new(); n];
    for (i, d) in docs.iter().enumerate() {
        if d.status != Status::Failed {
            if let Some(k) = metadata_key(d) {
                keys[i].push(k);
            }
            if !d.text_hash.is_empty() {
                keys[i].push(format!("2 text|{}", d.text_hash));
            }
        }
        keys[i].push(format!("3 bytes|{}", d.doc_id));
        for k in &keys[i] {
            match first.get(k) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    first.insert(k.clone(), i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    for members in groups.into_values() {
        // The id: from the group's metadata key, else its text, else its bytes (the first
        // in that order is the most stable as copies come and go).
        let key = members
            .iter()
            .flat_map(|&i| keys[i].iter())
            .min()
            .cloned()
            .unwrap_or_default();
        let id: String = sha2::Sha256::digest(key.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let primary = members
            .iter()
            .copied()
            .min_by(|&a, &b| preference(&docs[a]).cmp(&preference(&docs[b])))
            .unwrap_or(members[0]);
        let primary_id = docs[primary].doc_id.clone();
        for &i in &members {
            let d = &mut docs[i];
            d.report_id = id.clone();
            d.primary_doc_id = primary_id.clone();
            d.report_role = if i == primary {
                ReportRole::Primary
            } else {
                ReportRole::Copy
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::testing::report;

    #[test]
    fn copies_of_one_report_share_an_id_and_the_docx_is_primary() {
        let mut pdf = report("pdf", (2024, 1, 1), (2024, 3, 31), "37/BC-UBND");
        pdf.format = Format::Pdf;
        pdf.path = "a.pdf".into();
        let mut scan = pdf.clone();
        scan.doc_id = "scan".into();
        scan.ocr_pages = 15;
        scan.path = "a-scan.pdf".into();
        let mut docx = report("docx", (2024, 1, 1), (2024, 3, 31), "37 /BC-UBND");
        docx.format = Format::Docx;
        docx.path = "z.docx".into();
        let other = report("other", (2024, 1, 1), (2024, 6, 30), "52/BC-UBND");
        let mut docs = vec![pdf, scan, docx, other];
        assign(&mut docs);
        assert_eq!(docs[0].report_id, docs[1].report_id);
        assert_eq!(docs[0].report_id, docs[2].report_id);
        assert_ne!(docs[0].report_id, docs[3].report_id);
        assert_eq!(docs[2].report_role, ReportRole::Primary);
        assert_eq!(docs[0].report_role, ReportRole::Copy);
        assert_eq!(docs[1].primary_doc_id, "docx");
        assert_eq!(docs[3].report_role, ReportRole::Primary);
    }

    #[test]
    fn the_same_text_without_a_number_is_one_report() {
        let mut a = report("a", (2023, 1, 1), (2023, 12, 31), "   /BC-UBND");
        let mut b = a.clone();
        b.doc_id = "b".into();
        b.path = "b.pdf".into();
        a.text_hash = "0123456789abcdef".into();
        b.text_hash = a.text_hash.clone();
        let mut c = a.clone();
        c.doc_id = "c".into();
        c.text_hash = "fedcba9876543210".into();
        let mut docs = vec![a, b, c];
        assign(&mut docs);
        assert_eq!(docs[0].report_id, docs[1].report_id);
        assert_ne!(docs[0].report_id, docs[2].report_id);
    }
}
