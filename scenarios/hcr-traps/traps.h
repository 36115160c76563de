/* Guest <-> host calls of the hcr-traps scenario. */
#ifndef HCR_TRAPS_H
#define HCR_TRAPS_H

#define HVC_SET_TRAPS   0x100   /* x0 = extra HCR_EL2 bits, x1 = CPTR_EL2, x2 = MDCR_EL2 */
#define HVC_REPORT      0x101   /* x0 = test index, x1 = value the guest read */

/* What the host writes into Rt when it emulates a trapped read. */
#define EMULATED_READ   0x5a5a000000000000UL

#define NTESTS 21

#endif
