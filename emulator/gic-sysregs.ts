// The GICv3 system-register interfaces (GIC architecture spec IHI 0069, chapter 12): ICC_*
// (physical CPU interface), ICH_* (virtual interface control, EL2) and, at EL1 with
// HCR_EL2.IMO (group 1) / FMO (group 0) set, the same ICC_* encodings reaching the virtual
// CPU interface (ICV_*). Registered into the model's sysreg table; state lives in GicV3.

import type { Cpu } from './cpu.ts';
import type { GicV3 } from './gicv3.ts';
import { fieldOf, field32, isSet, withField32, type Field } from './arch/field.ts';
import { HCR_EL2, ICC_BPR, ICC_CTLR_EL1, ICC_IGRPEN, ICC_INTID, ICC_PMR_EL1, ICH_VMCR_EL2 } from './arch/registers.ts';
import { defineSysRegs, numberedSysRegs, type SysRegSpec } from './sysreg-table.ts';

type Extra = Partial<SysRegSpec>;

const gic = (c: Cpu): GicV3 => c.gic!;
/** Does an EL1 access to a group-1 (IMO) or group-0 (FMO) register reach the virtual interface? */
const virtVia = (c: Cpu, bit: Field): boolean => {
  const hcr = c.sr.get('HCR_EL2');
  return c.el === 1 && isSet(hcr, bit) && !isSet(hcr, HCR_EL2.TGE);
};
const virt1 = (c: Cpu): boolean => virtVia(c, HCR_EL2.IMO);
const virt0 = (c: Cpu): boolean => virtVia(c, HCR_EL2.FMO);
const virtAny = (c: Cpu): boolean => virt1(c) || virt0(c);

const B = (v: number): bigint => BigInt(v >>> 0);
const intid = (v: bigint): number => fieldOf(v, ICC_INTID.INTID);
/** A field of ICH_VMCR_EL2 written from a register value's field. */
const setVmcr = (g: GicV3, f: Field, x: number): void => { g.ichVmcr = withField32(g.ichVmcr, f, x); };

/** ICC_CTLR_EL1's read-only part as QEMU 7.2 presents it: PRIbits = 4, IDbits = 1 (24-bit), A3V. */
const ICC_CTLR_RO = 0x8c00;

const icc = (crn: number, crm: number, op2: number, extra: Extra): SysRegSpec =>
  ({ enc: [3, 0, crn, crm, op2], minEl: 1, feature: 'gicv3', ...extra });
const el2 = (crm: number, op2: number, extra: Extra): SysRegSpec =>
  ({ enc: [3, 4, 12, crm, op2], minEl: 2, feature: 'gicv3', ...extra });

export const GIC_SYSREGS = defineSysRegs({
// ---- acknowledge / end of interrupt ----
ICC_IAR1_EL1: icc(12, 12, 0, { readonly: true, read: (c): bigint => B(virt1(c) ? gic(c).virtualAcknowledge(1) : gic(c).acknowledge(1)) }),
ICC_IAR0_EL1: icc(12, 8, 0, { readonly: true, read: (c): bigint => B(virt0(c) ? gic(c).virtualAcknowledge(0) : gic(c).acknowledge(0)) }),
ICC_EOIR1_EL1: icc(12, 12, 1, {
  writeonly: true,
  write: (c, v): void => { if (virt1(c)) gic(c).virtualEndOfInterrupt(intid(v)); else gic(c).endOfInterrupt(intid(v)); },
}),
ICC_EOIR0_EL1: icc(12, 8, 1, {
  writeonly: true,
  write: (c, v): void => { if (virt0(c)) gic(c).virtualEndOfInterrupt(intid(v)); else gic(c).endOfInterrupt(intid(v)); },
}),
ICC_DIR_EL1: icc(12, 11, 1, {
  writeonly: true,
  write: (c, v): void => { if (virtAny(c)) gic(c).virtualDeactivate(intid(v)); else gic(c).deactivate(intid(v)); },
}),
ICC_HPPIR1_EL1: icc(12, 12, 2, { readonly: true, read: (c): bigint => B(virt1(c) ? gic(c).virtualHighestPending(1) : gic(c).highestPending(1)) }),
ICC_HPPIR0_EL1: icc(12, 8, 2, { readonly: true, read: (c): bigint => B(virt0(c) ? gic(c).virtualHighestPending(0) : gic(c).highestPending(0)) }),
ICC_RPR_EL1: icc(12, 11, 3, { readonly: true, read: (c): bigint => B(virtAny(c) ? gic(c).virtualRunningPriority() : gic(c).runningPriority()) }),

// ---- priority mask, binary points, group enables, control ----
// Five priority bits (QEMU 7.2): PMR[2:0] are RAZ/WI.
ICC_PMR_EL1: icc(4, 6, 0, {
  // ICV_PMR_EL1 reads ICH_VMCR_EL2.VPMR as written there (QEMU 7.2 masks only ICV_PMR writes).
  read: (c): bigint => B(virtAny(c) ? field32(gic(c).ichVmcr, ICH_VMCR_EL2.VPMR) : gic(c).pmr),
  write: (c, v): void => {
    const g = gic(c), pri = fieldOf(v, ICC_PMR_EL1.Priority) & 0xf8;
    if (virtAny(c)) setVmcr(g, ICH_VMCR_EL2.VPMR, pri);
    else g.pmr = pri;
    g.update();
  },
}),
// BPR1's minimum is BPR0's + 1 (3 with 5 priority bits); smaller writes read back as the minimum.
ICC_BPR1_EL1: icc(12, 12, 3, {
  read: (c): bigint => B(virt1(c) ? field32(gic(c).ichVmcr, ICH_VMCR_EL2.VBPR1) : gic(c).bpr1),
  write: (c, v): void => {
    const g = gic(c), n = Math.max(fieldOf(v, ICC_BPR.BinaryPoint), 3);
    if (virt1(c)) setVmcr(g, ICH_VMCR_EL2.VBPR1, n);
    else g.bpr1 = n;
  },
}),
ICC_BPR0_EL1: icc(12, 8, 3, {
  read: (c): bigint => B(virt0(c) ? field32(gic(c).ichVmcr, ICH_VMCR_EL2.VBPR0) : gic(c).bpr0),
  write: (c, v): void => {
    const g = gic(c), n = Math.max(fieldOf(v, ICC_BPR.BinaryPoint), 2);
    if (virt0(c)) setVmcr(g, ICH_VMCR_EL2.VBPR0, n);
    else g.bpr0 = n;
  },
}),
ICC_IGRPEN1_EL1: icc(12, 12, 7, {
  read: (c): bigint => B(virt1(c) ? field32(gic(c).ichVmcr, ICH_VMCR_EL2.VENG1) : gic(c).igrpen1),
  write: (c, v): void => {
    const g = gic(c), en = fieldOf(v, ICC_IGRPEN.Enable);
    if (virt1(c)) setVmcr(g, ICH_VMCR_EL2.VENG1, en);
    else g.igrpen1 = en;
    g.update();
  },
}),
ICC_IGRPEN0_EL1: icc(12, 12, 6, {
  read: (c): bigint => B(virt0(c) ? field32(gic(c).ichVmcr, ICH_VMCR_EL2.VENG0) : gic(c).igrpen0),
  write: (c, v): void => {
    const g = gic(c), en = fieldOf(v, ICC_IGRPEN.Enable);
    if (virt0(c)) setVmcr(g, ICH_VMCR_EL2.VENG0, en);
    else g.igrpen0 = en;
    g.update();
  },
}),
// ICC_CTLR_EL1: PRIbits = 4 (5 bits), IDbits = 1 (24), A3V (QEMU 7.2: 0x8c00); CBPR, EOImode, PMHE
// writable; through the virtual interface CBPR and EOImode are ICH_VMCR_EL2.VCBPR/VEOIM.
ICC_CTLR_EL1: icc(12, 12, 4, {
  read: (c): bigint => {
    if (virtAny(c)) {
      const vm = gic(c).ichVmcr;
      return B(ICC_CTLR_RO | field32(vm, ICH_VMCR_EL2.VCBPR) << ICC_CTLR_EL1.CBPR.lsb | field32(vm, ICH_VMCR_EL2.VEOIM) << ICC_CTLR_EL1.EOImode.lsb);
    }
    return B(ICC_CTLR_RO | gic(c).ctlr);
  },
  write: (c, v): void => {
    const g = gic(c);
    if (virtAny(c)) {
      setVmcr(g, ICH_VMCR_EL2.VCBPR, fieldOf(v, ICC_CTLR_EL1.CBPR));
      setVmcr(g, ICH_VMCR_EL2.VEOIM, fieldOf(v, ICC_CTLR_EL1.EOImode));
    } else g.ctlr = Number(v & (ICC_CTLR_EL1.CBPR.inPlace | ICC_CTLR_EL1.EOImode.inPlace | ICC_CTLR_EL1.PMHE.inPlace));
  },
}),
ICC_SRE_EL1: icc(12, 12, 5, { read: (): bigint => 7n, write: (): void => {} }), // SRE, DFB, DIB: RAO/WI
ICC_AP1R0_EL1: icc(12, 9, 0, {
  read: (c): bigint => B(virt1(c) ? gic(c).vapr : gic(c).apr),
  write: (c, v): void => { if (virt1(c)) gic(c).vapr = Number(v & 0xffffffffn); else gic(c).apr = Number(v & 0xffffffffn); gic(c).update(); },
}),
ICC_AP0R0_EL1: icc(12, 8, 4, { read: (): bigint => 0n, write: (): void => {} }),
// SGIs: SGI1R generates non-secure group 1, SGI0R group 0. ASGI1R (the other Security
// state's group 1) generates Secure group 1 from Non-secure state, which with DS = 1 no SGI is
// configured as; QEMU 7.2 (gicv3_redist_send_sgi) accepts a Secure group 1 SGI where the SGI is
// group 0, so ASGI1R reaches group-0 SGIs.
ICC_SGI1R_EL1: icc(12, 11, 5, { writeonly: true, traps: ['IMO', 'FMO'], write: (c, v): void => gic(c).generateSgi(v, 1) }),
ICC_ASGI1R_EL1: icc(12, 11, 6, { writeonly: true, traps: ['IMO', 'FMO'], write: (c, v): void => gic(c).generateSgi(v, 0) }),
ICC_SGI0R_EL1: icc(12, 11, 7, { writeonly: true, traps: ['IMO', 'FMO'], write: (c, v): void => gic(c).generateSgi(v, 0) }),

// ---- EL2: ICC_SRE_EL2 and the virtual interface control (ICH_*) ----
ICC_SRE_EL2: el2(9, 5, { read: (): bigint => 0xfn, write: (): void => {} }), // SRE, DFB, DIB, Enable: RAO/WI (QEMU 7.2)
ICH_HCR_EL2: el2(11, 0, {
  read: (c): bigint => B(gic(c).ichHcr),
  write: (c, v): void => { gic(c).ichHcr = Number(v & 0xf8007cffn) >>> 0; gic(c).update(); },
}),
// 4 LRs, 5 priority/preemption bits, TDS, A3V, 16-bit IDs (QEMU 7.2); nV4 (bit 20) unless a GICv4 injects vLPIs.
ICH_VTR_EL2: el2(11, 1, { readonly: true, read: (c): bigint => (gic(c).dist.revision >= 4 ? 0x90a80003n : 0x90b80003n) }),
ICH_MISR_EL2: el2(11, 2, { readonly: true, read: (): bigint => 0n }),
ICH_EISR_EL2: el2(11, 3, { readonly: true, read: (c): bigint => B(gic(c).eoiLrs()) }),
ICH_ELRSR_EL2: el2(11, 5, { readonly: true, read: (c): bigint => B(gic(c).emptyLrs()) }),
ICH_VMCR_EL2: el2(11, 7, {
  read: (c): bigint => B(gic(c).ichVmcr),
  // QEMU 7.2 (ich_vmcr_write): VFIQEn reads as 1 (no security), and binary points written
  // below their minimum (VBPR0 2, VBPR1 3 with 5 priority bits) read as the minimum.
  write: (c, v): void => {
    let m = withField32(Number(v & 0xfffc021bn) >>> 0, ICH_VMCR_EL2.VFIQEn, 1);
    m = withField32(m, ICH_VMCR_EL2.VBPR0, Math.max(field32(m, ICH_VMCR_EL2.VBPR0), 2));
    m = withField32(m, ICH_VMCR_EL2.VBPR1, Math.max(field32(m, ICH_VMCR_EL2.VBPR1), 3));
    gic(c).ichVmcr = m >>> 0;
    gic(c).update();
  },
}),
ICH_AP1R0_EL2: el2(9, 0, {
  read: (c): bigint => B(gic(c).vapr),
  write: (c, v): void => { gic(c).vapr = Number(v & 0xffffffffn); gic(c).update(); },
}),
ICH_AP0R0_EL2: el2(8, 0, { read: (): bigint => 0n, write: (): void => {} }),
}, numberedSysRegs('ICH_LR', '_EL2', 4, (n) => el2(12, n, { read: (c): bigint => gic(c).lr[n]!, write: (c, v): void => gic(c).setLr(n, v) })));
