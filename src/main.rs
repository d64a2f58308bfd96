//! The `casedex` command line: a thin layer over the library.
//!
//! Each subcommand lives in `cmd/<name>.rs` with its clap `Args` and a
//! `run(args) -> Result<ExitCode>`. Exit codes: 0 success (hits found), 1 no
//! hits (or, with `--strict`, files skipped), 2 bad input or usage, 3 the
//! index itself failed, 130 ingest interrupted by a signal (what was read is
//! committed). Output piped into `head` ends quietly.

mod cmd;
mod output;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Index published medical case reports and search them by patient, subtype, laterality, site and treatment.
#[derive(Parser)]
#[command(name = "casedex", version, about, long_about = None, propagate_version = true)]
#[command(after_help = "Examples:
  casedex search \"unilateral idiopathic cases in children\"
  casedex search calciphylaxis --format bibtex > calciphylaxis.bib
  casedex ingest ~/papers --index ~/papers.idx
  casedex stats --by year
  casedex completions bash > ~/.local/share/bash-completion/completions/casedex

`casedex COMMAND --help` shows each command's options and examples.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. Each one's help (summary, description, examples) is the
/// doc comment of its `Args`: a doc comment on a variant here would replace it.
#[derive(Subcommand)]
enum Command {
    Search(cmd::search::Args),
    Ingest(cmd::ingest::Args),
    Extract(cmd::extract::Args),
    Show(cmd::show::Args),
    Stats(cmd::stats::Args),
    Eval(cmd::eval::Args),
    Novelty(cmd::novelty::Args),
    #[command(about = "List the indexed reports that a report cites.")]
    Cites(cmd::links::Args),
    #[command(about = "List the indexed reports that cite a report.")]
    CitedBy(cmd::links::Args),
    Completions(cmd::completions::Args),
    Man(cmd::man::Args),
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
    /// Ingest was stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report it).
    pub const INTERRUPTED: u8 = 130;
}

/// Panics print one line (and a backtrace only when RUST_BACKTRACE asks).
///
/// The library turns a panic while reading a file into a skipped file with a
/// reason, and a panic of tantivy on a damaged index into an index error
/// (exit 3); the user should read those messages, not a thread's trace.
fn one_line_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("casedex: internal error{at}: {}", casedex::error::panic_message(info.payload()));
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
}

/// mimalloc rather than the system allocator: extraction makes many small,
/// short-lived allocations (sentences, matches, strings of the record), and
/// glibc's malloc and free took about 6% of its profile.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in the options' enum,
/// which the binding does not name; a test checks its default).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep freed memory for reuse rather than hand it back to the system.
///
/// By default mimalloc returns memory left unused for a second to the
/// system, and the next allocation there faults it back in, cleared by the
/// kernel, two megabytes at a time where the system maps huge pages. Ingest
/// frees on one thread what another allocated (a record is read and
/// extracted on one, indexed on another), so memory cycles through that all
/// the time: ingesting 100,000 synthetic abstracts with two threads took
/// 160,000–190,000 page faults, 7,400 with no purging. Runs in turn of the
/// binary with and without this (machine C, two threads): 100,000 abstracts
/// 14.8–15.2 s against 15.3–15.8 (three pairs), 2,000 full texts 1.9–2.0 s
/// against 2.1, 1M abstracts 161 s against 170; with one thread, no
/// difference. The cost is memory held at its peak: anonymous memory
/// 343–365 MB against 304–316 at 100k, 420 against 354 MB at 1M.
fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's options, which it reads whenever it
    // decides to purge; any value is valid, -1 meaning never.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    keep_freed_memory();
    one_line_panics();
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
        Command::Completions(a) => cmd::completions::run(a, Cli::command()),
        Command::Man(a) => cmd::man::run(a, Cli::command()),
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

#[cfg(test)]
mod tests {
    /// The option set at start is the purge delay: its default in this
    /// mimalloc (1,000 ms; no other option defaults to it) in a process that
    /// has not set it, then the value set.
    #[test]
    fn the_option_set_at_start_is_the_purge_delay() {
        // SAFETY: reading and setting mimalloc's options is always valid.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY), 1000);
        }
        super::keep_freed_memory();
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
