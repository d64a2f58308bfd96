//! `casedex stats`: counts over the index.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use casedex::query::Query;
use serde::Serialize;

use crate::output;
use crate::output::counts::{self, Facet};
use crate::output::term::Term;

/// Counts of reports by the values of a field.
///
/// Without --by: by format, subtype, variant, sex, age group, laterality and
/// language. With a query, only the matching reports are counted. A report
/// counts once for each value it has, so a report of two sites counts for both.
///
/// Examples:
///   casedex stats
///   casedex stats --index ~/papers.idx --format json
///   casedex stats --by year
///   casedex stats --by site,treatment "children"
///   casedex stats --by subtype,age-group --format csv > counts.csv
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Count only the reports matching this query (as `search` reads it).
    pub query: Vec<String>,
    /// Index directory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Fields to count by, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELD,...")]
    pub by: Vec<Facet>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Fmt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Fmt {
    /// A list per field, with bars.
    Table,
    /// {"reports": N, FIELD: {VALUE: COUNT, ...}, ...}.
    Json,
    /// field,value,count rows.
    Csv,
}

#[derive(Serialize)]
struct Stats<'a> {
    reports: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    matching: Option<usize>,
    #[serde(flatten)]
    counts: BTreeMap<&'static str, &'a BTreeMap<String, u64>>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let text = a.query.join(" ");
    let query: Option<Query> = if text.trim().is_empty() { None } else { Some(text.parse()?) };
    let index = super::open_index(a.index)?;
    let s = index.searcher()?;
    let facets = if a.by.is_empty() { Facet::DEFAULT } else { &a.by };
    let counts = Facet::count(&s, query.as_ref(), facets)?;
    let matching = query.as_ref().map(|q| s.search(q, 0, 0, casedex::index::Sort::Relevance)).transpose()?;
    let stats = Stats {
        reports: s.num_reports(),
        query: query.as_ref().map(|_| text.as_str()),
        matching: matching.map(|m| m.total),
        counts: counts::json_map(&counts),
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &stats)?,
        Fmt::Csv => counts::csv(&mut out, &counts)?,
        Fmt::Table => {
            let of = match stats.matching {
                Some(m) => format!("{m} of {} reports match {text:?}", stats.reports),
                None => format!("{} reports", stats.reports),
            };
            counts::table(&mut out, &counts, &of, &Term::stdout())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
