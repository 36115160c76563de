// The CoreSight identification registers at 0xFFD0-0xFFFC of each GIC register frame
// (IHI 0069 12.1.x GICD_PIDR2 and its neighbours). Their values are IMPLEMENTATION DEFINED;
// these are QEMU 7.2's (gicv3_idreg): an Arm part like the GIC-500, PIDR0 naming the frame
// (distributor, redistributor, ITS) and PIDR2.ArchRev the GIC architecture revision.

export const PIDR0_DISTRIBUTOR = 0x92;
export const PIDR0_REDISTRIBUTOR = 0x93;
export const PIDR0_ITS = 0x94;

/** PIDR4..PIDR7, PIDR0..PIDR3, CIDR0..CIDR3 in register order from 0xFFD0 (PIDR0 and PIDR2.ArchRev filled in). */
const IDS = [0x44, 0x00, 0x00, 0x00, 0x00, 0xb4, 0x0b, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
const IDREGS = 0xffd0;

/** The ID register at frame offset `off`, or undefined when `off` is not one. */
export function gicIdRegister(off: number, pidr0: number, revision: number): number | undefined {
  if (off < IDREGS || off >= IDREGS + 4 * IDS.length) return undefined;
  const n = (off - IDREGS) >> 2;
  if (n === 4) return pidr0;
  return n === 6 ? IDS[n]! | (revision << 4) : IDS[n]!;
}
