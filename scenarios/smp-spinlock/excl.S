/*
 * uint32_t excl_inc_yield(volatile uint32_t *p): an atomic increment by LDAXR/STLXR with a
 * YIELD between the load and the store, so that under QEMU's round-robin TCG (-icount) the
 * other CPUs run in the middle of the sequence and the store-exclusive fails and is retried.
 * After 8 failures in a row it retries without the YIELD, so that an implementation that
 * loses the reservation whenever the CPU is switched still makes progress (QEMU's failures
 * stay below that: at most one per other CPU). Returns the number of failed attempts.
 */
        .text
        .global excl_inc_yield
        .type excl_inc_yield, %function
excl_inc_yield:
        mov     w4, #0
1:      ldaxr   w1, [x0]
        cmp     w4, #8
        b.hs    3f
        yield
3:      add     w1, w1, #1
        stlxr   w2, w1, [x0]
        cbz     w2, 2f
        add     w4, w4, #1
        b       1b
2:      mov     w0, w4
        ret
        .size excl_inc_yield, . - excl_inc_yield
