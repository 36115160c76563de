// The ID register probe: the id-registers scenario run on the QEMU in use gives the values the
// model presents (cached per QEMU version and -cpu), and features QEMU advertises that the
// model lacks are named.
import { dir } from 'tmp-promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unimplementedFeatures } from '../emulator/feature-gaps.ts';
import { profileIdRegs } from '../emulator/profiles.ts';
import { parseIdProbe, probeIdRegisters, registerName } from './id-probe.ts';
import { runCase } from './run-case.ts';
import { buildScenarios } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

let cache: Awaited<ReturnType<typeof dir>>;
beforeAll(async () => { cache = await dir({ unsafeCleanup: true, prefix: 's2diff-idcache-' }); });
afterAll(async () => { await cache.cleanup(); });

describe('ID register probe', () => {
  it('names REGS fields as the model names registers', () => {
    expect(registerName('s3_0_c0_c4_0')).toBe('ID_AA64PFR0_EL1');
    expect(registerName('s3_0_c0_c2_6')).toBe('ID_MMFR4_EL1');
    expect(registerName('s3_0_c0_c3_3')).toBeUndefined(); // reserved, RAZ
    expect(registerName('ccsidr_l2_d')).toBe('CCSIDR_EL1.L2D');
    expect(registerName('midr_el1')).toBe('MIDR_EL1');
    expect(parseIdProbe('REGS x\ns3_0_c0_c7_0=0x0000000000001124 midr_el1=0x0\nEND REGS\n')).toEqual({ ID_AA64MMFR0_EL1: 0x1124n });
  });

  it('names the features a QEMU advertises that the model lacks', () => {
    const a57 = unimplementedFeatures(profileIdRegs('cortex-a57')).map((g) => g.feature);
    expect(a57).not.toContain('FEAT_SVE');
    const max = unimplementedFeatures(profileIdRegs('max')).map((g) => g.feature);
    expect(max).toEqual(expect.arrayContaining(['FEAT_SVE', 'FEAT_SME']));
    // FP, Advanced SIMD, crypto and PAuth are modelled: no entry names them any more (issue 13).
    for (const f of [...a57, ...max]) expect(f).not.toMatch(/SIMD|FP16|BF16|DotProd|I8MM|FHM|FCMA|JSCVT|FRINTTS|RDM|AES|PMULL|SHA|SM3|SM4|^FEAT_PAuth$/);
    // Without FP/AdvSIMD (the signed fields at 0xf) nothing is advertised, so nothing is missing either.
    const noFp = { ...profileIdRegs('max'), ID_AA64PFR0_EL1: profileIdRegs('max').ID_AA64PFR0_EL1! | (0xffn << 16n) };
    expect(unimplementedFeatures(noFp).map((g) => g.feature)).toEqual(max);
    // A future QEMU adding FEAT_LSE2 to max: named as soon as the probe sees it.
    const future = { ...profileIdRegs('max'), ID_AA64MMFR2_EL1: profileIdRegs('max').ID_AA64MMFR2_EL1! | (1n << 32n) };
    expect(unimplementedFeatures(future).map((g) => g.feature)).toContain('FEAT_LSE2');
  });

  it.each(['max', 'cortex-a57'] as const)('learns -cpu %s from QEMU, caches it, and the model presents it', async (cpu) => {
    const first = await probeIdRegisters(cpu, cache.path);
    expect(first.source).toBe('qemu');
    expect(first.registers.MIDR_EL1).toBe(profileIdRegs(cpu).MIDR_EL1);
    const again = await probeIdRegisters(cpu, cache.path);
    expect(again.source).toBe('cache');
    expect(again.registers).toEqual(first.registers);
    const idRegisters = Object.fromEntries(Object.entries(first.registers).map(([k, v]) => [k, `0x${v.toString(16)}`]));
    const [image] = await buildScenarios(['id-registers']);
    const r = await runCase({ name: 'id-registers', image: image! }, { ...DEFAULT_RUN_OPTIONS, cpu, idRegisters });
    expect(r.verdict).toBe('match');
  });

  it('a learned value reaches the model (a doctored MIDR shows as a divergence)', async () => {
    const [image] = await buildScenarios(['id-registers']);
    const r = await runCase({ name: 'id-registers', image: image! },
      { ...DEFAULT_RUN_OPTIONS, idRegisters: { ...Object.fromEntries(Object.entries(profileIdRegs('max')).map(([k, v]) => [k, `0x${v.toString(16)}`])), MIDR_EL1: '0x410fd4f0' } });
    expect(r.verdict).toBe('diverge');
    expect(r.divergences[0]!.model).toContain('midr_el1=0x00000000410fd4f0');
  });

  it('--cpu max,sve=off,sme=off: QEMU presents other ID registers, the model presents those, and both agree', async () => {
    const plain = await probeIdRegisters('max', cache.path);
    const off = await probeIdRegisters('max', cache.path, 'sve=off,sme=off');
    expect((plain.registers.ID_AA64PFR0_EL1! >> 32n) & 0xfn).not.toBe(0n); // SVE on by default
    expect((off.registers.ID_AA64PFR0_EL1! >> 32n) & 0xfn).toBe(0n);
    expect((off.registers.ID_AA64PFR1_EL1! >> 24n) & 0xfn).toBe(0n); // SME
    expect(off.unimplemented.map((g) => g.feature)).not.toContain('FEAT_SVE');
    // Every other feature QEMU 7.2's max advertises is modelled (issues 13 and 14): nothing to warn about.
    expect(off.unimplemented).toEqual([]);
    expect(plain.unimplemented.map((g) => g.feature)).toEqual(['FEAT_SVE', 'FEAT_SME']);
    const [image] = await buildScenarios(['id-registers']);
    const idRegisters = Object.fromEntries(Object.entries(off.registers).map(([k, v]) => [k, `0x${v.toString(16)}`]));
    const r = await runCase({ name: 'id-registers', image: image! }, { ...DEFAULT_RUN_OPTIONS, cpuProps: 'sve=off,sme=off', idRegisters });
    expect(r.verdict, r.divergences.map((d) => `${d.qemu}\n${d.model}`).join('\n')).toBe('match');
    expect(r.options?.cpuProps).toBe('sve=off,sme=off');
  });
});
