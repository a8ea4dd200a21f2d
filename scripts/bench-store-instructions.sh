#!/usr/bin/env bash
# User-space instructions per audit event the store ingests, counted by valgrind's callgrind:
# a number the machine's other load does not move (events/s and CPU time of `make bench-store`
# swing by 10–20 % between runs), so a change of a few per cent shows.
#
# `midonet-bench store --mode prebuilt` (events decoded before the clock: the store alone, with
# its group committer and helper threads) runs twice under callgrind on a cluster of SERVICES
# Services with Endpoints: once with only the batches that create them, once with as many
# updating batches again. The second count minus the first, divided by the updating events, is
# the cost of one updating event (an Endpoints update replacing one endpoint, or a Service
# update: the steady state); the first run, less the workload's own generation, gives creating
# events. Kernel time (pwrite, fsync) is not counted.
#
#   scripts/bench-store-instructions.sh [services] [top-functions]   (default 1000, 15)
#   BENCH=/path/to/midonet-bench … counts another build (say, an older commit's) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES="${1:-1000}"
TOP="${2:-15}"
. scripts/lib/bench-common.sh
bench_setup bench-store-instructions

command -v valgrind >/dev/null || { echo "valgrind is missing: make setup installs it" >&2; exit 1; }
echo "building midonet-bench (release)…" >&2
"$SWIFT_BUILD" build -c release --product midonet-bench >&2
# Valgrind 3.19 cannot read the DWARF 5 Swift emits; the symbol table is enough.
strip --strip-debug -o "$WORK/midonet-bench" "${BENCH:-.build/release/midonet-bench}"

BATCH=400
CREATE=$(( (2 * SERVICES + BATCH - 1) / BATCH ))
# count NAME BATCHES: total instructions of one run (both runs at once: two cores, one each).
count() {
  valgrind --tool=callgrind --callgrind-out-file="$WORK/$1.callgrind" "$WORK/midonet-bench" store --services "$SERVICES" \
    --batches "$2" --batch-size "$BATCH" --submitters 2 --mode prebuilt --db "$WORK/$1.sqlite" >"$WORK/$1.log" 2>&1
}
echo "counting $CREATE creating batches, then $CREATE creating and $CREATE updating ($SERVICES Services, $BATCH events a batch)…" >&2
count create "$CREATE" & pids+=($!); CREATE_PID=$!
count update $((2 * CREATE)) & pids+=($!); UPDATE_PID=$!
wait "$CREATE_PID" "$UPDATE_PID"
total() { callgrind_annotate "$WORK/$1.callgrind" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}'; }
# The workload's generation (batchJSON) and prebuilt decoding happen before the clock; taken out.
setup() {
  callgrind_annotate --inclusive=yes "$WORK/$1.callgrind" 2>/dev/null \
    | awk '/StoreWorkload.batchJSON|AuditEventList.decode/ && !/partial apply|closure/ {gsub(",","",$1); s += $1} END {print s + 0}'
}
C=$(( $(total create) - $(setup create) ))
U=$(( $(total update) - $(setup update) - C ))
EVENTS=$(( CREATE * BATCH ))
printf "%-10s %8s %16s\n" events count "instructions/event"
printf "%-10s %8s %16s\n" creating "$EVENTS" $(( C / EVENTS ))
printf "%-10s %8s %16s\n" updating "$EVENTS" $(( U / EVENTS ))
echo
echo "costliest functions per updating event (inclusive, both runs' difference):"
inclusive() {
  callgrind_annotate --inclusive=yes --threshold=100 "$WORK/$1.callgrind" 2>/dev/null \
    | awk '/%\)/ && !/PROGRAM TOTALS/ { gsub(",", "", $1); name = $0; sub(/^[^)]*\)[ ]+/, "", name); sub(/^\?\?\?:/, "", name)
        sub(/ \[[^]]*\]$/, "", name); print $1 "\t" name }'
}
inclusive create > "$WORK/create.functions"
inclusive update > "$WORK/update.functions"
awk -F'\t' '
  NR == FNR { before[$2] = $1; next }
  { d = $1 - before[$2]; if (d > 0) print d "\t" $2 }' "$WORK/create.functions" "$WORK/update.functions" \
  | { command -v swift >/dev/null && swift demangle --simplified || cat; } \
  | grep -Ev "'[0-9]|marker|empty-list|clone|start_thread|Thread.main|NSThreadStart|HelperThreads.init|thunk for|partial apply|Result<>.init|DispatchQueue|SerializedDatabase|DatabaseWriter|inTransaction|writeIngest|withDatabaseError|GroupCommitter|ingestGroup|TranslationPipeline|_dispatch|0x0000|\?\?\?$" \
  | sort -t$'\t' -k1,1nr | awk -F'\t' -v events="$EVENTS" -v top="$TOP" 'NR <= top { printf "  %9.0f  %s\n", $1 / events, substr($2, 1, 110) }'
