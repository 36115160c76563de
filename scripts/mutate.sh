#!/usr/bin/env bash
# Mutation testing: plants each bug of harness/mutation/catalogue.ts in a temporary copy of the
# repository, one at a time, runs the tests, and reports killed/survived and the kill rate.
#   scripts/mutate.sh [--only ID,ID] [--room walk,trap] [--cmd "CMD"] [--full] [--timeout SEC] [--json FILE] [--list]
# Default command: the unit tests, the fuzzers' small budgets, the strict and scenario
# differential tests (harness/mutation/run.ts FAST_COMMAND); --full: npm test.
# Exit: 0 every mutant killed, 1 some survived, 2 the run could not be done.
set -u
cd "$(dirname "$0")/.."
exec npx tsx harness/mutation/run.ts "$@"
