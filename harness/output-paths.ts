// Every path a command will write to is checked before any work starts, so that a typo in
// `--json /no/such/dir/r.json` costs a second, not a whole run followed by a stack trace.
// A report file needs an existing directory we can create files in (it is written with a
// temp file and a rename beside it); an output directory (--out) is created when missing,
// so its nearest existing ancestor must be such a directory.

import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

export type OutputKind = 'file' | 'dir';

/** Which options of which command name something s2diff writes. */
export function outputOptions(command: string): Record<string, OutputKind> {
  const files: Record<string, OutputKind> = { json: 'file', junit: 'file', tap: 'file', markdown: 'file', html: 'file', trace: 'file' };
  // `merge <out>` names the merged report; elsewhere --out is a directory of repro folders.
  return { ...files, out: command === 'merge' ? 'file' : 'dir' };
}

/** Throws UsageError (exit 2) naming the path and why it cannot be written. */
export function checkOutputPath(flag: string, path: string, kind: OutputKind): void {
  const abs = resolve(path);
  const fail = (why: string, fix: string): never => {
    throw new UsageError(`${flag} ${path}: ${why}`, fix);
  };
  const st = statOrUndefined(abs);
  if (kind === 'file') {
    if (st?.isDirectory()) fail('is a directory', `name a file, e.g. ${path.replace(/\/$/, '')}/report${extensionFor(flag)}`);
    const parent = dirname(abs);
    const pst = statOrUndefined(parent);
    if (!pst) fail(`directory ${parent} does not exist`, `create it first (mkdir -p ${parent}) or write somewhere else`);
    if (!pst!.isDirectory()) fail(`${parent} is not a directory`, 'write somewhere else');
    if (!canCreateIn(parent)) fail(`cannot create files in ${parent} (permission denied or read-only)`, 'write somewhere else');
    return;
  }
  if (st && !st.isDirectory()) fail('exists and is not a directory', 'name a directory (it is created when missing)');
  let existing = abs;
  while (!statOrUndefined(existing)) existing = dirname(existing);
  if (!statOrUndefined(existing)!.isDirectory()) fail(`${existing} is not a directory`, 'name a directory elsewhere');
  if (!canCreateIn(existing)) fail(`cannot create files in ${existing} (permission denied or read-only)`, 'name a directory elsewhere');
}

/** The options in `args` that name outputs of `command`, each checked. */
export function checkOutputOptions(command: string, args: Record<string, unknown>): void {
  for (const [flag, kind] of Object.entries(outputOptions(command))) {
    const v = args[flag];
    if (typeof v !== 'string' || v === '') continue;
    checkOutputPath(command === 'merge' && flag === 'out' ? 'merge output' : `--${flag}`, v, kind);
  }
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** Tries it: permission bits say nothing for root or for a read-only mount. */
function canCreateIn(dir: string): boolean {
  try {
    rmdirSync(mkdtempSync(resolve(dir, '.s2diff-write-check-')));
    return true;
  } catch {
    return false;
  }
}

function extensionFor(flag: string): string {
  return { '--json': '.json', '--junit': '.xml', '--tap': '.tap', '--markdown': '.md', '--html': '.html', '--trace': '.log' }[flag] ?? '';
}
