//! `casedex novelty FILE` / `casedex novelty --query "…"`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use casedex::novelty::{self, Features, Options};
use casedex::query::Query;
use casedex::Extractor;

use crate::output::{self, TableOrJson as Fmt};

/// Check a draft's novelty and rarity claims against the index.
///
/// Lists the prior reports that share the draft's features, whether the
/// draft cites each of them, and an assessment of each of its claims.
///
/// Examples:
///   casedex novelty draft.txt --before 2017
///   casedex novelty draft.xml --format json
///   casedex novelty --query "unilateral idiopathic upper and lower limbs children"
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The draft (any format casedex reads).
    pub file: Option<PathBuf>,
    /// A feature list instead of a draft (read like a search query).
    #[arg(long, conflicts_with = "file")]
    pub query: Option<String>,
    /// Only prior reports published before this year.
    #[arg(long)]
    pub before: Option<u32>,
    /// Index directory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Prior reports to list.
    #[arg(long, default_value_t = 25)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Fmt,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let ex = Extractor::global();
    let draft = match (&a.file, &a.query) {
        (Some(f), None) => {
            let (items, _) = casedex::pipeline::extract_file(ex, f).map_err(|s| anyhow!("{s}"))?;
            let Some(first) = items.into_iter().next() else { bail!("{}: no report in this file", f.display()) };
            Some(first.report)
        }
        (None, Some(_)) => None,
        _ => bail!("give a draft FILE or --query \"features\""),
    };
    let features = match (&draft, &a.query) {
        (Some(d), _) => Features::of(d),
        (None, Some(q)) => Features::of_query(&Query::parse(q, ex)?),
        (None, None) => unreachable!("checked above"),
    };
    let index = super::open_index(a.index.clone())?;
    let searcher = index.searcher()?;
    let report = novelty::check(&searcher, draft.as_ref(), features, Options { before: a.before, limit: a.limit })?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &report)?,
        Fmt::Table => {
            let f = &report.features;
            let lat = f.laterality.map_or(String::new(), |l| l.as_str().to_string());
            let sites: Vec<&str> = f.sites.iter().map(|p| p.rsplit('/').next().unwrap_or(p)).collect();
            writeln!(
                out,
                "features: age groups [{}], sex [{}], subtype [{}], variant [{}], laterality {} [{}], sites [{}], treated with [{}]",
                f.age_groups.join(", "),
                f.sexes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                f.subtypes.join(", "),
                f.variants.join(", "),
                lat,
                f.sides.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                sites.join(", "),
                f.treatments.join(", ")
            )?;
            if !report.itself.is_empty() {
                writeln!(out, "the draft itself appears to be indexed as: {}", report.itself.join(", "))?;
            }
            writeln!(out, "\nprior reports{}:", a.before.map_or(String::new(), |y| format!(" before {y}")))?;
            let rows: Vec<Vec<String>> = report
                .prior
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.year.map_or(String::new(), |y| y.to_string()),
                        output::cut(p.authors.first().map(String::as_str).unwrap_or(""), 16),
                        output::cut(p.title.as_deref().unwrap_or(""), 44),
                        if p.cited { "cited".into() } else { "NOT cited".into() },
                        p.shared.join(", "),
                    ]
                })
                .collect();
            output::plain_table(&mut out, &["id", "year", "first author", "title", "cited?", "shared"], &[0], &rows)?;
            for c in &report.claims {
                writeln!(out, "\nclaim ({}): {}", c.kind.as_str(), output::cut(&c.text, 300))?;
                writeln!(out, "  → {}", c.assessment)?;
                if !c.uncited.is_empty() {
                    writeln!(out, "  not cited by the draft: {}", c.uncited.join(", "))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
