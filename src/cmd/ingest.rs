//! `casedex ingest PATH...`: read reports into an index.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use signal_hook::consts::{SIGINT, SIGTERM};

use casedex::index::Index;
use casedex::pipeline::{self, Options};

use crate::{code, output};

/// Read reports from files and directories into an index.
///
/// Directories are walked recursively. Files that are not reports (images,
/// JSON, annotation files…) or cannot be read are listed with the reason;
/// the others are indexed. Re-ingesting a file replaces its records; a file
/// the index has read before, from the same bytes with this casedex, is not
/// read again (--reread reads it anyway).
///
/// The index is committed every --commit-every reports: if ingest is killed,
/// the index keeps its last commit and running the same ingest again
/// completes it, every report once, reading only the files that commit did
/// not hold. Ctrl-C (or SIGTERM) stops after the files being read, commits
/// them and exits with status 130; a second Ctrl-C exits at once.
///
/// Examples:
///   casedex ingest ~/papers --index ~/papers.idx
///   casedex ingest pubmed/*.xml.gz --format json --commit-every 1000
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files and directories to read.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Index directory (default: $CASEDEX_INDEX or ~/.local/share/casedex/index).
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Summary format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Fmt,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Commit the index after every N reports (at most N are redone after a crash).
    #[arg(long, value_name = "N", default_value_t = Options::default().commit_every,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub commit_every: usize,
    /// Read every file, even one the index has read before from the same bytes.
    #[arg(long)]
    pub reread: bool,
    /// Exit with status 1 when any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Print no progress bar and no list of skipped files.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq)]
pub enum Fmt {
    Text,
    Json,
}

/// Raised by SIGINT or SIGTERM; the pipeline stops starting files when it is.
static STOP: AtomicBool = AtomicBool::new(false);

/// Turn the first SIGINT/SIGTERM into a request to stop, so that what was
/// read is committed; a second one exits at once (status 130), for a user
/// who will not wait for the files in progress.
fn stop_on_signals() -> anyhow::Result<()> {
    for sig in [SIGINT, SIGTERM] {
        // The shutdown must be registered first: it fires only once STOP is set.
        signal_hook::flag::register_conditional_shutdown(sig, i32::from(code::INTERRUPTED), &STOP)?;
        signal_hook::flag::register(sig, &STOP)?;
    }
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let dir = a.index.clone().unwrap_or_else(casedex::corpus::default_index_dir);
    let index = Index::create_or_open(&dir)?;
    casedex::corpus::claim(&dir);
    let mut opts = Options { commit_every: a.commit_every, reread: a.reread, ..Options::default() };
    if let Some(t) = a.threads {
        opts.threads = t.max(1);
    }
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    stop_on_signals()?;
    let summary = pipeline::ingest_paths(&index, &a.paths, &opts, &STOP, &progress)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        Fmt::Json => output::json(&mut out, &summary)?,
        Fmt::Text => {
            let formats: Vec<String> = summary.by_format.iter().map(|(k, v)| format!("{v} {k}")).collect();
            writeln!(
                out,
                "indexed {} reports from {} files ({}) into {}",
                summary.indexed,
                summary.files,
                if formats.is_empty() { "none".to_string() } else { formats.join(", ") },
                dir.display()
            )?;
            if summary.unchanged > 0 {
                writeln!(
                    out,
                    "{} files not read again: the index holds them as they are (--reread reads them)",
                    summary.unchanged
                )?;
            }
            if !summary.skipped.is_empty() {
                writeln!(out, "skipped {}:", summary.skipped.len())?;
                if !a.quiet {
                    for s in &summary.skipped {
                        writeln!(out, "  {s}")?;
                    }
                }
            }
            if summary.interrupted {
                writeln!(
                    out,
                    "interrupted: {} of {} files not read; what was read is committed, \
                     run the same ingest again to finish",
                    summary.unread, summary.files
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if summary.interrupted {
        code::INTERRUPTED
    } else if a.strict && !summary.skipped.is_empty() {
        code::NONE
    } else {
        code::OK
    }))
}
