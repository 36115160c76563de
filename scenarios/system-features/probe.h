/* The registers system-features probes: name, read, write (shared by host and guest). */
#ifndef SYSTEM_FEATURES_PROBE_H
#define SYSTEM_FEATURES_PROBE_H

#define HVC_REPORT 0x400        /* x0 = probe index, x1 = value read, x2 = value read after writing ~0 */

/* X(name, encoding): FEAT_LOR, read/write at EL1 (HCR_EL2.TLOR traps them) */
#define LOR_REGS(X)                                     \
        X("lorsa_el1", s3_0_c10_c4_0)                   \
        X("lorea_el1", s3_0_c10_c4_1)                   \
        X("lorn_el1", s3_0_c10_c4_2)                    \
        X("lorc_el1", s3_0_c10_c4_3)
#define LOR_RO_REGS(X)                                  \
        X("lorid_el1", s3_0_c10_c4_7)

/* FEAT_RAS at EL1: DISR_EL1 (VDISR_EL2 under HCR_EL2.AMO), ERRIDR_EL1 */
#define RAS_REGS(X)                                     \
        X("disr_el1", s3_0_c12_c1_1)
#define RAS_RO_REGS(X)                                  \
        X("erridr_el1", s3_0_c5_c3_0)
/* The error record window: probed at EL2 only (where a CPU has no records, UNDEFINED) */
#define RAS_RECORD_REGS(X)                              \
        X("errselr_el1", s3_0_c5_c3_1)                  \
        X("erxfr_el1", s3_0_c5_c4_0)                    \
        X("erxctlr_el1", s3_0_c5_c4_1)                  \
        X("erxstatus_el1", s3_0_c5_c4_2)                \
        X("erxaddr_el1", s3_0_c5_c4_3)                  \
        X("erxmisc0_el1", s3_0_c5_c5_0)                 \
        X("erxmisc1_el1", s3_0_c5_c5_1)                 \
        X("erxmisc2_el1", s3_0_c5_c5_2)                 \
        X("erxmisc3_el1", s3_0_c5_c5_3)

/* EL2 registers */
#define EL2_REGS(X)                                     \
        X("hcrx_el2", s3_4_c1_c2_2)                     \
        X("vdisr_el2", s3_4_c12_c1_1)                   \
        X("vsesr_el2", s3_4_c5_c2_3)

#endif
