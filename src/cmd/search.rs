//! `casedex search QUERY`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use casedex::index::Sort;
use casedex::query::{Query, Reading};
use serde::Serialize;

use crate::code;
use crate::output::columns::{Column, Row};
use crate::output::counts::{self, Facet};
use crate::output::reports::{self, Format};
use crate::output::term::{self, Term};

/// Search the index.
///
/// The query mixes free text, field filters and natural phrasing; `--explain`
/// shows how each word was read. Without --index, the default index is used
/// (built from the bundled corpus the first time).
///
/// Examples:
///   casedex search "unilateral idiopathic cases in children"
///   casedex search 'age:<18 sex:female site:elbow' --explain
///   casedex search 'treatment:diltiazem status:any' --format json
///   casedex search '"tumoral calcinosis" -dialysis year:2010..2020'
///   casedex search calciphylaxis --format bibtex > calciphylaxis.bib
///   casedex search 'age:<19' --sort age --fields id,age_sex,sites,title
///   casedex search 'subtype:idiopathic' --facets site,year --limit 0
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The query (quote it in the shell).
    pub query: Vec<String>,
    /// Index directory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Hits to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Columns of table, csv and markdown, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELD,...")]
    pub fields: Vec<Column>,
    /// Order of the hits.
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,
    /// Also count the matching reports (all of them, not only this page) by these fields.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELD,...")]
    pub facets: Vec<Facet>,
    /// Show how each word of the query was read (on stderr when the format is for machines).
    #[arg(long)]
    pub explain: bool,
    /// Print nothing but the hits: no count of reports, no notice of building the default index.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say on stderr how the query was read and how many reports matched, whatever the format.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Order of the hits.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum SortArg {
    /// By relevance to the free text of the query; newest first when it has none.
    Relevance,
    /// Newest first.
    Year,
    /// Youngest patient first (a report counts as its youngest patient's age), then newest;
    /// reports with no known age last.
    Age,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    query: &'a str,
    interpretation: &'a [Reading],
    total: usize,
    hits: &'a [Row<'a>],
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<BTreeMap<&'static str, &'a BTreeMap<String, u64>>>,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    a.format.check_fields(&a.fields)?;
    if !a.facets.is_empty() && !matches!(a.format, Format::Table | Format::Json | Format::Markdown) {
        anyhow::bail!(
            "--facets adds counts to --format table, json or markdown, not {}; \
             for counts as CSV use `casedex stats QUERY --by FIELD --format csv`",
            a.format.name()
        );
    }
    let text = a.query.join(" ");
    let query: Query = text.parse()?;
    let index = super::open_index_with(a.index.clone(), a.quiet)?;
    let searcher = index.searcher()?;
    let sort = match a.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Year => Sort::Year,
        SortArg::Age => Sort::Age,
    };
    let res = searcher.search(&query, a.limit, a.offset, sort)?;
    let facets = if a.facets.is_empty() { None } else { Some(Facet::count(&searcher, Some(&query), &a.facets)?) };
    let rows: Vec<Row> = res.hits.iter().map(|h| Row { report: &h.report, score: Some(h.score) }).collect();
    let term = Term::stdout();
    let human = matches!(a.format, Format::Table | Format::Text | Format::Markdown);
    if a.verbose || (a.explain && !human) {
        explain(&mut std::io::stderr().lock(), &text, &query.interpretation)?;
    }
    if a.verbose {
        eprintln!("casedex: {} reports match; printing {}", res.total, rows.len());
    }
    let mut out = std::io::stdout().lock();
    if a.explain && human {
        explain(&mut out, &text, &query.interpretation)?;
    }
    let json = JsonOut {
        query: &text,
        interpretation: &query.interpretation,
        total: res.total,
        hits: &rows,
        facets: facets.as_ref().map(counts::json_map),
    };
    reports::write(&mut out, a.format, &rows, &json, &a.fields, &term)?;
    if human && !a.quiet {
        let footer = format!("{} of {} reports", rows.len(), res.total);
        match a.format {
            Format::Markdown => writeln!(out, "\n{footer}")?,
            _ => writeln!(out, "{}", term.paint(term::DIM, &footer))?,
        }
    }
    if let Some(f) = &facets {
        let of = format!("over {} matching reports", res.total);
        match a.format {
            Format::Markdown => counts::markdown(&mut out, f)?,
            Format::Table => {
                writeln!(out)?;
                counts::table(&mut out, f, &of, &term)?;
            }
            _ => {}
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if res.total == 0 { code::NONE } else { code::OK }))
}

/// How each word of the query was read, one per line, then a blank line.
fn explain(out: &mut dyn Write, text: &str, readings: &[Reading]) -> std::io::Result<()> {
    writeln!(out, "query: {text}")?;
    for r in readings {
        let means = if r.means.is_empty() { "(ignored)".to_string() } else { r.means.clone() };
        writeln!(out, "  {:<24} {:<8} {}", format!("{:?}", r.text), r.how, means)?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_of_rows_is_the_json_of_hits() {
        let hit = casedex::index::Hit { score: 1.5, report: casedex::CaseReport::default() };
        let row = Row { report: &hit.report, score: Some(hit.score) };
        assert_eq!(serde_json::to_string(&row).unwrap(), serde_json::to_string(&hit).unwrap());
    }
}
