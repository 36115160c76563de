// The GICv3 system-register interfaces (GIC architecture spec IHI 0069, chapter 12): ICC_*
// (physical CPU interface), ICH_* (virtual interface control, EL2) and, at EL1 with
// HCR_EL2.IMO (group 1) / FMO (group 0) set, the same ICC_* encodings reaching the virtual
// CPU interface (ICV_*). Registered into the model's sysreg table; state lives in GicV3.

import type { Cpu } from './cpu.ts';
import type { GicV3 } from './gicv3.ts';
import { registerSysReg, type SysRegDef } from './sysregs.ts';

type Extra = Partial<SysRegDef>;

const gic = (c: Cpu): GicV3 => c.gic!;
const hcr = (c: Cpu, bit: bigint): boolean => ((c.sr.get('HCR_EL2') >> bit) & 1n) === 1n;
/** Does an EL1 access to a group-1 (IMO) or group-0 (FMO) register reach the virtual interface? */
const virt1 = (c: Cpu): boolean => c.el === 1 && hcr(c, 4n) && !hcr(c, 27n);
const virt0 = (c: Cpu): boolean => c.el === 1 && hcr(c, 3n) && !hcr(c, 27n);
const virtAny = (c: Cpu): boolean => virt1(c) || virt0(c);

const B = (v: number): bigint => BigInt(v >>> 0);

function icc(name: string, crn: number, crm: number, op2: number, extra: Extra): void {
  registerSysReg(name, 3, 0, crn, crm, op2, 1, { feature: 'gicv3', ...extra });
}

// ---- acknowledge / end of interrupt ----
icc('ICC_IAR1_EL1', 12, 12, 0, { readonly: true, read: (c) => B(virt1(c) ? gic(c).virtualAcknowledge(1) : gic(c).acknowledge(1)) });
icc('ICC_IAR0_EL1', 12, 8, 0, { readonly: true, read: (c) => B(virt0(c) ? gic(c).virtualAcknowledge(0) : gic(c).acknowledge(0)) });
icc('ICC_EOIR1_EL1', 12, 12, 1, {
  writeonly: true,
  write: (c, v) => (virt1(c) ? gic(c).virtualEndOfInterrupt(Number(v & 0xffffffn)) : gic(c).endOfInterrupt(Number(v & 0xffffffn))),
});
icc('ICC_EOIR0_EL1', 12, 8, 1, {
  writeonly: true,
  write: (c, v) => (virt0(c) ? gic(c).virtualEndOfInterrupt(Number(v & 0xffffffn)) : gic(c).endOfInterrupt(Number(v & 0xffffffn))),
});
icc('ICC_DIR_EL1', 12, 11, 1, {
  writeonly: true,
  write: (c, v) => (virtAny(c) ? gic(c).virtualDeactivate(Number(v & 0xffffffn)) : gic(c).deactivate(Number(v & 0xffffffn))),
});
icc('ICC_HPPIR1_EL1', 12, 12, 2, { readonly: true, read: (c) => B(virt1(c) ? gic(c).virtualHighestPending(1) : gic(c).highestPending(1)) });
icc('ICC_HPPIR0_EL1', 12, 8, 2, { readonly: true, read: (c) => B(virt0(c) ? gic(c).virtualHighestPending(0) : gic(c).highestPending(0)) });
icc('ICC_RPR_EL1', 12, 11, 3, { readonly: true, read: (c) => B(virtAny(c) ? gic(c).virtualRunningPriority() : gic(c).runningPriority()) });

// ---- priority mask, binary points, group enables, control ----
icc('ICC_PMR_EL1', 4, 6, 0, {
  read: (c) => (virtAny(c) ? B(gic(c).ichVmcr >>> 24) & 0xf8n : B(gic(c).pmr)),
  write: (c, v) => {
    const g = gic(c);
    if (virtAny(c)) g.ichVmcr = ((g.ichVmcr & 0x00ffffff) | (Number(v & 0xf8n) << 24)) >>> 0;
    else g.pmr = Number(v & 0xf8n);
    g.update();
  },
});
// BPR1's minimum is BPR0's + 1 (3 with 5 priority bits); smaller writes read back as the minimum.
icc('ICC_BPR1_EL1', 12, 12, 3, {
  read: (c) => (virt1(c) ? B((gic(c).ichVmcr >>> 18) & 7) : B(gic(c).bpr1)),
  write: (c, v) => {
    const g = gic(c), n = Math.max(Number(v & 7n), 3);
    if (virt1(c)) g.ichVmcr = ((g.ichVmcr & ~(7 << 18)) | (n << 18)) >>> 0;
    else g.bpr1 = n;
  },
});
icc('ICC_BPR0_EL1', 12, 8, 3, {
  read: (c) => (virt0(c) ? B((gic(c).ichVmcr >>> 21) & 7) : B(gic(c).bpr0)),
  write: (c, v) => {
    const g = gic(c), n = Math.max(Number(v & 7n), 2);
    if (virt0(c)) g.ichVmcr = ((g.ichVmcr & ~(7 << 21)) | (n << 21)) >>> 0;
    else g.bpr0 = n;
  },
});
icc('ICC_IGRPEN1_EL1', 12, 12, 7, {
  read: (c) => (virt1(c) ? B((gic(c).ichVmcr >>> 1) & 1) : B(gic(c).igrpen1)),
  write: (c, v) => {
    const g = gic(c);
    if (virt1(c)) g.ichVmcr = ((g.ichVmcr & ~2) | (Number(v & 1n) << 1)) >>> 0;
    else g.igrpen1 = Number(v & 1n);
    g.update();
  },
});
icc('ICC_IGRPEN0_EL1', 12, 12, 6, {
  read: (c) => (virt0(c) ? B(gic(c).ichVmcr & 1) : B(gic(c).igrpen0)),
  write: (c, v) => {
    const g = gic(c);
    if (virt0(c)) g.ichVmcr = ((g.ichVmcr & ~1) | Number(v & 1n)) >>> 0;
    else g.igrpen0 = Number(v & 1n);
    g.update();
  },
});
// ICC_CTLR_EL1: PRIbits = 4 (5 bits), IDbits = 1 (24), A3V (QEMU 7.2: 0x8c00); CBPR, EOImode, PMHE writable.
icc('ICC_CTLR_EL1', 12, 12, 4, {
  read: (c) => {
    if (virtAny(c)) {
      const vm = gic(c).ichVmcr;
      return B(0x8c00 | ((vm >>> 4) & 1) | (((vm >>> 9) & 1) << 1));
    }
    return B(0x8c00 | gic(c).ctlr);
  },
  write: (c, v) => {
    const g = gic(c);
    if (virtAny(c)) g.ichVmcr = ((g.ichVmcr & ~((1 << 4) | (1 << 9))) | (Number(v & 1n) << 4) | (Number((v >> 1n) & 1n) << 9)) >>> 0;
    else g.ctlr = Number(v & 0x43n);
  },
});
icc('ICC_SRE_EL1', 12, 12, 5, { read: () => 7n, write: () => {} }); // SRE, DFB, DIB: RAO/WI
icc('ICC_AP1R0_EL1', 12, 9, 0, {
  read: (c) => B(virt1(c) ? gic(c).vapr : gic(c).apr),
  write: (c, v) => { if (virt1(c)) gic(c).vapr = Number(v & 0xffffffffn); else gic(c).apr = Number(v & 0xffffffffn); gic(c).update(); },
});
icc('ICC_AP0R0_EL1', 12, 8, 4, { read: () => 0n, write: () => {} });
icc('ICC_SGI1R_EL1', 12, 11, 5, { writeonly: true, write: (c, v) => gic(c).generateSgi(v) });
icc('ICC_ASGI1R_EL1', 12, 11, 6, { writeonly: true, write: () => {} });
icc('ICC_SGI0R_EL1', 12, 11, 7, { writeonly: true, write: () => {} });

// ---- EL2: ICC_SRE_EL2 and the virtual interface control (ICH_*) ----
const el2 = (name: string, crm: number, op2: number, extra: Extra): void =>
  registerSysReg(name, 3, 4, 12, crm, op2, 2, { feature: 'gicv3', ...extra });
el2('ICC_SRE_EL2', 9, 5, { read: () => 0xfn, write: () => {} }); // SRE, DFB, DIB, Enable: RAO/WI (QEMU 7.2)
el2('ICH_HCR_EL2', 11, 0, {
  read: (c) => B(gic(c).ichHcr),
  write: (c, v) => { gic(c).ichHcr = Number(v & 0xf8007cffn) >>> 0; gic(c).update(); },
});
el2('ICH_VTR_EL2', 11, 1, { readonly: true, read: () => 0x90b80003n }); // 4 LRs, 5 priority/preemption bits (QEMU 7.2)
el2('ICH_MISR_EL2', 11, 2, { readonly: true, read: () => 0n });
el2('ICH_EISR_EL2', 11, 3, { readonly: true, read: (c) => B(gic(c).eoiLrs()) });
el2('ICH_ELRSR_EL2', 11, 5, { readonly: true, read: (c) => B(gic(c).emptyLrs()) });
el2('ICH_VMCR_EL2', 11, 7, {
  read: (c) => B(gic(c).ichVmcr),
  write: (c, v) => { gic(c).ichVmcr = Number(v & 0xfffc021bn) >>> 0; gic(c).update(); },
});
el2('ICH_AP1R0_EL2', 9, 0, {
  read: (c) => B(gic(c).vapr),
  write: (c, v) => { gic(c).vapr = Number(v & 0xffffffffn); gic(c).update(); },
});
el2('ICH_AP0R0_EL2', 8, 0, { read: () => 0n, write: () => {} });
for (let n = 0; n < 4; n++) {
  el2(`ICH_LR${n}_EL2`, 12, n, { read: (c) => gic(c).lr[n]!, write: (c, v) => gic(c).setLr(n, v) });
}
