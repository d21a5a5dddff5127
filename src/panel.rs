//! The dataset's end-of-run hook ([`baocao_dataset::parquet::Panel`]): the audit's report
//! grouping and cross-report rules, and the catalogue's indicators as wide.parquet's
//! columns. Loaded from the pattern library itself (not the compiled [`crate::Config`]), so
//! an `--incremental` run that reads no file still recomputes them.

use baocao_audit::panel::{audit_panel, reports};
use baocao_audit::rules::RuleBook;
use baocao_extract::catalogue::Catalogue;
use baocao_extract::library::{CATALOGUE_FILE, IDENTITIES_FILE, LibraryFiles, RULES_FILE};
use baocao_model::Finding;
use baocao_model::panel::Fact;
use baocao_model::record::DocRecord;

/// The rule book and catalogue the end of a run needs.
pub struct RunPanel {
    book: RuleBook,
    indicators: Vec<String>,
}

impl RunPanel {
    /// Reads the rules and the catalogue of the library `files`.
    pub fn load(files: &LibraryFiles) -> Result<RunPanel, String> {
        let catalogue = files
            .get(CATALOGUE_FILE)
            .map_err(|e| e.to_string())
            .and_then(Catalogue::parse)?;
        let known = |id: &str| catalogue.get(id).is_some();
        let rules = files.get(RULES_FILE).map_err(|e| e.to_string())?;
        let identities = files.get(IDENTITIES_FILE).map_err(|e| e.to_string())?;
        let book = RuleBook::parse(rules, identities, &known)?;
        Ok(RunPanel {
            book,
            indicators: catalogue.ids().map(str::to_string).collect(),
        })
    }
}

impl baocao_dataset::parquet::Panel for RunPanel {
    fn assign_reports(&self, docs: &mut [DocRecord]) {
        reports::assign(docs);
    }

    fn audit(&self, docs: &[DocRecord], facts: &[Fact]) -> Vec<(String, Finding)> {
        audit_panel(docs, facts, &self.book)
            .into_iter()
            .map(|f| (f.doc_id, f.finding))
            .collect()
    }

    fn indicators(&self) -> Vec<String> {
        self.indicators.clone()
    }
}
