// The FP core (emulator/fp) against QEMU 7.2: a few thousand generated vectors over every
// instruction form of harness/fp-oracle/ops.ts (edge values x random operands, every FPCR
// rounding mode with FZ/DN/FZ16/AHP variations) run in scenarios/fp-oracle on QEMU, each
// compared bit for bit (result, FPSR, NZCV) with the core, and with the model's decoder for the
// forms it models (decoder.ts).

import { describe, expect, it } from 'vitest';
import { formatMismatch, runOracle } from './run.ts';
import { directed, generate } from './vectors.ts';
import { OPS } from './ops.ts';

describe('fp-oracle: the FP core agrees with QEMU 7.2', () => {
  it('every form: 6000 random vectors and the directed special-value combinations, zero mismatches', { timeout: 180_000 }, async () => {
    const vectors = [...generate(6000, 20261201), ...directed()];
    const r = await runOracle(vectors);
    expect(r.compared).toBe(vectors.length);
    // FP is enabled at EL2 out of reset: CPTR_EL2.TFP (bit 10) = 0 before the image clears it.
    expect(r.cptrEl2 !== undefined && (r.cptrEl2 & 0x400n) === 0n).toBe(true);
    // Differences that are catalogued QEMU 7.2 deviations (ops.ts knownDeviation) are not
    // failures; each must still be exactly the documented difference.
    for (const d of r.deviations) expect(['fjcvtzs-flushed-denormal-z', 'fcvtzs-h-fixed-sign-extended']).toContain(d.id);
    // Every instruction form ran at least once, and the vectors reached every FPSR flag.
    expect(new Set(vectors.map((v) => v.op.name)).size).toBeGreaterThanOrEqual(OPS.length);
    for (const [flag, n] of Object.entries(r.flagHits)) expect(n, `vectors that set ${flag}`).toBeGreaterThan(0);
    if (r.mismatches.length) console.error(`${r.mismatches.length} mismatches; the first:\n${formatMismatch(r.mismatches[0])}`);
    expect(r.mismatches.length, r.mismatches[0] && formatMismatch(r.mismatches[0])).toBe(0);
    // The same vectors through the model's decoder (decoder.ts), for every form it models.
    expect(r.decoderCompared).toBeGreaterThan(3000);
    expect(r.decoderMismatches.length, r.decoderMismatches[0] && formatMismatch(r.decoderMismatches[0])).toBe(0);
  });
});
