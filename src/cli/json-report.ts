// The JSON report of a check (render/json.ts), with one shortcut for fleets: instances whose
// results differ only in their own id and name (Evaluator.instanceClass) get, after their name,
// the very bytes another instance of their class got. Nothing is assumed: a class's bytes are
// used once two of its instances, written the long way, gave the same bytes; a class whose
// instances differ (an explanation that names its instance) is always written the long way.

import type { Evaluator } from '../eval/evaluate.ts';
import type { Verdict } from '../eval/types.ts';
import type { ExplainedInstance, Summary, SummaryTally } from '../explain/report.ts';
import { explainInstance } from '../explain/report.ts';
import type { Instance, Model, Warning } from '../model/types.ts';
import type { MemorySource } from '../render/byte-writer.ts';
import type { SourceInfo } from '../render/json.ts';
import { CHUNK, JsonReport } from '../render/json.ts';

interface ClassBytes {
  tail: Uint8Array;
  verdicts: Verdict[];
  /** Seen equal for a second instance: from now on written without evaluating. */
  confirmed: boolean;
}

/** The checks of `instances`, evaluated, explained and counted, as JSON chunks. */
export function* jsonReport(model: Model, evaluator: Evaluator, instances: Iterable<Instance>, source: SourceInfo, warnings: readonly Warning[], tally: SummaryTally, summary: () => Summary, onInstance: () => void, memory?: MemorySource): Generator<string | Uint8Array> {
  const report = new JsonReport({ allPaths: false }, memory);
  const classes = new Map<object, ClassBytes | null>();
  yield report.begin(source);
  for (const instance of instances) {
    const alike = evaluator.instanceClass(instance);
    const known = alike === undefined ? undefined : classes.get(alike);
    if (known?.confirmed) {
      report.addAlike(instance.id, instance.name, known.tail);
      tally.addVerdicts(known.verdicts);
    } else {
      const item: ExplainedInstance = explainInstance(model, evaluator.evaluateInstance(instance));
      tally.add(item);
      // The class is known once its second instance has been evaluated: ask again.
      const settled = alike ?? evaluator.instanceClass(instance);
      const entry = settled === undefined ? null : classes.get(settled);
      if (settled === undefined || entry === null) {
        report.add(item);
      } else {
        // Its bytes, made once: written for this instance and kept (or compared) for the class.
        const tail = report.tail(item);
        report.addAlike(instance.id, instance.name, tail);
        if (entry === undefined) classes.set(settled, { tail, verdicts: item.checks.map((check) => check.result.verdict), confirmed: false });
        else if (Buffer.compare(entry.tail, tail) === 0) entry.confirmed = true;
        else classes.set(settled, null);
      }
    }
    onInstance();
    const full = report.take(CHUNK);
    if (full) yield* full;
  }
  const rest = report.take();
  if (rest) yield* rest;
  yield report.end(warnings, summary());
}
