import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSnapshotPath } from '../load/snapshot-files.ts';
import { buildModel } from '../model/build-model.ts';
import { DEMO_HELP } from './help.ts';
import type { Io } from './io.ts';
import { OUTPUT_FORMATS, runChecks } from './check-command.ts';
import { oneOf, parseOptions } from './options.ts';

/** The bundled demo model, found from this module whether it runs from src/ or from dist/. */
export function demoModelPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'models', 'demo');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(process.cwd(), 'models', 'demo');
}

export async function demoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions('demo', args, { output: { type: 'string', short: 'o' }, paths: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const);
  if (values.help) {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  const path = demoModelPath();
  const model = buildModel(loadSnapshotPath(path));
  await runChecks(model, { kind: 'snapshot', region: model.region ?? null, path: 'models/demo (bundled demo)' }, io, {
    instanceIds: [],
    all: false,
    output: oneOf('output', values.output, OUTPUT_FORMATS, 'text'),
    allPaths: values.paths ?? false,
    verbose: false,
    strict: false,
  });
  return 0;
}
