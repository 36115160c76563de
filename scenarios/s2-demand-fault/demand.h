/* s2-demand-fault: the IPAs the guest touches and the values it expects (host + guest). */
#ifndef DEMAND_H
#define DEMAND_H

/* IPA 0x5000_0000 is just past the 256 MiB of RAM: not backed by anything. */
#define IPA_A          0x50000000UL   /* level-1 table exists, level-2 entry empty */
#define IPA_B          0x50001000UL   /* the level-3 table exists after fault 1 */
#define IPA_C          0x80002000UL   /* another 1 GiB region: level-1 entry empty */

#define OFF_A_READ     0x10
#define OFF_B_WRITE    0x18
#define OFF_C_READ     0x20
#define OFF_C_WRITE    0x28

#define PATTERN_A      0xa5a5a5a5deadbeefUL   /* put in the backing page by the host */
#define PATTERN_C      0xc0ffee00c0ffee11UL
#define VALUE_B        0x0b0b0b0b12345678UL   /* written by the guest */
#define VALUE_C        0x0c0c0c0c87654321UL

#define HVC_CHECK      0x10    /* x0 = check id, x1 = value seen, x2 = value expected */

#endif
