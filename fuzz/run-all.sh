#!/usr/bin/env bash
# Runs the four fuzz targets for N seconds each (default 600), two at a time (2 cores).
# Usage: fuzz/run-all.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
export RUSTC_BOOTSTRAP=1
cargo fuzz build
run() {
  mkdir -p "fuzz/corpus/$1"
  cargo fuzz run "$1" "fuzz/corpus/$1" "fuzz/seeds/$1" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
    > "fuzz/$1.log" 2>&1 || echo "fuzz target $1 stopped: see fuzz/$1.log"
}
run docx & run pdf & wait
run numbers & run patterns & wait
