//! `casedex man [COMMAND]`: the manual page in roff, on stdout.

use std::io::Write;
use std::process::ExitCode;

use anyhow::anyhow;

/// Print the manual page (roff), of casedex or of one subcommand.
///
/// Examples:
///   casedex man | man -l -
///   casedex man search | man -l -
///   casedex man > ~/.local/share/man/man1/casedex.1
///   for c in search show stats; do casedex man $c > casedex-$c.1; done
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A subcommand whose own page (casedex-COMMAND(1)) to print instead of the overview.
    pub command: Option<String>,
}

/// `cmd` is the whole command line's definition, from `main`.
pub fn run(a: Args, mut cmd: clap::Command) -> anyhow::Result<ExitCode> {
    // Building propagates the version, the full `casedex search` usage and
    // the page name `casedex-search` (clap's display name) to subcommands.
    cmd.build();
    let page = match &a.command {
        None => cmd,
        Some(name) => {
            let sub = cmd.find_subcommand(name).ok_or_else(|| {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).filter(|n| *n != "help").collect();
                anyhow!("no subcommand {name:?}; the subcommands are {}", names.join(", "))
            })?;
            sub.clone()
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&roff)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
