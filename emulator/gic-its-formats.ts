// The bit layouts the GICv3/v4 ITS works with (IHI 0069 12.19 GITS_* registers, 5.3 the
// ITS commands): its registers, the command packets, and the entries of the device,
// collection, interrupt translation and vPE tables it keeps in guest memory. The table
// entry formats are IMPLEMENTATION DEFINED; these are QEMU 7.2's (hw/intc/gicv3_internal.h),
// so a guest that reads its own tables sees what it would see under QEMU.

import { field } from './arch/field.ts';

/** GITS_BASER<n> (12.19.1). */
export const GITS_BASER = {
  Size: field(0, 8), PageSize: field(8, 2), PhysAddr: field(12, 36), PhysAddrL64K: field(16, 32),
  PhysAddrH64K: field(12, 4), EntrySize: field(48, 5), Type: field(56, 3), Indirect: field(62), Valid: field(63),
} as const;
/** GITS_BASER<n>.Type: what table a BASER describes. */
export const BASER_TYPE = { Device: 1, Vpe: 2, Collection: 4 } as const;
/** GITS_CBASER (12.19.2). */
export const GITS_CBASER = { Size: field(0, 8), PhysAddr: field(12, 40), Valid: field(63) } as const;
/** GITS_CREADR / GITS_CWRITER: Stalled (CREADR) or Retry (CWRITER), and the queue offset in 32-byte commands. */
export const GITS_QUEUE_POINTER = { StalledOrRetry: field(0), Offset: field(5, 15) } as const;
/** A level-1 entry of a two-level table: Valid and the level-2 page's address (bits 50:0 as QEMU reads them). */
export const L1_ENTRY = { Valid: field(63), Address: field(0, 51) } as const;

/** Device table entry (QEMU: 8 bytes): ITT size as EventID bits - 1, ITT address >> 8. */
export const DTE = { Valid: field(0), Size: field(1, 5), IttAddr: field(6, 44) } as const;
/** Collection table entry (QEMU: 8 bytes): the target redistributor's processor number. */
export const CTE = { Valid: field(0), RDbase: field(1, 16) } as const;
/** vPE table entry (QEMU: 8 bytes): virtual pending table size and address >> 16, redistributor. */
export const VTE = { Valid: field(0), VptSize: field(1, 5), VptAddr: field(6, 36), RDbase: field(42, 16) } as const;
/** Interrupt translation table entry (QEMU: 12 bytes): the low doubleword ... */
export const ITE_LOW = { Valid: field(0), Physical: field(1), IntId: field(2, 24), Icid: field(32, 16), Vpeid: field(48, 16) } as const;
/** ... and the high word: the doorbell LPI of a virtual interrupt (1023: none). */
export const ITE_HIGH = { Doorbell: field(0, 24) } as const;
export const ITE_SIZE = 12;

/** Command packet fields (5.3), by doubleword: [0] opcode and DeviceID ... */
export const CMD0 = { Opcode: field(0, 8), DeviceId: field(32, 32) } as const;
/** [1] EventID, pINTID (MAPTI), ITT size (MAPD), vPEID (the GICv4 commands). */
export const CMD1 = { EventId: field(0, 32), PIntId: field(32, 32), Size: field(0, 5), VpeId: field(32, 16) } as const;
/**
 * [2] ICID (MAPC, MAPTI, MOVI), ITT address (MAPD), Valid (MAPD, MAPC, VMAPP), RDbase (MAPC,
 * MOVALL, VMAPP, VMOVP: bits [50:16], and bit 51 with them as QEMU reads it), vINTID and doorbell (VMAPTI), D (VMOVI).
 */
export const CMD2 = {
  Icid: field(0, 16), IttAddr: field(8, 44), Valid: field(63), RDbase: field(16, 36),
  VIntId: field(0, 32), Doorbell: field(32, 32), DoorbellValid: field(0),
} as const;
/** [3] RDbase2 (MOVALL), VPT size and address (VMAPP). */
export const CMD3 = { RDbase2: field(16, 36), VptSize: field(0, 8), VptAddr: field(16, 36) } as const;

/** ITS command opcodes (5.3, Table 5-x). */
export const ITS_CMD = {
  MOVI: 0x01, INT: 0x03, CLEAR: 0x04, SYNC: 0x05, MAPD: 0x08, MAPC: 0x09, MAPTI: 0x0a, MAPI: 0x0b,
  INV: 0x0c, INVALL: 0x0d, MOVALL: 0x0e, DISCARD: 0x0f,
  VMOVI: 0x21, VMOVP: 0x22, VSYNC: 0x25, VMAPP: 0x29, VMAPTI: 0x2a, VMAPI: 0x2b, VINVALL: 0x2d,
} as const;
