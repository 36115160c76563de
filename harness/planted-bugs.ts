// Model bugs planted by tests to prove a comparison catches them (lockstep, repro, risu).

import type { Cpu, Op } from '../emulator/cpu.ts';

/** Every instruction named `name` a PE executes runs `after` once its handler is done. */
function plantAfter(c: Cpu, name: string, after: (c: Cpu, o: Op) => void): void {
  const decode = c.hooks.decode;
  (c.hooks as { decode: typeof decode }).decode = (w) => {
    const o = decode(w);
    if (o.name !== name) return o;
    // Decoded ops are shared through the decode cache: patch a copy, never the original.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(o) as object) as typeof o, o);
    copy.h = (cc, oo) => { o.h(cc, oo); after(cc, oo); };
    return copy;
  };
}

/** Every ADD (immediate and register) a PE executes gets bit 0 of its result flipped. */
export function plantAddBug(c: Cpu): void {
  plantAfter(c, 'ADD', (cc, o) => { cc.x[o.rd] ^= 1; });
}

/** Every FADD (D) a PE executes gets bit 0 of its result (the fraction's last bit) flipped. */
export function plantFaddBug(c: Cpu): void {
  plantAfter(c, 'FADD (D)', (cc, o) => { cc.vreg[o.rd * 4] ^= 1; });
}
