// s2diff fuzz --traps: batches of trap-configuration cases (cases.ts) through the trap-fuzz image
// on both sides in one boot each, compared case by case (fuzz-batch.ts); a case that differs is
// shrunk (every configuration bit it can lose and still differ, each round's candidates in one
// boot) and reported with its seed, readable configuration, disassembly and both outcomes.

import type { QemuDeviationId } from '../../emulator/qemu-deviation-ids.ts';
import { disassembleWords } from '../disasm.ts';
import { formatBatchFuzzReport, fuzzInBatches, type BatchFailure, type BatchFuzzer, type BatchFuzzReport, type FuzzRun } from '../fuzz-batch.ts';
import { encodeCases, formatCase, sanitize, trapCaseArb, type TrapCase } from './cases.ts';

const TRAP_MAGIC = 0x5a5a505041525454n; // "TTRAPPZZ"
/** The default budget of s2diff fuzz --traps (cases), the one its planted-bug test uses. */
export const DEFAULT_TRAP_RUNS = 4000;

/**
 * The catalogued QEMU 7.2 deviations in trap handling (found by this fuzzer) the model imitates,
 * so a case that meets one still compares everything else; the report counts them.
 */
export const TRAP_FOLLOWED: readonly QemuDeviationId[] = ['hcr-tidcp-ignored', 'mdcr-tpmcr-ignored', 'enscxt-applied-in-host'];

/** The configuration bits of a case, one candidate per bit cleared. */
function candidates(c: TrapCase): TrapCase[] {
  const out: TrapCase[] = [];
  for (const k of ['hcr', 'cptr', 'mdcr', 'cnthctl', 'hstr', 'cpacr'] as const) {
    for (let b = 0n; b < 64n; b++) {
      if ((c[k] >> b) & 1n) {
        const s = sanitize({ ...c, [k]: c[k] & ~(1n << b) });
        if (s[k] !== c[k]) out.push(s);
      }
    }
  }
  return out;
}

/** "<el> <vector> <esr> <elr - slot>" as the image prints it, readable. */
function formatOutcome(rest: string): string {
  const f = /^([12]) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)$/.exec(rest);
  return f ? `EL${f[1]} vector ${f[2]} ESR 0x${f[3]} ELR slot+0x${f[4]}` : rest;
}

export const TRAP_FUZZER: BatchFuzzer<TrapCase> = {
  image: 'trap-fuzz', name: '--traps', arb: trapCaseArb(), encode: (c) => encodeCases(c, TRAP_MAGIC),
  simpler: candidates, format: formatCase, formatLine: formatOutcome, opts: { followQemu: [...TRAP_FOLLOWED] },
};

const disasmOf = async (c: TrapCase): Promise<string> => (await disassembleWords([{ addr: 0x4500_0000n, word: c.word }]))[0]!;

export type TrapFuzzReport = BatchFuzzReport<TrapCase> & { failure?: BatchFailure<TrapCase> & { disasm: string } };

export async function fuzzTraps(a: FuzzRun): Promise<TrapFuzzReport> {
  const r = await fuzzInBatches(TRAP_FUZZER, a, async (c) => `instruction: ${await disasmOf(c)}\n  `);
  return r.failure ? { ...r, failure: { ...r.failure, disasm: await disasmOf(r.failure.shrunk) } } : { ...r, failure: undefined };
}

export const formatTrapFuzzReport = (r: TrapFuzzReport): string => formatBatchFuzzReport('--traps', r);
