// s2diff fuzz --timers: timer and interrupt cases (cases.ts) through scenarios/timer-fuzz under
// -icount 4, compared case by case (fuzz-batch.ts): every ISTATUS read, the loop iteration at
// which each interrupt is taken, and the counters at the end.

import { fuzzInBatches, type BatchFuzzer, type BatchFuzzReport, type FuzzRun } from '../fuzz-batch.ts';
import { encodeCases, formatCase, simplerCases, timerCaseArb, type TimerCase } from './cases.ts';

const TIMER_MAGIC = 0x5a5a52454d495454n; // "TTIMERZZ"
/** The default budget of s2diff fuzz --timers (cases), the one its planted-bug test uses. */
export const DEFAULT_TIMER_RUNS = 1000;

export const TIMER_FUZZER: BatchFuzzer<TimerCase> = {
  image: 'timer-fuzz', name: '--timers', arb: timerCaseArb, encode: (c) => encodeCases(c, TIMER_MAGIC),
  simpler: simplerCases, format: formatCase, opts: { icount: 4 },
};

export function fuzzTimers(a: FuzzRun): Promise<BatchFuzzReport<TimerCase>> {
  return fuzzInBatches(TIMER_FUZZER, { batch: 500, ...a }, () => '');
}
