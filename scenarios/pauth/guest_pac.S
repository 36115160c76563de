/*
 * pauth: the pointer authentication instructions, one small function each (AAPCS: the
 * pointer in x0, the modifier in x1, the result in x0). Guest code, so that both the host
 * (EL2) and the guest (EL1) can call them. Branch tests put their recovery address in x9:
 * a failed authentication branches to a faulting address and the handler resumes there.
 */
        .arch armv8.3-a
        .text

.macro FN name
        .global \name
        .type \name, %function
        .balign 8
\name:
.endm

.macro OP2 name, insn
FN \name
        \insn   x0, x1
        ret
.endm

.macro OP1 name, insn
FN \name
        \insn   x0
        ret
.endm

OP2 t_pacia, pacia
OP2 t_pacib, pacib
OP2 t_pacda, pacda
OP2 t_pacdb, pacdb
OP2 t_autia, autia
OP2 t_autib, autib
OP2 t_autda, autda
OP2 t_autdb, autdb
OP1 t_paciza, paciza
OP1 t_pacizb, pacizb
OP1 t_pacdza, pacdza
OP1 t_pacdzb, pacdzb
OP1 t_autiza, autiza
OP1 t_autizb, autizb
OP1 t_autdza, autdza
OP1 t_autdzb, autdzb
OP1 t_xpaci, xpaci
OP1 t_xpacd, xpacd

FN t_pacga
        pacga   x0, x0, x1
        ret

/* PACIA/AUTIA with SP as the modifier (x1 unused) */
FN t_pacia_sp
        pacia   x0, sp
        ret
FN t_autia_sp
        autia   x0, sp
        ret

/* The hint forms on x30 (x0 = the value for x30), and on x17 with x16 (x1) */
.macro HINT30 name, insn
FN \name
        mov     x9, x30
        mov     x30, x0
        \insn
        mov     x0, x30
        mov     x30, x9
        ret
.endm
HINT30 t_paciasp, paciasp
HINT30 t_pacibsp, pacibsp
HINT30 t_autiasp, autiasp
HINT30 t_autibsp, autibsp
HINT30 t_paciaz, paciaz
HINT30 t_pacibz, pacibz
HINT30 t_autiaz, autiaz
HINT30 t_autibz, autibz
HINT30 t_xpaclri, xpaclri

.macro HINT1716 name, insn
FN \name
        mov     x17, x0
        mov     x16, x1
        \insn
        mov     x0, x17
        ret
.endm
HINT1716 t_pacia1716, pacia1716
HINT1716 t_pacib1716, pacib1716
HINT1716 t_autia1716, autia1716
HINT1716 t_autib1716, autib1716

/* A leaf that signs its return address and authenticates it again: returns 1 */
FN t_signed_leaf
        paciasp
        mov     x0, #1
        autiasp
        ret

/* The same with the signed x30 corrupted (x0 = XOR mask): returns what AUTIASP made of x30 */
FN t_corrupt_leaf
        mov     x9, x30
        paciasp
        eor     x30, x30, x0
        autiasp
        mov     x0, x30
        mov     x30, x9
        ret

/* RETAA / RETAB: x0 = XOR mask applied to the signed x30 (0: returns 42) */
FN t_retaa
        adr     x9, 1f
        mov     x10, x30
        paciasp
        eor     x30, x30, x0
        mov     x0, #42
        retaa
        ret
1:      mov     x30, x10
        mov     x0, #0xbad
        ret

FN t_retab
        adr     x9, 1f
        mov     x10, x30
        pacibsp
        eor     x30, x30, x0
        mov     x0, #43
        retab
        ret
1:      mov     x30, x10
        mov     x0, #0xbad
        ret

/* BRAA/BRAB/BRAAZ/BRABZ to a signed label: x0 = modifier, x1 = XOR mask; 1 if it arrived */
.macro BRTEST name, sign, br, mod
FN \name
        adr     x9, 2f
        adr     x2, 1f
        \sign   x2\mod
        eor     x2, x2, x1
        \br     x2\mod
2:      mov     x0, #0
        ret
1:      mov     x0, #1
        ret
.endm
BRTEST t_braa, pacia, braa, ", x0"
BRTEST t_brab, pacib, brab, ", x0"
BRTEST t_braaz, paciza, braaz, ""
BRTEST t_brabz, pacizb, brabz, ""

/* BLRAA/BLRAB/BLRAAZ/BLRABZ to a signed function returning 7 */
.macro BLRTEST name, sign, blr, mod
FN \name
        stp     x29, x30, [sp, #-16]!
        mov     x3, x0
        adr     x9, 2f
        adr     x2, t_seven
        \sign   x2\mod
        eor     x2, x2, x1
        mov     x0, #0
        \blr    x2\mod
2:      ldp     x29, x30, [sp], #16
        ret
.endm
BLRTEST t_blraa, pacia, blraa, ", x3"
BLRTEST t_blrab, pacib, blrab, ", x3"
BLRTEST t_blraaz, paciza, blraaz, ""
BLRTEST t_blrabz, pacizb, blrabz, ""

FN t_seven
        mov     x0, #7
        ret

/* LDRAA/LDRAB: x0 = address, x1 = XOR mask on the signed pointer; the loaded value */
FN t_ldraa
        pacdza  x0
        eor     x0, x0, x1
        ldraa   x0, [x0, #8]
        ret
FN t_ldrab
        pacdzb  x0
        eor     x0, x0, x1
        ldrab   x0, [x0, #-8]
        ret
/* Pre-index: x0 = address, x1 = where to store the loaded value; returns the written-back base */
FN t_ldraa_pre
        pacdza  x0
        ldraa   x2, [x0, #16]!
        str     x2, [x1]
        ret
FN t_ldrab_pre
        pacdzb  x0
        ldrab   x2, [x0, #-16]!
        str     x2, [x1]
        ret

/* ERETAA / ERETAB at EL2 (to EL2h): x0 = XOR mask on the signed ELR; 1 if it arrived */
.macro ERETTEST name, sign, eret
FN \name
        mrs     x10, elr_el2
        mrs     x11, spsr_el2
        adr     x9, 2f
        adr     x2, 1f
        \sign   x2, sp
        eor     x2, x2, x0
        msr     elr_el2, x2
        mov     x3, #0x3c9
        msr     spsr_el2, x3
        mov     x0, #0
        \eret
2:      b       3f
1:      mov     x0, #1
3:      msr     elr_el2, x10
        msr     spsr_el2, x11
        ret
.endm
ERETTEST t_eretaa, pacia, eretaa
ERETTEST t_eretab, pacib, eretab

/* The keys: x0 = 10 values (IA lo/hi, IB, DA, DB, GA) */
FN t_set_keys
        ldp     x1, x2, [x0]
        msr     apiakeylo_el1, x1
        msr     apiakeyhi_el1, x2
        ldp     x1, x2, [x0, #16]
        msr     apibkeylo_el1, x1
        msr     apibkeyhi_el1, x2
        ldp     x1, x2, [x0, #32]
        msr     apdakeylo_el1, x1
        msr     apdakeyhi_el1, x2
        ldp     x1, x2, [x0, #48]
        msr     apdbkeylo_el1, x1
        msr     apdbkeyhi_el1, x2
        ldp     x1, x2, [x0, #64]
        msr     apgakeylo_el1, x1
        msr     apgakeyhi_el1, x2
        isb
        ret

/* Read back each key register (x0 = 10 slots) */
FN t_get_keys
        mrs     x1, apiakeylo_el1
        mrs     x2, apiakeyhi_el1
        stp     x1, x2, [x0]
        mrs     x1, apibkeylo_el1
        mrs     x2, apibkeyhi_el1
        stp     x1, x2, [x0, #16]
        mrs     x1, apdakeylo_el1
        mrs     x2, apdakeyhi_el1
        stp     x1, x2, [x0, #32]
        mrs     x1, apdbkeylo_el1
        mrs     x2, apdbkeyhi_el1
        stp     x1, x2, [x0, #48]
        mrs     x1, apgakeylo_el1
        mrs     x2, apgakeyhi_el1
        stp     x1, x2, [x0, #64]
        ret

FN t_read_apdbkeyhi
        mov     x3, #0
        mrs     x3, apdbkeyhi_el1
        mov     x0, x3
        ret
FN t_write_apiakeylo
        msr     apiakeylo_el1, x0
        ret
