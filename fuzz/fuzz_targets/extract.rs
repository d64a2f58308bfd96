//! The extractors on whatever the readers make of arbitrary bytes, then the
//! index document built from the record (as ingest does).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(read) = casedex::ingest::read_bytes("fuzz", data) {
        for doc in &read.docs {
            let report = casedex::Extractor::global().extract(doc);
            // Evidence spans must point into the document text.
            for e in &report.evidence {
                assert!(e.start <= e.end && e.end <= doc.text.len(), "{e:?}");
            }
        }
    }
});
