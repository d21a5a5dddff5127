//! The DOCX reader on arbitrary bytes (seeds are small zips). Must never panic; caps must hold.
#![no_main]

use baocao_read::docx::{DocxLimits, read_docx};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_docx(data, &DocxLimits::default());
});
