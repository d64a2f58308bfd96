//! Integration tests: one binary, modules by concern.

mod util;

mod cli;
mod corpus;
mod eval;
mod hostile;
mod queries;
mod readers;
mod recovery;
mod schema;
