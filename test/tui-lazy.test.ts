// ink and React load only for the TUI: the bundle's entry chunk and everything it imports
// statically (what `check` and `demo` run) hold no ink, React or yoga, and no src/tui code.
import { build } from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs module without types
import { bundleOptions } from '../scripts/build-options.mjs';

const UI = /node_modules\/(ink|react|react-reconciler|yoga-layout|scheduler)\/|^src\/tui\//;

test('the bundle loads ink, React and src/tui only through the lazy import of the tui command', async () => {
  // The options of scripts/build.mjs, in memory.
  const result = await build({ ...bundleOptions, outdir: 'dist-test', write: false, metafile: true, logLevel: 'silent' });
  const outputs = result.metafile!.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint === 'src/cli/entry.ts')!;
  assert.ok(entry, 'the entry chunk');
  // Everything loaded at start-up: the entry and its static imports, transitively.
  const eager = new Set<string>();
  const visit = (name: string) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  const eagerInputs = [...eager].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}));
  assert.ok(eagerInputs.includes('src/cli/check-command.ts'));
  assert.ok(eagerInputs.includes('src/cli/tui-command.ts'));
  assert.equal(eagerInputs.filter((input) => UI.test(input)), [], 'start-up code holds no UI modules');
  // The TUI is in a chunk of its own, with ink in it or beside it.
  const lazyInputs = Object.keys(outputs).filter((name) => !eager.has(name)).flatMap((name) => Object.keys(outputs[name]!.inputs));
  assert.ok(lazyInputs.includes('src/tui/app.tsx'));
  assert.ok(lazyInputs.some((input) => input.includes('node_modules/ink/')));
});

test.run();
