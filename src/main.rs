//! The `baocao` binary: all logic lives in the library; see `baocao --help`.

/// mimalloc instead of glibc's malloc: baocao allocates many small strings and vectors per
/// glyph, word and match, on a fresh thread per file; glibc's malloc and free were about a fifth
/// of all instructions of an ingest (callgrind), see BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    baocao::cli::main()
}

/// glibc gives every thread that allocates under contention its own malloc arena (up to 8 per
/// core) and rarely returns their freed memory; baocao reads each file on a fresh thread, so
/// arenas multiplied and resident memory crept up with the number of files (a 2,000-document
/// run plateaued at ~250 MB, a 10,000-document one peaked at 295 MB). Two arenas keep it at
/// ~190 MB with no measurable slowdown. Same as `MALLOC_ARENA_MAX=2`, which still wins when
/// set. Must run before any thread starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        /// `M_ARENA_MAX` in glibc's malloc.h.
        const M_ARENA_MAX: i32 = -8;
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            // SAFETY: mallopt is thread-safe and only changes a malloc tuning parameter;
            // called at the start of main, before baocao starts any thread.
            unsafe {
                mallopt(M_ARENA_MAX, 2);
            }
        }
    }
}
