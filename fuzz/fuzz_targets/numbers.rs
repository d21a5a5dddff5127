//! The Vietnamese number parser and money-unit reader on arbitrary text.
#![no_main]

use baocao_extract::numbers::{money_unit_after, parse_number, to_million_vnd};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(v) = parse_number(&s)
        && let Some(u) = money_unit_after(&s)
    {
        let _ = to_million_vnd(v, u);
    }
    let _ = money_unit_after(&s);
    for tok in s.split_whitespace() {
        let _ = parse_number(tok);
    }
});
