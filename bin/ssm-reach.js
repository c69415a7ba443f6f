#!/usr/bin/env node
// Runs the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('ssm-reach: the CLI is not built yet. Run `npm run build` in the ssm-reach folder.\n');
  process.exit(2);
}
await import(bundle.href);
