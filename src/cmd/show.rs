//! `casedex show ID`: one record, with the evidence behind each value.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::code;
use crate::output::columns::{Column, Row};
use crate::output::reports::{self, Format};
use crate::output::term::Term;

/// Print one indexed record with its evidence sentences.
///
/// Examples:
///   casedex show doi:10.1159/000456651
///   casedex show pmid:28203159 --format json
///   casedex show doi:10.1159/000456651 --format bibtex >> references.bib
///   casedex show doi:10.1159/000456651 --format ris
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The report id (as search prints it).
    pub id: String,
    /// Index directory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Columns of table, csv and markdown, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELD,...")]
    pub fields: Vec<Column>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    a.format.check_fields(&a.fields)?;
    let index = super::open_index(a.index)?;
    let Some(r) = index.searcher()?.get(&a.id)? else {
        eprintln!("casedex: no report with id {}", a.id);
        return Ok(ExitCode::from(code::NONE));
    };
    let mut out = std::io::stdout().lock();
    reports::write(&mut out, a.format, &[Row { report: &r, score: None }], &r, &a.fields, &Term::stdout())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
