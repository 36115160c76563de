// Runs a batch of prepared cases through the fuzz image on QEMU and on the model (at the
// same time), and judges each case: both sides must print the same line for every probe,
// and that line must be the one the oracle expects where it predicts one.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from '../../emulator/machine.ts';
import type { QemuDeviationId } from '../../emulator/qemu-deviation-ids.ts';
import { runModelImage } from '../../emulator/index.ts';
import { modelConfig } from '../model-config.ts';
import { modelSide, runModel } from '../model-runner.ts';
import { buildQemuArgv } from '../qemu-command.ts';
import { runQemu } from '../qemu-runner.ts';
import { QEMU_DEVIATIONS, S1PTW_FAULT_LEVEL, S2_SETUP_CHECKED_AGAINST_PS, type QemuDeviation } from '../qemu-deviations.ts';
import type { RunOptions, SideResult } from '../types.ts';
import { qemu72RejectsConfig } from './case.ts';
import { encodeBatch, parseBatchOutput, type BatchOutput, type ProbeLine } from './blob.ts';
import { BLOB_PA, FUZZ_MEM_MIB } from './layout.ts';
import type { ExpectedLine } from './oracle.ts';
import type { PreparedCase } from './prepare.ts';

export interface BatchEnv {
  image: string;
  workDir: string;
  opts: RunOptions;
  /** Test hook: runs the model in this thread with a bug planted by this function. */
  patchModel?: (m: Machine) => void;
}

export interface BatchRun {
  qemu: SideResult;
  model: SideResult;
  qemuOut: BatchOutput;
  modelOut: BatchOutput;
  blobFile: string;
  qemuArgv: string[];
  opts: RunOptions;
}

export function batchOptions(env: BatchEnv, blobFile: string): RunOptions {
  return { ...env.opts, memMiB: FUZZ_MEM_MIB, loads: [{ file: blobFile, addr: BLOB_PA }] };
}

export async function runBatch(cases: PreparedCase[], env: BatchEnv, tag = 'batch'): Promise<BatchRun> {
  const blobFile = join(env.workDir, `${tag}.bin`);
  await writeFile(blobFile, encodeBatch(cases));
  const opts = batchOptions(env, blobFile);
  const qemuArgv = buildQemuArgv(env.image, opts, join(env.workDir, 'qemu-int.log'));
  const qemuP = runQemu(env.image, opts, { workDir: env.workDir });
  let model: SideResult;
  if (env.patchModel) {
    model = modelSide(runModelImage(env.image, await modelConfig(env.image, opts), env.patchModel));
  } else {
    model = await runModel(env.image, opts);
  }
  const qemu = await qemuP;
  return { qemu, model, qemuOut: parseBatchOutput(qemu.uart), modelOut: parseBatchOutput(model.uart), blobFile, qemuArgv, opts };
}

export interface CaseFailure {
  /** Probe index in the prepared case, when one probe is to blame. */
  probe?: number;
  reason: string;
  /** Set when the difference is a catalogued QEMU deviation (harness/qemu-deviations.ts). */
  qemuDeviation?: QemuDeviationId;
  qemu?: string;
  model?: string;
  expected?: string;
}

export function formatExpected(e: ExpectedLine): string {
  return [e.tag, ...e.fields.map((f) => (f === undefined ? '*' : typeof f === 'bigint' ? f.toString(16) : `${f.value.toString(16)}/${f.mask.toString(16)}`))].join(' ');
}

function matchesExpected(l: ProbeLine, e: ExpectedLine): boolean {
  return l.tag === e.tag && l.fields.length === e.fields.length && e.fields.every((f, i) =>
    f === undefined || (typeof f === 'bigint' ? f === l.fields[i] : (l.fields[i] & f.mask) === f.value));
}

function stopped(side: SideResult): string {
  return `${side.end}${side.detail ? `: ${side.detail.split('\n')[0]}` : ''}`;
}

/**
 * When the model did what the Arm ARM says and QEMU did something else, the catalogued QEMU
 * 7.2 deviation that explains it (the model must also have reported taking that path).
 */
function qemuDeviationFor(pc: PreparedCase, k: number, ql: ProbeLine, ml: ProbeLine, run: BatchRun): QemuDeviation | undefined {
  const took = (d: QemuDeviation): QemuDeviation | undefined => (run.model.qemuDeviations?.includes(d.id) ? d : undefined);
  // QEMU's level-0 Translation fault; with stage 1 on it is taken on the first stage-1 table
  // read (S1PTW) and QEMU then reports the stage-1 level (s1ptw-fault-level).
  const s1ptw = ql.tag === 'A' && (ql.fields[0] & 0x80n) !== 0n;
  const level0TranslationFault = ql.tag === 'A' && (s1ptw ? (ql.fields[0] & 0x3cn) === 0x4n : (ql.fields[0] & 0x3fn) === 0x4n);
  const o = pc.probes[k].outcome;
  return (qemu72RejectsConfig(pc.c.cfg) && level0TranslationFault ? took(S2_SETUP_CHECKED_AGAINST_PS) : undefined) ??
    (o.ok === false && o.qemu72 ? took(QEMU_DEVIATIONS[o.qemu72]) : undefined) ??
    (onlyS1ptwLevelDiffers(ql, ml) ? took(S1PTW_FAULT_LEVEL) : undefined);
}

/** Two abort lines equal except for the fault level, both with S1PTW set. */
function onlyS1ptwLevelDiffers(q: ProbeLine, m: ProbeLine): boolean {
  return q.tag === 'A' && m.tag === 'A' && q.fields.length === 3 && m.fields.length === 3 &&
    (q.fields[0] & 0x80n) !== 0n && (m.fields[0] & 0x80n) !== 0n && (q.fields[0] & ~3n) === (m.fields[0] & ~3n) &&
    q.fields[1] === m.fields[1] && q.fields[2] === m.fields[2];
}

/** The first thing wrong with case `id` of a batch, or undefined when it passed. */
export function judgeCase(pc: PreparedCase, id: number, run: BatchRun): CaseFailure | undefined {
  const q = run.qemuOut.cases.get(id), m = run.modelOut.cases.get(id);
  for (let k = 0; k < pc.probes.length; k++) {
    const ql = q?.[k], ml = m?.[k];
    if (ql === undefined || ml === undefined) {
      const who = ql === undefined && ml === undefined ? 'neither side' : ql === undefined ? 'QEMU' : 'the model';
      return {
        probe: k, reason: `${who} finished this probe (QEMU ${stopped(run.qemu)}; model ${stopped(run.model)})`,
        qemu: ql?.text, model: ml?.text,
      };
    }
    const e = pc.probes[k].expected;
    if (ql.text !== ml.text) {
      const dev = e && matchesExpected(ml, e) ? qemuDeviationFor(pc, k, ql, ml, run) : undefined;
      if (dev) {
        return { probe: k, reason: `QEMU deviates from the Arm ARM: ${dev.summary}`, qemuDeviation: dev.id,
          qemu: ql.text, model: ml.text, expected: e && formatExpected(e) };
      }
      return { probe: k, reason: 'QEMU and the model differ', qemu: ql.text, model: ml.text, expected: e && formatExpected(e) };
    }
    if (e && !matchesExpected(ql, e)) {
      return { probe: k, reason: 'QEMU and the model agree, but not with the outcome the case implies (oracle)', qemu: ql.text, model: ml.text, expected: formatExpected(e) };
    }
  }
  return undefined;
}
