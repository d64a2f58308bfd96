//! One module per subcommand.

pub mod bench;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod links;
pub mod novelty;
pub mod search;
pub mod show;
pub mod stats;

use std::path::PathBuf;

use casedex::index::Index;

/// Open `--index DIR`, or the default index, building it from the bundled
/// corpus first when it does not exist yet (saying so on stderr).
pub fn open_index(dir: Option<PathBuf>) -> anyhow::Result<Index> {
    if let Some(d) = dir {
        return Ok(Index::open(&d)?);
    }
    let d = casedex::corpus::default_index_dir();
    if casedex::corpus::needs_build(&d) {
        eprintln!(
            "casedex: no index yet; building one from the bundled corpus ({} files) in {}",
            casedex::corpus::files().len(),
            d.display()
        );
        let s = casedex::corpus::build(&d)?;
        eprintln!("casedex: indexed {} reports", s.indexed);
    }
    Ok(Index::open(&d)?)
}
