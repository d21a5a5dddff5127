//! facts.parquet: one figure per report, indicator, qualifier, period and kind, chosen among
//! the mentions of values.parquet by a documented rule ([`FactRule`]), with polars' lazy API
//! (group-by and joins over the values table, not loops over rows).
//!
//! A mention's period is its own window when it states one ("năm 2022 …", "từ ngày …"),
//! else its report's. The choice, for the mentions of one quantity in one file:
//! 1. all give one figure: that figure (`single`, `all_agree`);
//! 2. they disagree and the tables (the appendix) give exactly one figure: the table's, the
//!    official one (`table_over_text`: Ngọc Kỳ's 1451 in the narrative, 1601 in Biểu mẫu 3);
//! 3. else the figure most mentions give (`majority`);
//! 4. else the one of highest confidence, then the first (`highest_confidence`).

use std::fs::File;
use std::path::Path;

use polars::prelude::*;

use baocao_model::panel::{Fact, FactRule};
use baocao_model::record::DocRecord;
use baocao_model::{MeasureUnit, ValueKind};

use crate::parquet::columns::date_of_days;

/// Stands for a missing qualifier or date in the group keys (polars does not join nulls).
const NO_DATE: i32 = i32::MIN;

fn err(e: PolarsError) -> String {
    format!("facts: {e}")
}

/// The grouping key of one quantity in one file.
fn key() -> [Expr; 7] {
    [
        col("doc_id"),
        col("report_id"),
        col("indicator"),
        col("q"),
        col("ps"),
        col("pe"),
        col("kind"),
    ]
}

/// The documents' report ids and periods, as a frame to join the values with.
fn documents_frame(docs: &[DocRecord]) -> PolarsResult<DataFrame> {
    let days = |d: Option<baocao_model::Date>| d.map(|d| d.days_since_epoch());
    df!(
        "doc_id" => docs.iter().map(|d| d.doc_id.as_str()).collect::<Vec<_>>(),
        "report_id" => docs.iter().map(|d| d.report_id.as_str()).collect::<Vec<_>>(),
        "doc_start" => docs.iter().map(|d| days(d.meta.period_start)).collect::<Vec<_>>(),
        "doc_end" => docs.iter().map(|d| days(d.meta.period_end)).collect::<Vec<_>>(),
    )
}

/// The facts of every document of `docs` (primaries and copies) from the values table at
/// `values` (a complete Parquet file), in document order then order of first mention.
pub fn build(values: &Path, docs: &[DocRecord]) -> Result<Vec<Fact>, String> {
    let f = File::open(values).map_err(|e| format!("{}: {e}", values.display()))?;
    let wanted = [
        "doc_id",
        "value_id",
        "indicator",
        "qualifier",
        "value",
        "unit",
        "origin",
        "confidence",
        "period_start",
        "period_end",
        "kind",
    ];
    let table = ParquetReader::new(f)
        .with_columns(Some(wanted.iter().map(|s| s.to_string()).collect()))
        .finish()
        .map_err(err)?;
    let frame = facts_frame(table.lazy(), documents_frame(docs).map_err(err)?.lazy())
        .collect()
        .map_err(err)?;
    rows(&frame).map_err(err)
}

/// The lazy plan: mentions → one row per (file, quantity) with the chosen figure.
fn facts_frame(values: LazyFrame, docs: LazyFrame) -> LazyFrame {
    let both_null = col("period_start")
        .is_null()
        .and(col("period_end").is_null());
    let mentions = values
        .with_row_index("order", None)
        .join(
            docs,
            [col("doc_id")],
            [col("doc_id")],
            JoinArgs::new(JoinType::Inner),
        )
        .with_columns([
            col("qualifier").fill_null(lit("")).alias("q"),
            when(both_null.clone())
                .then(col("doc_start"))
                .otherwise(col("period_start").cast(DataType::Int32))
                .fill_null(lit(NO_DATE))
                .alias("ps"),
            when(both_null)
                .then(col("doc_end"))
                .otherwise(col("period_end").cast(DataType::Int32))
                .fill_null(lit(NO_DATE))
                .alias("pe"),
            // One figure: equal to 1e-4 (counts, percentages and scores alike).
            ((col("value") * lit(10_000.0)) + lit(0.5))
                .cast(DataType::Int64)
                .alias("figure"),
            col("origin").eq(lit("table")).alias("in_table"),
        ]);
    let mut by_figure: Vec<Expr> = key().to_vec();
    by_figure.push(col("figure"));
    // One row per distinct figure of a quantity: how many mentions give it, in tables or not.
    let figures = mentions.clone().group_by(by_figure).agg([
        len().alias("n"),
        col("in_table").cast(DataType::Int32).sum().alias("n_table"),
        col("confidence").max().alias("conf"),
        col("value").first().alias("value"),
        col("unit").first().alias("unit"),
        col("order").min().alias("first"),
    ]);
    // How many distinct figures the tables give, per quantity.
    let table_figures = figures.clone().group_by(key()).agg([col("n_table")
        .gt(lit(0))
        .cast(DataType::Int32)
        .sum()
        .alias("table_figures")]);
    let ranked = figures
        .join(table_figures, key(), key(), JoinArgs::new(JoinType::Inner))
        .with_columns([when(
            col("n_table")
                .gt(lit(0))
                .and(col("table_figures").eq(lit(1))),
        )
        .then(lit(0))
        .otherwise(lit(1))
        .alias("table_rank")])
        .sort(
            ["table_rank", "n", "conf", "first"],
            SortMultipleOptions::default()
                .with_order_descending_multi([false, true, true, false])
                .with_maintain_order(true),
        );
    let chosen = ranked.group_by_stable(key()).agg([
        col("value").first(),
        col("unit").first(),
        col("n").first().alias("n_top"),
        col("n").slice(lit(1), lit(1)).first().alias("n_second"),
        col("table_rank").first(),
        col("n").sum().alias("n_mentions"),
        len().alias("n_figures"),
        col("value")
            .sort(SortOptions::default())
            .alias("values_seen"),
        col("first").min().alias("first"),
    ]);
    let ids = mentions.group_by(key()).agg([col("value_id")
        .sort_by([col("order")], SortMultipleOptions::default())
        .alias("value_ids")]);
    chosen
        .join(ids, key(), key(), JoinArgs::new(JoinType::Inner))
        .with_columns([
            col("n_figures").eq(lit(1)).alias("agree"),
            when(
                col("n_figures")
                    .eq(lit(1))
                    .and(col("n_mentions").eq(lit(1))),
            )
            .then(lit(FactRule::Single.as_str()))
            .when(col("n_figures").eq(lit(1)))
            .then(lit(FactRule::AllAgree.as_str()))
            .when(col("table_rank").eq(lit(0)))
            .then(lit(FactRule::TableOverText.as_str()))
            .when(col("n_top").gt(col("n_second").fill_null(lit(0))))
            .then(lit(FactRule::Majority.as_str()))
            .otherwise(lit(FactRule::HighestConfidence.as_str()))
            .alias("rule"),
        ])
        .sort(["first"], SortMultipleOptions::default())
}

/// The collected frame as facts.
fn rows(df: &DataFrame) -> PolarsResult<Vec<Fact>> {
    let s = |n: &str| -> PolarsResult<StringChunked> { Ok(df.column(n)?.str()?.clone()) };
    let (doc, report, ind, q, kind, unit, rule) = (
        s("doc_id")?,
        s("report_id")?,
        s("indicator")?,
        s("q")?,
        s("kind")?,
        s("unit")?,
        s("rule")?,
    );
    let ps = df.column("ps")?.i32()?.clone();
    let pe = df.column("pe")?.i32()?.clone();
    let value = df.column("value")?.f64()?.clone();
    let n = df.column("n_mentions")?.cast(&DataType::Int64)?;
    let n = n.i64()?;
    let agree = df.column("agree")?.bool()?.clone();
    let ids = df.column("value_ids")?.list()?.clone();
    let seen = df.column("values_seen")?.list()?.clone();
    let date = |d: Option<i32>| d.filter(|d| *d != NO_DATE).and_then(date_of_days);
    let bad = |what: &str, v: &str| polars_err!(ComputeError: "{what} `{v}`");
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let kind_name = kind.get(i).unwrap_or_default();
        let unit_name = unit.get(i).unwrap_or_default();
        let rule_name = rule.get(i).unwrap_or_default();
        out.push(Fact {
            report_id: report.get(i).unwrap_or_default().to_string(),
            doc_id: doc.get(i).unwrap_or_default().to_string(),
            indicator: ind.get(i).unwrap_or_default().to_string(),
            qualifier: q.get(i).filter(|q| !q.is_empty()).map(str::to_string),
            period_start: date(ps.get(i)),
            period_end: date(pe.get(i)),
            kind: kind_name
                .parse::<ValueKind>()
                .map_err(|_| bad("kind", kind_name))?,
            value: value.get(i).unwrap_or(f64::NAN),
            unit: unit_name
                .parse::<MeasureUnit>()
                .map_err(|_| bad("unit", unit_name))?,
            rule: rule_name
                .parse::<FactRule>()
                .map_err(|_| bad("rule", rule_name))?,
            n_mentions: n.get(i).unwrap_or(0),
            agree: agree.get(i).unwrap_or(false),
            value_ids: match ids.get_as_series(i) {
                Some(s) => s.str()?.iter().flatten().map(str::to_string).collect(),
                None => Vec::new(),
            },
            values_seen: match seen.get_as_series(i) {
                Some(s) => s.f64()?.iter().flatten().collect(),
                None => Vec::new(),
            },
        });
    }
    Ok(out)
}
