// The decoder (emulator/decode.ts, the fp-scalar room and whatever other room models a form)
// against the FP core on the fp-oracle's vectors: every form the decoder models must give the
// core's d0, x0, FPSR and NZCV (the core itself is proved against QEMU by fp-oracle.diff.test.ts,
// which also runs these vectors through the decoder against QEMU directly).

import { describe, expect, it } from 'vitest';
import { decoderModels, decoderOutcome, oracleMachine } from './decoder.ts';
import { expectedOutcome } from './ops.ts';
import { directed, generate } from './vectors.ts';

const hex = (o: Record<string, bigint>): string => Object.entries(o).map(([k, v]) => `${k}=${v.toString(16)}`).join(' ');

describe('fp-oracle vectors through the decoder', () => {
  it('every modelled scalar FP form matches the core, bit for bit, with and without the fast paths', () => {
    const m = oracleMachine();
    const vectors = [...generate(20000, 7), ...directed()].filter((x) => decoderModels(x.op));
    const forms = new Set(vectors.map((x) => x.op.name));
    // The scalar FP groups: 2-source, 1-source, 3-source, compares, conversions of every kind.
    for (const f of ['FADD D', 'FNMUL H', 'FSQRT S', 'FRINTX D', 'FRINT64X S', 'FMSUB D', 'FCMPE H, #0', 'FCVT H<-D', 'BFCVT H<-S',
      'FCVTAU X<-H', 'FCVTZS W<-D', 'UCVTF S<-X', 'FJCVTZS W<-D']) expect(forms, f).toContain(f);
    let bad = 0, first = '';
    for (const { op, v } of vectors) {
      const want = expectedOutcome(op, v), got = decoderOutcome(m, op, v);
      if (want.d0 !== got.d0 || want.x0 !== got.x0 || want.fpsr !== got.fpsr || want.nzcv !== got.nzcv) {
        if (bad++ === 0) first = `${op.name} fpcr=${v.fpcr.toString(16)} a=${v.a.toString(16)} b=${v.b.toString(16)} c=${v.c.toString(16)} x=${v.x.toString(16)}\n  core    ${hex({ ...want })}\n  decoder ${hex({ ...got })}`;
      }
    }
    expect(bad, first).toBe(0);
    expect(vectors.length).toBeGreaterThan(10000);
  }, 120_000);
});
