// Where QEMU 7.2 deviates from the Arm ARM, the model follows the architecture and the
// report must say that QEMU is the side that deviates. Each fixture case provokes one
// deviation on both sides; the case diverges and names the deviation with its reference.
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCase } from './run-case.ts';
import { DEFAULT_RUN_OPTIONS } from './types.ts';
import { buildScenarios, REPO_ROOT } from './scenarios.ts';

const SRC = join(REPO_ROOT, 'harness', 'fixtures', 'qemu-deviations.S');
const CROSS = process.env.CROSS ?? 'aarch64-linux-gnu-';
let work: Awaited<ReturnType<typeof dir>>;

async function build(n: number): Promise<string> {
  const obj = join(work.path, `dev${n}.o`), elf = join(work.path, `dev${n}.elf`);
  await execa(`${CROSS}as`, ['-I', join(REPO_ROOT, 'harness', 'fixtures'), '--defsym', `CASE=${n}`, '-o', obj, SRC]);
  await execa(`${CROSS}ld`, ['-Ttext=0x40080000', '-o', elf, obj]);
  return elf;
}

beforeAll(async () => { work = await dir({ unsafeCleanup: true, prefix: 's2diff-dev-' }); });
afterAll(async () => { await work.cleanup(); });

describe('QEMU deviations from the Arm ARM are reported as such', () => {
  it.each([
    [1, 'par-sh-device-nc-stage1', 'uart'],
    [2, 'device-alignment-unchecked', 'exception'],
    [3, 'sp-alignment-unchecked', 'exception'],
    [4, 'el12-accessible-without-e2h', 'exception'],
    [5, 'btype-kept-after-sb', 'uart'],
    [6, 'fp16-reduce-sz-ignored', 'exception'],
    [7, 'fmov-imm-o2-op1-runs-as-double', 'exception'],
    [8, 'hcr-tidcp-ignored', 'exception'],
    [9, 'mdcr-tpmcr-ignored', 'exception'],
    [10, 'enscxt-applied-in-host', 'exception'],
  ] as const)('case %i: %s', async (n, id, kind) => {
    const r = await runCase({ name: `dev${n}`, image: await build(n) }, DEFAULT_RUN_OPTIONS);
    expect(r.verdict).toBe('diverge');
    expect(r.divergences[0].kind).toBe(kind);
    expect(r.divergences[0].summary).toContain(`QEMU deviates from the Arm ARM on a path this run took, which likely explains this: ${id}`);
    expect(r.qemuDeviations?.map((d) => d.id)).toContain(id);
    expect(r.qemuDeviations?.find((d) => d.id === id)?.reference).toMatch(/Arm ARM/);
  });
});

describe('an ITS deviation, provoked by scenarios/its-mapc-rdbase-oor', () => {
  const image = async (): Promise<string> => (await buildScenarios(['its-mapc-rdbase-oor']))[0]!;

  it('MAPC to an RDbase beyond the PEs: QEMU maps the collection to PE 0, the model reports the deviation', async () => {
    const r = await runCase({ name: 'its-mapc-rdbase-oor', image: await image() }, { ...DEFAULT_RUN_OPTIONS, icount: 4 });
    expect(r.verdict).toBe('diverge');
    expect(r.divergences[0].kind).toBe('uart');
    expect(r.divergences[0].summary).toContain('which likely explains this: its-mapc-rdbase-truncated');
    expect(r.divergences[0].qemu).toMatch(/mapped to PE 0/);
    expect(r.divergences[0].model).toMatch(/command error/);
  });

  it('--follow-qemu its-mapc-rdbase-truncated: known, not match', async () => {
    const r = await runCase({ name: 'its-mapc-rdbase-oor', image: await image() }, { ...DEFAULT_RUN_OPTIONS, icount: 4, followQemu: ['its-mapc-rdbase-truncated'] });
    expect(r.divergences).toEqual([]);
    expect(r.verdict).toBe('known');
  });
});

describe('--follow-qemu: the model imitates a catalogued deviation and the comparison goes on', () => {
  it.each([
    [1, 'par-sh-device-nc-stage1', []],
    [2, 'device-alignment-unchecked', []],
    // the misaligned SP is also a misaligned Device access (MMU off)
    [3, 'sp-alignment-unchecked', ['device-alignment-unchecked']],
    [4, 'el12-accessible-without-e2h', []],
    [5, 'btype-kept-after-sb', []],
    [6, 'fp16-reduce-sz-ignored', []],
    [7, 'fmov-imm-o2-op1-runs-as-double', []],
    [8, 'hcr-tidcp-ignored', []],
    [9, 'mdcr-tpmcr-ignored', []],
    [10, 'enscxt-applied-in-host', []],
  ] as const)('case %i: %s matches only by imitation, so it is known, not match', async (n, id, also) => {
    const r = await runCase({ name: `dev${n}`, image: await build(n) }, { ...DEFAULT_RUN_OPTIONS, followQemu: [id, ...also] });
    expect(r.divergences).toEqual([]);
    expect(r.verdict).toBe('known');
    expect(r.qemuImitated?.[id]).toBeGreaterThan(0);
  });

  it('a divergence after the imitated deviation is reported as that divergence', async () => {
    // QEMU's output edited after the unaligned access: the model, imitating QEMU there,
    // reaches the same point and the UART line is what differs.
    const fake = join(REPO_ROOT, 'harness', 'fixtures', 'fake-qemu.sh');
    const saved = { ...process.env };
    Object.assign(process.env, { S2DIFF_QEMU: fake, FAKE_QEMU_MODE: 'sed', FAKE_QEMU_SED: 's/^OK$/OK but different/' });
    try {
      const r = await runCase({ name: 'dev2', image: await build(2) }, { ...DEFAULT_RUN_OPTIONS, followQemu: ['device-alignment-unchecked'] });
      expect(r.verdict).toBe('diverge');
      expect(r.divergences[0].kind).toBe('uart');
      expect(r.divergences.some((d) => d.kind === 'exception')).toBe(false);
      expect(r.qemuImitated?.['device-alignment-unchecked']).toBe(1);
    } finally {
      process.env = saved;
    }
  });
});
