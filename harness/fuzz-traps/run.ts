// s2diff fuzz --traps: batches of trap-configuration cases (cases.ts) through the trap-fuzz image
// on both sides in one boot each, compared case by case; a case that differs is shrunk (every
// configuration bit it can lose and still differ, each round's candidates in one boot) and
// reported with its seed, readable configuration, disassembly and both outcomes.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { runModelImage } from '../../emulator/index.ts';
import type { Machine } from '../../emulator/machine.ts';
import type { QemuDeviationId } from '../../emulator/qemu-deviation-ids.ts';
import { disassembleWords } from '../disasm.ts';
import { modelConfig } from '../model-config.ts';
import { runQemu } from '../qemu-runner.ts';
import { buildScenarios } from '../scenarios.ts';
import type { RunOptions } from '../types.ts';
import { encodeCases, formatCase, sanitize, trapCaseArb, type TrapCase } from './cases.ts';

export const TRAP_BLOB = 0x4600_0000;
const TRAP_MAGIC = 0x5a5a505041525454n; // "TTRAPPZZ"
/** The default budget of s2diff fuzz --traps (cases), the one its planted-bug test uses. */
export const DEFAULT_TRAP_RUNS = 4000;
const BATCH = 2000;

export interface TrapEnv {
  opts: RunOptions;
  workDir: string;
  patchModel?: (m: Machine) => void;
}

/** "<el> <vector> <esr> <elr - slot>" per case index, as the image prints it. */
function outcomes(uart: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of uart.split('\n')) {
    const f = /^([0-9a-f]+) ([12]) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)$/.exec(line.trim());
    if (f) m.set(parseInt(f[1], 16), `EL${f[2]} vector ${f[3]} ESR 0x${f[4]} ELR slot+0x${f[5]}`);
  }
  return m;
}

export interface BatchOutcome {
  qemu: Map<number, string>;
  model: Map<number, string>;
  /** How often the model imitated each followed deviation (TRAP_FOLLOWED). */
  imitated: Partial<Record<QemuDeviationId, number>>;
}

/**
 * The catalogued QEMU 7.2 deviations in trap handling (found by this fuzzer) the model imitates,
 * so a case that meets one still compares everything else; the report counts them.
 */
export const TRAP_FOLLOWED: readonly QemuDeviationId[] = ['hcr-tidcp-ignored', 'mdcr-tpmcr-ignored', 'enscxt-applied-in-host'];

/** One boot per side; throws when a side did not run the batch to its end. */
export async function runTrapBatch(cases: readonly TrapCase[], env: TrapEnv, tag = 'batch'): Promise<BatchOutcome> {
  const [image] = await buildScenarios(['trap-fuzz']);
  const file = join(env.workDir, `${tag}.bin`);
  await writeFile(file, encodeCases(cases, TRAP_MAGIC));
  const opts: RunOptions = { ...env.opts, followQemu: [...(env.opts.followQemu ?? []), ...TRAP_FOLLOWED], loads: [{ file, addr: TRAP_BLOB }], timeoutSec: Math.max(env.opts.timeoutSec, 120),
    uartCapBytes: Math.max(env.opts.uartCapBytes, 16 << 20) };
  const qemuP = runQemu(image!, opts, { workDir: env.workDir });
  const model = runModelImage(image!, await modelConfig(image!, opts), env.patchModel);
  const qemu = await qemuP;
  for (const [name, side] of [['QEMU', qemu], ['the model', model]] as const) {
    if (side.end !== 'poweroff' || !side.uart.includes('DONE ')) {
      throw new Error(`fuzz --traps: ${name} did not finish the batch (${side.end}${side.detail ? `: ${String(side.detail).split('\n')[0]}` : ''}); blob ${file}`);
    }
  }
  return { qemu: outcomes(qemu.uart), model: outcomes(model.uart), imitated: model.qemuImitations ?? {} };
}

const differs = (o: BatchOutcome, i: number): boolean => o.qemu.get(i) !== o.model.get(i);

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

/** Clears configuration bits while the case still differs: each round's candidates in one boot. */
export async function shrinkCase(c: TrapCase, env: TrapEnv): Promise<{ shrunk: TrapCase; rounds: number }> {
  let cur = c, rounds = 0;
  for (; rounds < 64; rounds++) {
    const cands = candidates(cur);
    if (cands.length === 0) break;
    const o = await runTrapBatch(cands, env, `shrink-${rounds}`);
    const still = cands.filter((_, i) => differs(o, i));
    if (still.length === 0) break;
    // Every bit whose clearing alone keeps the difference, cleared together if that still differs.
    const merged = still.reduce((a, s) => ({ ...a, hcr: a.hcr & s.hcr | (a.hcr & ~cur.hcr), cptr: a.cptr & s.cptr, mdcr: a.mdcr & s.mdcr,
      cnthctl: a.cnthctl & s.cnthctl, hstr: a.hstr & s.hstr, cpacr: a.cpacr & s.cpacr }), cur);
    const m = sanitize(merged);
    const check = await runTrapBatch([m], env, `shrink-${rounds}-merged`);
    cur = differs(check, 0) ? m : still[0]!;
  }
  return { shrunk: cur, rounds };
}

export interface TrapFailure {
  seed: number;
  index: number;
  original: TrapCase;
  shrunk: TrapCase;
  disasm: string;
  qemu: string;
  model: string;
  text: string;
}

export interface TrapFuzzReport {
  runs: number;
  durationMs: number;
  seed: number;
  failure?: TrapFailure;
  /** Imitations of TRAP_FOLLOWED over the batches that agreed. */
  imitated: Partial<Record<QemuDeviationId, number>>;
}

export function formatTrapFuzzReport(r: TrapFuzzReport): string {
  const imitated = Object.entries(r.imitated).map(([id, n]) => `${id} ${n}x`).join(', ');
  const head = `fuzz --traps: ${r.runs} cases (seed ${r.seed}) in ${(r.durationMs / 1000).toFixed(1)} s` +
    (imitated ? ` (the model imitated catalogued QEMU deviations: ${imitated})` : '');
  return r.failure ? `${head}: a case differs\n${r.failure.text}\n  replay: s2diff fuzz --traps --seed ${r.seed} --runs ${r.runs}` : `${head}: QEMU and the model agree on every case`;
}

export async function fuzzTraps(a: { runs: number; seed: number; timeBudgetMs?: number; env: TrapEnv; log: (s: string) => void }): Promise<TrapFuzzReport> {
  const t0 = performance.now();
  const arb = trapCaseArb();
  let done = 0;
  const imitated: Partial<Record<QemuDeviationId, number>> = {};
  for (let batch = 0; done < a.runs && (a.timeBudgetMs === undefined || performance.now() - t0 < a.timeBudgetMs); batch++) {
    const n = Math.min(BATCH, a.runs - done);
    const cases = fc.sample(arb, { seed: a.seed + batch, numRuns: n });
    const o = await runTrapBatch(cases, a.env, `batch-${batch}`);
    for (const [id, n] of Object.entries(o.imitated) as [QemuDeviationId, number][]) imitated[id] = (imitated[id] ?? 0) + n;
    const bad = cases.findIndex((_, i) => differs(o, i));
    if (bad >= 0) {
      const { shrunk } = await shrinkCase(cases[bad]!, a.env);
      const s = await runTrapBatch([shrunk], a.env, 'shrunk');
      const [disasm] = await disassembleWords([{ addr: 0x4500_0000n, word: shrunk.word }]);
      const qemu = s.qemu.get(0) ?? '(none)', model = s.model.get(0) ?? '(none)';
      const text = `case ${done + bad} (seed ${a.seed + batch}, index ${bad}) differs; shrunk to:\n  ${formatCase(shrunk)}\n  ` +
        `instruction: ${disasm}\n  QEMU:  ${qemu}\n  model: ${model}\n  original: ${formatCase(cases[bad]!)}`;
      a.log(text);
      return { runs: done + bad + 1, durationMs: Math.round(performance.now() - t0), seed: a.seed, imitated,
        failure: { seed: a.seed + batch, index: bad, original: cases[bad]!, shrunk, disasm, qemu, model, text } };
    }
    done += n;
    a.log(`fuzz --traps: ${done}/${a.runs} cases agree`);
  }
  return { runs: done, durationMs: Math.round(performance.now() - t0), seed: a.seed, imitated };
}
