/* Guest side of pauth: its own keys and enables at EL1, then the HCR_EL2.API and APK traps. */
#include "guest.h"
#include "pac.h"

#define REPORT(id, v) GUEST_HVC(HVC_REPORT, NULL, id, v, 0, 0, 0, 0, 0, 0)
#define SET_HCR(bits) GUEST_HVC(HVC_SET_HCR, NULL, bits, 0, 0, 0, 0, 0, 0, 0)

static const u64 gkeys[10] = {
        0xa5a5a5a55a5a5a5aUL, 0x0102030405060708UL, 0x1020304050607080UL, 0x0f0f0f0ff0f0f0f0UL,
        0x1234123412341234UL, 0x4321432143214321UL, 0xdeadbeefcafef00dUL, 0x0badc0de0badc0deUL,
        0x9999888877776666UL, 0x5555444433332222UL,
};
static u64 gdata[4] = { 0xd0, 0xd1, 0xd2, 0xd3 };

static void set_sctlr(u64 set, u64 clear)
{
        u64 v;
        __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
        v = (v | set) & ~clear;
        __asm__ volatile("msr sctlr_el1, %0\n\tisb" :: "r"(v));
}

int guest_main(uint64_t arg)
{
        const u64 p = 0x0000000040123450UL;
        (void)arg;
        SET_HCR(HCR_EL2_API | HCR_EL2_APK);
        t_set_keys(gkeys);
        set_sctlr(SCTLR_KEYS, 0);
        REPORT(1, t_pacia(p, 5));
        REPORT(2, t_autia(t_pacia(p, 5), 5));
        REPORT(3, t_pacga(p, 5));
        REPORT(4, t_paciasp(p));
        REPORT(5, t_signed_leaf());
        REPORT(6, t_corrupt_leaf(1UL << 50));
        REPORT(7, t_braa(5, 0));
        REPORT(8, t_ldraa((u64)&gdata[0], 0));
        REPORT(9, t_pacdb(0xffffff8000004560UL, 5));

        /* HCR_EL2.API = 0: each enabled use traps once (the host sets API and it runs again) */
        SET_HCR(HCR_EL2_APK);
        REPORT(10, t_pacia(p, 5));
        SET_HCR(HCR_EL2_APK);
        REPORT(11, t_paciasp(p));
        SET_HCR(HCR_EL2_APK);
        REPORT(12, t_pacga(p, 5));
        SET_HCR(HCR_EL2_APK);
        REPORT(13, t_xpaci(0x00ff000040001234UL));    /* XPAC is never trapped */
        REPORT(14, t_autdb(p, 5));
        SET_HCR(HCR_EL2_APK);
        REPORT(15, t_blraa(5, 0));
        /* a disabled key: no trap, the pointer comes back */
        set_sctlr(0, SCTLR_EnIA);
        SET_HCR(HCR_EL2_APK);
        REPORT(16, t_pacia(p, 5));
        REPORT(17, t_paciasp(p));
        REPORT(18, t_pacib(p, 5));
        set_sctlr(SCTLR_EnIA, 0);

        /* HCR_EL2.APK = 0: key register accesses trap (EC 0x18) */
        SET_HCR(HCR_EL2_API);
        REPORT(20, t_read_apdbkeyhi());
        t_write_apiakeylo(0x77);
        SET_HCR(HCR_EL2_API | HCR_EL2_APK);
        REPORT(21, t_read_apdbkeyhi());
        REPORT(22, t_pacia(p, 5));
        return 0;
}
