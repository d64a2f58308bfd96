//! `casedex search QUERY`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use casedex::index::Sort;
use casedex::query::Query;
use serde::Serialize;

use crate::{code, output};

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
    pub format: Fmt,
    /// Order: relevance (when there is free text; else newest first) or year.
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,
    /// Show how each word of the query was read.
    #[arg(long)]
    pub explain: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq)]
pub enum Fmt {
    Table,
    Json,
    Jsonl,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum SortArg {
    Relevance,
    Year,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    query: &'a str,
    interpretation: &'a [casedex::query::Reading],
    total: usize,
    hits: &'a [casedex::index::Hit],
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let text = a.query.join(" ");
    let query: Query = text.parse()?;
    let index = super::open_index(a.index.clone())?;
    let searcher = index.searcher()?;
    let sort = match a.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Year => Sort::Year,
    };
    let res = searcher.search(&query, a.limit, a.offset, sort)?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(
            &mut out,
            &JsonOut { query: &text, interpretation: &query.interpretation, total: res.total, hits: &res.hits },
        )?,
        Fmt::Jsonl => {
            for h in &res.hits {
                output::jsonl(&mut out, h)?;
            }
        }
        Fmt::Table => {
            if a.explain {
                writeln!(out, "query: {text}")?;
                for r in &query.interpretation {
                    let means = if r.means.is_empty() { "(ignored)".to_string() } else { r.means.clone() };
                    writeln!(out, "  {:<24} {:<8} {}", format!("{:?}", r.text), r.how, means)?;
                }
                writeln!(out)?;
            }
            let rows: Vec<Vec<String>> = res
                .hits
                .iter()
                .map(|h| {
                    let r = &h.report;
                    vec![
                        r.id.clone(),
                        r.year.map_or(String::new(), |y| y.to_string()),
                        output::cut(r.first_author_surname().unwrap_or(""), 14),
                        output::cut(r.title.as_deref().unwrap_or(""), 42),
                        output::age_sex(r),
                        r.subtypes.join(","),
                        output::laterality(r),
                        output::cut(&r.sites.iter().map(|s| s.term.as_str()).collect::<Vec<_>>().join(","), 30),
                        output::cut(&r.treatments_given().map(|t| t.name.as_str()).collect::<Vec<_>>().join(","), 30),
                    ]
                })
                .collect();
            output::table(
                &mut out,
                &["id", "year", "author", "title", "age/sex", "subtype", "laterality", "sites", "treated with"],
                &rows,
            )?;
            writeln!(out, "{} of {} reports", res.hits.len(), res.total)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if res.total == 0 { code::NONE } else { code::OK }))
}
