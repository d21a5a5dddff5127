//! The PDF path on arbitrary bytes: the guard, then the reader (lopdf + pdf-extract).
//!
//! pdf-extract panics on purpose on content it does not support, and the reader catches those
//! panics per page (that is the isolation being tested). libfuzzer-sys's panic hook aborts on
//! every panic, caught or not, so this target replaces it with one that ignores panics raised
//! inside pdf-extract or lopdf; any other panic still aborts (a finding), and a panic that
//! escapes `read_unguarded` aborts in libfuzzer-sys's own `catch_unwind`.
#![no_main]

use std::sync::Once;

use baocao_model::Format;
use baocao_read::read_unguarded;
use libfuzzer_sys::fuzz_target;

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let third_party = info.location().is_some_and(|l| {
                l.file().contains("/pdf-extract-") || l.file().contains("/lopdf-")
            });
            if !third_party {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let _ = read_unguarded(data, Format::Pdf);
});
