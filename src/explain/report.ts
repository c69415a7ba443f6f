import type { CheckResult, Finding, InstanceResult, Verdict } from '../eval/types.ts';
import type { Model } from '../model/types.ts';
import { fixFor } from './fix.ts';

// The explained report: evaluation results with a fix per blocker, in the shape of the JSON
// contract (DESIGN.md §3). Renderers only format this.

export interface Blocker {
  resourceId: string;
  kind: string;
  direction: 'inbound' | 'outbound' | null;
  code: string;
  rule: string | null;
  message: string;
  leg: string;
  severity: string;
}

export interface ExplainedCheck {
  result: CheckResult;
  blockingHop: Blocker | null;
  blockers: Blocker[];
  fix: string[];
}

export interface ExplainedInstance {
  result: InstanceResult;
  checks: ExplainedCheck[];
}

export interface Summary {
  instances: number;
  checks: number;
  reachable: number;
  blocked: number;
  partial: number;
  unknown: number;
  instancesWithProblems: number;
}

export function toBlocker(finding: Finding): Blocker {
  return {
    resourceId: finding.resourceId,
    kind: finding.kind,
    direction: finding.direction ?? null,
    code: finding.code,
    rule: finding.rule ?? null,
    message: finding.message,
    leg: finding.leg,
    severity: finding.severity,
  };
}

/** Shared by every reachable check; frozen, so a stray push fails loudly instead of leaking. */
const NO_BLOCKERS: Blocker[] = Object.freeze([]) as unknown as Blocker[];
const NO_FIX: string[] = Object.freeze([]) as unknown as string[];

/**
 * Explained checks by result. A fleet's instances of one class share their result objects
 * (Evaluator), so each is explained once; a fix that names the instance is not shared.
 */
const explainedByResult = new WeakMap<CheckResult, { subnetCidr: string | undefined; explained: ExplainedCheck }>();

export function explainInstance(model: Model, result: InstanceResult): ExplainedInstance {
  const subnetCidr = model.subnets.get(result.subnetId)?.cidr?.text;
  const checks: ExplainedCheck[] = [];
  for (const check of result.checks) checks.push(explainCheck(check, result.instanceId, subnetCidr));
  return { result, checks };
}

function explainCheck(check: CheckResult, instanceId: string, subnetCidr: string | undefined): ExplainedCheck {
  // Nothing to explain: cheaper made than remembered (IMDS results are per instance).
  if (check.verdict === 'reachable') return { result: check, blockingHop: null, blockers: NO_BLOCKERS, fix: NO_FIX };
  const known = explainedByResult.get(check);
  if (known && known.subnetCidr === subnetCidr) return known.explained;
  const blockers = check.findings.map(toBlocker);
  const fixes = (id: string) => [...new Set(check.findings.map((finding) => fixFor(finding, { instanceId: id, subnetCidr })))];
  const fix = fixes(instanceId);
  // DESIGN.md §3: the blocking hop is the first *blocker* in packet order. A hop we could not
  // decide (severity unknown, e.g. a missing default NACL) that comes before the hop that
  // does block is not the blocker of a blocked or partial check (P6); found by the oracle.
  const decisive = check.verdict === 'blocked' ? ['blocked'] : check.verdict === 'partial' ? ['blocked', 'partial'] : undefined;
  const first = (decisive && blockers.find((b) => decisive.includes(b.severity))) ?? blockers[0] ?? null;
  const explained = { result: check, blockingHop: first, blockers, fix };
  // Shared only when the fix reads the same for any other instance.
  if (fixes(`${instanceId}-other`).join('\n') === fix.join('\n')) explainedByResult.set(check, { subnetCidr, explained });
  return explained;
}

export function summarise(instances: readonly ExplainedInstance[]): Summary {
  const tally = new SummaryTally();
  for (const instance of instances) tally.add(instance);
  return tally.summary();
}

/**
 * The summary, counted as instances stream past: a fleet report never has to keep every
 * explained instance in memory to print its totals.
 */
export class SummaryTally {
  private readonly counts: Summary = { instances: 0, checks: 0, reachable: 0, blocked: 0, partial: 0, unknown: 0, instancesWithProblems: 0 };

  add(instance: ExplainedInstance): void {
    this.addVerdicts(instance.checks.map((check) => check.result.verdict));
  }

  /** An instance with these check verdicts. */
  addVerdicts(verdicts: readonly Verdict[]): void {
    const counts = this.counts;
    counts.instances += 1;
    let problem = false;
    for (const verdict of verdicts) {
      counts.checks += 1;
      counts[verdict] += 1;
      if (verdict !== 'reachable') problem = true;
    }
    if (problem) counts.instancesWithProblems += 1;
  }

  summary(): Summary {
    return { ...this.counts };
  }
}
