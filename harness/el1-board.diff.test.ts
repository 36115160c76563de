// --el1: a board without EL2 (QEMU's virt without virtualization=on), both sides entered at
// EL1. The fixture shows what the mode changes: CurrentEL, the ID register's EL2 field,
// PSCI through the HVC conduit, the physical counter reachable from EL1, SMC UNDEFINED.
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withIdProbe } from './id-probe.ts';
import { runCase } from './run-case.ts';
import { REPO_ROOT } from './scenarios.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';

const CROSS = process.env.CROSS ?? 'aarch64-linux-gnu-';
let work: Awaited<ReturnType<typeof dir>>;
let image: string;

beforeAll(async () => {
  work = await dir({ unsafeCleanup: true, prefix: 's2diff-el1-' });
  const obj = join(work.path, 'el1.o');
  image = join(work.path, 'el1.elf');
  await execa(`${CROSS}as`, ['-I', join(REPO_ROOT, 'harness', 'fixtures'), '-o', obj, join(REPO_ROOT, 'harness', 'fixtures', 'el1-board.S')]);
  await execa(`${CROSS}ld`, ['-Ttext=0x40080000', '-o', image, obj]);
});
afterAll(async () => { await work.cleanup(); });

describe('--el1: both sides without EL2', () => {
  it.each(['max', 'cortex-a57'] as const)('-cpu %s: entered at EL1, PSCI over HVC, SMC UNDEFINED; QEMU and the model agree', async (cpu) => {
    const { opts } = await withIdProbe({ ...DEFAULT_RUN_OPTIONS, cpu, el1: true });
    const r = await runCase({ name: 'el1-board', image }, opts);
    expect(r.verdict, r.divergences.map((d) => `${d.summary}\n${d.qemu}\n${d.model}`).join('\n')).toBe('match');
    const lines = r.model!.uart.split('\n');
    expect(lines[0]).toBe('0000000000000004'); // CurrentEL: EL1
    expect((BigInt('0x' + lines[1]) >> 8n) & 0xfn).toBe(0n); // ID_AA64PFR0_EL1.EL2: not implemented
    expect(lines[2]).toBe('0000000000010001'); // PSCI 1.1 through HVC
    expect(lines[3]).toBe('0000000000000001'); // CNTPCT_EL0 counts, no trap
    expect(lines[4]).toBe('ESR 0000000002000000'); // SMC: Unknown reason, IL = 1
    expect(r.model!.exceptions.some((e) => e.type === 'Hypervisor Call' && e.psci)).toBe(true);
    expect(r.options?.el1).toBe(true);
  });

  it('the same image at EL2 (the default board) sees EL2 and the SMC conduit instead', async () => {
    const r = await runCase({ name: 'el1-board', image }, DEFAULT_RUN_OPTIONS);
    expect(r.model!.uart.split('\n')[0]).toBe('0000000000000008');
  });
});
