//! `casedex extract FILE`: the record(s) of one file, no index needed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use casedex::Extractor;

use crate::output;

/// Print the structured record(s) of a file.
///
/// Examples:
///   casedex extract report.txt
///   casedex extract pubmed-batch.xml --format jsonl
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The file to read (plain text, JATS XML, PubMed XML, BioC XML, or any of them gzipped).
    pub file: PathBuf,
    /// json: one object for a single report, an array for several; jsonl: one object per line.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Fmt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Fmt {
    Json,
    Jsonl,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let (items, problems) =
        casedex::pipeline::extract_file(Extractor::global(), &a.file).map_err(|s| anyhow!("{s}"))?;
    for p in &problems {
        eprintln!("casedex: skipped {p}");
    }
    let mut out = std::io::stdout().lock();
    let reports: Vec<_> = items.into_iter().map(|i| i.report).collect();
    match a.format {
        Fmt::Json if reports.len() == 1 => output::json(&mut out, &reports[0])?,
        Fmt::Json => output::json(&mut out, &reports)?,
        Fmt::Jsonl => {
            for r in &reports {
                output::jsonl(&mut out, r)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
