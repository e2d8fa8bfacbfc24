#!/usr/bin/env node
// The `forkscope` command: runs the built CLI (npm install builds it through `prepare`).
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`forkscope: Node ${process.versions.node} is too old; Forkscope needs Node 22.12 or newer\n`);
  process.exit(1);
}
const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`forkscope: the app is not built (no ${cli.pathname}); run 'npm run build' first\n`);
  process.exit(1);
}
await import(cli.href);
