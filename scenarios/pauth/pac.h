/* The functions of guest_pac.S, shared by the host (main.c) and the guest (guest.c). */
#ifndef PAUTH_PAC_H
#define PAUTH_PAC_H
#include <stdint.h>

typedef uint64_t u64;
u64 t_pacia(u64, u64), t_pacib(u64, u64), t_pacda(u64, u64), t_pacdb(u64, u64);
u64 t_autia(u64, u64), t_autib(u64, u64), t_autda(u64, u64), t_autdb(u64, u64);
u64 t_paciza(u64), t_pacizb(u64), t_pacdza(u64), t_pacdzb(u64);
u64 t_autiza(u64), t_autizb(u64), t_autdza(u64), t_autdzb(u64);
u64 t_xpaci(u64), t_xpacd(u64), t_pacga(u64, u64), t_pacia_sp(u64), t_autia_sp(u64);
u64 t_paciasp(u64), t_pacibsp(u64), t_autiasp(u64), t_autibsp(u64);
u64 t_paciaz(u64), t_pacibz(u64), t_autiaz(u64), t_autibz(u64), t_xpaclri(u64);
u64 t_pacia1716(u64, u64), t_pacib1716(u64, u64), t_autia1716(u64, u64), t_autib1716(u64, u64);
u64 t_signed_leaf(void), t_corrupt_leaf(u64), t_retaa(u64), t_retab(u64);
u64 t_braa(u64, u64), t_brab(u64, u64), t_braaz(u64, u64), t_brabz(u64, u64);
u64 t_blraa(u64, u64), t_blrab(u64, u64), t_blraaz(u64, u64), t_blrabz(u64, u64);
u64 t_ldraa(u64, u64), t_ldrab(u64, u64), t_ldraa_pre(u64, u64 *), t_ldrab_pre(u64, u64 *);
u64 t_eretaa(u64), t_eretab(u64);
void t_set_keys(const u64 *keys), t_get_keys(u64 *out);
u64 t_read_apdbkeyhi(void);
void t_write_apiakeylo(u64);

#define SCTLR_EnIA   (1UL << 31)
#define SCTLR_EnIB   (1UL << 30)
#define SCTLR_EnDA   (1UL << 27)
#define SCTLR_EnDB   (1UL << 13)
#define SCTLR_KEYS   (SCTLR_EnIA | SCTLR_EnIB | SCTLR_EnDA | SCTLR_EnDB)
#define HCR_EL2_APK  (1UL << 40)
#define HCR_EL2_API  (1UL << 41)

#define HVC_SET_HCR  0x100
#define HVC_REPORT   0x101
#endif
