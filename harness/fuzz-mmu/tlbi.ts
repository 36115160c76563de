// The TLBI forms the fuzz image can run, by number (scenarios/fuzz-mmu/main.c tlbi()), with
// what each invalidates for the current VMID (C5.5.x; the oracle's reading of them).

export type TlbiOperand = 'none' | 'ipa' | 'va' | 'range';
export type TlbiReach = 's2-ipa' | 's2-range' | 'vmid-all' | 'comb-all' | 'all' | 'comb-va' | 'comb-nonglobal';

export interface TlbiForm {
  name: string;
  operand: TlbiOperand;
  reach: TlbiReach;
  /** Last level only (…LE1): leaves entries made stale through a table descriptor. */
  lastLevel: boolean;
}

const f = (name: string, operand: TlbiOperand, reach: TlbiReach, lastLevel = false): TlbiForm => ({ name, operand, reach, lastLevel });

export const TLBI_FORMS: readonly TlbiForm[] = [
  f('IPAS2E1IS', 'ipa', 's2-ipa'), f('IPAS2E1', 'ipa', 's2-ipa'), f('IPAS2LE1IS', 'ipa', 's2-ipa', true), f('IPAS2LE1', 'ipa', 's2-ipa', true),
  f('VMALLS12E1IS', 'none', 'vmid-all'), f('VMALLS12E1', 'none', 'vmid-all'), f('VMALLE1IS', 'none', 'comb-all'), f('VMALLE1', 'none', 'comb-all'),
  f('ALLE1IS', 'none', 'all'), f('ALLE1', 'none', 'all'),
  f('VAE1IS', 'va', 'comb-va'), f('VAE1', 'va', 'comb-va'), f('VALE1', 'va', 'comb-va', true), f('VAAE1', 'va', 'comb-va'),
  f('ASIDE1', 'none', 'comb-nonglobal'),
  f('RIPAS2E1IS', 'range', 's2-range'), f('RIPAS2E1', 'range', 's2-range'), f('RIPAS2LE1', 'range', 's2-range', true),
];
export const TLBI_ALLE1 = 9;
export const TLBI_IPAS2E1IS = 0;
export const TLBI_VMALLE1IS = 6;

/** Xt of a range form: TG = 4K, SCALE = 0, NUM, TTL = 0, BaseADDR (C5.5.x). Covers (NUM + 1) * 2 pages. */
export const rangeOperand = (ipa: number, num: number): bigint => 1n << 46n | BigInt(num & 31) << 39n | BigInt(Math.floor(ipa / 4096));
export const rangePages = (num: number): number => ((num & 31) + 1) * 2;
