//! The index: `CaseReport`s in a tantivy index on disk.
//!
//! [`Index::create_or_open`] opens an index for writing (creating it when the
//! directory is new); [`Index::open`] opens one for searching. Both check the
//! schema version written beside tantivy's files in `casedex.json` and refuse
//! an index of another version. Only one process writes at a time: a second
//! writer gets [`crate::ErrorKind::Locked`].

pub mod analysis;
pub mod files;
pub mod schema;
pub mod search;
pub mod write;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;

use crate::error::{Error, ErrorKind, Result};
pub use schema::{Fields, SCHEMA_VERSION};
pub use search::{Hit, SearchResults, Sort};
pub use write::Writer;

/// The marker file casedex writes beside tantivy's files.
const MARKER: &str = "casedex.json";

/// tantivy's record of the last commit; an index exists once it does.
const META: &str = "meta.json";

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    schema_version: u32,
    casedex: String,
}

/// An open casedex index.
pub struct Index {
    inner: tantivy::Index,
    fields: Fields,
    dir: PathBuf,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("dir", &self.dir).finish()
    }
}

impl Index {
    /// Open the index in `dir` for writing, creating it if `dir` holds none.
    ///
    /// The marker is written before tantivy's `meta.json`: a crash between
    /// the two leaves a directory that the next call creates anew, never a
    /// tantivy index without a marker (which [`Index::open`] refuses as
    /// another program's).
    pub fn create_or_open(dir: &Path) -> Result<Index> {
        if dir.join(META).exists() {
            return Index::open(dir);
        }
        fs::create_dir_all(dir).map_err(|e| Error::io_path(e, dir))?;
        let marker = Marker { schema_version: SCHEMA_VERSION, casedex: env!("CARGO_PKG_VERSION").into() };
        let json = serde_json::to_vec_pretty(&marker).map_err(|e| Error::index(e.to_string()))?;
        fs::write(dir.join(MARKER), json).map_err(|e| Error::io_path(e, dir.join(MARKER)))?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| Error::index(e.to_string()).with_path(dir))?;
        let mut inner = tantivy::Index::create(directory, schema, tantivy::IndexSettings::default())
            .map_err(|e| Error::from(e).with_path(dir))?;
        analysis::register(&inner);
        search_in_parallel(&mut inner).map_err(|e| e.with_path(dir))?;
        Ok(Index { inner, fields, dir: dir.to_path_buf() })
    }

    /// Open an existing index.
    pub fn open(dir: &Path) -> Result<Index> {
        let marker_path = dir.join(MARKER);
        let marker = match fs::read(&marker_path) {
            Ok(b) => serde_json::from_slice::<Marker>(&b).map_err(|e| {
                Error::index(format!("{MARKER} is unreadable ({e}); re-run ingest into a new directory")).with_path(dir)
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if dir.join(META).exists() {
                    return Err(Error::index(
                        "holds a tantivy index that casedex did not write; use another directory",
                    )
                    .with_path(dir));
                }
                return Err(
                    Error::index("no casedex index here; run `casedex ingest PATH --index DIR` first").with_path(dir)
                );
            }
            Err(e) => return Err(Error::io_path(e, marker_path)),
        };
        if marker.schema_version != SCHEMA_VERSION {
            return Err(Error::from_kind(ErrorKind::Version {
                found: marker.schema_version,
                expected: SCHEMA_VERSION,
            })
            .with_path(dir));
        }
        if !dir.join(META).exists() {
            // Created, but interrupted before tantivy's first file was written.
            return Err(
                Error::index("no casedex index here; run `casedex ingest PATH --index DIR` first").with_path(dir)
            );
        }
        let mut inner = tantivy::Index::open_in_dir(dir).map_err(|e| Error::from(e).with_path(dir))?;
        analysis::register(&inner);
        search_in_parallel(&mut inner).map_err(|e| e.with_path(dir))?;
        let fields = schema::fields(&inner.schema()).map_err(|e| {
            Error::index(format!("index schema does not match this casedex ({e}); re-run ingest")).with_path(dir)
        })?;
        Ok(Index { inner, fields, dir: dir.to_path_buf() })
    }

    /// Whether `dir` holds a casedex index (its marker and a first commit).
    pub fn exists(dir: &Path) -> bool {
        dir.join(MARKER).exists() && dir.join(META).exists()
    }

    /// The field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The tantivy index (for benchmarks and tests).
    pub fn tantivy(&self) -> &tantivy::Index {
        &self.inner
    }

    /// A writer; fails with [`ErrorKind::Locked`] while another process writes.
    pub fn writer(&self, threads: usize) -> Result<Writer> {
        Writer::new(self, threads).map_err(|e| e.with_path(&self.dir))
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Result<search::Searcher> {
        search::Searcher::new(self)
    }
}

/// Search segments in parallel, one thread per core: a broad query over a
/// large index (a phrase, counts over every report) costs its largest
/// segment rather than the sum of them, and a page's records are read on
/// the same threads. Set on an index created as on one opened, so that a
/// process that builds its index and then searches it (the bundled corpus
/// on first use) searches alike.
fn search_in_parallel(inner: &mut tantivy::Index) -> Result<()> {
    inner.set_default_multithread_executor().map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::Index;
    use tantivy::Executor;

    /// An index searches on a pool of threads whether this process created
    /// it or opened it.
    #[test]
    fn created_and_opened_indexes_search_in_parallel() {
        let dir = tempfile::tempdir().unwrap();
        let pooled = |i: &Index| matches!(i.tantivy().search_executor(), Executor::ThreadPool(_));
        let created = Index::create_or_open(dir.path()).unwrap();
        assert!(pooled(&created), "created");
        drop(created);
        let opened = Index::open(dir.path()).unwrap();
        assert!(pooled(&opened), "opened");
    }
}
