// The virt board's 32 virtio-mmio transports at 0x0a00_0000 (0x200 apart), as QEMU 7.2 has
// them with nothing plugged in: software probing them (kvm-unit-tests looks for its test
// device there) reads the magic, version 1 (legacy, QEMU's default), device ID 0 (none) and
// the QEMU vendor ID; everything else reads as zero and writes are ignored.

import type { MmioDevice } from './memory.ts';

export const VIRTIO_MMIO_BASE = 0x0a00_0000;
export const VIRTIO_MMIO_COUNT = 32;
const TRANSPORT_SIZE = 0x200;

const MAGIC = 0x74726976; // "virt"
const VENDOR_QEMU = 0x554d4551; // "QEMU"

export class VirtioMmioTransports implements MmioDevice {
  readonly name = 'virtio-mmio';
  readonly base = VIRTIO_MMIO_BASE;
  readonly size = VIRTIO_MMIO_COUNT * TRANSPORT_SIZE;

  read(off: number, size: number): number {
    const reg = off % TRANSPORT_SIZE;
    let v = 0;
    if (reg < 4) v = MAGIC;
    else if (reg < 8) v = 1; // Version
    else if (reg >= 0xc && reg < 0x10) v = VENDOR_QEMU;
    const shift = (reg & 3) * 8;
    return size === 4 ? v >>> 0 : (v >>> shift) & (2 ** (size * 8) - 1);
  }

  write(): void {
    // no device behind any transport: writes are ignored
  }
}
