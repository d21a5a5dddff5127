//! The `baocao` binary: all logic lives in the library; see `baocao --help`.

/// mimalloc instead of glibc's malloc: baocao allocates many small strings and vectors per
/// glyph, word and match, on a fresh thread per file; glibc's malloc and free were about a fifth
/// of all instructions of an ingest (callgrind), and glibc gave threads arenas of their own
/// that it rarely returned (resident memory crept up with the number of files unless the
/// arenas were capped). See BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    baocao::cli::main()
}
