//! Integration tests: one binary, modules by concern.

mod util;

mod cli;
mod corpus;
mod eval;
mod output;
mod readers;
mod references;
mod schema;
mod treatments;
