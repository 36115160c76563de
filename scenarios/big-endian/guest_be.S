// Guest side of big-endian: big_endian_probe(buf, out) with SCTLR_EL1.EE = 1 around a set
// of data accesses to buf (16-byte aligned, 64 bytes), results into out[] (also big-endian
// stores, read back by the little-endian host as such). Instruction fetches stay
// little-endian. x0 = buf, x1 = out, x2 = 1 when the CPU has LSE atomics. Constants are
// built with MOVZ/MOVK: a literal-pool load would itself be a big-endian data load.
        .arch   armv8.1-a
        .text
        .global big_endian_probe
big_endian_probe:
        mov     x15, x2
        mrs     x16, cpacr_el1
        orr     x16, x16, #(3 << 20)         // FPEN: the Q register accesses do not trap
        msr     cpacr_el1, x16
        mrs     x9, sctlr_el1
        orr     x10, x9, #(1 << 25)          // EE
        msr     sctlr_el1, x10
        isb
        movz    x2, #0x0708
        movk    x2, #0x0506, lsl #16
        movk    x2, #0x0304, lsl #32
        movk    x2, #0x0102, lsl #48
        str     x2, [x0]                     // doubleword: bytes 01 02 ... 08
        movz    w3, #0x3344
        movk    w3, #0x1122, lsl #16
        str     w3, [x0, #8]                 // word
        mov     w4, #0x5566
        strh    w4, [x0, #12]                // halfword
        mov     w5, #0x77
        strb    w5, [x0, #14]                // byte
        ldr     x6, [x0]                     // read back: same value
        ldr     w7, [x0, #4]                 // the low word of the doubleword, big-endian: 0x05060708
        ldrh    w8, [x0, #2]                 // 0x0304
        ldrsh   x11, [x0, #8]                // 0x1122 sign-extended
        stp     x6, x7, [x1]                 // out[0], out[1]
        stp     x8, x11, [x1, #16]           // out[2], out[3]
        ldp     w12, w13, [x0]               // 0x01020304, 0x05060708
        stp     w12, w13, [x1, #32]          // out[4] as two words
        ldr     q0, [x0]                     // 16 bytes, big-endian
        str     q0, [x0, #16]                // stored back big-endian: the same bytes
        fmov    x12, d0                      // the low half of the 128-bit value
        mov     x13, v0.d[1]                 // the high half
        stp     x12, x13, [x1, #40]          // out[5], out[6]
        add     x14, x0, #32
        ldxp    x2, x3, [x14]                // 16 zero bytes
        movz    x2, #0xa7a8
        movk    x2, #0xa5a6, lsl #16
        movk    x2, #0xa3a4, lsl #32
        movk    x2, #0xa1a2, lsl #48
        movz    x3, #0xb7b8
        movk    x3, #0xb5b6, lsl #16
        movk    x3, #0xb3b4, lsl #32
        movk    x3, #0xb1b2, lsl #48
        stxp    w4, x2, x3, [x14]
        str     x4, [x1, #56]                // out[7]: 0 (stored)
        cbz     x15, 1f
        add     x14, x0, #48
        mov     x2, #0x0100
        str     x2, [x14]
        mov     x3, #1
        ldadd   x3, x4, [x14]                // old value 0x0100, new 0x0101
        str     x4, [x1, #64]                // out[8]
1:      msr     sctlr_el1, x9
        isb
        ret
