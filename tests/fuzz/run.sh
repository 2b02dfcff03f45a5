#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time over a
# scratch copy of its corpus: the committed seeds and regression inputs in corpus/<target>/ are
# replayed first, so a fixed crash that comes back fails at once.
#   FUZZ_SECONDS   per target (default 60)
#   FUZZ_BUILD_DIR build directory (default build-fuzz beside the sources)
# Exit status: non-zero when any target crashes, leaks or breaks an invariant; the input is left
# in the work directory the script prints.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${FUZZ_BUILD_DIR:-$SRC/build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
CXX=${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++)}

mkdir -p "$BUILD"
cmake -S "$SRC" -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DQG_BUILD_FUZZERS=ON -DQG_BUILD_TESTS=OFF >"$BUILD/qg-configure.log" 2>&1 ||
  { cat "$BUILD/qg-configure.log"; exit 1; }
cmake --build "$BUILD" -j2 --target fuzzers

WORK=$(mktemp -d /tmp/qg-fuzz-XXXXXX)
# Targets run side by side, one per core (FUZZ_JOBS), each for its full time: libFuzzer is single
# threaded, so two targets on two cores take the wall time of one.
JOBS=${FUZZ_JOBS:-$(nproc)}
echo "fuzzing for ${SECONDS_PER_TARGET}s per target, ${JOBS} at a time; work directory $WORK"

fuzz_one() {  # target corpus-dir: exit status of the run; its log in $WORK/<target>/log
  local target=$1 corpus=$2
  mkdir -p "$WORK/$target/corpus" "$WORK/$target/artifacts"
  cp "$corpus"* "$WORK/$target/corpus/" 2>/dev/null || true
  "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -max_len=262144 -print_final_stats=1 -artifact_prefix="$WORK/$target/artifacts/" \
    "$WORK/$target/corpus" >"$WORK/$target/log" 2>&1
}

declare -A running=()  # pid -> target
failed=()
reap() {  # waits for one run to end and reports it
  local pid status=0
  wait -n -p pid "${!running[@]}" || status=$?
  local target=${running[$pid]}
  unset "running[$pid]"
  if ((status == 0)); then
    echo "$target: ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$WORK/$target/log" | grep -o '[0-9]*$') runs)"
  else
    echo "$target: FAILED"; tail -40 "$WORK/$target/log"; failed+=("$target")
  fi
}
for corpus in "$SRC"/tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  while ((${#running[@]} >= JOBS)); do reap; done
  fuzz_one "$target" "$corpus" &
  running[$!]=$target
done
while ((${#running[@]} > 0)); do reap; done
if ((${#failed[@]})); then
  echo "fuzz targets failed: ${failed[*]} (inputs in $WORK/<target>/artifacts)"; exit 1
fi
