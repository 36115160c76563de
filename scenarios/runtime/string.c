/* The memory functions GCC may emit calls to (struct copies, large initialisers).
 * Byte loops: every access is naturally aligned, which matters with the MMU off
 * (all data accesses are Device memory then, and unaligned ones fault). */
#include "runtime.h"

/* Keep GCC from recognising these loops as memcpy/memset and calling ourselves. */
#define NO_PATTERNS __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_PATTERNS void *memcpy(void *dst, const void *src, size_t n)
{
        unsigned char *d = dst;
        const unsigned char *s = src;

        while (n--)
                *d++ = *s++;
        return dst;
}

NO_PATTERNS void *memmove(void *dst, const void *src, size_t n)
{
        unsigned char *d = dst;
        const unsigned char *s = src;

        if (d < s) {
                while (n--)
                        *d++ = *s++;
        } else {
                while (n--)
                        d[n] = s[n];
        }
        return dst;
}

NO_PATTERNS void *memset(void *dst, int c, size_t n)
{
        unsigned char *d = dst;

        while (n--)
                *d++ = (unsigned char)c;
        return dst;
}

NO_PATTERNS int memcmp(const void *a, const void *b, size_t n)
{
        const unsigned char *x = a, *y = b;

        for (; n; n--, x++, y++)
                if (*x != *y)
                        return *x < *y ? -1 : 1;
        return 0;
}

NO_PATTERNS size_t strlen(const char *s)
{
        size_t n = 0;

        while (s[n])
                n++;
        return n;
}
