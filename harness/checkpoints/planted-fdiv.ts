// A model bug for the pinning tests to find: FDIV (scalar, double) computes its result, then
// flips the lowest bit of it (one ulp off), on the patched machines only (decoded instructions
// are shared between machines, so each is wrapped once and asks whose CPU runs it).

import type { Machine } from '../../emulator/machine.ts';

const buggy = new WeakSet<object>();
const wrapped = new WeakSet<object>();

/** FDIV Dd, Dn, Dm (C7.2.98). */
export const isFdivDouble = (w: number): boolean => ((w & 0xffe0fc00) >>> 0) === 0x1e601800;

export function plantFdivOneUlpOff(m: Machine): void {
  buggy.add(m.cpu);
  const hooks = m.cpu.hooks;
  const decode = hooks.decode.bind(hooks);
  hooks.decode = (w) => {
    const op = decode(w);
    if (isFdivDouble(w) && !wrapped.has(op)) {
      wrapped.add(op);
      const h = op.h;
      op.h = (c, o): void => {
        h(c, o);
        if (buggy.has(c)) c.vreg[4 * (w & 31)] ^= 1;
      };
    }
    return op;
  };
}
