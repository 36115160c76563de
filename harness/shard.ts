// Deterministic sharding across machines: case i of a sorted list goes to shard
// (i mod N) + 1. The same case set gives the same split on every machine, and the shards
// are disjoint and cover the set by construction.

import { UsageError } from './errors.ts';

export function parseShard(s: string): { k: number; n: number } {
  const m = s.match(/^(\d+)\/(\d+)$/);
  const k = m ? Number(m[1]) : NaN, n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard ${s}: expected K/N with 1 <= K <= N`, 'e.g. --shard 2/3');
  return { k, n };
}

export function selectShard<T extends { name: string }>(items: T[], k: number, n: number): T[] {
  const sorted = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.filter((_, i) => i % n === k - 1);
}
