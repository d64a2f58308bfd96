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
    /// Print the layout the reader found (each section's kind and opening words) instead of the record.
    #[arg(long)]
    pub layout: bool,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Fmt {
    Json,
    Jsonl,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if a.layout {
        return layout(&a);
    }
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

/// Sections as the reader laid them out: a debugging aid for odd layouts.
fn layout(a: &Args) -> anyhow::Result<ExitCode> {
    let read = casedex::ingest::read_file(&a.file).map_err(|s| anyhow!("{s}"))?;
    let mut out = std::io::stdout().lock();
    for (i, d) in read.docs.iter().enumerate() {
        writeln!(
            out,
            "record {} ({}): {} sections, {} references",
            i,
            d.format.as_str(),
            d.sections.len(),
            d.references.len()
        )?;
        for s in &d.sections {
            let text = d.section_text(s).replace('\n', " ");
            writeln!(
                out,
                "  {:>7}..{:<7} {:<12} {:<20} {}",
                s.range.start,
                s.range.end,
                s.kind.as_str(),
                output::cut(s.heading.as_deref().unwrap_or(""), 20),
                output::cut(&text, 90)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
