import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'emulator/**/*.test.ts', 'scenarios/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Differential tests start QEMU; two cores on CI, so keep the pool small.
    maxWorkers: 2,
  },
});
