// Unit tests of the --strict checker on hand-made EL2 stage-1 tables (the differential proof
// is the strict-* scenarios, run on both sides by the harness's --strict test).
import { describe, expect, it } from 'vitest';
import { Machine } from './machine.ts';
import { POWER_OFF } from './test-support.ts';

const CODE = 0x4008_0000;
const L1 = 0x4010_0000, L2 = 0x4010_1000, L3 = 0x4010_2000;
const PAGE_A = 0x4015_0000;
const DESC_A = L3 + ((PAGE_A - 0x4000_0000) >>> 12) * 8;

const LDR_X1_X2 = 0xf9400041;
const STR_X3_X4 = 0xf9000083;
const STR_XZR_X4 = 0xf900009f;
const TLBI_ALLE2 = 0xd50c871f;
const DSB_SY = 0xd5033f9f;
const ISB = 0xd5033fdf;
const MSR_MAIR_EL2_X5 = 0xd51ca205;

/** EL2 with its MMU on: 4K granule, 39-bit VA, the first 2 MiB of RAM identity-mapped. */
/** X5 = `mair`, the value the MSR MAIR_EL2 tests write (0xff is the value already there). */
function run(words: number[], mair = 0x00n): Machine {
  const m = new Machine({ profile: 'max', memMiB: 64, uartCapBytes: 1 << 16, strict: true });
  const bytes = new Uint8Array(new Uint32Array([...words, ...POWER_OFF]).buffer);
  m.loadElf({ entry: BigInt(CODE), segments: [{ paddr: CODE, vaddr: CODE, data: bytes, memsz: bytes.length }] });
  const w64 = (pa: number, v: number): void => {
    const o = (pa - 0x4000_0000) >>> 2;
    m.mem.ram32[o] = v % 2 ** 32 | 0;
    m.mem.ram32[o + 1] = Math.floor(v / 2 ** 32);
  };
  w64(L1 + 8, L2 | 3);
  w64(L2, L3 | 3);
  for (let i = 0; i < 512; i++) w64(L3 + i * 8, (0x4000_0000 + i * 4096) | 0x403); // page, AF, AttrIndx 0
  const sr = m.cpu.sr;
  sr.set('MAIR_EL2', 0xffn);
  sr.set('TCR_EL2', 25n | (2n << 16n));
  sr.set('TTBR0_EL2', BigInt(L1));
  sr.set('SCTLR_EL2', 1n);
  m.cpu.contextChanged();
  m.cpu.setX(2, BigInt(PAGE_A));
  m.cpu.setX(3, BigInt((PAGE_A + 0x1000) | 0x403));
  m.cpu.setX(4, BigInt(DESC_A));
  m.cpu.setX(5, mair);
  m.run(1000, Date.now() + 5000);
  return m;
}

const kinds = (m: Machine): string[] => m.strictChecker!.findings.map((f) => f.kind);

describe('strict checker', () => {
  it('flags a valid-to-valid remap (break-before-make) reused without TLBI', () => {
    const m = run([LDR_X1_X2, STR_X3_X4, DSB_SY, ISB, LDR_X1_X2]);
    expect(kinds(m)).toEqual(['break-before-make', 'missing-tlbi']);
    const tlbi = m.strictChecker!.findings[1];
    expect(tlbi.address).toBe(`0x${PAGE_A.toString(16)}`);
    expect(tlbi.pc).toBe(`0x${(CODE + 16).toString(16)}`);
    expect(tlbi.descriptor?.pa).toBe(`0x${DESC_A.toString(16)}`);
  });

  it('accepts break-before-make with TLBIs', () => {
    const m = run([LDR_X1_X2, STR_XZR_X4, DSB_SY, TLBI_ALLE2, DSB_SY, STR_X3_X4, DSB_SY, ISB, LDR_X1_X2]);
    expect(kinds(m)).toEqual([]);
  });

  it('flags a missing TLBI between the break and the make', () => {
    const m = run([LDR_X1_X2, STR_XZR_X4, DSB_SY, STR_X3_X4, DSB_SY, ISB, LDR_X1_X2]);
    expect(kinds(m)).toEqual(['missing-tlbi']);
  });

  it('flags a translation register write used without ISB, not with one', () => {
    // MAIR_EL2 Attr0 0xff -> 0x00 turns the page into Device memory.
    const m = run([MSR_MAIR_EL2_X5, LDR_X1_X2]);
    expect(kinds(m)).toEqual(['missing-isb']);
    expect(m.strictChecker!.findings[0].detail).toMatch(/MAIR_EL2 .*old value gives pa=0x40150000 Normal, the new one pa=0x40150000 Device/);
    expect(kinds(run([MSR_MAIR_EL2_X5, ISB, LDR_X1_X2]))).toEqual([]);
  });

  it('does not flag an unsynchronized write that leaves the translation unchanged', () => {
    expect(kinds(run([MSR_MAIR_EL2_X5, LDR_X1_X2], 0xffn))).toEqual([]);
    // Attr1 only: this page uses Attr0.
    expect(kinds(run([MSR_MAIR_EL2_X5, LDR_X1_X2], 0x04ffn))).toEqual([]);
  });
});
