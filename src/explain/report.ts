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

export function explainInstance(model: Model, result: InstanceResult): ExplainedInstance {
  const subnetCidr = model.subnets.get(result.subnetId)?.cidr?.text;
  return {
    result,
    checks: result.checks.map((check) => {
      if (check.verdict === 'reachable') return { result: check, blockingHop: null, blockers: [], fix: [] };
      const blockers = check.findings.map(toBlocker);
      const fix = [...new Set(check.findings.map((finding) => fixFor(finding, { instanceId: result.instanceId, subnetCidr })))];
      return { result: check, blockingHop: blockers[0] ?? null, blockers, fix };
    }),
  };
}

export function summarise(instances: readonly ExplainedInstance[]): Summary {
  const count = (verdict: Verdict) => instances.reduce((n, i) => n + i.checks.filter((c) => c.result.verdict === verdict).length, 0);
  return {
    instances: instances.length,
    checks: instances.reduce((n, i) => n + i.checks.length, 0),
    reachable: count('reachable'),
    blocked: count('blocked'),
    partial: count('partial'),
    unknown: count('unknown'),
    instancesWithProblems: instances.filter((i) => i.checks.some((c) => c.result.verdict !== 'reachable')).length,
  };
}
