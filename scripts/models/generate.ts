// Writes models/<NN>-<slug>/{snapshot,expected}.json from scenarios.ts.
//
//   node --import tsx scripts/models/generate.ts           regenerate (replaces models/NN-* only)
//   node --import tsx scripts/models/generate.ts --check   fail if the committed files differ

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenario } from './check.ts';
import { SCENARIOS } from './scenarios.ts';
import { finalize } from './shapes.ts';

const MODELS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
const NUMBERED = /^\d\d-/;
const checkOnly = process.argv.includes('--check');

const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const files = new Map<string, string>();
let failed = false;
SCENARIOS.forEach((build, index) => {
  const sc = build();
  finalize(sc.snapshot);
  const folder = `${String(index + 1).padStart(2, '0')}-${sc.slug}`;
  const problems = checkScenario(sc);
  for (const p of problems) console.error(`${folder}: ${p}`);
  if (problems.length > 0) failed = true;
  const expected = {
    title: sc.title,
    rules: sc.rules,
    source: sc.source,
    ...(sc.notes ? { notes: sc.notes } : {}),
    expect: sc.expect,
  };
  files.set(join(folder, 'snapshot.json'), toJson(sc.snapshot));
  files.set(join(folder, 'expected.json'), toJson(expected));
});
if (failed) {
  console.error('generate: consistency checks failed, nothing written');
  process.exit(1);
}

if (checkOnly) {
  const onDisk = readdirSync(MODELS).filter((d) => NUMBERED.test(d));
  const expectedDirs = new Set([...files.keys()].map((f) => dirname(f)));
  let stale = onDisk.filter((d) => !expectedDirs.has(d)).map((d) => `${d} (not generated)`);
  for (const [rel, text] of files) {
    const path = join(MODELS, rel);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(rel);
  }
  if (stale.length > 0) {
    console.error(`generate --check: out of date:\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`generate --check: ${expectedDirs.size} models up to date`);
} else {
  mkdirSync(MODELS, { recursive: true });
  for (const d of readdirSync(MODELS)) if (NUMBERED.test(d)) rmSync(join(MODELS, d), { recursive: true });
  for (const [rel, text] of files) {
    const path = join(MODELS, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    JSON.parse(readFileSync(path, 'utf8'));
  }
  console.log(`generate: wrote ${files.size / 2} models to ${MODELS}`);
}
