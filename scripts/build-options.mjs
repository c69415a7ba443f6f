// The esbuild options of the CLI bundle, shared by scripts/build.mjs and the test that checks
// which chunks load at start-up (test/tui-lazy.test.ts).
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** One ESM bundle with code splitting: the SDK and ink land in chunks loaded only when used. */
export const bundleOptions = {
  absWorkingDir: root,
  // The fleet worker is its own entry: a thread loads it by URL (model/fleet-snapshot.ts).
  entryPoints: { cli: 'src/cli/entry.ts', 'fleet-worker': 'src/model/fleet-worker.ts' },
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
};
