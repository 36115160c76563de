// The fp-oracle's instruction forms run through the model's decoder and handlers (emulator/
// decode.ts) instead of the FP core's functions: the same register convention as scenarios/
// fp-oracle/exec.S (d1/d2/d3 = a/b/c, x1 = x, d0 = x0 = 0, FPSR = NZCV = 0, FPCR set), one
// instruction executed, then d0, x0, FPSR and NZCV read back. So the decoder's operand
// selection, widths, fast paths and result writes are compared with the core (npm test) and
// with QEMU (fp-oracle.diff.test.ts), vector by vector.

import { decode, decodeRow } from '../../emulator/decode.ts';
import { Machine } from '../../emulator/machine.ts';
import type { Inputs, OpForm, Outcome } from './ops.ts';

const M64 = (1n << 64n) - 1n;

/** A machine at EL2 with FP enabled whose CPU runs the vectors (one per process is enough). */
export function oracleMachine(profile: 'max' | 'cortex-a57' = 'max'): Machine {
  return new Machine({ profile, memMiB: 16, uartCapBytes: 1 << 12 });
}

/** Whether the decoder models the form (its row is not a "not modelled" one). */
export function decoderModels(op: OpForm): boolean {
  const row = decodeRow(op.insn);
  return row !== undefined && !row.name.includes('not modelled');
}

/** The outcome of one vector executed by the decoder's handler on `m`'s CPU. */
export function decoderOutcome(m: Machine, op: OpForm, v: Inputs): Outcome {
  const c = m.cpu;
  c.vreg.fill(0);
  const set = (n: number, val: bigint): void => {
    c.vreg[4 * n] = Number(val & 0xffffffffn) | 0;
    c.vreg[4 * n + 1] = Number((val >> 32n) & 0xffffffffn) | 0;
  };
  set(1, v.a & M64);
  set(2, v.b & M64);
  set(3, v.c & M64);
  c.setX(0, 0n);
  c.setX(1, v.x & M64);
  c.setNZCV(0);
  c.sr.set('FPCR', BigInt(v.fpcr >>> 0));
  c.sr.set('FPSR', 0n);
  const o = decode(op.insn);
  o.h(c, o);
  const d0 = (BigInt(c.vreg[1] >>> 0) << 32n) | BigInt(c.vreg[0] >>> 0);
  return { d0, x0: c.getX(0), fpsr: c.sr.get('FPSR'), nzcv: BigInt(c.getNZCV()) };
}
