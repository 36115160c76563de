/*
 * s2walk: the stage-2 walk matrix of one configuration (granule, IPA size, start level),
 * probed with AT S12E1R/W from EL2 with the EL1&0 stage 1 off (so VA = IPA) — no guest
 * needed, and every outcome lands in PAR_EL1, which the image prints:
 *   - a page and (where the granule allows) a block at every level: PA and attributes
 *   - a translation fault at every level of the walk, and for an IPA beyond T0SZ
 *   - access-flag and permission faults (S2AP none / read-only) on pages and blocks
 *   - address-size faults: a table address, a page and a block output beyond VTCR_EL2.PS,
 *     and VTTBR_EL2.BADDR beyond it
 */
#ifndef S2DIFF_S2WALK_H
#define S2DIFF_S2WALK_H

#include "s2mmu.h"

struct s2walk_cfg {
        unsigned granule;        /* S2MMU_GRANULE_4K/16K/64K */
        unsigned ipa_bits;
        unsigned start_level;
};

/* Runs the matrix, prints one line per probe; returns the number of failed self-checks. */
int s2walk_run(const struct s2walk_cfg *cfg);

#endif
