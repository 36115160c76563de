import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupSymbol, parseSystemMap, symbolizer } from './symbols.ts';

const MAP = [
  'ffff800008000000 T _text',
  'ffff800008010000 T vectors',
  'ffff800008010800 t el1h_64_sync',
  'ffff800008020000 D some_data',
  'ffff800008030000 W weak_fn',
  '0000000000000000 A placeholder_abs',
].join('\n');

describe('System.map symbols', () => {
  it('keeps code symbols only, sorted', () => {
    expect(parseSystemMap(MAP).map((s) => s.name)).toEqual(['_text', 'vectors', 'el1h_64_sync', 'weak_fn']);
  });

  it('names an address by the symbol at or below it, with the offset', () => {
    const syms = parseSystemMap(MAP);
    expect(lookupSymbol(syms, 0xffff800008010800n)).toBe('el1h_64_sync');
    expect(lookupSymbol(syms, 0xffff800008010a04n)).toBe('el1h_64_sync+0x204');
    expect(lookupSymbol(syms, 0xffff80000801ffffn)).toBe('el1h_64_sync+0xf7ff');
    expect(lookupSymbol(syms, 0x400000n)).toBeUndefined(); // below every symbol (userspace)
    expect(lookupSymbol(syms, 0xffff800009000000n)).toBeUndefined(); // far past the last
  });

  it('takes a System.map beside the image, and says so when --system-map is missing', async () => {
    const d = mkdtempSync(join(tmpdir(), 's2diff-sym-'));
    writeFileSync(join(d, 'Image'), 'x');
    writeFileSync(join(d, 'System.map'), MAP);
    expect(await symbolizer(join(d, 'Image'))(0xffff800008010004n)).toBe('vectors+0x4');
    expect(() => symbolizer(join(d, 'Image'), { systemMap: join(d, 'nope') })).toThrow(/no such file/);
  });
});
