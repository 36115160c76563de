// Runs a batch of ITS sequences through scenarios/fuzz-its on QEMU and on the model and
// compares, per sequence, what each printed: the INTIDs acknowledged, GITS_CREADR after each
// command and the tables left in memory.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from '../../emulator/machine.ts';
import { runModelImage } from '../../emulator/index.ts';
import { modelConfig } from '../model-config.ts';
import { modelSide } from '../model-runner.ts';
import { runQemu } from '../qemu-runner.ts';
import type { RunOptions, SideResult } from '../types.ts';
import { encodeBatch, ITS_BLOB_PA, stepText, type ItsSequence } from './sequence.ts';

export interface ItsBatchEnv {
  image: string;
  workDir: string;
  opts: RunOptions;
  /** Test hook: plants a bug in the model before it runs. */
  patchModel?: (m: Machine) => void;
}

export interface ItsBatchRun {
  qemu: SideResult;
  model: SideResult;
  qemuOut: Map<number, string[]>;
  modelOut: Map<number, string[]>;
  blobFile: string;
}

export interface ItsFailure { id: number; line: number; qemu?: string; model?: string }

/** Each sequence's output lines (from its `C id` line to its `E`), by id. */
export function splitOutput(uart: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let cur: string[] | undefined;
  for (const raw of uart.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('DONE')) break;
    const c = /^C ([0-9a-f]+)$/.exec(line);
    if (c) { cur = []; out.set(parseInt(c[1]!, 16), cur); continue; }
    if (cur && line !== '') cur.push(line);
  }
  return out;
}

export async function runItsBatch(seqs: ItsSequence[], env: ItsBatchEnv, tag = 'batch'): Promise<ItsBatchRun> {
  const blobFile = join(env.workDir, `${tag}.bin`);
  await writeFile(blobFile, encodeBatch(seqs));
  const opts: RunOptions = {
    ...env.opts, smp: 2, icount: env.opts.icount ?? 4, loads: [{ file: blobFile, addr: ITS_BLOB_PA }],
    timeoutSec: Math.max(env.opts.timeoutSec, 300), uartCapBytes: Math.max(env.opts.uartCapBytes, 16 << 20),
  };
  const qemuP = runQemu(env.image, opts, { workDir: env.workDir });
  const model = modelSide(runModelImage(env.image, await modelConfig(env.image, opts), env.patchModel));
  const qemu = await qemuP;
  // A side that did not run the batch to its end (a timeout, a crash) is no verdict on any sequence.
  for (const [name, side] of [['QEMU', qemu], ['the model', model]] as const) {
    if (side.end !== 'poweroff' || !side.uart.includes('DONE ')) {
      throw new Error(`fuzz --its: ${name} did not finish the batch (${side.end}${side.detail ? `: ${side.detail.split('\n')[0]}` : ''}); blob ${blobFile}`);
    }
  }
  return { qemu, model, qemuOut: splitOutput(qemu.uart), modelOut: splitOutput(model.uart), blobFile };
}

/** The first line where the two sides differ for sequence `id`, or undefined. */
export function judgeItsSequence(id: number, run: ItsBatchRun): ItsFailure | undefined {
  const q = run.qemuOut.get(id) ?? [], m = run.modelOut.get(id) ?? [];
  for (let i = 0; i < Math.max(q.length, m.length); i++) {
    if (q[i] !== m[i]) return { id, line: i, qemu: q[i], model: m[i] };
  }
  if (q.length === 0) return { id, line: 0 };
  return undefined;
}

/** A sequence and both sides' output, readable. */
export function formatItsSequence(s: ItsSequence, id: number, run?: ItsBatchRun): string {
  const q = run?.qemuOut.get(id) ?? [], m = run?.modelOut.get(id) ?? [];
  const lines = ['steps:', ...s.steps.map((st, i) => `  ${i + 1}. ${stepText(st)}`), 'output (QEMU | model):'];
  for (let i = 0; i < Math.max(q.length, m.length); i++) lines.push(`  ${q[i] === m[i] ? ' ' : '>'} ${q[i] ?? '-'} | ${m[i] ?? '-'}`);
  return lines.join('\n');
}
