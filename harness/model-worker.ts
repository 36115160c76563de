// Runs one image on the model inside a worker thread, so a stuck or crashing model can be
// terminated and the main thread keeps serving QEMU's pipes and timers meanwhile.

import { parentPort, workerData } from 'node:worker_threads';
import { ImageError, runModelImage, type ModelConfig } from '../emulator/index.ts';

const { image, cfg } = workerData as { image: string; cfg: ModelConfig };
try {
  const r = runModelImage(image, cfg);
  parentPort!.postMessage({ ok: true, result: r });
} catch (e) {
  const err = e as Error;
  parentPort!.postMessage({ ok: false, imageError: e instanceof ImageError, message: err.message, stack: err.stack });
}
