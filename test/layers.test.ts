import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// DESIGN.md §5: data flows one way; no stage imports a later one (static imports; the CLI loads
// the SDK and the TUI lazily with import()).
const ORDER = ['load', 'model', 'whatif', 'graph', 'eval', 'explain', 'render', 'cli', 'tui'];
const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

test('no stage imports a later one', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const stage = relative(SRC, file).split('/')[0]!;
    for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gm)) {
      const target = relative(SRC, resolve(dirname(file), match[1]!)).split('/')[0]!;
      if (ORDER.includes(target) && ORDER.indexOf(target) > ORDER.indexOf(stage)) violations.push(`${relative(SRC, file)} imports ${match[1]}`);
    }
  }
  assert.equal(violations, []);
});

test('every folder of src/ is a known stage', () => {
  const stages = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.equal(stages.filter((s) => !ORDER.includes(s)), []);
});

test.run();
