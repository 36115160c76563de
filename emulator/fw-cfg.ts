// QEMU 7.2's firmware configuration device (fw_cfg) as the virt board has it: QEMU's own
// interface (docs/specs/fw_cfg.rst; hw/nvram/fw_cfg.c, hw/arm/virt.c create_fw_cfg), at
// 0x0902_0000 with the DTB node fw-cfg@9020000 ("qemu,fw-cfg-mmio", reg size 0x18). Every
// register is big-endian: the data register at +0 (up to 8 bytes a read, the selected item's
// bytes in order), the selector at +8 (16-bit writes), the DMA address at +16 (64-bit; writing
// its low half starts a transfer described by an FWCfgDmaAccess structure in guest memory).
//
// The items are what QEMU 7.2 provides for s2diff's command line (-smp 1, -kernel without
// firmware, so boot.c adds no kernel/initrd/cmdline items; scenario fw-cfg): the signature,
// the ID, the UUID, NB_CPUS, NOGRAPHIC, BOOT_MENU and the file directory with QEMU's nine
// files. The generated ACPI tables (etc/acpi/tables, 128 KiB) and their linker script
// (etc/table-loader) are listed exactly, but their contents are not modelled: reading them
// ends the run with "model does not implement ...". Everything else has QEMU's real content.
//
// An access QEMU rejects (a read of the selector, a selector write that is not 16-bit, the
// data register at a non-zero offset, a DMA-register write that is not 32-bit at +16/+20 or
// 64-bit at +16, the hole at +0xa..+0xf) is a synchronous External abort on QEMU; a device
// cannot raise one here, so the model stops with "model does not implement" instead. The CPU
// splits a 64-bit access into two 32-bit ones at +0 and +4 (cpu.ts mmio): a 32-bit access at
// data+4 is taken as the second half of a 64-bit one (QEMU would abort a lone one).

import type { MmioDevice, PhysicalMemory } from './memory.ts';
import { Unimplemented } from './isa/unimplemented.ts';

export const FW_CFG_BASE = 0x0902_0000;
const FW_CFG_SIZE = 0x18;
const REG = { DATA: 0x0, SELECTOR: 0x8, DMA: 0x10 } as const;

/** Selector keys (fw_cfg.rst "Selector Register", QEMU's include/standard-headers/linux/qemu_fw_cfg.h). */
export const KEY = {
  SIGNATURE: 0x00, ID: 0x01, UUID: 0x02, NOGRAPHIC: 0x04, NB_CPUS: 0x05, BOOT_MENU: 0x0e,
  FILE_DIR: 0x19, FILE_FIRST: 0x20, WRITE_CHANNEL: 0x4000, ARCH_LOCAL: 0x8000,
} as const;
const ENTRY_MASK = 0x3fff;
/** QEMU's default file slots (x-file-slots = 0x20): keys at or above FILE_FIRST + 0x20 select nothing. */
const FILE_SLOTS = 0x20;
const FILE_ENTRY_SIZE = 64; // be32 size, be16 select, u16 reserved, char name[56]
const INVALID = 0xffff;

/** FWCfgDmaAccess.control bits. */
export const DMA_CTL = { ERROR: 0x01, READ: 0x02, SKIP: 0x04, SELECT: 0x08, WRITE: 0x10 } as const;
/** What the DMA address register reads: "QEMU CFG". */
const DMA_SIGNATURE = 0x51454d55_20434647n;
/** FW_CFG_ID: the traditional interface (bit 0) and DMA (bit 1). */
const FEATURES = 0x3;

/** An item; `data` undefined: its contents are not modelled (QEMU generates them). */
interface Item {
  readonly len: number;
  readonly data?: Uint8Array;
  readonly name?: string;
}

const le16 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff];
const le32 = (v: number): number[] => [...le16(v & 0xffff), ...le16(v >>> 16)];
const ascii = (s: string): number[] => [...s].map((ch) => ch.charCodeAt(0));

/** One SMBIOS structure: header (type, length, handle), formatted area, string set. */
function smbiosStructure(type: number, handle: number, formatted: number[], strings: string[]): number[] {
  const text = strings.length === 0 ? [0, 0] : [...strings.flatMap((s) => [...ascii(s), 0]), 0];
  return [type, 4 + formatted.length, ...le16(handle), ...formatted, ...text];
}

/**
 * etc/smbios/smbios-tables as QEMU 7.2 builds it for virt-7.2 with one CPU and one memory
 * region of `ramBytes` (hw/smbios/smbios.c with virt_build_smbios's defaults): types 1, 3,
 * 4, 16, 17, 32 and 127, no type 0 (no BIOS vendor) and no type 19. -m is at most 8 GiB
 * (harness), so one DIMM whose size fits type 17's 16-bit MiB field.
 */
export function smbiosTables(ramBytes: number): Uint8Array {
  const version = 'virt-7.2';
  const sys = smbiosStructure(1, 0x100, [1, 2, 3, 0, ...new Array<number>(16).fill(0), 6, 0, 0],
    ['QEMU', 'QEMU Virtual Machine', version]); // wake-up type 6: power switch
  const chassis = smbiosStructure(3, 0x300, [1, 1, 2, 0, 0, 3, 3, 3, 2, ...le32(0), 0, 0, 0, 0, 0],
    ['QEMU', version]); // type "other", states "safe", security "unknown"
  const cpu = smbiosStructure(4, 0x400, [
    1, 3, 1, 2, ...new Array<number>(8).fill(0), 3, 0, ...le16(0), ...le16(2000), ...le16(2000),
    0x41, 1, ...le16(0xffff), ...le16(0xffff), ...le16(0xffff), 0, 0, 0, 1, 1, 1,
    ...le16(2), ...le16(1), ...le16(1), ...le16(1), ...le16(1),
  ], ['CPU 0', 'QEMU', version]); // central processor, family "other", 2000 MHz, populated+enabled, 64-bit capable
  const array = smbiosStructure(16, 0x1000, [1, 3, 6, ...le32(ramBytes / 1024), ...le16(0xfffe), ...le16(1), ...new Array<number>(8).fill(0)], []);
  const dimm = smbiosStructure(17, 0x1100, [
    ...le16(0x1000), ...le16(0xfffe), ...le16(0xffff), ...le16(0xffff), ...le16(ramBytes / 0x10_0000),
    9, 0, 1, 0, 7, ...le16(2), ...le16(0), 2, 0, 0, 0, 0, ...le32(0), ...le16(0), ...le16(0), ...le16(0), ...le16(0),
  ], ['DIMM 0', 'QEMU']); // DIMM, type RAM, detail "other"
  const boot = smbiosStructure(32, 0x2000, new Array<number>(7).fill(0), []); // no errors detected
  const end = smbiosStructure(127, 0x7f00, [], []);
  return Uint8Array.from([...sys, ...chassis, ...cpu, ...array, ...dimm, ...boot, ...end]);
}

/** The SMBIOS 3.0 entry point; QEMU leaves its checksum and table address to the firmware. */
function smbiosAnchor(tablesLen: number): Uint8Array {
  return Uint8Array.from([...ascii('_SM3_'), 0, 0x18, 3, 0, 0, 1, 0, ...le32(tablesLen), ...new Array<number>(8).fill(0)]);
}

/**
 * The ACPI 2.0 RSDP as QEMU 7.2 hands it to firmware: checksums 0 and the XSDT "address" the
 * XSDT's offset in etc/acpi/tables (the table-loader's commands fix both up). 0x183b is
 * where QEMU 7.2 places the XSDT for this board with one CPU (the same with max and
 * cortex-a57, with and without EL2, for any -m; two CPUs would move it).
 */
function acpiRsdp(): Uint8Array {
  return Uint8Array.from([...ascii('RSD PTR '), 0, ...ascii('BOCHS '), 2, ...le32(0), ...le32(36),
    ...le32(0x183b), ...le32(0), 0, 0, 0, 0]);
}

/** The files, by name (QEMU sorts the directory by name and numbers selectors from FILE_FIRST). */
function files(ramBytes: number): Item[] {
  const tables = smbiosTables(ramBytes);
  const list: Item[] = [
    { name: 'bios-geometry', len: 0, data: new Uint8Array(0) }, // no boot devices
    { name: 'bootorder', len: 0, data: new Uint8Array(0) },
    { name: 'etc/acpi/rsdp', len: 36, data: acpiRsdp() },
    { name: 'etc/acpi/tables', len: 0x20000 }, // padded to ACPI_BUILD_TABLE_SIZE; not modelled
    { name: 'etc/boot-fail-wait', len: 4, data: Uint8Array.from(le32(0xffffffff)) }, // no reboot-timeout: -1
    { name: 'etc/smbios/smbios-anchor', len: 24, data: smbiosAnchor(tables.length) },
    { name: 'etc/smbios/smbios-tables', len: tables.length, data: tables },
    { name: 'etc/table-loader', len: 3072 }, // 24 linker commands of 128 bytes; not modelled
    { name: 'etc/tpm/log', len: 0, data: new Uint8Array(0) }, // no TPM: empty
  ];
  return list.sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0));
}

function fileDirectory(list: Item[]): Uint8Array {
  const dir = new Uint8Array(4 + FILE_SLOTS * FILE_ENTRY_SIZE);
  const v = new DataView(dir.buffer);
  v.setUint32(0, list.length);
  list.forEach((f, i) => {
    const at = 4 + i * FILE_ENTRY_SIZE;
    v.setUint32(at, f.len);
    v.setUint16(at + 4, KEY.FILE_FIRST + i);
    dir.set(ascii(f.name!), at + 8);
  });
  return dir;
}

const bswap16 = (v: number): number => ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
const bswap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

export class FwCfg implements MmioDevice {
  readonly name = 'fw-cfg';
  readonly base = FW_CFG_BASE;
  readonly size = FW_CFG_SIZE;
  private readonly items = new Map<number, Item>();
  /** The selected key (INVALID when out of range) and the offset in its item; reset selects the signature. */
  private cur = KEY.SIGNATURE as number;
  private offset = 0;
  private dmaHi = 0;
  private dmaLo = 0;

  constructor(private readonly mem: PhysicalMemory) {
    const fixed = (key: number, bytes: number[]): void => { this.items.set(key, { len: bytes.length, data: Uint8Array.from(bytes) }); };
    fixed(KEY.SIGNATURE, ascii('QEMU'));
    fixed(KEY.ID, le32(FEATURES));
    fixed(KEY.UUID, new Array<number>(16).fill(0)); // no -uuid
    fixed(KEY.NOGRAPHIC, le16(0));
    fixed(KEY.NB_CPUS, le16(1));
    fixed(KEY.BOOT_MENU, le16(0));
    const list = files(mem.ramSize);
    list.forEach((f, i) => this.items.set(KEY.FILE_FIRST + i, f));
    const dir = fileDirectory(list);
    this.items.set(KEY.FILE_DIR, { len: dir.length, data: dir });
  }

  private select(key: number): void {
    this.offset = 0;
    this.cur = (key & ENTRY_MASK) >= KEY.FILE_FIRST + FILE_SLOTS ? INVALID : key;
  }

  /** The selected item; nothing for an invalid key or an architecture-local one (none on Arm). */
  private item(): Item | undefined {
    if (this.cur === INVALID || (this.cur & KEY.ARCH_LOCAL) !== 0) return undefined;
    return this.items.get(this.cur & ENTRY_MASK);
  }

  private contents(it: Item): Uint8Array {
    if (it.data === undefined) throw new Unimplemented(`the contents of fw_cfg file ${it.name} (generated by QEMU; only its directory entry is modelled)`);
    return it.data;
  }

  /** `size` bytes of the item stream, zero-padded past its end, in memory order (byte 0 lowest). */
  private readData(size: number): number {
    const it = this.item();
    if (it === undefined || this.offset >= it.len) return 0;
    const data = this.contents(it);
    let v = 0;
    for (let k = 0; k < size && this.offset < it.len; k++) v += data[this.offset++] * 2 ** (8 * k);
    return v;
  }

  private abort(what: string, off: number, size: number): never {
    throw new Unimplemented(`the External abort QEMU 7.2's fw_cfg raises for a ${size}-byte ${what} at +0x${off.toString(16)}`);
  }

  read(off: number, size: number): number {
    if (off === REG.DATA || (off === 4 && size === 4)) return this.readData(size);
    if (off >= REG.DMA) {
      // The DMA register reads as the signature, big-endian: the guest sees its bytes in order.
      const shift = BigInt((REG.DMA + 8 - off - size) * 8);
      const be = Number((DMA_SIGNATURE >> shift) & ((1n << BigInt(size * 8)) - 1n));
      return size === 1 ? be : size === 2 ? bswap16(be) : bswap32(be);
    }
    return this.abort('read', off, size);
  }

  write(off: number, size: number, value: number): void {
    if (off === REG.DATA || (off === 4 && size === 4)) return; // data writes are ignored (QEMU >= 2.4)
    if (off === REG.SELECTOR && size === 2) return this.select(bswap16(value));
    if (off === REG.DMA && size === 4) {
      this.dmaHi = bswap32(value);
      return;
    }
    if (off === REG.DMA + 4 && size === 4) {
      this.dmaLo = bswap32(value);
      return this.dmaTransfer();
    }
    return this.abort('write', off, size);
  }

  /** Writes `bytes` (or `len` zeros) at guest PA `pa`; false if part of it hit nothing (a decode error). */
  private dmaWrite(pa: number, len: number, bytes?: Uint8Array): boolean {
    const { mem } = this;
    const lo = Math.max(pa, mem.ramBase), hi = Math.min(pa + len, mem.ramEnd);
    if (lo < hi) {
      const off = lo - mem.ramBase, n = hi - lo;
      if (bytes === undefined) mem.ram.fill(0, off, off + n);
      else mem.ram.set(bytes.subarray(lo - pa, lo - pa + n), off);
      this.noteWrites(off, n);
    }
    if (len === 0 || (lo === pa && hi === pa + len)) return true;
    // Outside RAM: QEMU's DMA would reach a device there; only unassigned space is modelled.
    const outside = pa < mem.ramBase ? pa : Math.max(pa, mem.ramEnd);
    if (mem.deviceAt(outside) !== undefined) throw new Unimplemented(`fw_cfg DMA into the device at 0x${outside.toString(16)}`);
    return false;
  }

  /** Drops decoded instructions (and tells the --strict checker) for every RAM byte DMA wrote. */
  private noteWrites(off: number, n: number): void {
    const { mem } = this;
    for (let page = off >>> 12; page <= (off + n - 1) >>> 12; page++) {
      if (mem.codePages[page] === 0) continue;
      const from = Math.max(off, page << 12), to = Math.min(off + n, (page + 1) << 12);
      for (let b = from; b < to; b++) mem.noteWrite(b);
    }
  }

  /** The FWCfgDmaAccess at the DMA address: { be32 control, be32 length, be64 address }. */
  private dmaTransfer(): void {
    const at = this.dmaHi * 2 ** 32 + this.dmaLo;
    this.dmaHi = this.dmaLo = 0;
    const { mem } = this;
    const status = (control: number): void => { this.dmaWrite(at, 4, Uint8Array.from([control >>> 24, (control >>> 16) & 0xff, (control >>> 8) & 0xff, control & 0xff])); };
    if (!mem.isRam(at, 16)) {
      if (mem.deviceAt(at) !== undefined) throw new Unimplemented(`an FWCfgDmaAccess read from the device at 0x${at.toString(16)}`);
      return status(DMA_CTL.ERROR);
    }
    const v = new DataView(mem.ram.buffer, at - mem.ramBase, 16);
    const request = v.getUint32(0);
    let length = v.getUint32(4);
    let address = v.getUint32(8) * 2 ** 32 + v.getUint32(12);
    if ((request & DMA_CTL.SELECT) !== 0) this.select(request >>> 16);
    // One operation: read before write before skip; with none of them, nothing moves.
    const read = (request & DMA_CTL.READ) !== 0;
    const write = !read && (request & DMA_CTL.WRITE) !== 0;
    if (!read && !write && (request & DMA_CTL.SKIP) === 0) length = 0;
    let control = 0;
    const it = this.item();
    while (length > 0 && control === 0) {
      let len: number;
      if (it === undefined || this.offset >= it.len) {
        // Past the end (or nothing selected): a read fills zeros, a write fails, a skip does nothing.
        len = length;
        if (read && !this.dmaWrite(address, len)) control |= DMA_CTL.ERROR;
        if (write) control |= DMA_CTL.ERROR;
      } else {
        len = Math.min(length, it.len - this.offset);
        if (read && !this.dmaWrite(address, len, this.contents(it).subarray(this.offset, this.offset + len))) control |= DMA_CTL.ERROR;
        if (write) control |= DMA_CTL.ERROR; // every item on this board is read-only
        this.offset += len; // QEMU moves on even when the transfer failed
      }
      address += len;
      length -= len;
    }
    status(control);
  }
}
