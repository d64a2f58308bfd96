//! The library's error type.
//!
//! Every error that concerns a file carries its path, so that a message reads
//! `path: problem` wherever it surfaces (the ingest summary, `extract`, the CLI).
//! The kind is `#[non_exhaustive]` so that new failure modes do not break callers.

use std::fmt;
use std::path::{Path, PathBuf};

/// A `Result` whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error from reading, extracting, indexing or querying.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading a file or directory failed.
    Io(std::io::Error),
    /// The file was read but is not in a form casedex can use.
    Format(String),
    /// The index could not be opened, written or searched.
    Index(String),
    /// The index is held by another writer.
    Locked,
    /// The index was written by another schema version.
    Version {
        /// The version found on disk.
        found: u32,
        /// The version this build writes.
        expected: u32,
    },
    /// A query could not be parsed.
    Query(String),
    /// A vocabulary or profile in `schema/` is malformed (a build defect).
    Vocabulary(String),
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The path this error concerns, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// An I/O error on `path`.
    pub fn io_path(err: std::io::Error, path: impl Into<PathBuf>) -> Error {
        Error { kind: ErrorKind::Io(err), path: Some(path.into()) }
    }

    /// A malformed input file.
    pub fn format(path: impl Into<PathBuf>, msg: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Format(msg.into()), path: Some(path.into()) }
    }

    /// An index failure, optionally about a directory.
    pub fn index(msg: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Index(msg.into()), path: None }
    }

    /// A query that cannot be parsed.
    pub fn query(msg: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Query(msg.into()), path: None }
    }

    /// A broken vocabulary file.
    pub fn vocabulary(msg: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Vocabulary(msg.into()), path: None }
    }

    /// Attach a path to an error that has none.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.into());
        }
        self
    }

    pub(crate) fn from_kind(kind: ErrorKind) -> Error {
        Error { kind, path: None }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}: ", p.display())?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Format(m) | ErrorKind::Index(m) | ErrorKind::Vocabulary(m) => {
                write!(f, "{m}")
            }
            ErrorKind::Locked => write!(
                f,
                "index is locked by another process (another ingest is running); \
                 wait for it to finish and try again"
            ),
            ErrorKind::Version { found, expected } => write!(
                f,
                "index was written by schema version {found}, this casedex uses version \
                 {expected}; re-run ingest into a new directory (or delete this one)"
            ),
            ErrorKind::Query(m) => write!(f, "cannot read the query: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Error {
        match e {
            tantivy::TantivyError::LockFailure(..) => Error::from_kind(ErrorKind::Locked),
            other => Error::index(other.to_string()),
        }
    }
}

/// The message of a caught panic (`panic!("…")` payloads are `&str` or `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
