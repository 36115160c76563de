// Raw (non-ELF) images, booted as QEMU 7.2's hw/arm/boot.c boots an AArch64 Linux kernel:
// the image at RAM + 0x80000 (or at the text_offset of an arm64 Image header), the initrd at
// RAM + min(RAM / 2, 128 MiB), the DTB 2 MiB-aligned after it, and QEMU's six-instruction
// bootloader at the start of RAM, which loads x0 = DTB, x1-x3 = 0 and branches to the image.
// The DTB itself comes from QEMU (`-machine dumpdtb=`) for the same command line.

export const RAM_BASE = 0x4000_0000;
const KERNEL64_LOAD_OFFSET = 0x8_0000;
const ARM64_MAGIC_OFFSET = 56;
const BOOTLOADER_MAX_SIZE = 0x1000; // QEMU's bootloader area at the bottom of RAM

export interface RawBootLayout {
  entry: number;
  initrdStart: number;
  dtbStart: number;
  /** The bootloader's words at RAM_BASE (code, then the DTB and entry literals). */
  bootloader: Uint32Array;
}

/** Where QEMU puts each part of a raw boot (boot.c load_aarch64_image / arm_setup_direct_kernel_boot). */
export function rawBootLayout(image: Uint8Array, memMiB: number, initrdSize: number): RawBootLayout {
  let offset = KERNEL64_LOAD_OFFSET;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (image.length > ARM64_MAGIC_OFFSET + 4 && view.getUint32(ARM64_MAGIC_OFFSET, true) === 0x644d5241) { // "ARM\x64"
    const textOffset = Number(view.getBigUint64(8, true));
    const imageSize = view.getBigUint64(16, true);
    // text_offset counts only when image_size is set; below the bootloader it moves up 2 MiB.
    if (imageSize !== 0n) offset = textOffset < BOOTLOADER_MAX_SIZE ? textOffset + 0x20_0000 : textOffset;
  }
  const entry = RAM_BASE + offset;
  const initrdStart = RAM_BASE + Math.min((memMiB * 2 ** 20) / 2, 128 * 2 ** 20);
  const align = 2 * 2 ** 20; // AArch64: the DTB is 2 MiB aligned
  const dtbStart = Math.ceil((initrdStart + initrdSize) / align) * align;
  const bootloader = new Uint32Array([
    0x580000c0, // ldr x0, arg
    0xaa1f03e1, // mov x1, xzr
    0xaa1f03e2, // mov x2, xzr
    0xaa1f03e3, // mov x3, xzr
    0x58000084, // ldr x4, entry
    0xd61f0080, // br x4
    dtbStart >>> 0, Math.floor(dtbStart / 2 ** 32),
    entry >>> 0, Math.floor(entry / 2 ** 32),
  ]);
  return { entry, initrdStart, dtbStart, bootloader };
}
