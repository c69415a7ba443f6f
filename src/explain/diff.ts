import type { CheckName, Verdict } from '../eval/types.ts';
import type { Blocker, ExplainedCheck, ExplainedInstance } from './report.ts';

// Before vs after, per instance and check: only what changed (verdict, via, or the blocking
// resource). A check that was reachable and is not any more is a regression; so, for a pipeline,
// is a new instance whose check is blocked or partial.

export type ChangeKind = 'regression' | 'fixed' | 'changed' | 'added' | 'removed';

export interface CheckState {
  verdict: Verdict;
  via: string;
  blockingHop: Blocker | null;
  fix: string[];
}

export interface CheckChange {
  instanceId: string;
  name: string | undefined;
  check: CheckName;
  kind: ChangeKind;
  /** Fails the pipeline under --fail-on regression. */
  breaking: boolean;
  before: CheckState | null;
  after: CheckState | null;
  /** The after side, for paths and charts (null when removed). */
  afterCheck: ExplainedCheck | null;
}

export interface DiffSummary {
  regressions: number;
  fixed: number;
  changed: number;
  added: number;
  removed: number;
  unchanged: number;
  /** Checks of the after state that are blocked or partial (what --fail-on blocked looks at). */
  failingAfter: number;
  /** Checks of the after state that are unknown. */
  unknownAfter: number;
}

export interface DiffResult {
  changes: CheckChange[];
  summary: DiffSummary;
  /** Every instance of the after state, for reports that list all checks (JUnit). */
  after: ExplainedInstance[];
}

export interface DiffOptions {
  /** Under --strict an unknown check of a new instance is breaking too. */
  strict: boolean;
}

export function diffInstances(before: readonly ExplainedInstance[], after: readonly ExplainedInstance[], options: DiffOptions): DiffResult {
  const beforeById = new Map(before.map((i) => [i.result.instanceId, i]));
  const afterById = new Map(after.map((i) => [i.result.instanceId, i]));
  const ids = [...new Set([...before.map((i) => i.result.instanceId), ...after.map((i) => i.result.instanceId)])];
  const changes: CheckChange[] = [];
  let unchanged = 0;
  const failing = (verdict: Verdict) => verdict === 'blocked' || verdict === 'partial' || (options.strict && verdict === 'unknown');
  for (const id of ids) {
    const b = beforeById.get(id);
    const a = afterById.get(id);
    const name = a?.result.name ?? b?.result.name;
    const checks = [...new Set([...(b?.checks ?? []), ...(a?.checks ?? [])].map((c) => c.result.check))];
    for (const check of checks) {
      const was = b?.checks.find((c) => c.result.check === check);
      const now = a?.checks.find((c) => c.result.check === check);
      const base = { instanceId: id, name, check, before: was ? stateOf(was) : null, after: now ? stateOf(now) : null, afterCheck: now ?? null };
      if (!was && now) {
        changes.push({ ...base, kind: 'added', breaking: failing(now.result.verdict) });
        continue;
      }
      if (was && !now) {
        changes.push({ ...base, kind: 'removed', breaking: false });
        continue;
      }
      if (!was || !now) continue;
      if (same(was, now)) {
        unchanged++;
        continue;
      }
      const wasReachable = was.result.verdict === 'reachable';
      const isReachable = now.result.verdict === 'reachable';
      const kind: ChangeKind = wasReachable && !isReachable ? 'regression' : !wasReachable && isReachable ? 'fixed' : 'changed';
      changes.push({ ...base, kind, breaking: kind === 'regression' });
    }
  }
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  const afterVerdicts = after.flatMap((i) => i.checks.map((c) => c.result.verdict));
  return {
    changes,
    after: [...after],
    summary: {
      regressions: count('regression'),
      fixed: count('fixed'),
      changed: count('changed'),
      added: count('added'),
      removed: count('removed'),
      unchanged,
      failingAfter: afterVerdicts.filter((v) => v === 'blocked' || v === 'partial').length,
      unknownAfter: afterVerdicts.filter((v) => v === 'unknown').length,
    },
  };
}

export type FailOn = 'regression' | 'blocked' | 'never';
export const FAIL_ON: readonly FailOn[] = ['regression', 'blocked', 'never'];

/** 1 when the diff should fail the pipeline under `failOn`, else 0. */
export function diffExitCode(result: DiffResult, failOn: FailOn, strict: boolean): number {
  if (failOn === 'never') return 0;
  if (failOn === 'regression') return result.changes.some((c) => c.breaking) ? 1 : 0;
  return result.summary.failingAfter > 0 || (strict && result.summary.unknownAfter > 0) ? 1 : 0;
}

function stateOf(check: ExplainedCheck): CheckState {
  return { verdict: check.result.verdict, via: check.result.via, blockingHop: check.blockingHop, fix: check.fix };
}

function same(a: ExplainedCheck, b: ExplainedCheck): boolean {
  return a.result.verdict === b.result.verdict && a.result.via === b.result.via && (a.blockingHop?.resourceId ?? null) === (b.blockingHop?.resourceId ?? null);
}

/** `reachable via nat-gateway`, `blocked at sg-… (ENI_SG_RULES_MISMATCH)`, `absent`. */
export function stateText(state: CheckState | null): string {
  if (!state) return 'absent';
  if (state.verdict === 'reachable') return `reachable via ${state.via}`;
  const b = state.blockingHop;
  return b ? `${state.verdict} at ${b.resourceId} (${b.code})` : state.verdict;
}
