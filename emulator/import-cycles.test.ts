// The model's modules import each other without cycles. A value-import cycle makes the
// result depend on which module is loaded first (one side sees the other's exports still
// undefined while its top level runs) and is a sign that a piece sits in the wrong file.
// `import type` lines are erased by the compiler and do not count.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = dirname(new URL(import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * Relative modules `file` imports values from: `import ... from './x.ts'` and
 * `export ... from './x.ts'`, except `import type` / `export type`. (`import { type X }`
 * still counts: whether it loads the module depends on the compiler's settings.)
 */
function valueImports(file: string, text: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"](\.[^'"]+)['"]/gms;
  for (const m of text.matchAll(re)) {
    if (m[2]) continue; // import type / export type
    out.push(resolve(dirname(file), m[4]));
  }
  return out;
}

/** Every cycle's modules in import order, starting at its smallest path (each cycle once). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 'open') {
        const cycle = stack.slice(stack.indexOf(d));
        const k = cycle.indexOf([...cycle].sort()[0]);
        const canonical = [...cycle.slice(k), ...cycle.slice(0, k)];
        cycles.set(canonical.join(' -> '), canonical);
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return [...cycles.values()];
}

describe('emulator/ import graph', () => {
  it('finds a planted cycle and names it', () => {
    const g = new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/c.ts']], ['/c.ts', ['/a.ts']], ['/d.ts', ['/a.ts']]]);
    expect(findCycles(g)).toEqual([['/a.ts', '/b.ts', '/c.ts']]);
    expect(valueImports('/x/y.ts', "import { a } from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';"))
      .toEqual(['/x/a.ts', '/x/c.ts']);
  });

  it('has no value-import cycle', () => {
    const graph = new Map(sources(ROOT).map((f) => [f, valueImports(f, readFileSync(f, 'utf8'))]));
    const named = findCycles(graph).map((c) => [...c, c[0]].map((f) => relative(ROOT, f)).join(' -> '));
    expect(named, `import cycles in emulator/ (move the shared piece into a module both can import):\n${named.join('\n')}`).toEqual([]);
  });
});
