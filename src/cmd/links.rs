//! `casedex cites ID` and `casedex cited-by ID`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;

use crate::code;
use crate::output::{self, TableOrJson as Fmt};

/// List the indexed reports a report cites (cites) or that cite it (cited-by).
///
/// Examples:
///   casedex cites doi:10.1159/000456651
///   casedex cited-by doi:10.1155/2013/241891 --format json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The report id (as search prints it).
    pub id: String,
    /// Index directory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Fmt,
}

/// Which direction.
#[derive(Clone, Copy)]
pub enum Direction {
    Cites,
    CitedBy,
}

pub fn run(a: Args, dir: Direction) -> anyhow::Result<ExitCode> {
    let index = super::open_index(a.index)?;
    let s = index.searcher()?;
    let r = s.get(&a.id)?.ok_or_else(|| anyhow!("no report with id {}", a.id))?;
    let links = match dir {
        Direction::Cites => s.cites(&r)?,
        Direction::CitedBy => s.cited_by(&r)?,
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &links)?,
        Fmt::Table => {
            let mut rows = Vec::new();
            for l in &links {
                let other_id = match dir {
                    Direction::Cites => &l.to,
                    Direction::CitedBy => &l.from,
                };
                let other = s.get(other_id)?;
                let title = other.as_ref().and_then(|o| o.title.clone()).unwrap_or_default();
                let year = other.as_ref().and_then(|o| o.year).map_or(String::new(), |y| y.to_string());
                rows.push(vec![
                    l.label.clone().unwrap_or_else(|| (l.reference + 1).to_string()),
                    other_id.clone(),
                    year,
                    output::cut(&title, 50),
                    l.method.as_str().to_string(),
                    format!("{:.2}", l.confidence),
                ]);
            }
            output::plain_table(&mut out, &["ref", "id", "year", "title", "matched by", "confidence"], &[1], &rows)?;
            writeln!(out, "{} link(s)", links.len())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if links.is_empty() { code::NONE } else { code::OK }))
}
