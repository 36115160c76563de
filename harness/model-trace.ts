// `s2diff model IMAGE --trace FILE`: the model's state before every instruction, in the
// same layout as QEMU's `-d cpu` log (PC, X00-X30, SP, PSTATE), so the two can be diffed
// with ordinary tools; `s2diff repro` does that comparison automatically.

import { createWriteStream } from 'node:fs';
import type { CoverageCounts } from '../emulator/coverage.ts';
import { bootMachine } from '../emulator/index.ts';
import type { StrictFinding } from '../emulator/strict-checker.ts';
import type { Machine } from '../emulator/machine.ts';
import { modelConfig } from './model-config.ts';
import type { RunOptions } from './types.ts';

const h16 = (v: bigint): string => v.toString(16).padStart(16, '0');

function flags(p: number): string {
  return `${p & 0x80000000 ? 'N' : '-'}${p & 0x40000000 ? 'Z' : '-'}${p & 0x20000000 ? 'C' : '-'}${p & 0x10000000 ? 'V' : '-'}`;
}

export function formatState(m: Machine): string {
  const c = m.cpu;
  const regs: string[] = [];
  for (let i = 0; i < 31; i++) regs.push(`X${String(i).padStart(2, '0')}=${h16(c.getX(i))}`);
  const lines = [` PC=${h16(c.pc)} ${regs[0]} ${regs[1]}`];
  for (let i = 2; i < 29; i += 3) lines.push(`${regs[i]} ${regs[i + 1]} ${regs[i + 2]}`);
  lines.push(`${regs[29]} ${regs[30]}  SP=${h16(c.getSP())}`);
  const p = c.getPstate();
  lines.push(`PSTATE=${p.toString(16).padStart(8, '0')} ${flags(p)} EL${c.el}${c.spsel ? 'h' : 't'}`);
  return lines.join('\n') + '\n';
}

export interface TraceResult {
  instructions: number;
  /** With --strict / --coverage, as the model's run result has them. */
  strictFindings?: StrictFinding[];
  coverage?: CoverageCounts;
}

/** Runs the image on the model (ELF or raw) writing the trace. */
export async function traceModel(image: string, opts: RunOptions, file: string, onUart?: (b: Uint8Array) => void): Promise<TraceResult> {
  const m = bootMachine(image, await modelConfig(image, opts, onUart));
  const out = createWriteStream(file);
  let n = 0;
  let buf = '';
  const deadline = Date.now() + opts.timeoutSec * 1000;
  for (;;) {
    buf += `Trace ${n}:\n` + formatState(m);
    n++;
    const more = m.step();
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
      if (Date.now() > deadline) break;
    }
    if (!more || n >= opts.maxSteps) break;
  }
  out.write(buf);
  await new Promise<void>((r) => out.end(r));
  return { instructions: n, strictFindings: m.strictChecker?.findings, coverage: m.coverage?.counts };
}
