// Every output path is checked before any work: an unwritable one is exit 2 with a message
// naming the path, before a case runs, and never a stack trace (issue 19, item 3).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkOutputPath } from './output-paths.ts';

const BIN = new URL('./bin.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 's2diff-out-'));
const aFile = join(dir, 'plain-file');
writeFileSync(aFile, 'x');

const s2diff = (args: string[]) => execa('node', [BIN, ...args], { reject: false, timeout: 60_000 });

describe('unwritable output paths: exit 2 before any work', () => {
  it.each([
    ['run hello --json (the reported case)', ['run', 'hello', '--json', '/no/such/dir/r.json'], '--json /no/such/dir/r.json', /directory \/no\/such\/dir does not exist/],
    ['run --junit', ['run', 'hello', '--junit', '/no/such/dir/r.xml'], '--junit /no/such/dir/r.xml', /does not exist/],
    ['run --tap', ['run', 'hello', '--tap', '/no/such/dir/r.tap'], '--tap /no/such/dir/r.tap', /does not exist/],
    ['run --markdown', ['run', 'hello', '--markdown', '/no/such/dir/r.md'], '--markdown /no/such/dir/r.md', /does not exist/],
    ['run --html', ['run', 'hello', '--html', '/no/such/dir/r.html'], '--html /no/such/dir/r.html', /does not exist/],
    ['run --json naming a directory', ['run', 'hello', '--json', dir], `--json ${dir}`, /is a directory/],
    ['run --json below a plain file', ['run', 'hello', '--json', join(aFile, 'r.json')], `--json ${join(aFile, 'r.json')}`, /is not a directory/],
    ['repro --out below a plain file', ['repro', 'hello', '--out', join(aFile, 'repro')], `--out ${join(aFile, 'repro')}`, /is not a directory/],
    ['fuzz --json', ['fuzz', '--runs', '1', '--json', '/no/such/dir/f.json'], '--json /no/such/dir/f.json', /does not exist/],
    ['bench --json', ['bench', '--json', '/no/such/dir/b.json'], '--json /no/such/dir/b.json', /does not exist/],
    ['model --trace', ['model', 'hello', '--trace', '/no/such/dir/t.log'], '--trace /no/such/dir/t.log', /does not exist/],
    ['merge output', ['merge', '/no/such/dir/all.json', aFile], 'merge output /no/such/dir/all.json', /does not exist/],
  ])('%s', async (_what, args, named, why) => {
    const t0 = Date.now();
    const r = await s2diff(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`s2diff: ${named}: `);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/fix: /);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|"level"/); // no stack trace, no log line
    expect(r.stdout).toBe(''); // nothing ran
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

describe('checkOutputPath', () => {
  it('accepts a new file in an existing directory and a directory to be created', () => {
    expect(() => checkOutputPath('--json', join(dir, 'new.json'), 'file')).not.toThrow();
    expect(() => checkOutputPath('--json', aFile, 'file')).not.toThrow(); // overwritten
    expect(() => checkOutputPath('--out', join(dir, 'a', 'b', 'c'), 'dir')).not.toThrow();
  });
  it('rejects a directory given for a file and a file given for a directory', () => {
    expect(() => checkOutputPath('--json', dir, 'file')).toThrow(/is a directory/);
    expect(() => checkOutputPath('--out', aFile, 'dir')).toThrow(/exists and is not a directory/);
  });
});
