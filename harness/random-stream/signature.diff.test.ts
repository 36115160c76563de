// s2diff risu's signature mode (signature.ts): free runs on both sides comparing a CRC of the
// whole state after every item. Proves that the fold leaves the items as lockstep runs them,
// that every FP/SIMD class agrees with QEMU this way, and that one flipped bit in one kind of
// result is caught and then named by the lockstep rerun.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModelImage } from '../../emulator/index.ts';
import { caseOptions } from '../case-options.ts';
import { compareSides } from '../compare.ts';
import { modelConfig } from '../model-config.ts';
import { modelSide } from '../model-runner.ts';
import { plantFaddBug } from '../planted-bugs.ts';
import { runQemu } from '../qemu-runner.ts';
import type { CaseSpec } from '../run-case.ts';
import { DEFAULT_RUN_OPTIONS, type CaseResult, type RunOptions } from '../types.ts';
import { generateStream } from './generate.ts';
import { runRisu } from './run.ts';
import { HVC_SIGNATURE, signatureFold, signatureLayout } from './signature.ts';

const work = (): string => mkdtempSync(join(tmpdir(), 's2diff-risu-sig-'));

describe('risu signature mode', () => {
  it('puts the fold after every item and a signature checkpoint in place of REGS blocks, the items unchanged', () => {
    const plain = generateStream(11, 500, ['fp-scalar', 'simd-int', 'branch']);
    const signed = generateStream(11, 500, ['fp-scalar', 'simd-int', 'branch'], signatureLayout(true));
    const fold = signatureFold(true);
    expect(fold.length).toBe(26 + 3 + 32 * 4 + 5);
    // Removing every fold and checkpoint word leaves the same words but for the branch offsets.
    const strip = (ws: number[]): number[] => {
      const out: number[] = [];
      for (let i = 0; i < ws.length; i++) {
        if (ws.slice(i, i + fold.length).every((w, k) => w === fold[k])) { i += fold.length - 1; continue; }
        if (ws[i] !== HVC_SIGNATURE && ws[i] !== 0xd4000022) out.push(ws[i]);
      }
      return out;
    };
    // B/BL, CBZ/CBNZ, TBZ/TBNZ, B.cond
    const branch = (w: number): boolean => ((w >>> 26) & 0x1f) === 0x05 || ((w >>> 25) & 0x3e) === 0x1a || ((w >>> 24) & 0xff) === 0x54;
    const branchFree = (ws: number[]): number[] => ws.filter((w) => !branch(w));
    expect(branchFree(strip(signed.words))).toEqual(branchFree(strip(plain.words)));
    expect(signed.words.filter((w) => w === HVC_SIGNATURE).length).toBeGreaterThan(0);
    expect(signed.regs).toEqual(plain.regs);
  });

  it('runs 3,000 instructions of each FP/SIMD class freely on both sides with every signature equal', async () => {
    for (const cls of ['fp-scalar', 'simd-int', 'simd-ldst', 'simd-fp', 'fp16', 'crypto', 'pauth'] as const) {
      const r = await runRisu({ seed: 4242, instructions: 3_000, perStream: 3_000, classes: [cls], mode: 'signature',
        opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 120 }, workDir: work(), log: () => {} });
      expect(r.divergence?.text, cls).toBeUndefined();
      expect(r.lockstepInstructions, cls).toBe(0);
      expect(r.freeInstructions, cls).toBeGreaterThan(3_000 * 30); // the fold after each item ran
    }
  }, 900_000);

  it('counts the FP flags and NaN operands the stream met', async () => {
    const r = await runRisu({ seed: 7, instructions: 2_000, perStream: 2_000, classes: ['fp-scalar'], mode: 'signature',
      opts: DEFAULT_RUN_OPTIONS, workDir: work(), log: () => {} });
    const s = r.fpStats!;
    expect(s.instructions).toBeGreaterThan(1_000);
    for (const k of ['IOC', 'IXC', 'IDC', 'nanOperands'] as const) expect(s[k], k).toBeGreaterThan(0);
  }, 300_000);

  it('catches one flipped bit in every FADD (D) result and names the instruction in lockstep', async () => {
    // The free run with the bug: QEMU as always, the model in process with FADD (D) planted.
    const runFree = async (spec: CaseSpec, opts: RunOptions): Promise<CaseResult> => {
      const q = await runQemu(spec.image, opts, { workDir: work() });
      const m = modelSide(runModelImage(spec.image, await modelConfig(spec.image, opts), (mm) => plantFaddBug(mm.cpu)));
      const { verdict, divergences } = compareSides(q, m);
      return { name: spec.name, image: spec.image, verdict, divergences, qemu: q, model: m, options: caseOptions(opts) };
    };
    const r = await runRisu({ seed: 99, instructions: 400, perStream: 400, classes: ['fp-scalar'], mode: 'signature',
      opts: { ...DEFAULT_RUN_OPTIONS, timeoutSec: 120 }, workDir: work(), log: () => {}, runFree, patchModel: (m) => plantFaddBug(m.cpu) });
    expect(r.divergence?.freeRun?.verdict).toBe('diverge');
    expect(r.divergence?.result?.divergence?.instruction.disasm).toMatch(/^fadd\s+d/);
    expect(r.divergence?.text).toMatch(/first divergence after \d+ identical instructions/);
  }, 900_000);
});
