import { Evaluator } from '../eval/evaluate.ts';
import type { CheckName, Verdict } from '../eval/types.ts';
import { CHECKS } from '../eval/types.ts';
import type { ExplainedInstance, Summary } from '../explain/report.ts';
import { explainInstance, summarise } from '../explain/report.ts';
import type { Model } from '../model/types.ts';
import { affectedInstances } from './incremental.ts';

// Everything the screens show, computed from one model: every instance evaluated and explained,
// sorted broken first. After an edit a fresh Evaluator on the edited model re-evaluates the
// instances the edit can affect; the answer is identical to what `check` prints for that model
// (test/tui-incremental.test.ts compares the two on every scenario model).

export interface InstanceRow {
  id: string;
  name: string;
  subnetId: string;
  vpcId: string;
  verdicts: Record<CheckName, Verdict>;
  worst: Verdict;
  explained: ExplainedInstance;
}

export interface Evaluation {
  model: Model;
  /** Broken first (blocked, partial, unknown, reachable), then by name and id. */
  rows: InstanceRow[];
  byId: Map<string, InstanceRow>;
  summary: Summary;
  /** How many instances this evaluation evaluated (the rest were carried over unchanged). */
  evaluated: number;
  /** Wall-clock time of the evaluation, for the status line. */
  millis: number;
}

const RANK: Record<Verdict, number> = { blocked: 0, partial: 1, unknown: 2, reachable: 3 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'reachable';
  for (const verdict of verdicts) if (RANK[verdict] < RANK[worst]) worst = verdict;
  return worst;
}

/** Evaluate the given instances (ids that are no longer in the model are skipped). */
export function evaluateModel(model: Model, instanceIds: readonly string[]): Evaluation {
  return evaluate(model, instanceIds, undefined, undefined);
}

/**
 * The evaluation after an edit: a fresh Evaluator on the edited model, run on the instances the
 * edit can affect (see incremental.ts); every other row is carried over from `previous`, whose
 * model the edit started from. Falls back to evaluating everything when the edit is global.
 */
export function evaluateEdit(previous: Evaluation, model: Model, instanceIds: readonly string[]): Evaluation {
  const affected = affectedInstances(previous.model, model);
  if (!affected || affected.size * 10 > instanceIds.length * 7) return evaluate(model, instanceIds, undefined, undefined);
  return evaluate(model, instanceIds, previous, affected);
}

function evaluate(model: Model, instanceIds: readonly string[], previous: Evaluation | undefined, affected: ReadonlySet<string> | undefined): Evaluation {
  const started = performance.now();
  let evaluator: Evaluator | undefined;
  let evaluated = 0;
  const rows: InstanceRow[] = [];
  for (const id of instanceIds) {
    const instance = model.instances.get(id);
    if (!instance) continue;
    const kept = previous && affected && !affected.has(id) ? previous.byId.get(id) : undefined;
    if (kept) {
      rows.push(kept);
      continue;
    }
    evaluator ??= new Evaluator(model);
    evaluated++;
    const explained = explainInstance(model, evaluator.evaluateInstance(instance));
    const verdicts = {} as Record<CheckName, Verdict>;
    for (const check of explained.result.checks) verdicts[check.check] = check.verdict;
    for (const check of CHECKS) verdicts[check] ??= 'unknown';
    rows.push({ id, name: instance.name ?? '', subnetId: instance.subnetId, vpcId: instance.vpcId, verdicts, worst: worstVerdict(Object.values(verdicts)), explained });
  }
  rows.sort((a, b) => RANK[a.worst] - RANK[b.worst] || compare(a.name, b.name) || compare(a.id, b.id));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { model, rows, byId, summary: summarise(rows.map((row) => row.explained)), evaluated, millis: performance.now() - started };
}

/** Code-unit order: stable and fast (localeCompare costs milliseconds on a 1,000-row sort). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per instance, the checks whose verdict differs from `before`, with the verdict they had. */
export type Changes = Map<string, Partial<Record<CheckName, Verdict>>>;

export function changedVerdicts(before: Evaluation, after: Evaluation): Changes {
  const changes: Changes = new Map();
  if (before === after) return changes;
  for (const row of after.rows) {
    const old = before.byId.get(row.id);
    if (!old) continue;
    let changed: Partial<Record<CheckName, Verdict>> | undefined;
    for (const check of CHECKS) {
      if (old.verdicts[check] !== row.verdicts[check]) (changed ??= {})[check] = old.verdicts[check];
    }
    if (changed) changes.set(row.id, changed);
  }
  return changes;
}

/** Rows whose name, id, subnet or VPC contains every word of the filter (case-insensitive). */
export function filterRows(rows: readonly InstanceRow[], filter: string): InstanceRow[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = `${row.name} ${row.id} ${row.subnetId} ${row.vpcId} ${row.worst}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
