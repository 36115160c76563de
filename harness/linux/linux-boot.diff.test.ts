// Linux, differentially: Debian's arm64 cloud kernel (scripts/setup.sh --linux) boots at EL2
// on QEMU and on the model with an instruction-counted clock, and both sides must print the
// same console (timestamps included), take the same exceptions and end the same way: to
// userspace and power-off with the built busybox initramfs, to a panic and a reset without
// one. cortex-a57 here (KVM nVHE, ~1 minute on the model); the nightly boots max too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LINUX_APPEND } from '../commands/linux.ts';
import { withIdProbe } from '../id-probe.ts';
import { runCase } from '../run-case.ts';
import { DEFAULT_RUN_OPTIONS, type CaseResult } from '../types.ts';
import { initramfsFile, LINUX_DIR } from './linux-files.ts';

const kernel = join(LINUX_DIR, 'Image');
const inCi = process.env.CI === 'true' || process.env.CI === '1';
// In CI the kernel must be there (.ci/run runs setup.sh --linux); elsewhere the test waits for it.
const haveKernel = existsSync(kernel) || inCi;

const explain = (r: CaseResult): string =>
  [r.error ?? '', ...r.divergences.map((d) => `${d.summary}\nqemu:  ${d.qemu}\nmodel: ${d.model}`)].join('\n');

async function boot(initrd: string | undefined): Promise<CaseResult> {
  const { opts } = await withIdProbe({
    ...DEFAULT_RUN_OPTIONS, cpu: 'cortex-a57', append: DEFAULT_LINUX_APPEND, icount: 0,
    timeoutSec: 900, maxSteps: 3_000_000_000, ...(initrd ? { initrd } : {}),
  });
  return runCase({ name: 'linux', image: kernel }, opts);
}

describe.skipIf(!haveKernel)('Linux boots identically on QEMU and the model (cortex-a57, --icount 0)', () => {
  it('to userspace and power-off: the same console, exceptions and ending', async () => {
    const r = await boot(initramfsFile({}));
    expect(r.verdict, explain(r)).toBe('match');
    const uart = r.model!.uart;
    expect(uart).toContain('kvm [1]: Hyp mode initialized successfully');
    expect(uart).toContain('s2diff: userspace up');
    expect(uart).toContain('reboot: Power down');
    expect(r.qemu!.end).toBe('poweroff');
    expect(r.model!.exceptions.filter((e) => e.fromEl === 0).length).toBeGreaterThan(100); // userspace ran
  }, 1_200_000);

  it('without an initramfs: the same panic, and panic=-1 resets both sides', async () => {
    const r = await boot(undefined);
    expect(r.verdict, explain(r)).toBe('match');
    expect(r.model!.uart).toContain('Kernel panic - not syncing: VFS: Unable to mount root fs');
    expect(r.model!.end).toBe('reset');
    expect(r.qemu!.end).toBe('reset');
  }, 1_200_000);
});
