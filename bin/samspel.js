#!/usr/bin/env node
// The `samspel` command: runs the TypeScript CLI through tsx (Node 20 cannot strip types itself).
import { register } from 'tsx/esm/api';

register();
const { runCli, EXIT } = await import('../src/cli/main.ts');
const args = process.argv.slice(2);
const code = await runCli(args);
if (!(args[0] === 'serve' && code === EXIT.ok)) process.exit(code);
