//! The `baocao` binary: all logic lives in the library; see `baocao --help`.

fn main() -> std::process::ExitCode {
    baocao::cli::main()
}
