//! `casedex eval`: per-field scores on the hand-labelled real reports.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::output::{self, TableOrJson as Fmt};

/// Score extraction against the hand-labelled real reports.
///
/// Reads the gold labels (tests/gold/*.jsonl) and the real files they name
/// (../shared/realdata), extracts each file and prints precision, recall or
/// accuracy per field, with the documents that fail.
///
/// Examples:
///   casedex eval
///   casedex eval --failures 50
///   casedex eval --format json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Directory of gold *.jsonl files.
    #[arg(long, default_value = "tests/gold")]
    pub gold: PathBuf,
    /// Directory the gold file names are relative to.
    #[arg(long, default_value = "../shared/realdata")]
    pub data: PathBuf,
    /// Failures to list per field.
    #[arg(long, default_value_t = 5)]
    pub failures: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Fmt,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let gold = casedex::eval::load_gold(&a.gold)?;
    let report = casedex::eval::evaluate(&gold, &a.data)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &report)?,
        Fmt::Table => {
            writeln!(out, "{} labelled documents\n", report.documents)?;
            writeln!(out, "{:<36} {:<15} {:>7} {:>6}", "field", "metric", "score", "n")?;
            for s in &report.scores {
                writeln!(out, "{:<36} {:<15} {:>6.1}% {:>6}", s.field, s.metric, s.value * 100.0, s.n)?;
            }
            if a.failures > 0 {
                for s in report.scores.iter().filter(|s| !s.failures.is_empty()) {
                    writeln!(out, "\n{} ({}): {} failing", s.field, s.metric, s.failures.len())?;
                    for f in s.failures.iter().take(a.failures) {
                        writeln!(out, "  {}", output::cut(f, 220))?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
