// The GICv3 ITS of QEMU's virt board at 0x0808_0000 (IHI 0069 chapter 5.3 "The ITS", 12.19
// the GITS_* registers): the control frame (GITS_CTLR, TYPER, CBASER, CWRITER, CREADR,
// BASER<n>) and the translation frame (GITS_TRANSLATER). Commands are read from the queue
// in guest memory and run to completion when GITS_CWRITER is written or the ITS enabled;
// the device, collection, interrupt translation and (GICv4) vPE tables live in guest memory
// in QEMU's formats (gic-its-formats.ts), nothing is cached. LPIs go to the redistributors'
// LPI state (gic-lpi.ts).
//
// What the spec leaves open follows QEMU 7.2 (hw/intc/arm_gicv3_its.c): a command whose
// parameters are wrong is ignored and the queue goes on (one of the CONSTRAINED
// UNPREDICTABLE choices); a memory error reading or writing a table stalls the queue
// (GITS_CREADR.Stalled), but a queue outside RAM reads as zeros; BASER<n> and CBASER are read-only while the ITS is enabled; an
// MSI written by a PE has DeviceID 0 (QEMU's CPU transactions carry requester ID 0).

import { fieldOf, isSet, withField } from './arch/field.ts';
import {
  BASER_TYPE, CMD0, CMD1, CMD2, CMD3, CTE, DTE, GITS_BASER, GITS_CBASER, GITS_QUEUE_POINTER, ITE_HIGH, ITE_LOW,
  ITE_SIZE, ITS_CMD, L1_ENTRY, VTE,
} from './gic-its-formats.ts';
import { gicIdRegister, PIDR0_ITS } from './gic-id-regs.ts';
import { INTID_SPURIOUS, LPI_INTID_START, type LpiRedistributor } from './gic-lpi.ts';
import { halfOf, withHalf, type MmioDevice, type PhysicalMemory } from './memory.ts';
import type { QemuDeviationId } from './qemu-deviation-ids.ts';

export const GITS_BASE = 0x0808_0000;
/** GITS_TRANSLATER, in the translation frame (64 KiB after the control frame). */
const GITS_TRANSLATER = 0x10040;
/** GICD_TYPER.IDbits and GITS_TYPER.IDbits: 16-bit INTIDs and EventIDs. */
const ID_BITS = 15;
/** Device, collection and vPE IDs: 16 bits (GITS_TYPER.Devbits / CIDbits + 1; QEMU's vPEIDs). */
const TABLE_ID_BITS = 16;
const COMMAND_BYTES = 32;
const PAGE_SIZES = [0x1000, 0x4000, 0x10000, 0x10000];
const BASER_RO = GITS_BASER.Type.inPlace | GITS_BASER.EntrySize.inPlace;
/** GITS_BASER<n> at reset (QEMU 7.2): Type, 64 KiB pages, 8-byte entries. */
const baserReset = (type: number): bigint => (BigInt(type) << 56n) | (7n << 48n) | (2n << 8n);

/** What a command did (QEMU's ItsCmdResult): Stall stops the queue, the others go on. */
const Result = { Stall: 0, Ignored: 1, Done: 2 } as const;
type Result = typeof Result[keyof typeof Result];

/** One of the ITS's tables as its BASER described it when the ITS was enabled. */
interface Table {
  base: number;
  entryBytes: number;
  pageBytes: number;
  indirect: boolean;
  /** 0 when the BASER is not Valid: every ID is then out of range. */
  entries: number;
}

const NO_TABLE: Table = { base: 0, entryBytes: 8, pageBytes: 0x10000, indirect: false, entries: 0 };

interface DeviceEntry { valid: boolean; size: number; itt: number }
interface TranslationEntry { valid: boolean; physical: boolean; intid: number; icid: number; vpeid: number; doorbell: number }
interface VpeEntry { valid: boolean; vptSize: number; vpt: number; rdbase: number }

/** What an interrupt request does to its LPI: INT and an MSI set it pending, CLEAR and DISCARD clear it. */
type Trigger = 'int' | 'clear' | 'discard';

const inLpiRange = (id: number): boolean => id >= LPI_INTID_START && id < 2 ** (ID_BITS + 1);
const validDoorbell = (id: number): boolean => id === INTID_SPURIOUS || inLpiRange(id);

export class GicIts implements MmioDevice {
  readonly name = 'gicv3-its';
  readonly base = GITS_BASE;
  readonly size = 0x20000;
  private ctlr = 0;
  private cbaser = 0n;
  private cwriter = 0n;
  private creadr = 0n;
  private readonly baser: bigint[];
  private readonly typer: bigint;
  private deviceTable = NO_TABLE;
  private collectionTable = NO_TABLE;
  private vpeTable = NO_TABLE;
  private queue = { base: 0, entries: 0 };

  /**
   * `revision` 4: GICv4.0 (virtual LPIs, the vPE table); `redistributors` by processor number;
   * `qemuDeviation`: the PE writing to the ITS is where QEMU 7.2 deviates (Cpu.qemuDeviation).
   */
  constructor(private readonly mem: PhysicalMemory, private readonly redistributors: readonly LpiRedistributor[],
    private readonly revision: 3 | 4, private readonly qemuDeviation: (id: QemuDeviationId) => boolean = () => false) {
    this.baser = [baserReset(BASER_TYPE.Device), baserReset(BASER_TYPE.Collection), revision >= 4 ? baserReset(BASER_TYPE.Vpe) : 0n, 0n, 0n, 0n, 0n, 0n];
    // GITS_TYPER (QEMU 7.2): Physical, ITT_entry_size 12, IDbits, Devbits, CIL with CIDbits 15;
    // GICv4 adds Virtual and VMOVP (VMOVP needs no ITS list: QEMU keeps every ITS in step).
    const v4 = revision >= 4 ? (1n << 37n) | 2n : 0n;
    this.typer = 1n | (BigInt(ITE_SIZE - 1) << 4n) | (BigInt(ID_BITS) << 8n) | (15n << 13n) | (15n << 32n) | (1n << 36n) | v4;
    this.ctlr = 1 << 31; // Quiescent
  }

  private get enabled(): boolean { return (this.ctlr & 1) !== 0; }
  /** GICv4: virtual LPIs and the commands that manage them. */
  hasVirtual(): boolean { return this.revision >= 4; }

  // ---- MMIO ----

  read(off: number): number {
    if (off >= 0x10000) return 0; // the translation frame: GITS_TRANSLATER is write-only
    switch (off) {
      case 0x0000: return this.ctlr >>> 0;
      case 0x0004: return 0x43b; // GITS_IIDR: Arm
    }
    const id = gicIdRegister(off, PIDR0_ITS, this.revision);
    if (id !== undefined) return id;
    return halfOf(this.read64(off & ~7), off);
  }

  read64(off: number): bigint {
    switch (off) {
      case 0x0008: return this.typer;
      case 0x0080: return this.cbaser;
      case 0x0088: return this.cwriter;
      case 0x0090: return this.creadr;
    }
    if (off >= 0x100 && off < 0x140) return this.baser[(off - 0x100) >> 3]!;
    return 0n;
  }

  write(off: number, size: number, value: number): void | false {
    if (off >= 0x10000) {
      // An MSI: DeviceID 0 from a PE, EventID the value (QEMU accepts 2- and 4-byte writes).
      if (off !== GITS_TRANSLATER || !this.enabled) return;
      return this.translate(0, value >>> 0, 'int') !== Result.Stall ? undefined : false;
    }
    if (off === 0x0000) { this.writeCtlr(value); return; }
    if (size !== 4) return;
    const reg = off & ~7, high = (off & 4) !== 0;
    const merged = (old: bigint): bigint => withHalf(old, off, value);
    // The high halves of CWRITER and CREADR are stored as they are: only the low half of
    // CWRITER starts the queue, only the low half of CREADR holds Stalled.
    if (reg === 0x88 && high) { this.cwriter = merged(this.cwriter); return; }
    if (reg === 0x90 && high) { this.creadr = merged(this.creadr); return; }
    if (reg === 0x80 || reg === 0x88 || reg === 0x90 || (reg >= 0x100 && reg < 0x140)) {
      this.write64(reg, merged(this.read64(reg)));
    }
  }

  write64(off: number, value: bigint): void {
    if (off === 0x0080) {
      if (!this.enabled) { this.cbaser = value; this.creadr = 0n; }
    } else if (off === 0x0088) {
      this.cwriter = withField(value, GITS_QUEUE_POINTER.StalledOrRetry, 0);
      if (this.cwriter !== this.creadr) this.processQueue();
    } else if (off === 0x0090) {
      // Writable because GICD_CTLR.DS = 1 (the ITS can be restored after migration).
      this.creadr = withField(value, GITS_QUEUE_POINTER.StalledOrRetry, 0);
    } else if (off >= 0x100 && off < 0x140 && !this.enabled) {
      const n = (off - 0x100) >> 3;
      if (this.baser[n] !== 0n) this.baser[n] = (this.baser[n]! & BASER_RO) | (value & ~BASER_RO); // 0: not implemented
    }
  }

  /** GITS_CTLR: Enabled reads the BASERs and CBASER as they are now and runs the queue. */
  private writeCtlr(value: number): void {
    if ((value & 1) === 0) { this.ctlr &= ~1; return; }
    this.ctlr |= 1;
    for (const b of this.baser) this.extractTable(b);
    const pages = fieldOf(this.cbaser, GITS_CBASER.Size) + 1;
    this.queue = isSet(this.cbaser, GITS_CBASER.Valid)
      ? { base: fieldOf(this.cbaser, GITS_CBASER.PhysAddr) * 0x1000, entries: (pages * 0x1000) / COMMAND_BYTES }
      : { base: 0, entries: 0 };
    this.processQueue();
  }

  /** One BASER's table (QEMU extract_table_params): a BASER that is not Valid gives a table with no entries. */
  private extractTable(b: bigint): void {
    if (b === 0n) return;
    const type = fieldOf(b, GITS_BASER.Type);
    const pageBytes = PAGE_SIZES[fieldOf(b, GITS_BASER.PageSize)]!;
    let t = NO_TABLE;
    if (isSet(b, GITS_BASER.Valid)) {
      const entryBytes = fieldOf(b, GITS_BASER.EntrySize) + 1;
      const bytes = (fieldOf(b, GITS_BASER.Size) + 1) * pageBytes;
      const indirect = isSet(b, GITS_BASER.Indirect);
      const base = pageBytes === 0x10000
        ? fieldOf(b, GITS_BASER.PhysAddrL64K) * 2 ** 16 + fieldOf(b, GITS_BASER.PhysAddrH64K) * 2 ** 48
        : fieldOf(b, GITS_BASER.PhysAddr) * 2 ** 12;
      const entries = indirect ? (bytes / 8) * Math.floor(pageBytes / entryBytes) : Math.floor(bytes / entryBytes);
      t = { base, entryBytes, pageBytes, indirect, entries: Math.min(entries, 2 ** TABLE_ID_BITS) };
    }
    if (type === BASER_TYPE.Device) this.deviceTable = t;
    else if (type === BASER_TYPE.Collection) this.collectionTable = t;
    else if (type === BASER_TYPE.Vpe) this.vpeTable = t;
  }

  // ---- the command queue ----

  /** Runs commands from GITS_CREADR up to GITS_CWRITER (QEMU process_cmdq). */
  private processQueue(): void {
    if (!this.enabled) return;
    const wr = fieldOf(this.cwriter, GITS_QUEUE_POINTER.Offset);
    let rd = fieldOf(this.creadr, GITS_QUEUE_POINTER.Offset);
    // Offsets beyond the queue: QEMU logs a guest error and does nothing.
    if (wr >= this.queue.entries || rd >= this.queue.entries) return;
    while (wr !== rd) {
      const at = this.queue.base + rd * COMMAND_BYTES;
      // A command outside RAM reads as zeros, an unknown opcode, skipped: QEMU maps the queue
      // through a bounce buffer there, which reads unassigned memory as 0 and never fails.
      const cmd = [0, 8, 16, 24].map((o) => this.mem.dmaRead(at + o, 8) ?? 0n);
      const result = this.runCommand(cmd);
      if (result === Result.Stall) {
        this.creadr = withField(this.creadr, GITS_QUEUE_POINTER.StalledOrRetry, 1);
        return;
      }
      rd = (rd + 1) % this.queue.entries;
      this.creadr = withField(this.creadr, GITS_QUEUE_POINTER.Offset, rd);
    }
  }

  private runCommand(cmd: bigint[]): Result {
    const handler = COMMANDS.get(fieldOf(cmd[0]!, CMD0.Opcode));
    return handler === undefined ? Result.Done : handler(this, cmd); // QEMU ignores unknown opcodes
  }

  // ---- tables in guest memory ----

  /** The address of entry `id` of a table, or -1 when a two-level table has no level-2 page there; undefined on a memory error. */
  private entryAddress(t: Table, id: number): number | undefined {
    if (!t.indirect) return t.base + id * t.entryBytes;
    const l1 = this.mem.dmaRead(t.base + Math.floor(id / (t.pageBytes / 8)) * 8, 8);
    if (l1 === undefined) return undefined;
    if (!isSet(l1, L1_ENTRY.Valid)) return -1;
    return fieldOf(l1, L1_ENTRY.Address) + (id % Math.floor(t.pageBytes / t.entryBytes)) * t.entryBytes;
  }

  /** A table entry's doubleword: 0n (not valid) where there is no level-2 page, undefined on a memory error. */
  private readEntry(t: Table, id: number): bigint | undefined {
    const a = this.entryAddress(t, id);
    if (a === undefined) return undefined;
    return a === -1 ? 0n : this.mem.dmaRead(a, 8);
  }

  /** Writes a table entry (dropped where there is no level-2 page); false on a memory error. */
  private writeEntry(t: Table, id: number, v: bigint): boolean {
    const a = this.entryAddress(t, id);
    if (a === undefined) return false;
    return a === -1 || this.mem.dmaWrite(a, 8, v);
  }

  private readDevice(devid: number): DeviceEntry | undefined {
    const v = this.readEntry(this.deviceTable, devid);
    if (v === undefined) return undefined;
    return { valid: isSet(v, DTE.Valid), size: fieldOf(v, DTE.Size), itt: fieldOf(v, DTE.IttAddr) * 256 };
  }

  private readTranslation(dte: DeviceEntry, eventid: number): TranslationEntry | undefined {
    const at = dte.itt + eventid * ITE_SIZE;
    const lo = this.mem.dmaRead(at, 8), hi = this.mem.dmaRead(at + 8, 4);
    if (lo === undefined || hi === undefined) return undefined;
    return {
      valid: isSet(lo, ITE_LOW.Valid), physical: isSet(lo, ITE_LOW.Physical), intid: fieldOf(lo, ITE_LOW.IntId),
      icid: fieldOf(lo, ITE_LOW.Icid), vpeid: fieldOf(lo, ITE_LOW.Vpeid), doorbell: fieldOf(hi, ITE_HIGH.Doorbell),
    };
  }

  private writeTranslation(dte: DeviceEntry, eventid: number, e: TranslationEntry | undefined): Result {
    let lo = 0n, hi = 0n;
    if (e !== undefined) {
      lo = withField(withField(withField(withField(withField(lo, ITE_LOW.Valid, 1), ITE_LOW.Physical, e.physical ? 1 : 0),
        ITE_LOW.IntId, e.intid), ITE_LOW.Icid, e.icid), ITE_LOW.Vpeid, e.vpeid);
      hi = withField(hi, ITE_HIGH.Doorbell, e.doorbell);
    }
    const at = dte.itt + eventid * ITE_SIZE;
    return this.mem.dmaWrite(at, 8, lo) && this.mem.dmaWrite(at + 8, 4, hi) ? Result.Done : Result.Stall;
  }

  private readVpe(vpeid: number): VpeEntry | undefined {
    const v = this.readEntry(this.vpeTable, vpeid);
    if (v === undefined) return undefined;
    return { valid: isSet(v, VTE.Valid), vptSize: fieldOf(v, VTE.VptSize), vpt: fieldOf(v, VTE.VptAddr) * 2 ** 16, rdbase: fieldOf(v, VTE.RDbase) };
  }

  private writeVpe(vpeid: number, e: VpeEntry): Result {
    let v = 0n;
    if (e.valid) v = withField(withField(withField(withField(v, VTE.Valid, 1), VTE.VptSize, e.vptSize), VTE.VptAddr, e.vpt / 2 ** 16), VTE.RDbase, e.rdbase);
    return this.writeEntry(this.vpeTable, vpeid, v) ? Result.Done : Result.Stall;
  }

  // ---- lookups with QEMU's checks (lookup_ite, lookup_cte, lookup_vte) ----

  /** The device's entry and the event's translation, or why not. */
  private lookupEvent(devid: number, eventid: number): { dte: DeviceEntry; ite: TranslationEntry } | Result {
    if (devid >= this.deviceTable.entries) return Result.Ignored;
    const dte = this.readDevice(devid);
    if (dte === undefined) return Result.Stall;
    if (!dte.valid || eventid >= 2 ** (dte.size + 1)) return Result.Ignored;
    const ite = this.readTranslation(dte, eventid);
    if (ite === undefined) return Result.Stall;
    return ite.valid ? { dte, ite } : Result.Ignored;
  }

  /** The redistributor a collection is mapped to, or why not. */
  private lookupCollection(icid: number): LpiRedistributor | Result {
    if (icid >= this.collectionTable.entries) return Result.Ignored;
    const v = this.readEntry(this.collectionTable, icid);
    if (v === undefined) return Result.Stall;
    const rd = fieldOf(v, CTE.RDbase);
    return isSet(v, CTE.Valid) && rd < this.redistributors.length ? this.redistributors[rd]! : Result.Ignored;
  }

  private lookupVpe(vpeid: number): VpeEntry | Result {
    if (vpeid >= this.vpeTable.entries) return Result.Ignored;
    const vte = this.readVpe(vpeid);
    if (vte === undefined) return Result.Stall;
    return vte.valid && vte.rdbase < this.redistributors.length ? vte : Result.Ignored;
  }

  // ---- the commands (5.3.x) ----

  /** INT, CLEAR, DISCARD and an MSI (QEMU do_process_its_cmd). */
  translate(devid: number, eventid: number, how: Trigger): Result {
    const found = this.lookupEvent(devid, eventid);
    if (typeof found === 'number') return found;
    const { dte, ite } = found, level = how === 'int';
    let r: Result;
    if (ite.physical) {
      const rd = this.lookupCollection(ite.icid);
      if (typeof rd === 'number') return rd;
      rd.process(ite.intid, level);
      r = Result.Done;
    } else {
      if (!this.hasVirtual()) return Result.Ignored; // a virtual ITE without GICv4: the table was corrupted
      r = this.deliverVirtual(ite, level);
    }
    if (r === Result.Done && how === 'discard') return this.writeTranslation(dte, eventid, undefined);
    return r;
  }

  private deliverVirtual(ite: TranslationEntry, level: boolean): Result {
    const vte = this.lookupVpe(ite.vpeid);
    if (typeof vte === 'number') return vte;
    if (!inLpiRange(ite.intid) || ite.intid >= 2 ** (vte.vptSize + 1)) return Result.Ignored;
    this.redistributors[vte.rdbase]!.processVirtual(ite.intid, vte.vpt, ite.doorbell, level);
    return Result.Done;
  }

  mapd(cmd: bigint[]): Result {
    const devid = fieldOf(cmd[0]!, CMD0.DeviceId), size = fieldOf(cmd[1]!, CMD1.Size);
    if (devid >= this.deviceTable.entries || size > ID_BITS) return Result.Ignored;
    let v = 0n;
    if (isSet(cmd[2]!, CMD2.Valid)) v = withField(withField(withField(v, DTE.Valid, 1), DTE.Size, size), DTE.IttAddr, fieldOf(cmd[2]!, CMD2.IttAddr));
    return this.writeEntry(this.deviceTable, devid, v) ? Result.Done : Result.Stall;
  }

  /**
   * MAPC (5.3.9): an RDbase naming no PE is the command error MAPC_RDBASE_OOR. QEMU 7.2 keeps
   * only 16 bits of it before that check, so RDbase 0x10000 maps the collection to PE 0
   * (a catalogued deviation, its-mapc-rdbase-truncated).
   */
  mapc(cmd: bigint[]): Result {
    const icid = fieldOf(cmd[2]!, CMD2.Icid), valid = isSet(cmd[2]!, CMD2.Valid), n = this.redistributors.length;
    let rd = valid ? fieldOf(cmd[2]!, CMD2.RDbase) : 0;
    if (valid && rd >= n && (rd & 0xffff) < n && icid < this.collectionTable.entries && this.qemuDeviation('its-mapc-rdbase-truncated')) rd &= 0xffff;
    if (icid >= this.collectionTable.entries || (valid && rd >= n)) return Result.Ignored;
    const v = valid ? withField(withField(0n, CTE.Valid, 1), CTE.RDbase, rd) : 0n;
    return this.writeEntry(this.collectionTable, icid, v) ? Result.Done : Result.Stall;
  }

  /** MAPTI, and MAPI (`sameId`: the LPI is the EventID). */
  mapti(cmd: bigint[], sameId: boolean): Result {
    const devid = fieldOf(cmd[0]!, CMD0.DeviceId), eventid = fieldOf(cmd[1]!, CMD1.EventId);
    const icid = fieldOf(cmd[2]!, CMD2.Icid), intid = sameId ? eventid : fieldOf(cmd[1]!, CMD1.PIntId);
    if (devid >= this.deviceTable.entries) return Result.Ignored;
    const dte = this.readDevice(devid);
    if (dte === undefined) return Result.Stall;
    if (icid >= this.collectionTable.entries || !dte.valid || eventid >= 2 ** (dte.size + 1) || !inLpiRange(intid)) return Result.Ignored;
    return this.writeTranslation(dte, eventid, { valid: true, physical: true, intid, icid, vpeid: 0, doorbell: INTID_SPURIOUS });
  }

  /** VMAPTI, and VMAPI (`sameId`: the vLPI is the EventID). */
  vmapti(cmd: bigint[], sameId: boolean): Result {
    if (!this.hasVirtual()) return Result.Ignored;
    const devid = fieldOf(cmd[0]!, CMD0.DeviceId), eventid = fieldOf(cmd[1]!, CMD1.EventId), vpeid = fieldOf(cmd[1]!, CMD1.VpeId);
    const doorbell = fieldOf(cmd[2]!, CMD2.Doorbell), intid = sameId ? eventid : fieldOf(cmd[2]!, CMD2.VIntId);
    if (devid >= this.deviceTable.entries) return Result.Ignored;
    const dte = this.readDevice(devid);
    if (dte === undefined) return Result.Stall;
    if (!dte.valid || eventid >= 2 ** (dte.size + 1) || !inLpiRange(intid) || !validDoorbell(doorbell) || vpeid >= this.vpeTable.entries) return Result.Ignored;
    return this.writeTranslation(dte, eventid, { valid: true, physical: false, intid, icid: 0, vpeid, doorbell });
  }

  movi(cmd: bigint[]): Result {
    const devid = fieldOf(cmd[0]!, CMD0.DeviceId), eventid = fieldOf(cmd[1]!, CMD1.EventId), icid = fieldOf(cmd[2]!, CMD2.Icid);
    const found = this.lookupEvent(devid, eventid);
    if (typeof found === 'number') return found;
    const { dte, ite } = found;
    if (!ite.physical) return Result.Ignored;
    const from = this.lookupCollection(ite.icid);
    if (typeof from === 'number') return from;
    const to = this.lookupCollection(icid);
    if (typeof to === 'number') return to;
    if (from !== to) from.moveTo(to, ite.intid);
    return this.writeTranslation(dte, eventid, { ...ite, icid });
  }

  movall(cmd: bigint[]): Result {
    const rd1 = fieldOf(cmd[2]!, CMD2.RDbase), rd2 = fieldOf(cmd[3]!, CMD3.RDbase2), n = this.redistributors.length;
    if (rd1 >= n || rd2 >= n) return Result.Ignored;
    if (rd1 !== rd2) this.redistributors[rd1]!.moveAllTo(this.redistributors[rd2]!);
    return Result.Done;
  }

  inv(cmd: bigint[]): Result {
    const found = this.lookupEvent(fieldOf(cmd[0]!, CMD0.DeviceId), fieldOf(cmd[1]!, CMD1.EventId));
    if (typeof found === 'number') return found;
    const { ite } = found;
    if (ite.physical) {
      const rd = this.lookupCollection(ite.icid);
      if (typeof rd === 'number') return rd;
      rd.invalidate();
      return Result.Done;
    }
    if (!this.hasVirtual()) return Result.Ignored;
    const vte = this.lookupVpe(ite.vpeid);
    if (typeof vte === 'number') return vte;
    if (!inLpiRange(ite.intid) || ite.intid >= 2 ** (vte.vptSize + 1)) return Result.Ignored;
    this.redistributors[vte.rdbase]!.invalidateVpe(vte.vpt);
    return Result.Done;
  }

  /** INVALL: QEMU rescans every redistributor's pending table, whatever the collection. */
  invall(): Result {
    for (const rd of this.redistributors) rd.invalidate();
    return Result.Done;
  }

  vmapp(cmd: bigint[]): Result {
    if (!this.hasVirtual()) return Result.Ignored;
    const vpeid = fieldOf(cmd[1]!, CMD1.VpeId), rdbase = fieldOf(cmd[2]!, CMD2.RDbase), valid = isSet(cmd[2]!, CMD2.Valid);
    const vptSize = fieldOf(cmd[3]!, CMD3.VptSize), vpt = fieldOf(cmd[3]!, CMD3.VptAddr) * 2 ** 16;
    if (vptSize > ID_BITS || (valid && rdbase >= this.redistributors.length) || vpeid >= this.vpeTable.entries) return Result.Ignored;
    return this.writeVpe(vpeid, { valid, vptSize, vpt, rdbase });
  }

  /** VMOVP: the vPE table entry names the new redistributor (GITS_TYPER.VMOVP = 1: no ITS list). */
  vmovp(cmd: bigint[]): Result {
    if (!this.hasVirtual()) return Result.Ignored;
    const vpeid = fieldOf(cmd[1]!, CMD1.VpeId), rdbase = fieldOf(cmd[2]!, CMD2.RDbase);
    if (rdbase >= this.redistributors.length) return Result.Ignored;
    const vte = this.lookupVpe(vpeid);
    if (typeof vte === 'number') return vte;
    return this.writeVpe(vpeid, { ...vte, rdbase });
  }

  vmovi(cmd: bigint[]): Result {
    if (!this.hasVirtual()) return Result.Ignored;
    const devid = fieldOf(cmd[0]!, CMD0.DeviceId), eventid = fieldOf(cmd[1]!, CMD1.EventId), vpeid = fieldOf(cmd[1]!, CMD1.VpeId);
    const newDoorbell = isSet(cmd[2]!, CMD2.DoorbellValid), doorbell = fieldOf(cmd[2]!, CMD2.Doorbell);
    if (newDoorbell && !validDoorbell(doorbell)) return Result.Ignored;
    const found = this.lookupEvent(devid, eventid);
    if (typeof found === 'number') return found;
    const { dte, ite } = found;
    if (ite.physical) return Result.Ignored;
    const from = this.lookupVpe(ite.vpeid);
    if (typeof from === 'number') return from;
    const to = this.lookupVpe(vpeid);
    if (typeof to === 'number') return to;
    if (!inLpiRange(ite.intid) || ite.intid >= 2 ** (from.vptSize + 1) || ite.intid >= 2 ** (to.vptSize + 1)) return Result.Ignored;
    const moved = { ...ite, vpeid, doorbell: newDoorbell ? doorbell : ite.doorbell };
    if (from.vpt !== to.vpt) this.redistributors[from.rdbase]!.moveVirtualTo(from.vpt, this.redistributors[to.rdbase]!, to.vpt, ite.intid, moved.doorbell);
    return this.writeTranslation(dte, eventid, moved);
  }

  vinvall(cmd: bigint[]): Result {
    if (!this.hasVirtual()) return Result.Ignored;
    const vte = this.lookupVpe(fieldOf(cmd[1]!, CMD1.VpeId));
    if (typeof vte === 'number') return vte;
    this.redistributors[vte.rdbase]!.invalidateVpe(vte.vpt);
    return Result.Done;
  }
}

const event = (cmd: bigint[]): [number, number] => [fieldOf(cmd[0]!, CMD0.DeviceId), fieldOf(cmd[1]!, CMD1.EventId)];

/** The command handlers by opcode. SYNC and VSYNC do nothing: every command has completed when the next is read. */
const COMMANDS = new Map<number, (its: GicIts, cmd: bigint[]) => Result>([
  [ITS_CMD.INT, (its, cmd) => its.translate(...event(cmd), 'int')],
  [ITS_CMD.CLEAR, (its, cmd) => its.translate(...event(cmd), 'clear')],
  [ITS_CMD.DISCARD, (its, cmd) => its.translate(...event(cmd), 'discard')],
  [ITS_CMD.SYNC, () => Result.Done],
  [ITS_CMD.MAPD, (its, cmd) => its.mapd(cmd)],
  [ITS_CMD.MAPC, (its, cmd) => its.mapc(cmd)],
  [ITS_CMD.MAPTI, (its, cmd) => its.mapti(cmd, false)],
  [ITS_CMD.MAPI, (its, cmd) => its.mapti(cmd, true)],
  [ITS_CMD.MOVI, (its, cmd) => its.movi(cmd)],
  [ITS_CMD.MOVALL, (its, cmd) => its.movall(cmd)],
  [ITS_CMD.INV, (its, cmd) => its.inv(cmd)],
  [ITS_CMD.INVALL, (its) => its.invall()],
  [ITS_CMD.VMAPP, (its, cmd) => its.vmapp(cmd)],
  [ITS_CMD.VMAPTI, (its, cmd) => its.vmapti(cmd, false)],
  [ITS_CMD.VMAPI, (its, cmd) => its.vmapti(cmd, true)],
  [ITS_CMD.VMOVP, (its, cmd) => its.vmovp(cmd)],
  [ITS_CMD.VMOVI, (its, cmd) => its.vmovi(cmd)],
  [ITS_CMD.VINVALL, (its, cmd) => its.vinvall(cmd)],
  [ITS_CMD.VSYNC, (its) => (its.hasVirtual() ? Result.Done : Result.Ignored)],
]);
