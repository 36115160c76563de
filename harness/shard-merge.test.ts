// --shard K/N splits the scenario set into disjoint shards that cover it, and `s2diff merge`
// of the shard reports equals the unsharded report apart from timings.
import { dir } from 'tmp-promise';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeReports, readReport } from './merge-reports.ts';
import { runSuite } from './run-suite.ts';
import { DEFAULT_RUN_OPTIONS, type CaseResult } from './types.ts';

let work: Awaited<ReturnType<typeof dir>>;
beforeAll(async () => { work = await dir({ unsafeCleanup: true, prefix: 's2diff-shard-' }); });
afterAll(async () => { await work.cleanup(); });

/** A case without what changes from run to run (durations, the temp paths of logs). */
function stable(r: CaseResult): unknown {
  const side = (s: CaseResult['qemu']) => s && { ...s, durationMs: 0 };
  return { ...r, qemu: side(r.qemu), model: side(r.model) };
}

async function run(name: string, shard?: string): Promise<string> {
  const json = join(work.path, `${name}.json`);
  const code = await runSuite({ cases: [], images: [], opts: DEFAULT_RUN_OPTIONS, json, jobs: 2, shard, quiet: true });
  expect(code).toBe(0);
  return json;
}

describe('shards', () => {
  it('are disjoint, cover the set, and merge into the unsharded report', async () => {
    const all = readReport(await run('all'));
    const shards = [];
    for (const k of [1, 2, 3]) shards.push(readReport(await run(`s${k}`, `${k}/3`)));
    const names = shards.map((s) => s.results.map((r) => r.name));
    const flat = names.flat();
    expect(new Set(flat).size).toBe(flat.length); // disjoint
    expect([...flat].sort()).toEqual(all.results.map((r) => r.name).sort()); // cover
    for (const n of names) expect(n.length).toBeGreaterThan(0);
    const merged = mergeReports(shards);
    expect(merged.summary).toEqual(all.summary);
    expect(merged.results.map((r) => r.name)).toEqual(all.results.map((r) => r.name));
    expect(merged.results.map(stable)).toEqual(all.results.map(stable));
  }, 400_000); // the suite twice over (whole, then three shards): minutes on a loaded 2-core machine

  it('refuses to merge overlapping shards', async () => {
    const one = readReport(await run('again', '1/3'));
    expect(() => mergeReports([one, one])).toThrow(/more than one report/);
  }, 300_000);
});
