/* fp-scalar-c: a numeric loop (the FP workload of `s2diff bench`): Mandelbrot iteration
 * counts over a grid in double precision, a single-precision Horner polynomial and a
 * Newton square root, hashed. */
#include "fpc.h"
#include "values.h"

void fp_loop(void)
{
        volatile double x0 = -2.0, y0 = -1.25, step = 0.0625;
        volatile float p0 = 0.001f;
        unsigned long iters = 0;
        struct acc a = ACC_INIT;

        for (int j = 0; j < 40; j++)
                for (int i = 0; i < 48; i++) {
                        double cx = x0 + i * step, cy = y0 + j * step, zx = 0, zy = 0;
                        int n = 0;
                        while (n < 48 && zx * zx + zy * zy <= 4.0) {
                                double t = zx * zx - zy * zy + cx;
                                zy = 2.0 * zx * zy + cy;
                                zx = t;
                                n++;
                        }
                        iters += n;
                        mix(&a, DB(zx));
                }
        float s = 0;
        for (int k = 0; k < 2000; k++) {
                float x = p0 * k;
                s += ((((0.5f * x - 1.25f) * x + 3.0f) * x - 0.75f) * x + 1.0f) / (1.0f + x * x);
        }
        double r = 1.0;
        for (int k = 0; k < 40; k++)
                r = 0.5 * (r + 12345.678 / r);
        printf("loop: %lu iterations, hash %016lx, horner %08x, newton %016lx (%lx)\n", iters, a.h, FB(s), DB(r), get_fpsr());
}
