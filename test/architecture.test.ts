import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// DESIGN.md §5: data flows one way and each folder of src/ is one stage; no stage imports a later
// one. eval/ is pure: nothing it imports, directly or through other src/ modules, does I/O, and
// it reads no clock. The SDK is imported for its values only under load/aws (elsewhere `import type`).

const STAGES = ['load', 'model', 'whatif', 'graph', 'eval', 'explain', 'render', 'cli', 'tui'] as const;
const src = new URL('../src/', import.meta.url).pathname;

/** Node built-ins and packages that do I/O (files, network, processes, terminals, the AWS SDK). */
const IO_MODULES = [/^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|dns\/promises|tls|worker_threads|cluster|readline|repl|tty|inspector|os|process|v8|vm|stream|zlib)$/, /^@aws-sdk\//, /^@smithy\//, /^ink(\/|$)/, /^react(\/|$)/];
const CLOCK = /\b(Date\.now|new Date\(|performance\.now|process\.hrtime|setTimeout|setInterval|setImmediate|Math\.random)\b/;

interface Import {
  specifier: string;
  typeOnly: boolean;
  /** `import('…')`: loaded when first needed. */
  dynamic: boolean;
  line: number;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Static imports, re-exports, dynamic import() and require() — comments stripped first. */
export function importsOf(text: string): Import[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const out: Import[] = [];
  const lineAt = (index: number) => code.slice(0, index).split('\n').length;
  const patterns: Array<[RegExp, (m: RegExpExecArray) => boolean, boolean]> = [
    [/\b(import|export)\s+(type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, (m) => Boolean(m[2]), false],
    [/\bimport\s*['"]([^'"]+)['"]/g, () => false, false],
    [/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, () => false, true],
    [/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, () => false, false],
  ];
  for (const [pattern, typeOnly, dynamic] of patterns) {
    for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
      const specifier = m[m.length - 1]!;
      // `import { type A, type B } from` is type-only too.
      const braces = /\{([^}]*)\}/.exec(m[0]);
      const allTypes = braces !== null && /\bimport\s*\{/.test(m[0]) && braces[1]!.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
      out.push({ specifier, typeOnly: typeOnly(m) || allTypes, dynamic, line: lineAt(m.index) });
    }
  }
  return out;
}

const stageOf = (file: string): string | undefined => relative(src, file).split('/')[0];
const all = files(src);
const edges = new Map(
  all.map((file) => [
    file,
    importsOf(readFileSync(file, 'utf8')).map((i) => ({ ...i, target: i.specifier.startsWith('.') ? resolve(dirname(file), i.specifier) : undefined })),
  ]),
);

test('every folder of src/ is a known stage', () => {
  const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.equal(folders.filter((f) => !(STAGES as readonly string[]).includes(f)), []);
  assert.equal(all.filter((f) => stageOf(f) === relative(src, f)), [], 'no source file directly in src/');
});

test('the import parser sees static, type-only, dynamic and re-exports, and ignores comments', () => {
  const found = importsOf(`import a from './a.ts';\nimport type { B } from './b.ts';\nimport { type C, type D } from './c.ts';\n// import x from './commented.ts';\n/* import y from './block.ts' */\nexport { e } from './e.ts';\nconst f = await import('./f.ts');\nimport './g.ts';\nconst url = 'http://x//y';`);
  assert.equal(found.map((i) => `${i.specifier}${i.typeOnly ? ' (type)' : ''}${i.dynamic ? ' (dynamic)' : ''}`).sort(), ['./a.ts', './b.ts (type)', './c.ts (type)', './e.ts', './f.ts (dynamic)', './g.ts']);
});

/** DESIGN.md §5: "cli/ … lazy-loads the SDK and the TUI" — the one sanctioned forward edge, dynamic only. */
const LAZY = [{ from: 'cli', to: 'tui' }];

test('no stage imports a later stage (DESIGN.md §5); cli reaches tui only by a lazy import()', () => {
  const violations: string[] = [];
  for (const [file, imports] of edges) {
    const from = STAGES.indexOf(stageOf(file) as (typeof STAGES)[number]);
    for (const i of imports) {
      if (!i.target) continue;
      const to = STAGES.indexOf(stageOf(i.target) as (typeof STAGES)[number]);
      if (to < 0) violations.push(`${relative(src, file)}:${i.line} imports ${i.specifier}, outside src/ stages`);
      else if (to > from && LAZY.some((l) => l.from === STAGES[from] && l.to === STAGES[to]) && i.dynamic) continue;
      else if (to > from) violations.push(`${relative(src, file)}:${i.line} (${STAGES[from]}) imports ${i.specifier} (${STAGES[to]}, a later stage)${i.typeOnly ? ' [type only]' : ''}`);
    }
  }
  assert.equal(violations, []);
});

test('eval/ does no I/O: nothing it reaches through src/ imports a module that does (DESIGN.md §5)', () => {
  const reached = new Set<string>();
  const queue = all.filter((f) => stageOf(f) === 'eval');
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const i of edges.get(file) ?? []) if (i.target && !i.typeOnly && edges.has(i.target)) queue.push(i.target);
  }
  const violations: string[] = [];
  for (const file of reached) {
    for (const i of edges.get(file) ?? []) {
      if (i.typeOnly || i.target) continue;
      if (IO_MODULES.some((pattern) => pattern.test(i.specifier))) violations.push(`${relative(src, file)}:${i.line} imports ${i.specifier}`);
    }
  }
  assert.ok(reached.size >= 10, `${reached.size} modules reached from eval/`);
  assert.equal(violations, []);
});

test('eval/ reads no clock and no randomness (DESIGN.md §5)', () => {
  const violations = all
    .filter((f) => stageOf(f) === 'eval')
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, n) => (CLOCK.test(line.replace(/\/\/.*$/, '')) ? [`${relative(src, file)}:${n + 1}: ${line.trim()}`] : [])),
    );
  assert.equal(violations, []);
});

test('the AWS SDK is imported for its values only under load/aws; elsewhere `import type` (DESIGN.md §5)', () => {
  const violations: string[] = [];
  for (const [file, imports] of edges) {
    if (relative(src, file).startsWith('load/aws/')) continue;
    for (const i of imports) if (/^@aws-sdk\//.test(i.specifier) && !i.typeOnly) violations.push(`${relative(src, file)}:${i.line} imports ${i.specifier}`);
  }
  assert.equal(violations, []);
});

test.run();
