/*
 * The address translation instructions as functions: AT <op>, <va>; ISB; PAR_EL1 (C5.5,
 * the result is in PAR_EL1 after the ISB). For scenarios that probe translations from EL2.
 */
#ifndef S2DIFF_AT_H
#define S2DIFF_AT_H

#include "runtime.h"

#define AT_PAR(op, va) ({ __asm__ volatile("at " #op ", %0" :: "r"(va)); isb(); read_sysreg(par_el1); })

static inline uint64_t at_s1e1r(uint64_t va)  { return AT_PAR(s1e1r, va); }
static inline uint64_t at_s1e1w(uint64_t va)  { return AT_PAR(s1e1w, va); }
static inline uint64_t at_s1e0r(uint64_t va)  { return AT_PAR(s1e0r, va); }
static inline uint64_t at_s1e0w(uint64_t va)  { return AT_PAR(s1e0w, va); }
static inline uint64_t at_s12e1r(uint64_t va) { return AT_PAR(s12e1r, va); }
static inline uint64_t at_s12e1w(uint64_t va) { return AT_PAR(s12e1w, va); }
static inline uint64_t at_s12e0r(uint64_t va) { return AT_PAR(s12e0r, va); }
static inline uint64_t at_s12e0w(uint64_t va) { return AT_PAR(s12e0w, va); }
static inline uint64_t at_s1e2r(uint64_t va)  { return AT_PAR(s1e2r, va); }
static inline uint64_t at_s1e2w(uint64_t va)  { return AT_PAR(s1e2w, va); }

#endif
