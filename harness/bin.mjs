#!/usr/bin/env node
// The `s2diff` executable: registers tsx (TypeScript sources run as they are, no build
// step to forget) and hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
// Output piped into a reader that stops early (`s2diff list | head`): end quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
