import { describe, expect, it } from 'vitest';
import { evalDisabledIf, evalSmp, parseUnittestsCfg } from './unittests-cfg.ts';
import { kutStatus } from './kvm-unit-tests.ts';

const CFG = `
# comment
[selftest-setup]
file = selftest.flat
smp = 2
test_args = 'setup smp=2 mem=256'
qemu_params = -m 256
groups = selftest

[gicv2-ipi]
file = gic.flat
smp = $((($MAX_SMP < 8)?$MAX_SMP:8))
test_args = ipi
extra_params = -machine gic-version=2
groups = gic

[pci-test]
file = pci-test.flat
groups = pci
disabled_if = [[ "$TARGET" != qemu ]]
arch = arm64
`;

describe('kvm-unit-tests unittests.cfg', () => {
  it('parses sections, quoted test_args, qemu_params and the older extra_params', () => {
    const t = parseUnittestsCfg(CFG);
    expect(t.map((x) => x.name)).toEqual(['selftest-setup', 'gicv2-ipi', 'pci-test']);
    expect(t[0]).toMatchObject({ file: 'selftest.flat', smp: '2', testArgs: 'setup smp=2 mem=256', qemuParams: '-m 256', groups: ['selftest'] });
    expect(t[1].qemuParams).toBe('-machine gic-version=2');
    expect(t[2]).toMatchObject({ arch: 'arm64', testArgs: undefined });
  });

  it('evaluates smp and disabled_if as run_tests.sh does, with MAX_SMP = 8 and TARGET=qemu', () => {
    expect(evalSmp('2')).toBe(2);
    expect(evalSmp('$((($MAX_SMP < 8)?$MAX_SMP:8))')).toBe(8);
    expect(evalSmp('$((($MAX_SMP < 4)?4:$MAX_SMP))')).toBe(8);
    expect(evalSmp('$MAX_SMP')).toBe(8);
    expect(evalDisabledIf('[[ "$TARGET" != qemu ]]')).toBe(false);
    expect(evalDisabledIf('[[ "$TARGET" == qemu ]]')).toBe(true);
  });

  it('reads the exit status as run_tests.sh: 1 PASS, 77 SKIP, else FAIL', () => {
    expect(kutStatus(1)).toBe('PASS');
    expect(kutStatus(77)).toBe('SKIP');
    expect(kutStatus(3)).toBe('FAIL');
    expect(kutStatus(null)).toBe('FAIL');
  });
});
