// Every run option the model understands reaches its configuration (one mapping for every
// command, so none of them can silently drop one).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeElf, POWER_OFF } from '../emulator/test-support.ts';
import { modelConfig } from './model-config.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 's2diff-model-config-'));
const elf = join(dir, 'poweroff.elf');
writeFileSync(elf, makeElf(new Uint8Array(new Uint32Array(POWER_OFF).buffer)));

describe('modelConfig', () => {
  it('maps every model option of RunOptions', async () => {
    const opts: RunOptions = {
      ...DEFAULT_RUN_OPTIONS, cpu: 'cortex-a57', memMiB: 512, timeoutSec: 7, maxSteps: 1234, uartCapBytes: 99,
      append: 'console=ttyAMA0', initrd: '/some/initrd', strict: true, coverage: true, loads: [{ file: elf, addr: 0x46000000 }],
      icount: 3, idRegisters: { MIDR_EL1: '0x411fd070' }, blockThreshold: 0,
    };
    const onUart = (): void => {};
    expect(await modelConfig(elf, opts, onUart)).toEqual({
      cpu: 'cortex-a57', memMiB: 512, maxSteps: 1234, timeoutMs: 7000, uartCapBytes: 99, append: 'console=ttyAMA0',
      initrd: '/some/initrd', strict: true, coverage: true, loads: [{ file: elf, addr: 0x46000000 }], dtb: undefined,
      idRegisters: { MIDR_EL1: '0x411fd070' }, icount: 3, blockThreshold: 0, onUart,
    });
  });

  it('an unreadable image is a usage error (exit 2)', async () => {
    await expect(modelConfig(join(dir, 'missing.flat'), DEFAULT_RUN_OPTIONS)).rejects.toThrow(/no such file[\s\S]*fix: /);
  });
});
