// Unit checks of the Advanced SIMD integer room: every row's random encodings decode and run
// without a JavaScript error, and a few architected results by hand (the differential proof
// is the 'simd-int' random-stream class against QEMU).
import { describe, expect, it } from 'vitest';
import { decode, DECODE_TABLE } from '../decode.ts';
import { runWords } from '../test-support.ts';
import { getV128, setV128 } from './vreg.ts';

const rows = DECODE_TABLE.filter((d) => d.cls === 'simd-int' || (d.cls === 'simd-ldst' && d.name.includes('structure')));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s; };
}

describe('simd-int room', () => {
  it('runs random encodings of every row without a JavaScript error', () => {
    const m = runWords([]);
    const c = m.cpu, r = rng(1);
    let ran = 0;
    for (const row of rows) {
      for (let k = 0; k < 400; k++) {
        let w = (row.value | (r() & ~row.mask)) >>> 0;
        if (row.cls === 'simd-ldst') w = ((w & ~(31 << 5)) | (27 << 5)) >>> 0; // base X27
        const o = decode(w);
        if (o.name === 'UNDEFINED' || o.name.includes('not modelled')) continue;
        for (let i = 0; i < 128; i++) c.vreg[i] = r() | 0;
        c.setX(27, 0x4010_0000n);
        try { o.h(c, o); } catch (e) { if (e instanceof Error) throw new Error(`${o.name} 0x${w.toString(16)}: ${e.stack}`); }
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(2_000);
  });

  it('computes SQADD with saturation and FPSR.QC', () => {
    // sqadd v0.16b, v1.16b, v2.16b
    const m = runWords([0x4e220c20], (mm) => { setV128(mm.cpu, 1, 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f01n); setV128(mm.cpu, 2, 0x01010101010101010101010101010101n); });
    expect(getV128(m.cpu, 0)).toBe(0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f02n);
    expect((m.cpu.sr.get('FPSR') >> 27n) & 1n).toBe(1n);
  });
});
