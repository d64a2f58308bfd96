//! Every reader: arbitrary bytes go through gzip detection, format sniffing
//! and the text, JATS, PubMed or BioC reader. Skips are fine; panics, hangs
//! and runaway memory are not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = casedex::ingest::read_bytes("fuzz", data);
});
