// The system register table's own consistency (the behaviour of each row is proved against
// QEMU by the scenarios): names, encodings, VHE targets, trap groups, SYS instruction rows.
import { describe, expect, it } from 'vitest';
import './sysreg-rooms.ts';
import type { SysRegFile } from './sysreg-file.ts';
import { allSysInsns, lookupSysInsn, sysInsnKey } from './sys-instructions.ts';
import { allSysRegs, el12Target, lookupSysReg, sysRegByName, sysregKey } from './sysreg-table.ts';

describe('system register table', () => {
  it('has one row per name and per encoding', () => {
    const rows = allSysRegs();
    expect(new Set(rows.map((d) => d.name)).size).toBe(rows.length);
    expect(new Set(rows.map((d) => d.key)).size).toBe(rows.length);
    for (const d of rows) expect(lookupSysReg(d.key)).toBe(d);
  });

  it('redirects only to EL2 registers that exist, and aliases by op1 = 5', () => {
    for (const d of allSysRegs()) {
      if (d.vhe?.el2) expect(sysRegByName(d.vhe.el2)?.minEl, `${d.name} -> ${d.vhe.el2}`).toBe(2);
      if (d.vhe?.alias) {
        const [op0, , crn, crm, op2] = d.enc;
        expect(el12Target(sysregKey(op0, 5, crn, crm, op2))).toBe(d);
      }
    }
    expect(el12Target(sysregKey(3, 5, 1, 0, 0))?.name).toBe('SCTLR_EL1');
    expect(el12Target(sysregKey(3, 5, 14, 2, 1))?.name).toBe('CNTP_CTL_EL0');
    expect(sysRegByName('SCXTNUM_EL1')?.vhe?.el2).toBe('SCXTNUM_EL2');
  });

  it('gives each row the trap groups of its encoding space beside its own', () => {
    const groups = (name: string): readonly string[] => sysRegByName(name)?.trapGroups ?? [];
    expect(groups('ID_AA64PFR0_EL1')).toContain('TID3');
    expect(groups('SCTLR_EL1')).toEqual(expect.arrayContaining(['TVM', 'TRVM']));
    expect(groups('DBGBVR0_EL1')).toContain('TDA');
    expect(groups('OSLAR_EL1')).toContain('TDOSA');
    expect(groups('PMCR_EL0')).toEqual(expect.arrayContaining(['TPMCR', 'TPM']));
    expect(groups('PMEVCNTR3_EL0')).toContain('TPM');
    expect(groups('SCXTNUM_EL1')).toContain('EnSCXT');
    expect(groups('TPIDR_EL1')).toEqual([]);
  });

  it('types register names: a misspelt one does not compile', () => {
    const get = (sr: SysRegFile): bigint =>
      // @ts-expect-error SCTRL_EL1 is not a register (tsc fails if this line compiles)
      sr.get('SCTRL_EL1');
    expect(typeof get).toBe('function');
  });
});

describe('SYS instruction rows', () => {
  it('are unique and findable by the encoding bits of the instruction', () => {
    const rows = allSysInsns();
    expect(new Set(rows.map((d) => d.key)).size).toBe(rows.length);
    expect(lookupSysInsn(sysInsnKey(0, 8, 7, 0))?.name).toBe('TLBI VMALLE1');
    expect(lookupSysInsn(sysInsnKey(4, 8, 4, 1))?.name).toBe('TLBI IPAS2E1');
    expect(lookupSysInsn(sysInsnKey(3, 7, 4, 1))?.name).toBe('DC ZVA');
    expect(lookupSysInsn(sysInsnKey(4, 7, 8, 4))?.at).toEqual({ stage: 'S12E1', write: false, pan: false });
    // Unallocated: TLBI op1 = 0 CRm = 7 op2 = 4, DC op1 = 3 CRm = 4 op2 = 0.
    expect(lookupSysInsn(sysInsnKey(0, 8, 7, 4))).toBeUndefined();
    expect(lookupSysInsn(sysInsnKey(3, 7, 4, 0))).toBeUndefined();
  });

  it('trap EL1 TLBIs by TTLB and no EL2 instruction by HCR_EL2', () => {
    for (const d of allSysInsns()) {
      if (d.kind === 'tlbi') expect(d.trap !== undefined, d.name).toBe(d.minEl === 1);
      if (d.minEl === 2) expect(d.trap, d.name).toBeUndefined();
    }
  });
});
