// Model bugs planted by tests to prove a comparison catches them (lockstep, repro).

import type { Cpu } from '../emulator/cpu.ts';

/** Every ADD (immediate and register) a PE executes gets bit 0 of its result flipped. */
export function plantAddBug(c: Cpu): void {
  const decode = c.hooks.decode;
  (c.hooks as { decode: typeof decode }).decode = (w) => {
    const o = decode(w);
    if (o.name !== 'ADD') return o;
    // Decoded ops are shared through the decode cache: patch a copy, never the original.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(o) as object) as typeof o, o);
    copy.h = (cc, oo) => { o.h(cc, oo); cc.x[oo.rd] ^= 1; };
    return copy;
  };
}
