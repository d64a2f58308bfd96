//! The `casedex` command line: a thin layer over the library.
//!
//! Each subcommand lives in `cmd/<name>.rs` with its clap `Args` and a
//! `run(args) -> Result<ExitCode>`. Exit codes: 0 success (hits found), 1 no
//! hits (or, with `--strict`, files skipped), 2 bad input or usage, 3 the
//! index itself failed. Output piped into `head` ends quietly.

mod cmd;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Index published medical case reports and search them by patient, subtype, laterality, site and treatment.
#[derive(Parser)]
#[command(name = "casedex", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Search the index (the bundled corpus when no index exists yet).
    Search(cmd::search::Args),
    /// Read reports from files and directories into an index.
    Ingest(cmd::ingest::Args),
    /// Print the structured record(s) of a file, without an index.
    Extract(cmd::extract::Args),
    /// Print one indexed record with the evidence for each value.
    Show(cmd::show::Args),
    /// Counts over the index: reports by format, subtype, sex, age group, laterality.
    Stats(cmd::stats::Args),
    /// Score the extractors against the hand-labelled real reports in tests/gold.
    Eval(cmd::eval::Args),
    /// Check a draft's novelty claims against the index.
    Novelty(cmd::novelty::Args),
    /// The indexed reports a report cites.
    Cites(cmd::links::Args),
    /// The indexed reports that cite a report.
    CitedBy(cmd::links::Args),
    /// Benchmarks and synthetic corpora (for developers).
    #[command(hide = true)]
    Bench(cmd::bench::Args),
}

/// Exit codes.
pub mod code {
    /// Everything worked and something was found.
    pub const OK: u8 = 0;
    /// Nothing found, or (with --strict) something skipped.
    pub const NONE: u8 = 1;
    /// Bad input or usage.
    pub const INPUT: u8 = 2;
    /// The index failed.
    pub const INDEX: u8 = 3;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Search(a) => cmd::search::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Show(a) => cmd::show::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Novelty(a) => cmd::novelty::run(a),
        Command::Cites(a) => cmd::links::run(a, cmd::links::Direction::Cites),
        Command::CitedBy(a) => cmd::links::run(a, cmd::links::Direction::CitedBy),
        Command::Bench(a) => cmd::bench::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("casedex: {err:#}");
            let code = match err.downcast_ref::<casedex::Error>().map(|e| e.kind()) {
                Some(
                    casedex::ErrorKind::Index(_) | casedex::ErrorKind::Locked | casedex::ErrorKind::Version { .. },
                ) => code::INDEX,
                _ => code::INPUT,
            };
            ExitCode::from(code)
        }
    }
}
