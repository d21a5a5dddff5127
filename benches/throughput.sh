#!/usr/bin/env bash
# End-to-end throughput of `baocao ingest` against `pdftotext`, on a corpus built from the
# fixtures. See BENCHMARKS.md for what it measures and the figures of the last run.
#
#   benches/throughput.sh                     # 2,000 documents, 3 runs each, median reported
#   DOCS=10000 RUNS=1 PARTS=all JOBS_LIST=2 benches/throughput.sh   # memory at scale
#
# Environment:
#   DOCS       documents in the corpus (default 2000; the fixtures are cycled)
#   RUNS       runs per measurement; the median wall time is reported (default 3)
#   JOBS_LIST  worker counts to time (default "1 2")
#   PARTS      corpus parts to time with baocao: pdf, docx, all (default "pdf docx all";
#              `all` is timed with the largest worker count only)
#   PDFTOTEXT  1 to time pdftotext over the PDF part (default 1)
#   BENCH_DIR  work folder (default a new folder under $TMPDIR or /tmp; removed at the end
#              unless KEEP=1)
#   BAOCAO_ARGS  extra arguments for every `baocao ingest` (e.g. "--no-isolation" to time
#              the threads-only mode against the default worker processes)
#   BAOCAO     the binary (default target/release/baocao, built with `cargo build --release`
#              unless SKIP_BUILD=1)
set -euo pipefail

DOCS=${DOCS:-2000}
RUNS=${RUNS:-3}
JOBS_LIST=${JOBS_LIST:-"1 2"}
PARTS=${PARTS:-"pdf docx all"}
PDFTOTEXT=${PDFTOTEXT:-1}
KEEP=${KEEP:-0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BAOCAO=${BAOCAO:-$TARGET_DIR/release/baocao}
FIXTURES=$ROOT/fixtures

say() { printf '%s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
need_pkg() { # command package
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
        say "installing $2 (for $1)"
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" >/dev/null
    fi
}
need_pkg pdftotext poppler-utils
need_pkg pdfinfo poppler-utils
need_pkg /usr/bin/time time

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    say "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet)
fi
[ -x "$BAOCAO" ] || { say "no binary at $BAOCAO"; exit 1; }

if [ -z "${BENCH_DIR:-}" ]; then
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/baocao-bench.XXXXXX")
    [ "$KEEP" = 1 ] || trap 'rm -rf "$BENCH_DIR"' EXIT
fi
mkdir -p "$BENCH_DIR"
CORPUS=$BENCH_DIR/corpus

# --- corpus -----------------------------------------------------------------------------------
# Copies of the fixtures, cycled, each with a few bytes changed so its SHA-256 (doc_id) differs:
# a PDF gets a comment after its %%EOF, a DOCX a zip archive comment (the end-of-central-directory
# record's comment length is rewritten). 100 files per folder, like a real archive's tree.
mapfile -t SOURCES < <(cd "$FIXTURES" && ls -1 ./*.pdf ./*.docx | sed 's|^\./||' | sort)
declare -A PAGES
for f in "${SOURCES[@]}"; do
    case "$f" in
        *.pdf) PAGES[$f]=$(pdfinfo "$FIXTURES/$f" | awk '/^Pages:/{print $2}') ;;
        # Word has no page count we can trust (docProps says 1); the DOCX fixtures are the
        # same 15-page report as nhu-quynh-q1-2024.pdf.
        *.docx) PAGES[$f]=15 ;;
    esac
done

stamp=$CORPUS/.built-$DOCS
if [ ! -e "$stamp" ]; then
    say "building a corpus of $DOCS documents in $CORPUS"
    rm -rf "$CORPUS"
    mkdir -p "$CORPUS/pdf" "$CORPUS/docx"
    n=${#SOURCES[@]}
    for ((i = 0; i < DOCS; i++)); do
        src=${SOURCES[i % n]}
        ext=${src##*.}
        dir=$CORPUS/$ext/$(printf '%03d' $((i / 100)))
        [ -d "$dir" ] || mkdir -p "$dir"
        dst=$dir/$(printf '%06d' "$i")-$src
        if [ "$ext" = pdf ]; then
            cp "$FIXTURES/$src" "$dst"
            printf '%%baocao-bench %06d\n' "$i" >>"$dst"
        else
            size=$(stat -c %s "$FIXTURES/$src")
            # The last 22 bytes are the end-of-central-directory record with an empty comment.
            head -c $((size - 2)) "$FIXTURES/$src" >"$dst"
            printf '\x14\x00baocao-bench %07d' "$i" >>"$dst"
        fi
    done
    touch "$stamp"
fi

# --- counts -----------------------------------------------------------------------------------
count_part() { # part -> "docs pages bytes"
    local docs=0 pages=0 bytes=0 f base src
    while IFS= read -r f; do
        base=${f##*/}
        src=${base#*-}
        docs=$((docs + 1))
        pages=$((pages + ${PAGES[$src]}))
        bytes=$((bytes + $(stat -c %s "$f")))
    done < <(find "$CORPUS/$1" -type f \( -name '*.pdf' -o -name '*.docx' \))
    echo "$docs $pages $bytes"
}
declare -A DOCS_OF PAGES_OF BYTES_OF
for part in pdf docx; do
    read -r d p b < <(count_part "$part")
    DOCS_OF[$part]=$d
    PAGES_OF[$part]=$p
    BYTES_OF[$part]=$b
done
DOCS_OF[all]=$((DOCS_OF[pdf] + DOCS_OF[docx]))
PAGES_OF[all]=$((PAGES_OF[pdf] + PAGES_OF[docx]))
BYTES_OF[all]=$((BYTES_OF[pdf] + BYTES_OF[docx]))
corpus_dir() { if [ "$1" = all ]; then echo "$CORPUS"; else echo "$CORPUS/$1"; fi; }

# --- timing -----------------------------------------------------------------------------------
RESULTS=$BENCH_DIR/runs.tsv
: >"$RESULTS"
# run TOOL PART JOBS CMD...: one timed run; appends "tool part jobs wall_s maxrss_kb cpu_s"
# (cpu_s: user + system time of the process and the children it waited for).
run() {
    local tool=$1 part=$2 jobs=$3
    shift 3
    local tfile=$BENCH_DIR/time.txt
    sync
    /usr/bin/time -f '%e %M %U %S' -o "$tfile" "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" || {
        say "failed: $*"
        cat "$BENCH_DIR/stderr.txt" >&2
        exit 1
    }
    read -r wall rss usr sys <"$tfile"
    cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$part" "$jobs" "$wall" "$rss" "$cpu" >>"$RESULTS"
    say "  $tool $part --jobs $jobs: ${wall}s wall, ${cpu}s CPU, peak RSS $((rss / 1024)) MB"
}

max_jobs=1
for j in $JOBS_LIST; do [ "$j" -gt "$max_jobs" ] && max_jobs=$j; done

# Warm the page cache once so the first timed run does not pay for the disk.
find "$CORPUS" -type f -exec cat {} + >/dev/null

for ((r = 1; r <= RUNS; r++)); do
    say "run $r/$RUNS"
    for part in $PARTS; do
        for j in $JOBS_LIST; do
            [ "$part" = all ] && [ "$j" != "$max_jobs" ] && continue
            out=$BENCH_DIR/out-$part-$j
            run baocao "$part" "$j" "$BAOCAO" ingest "$(corpus_dir "$part")" --out "$out" \
                --jobs "$j" --quiet ${BAOCAO_ARGS:-}
        done
    done
    if [ "$PDFTOTEXT" = 1 ]; then
        for j in $JOBS_LIST; do
            # One process per file, J at a time, text thrown away.
            run pdftotext pdf "$j" sh -c \
                'find "$1" -type f -name "*.pdf" -print0 | sort -z | xargs -0 -P "$2" -I{} pdftotext -q {} /dev/null' \
                sh "$CORPUS/pdf" "$j"
        done
    fi
done

# --- report -----------------------------------------------------------------------------------
cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/{printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
echo
echo "machine: $cpu, $(nproc) cores, $mem RAM, $(uname -sr)"
echo "baocao: $("$BAOCAO" --version 2>/dev/null || echo "$BAOCAO"); $(pdftotext -v 2>&1 | head -1)"
echo "corpus: ${DOCS_OF[all]} documents (${DOCS_OF[pdf]} PDF, ${DOCS_OF[docx]} DOCX), ${PAGES_OF[pdf]} PDF pages, $((BYTES_OF[all] / 1048576)) MB; median of $RUNS runs"
echo
echo "| tool | part | jobs | median s | docs/s | pages/s | MB/s | peak RSS MB | CPU s | pages per CPU-s |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A MEDIAN CPU
while IFS=$'\t' read -r tool part jobs; do
    stats=$(awk -F'\t' -v t="$tool" -v p="$part" -v j="$jobs" \
        '$1 == t && $2 == p && $3 == j {print $4, $5, $6}' "$RESULTS" | sort -n |
        awk '{w[NR] = $1; c[NR] = $3; if ($2 > m) m = $2} END {
            k = int((NR + 1) / 2); print w[k], m, c[k]}')
    read -r med rss cpu <<<"$stats"
    MEDIAN[$tool/$part/$jobs]=$med
    CPU[$tool/$part/$jobs]=$cpu
    awk -v t="$tool" -v p="$part" -v j="$jobs" -v s="$med" -v r="$rss" -v c="$cpu" \
        -v d="${DOCS_OF[$part]}" -v pg="${PAGES_OF[$part]}" -v b="${BYTES_OF[$part]}" \
        'BEGIN {printf "| %s | %s | %s | %.2f | %.1f | %.1f | %.2f | %.0f | %.1f | %.1f |\n",
            t, p, j, s, d / s, pg / s, b / 1048576 / s, r / 1024, c, pg / c}'
done < <(cut -f1-3 "$RESULTS" | awk '!seen[$0]++')
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; }
for j in $JOBS_LIST; do
    if [ -n "${MEDIAN[baocao/pdf/$j]:-}" ] && [ -n "${MEDIAN[pdftotext/pdf/$j]:-}" ]; then
        echo "PDF pages/s, baocao ÷ pdftotext, $j worker(s): $(ratio "${MEDIAN[baocao/pdf/$j]}" "${MEDIAN[pdftotext/pdf/$j]}")"
        echo "PDF pages per CPU-second, baocao ÷ pdftotext, $j worker(s): $(ratio "${CPU[baocao/pdf/$j]}" "${CPU[pdftotext/pdf/$j]}")"
    fi
done
for part in pdf docx; do
    if [ -n "${MEDIAN[baocao/$part/1]:-}" ] && [ -n "${MEDIAN[baocao/$part/$max_jobs]:-}" ] && [ "$max_jobs" != 1 ]; then
        echo "$part: --jobs $max_jobs ÷ --jobs 1: $(ratio "${MEDIAN[baocao/$part/$max_jobs]}" "${MEDIAN[baocao/$part/1]}")"
    fi
done
echo "raw runs: $RESULTS$([ "$KEEP" = 1 ] || echo ' (removed at exit; KEEP=1 keeps it)')"
