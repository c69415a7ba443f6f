// Helpers for what-if, diff and Terraform tests: load a reference model, evaluate, and read each
// check as {verdict, blocking, code} — the triple the scenario library asserts.
import { join } from 'node:path';
import { Evaluator } from '../../src/eval/evaluate.ts';
import { explainInstance } from '../../src/explain/report.ts';
import type { ExplainedInstance } from '../../src/explain/report.ts';
import { loadSnapshotPath } from '../../src/load/snapshot-files.ts';
import { buildModel } from '../../src/model/build-model.ts';
import type { Model } from '../../src/model/types.ts';

export const MODELS = new URL('../../models/', import.meta.url).pathname;

export function scenario(name: string): Model {
  return buildModel(loadSnapshotPath(join(MODELS, name)));
}

export interface Outcome {
  verdict: string;
  blocking: string | null;
  code?: string;
}

export function explain(model: Model, instanceId: string): ExplainedInstance {
  const instance = model.instances.get(instanceId);
  if (!instance) throw new Error(`no instance ${instanceId}`);
  return explainInstance(model, new Evaluator(model).evaluateInstance(instance));
}

/** check name → {verdict, blocking, code} for one instance. */
export function outcomes(model: Model, instanceId: string): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const check of explain(model, instanceId).checks) {
    const blocking = check.blockingHop;
    out[check.result.check] = blocking ? { verdict: check.result.verdict, blocking: blocking.resourceId, code: blocking.code } : { verdict: check.result.verdict, blocking: null };
  }
  return out;
}

export const REACHABLE: Outcome = { verdict: 'reachable', blocking: null };

/** The same outcome for the three service checks, IMDS reachable. */
export function services(outcome: Outcome, imds: Outcome = REACHABLE): Record<string, Outcome> {
  return { ssm: outcome, ec2messages: outcome, ssmmessages: outcome, imds };
}
