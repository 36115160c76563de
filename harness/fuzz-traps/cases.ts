// The cases of the trap-configuration fuzzer (s2diff fuzz --traps): the EL2 trap registers
// (HCR_EL2, CPTR_EL2, MDCR_EL2, CNTHCTL_EL2, HSTR_EL2), CPACR_EL1, and one instruction word run
// at EL1 or EL0 (scenarios/trap-fuzz). Each word executes, traps to EL2 with an ESR, or is
// UNDEFINED; both sides must agree on which, on the ESR and on the EL that took it, VHE
// (HCR_EL2.E2H) and not. Words come from the model's system-register and SYS rows (every
// register and operation it knows), random encodings of the system-register space (the ones it
// does not know, the IMPLEMENTATION DEFINED spaces), and WFI, HVC, SMC, ERET, BRK, FP/SIMD and
// PAuth instructions, whose traps are the other columns of the configuration.

import fc from 'fast-check';
import { allSysInsns } from '../../emulator/sys-instructions.ts';
import { allSysRegs, keyFields } from '../../emulator/sysreg-table.ts';
import { TRAP_GROUPS, type TrapGroup } from '../../emulator/sysreg-traps.ts';

export interface TrapCase {
  hcr: bigint;
  cptr: bigint;
  mdcr: bigint;
  cnthctl: bigint;
  hstr: bigint;
  cpacr: bigint;
  word: number;
  /** 1: EL1h; 0: EL0t. */
  el: 0 | 1;
}

export const CASE_BYTES = 64;

const BIT = (n: number): bigint => 1n << BigInt(n);

/**
 * HCR_EL2 bits the fuzzer sets at random: the trap and routing controls (D19.2.48). Those it
 * never sets keep the sandbox working: VM and DC (stage 2 on with no tables), VF/VI/VSE (a
 * pending virtual exception), HCD (the EL1 vectors report by HVC), RW (always 1), TGE (only
 * for EL0 cases: it takes EL1 out of use).
 */
const HCR_RANDOM = [1, 2, 3, 4, 5, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 30, 32, 33, 34, 35, 36, 37, 38,
  40, 41, 42, 43, 44, 45, 46, 47, 49, 50, 52, 53, 54, 55, 56, 57, 58];
const HCR_RW = 31, HCR_TGE = 27, HCR_TWI = 13;
/** CPTR_EL2 in both layouts (E2H = 0: TZ, TFP, TSM, TTA at 20, TAM, TCPAC; E2H = 1: ZEN, FPEN, SMEN, TTA at 28). */
const CPTR_RANDOM = [8, 10, 12, 16, 17, 20, 21, 24, 25, 28, 30, 31];
const CPTR_RES1 = 0x33ffn;
/** MDCR_EL2 above HPMN (which the image sets to PMCR_EL0.N). */
const MDCR_RANDOM = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 19, 23, 26, 27, 28];
/** CPACR_EL1: ZEN, FPEN, SMEN, TTA. */
const CPACR_RANDOM = [16, 17, 20, 21, 24, 25, 28];

/** Each of `bits` set with probability p (shrinking clears them: a draw near 0 leaves a bit clear). */
const bitsArb = (bits: readonly number[], p: number): fc.Arbitrary<bigint> =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: bits.length, maxLength: bits.length })
    .map((rs) => rs.reduce((v, r, i) => (r > 1 - p ? v | BIT(bits[i]) : v), 0n));

const sysWord = (l: number, op0: number, op1: number, crn: number, crm: number, op2: number, rt: number): number =>
  (0xd5000000 | (l << 21) | (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt) >>> 0;

/** A word and the trap groups (sysreg-traps.ts) the Arm ARM gives the register it accesses. */
export interface PoolWord { word: number; groups: readonly TrapGroup[] }

/** MRS and MSR of every register the model knows, and every SYS operation (TLBI, DC, IC, AT ...). */
export function knownWords(): PoolWord[] {
  const out: PoolWord[] = [];
  for (const r of allSysRegs()) {
    const [op0, op1, crn, crm, op2] = keyFields(r.key);
    const groups = r.trapGroups;
    out.push({ word: sysWord(1, op0, op1, crn, crm, op2, 1), groups }, { word: sysWord(0, op0, op1, crn, crm, op2, 2), groups });
    if (r.vhe?.alias) out.push({ word: sysWord(1, op0, 5, crn, crm, op2, 3), groups: [] }, { word: sysWord(0, op0, 5, crn, crm, op2, 4), groups: [] });
  }
  for (const s of allSysInsns()) {
    // SYS: op0 = 1, key = op1:CRn:CRm:op2.
    out.push({ word: (0xd5080000 | (s.key << 5) | 5) >>> 0, groups: [] });
  }
  return out.filter((w) => !sveSmeRegister(w.word));
}

/**
 * Half the time, the controls that trap the word's register are set (or, for an enable such as
 * EnSCXT, cleared): random bits alone rarely meet the one register a control covers.
 */
function aimAtWord(c: TrapCase, groups: readonly TrapGroup[], aim: boolean): TrapCase {
  if (!aim) return c;
  const out = { ...c };
  for (const g of groups) {
    const rule: { reg: string; bit: { lsb: number }; whenClear?: boolean } = TRAP_GROUPS[g];
    const key = ({ HCR_EL2: 'hcr', MDCR_EL2: 'mdcr', CPTR_EL2: 'cptr' } as const)[rule.reg as 'HCR_EL2' | 'MDCR_EL2' | 'CPTR_EL2'];
    const bit = 1n << BigInt(rule.bit.lsb);
    out[key] = rule.whenClear ? out[key] & ~bit : out[key] | bit;
  }
  return out;
}

/** Instructions whose traps are not system-register rows (D19.2: HCR/CPTR/CPACR/SCTLR controls). */
export const OTHER_WORDS: readonly number[] = [
  0xd503207f, // WFI (TWI)
  0xd4000aa2, // HVC #0x55
  0xd4000003, // SMC #0 (TSC)
  0xd69f03e0, // ERET
  0xd4200000, // BRK #0 (TDE)
  0x9e670020, // FMOV D0, X1 (CPTR/CPACR FP)
  0x4ea28420, // ADD V0.4S, V1.4S, V2.4S
  0x1e222820, // FADD S0, S1, S2
  0xd53b4400, // MRS X0, FPCR
  0xd51b4421, // MSR FPSR, X1
  0xdac10020, // PACIA X0, X1 (HCR_EL2.API)
  0xdac11020, // AUTIA X0, X1
  0xd503233f, // PACIASP (hint space)
  0xdac143e0, // XPACI X0
  0xd50b7520, // IC IVAU, X0 (TPU)
  0xd50b7b20, // DC CVAU, X0 (TPU)
  0xd50b7420, // DC ZVA, X0 (TDZ)
  0xd503403f, // MSR PAN, #0
  0xd50040bf, // MSR SPSel, #0
];

/** A random MRS/MSR encoding (op0 2 or 3): registers nobody modelled, IMPLEMENTATION DEFINED spaces. */
const randomSysWord: fc.Arbitrary<number> = fc.record({
  l: fc.integer({ min: 0, max: 1 }), op0: fc.integer({ min: 2, max: 3 }), op1: fc.constantFrom(0, 1, 3, 4, 5, 7),
  crn: fc.integer({ min: 0, max: 15 }), crm: fc.integer({ min: 0, max: 15 }), op2: fc.integer({ min: 0, max: 7 }), rt: fc.integer({ min: 0, max: 30 }),
}).map((f) => sysWord(f.l, f.op0, f.op1, f.crn, f.crm, f.op2, f.rt));

/**
 * SVE and SME system registers (ZCR_ELx, SMCR_ELx, SMPRI_EL1 at CRn = 1, CRm = 2; SMIDR_EL1,
 * SVCR, TPIDR2_EL0): QEMU's max has both features, the model neither (README feature table).
 */
export function sveSmeRegister(w: number): boolean {
  if ((w & 0xffd00000) >>> 0 !== 0xd5100000) return false;
  const op1 = (w >>> 16) & 7, crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
  return (crn === 1 && crm === 2) || (op1 === 1 && crn === 0 && crm === 0 && op2 === 6) ||
    (op1 === 3 && crn === 4 && crm === 2 && op2 === 2) || (op1 === 3 && crn === 13 && crm === 0 && op2 === 5);
}

export function trapCaseArb(words: readonly PoolWord[] = knownWords()): fc.Arbitrary<TrapCase> {
  const plain = (a: fc.Arbitrary<number>): fc.Arbitrary<PoolWord> => a.map((word) => ({ word, groups: [] }));
  const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...words) },
    { weight: 2, arbitrary: plain(randomSysWord.filter((w) => !sveSmeRegister(w))) },
    { weight: 2, arbitrary: plain(fc.constantFrom(...OTHER_WORDS)) });
  return fc.record({
    hcr: bitsArb(HCR_RANDOM, 0.25), cptr: bitsArb(CPTR_RANDOM, 0.3), mdcr: bitsArb(MDCR_RANDOM, 0.3),
    cnthctl: fc.bigInt({ min: 0n, max: 0xffffn }), hstr: fc.bigInt({ min: 0n, max: 0xffffn }), cpacr: bitsArb(CPACR_RANDOM, 0.6),
    word, el: fc.constantFrom<0 | 1>(0, 1), tge: fc.boolean(), aim: fc.boolean(),
  }).map(({ tge, aim, word: w, ...c }) =>
    sanitize(aimAtWord({ ...c, word: w.word, hcr: c.hcr | (tge && c.el === 0 ? BIT(HCR_TGE) : 0n) }, w.groups, aim)));
}

/** The rules that keep a case runnable (see HCR_RANDOM); applied to shrunk cases too. */
export function sanitize(c: TrapCase): TrapCase {
  let hcr = (c.hcr | BIT(HCR_RW)) & ~(BIT(0) | BIT(6) | BIT(7) | BIT(8) | BIT(12) | BIT(29));
  if (c.el === 1) hcr &= ~BIT(HCR_TGE);
  // WFI at EL1 with nothing to wake it waits forever unless it traps.
  if (c.word === 0xd503207f && c.el === 1) hcr |= BIT(HCR_TWI);
  return { ...c, hcr, cptr: c.cptr | CPTR_RES1 };
}

export function encodeCases(cases: readonly TrapCase[], magic: bigint): Buffer {
  const b = Buffer.alloc(16 + cases.length * CASE_BYTES);
  b.writeBigUInt64LE(magic, 0);
  b.writeBigUInt64LE(BigInt(cases.length), 8);
  cases.forEach((c, i) => {
    const o = 16 + i * CASE_BYTES;
    [c.hcr, c.cptr, c.mdcr, c.cnthctl, c.hstr, c.cpacr].forEach((v, k) => b.writeBigUInt64LE(v, o + 8 * k));
    b.writeBigUInt64LE(BigInt(c.word >>> 0) | (BigInt(c.el) << 32n), o + 48);
  });
  return b;
}

const h = (v: bigint): string => `0x${v.toString(16)}`;

export function formatCase(c: TrapCase): string {
  return `EL${c.el} word 0x${(c.word >>> 0).toString(16).padStart(8, '0')} HCR_EL2=${h(c.hcr)} CPTR_EL2=${h(c.cptr)} MDCR_EL2=${h(c.mdcr)} ` +
    `CNTHCTL_EL2=${h(c.cnthctl)} HSTR_EL2=${h(c.hstr)} CPACR_EL1=${h(c.cpacr)}`;
}
