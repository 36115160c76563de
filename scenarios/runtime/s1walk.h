/*
 * s1walk: the stage-1 (EL1&0) walk matrix of one configuration (granule, VA size), probed
 * with AT S1E1R/W and S1E0R/W from EL2 with stage 2 off — the stage-1 twin of s2walk.h:
 * pages and blocks at every level, translation faults at every level and beyond T0SZ,
 * access flag and permission faults (AP read-only, EL0 no access), and address-size faults
 * (tables, pages, blocks and TTBR0_EL1 beyond TCR_EL1.IPS).
 */
#ifndef S2DIFF_S1WALK_H
#define S2DIFF_S1WALK_H

#include "s2mmu.h"

struct s1walk_cfg {
        unsigned granule;        /* S2MMU_GRANULE_4K/16K/64K */
        unsigned va_bits;        /* 64 - TCR_EL1.T0SZ */
};

int s1walk_run(const struct s1walk_cfg *cfg);

#endif
