//! The PDF path on arbitrary bytes: the guard, then the reader (lopdf + pdf-extract). The
//! reader catches pdf-extract's deliberate panics per page itself; anything else that panics
//! here is a finding.
#![no_main]

use baocao::model::Format;
use baocao::read::read_unguarded;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_unguarded(data, Format::Pdf);
});
