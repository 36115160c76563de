// `s2diff list`: the scenarios, with their one-line descriptions; `--deviations`: the
// catalogue of QEMU 7.2 deviations from the Arm ARM (and which --follow-qemu can imitate).

import { QEMU_DEVIATIONS } from '../qemu-deviations.ts';
import { discoverScenarios } from '../scenarios.ts';

export async function listCommand(deviations = false): Promise<number> {
  if (deviations) {
    for (const d of Object.values(QEMU_DEVIATIONS)) {
      process.stdout.write(`${d.id}${d.follow === true ? '  [--follow-qemu]' : ''}\n  ${d.summary}\n  ${d.reference}\n` +
        (d.follow === true ? '' : `  not imitable: ${d.follow}\n`));
    }
    return 0;
  }
  const all = await discoverScenarios();
  const width = Math.max(...all.map((s) => s.name.length), 4);
  for (const s of all) process.stdout.write(`${s.name.padEnd(width)}  ${s.suite ? '' : '[not in the suite] '}${s.description ?? ''}\n`);
  return 0;
}
