// One ESM bundle with code splitting: the SDK and ink land in chunks loaded only when used, so an
// offline check starts fast (stack-notes: esbuild).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { 'react-devtools-core': './scripts/stubs/empty.js' },
  banner: { js: "import { createRequire as __ssmReachCreateRequire } from 'node:module'; const require = __ssmReachCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
