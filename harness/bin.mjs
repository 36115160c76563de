#!/usr/bin/env node
// The `s2diff` executable: registers tsx (TypeScript sources run as they are, no build
// step to forget) and hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
