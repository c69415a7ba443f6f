// Engine versus oracle on one snapshot document: for every instance and check, the engine's
// verdict must be the oracle's, and where the oracle can name the first failing hop in packet
// order (DESIGN.md §3) the engine's blocking resource must be that hop.

import { Evaluator } from '../../src/eval/evaluate.ts';
import { explainInstance } from '../../src/explain/report.ts';
import { rawFromDocument } from '../../src/load/raw-from-document.ts';
import { buildModel } from '../../src/model/build-model.ts';
import type { Check } from './simulate.ts';
import { Oracle } from './simulate.ts';

export interface Disagreement {
  instanceId: string;
  check: Check;
  what: 'verdict' | 'blocking';
  engine: { verdict: string; blocking: string | null; code: string | null };
  oracle: { verdict: string; blocking: string | undefined; detail: string };
}

export interface Comparison {
  checks: number;
  packets: number;
  disagreements: Disagreement[];
}

export function compareDocument(document: Record<string, unknown>): Comparison {
  const model = buildModel(rawFromDocument(structuredClone(document), 'generated.json'));
  const evaluator = new Evaluator(model);
  const oracle = new Oracle(document);
  const disagreements: Disagreement[] = [];
  let checks = 0;
  let packets = 0;
  for (const instance of model.instances.values()) {
    const expected = oracle.instance(instance.id);
    const explained = explainInstance(model, evaluator.evaluateInstance(instance));
    for (const item of explained.checks) {
      const name = item.result.check as Check;
      const want = expected[name];
      checks++;
      packets += want.packets;
      const engine = { verdict: item.result.verdict, blocking: item.blockingHop?.resourceId ?? null, code: item.blockingHop?.code ?? null };
      const oracleView = { verdict: want.verdict, blocking: want.blocking, detail: want.detail };
      if (engine.verdict !== want.verdict) disagreements.push({ instanceId: instance.id, check: name, what: 'verdict', engine, oracle: oracleView });
      else if (want.blocking !== undefined && engine.blocking !== want.blocking) disagreements.push({ instanceId: instance.id, check: name, what: 'blocking', engine, oracle: oracleView });
    }
  }
  return { checks, packets, disagreements };
}

export function describeDisagreement(d: Disagreement): string {
  return `${d.instanceId} ${d.check}: engine ${d.engine.verdict}${d.engine.blocking ? ` at ${d.engine.blocking} (${d.engine.code})` : ''}, oracle ${d.oracle.verdict}${d.oracle.blocking ? ` at ${d.oracle.blocking}` : ''} — ${d.oracle.detail}`;
}
