// The model side of a case: runs the image on the TypeScript model (in a worker thread)
// and turns its result into a SideResult like the QEMU side's.

import { Worker } from 'node:worker_threads';
import type { ModelResult } from '../emulator/index.ts';
import { UsageError } from './errors.ts';
import { disassembleWords } from './disasm.ts';
import { exceptionRecords } from './exception-records.ts';
import { formatStorm, modelStormView } from './storm-report.ts';
import { modelConfig } from './model-config.ts';
import { parseExitStatus } from './exit-status.ts';
import type { RunOptions, SideResult } from './types.ts';

/** Extra time the worker gets beyond its own wall-clock check before it is terminated. */
const HARD_KILL_GRACE_MS = 10_000;

type WorkerReply =
  | { ok: true; result: ModelResult }
  | { ok: false; imageError: boolean; message: string; stack?: string };

export function modelSide(r: ModelResult): SideResult {
  return {
    exitStatus: parseExitStatus(r.uart),
    end: r.end === 'crash' ? 'crash' : r.end,
    uart: r.uart,
    exceptions: exceptionRecords(r.events),
    durationMs: Math.round(r.durationMs),
    instructions: r.instructions,
    // A storm is named as QEMU names the exception (the model's own detail uses the EC).
    detail: r.storm ? formatStorm(modelStormView(r.storm)) : r.detail,
    notes: r.notes.length > 0 ? r.notes : undefined,
    qemuDeviations: r.qemuDeviations?.length ? r.qemuDeviations : undefined,
    ...(r.qemuImitations ? { qemuImitations: r.qemuImitations } : {}),
    strictFindings: r.strictFindings,
    coverage: r.coverage,
    ...(r.fpStats ? { fpStats: r.fpStats } : {}),
    ...(r.storm ? { storm: modelStormView(r.storm) } : {}),
  };
}

/** Names the storming instruction by its disassembly (the model only knows its word). */
async function withStormDisassembly(s: SideResult): Promise<SideResult> {
  if (s.storm?.insn === undefined || s.storm.record.elr === undefined) return s;
  const [disasm] = await disassembleWords([{ addr: BigInt(s.storm.record.elr), word: s.storm.insn }]);
  const storm = { ...s.storm, disasm };
  return { ...s, storm, detail: formatStorm(storm) };
}

/** What a long run shows while it goes (s2diff linux's progress line). */
export interface ModelProgress { instructions: number; line: string; elapsedMs: number }

/** Runs `image` on the model. Throws UsageError for a bad image (exit code 2). */
export async function runModel(image: string, opts: RunOptions, onProgress?: (p: ModelProgress) => void): Promise<SideResult> {
  const cfg = await modelConfig(image, opts);
  const t0 = performance.now();
  return new Promise<SideResult>((resolve, reject) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./model-worker.ts', import.meta.url).href, image, cfg, progress: onProgress !== undefined },
    });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      f();
    };
    const timer = setTimeout(() => finish(() => resolve({
      exitStatus: null, end: 'timeout', uart: '', exceptions: [], durationMs: Math.round(performance.now() - t0),
      detail: `model did not finish within ${opts.timeoutSec}s (+${HARD_KILL_GRACE_MS / 1000}s grace); worker terminated`,
    })), opts.timeoutSec * 1000 + HARD_KILL_GRACE_MS);
    worker.on('message', (m: WorkerReply | { progress: { instructions: number; line: string } }) => {
      if ('progress' in m) onProgress?.({ ...m.progress, elapsedMs: performance.now() - t0 });
      else onReply(m);
    });
    const onReply = (m: WorkerReply): void => finish(() => {
      if (m.ok) resolve(withStormDisassembly(modelSide(m.result)));
      else if (m.imageError) reject(new UsageError(m.message, 'pass an AArch64 little-endian ELF64 image (see design.md §2)'));
      else resolve({
        exitStatus: null, end: 'crash', uart: '', exceptions: [], durationMs: Math.round(performance.now() - t0),
        detail: `model threw before finishing: ${m.stack ?? m.message}`,
      });
    });
    worker.on('error', (e) => finish(() => resolve({
      exitStatus: null, end: 'crash', uart: '', exceptions: [], durationMs: Math.round(performance.now() - t0),
      detail: `model worker failed: ${e.stack ?? String(e)}`,
    })));
    worker.on('exit', (code) => finish(() => resolve({
      exitStatus: null, end: 'crash', uart: '', exceptions: [], durationMs: Math.round(performance.now() - t0),
      detail: `model worker exited with code ${code} without a result (out of memory?)`,
    })));
  });
}
