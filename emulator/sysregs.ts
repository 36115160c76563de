// The core system registers (identification, EL1/EL2 controls, debug, special-purpose):
// rows of the register table (sysreg-table.ts), each with all of its behaviour. Devices
// declare their own registers beside their code (gic-sysregs.ts, generic-timer.ts, pmu.ts,
// software-step.ts). Reset values are QEMU 7.2's (virt, virtualization=on), read back from
// QEMU with a probe image; the architecture leaves most of them UNKNOWN.

import type { Cpu } from './cpu.ts';
import { fieldOf, isSet, withField, type Field } from './arch/field.ts';
import { inHost, isTGE } from './arch/regime.ts';
import { EC, raise, undefinedInstruction } from './exceptions.ts';
import { rtField, sysTrapIss } from './sysreg-access.ts';
import { CSSELR_EL1, DCZID_EL0, HCR_EL2, OSLAR_EL1, OSLSR_EL1, PSTATE, SCTLR } from './arch/registers.ts';
import { hcrEl2ValidMask } from './features.ts';
import { random64 } from './rng.ts';
import { debugArmingChanged } from './hw-debug.ts';
import { defineSysRegs, sysregKey, type SysRegSpec } from './sysreg-table.ts';

type Enc = SysRegSpec['enc'];
type Extra = Partial<SysRegSpec>;

/** A register accessible from `minEl`, plain storage unless `extra` says otherwise. */
const r = (enc: Enc, minEl: number, extra: Extra = {}): SysRegSpec => ({ enc, minEl, ...extra });
/** A read-only identification register of the ID space (op0 = 3, op1 = 0, CRn = 0): TID3 comes from its space. */
const id = (crm: number, op2: number): SysRegSpec => ({ enc: [3, 0, 0, crm, op2], minEl: 1, readonly: true });

/** EL1 registers that FEAT_VHE redirects at EL2 (E2H = 1) and aliases as *_EL12. */
const vhe = (el2: `${string}_EL2`): Extra['vhe'] => ({ el2, alias: true });
/** Writes change the EL1&0 translation (and --strict's missing-isb looks at them). */
const el10Translation: Extra = { translation: true, strictRegimes: ['el10'] };
const el2Translation: Extra = { translation: true, strictRegimes: ['el2', 'el20'] };

/** A PSTATE field accessed as a special-purpose register (C5.2): its bit in place. */
function pstateField(get: (c: Cpu) => number, set: (c: Cpu, v: number) => void, lsb: number): Extra {
  return {
    read: (c): bigint => BigInt(get(c)) << BigInt(lsb),
    write: (c, v): void => set(c, Number((v >> BigInt(lsb)) & 1n)),
  };
}

/** RNDR/RNDRRS: QEMU 7.2 reseeds nothing for RNDRRS, both draw from the same generator. */
function randomRead(c: Cpu): bigint {
  c.setNZCV(0);
  return random64(c.rng);
}

/** FEAT_LOR registers without LORegions: RAZ/WI, trapped by HCR_EL2.TLOR. */
const LOR: Extra = { feature: 'lor', traps: ['TLOR'], read: (): bigint => 0n, write: (): void => {} };

/**
 * ISR_EL1 (D19.2): I, F and A pending, whatever PSTATE masks. Read at EL1 where HCR_EL2.IMO/
 * FMO/AMO route the kind to EL2, the bit shows the virtual interrupt (HCR_EL2.VI/VF/VSE or the
 * GIC's virtual CPU interface); otherwise (and always at EL2) the physical one.
 */
function isrRead(c: Cpu): bigint {
  const hcr = c.el === 1 ? c.sr.get('HCR_EL2') : 0n;
  const routed = (bit: typeof HCR_EL2.IMO): boolean => isSet(hcr, bit);
  const i = routed(HCR_EL2.IMO) ? isSet(hcr, HCR_EL2.VI) || c.gicVirq : c.irqLine;
  const f = routed(HCR_EL2.FMO) ? isSet(hcr, HCR_EL2.VF) || c.gicVfiq : c.fiqLine;
  const a = routed(HCR_EL2.AMO) && isSet(hcr, HCR_EL2.VSE); // no physical SError is modelled
  return (i ? 0x80n : 0n) | (f ? 0x40n : 0n) | (a ? 0x100n : 0n);
}

/** DISR_EL1 at EL1 with HCR_EL2.AMO (and EL2 enabled) is VDISR_EL2 (D19.2 DISR_EL1). */
const disrTarget = (c: Cpu): 'DISR_EL1' | 'VDISR_EL2' =>
  c.el === 1 && isSet(c.sr.get('HCR_EL2'), HCR_EL2.AMO) ? 'VDISR_EL2' : 'DISR_EL1';

/** SCXTNUM_EL0 at EL0 with SCTLR_ELx.TSCXT: trapped with the MRS/MSR syndrome. */
function scxtnumEl0Check(c: Cpu, read: boolean): void {
  if ( !isSet(c.sr.sctlrFor(0), SCTLR.TSCXT)) return;
  const target = inHost(c) || isTGE(c) ? 2 : 1;
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(sysregKey(3, 3, 13, 0, 7), rtField(c.op), read), targetEl: target });
}

/**
 * An EL0 access its SCTLR_ELx bit must allow (SCTLR_EL1.UCT for CTR_EL0, UMA for DAIF; in the
 * EL2&0 host regime SCTLR_EL2's): else a trap to EL1, or EL2 with TGE (EC 0x18).
 */
function el0EnabledBy(enable: Field, key: number): (c: Cpu, read: boolean) => void {
  return (c, read) => {
    if (isSet(c.sr.sctlrFor(0), enable)) return;
    raise(c, { ec: EC.SYS64, iss: sysTrapIss(key, rtField(c.op), read), targetEl: inHost(c) || isTGE(c) ? 2 : 1 });
  };
}

/** CNTFRQ_EL0 at EL0: readable with either counter enabled for EL0 (D19.12 CNTFRQ_EL0 accessibility). */
function cntfrqEl0Check(c: Cpu, read: boolean): void {
  const ctl = inHost(c) ? c.sr.get('CNTHCTL_EL2') : c.sr.get('CNTKCTL_EL1');
  if (read && (ctl & 3n) !== 0n) return; // EL0PCTEN, EL0VCTEN (bits 0, 1 of both layouts)
  if (!read) undefinedInstruction(c);
  raise(c, { ec: EC.SYS64, iss: sysTrapIss(sysregKey(3, 3, 14, 0, 0), rtField(c.op), read), targetEl: inHost(c) || isTGE(c) ? 2 : 1 });
}

/**
 * The Cortex-A57 IMPLEMENTATION DEFINED registers QEMU 7.2 gives cortex-a57 and max (RAZ/WI:
 * its cortex_a72_a57_a53_cp_reginfo): CPUACTLR, CPUECTLR, CPUMERRSR, L2ECTLR, L2MERRSR.
 */
const a57Impdef = (crn: number, crm: number, op2: number): SysRegSpec => r([3, 1, crn, crm, op2], 1, { read: (): bigint => 0n, write: (): void => {} });

export const CORE_SYSREGS = defineSysRegs({
  // The DCC interrupt enable, as QEMU 7.2 has it: reads 0, writes ignored (no debug comms channel).
  MDCCINT_EL1: r([2, 0, 0, 2, 0], 1, { read: (): bigint => 0n, write: (): void => {} }),
  // The DCC status: no debug comms channel, reads 0 from EL0 up, as on QEMU 7.2.
  MDCCSR_EL0: r([2, 3, 0, 1, 0], 0, { readonly: true, read: (): bigint => 0n }),
  // No memory-mapped debug ROM table: MDRAR_EL1 reads 0 (ROMADDR not valid), as on QEMU 7.2.
  MDRAR_EL1: r([2, 0, 1, 0, 0], 1, { readonly: true, read: (): bigint => 0n }),
  // QEMU 7.2's a57_l2ctlr_read: the number of PEs less one in bits [25:24], writes ignored.
  L2CTLR_EL1: r([3, 1, 11, 0, 2], 1, { read: (c): bigint => BigInt(((c.gic?.dist.pes.length ?? 1) - 1) & 3) << 24n, write: (): void => {} }),
  CPUACTLR_EL1: a57Impdef(15, 2, 0),
  CPUECTLR_EL1: a57Impdef(15, 2, 1),
  CPUMERRSR_EL1: a57Impdef(15, 2, 2),
  L2MERRSR_EL1: a57Impdef(15, 2, 3),
  L2ECTLR_EL1: a57Impdef(11, 0, 3),
  // ---- identification (read-only at EL1+) ----
  // MIDR/MPIDR read at EL1 with EL2 enabled return VPIDR_EL2/VMPIDR_EL2 (D19.2 MIDR_EL1).
  MIDR_EL1: r([3, 0, 0, 0, 0], 1, { readonly: true, read: (c): bigint => c.sr.get(c.el === 1 ? 'VPIDR_EL2' : 'MIDR_EL1') }),
  MPIDR_EL1: r([3, 0, 0, 0, 5], 1, { readonly: true, read: (c): bigint => c.sr.get(c.el === 1 ? 'VMPIDR_EL2' : 'MPIDR_EL1') }),
  REVIDR_EL1: r([3, 0, 0, 0, 6], 1, { readonly: true, traps: ['TID1'] }),
  ID_PFR0_EL1: id(1, 0), ID_PFR1_EL1: id(1, 1), ID_DFR0_EL1: id(1, 2), ID_AFR0_EL1: id(1, 3),
  ID_MMFR0_EL1: id(1, 4), ID_MMFR1_EL1: id(1, 5), ID_MMFR2_EL1: id(1, 6), ID_MMFR3_EL1: id(1, 7),
  ID_ISAR0_EL1: id(2, 0), ID_ISAR1_EL1: id(2, 1), ID_ISAR2_EL1: id(2, 2), ID_ISAR3_EL1: id(2, 3),
  ID_ISAR4_EL1: id(2, 4), ID_ISAR5_EL1: id(2, 5), ID_MMFR4_EL1: id(2, 6), ID_ISAR6_EL1: id(2, 7),
  MVFR0_EL1: id(3, 0), MVFR1_EL1: id(3, 1), MVFR2_EL1: id(3, 2), ID_PFR2_EL1: id(3, 4),
  ID_DFR1_EL1: id(3, 5), ID_MMFR5_EL1: id(3, 6),
  ID_AA64PFR0_EL1: id(4, 0), ID_AA64PFR1_EL1: id(4, 1), ID_AA64ZFR0_EL1: id(4, 4), ID_AA64SMFR0_EL1: id(4, 5),
  ID_AA64DFR0_EL1: id(5, 0), ID_AA64DFR1_EL1: id(5, 1), ID_AA64AFR0_EL1: id(5, 4), ID_AA64AFR1_EL1: id(5, 5),
  ID_AA64ISAR0_EL1: id(6, 0), ID_AA64ISAR1_EL1: id(6, 1), ID_AA64ISAR2_EL1: id(6, 2),
  ID_AA64MMFR0_EL1: id(7, 0), ID_AA64MMFR1_EL1: id(7, 1), ID_AA64MMFR2_EL1: id(7, 2),
  // CCSIDR_EL1 describes the cache CSSELR_EL1 selects; a cache CLIDR_EL1 does not list reads
  // as zero in QEMU 7.2 (architecturally UNKNOWN).
  CCSIDR_EL1: r([3, 1, 0, 0, 0], 1, {
    readonly: true, traps: ['TID2'],
    read: (c): bigint => {
      const sel = c.sr.get('CSSELR_EL1');
      return c.sr.getCcsidr(fieldOf(sel, CSSELR_EL1.Level), isSet(sel, CSSELR_EL1.InD));
    },
  }),
  CLIDR_EL1: r([3, 1, 0, 0, 1], 1, { readonly: true, traps: ['TID2'] }),
  AIDR_EL1: r([3, 1, 0, 0, 7], 1, { readonly: true, traps: ['TID1'] }),
  CSSELR_EL1: r([3, 2, 0, 0, 0], 1, { traps: ['TID2'] }),
  CTR_EL0: r([3, 3, 0, 0, 1], 0, { readonly: true, traps: ['TID2'], el0Access: el0EnabledBy(SCTLR.UCT, sysregKey(3, 3, 0, 0, 1)) }),
  // DCZID_EL0.DZP reads 1 where DC ZVA would not run: EL0 without SCTLR_ELx.DZE, or EL0/EL1
  // with HCR_EL2.TDZ outside the EL2&0 host regime (D19.2 DCZID_EL0).
  DCZID_EL0: r([3, 3, 0, 0, 7], 0, {
    readonly: true,
    read: (c): bigint => {
      const prohibited = (c.el === 0 && !isSet(c.sr.sctlrFor(0), SCTLR.DZE)) ||
        (c.el < 2 && !inHost(c) && isSet(c.sr.get('HCR_EL2'), HCR_EL2.TDZ));
      return withField(c.sr.get('DCZID_EL0'), DCZID_EL0.DZP, prohibited ? 1 : 0);
    },
  }),
  VPIDR_EL2: r([3, 4, 0, 0, 0], 2),
  VMPIDR_EL2: r([3, 4, 0, 0, 5], 2),

  // ---- EL1 controls ----
  SCTLR_EL1: r([3, 0, 1, 0, 0], 1, { reset: 0xc50838n, traps: ['TVM', 'TRVM'], vhe: vhe('SCTLR_EL2'), ...el10Translation }),
  ACTLR_EL1: r([3, 0, 1, 0, 1], 1, { traps: ['TACR'] }),
  CPACR_EL1: r([3, 0, 1, 0, 2], 1, { traps: ['TCPAC'], vhe: vhe('CPTR_EL2') }),
  TTBR0_EL1: r([3, 0, 2, 0, 0], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('TTBR0_EL2'), ...el10Translation }),
  TTBR1_EL1: r([3, 0, 2, 0, 1], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('TTBR1_EL2'), ...el10Translation }),
  TCR_EL1: r([3, 0, 2, 0, 2], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('TCR_EL2'), ...el10Translation }),
  SPSR_EL1: r([3, 0, 4, 0, 0], 1, { vhe: vhe('SPSR_EL2') }),
  ELR_EL1: r([3, 0, 4, 0, 1], 1, { vhe: vhe('ELR_EL2') }),
  AFSR0_EL1: r([3, 0, 5, 1, 0], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('AFSR0_EL2') }),
  AFSR1_EL1: r([3, 0, 5, 1, 1], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('AFSR1_EL2') }),
  ESR_EL1: r([3, 0, 5, 2, 0], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('ESR_EL2') }),
  FAR_EL1: r([3, 0, 6, 0, 0], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('FAR_EL2') }),
  PAR_EL1: r([3, 0, 7, 4, 0], 1),
  MAIR_EL1: r([3, 0, 10, 2, 0], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('MAIR_EL2'), ...el10Translation }),
  AMAIR_EL1: r([3, 0, 10, 3, 0], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('AMAIR_EL2') }),
  VBAR_EL1: r([3, 0, 12, 0, 0], 1, { vhe: vhe('VBAR_EL2') }),
  ISR_EL1: r([3, 0, 12, 1, 0], 1, { readonly: true, read: isrRead }),
  CONTEXTIDR_EL1: r([3, 0, 13, 0, 1], 1, { traps: ['TVM', 'TRVM'], vhe: vhe('CONTEXTIDR_EL2') }),
  TPIDR_EL1: r([3, 0, 13, 0, 4], 1),
  // FEAT_LOR with no LORegions (LORID_EL1 = 0), as QEMU 7.2: the registers are RAZ/WI and
  // HCR_EL2.TLOR traps EL1 accesses (D19.2 LORSA_EL1 ...; scenario system-features).
  LORSA_EL1: r([3, 0, 10, 4, 0], 1, LOR),
  LOREA_EL1: r([3, 0, 10, 4, 1], 1, LOR),
  LORN_EL1: r([3, 0, 10, 4, 2], 1, LOR),
  LORC_EL1: r([3, 0, 10, 4, 3], 1, LOR),
  LORID_EL1: r([3, 0, 10, 4, 7], 1, { ...LOR, readonly: true }),
  // FEAT_RAS as QEMU 7.2 implements it: no error records (ERRIDR_EL1.NUM = 0, and ERRSELR_EL1
  // and the ERX* window UNDEFINED); DISR_EL1 reaches VDISR_EL2 at EL1 with HCR_EL2.AMO (D19.2
  // DISR_EL1); QEMU 7.2 keeps DISR/VDISR as written (RES0 bits not masked).
  ERRIDR_EL1: r([3, 0, 5, 3, 0], 1, { feature: 'ras', readonly: true, traps: ['TERR'] }),
  DISR_EL1: r([3, 0, 12, 1, 1], 1, {
    feature: 'ras',
    read: (c): bigint => c.sr.get(disrTarget(c)),
    write: (c, v): void => c.sr.set(disrTarget(c), v),
  }),
  CNTKCTL_EL1: r([3, 0, 14, 1, 0], 1, { vhe: vhe('CNTHCTL_EL2') }),
  // FEAT_CSV2_2: software context numbers (D19.2). HCR_EL2.EnSCXT = 0 traps EL0/EL1 accesses.
  SCXTNUM_EL1: r([3, 0, 13, 0, 7], 1, { feature: 'scxtnum', traps: ['EnSCXT'], vhe: vhe('SCXTNUM_EL2') }),

  // ---- EL2 controls ----
  SCTLR_EL2: r([3, 4, 1, 0, 0], 2, el2Translation),
  ACTLR_EL2: r([3, 4, 1, 0, 1], 2),
  HCR_EL2: r([3, 4, 1, 1, 0], 2, {
    translation: true, strictRegimes: ['el10'],
    write: (c, v): void => c.sr.set('HCR_EL2', v & hcrEl2ValidMask(c.features)),
  }),
  // MDCR_EL2 is a row of pmu.ts (its HPMN/HPME/HPMD/HCCD/HLP decide what the PMU counts).
  CPTR_EL2: r([3, 4, 1, 1, 2], 2),
  HSTR_EL2: r([3, 4, 1, 1, 3], 2),
  HACR_EL2: r([3, 4, 1, 1, 7], 2),
  TTBR0_EL2: r([3, 4, 2, 0, 0], 2, el2Translation),
  TTBR1_EL2: r([3, 4, 2, 0, 1], 2, { feature: 'vhe', translation: true, strictRegimes: ['el20'] }), // the EL2&0 regime (E2H=1)
  TCR_EL2: r([3, 4, 2, 0, 2], 2, el2Translation),
  VTTBR_EL2: r([3, 4, 2, 1, 0], 2, el10Translation),
  VTCR_EL2: r([3, 4, 2, 1, 2], 2, el10Translation),
  SPSR_EL2: r([3, 4, 4, 0, 0], 2),
  ELR_EL2: r([3, 4, 4, 0, 1], 2),
  AFSR0_EL2: r([3, 4, 5, 1, 0], 2),
  AFSR1_EL2: r([3, 4, 5, 1, 1], 2),
  ESR_EL2: r([3, 4, 5, 2, 0], 2),
  VSESR_EL2: r([3, 4, 5, 2, 3], 2, { feature: 'ras' }), // syndrome of a virtual SError (FEAT_RAS)
  VDISR_EL2: r([3, 4, 12, 1, 1], 2, { feature: 'ras' }), // a virtual SError deferred by ESB
  // FEAT_HCX: QEMU 7.2 implements none of the features that give HCRX_EL2 bits, so it is RAZ/WI.
  HCRX_EL2: r([3, 4, 1, 2, 2], 2, { feature: 'hcx', read: (): bigint => 0n, write: (): void => {} }),
  FAR_EL2: r([3, 4, 6, 0, 0], 2),
  HPFAR_EL2: r([3, 4, 6, 0, 4], 2),
  MAIR_EL2: r([3, 4, 10, 2, 0], 2, el2Translation),
  AMAIR_EL2: r([3, 4, 10, 3, 0], 2),
  VBAR_EL2: r([3, 4, 12, 0, 0], 2),
  CONTEXTIDR_EL2: r([3, 4, 13, 0, 1], 2, { feature: 'vhe' }),
  TPIDR_EL2: r([3, 4, 13, 0, 2], 2),
  SCXTNUM_EL2: r([3, 4, 13, 0, 7], 2, { feature: 'scxtnum' }),
  CNTHCTL_EL2: r([3, 4, 14, 1, 0], 2, { reset: 3n }),
  CNTVOFF_EL2: r([3, 4, 14, 0, 3], 2),

  // ---- EL0-accessible ----
  TPIDR_EL0: r([3, 3, 13, 0, 2], 0),
  // Read-only at EL0: an EL0 MSR is UNDEFINED.
  TPIDRRO_EL0: r([3, 3, 13, 0, 3], 0, { write: (c, v): void => { if (c.el === 0) undefinedInstruction(c); c.sr.set('TPIDRRO_EL0', v); } }),
  // SCXTNUM_EL0 at EL0 is also trapped by SCTLR_EL1.TSCXT (to EL1, or EL2 with TGE), or in the
  // EL2&0 host regime by SCTLR_EL2.TSCXT (D19.2 SCXTNUM_EL0 accessibility).
  SCXTNUM_EL0: r([3, 3, 13, 0, 7], 0, {
    feature: 'scxtnum', traps: ['EnSCXT'], el0Access: scxtnumEl0Check,
  }),
  // Writable only at the highest implemented EL (EL2 here): an MSR from EL0/EL1 is UNDEFINED.
  // EL0 reads need CNTKCTL_EL1.EL0PCTEN or EL0VCTEN (CNTHCTL_EL2's in the host), else a trap to EL1 (EL2 with TGE).
  CNTFRQ_EL0: r([3, 3, 14, 0, 0], 0, { reset: 0x3b9aca0n, el0Access: cntfrqEl0Check, write: (c, v): void => { if (c.el < 2) undefinedInstruction(c); c.sr.set('CNTFRQ_EL0', v); } }),
  // FEAT_RNG: 64 random bits and NZCV = 0b0000 (success), from QEMU's seeded generator (rng.ts).
  RNDR: r([3, 3, 2, 4, 0], 0, { feature: 'rng', readonly: true, read: randomRead }),
  RNDRRS: r([3, 3, 2, 4, 1], 0, { feature: 'rng', readonly: true, read: randomRead }),

  // ---- debug (MDCR_EL2 traps come from the debug encoding space) ----
  // MDE arms the hardware breakpoints and watchpoints (hw-debug.ts).
  MDSCR_EL1: r([2, 0, 0, 2, 2], 1, { write: (c, v): void => { c.sr.set('MDSCR_EL1', v); debugArmingChanged(c); } }),
  OSLAR_EL1: r([2, 0, 1, 0, 4], 1, {
    writeonly: true,
    write: (c, v): void => c.sr.set('OSLSR_EL1', withField(c.sr.get('OSLSR_EL1'), OSLSR_EL1.OSLK, fieldOf(v, OSLAR_EL1.OSLK))),
  }),
  OSLSR_EL1: r([2, 0, 1, 1, 4], 1, { readonly: true, reset: 0xan }),
  OSDLR_EL1: r([2, 0, 1, 3, 4], 1),

  // ---- special-purpose registers: PSTATE fields and banked SPs (C5.2) ----
  CurrentEL: r([3, 0, 4, 2, 2], 1, { readonly: true, read: (c): bigint => BigInt(c.el) << BigInt(PSTATE.EL.lsb) }),
  SPSel: r([3, 0, 4, 2, 0], 1, {
    translation: true,
    read: (c): bigint => BigInt(c.spsel),
    write: (c, v): void => { c.spsel = fieldOf(v, PSTATE.SP); c.syncSp(); },
  }),
  DAIF: r([3, 3, 4, 2, 1], 0, {
    el0Access: el0EnabledBy(SCTLR.UMA, sysregKey(3, 3, 4, 2, 1)),
    read: (c): bigint => BigInt(c.daif) << BigInt(PSTATE.DAIF.lsb),
    write: (c, v): void => { c.daif = fieldOf(v, PSTATE.DAIF); },
  }),
  NZCV: r([3, 3, 4, 2, 0], 0, {
    read: (c): bigint => BigInt(c.getNZCV()),
    write: (c, v): void => c.setNZCV(Number(v & PSTATE.NZCV.inPlace)),
  }),
  PAN: r([3, 0, 4, 2, 3], 1, { feature: 'pan', translation: true, ...pstateField((c) => c.pan, (c, v) => { c.pan = v; }, PSTATE.PAN.lsb) }),
  UAO: r([3, 0, 4, 2, 4], 1, { feature: 'uao', translation: true, ...pstateField((c) => c.uao, (c, v) => { c.uao = v; }, PSTATE.UAO.lsb) }),
  DIT: r([3, 3, 4, 2, 5], 0, { feature: 'dit', ...pstateField((c) => c.dit, (c, v) => { c.dit = v; }, PSTATE.DIT.lsb) }),
  SSBS: r([3, 3, 4, 2, 6], 0, { feature: 'ssbs', ...pstateField((c) => c.ssbs, (c, v) => { c.ssbs = v; }, PSTATE.SSBS.lsb) }),
  // SP_EL0 is accessible via MRS/MSR only when SP_EL0 is not the current stack pointer.
  SP_EL0: r([3, 0, 4, 1, 0], 1, { read: (c): bigint => c.readSpEl(0), write: (c, v): void => c.writeSpEl(0, v) }),
  SP_EL1: r([3, 4, 4, 1, 0], 2, { read: (c): bigint => c.readSpEl(1), write: (c, v): void => c.writeSpEl(1, v) }),
  // FPCR (C5.2.8): AHP, DN, FZ, RMode, Stride, FZ16 (FEAT_FP16 only) and Len stick. The trap
  // enables IOE..IDE are RAZ/WI: QEMU 7.2 traps no FP exception (IMPLEMENTATION DEFINED), nor
  // has it FEAT_AFP (AH, FIZ, NEP read 0). Stride and Len do nothing in AArch64 but are kept
  // for AArch32 context switching, as QEMU does.
  FPCR: r([3, 3, 4, 4, 0], 0, { fp: true, write: (c, v): void => c.sr.set('FPCR', v & (c.features.fp16 ? 0x07ff0000n : 0x07f70000n)) }),
  // FPSR (C5.2.9): the AArch32 NZCV (31:28), QC (27) and the cumulative flags IDC, IXC, UFC, OFC, DZC, IOC.
  FPSR: r([3, 3, 4, 4, 1], 0, { fp: true, write: (c, v): void => c.sr.set('FPSR', v & 0xf800009fn) }),
});
