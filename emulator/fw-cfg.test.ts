// The fw_cfg model through its registers as the CPU reaches them (64-bit accesses arrive as
// two 32-bit ones); QEMU's own answers are proved by scenario fw-cfg.
import { describe, expect, it } from 'vitest';
import { DMA_CTL, FwCfg, KEY, smbiosTables } from './fw-cfg.ts';
import { PhysicalMemory } from './memory.ts';

const RAM = 0x4000_0000;
const bswap16 = (v: number): number => ((v & 0xff) << 8) | (v >>> 8);
const bswap32 = (v: number): number => new DataView(Uint32Array.of(v).buffer).getUint32(0, false);

function board(): { mem: PhysicalMemory; fw: FwCfg; select: (key: number) => void; bytes: (n: number) => number[] } {
  const mem = new PhysicalMemory(RAM, 16 * 1024 * 1024);
  const fw = new FwCfg(mem);
  return {
    mem, fw,
    select: (key) => fw.write(8, 2, bswap16(key)),
    bytes: (n) => Array.from({ length: n }, () => fw.read(0, 1)),
  };
}

/** Places an FWCfgDmaAccess at `at` and starts it with a 64-bit write (two halves); returns the control word after. */
function dma(mem: PhysicalMemory, fw: FwCfg, at: number, control: number, length: number, address: number): number {
  const v = new DataView(mem.ram.buffer, at - RAM, 16);
  v.setUint32(0, control);
  v.setUint32(4, length);
  v.setBigUint64(8, BigInt(address));
  fw.write(16, 4, bswap32(0));
  fw.write(20, 4, bswap32(at));
  return v.getUint32(0);
}

describe('fw_cfg', () => {
  it('reads the signature and ID, at any width, in item order', () => {
    const { fw, select, bytes } = board();
    expect(String.fromCharCode(...bytes(4))).toBe('QEMU'); // reset selects the signature
    select(KEY.SIGNATURE);
    expect(fw.read(0, 2)).toBe(0x4551);
    expect([fw.read(0, 4), fw.read(4, 4)]).toEqual([0x554d, 0]); // two bytes left, then zeros
    select(KEY.ID);
    expect(fw.read(0, 4)).toBe(3);
  });

  it('lists the files sorted by name, with selectors from 0x20', () => {
    const { select, bytes } = board();
    select(KEY.FILE_DIR);
    const dir = Uint8Array.from(bytes(4 + 9 * 64));
    const v = new DataView(dir.buffer);
    expect(v.getUint32(0)).toBe(9);
    const entries = Array.from({ length: 9 }, (_, i) => {
      const at = 4 + i * 64;
      const name = String.fromCharCode(...dir.subarray(at + 8, at + 64)).replace(/\0+$/, '');
      return [v.getUint16(at + 4), v.getUint32(at), name];
    });
    expect(entries[0]).toEqual([0x20, 0, 'bios-geometry']);
    expect(entries[3]).toEqual([0x23, 0x20000, 'etc/acpi/tables']);
    expect(entries[6]).toEqual([0x26, 266, 'etc/smbios/smbios-tables']);
    expect(entries[8]).toEqual([0x28, 0, 'etc/tpm/log']);
  });

  it('builds SMBIOS tables whose memory sizes follow -m', () => {
    const t = smbiosTables(256 * 1024 * 1024);
    expect(t.length).toBe(266);
    const v = new DataView(t.buffer);
    const type16 = t.indexOf(16, 0x90);
    expect(t[type16 + 3]).toBe(0x10);
    expect(v.getUint32(type16 + 7, true)).toBe(256 * 1024); // KiB
    expect(v.getUint16(type16 + 25 + 12, true)).toBe(256); // type 17's size, MiB
  });

  it('does DMA: select+read, zero fill past the end, failing writes, unassigned targets', () => {
    const { mem, fw, bytes } = board();
    const desc = RAM + 0x1000, buf = RAM + 0x2000;
    mem.ram.fill(0xaa, 0x2000, 0x2010);
    expect(dma(mem, fw, desc, (KEY.SIGNATURE << 16) | DMA_CTL.SELECT | DMA_CTL.READ, 6, buf)).toBe(0);
    expect(Array.from(mem.ram.subarray(0x2000, 0x2008))).toEqual([0x51, 0x45, 0x4d, 0x55, 0, 0, 0xaa, 0xaa]);
    expect(dma(mem, fw, desc, (KEY.SIGNATURE << 16) | DMA_CTL.SELECT | DMA_CTL.WRITE, 1, buf)).toBe(DMA_CTL.ERROR);
    expect(bytes(1)).toEqual([0x45]); // a failed write still moves the offset
    expect(dma(mem, fw, desc, DMA_CTL.SKIP, 1, 0)).toBe(0);
    expect(bytes(1)).toEqual([0x55]);
    expect(dma(mem, fw, desc, (KEY.ID << 16) | DMA_CTL.SELECT | DMA_CTL.READ, 4, 0x0902_0100)).toBe(DMA_CTL.ERROR);
  });

  it('reports what it does not model instead of guessing', () => {
    const { mem, fw, select } = board();
    select(0x23); // etc/acpi/tables
    expect(() => fw.read(0, 1)).toThrow(/does not implement the contents of fw_cfg file etc\/acpi\/tables/);
    expect(dma(mem, fw, RAM + 0x1000, DMA_CTL.SKIP, 0x20000, 0)).toBe(0); // skipping is fine
    expect(fw.read(0, 4)).toBe(0);
    expect(() => fw.read(8, 2)).toThrow(/External abort/); // QEMU aborts selector reads
    mem.addDevice({ name: 'uart', base: 0x0900_0000, size: 0x1000, read: () => 0, write: () => {} });
    expect(() => dma(mem, fw, RAM + 0x1000, DMA_CTL.READ, 4, 0x0900_0000)).toThrow(/DMA into the device at 0x9000000/);
  });
});
