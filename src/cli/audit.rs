//! `baocao audit`: the findings of an output folder as a readable list, grouped by document.

use std::process::ExitCode;

use anyhow::Result;

use super::AuditArgs;

/// Prints the findings.
pub fn run(args: AuditArgs) -> Result<ExitCode> {
    let text = crate::dataset::summary::audit_text(
        &args.out,
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
