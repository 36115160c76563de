// `s2diff list`: the scenarios, with their one-line descriptions.

import { discoverScenarios } from '../scenarios.ts';

export async function listCommand(): Promise<number> {
  const all = await discoverScenarios();
  const width = Math.max(...all.map((s) => s.name.length), 4);
  for (const s of all) process.stdout.write(`${s.name.padEnd(width)}  ${s.suite ? '' : '[not in the suite] '}${s.description ?? ''}\n`);
  return 0;
}
