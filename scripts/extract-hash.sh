#!/usr/bin/env bash
# Behaviour check for optimisations: runs `casedex extract --format jsonl` over
# every file of the given directories (default: corpus/ and ../shared/realdata)
# and prints one hash per file, then a total, so that the outputs before and
# after a change can be compared with `diff`. Any difference is a bug.
#
#   scripts/extract-hash.sh > before.txt; (change, rebuild); scripts/extract-hash.sh > after.txt; diff before.txt after.txt
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${CASEDEX_BIN:-target/release/casedex}
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(corpus ../shared/realdata)
out=$(find "${dirs[@]}" -type f | LC_ALL=C sort | while read -r f; do
    echo "$("$bin" extract --format jsonl "$f" 2>&1 | sha256sum | cut -c1-16) $f"
done)
echo "$out"
echo "total $(echo "$out" | sha256sum | cut -c1-16)"
