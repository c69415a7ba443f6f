// The esbuild options of the CLI bundle, shared by scripts/build.mjs and the test that checks
// which chunks load at start-up (test/tui-lazy.test.ts).
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** One ESM bundle with code splitting: the SDK and ink land in chunks loaded only when used. */
export const bundleOptions = {
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
};

/**
 * The fleet worker (model/fleet-worker.ts), which a thread loads by its path (model/fleet-thread.ts):
 * one CommonJS file, because a thread starts sooner from that than from ES modules it must
 * resolve and link, and a fleet read waits for it.
 */
export const workerBundleOptions = {
  absWorkingDir: root,
  entryPoints: { 'fleet-worker': 'src/model/fleet-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  // What `import.meta.url` is in a CommonJS file (address.ts loads ip-num through it).
  define: { 'import.meta.url': '__ssmReachFileUrl' },
  // The directive first: after another statement it would not be one.
  banner: { js: "'use strict';\nconst __ssmReachFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
};
