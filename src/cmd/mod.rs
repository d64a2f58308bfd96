//! One module per subcommand.

pub mod bench;
pub mod completions;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod links;
pub mod man;
pub mod novelty;
pub mod search;
pub mod show;
pub mod stats;

use std::path::PathBuf;

use casedex::index::Index;

/// Open `--index DIR`, or the default index, building it from the bundled
/// corpus first when it does not exist yet (saying so on stderr).
pub fn open_index(dir: Option<PathBuf>) -> anyhow::Result<Index> {
    open_index_with(dir, false)
}

/// [`open_index`], saying nothing about building the default index when
/// `quiet` (`search --quiet`).
pub fn open_index_with(dir: Option<PathBuf>, quiet: bool) -> anyhow::Result<Index> {
    if let Some(d) = dir {
        return Ok(Index::open(&d)?);
    }
    let d = casedex::corpus::default_index_dir();
    if casedex::corpus::needs_build(&d) {
        if !quiet {
            eprintln!(
                "casedex: no index yet; building one from the bundled corpus ({} files) in {}",
                casedex::corpus::files().len(),
                d.display()
            );
        }
        let s = casedex::corpus::build(&d)?;
        if !quiet {
            eprintln!("casedex: indexed {} reports", s.indexed);
        }
    }
    Ok(Index::open(&d)?)
}
