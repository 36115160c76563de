#!/usr/bin/env bash
# ci/determinism.sh [N] [CASE...]: runs the whole scenario suite (or the cases named, e.g.
# smp-psci smp-sgi smp-spinlock) N times (default 20) and fails when any case's verdict
# differs between runs. Prints one line per run and the verdict table.
set -u
cd "$(dirname "$0")/.."
N=${1:-20}
shift || true
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for i in $(seq 1 "$N"); do
  npx s2diff run "$@" --quiet --jobs "${JOBS:-2}" --json "$dir/run$i.json" >/dev/null 2>&1
  echo "run $i: exit $?"
done
node -e '
const fs = require("fs");
const runs = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
const names = [...new Set(runs.flatMap((r) => r.results.map((c) => c.name)))].sort();
let bad = 0;
for (const n of names) {
  const v = runs.map((r) => (r.results.find((c) => c.name === n) || { verdict: "missing" }).verdict);
  const same = v.every((x) => x === v[0]);
  if (!same) bad++;
  console.log(`${same ? "same" : "DIFFERS"}  ${n}: ${same ? v[0] + " x" + v.length : v.join(" ")}`);
}
console.log(`${runs.length} runs, ${names.length} cases, ${bad} case(s) with differing verdicts`);
process.exit(bad === 0 ? 0 : 1);
' $(for i in $(seq 1 "$N"); do echo "$dir/run$i.json"; done)
