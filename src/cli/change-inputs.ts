import { readFileSync } from 'node:fs';
import { InputError } from '../load/input-error.ts';
import type { RawSnapshot } from '../load/raw-snapshot.ts';
import { rawFromPlan, readTerraformPlanFile } from '../load/terraform-plan.ts';
import type { Model } from '../model/types.ts';
import { applyChanges } from '../whatif/apply.ts';
import { parseChangeFile } from '../whatif/change-file.ts';
import type { Operation } from '../whatif/operations.ts';
import { WhatIfError } from '../whatif/what-if-error.ts';

// `--what-if FILE`: read a change file and apply it to the model. Every problem is one line naming
// the file and the operation: `change.json: $.operations[3]: security group sg-123 is not in the model.`
// `--terraform-plan PLAN`: the plan alone, or applied over a snapshot or live account.

export function readChangeFile(path: string): Operation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, '', code === 'ENOENT' ? 'no such file. --what-if takes a change file (docs/what-if.md).' : `cannot be read (${code ?? 'error'}).`);
  }
  return parseChangeFile(text, path).operations;
}

export function applyWhatIfFile(model: Model, path: string): Model {
  const operations = readChangeFile(path);
  try {
    return applyChanges(model, operations, { source: path });
  } catch (error) {
    if (error instanceof WhatIfError) throw new InputError(path, `$.operations[${error.index}]`, error.problem);
    throw error;
  }
}

/** The state after `terraform apply`: the plan alone, or its changes applied to `base`. */
export function loadTerraformPlan(path: string, base?: RawSnapshot): RawSnapshot {
  return rawFromPlan(readTerraformPlanFile(path), base);
}
