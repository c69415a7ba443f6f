import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export { scenario } from './verdicts.ts';

export function tempDirFor(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ssm-reach-${prefix}-`));
}
