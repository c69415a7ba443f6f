import { useMemo } from 'react';
import type { Model } from '../../model/types.ts';
import type { Changes, Evaluation } from '../evaluation.ts';
import { changedVerdicts, evaluateModel } from '../evaluation.ts';
import type { Edit } from '../state.ts';

export interface Evaluations {
  /** The snapshot as loaded, before any edit. */
  baseline: Evaluation;
  /** The verdicts after every edit on the stack (each edit carries the evaluation of its model). */
  current: Evaluation;
  /** Verdicts that differ from the snapshot's, per instance. */
  changes: Changes;
}

/** Evaluate the snapshot once; the edits bring their own evaluations; mark what changed. */
export function useEvaluation(base: Model, edits: readonly Edit[], instanceIds: readonly string[]): Evaluations {
  const baseline = useMemo(() => evaluateModel(base, instanceIds), [base, instanceIds]);
  const current = edits[edits.length - 1]?.evaluation ?? baseline;
  const changes = useMemo(() => changedVerdicts(baseline, current), [baseline, current]);
  return { baseline, current, changes };
}
