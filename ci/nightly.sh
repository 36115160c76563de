#!/usr/bin/env bash
# The nightly job (ci/nightly.yml runs it once per shard; run it locally the same way):
#   ci/nightly.sh [OUT_DIR]
# Environment:
#   SHARD=K/N          run one deterministic shard of the scenario suite (default: all)
#   JOBS=N             cases in parallel (default: the number of CPUs)
#   KUT_DIR=DIR        also run a built kvm-unit-tests tree (s2diff run --kvm-unit-tests DIR)
#   FUZZ_BUDGET=10m    fuzzing time budget (s2diff fuzz --time-budget), 0 to skip
#   FUZZ_MMU_BUDGET=10m  stateful MMU fuzzing time budget (s2diff fuzz --mmu --time-budget), 0 to skip
#   FUZZ_ITS_BUDGET=5m   ITS command-sequence fuzzing time budget (s2diff fuzz --its --time-budget), 0 to skip
#   FUZZ_TRAPS_BUDGET=5m trap-configuration fuzzing time budget (s2diff fuzz --traps --time-budget), 0 to skip
#   FUZZ_TIMERS_BUDGET=5m timer and interrupt fuzzing time budget (s2diff fuzz --timers --time-budget), 0 to skip
#   MUTATE=0           the mutation run (scripts/mutate.sh: every mutant, the fast test command; hours on
#                      2 cores), MUTATE_ARGS to pass it options (--room walk,trap ...)
#   LINUX=0            skip the Linux boots (s2diff linux on cortex-a57 and max,sve=off,sme=off, and the latter with --gic 4;
#                      the kernel comes from scripts/setup.sh --linux) and the pinning of a
#                      model bug planted late in the boot (harness/checkpoints/linux-pin.diff.test.ts)
#   RISU=200000        random instructions in lockstep (s2diff risu; npm test runs 5,000 per class), 0 to skip
#   BENCH=0            skip the bench
# Every step runs even when an earlier one failed; the script exits with the worst exit
# code (2 > 1 > 0, design.md §3). Reports go to OUT_DIR (default ci-out/), repro folders of
# divergent cases to OUT_DIR/repro/.
set -u
cd "$(dirname "$0")/.."
OUT=${1:-ci-out}
mkdir -p "$OUT"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
FUZZ_BUDGET=${FUZZ_BUDGET:-10m}
TAG=${SHARD:+-$(echo "$SHARD" | tr / -)}
worst=0
step() { # step NAME CMD...: runs, logs, keeps the worst exit code
  local name=$1; shift
  echo "::group::$name"
  echo "+ $*"
  "$@"
  local rc=$?
  echo "::endgroup::"
  echo "$name: exit $rc"
  [ $rc -gt $worst ] && worst=$rc
  return 0
}

[ -x node_modules/.bin/tsx ] || step setup ./scripts/setup.sh

step scenarios npx s2diff run ${SHARD:+--shard "$SHARD"} --jobs "$JOBS" \
  --expect ci/known-divergences.json --rerun-divergent 2 \
  --json "$OUT/scenarios$TAG.json" --junit "$OUT/scenarios$TAG.xml" \
  --tap "$OUT/scenarios$TAG.tap" --markdown "$OUT/scenarios$TAG.md" --html "$OUT/scenarios$TAG.html"

# Repro folders (lockstep to the first divergent instruction) for what diverged.
if [ -f "$OUT/scenarios$TAG.json" ] && grep -q '"verdict": "diverge"' "$OUT/scenarios$TAG.json"; then
  step repro npx s2diff repro "$OUT/scenarios$TAG.json" --out "$OUT/repro"
fi

# The long random-instruction campaign in lockstep, once per night (shard 1).
if [ "${RISU:-200000}" != 0 ] && { [ -z "${SHARD:-}" ] || [ "${SHARD%%/*}" = 1 ]; }; then
  step risu npx s2diff risu --instructions "${RISU:-200000}" --seed "$(date +%j)"
fi

# Debian's cloud kernel to userspace on both profiles (KVM nVHE and VHE), once per night (shard 1).
if [ "${LINUX:-1}" != 0 ] && { [ -z "${SHARD:-}" ] || [ "${SHARD%%/*}" = 1 ]; }; then
  ./scripts/setup.sh --linux >/dev/null || worst=2
  for cpu in cortex-a57 max,sve=off,sme=off; do
    tag=$(echo "$cpu" | tr ,= --)
    step "linux-$tag" npx s2diff linux --cpu "$cpu" --json "$OUT/linux-$tag.json" --html "$OUT/linux-$tag.html"
  done
  # The same kernel on a GICv4.0: its ITS driver finds the vPE table and enables GICv4 on both sides.
  step linux-gicv4 npx s2diff linux --cpu max,sve=off,sme=off --gic 4 --json "$OUT/linux-gicv4.json" --html "$OUT/linux-gicv4.html"
  # A model bug planted late in the boot (FDIV one ulp off), pinned to its instruction (minutes).
  step linux-pin env S2DIFF_LINUX_PIN=1 npx vitest run harness/checkpoints/linux-pin.diff.test.ts
fi

if [ -n "${KUT_DIR:-}" ]; then
  step kvm-unit-tests npx s2diff run --kvm-unit-tests "$KUT_DIR" ${SHARD:+--shard "$SHARD"} --jobs "$JOBS" \
    --expect ci/known-divergences.json --json "$OUT/kvm-unit-tests$TAG.json" --junit "$OUT/kvm-unit-tests$TAG.xml"
fi

if [ "$FUZZ_BUDGET" != 0 ]; then
  # A random seed per run and shard (printed, and in the JSON): each night explores new cases;
  # a failure's seed and path replay it (s2diff fuzz --seed S --path P).
  step fuzz npx s2diff fuzz --time-budget "$FUZZ_BUDGET" --json "$OUT/fuzz$TAG.json" --junit "$OUT/fuzz$TAG.xml" \
    --out "$OUT/repro"
fi

FUZZ_ITS_BUDGET=${FUZZ_ITS_BUDGET:-5m}
if [ "$FUZZ_ITS_BUDGET" != 0 ]; then
  step fuzz-its npx s2diff fuzz --its --time-budget "$FUZZ_ITS_BUDGET" --json "$OUT/fuzz-its$TAG.json" --out "$OUT/repro"
fi

FUZZ_TRAPS_BUDGET=${FUZZ_TRAPS_BUDGET:-5m}
if [ "$FUZZ_TRAPS_BUDGET" != 0 ]; then
  step fuzz-traps npx s2diff fuzz --traps --time-budget "$FUZZ_TRAPS_BUDGET" --json "$OUT/fuzz-traps$TAG.json"
fi

FUZZ_TIMERS_BUDGET=${FUZZ_TIMERS_BUDGET:-5m}
if [ "$FUZZ_TIMERS_BUDGET" != 0 ]; then
  step fuzz-timers npx s2diff fuzz --timers --time-budget "$FUZZ_TIMERS_BUDGET" --json "$OUT/fuzz-timers$TAG.json"
fi

FUZZ_MMU_BUDGET=${FUZZ_MMU_BUDGET:-10m}
if [ "$FUZZ_MMU_BUDGET" != 0 ]; then
  step fuzz-mmu npx s2diff fuzz --mmu --time-budget "$FUZZ_MMU_BUDGET" --json "$OUT/fuzz-mmu$TAG.json" --junit "$OUT/fuzz-mmu$TAG.xml" \
    --out "$OUT/repro"
fi

# Mutation testing (off by default: every mutant runs the fast test command, hours on 2 cores):
# the kill rate and the survivors in OUT/mutation.json.
if [ "${MUTATE:-0}" != 0 ]; then
  # shellcheck disable=SC2086
  step mutation scripts/mutate.sh --json "$OUT/mutation$TAG.json" ${MUTATE_ARGS:-}
fi

if [ "${BENCH:-1}" != 0 ]; then
  step bench npx s2diff bench --json "$OUT/bench$TAG.json"
fi

echo "nightly: worst exit code $worst"
exit $worst
