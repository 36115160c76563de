// The key-selecting wrappers of the pointer authentication functions (Arm ARM DDI 0487 J1
// aarch64/functions/pac: AddPACIA/IB/DA/DB, AddPACGA, AuthIA/IB/DA/DB) with their enables
// (SCTLR_ELx.EnIA/EnIB/EnDA/EnDB of the current regime: a disabled key returns the pointer
// unchanged) and the EL2 trap (HCR_EL2.API = 0 traps EL0/EL1 use to EL2 as EC 0x09,
// TrapPACUse; not EL0 in the EL2&0 host). There is no EL3 on the virt board, so SCR_EL3.API
// never traps.

import type { Cpu } from '../cpu.ts';
import { isSet, type Field } from '../arch/field.ts';
import { inHost } from '../arch/regime.ts';
import { HCR_EL2, SCTLR } from '../arch/registers.ts';
import { EC, raise } from '../exceptions.ts';
import type { SysRegName } from '../sysreg-rooms.ts';
import { addPac, auth } from './add-auth-strip.ts';
import { computePac } from './qarma5.ts';

/** The four pointer keys, in the order the instruction encodings use (Z = 0 IA, 1 IB, 2 DA, 3 DB). */
export const PacKey = { IA: 0, IB: 1, DA: 2, DB: 3 } as const;
export type PacKey = (typeof PacKey)[keyof typeof PacKey];

interface KeyDef { enable: Field; lo: SysRegName; hi: SysRegName; data: boolean; number: number }

const KEYS: readonly KeyDef[] = [
  { enable: SCTLR.EnIA, lo: 'APIAKeyLo_EL1', hi: 'APIAKeyHi_EL1', data: false, number: 0 },
  { enable: SCTLR.EnIB, lo: 'APIBKeyLo_EL1', hi: 'APIBKeyHi_EL1', data: false, number: 1 },
  { enable: SCTLR.EnDA, lo: 'APDAKeyLo_EL1', hi: 'APDAKeyHi_EL1', data: true, number: 0 },
  { enable: SCTLR.EnDB, lo: 'APDBKeyLo_EL1', hi: 'APDBKeyHi_EL1', data: true, number: 1 },
];

/** Whether any of the four pointer keys is enabled for the current regime. */
export function anyKeyEnabled(c: Cpu): boolean {
  const s = c.sr.sctlrFor(c.el);
  return KEYS.some((k) => isSet(s, k.enable));
}

/** TrapEL2 of the wrappers: EL1, or EL0 outside the EL2&0 host, with HCR_EL2.API = 0. */
function trapPacUse(c: Cpu): void {
  if (c.el >= 2 || (c.el === 0 && inHost(c))) return;
  if (!isSet(c.sr.get('HCR_EL2'), HCR_EL2.API)) raise(c, { ec: EC.PAC_TRAP, iss: 0, targetEl: 2 });
}

/** The key's enable, then the trap; undefined when the key is disabled (the pointer is returned as is). */
function usable(c: Cpu, key: PacKey): KeyDef | undefined {
  const k = KEYS[key];
  if (!isSet(c.sr.sctlrFor(c.el), k.enable)) return undefined;
  trapPacUse(c);
  return k;
}

/** AddPACIA/AddPACIB/AddPACDA/AddPACDB(X, Y). */
export function addPacWith(c: Cpu, key: PacKey, x: bigint, y: bigint): bigint {
  const k = usable(c, key);
  return k ? addPac(c, x, y, c.sr.get(k.hi), c.sr.get(k.lo), k.data) : x;
}

/** AuthIA/AuthIB/AuthDA/AuthDB(X, Y). */
export function authWith(c: Cpu, key: PacKey, x: bigint, y: bigint): bigint {
  const k = usable(c, key);
  return k ? auth(c, x, y, c.sr.get(k.hi), c.sr.get(k.lo), k.data, k.number) : x;
}

/** AddPACGA(X, Y): ComputePAC with the generic key, its top 32 bits (no enable, only the trap). */
export function addPacGa(c: Cpu, x: bigint, y: bigint): bigint {
  trapPacUse(c);
  return computePac(x, y, c.sr.get('APGAKeyHi_EL1'), c.sr.get('APGAKeyLo_EL1')) & 0xffff_ffff_0000_0000n;
}

/** A general register slot (doubled index, as Op fields hold them) as a 64-bit value. */
export function slotValue(c: Cpu, s: number): bigint {
  return (BigInt(c.x[s + 1] >>> 0) << 32n) | BigInt(c.x[s] >>> 0);
}

export function setSlot(c: Cpu, s: number, v: bigint): void {
  c.x[s] = Number(v & 0xffffffffn) | 0;
  c.x[s + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
}
