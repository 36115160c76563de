// Runs one image on the model inside a worker thread, so a stuck or crashing model can be
// terminated and the main thread keeps serving QEMU's pipes and timers meanwhile.

import { parentPort, workerData } from 'node:worker_threads';
import { ImageError, runModelImage, type ModelConfig } from '../emulator/index.ts';

const { image, cfg, progress } = workerData as { image: string; cfg: ModelConfig; progress?: boolean };
/** With `progress`: the instruction count and the last console line, at most twice a second. */
const PROGRESS_MS = 500;
try {
  let line = '', last = '', at = Date.now();
  const decoder = new TextDecoder();
  if (progress) {
    cfg.onUart = (b) => {
      for (const ch of decoder.decode(b, { stream: true })) {
        if (ch === '\n') { if (line.trim() !== '') last = line; line = ''; } else if (ch !== '\r') line += ch;
      }
    };
  }
  const r = runModelImage(image, cfg, progress ? (m) => {
    m.onProgress = (instructions) => {
      const now = Date.now();
      if (now - at < PROGRESS_MS) return;
      at = now;
      parentPort!.postMessage({ progress: { instructions, line: line.trim() !== '' ? line : last } });
    };
  } : undefined);
  parentPort!.postMessage({ ok: true, result: r });
} catch (e) {
  const err = e as Error;
  parentPort!.postMessage({ ok: false, imageError: e instanceof ImageError, message: err.message, stack: err.stack });
}
