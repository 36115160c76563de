/* GICv3 and timer definitions shared by the gic-timer host and guest. */
#ifndef GIC_TIMER_H
#define GIC_TIMER_H

#define GICD            0x08000000UL
#define GICR            0x080a0000UL
#define GICR_SGI        (GICR + 0x10000)
#define R32(a)          (*(volatile uint32_t *)(a))
#define R64(a)          (*(volatile uint64_t *)(a))

/* ICC / ICH registers by encoding (no -march needed) */
#define ICC_PMR_EL1     s3_0_c4_c6_0
#define ICC_IAR1_EL1    s3_0_c12_c12_0
#define ICC_EOIR1_EL1   s3_0_c12_c12_1
#define ICC_HPPIR1_EL1  s3_0_c12_c12_2
#define ICC_BPR1_EL1    s3_0_c12_c12_3
#define ICC_CTLR_EL1    s3_0_c12_c12_4
#define ICC_SRE_EL1     s3_0_c12_c12_5
#define ICC_IGRPEN1_EL1 s3_0_c12_c12_7
#define ICC_DIR_EL1     s3_0_c12_c11_1
#define ICC_RPR_EL1     s3_0_c12_c11_3
#define ICC_SGI1R_EL1   s3_0_c12_c11_5
#define ICC_AP1R0_EL1   s3_0_c12_c9_0
#define ICC_SRE_EL2     s3_4_c12_c9_5
#define ICH_HCR_EL2     s3_4_c12_c11_0
#define ICH_VTR_EL2     s3_4_c12_c11_1
#define ICH_MISR_EL2    s3_4_c12_c11_2
#define ICH_EISR_EL2    s3_4_c12_c11_3
#define ICH_ELRSR_EL2   s3_4_c12_c11_5
#define ICH_VMCR_EL2    s3_4_c12_c11_7
#define ICH_LR0_EL2     s3_4_c12_c12_0
#define ICH_AP1R0_EL2   s3_4_c12_c9_0
#define CNTHP_CTL_EL2   s3_4_c14_c2_1
#define CNTHP_TVAL_EL2  s3_4_c14_c2_0

#define PPI_HYP_TIMER   26
#define PPI_VIRT_TIMER  27
#define SGI_TEST        5
#define SPI_TEST        40

/* ICH_LR<n>_EL2 fields */
#define LR_STATE_PENDING (1UL << 62)
#define LR_HW            (1UL << 61)
#define LR_GROUP1        (1UL << 60)
#define LR_PRIORITY(p)   ((uint64_t)(p) << 48)
#define LR_PINTID(i)     ((uint64_t)(i) << 32)

#define TIMER_TICKS      20000   /* 320 us at 62.5 MHz: long after the WFI is reached */

#define HVC_GUEST_REPORT 0x300

#endif
