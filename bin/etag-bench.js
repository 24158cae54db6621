#!/usr/bin/env node
// The compiled CLI lives in dist/ (Node 20 cannot run TypeScript); `npm install` builds it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('etag-bench: not built yet; run `npm install` (or `npm run build`) in the project first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Exit even if a library left a keep-alive socket open; an unref'd timer never delays a clean exit.
setTimeout(() => process.exit(code), 1000).unref();
