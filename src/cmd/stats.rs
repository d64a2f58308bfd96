//! `casedex stats`: counts over the index.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::output;

/// Counts of reports by format, subtype, sex, age group and laterality.
///
/// Examples:
///   casedex stats
///   casedex stats --index ~/papers.idx --format json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Index directory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Fmt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Fmt {
    Table,
    Json,
}

/// The fields counted, as (JSON key, index field).
const FIELDS: &[(&str, &str)] = &[
    ("format", "format"),
    ("subtype", "subtype"),
    ("variant", "variant"),
    ("sex", "sex"),
    ("age_group", "age_group"),
    ("laterality", "laterality"),
    ("language", "language"),
];

#[derive(Serialize)]
struct Stats {
    reports: u64,
    #[serde(flatten)]
    counts: BTreeMap<String, BTreeMap<String, u64>>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = super::open_index(a.index)?;
    let s = index.searcher()?;
    let names: Vec<&str> = FIELDS.iter().map(|f| f.1).collect();
    let counts = s.counts(None, &names)?;
    let stats = Stats { reports: s.num_reports(), counts };
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &stats)?,
        Fmt::Table => {
            writeln!(out, "reports: {}", stats.reports)?;
            for (key, field) in FIELDS {
                let Some(m) = stats.counts.get(*field) else {
                    continue;
                };
                let mut rows: Vec<(&String, &u64)> = m.iter().collect();
                rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                writeln!(out, "\n{key}")?;
                for (k, v) in rows {
                    writeln!(out, "  {:<30} {v}", k)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
