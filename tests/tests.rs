//! Integration tests: one binary, modules by concern.

mod util;

mod cli;
mod corpus;
mod eval;
mod hostile;
mod incremental;
mod output;
mod patients;
mod phrases;
mod queries;
mod readers;
mod recovery;
mod references;
mod schema;
mod sides;
mod treatments;
