//! `casedex show ID`: one record, with the evidence behind each value.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::{code, output};

/// Print one indexed record with its evidence sentences.
///
/// Examples:
///   casedex show doi:10.1159/000456651
///   casedex show pmid:28203159 --format json
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
    pub format: Fmt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Fmt {
    Text,
    Json,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let index = super::open_index(a.index)?;
    let Some(r) = index.searcher()?.get(&a.id)? else {
        eprintln!("casedex: no report with id {}", a.id);
        return Ok(ExitCode::from(code::NONE));
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &r)?,
        Fmt::Text => {
            let opt = |o: &Option<String>| o.clone().unwrap_or_default();
            writeln!(out, "{}", r.id)?;
            writeln!(out, "  title       {}", opt(&r.title))?;
            writeln!(out, "  authors     {}", r.authors.join(", "))?;
            writeln!(
                out,
                "  journal     {} {} {}{}",
                opt(&r.journal),
                r.year.map_or(String::new(), |y| y.to_string()),
                opt(&r.volume),
                r.pages.as_ref().map_or(String::new(), |p| format!(":{p}"))
            )?;
            writeln!(out, "  ids         doi {} pmid {} pmcid {}", opt(&r.doi), opt(&r.pmid), opt(&r.pmcid))?;
            writeln!(out, "  source      {} ({})", r.source.path, r.source.format.as_str())?;
            writeln!(out, "  patients    {} [{}]", r.patient_count, output::age_sex(&r))?;
            writeln!(out, "  subtypes    {}  variants {}", r.subtypes.join(", "), r.variants.join(", "))?;
            writeln!(out, "  laterality  {}", output::laterality(&r))?;
            let sites: Vec<String> = r
                .sites
                .iter()
                .map(|s| match s.side {
                    Some(side) => format!("{} ({})", s.term, side.as_str()),
                    None => s.term.clone(),
                })
                .collect();
            writeln!(out, "  sites       {}", sites.join(", "))?;
            let tr: Vec<String> = r.treatments.iter().map(|t| format!("{} [{}]", t.name, t.status.as_str())).collect();
            writeln!(out, "  treatments  {}", tr.join(", "))?;
            writeln!(out, "  references  {}", r.references.len())?;
            for c in &r.claims {
                writeln!(
                    out,
                    "  claim       {}{}: {}",
                    c.kind.as_str(),
                    c.count.map_or(String::new(), |n| format!(" ({n})")),
                    c.text
                )?;
            }
            writeln!(out, "evidence:")?;
            for e in &r.evidence {
                writeln!(
                    out,
                    "  {:<14} {:<28} [{}] {}",
                    e.field,
                    output::cut(&e.value, 28),
                    e.rule,
                    output::cut(&e.text, 160)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
