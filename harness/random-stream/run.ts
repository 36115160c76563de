// s2diff risu: random instruction streams (generate.ts) through scenarios/random-stream on
// both sides in lockstep, stopping at the first instruction whose state differs.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLockstep, runLockstep, type LockstepResult } from '../lockstep.ts';
import { buildScenarios } from '../scenarios.ts';
import type { RunOptions } from '../types.ts';
import { CLASSES, encodeStream, generateStream, STREAM_BLOB, usesVectorState, type StreamClass } from './generate.ts';

export interface RisuArgs {
  seed: number;
  /** Random instructions in total, split into streams of `perStream`. */
  instructions: number;
  perStream?: number;
  classes?: readonly StreamClass[];
  opts: RunOptions;
  workDir: string;
  log: (line: string) => void;
}

export interface RisuReport {
  instructions: number;
  streams: number;
  counts: Record<StreamClass, number>;
  /** Instructions both sides executed in lockstep (set-up and checkpoints included). */
  lockstepInstructions: number;
  divergence?: { seed: number; stream: number; text: string; result: LockstepResult };
}

export async function runRisu(a: RisuArgs): Promise<RisuReport> {
  const [image] = await buildScenarios(['random-stream']);
  const per = a.perStream ?? 50_000;
  const rep: RisuReport = { instructions: 0, streams: 0, counts: Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<StreamClass, number>, lockstepInstructions: 0 };
  for (let k = 0; rep.instructions < a.instructions; k++) {
    const seed = a.seed + k;
    const s = generateStream(seed, Math.min(per, a.instructions - rep.instructions), a.classes);
    const work = mkdtempSync(join(a.workDir, `stream-${seed}-`));
    const file = join(work, 'stream.bin');
    writeFileSync(file, encodeStream(s));
    const r = await runLockstep(image, { opts: { ...a.opts, loads: [{ file, addr: STREAM_BLOB }] }, workDir: work, vector: usesVectorState(a.classes ?? CLASSES) });
    rep.streams++;
    rep.lockstepInstructions += r.instructions;
    for (const c of CLASSES) rep.counts[c] += s.counts[c];
    const n = Object.values(s.counts).reduce((x, y) => x + y, 0);
    rep.instructions += n;
    a.log(`risu: stream seed ${seed}: ${n} random instructions, ${r.instructions} in lockstep, ${r.divergence ? 'DIVERGED' : r.end}`);
    if (r.divergence || r.end !== 'both-ended') {
      rep.divergence = { seed, stream: k, text: formatLockstep(r, `risu seed ${seed}`), result: r };
      break;
    }
  }
  return rep;
}
