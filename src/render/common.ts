import type { ExplainedCheck, ExplainedInstance } from '../explain/report.ts';
import type { PathResult } from '../eval/types.ts';
import type { SourceInfo } from './json.ts';

// Small pieces the pipeline renderers (junit, markdown, GitHub annotations) share.

/** `snapshot models/demo + what-if change.json`, `plan plan.json`, `live account`. */
export function sourceLabel(source: SourceInfo): string {
  const base = source.kind === 'snapshot' ? `snapshot ${source.path ?? ''}`.trim() : source.kind === 'aws' ? 'live account' : `plan ${source.path ?? ''}${source['state'] === 'prior' ? ' (prior state)' : ''}`.trim();
  const extras: string[] = [];
  if (source.kind !== 'terraform-plan' && typeof source['terraformPlan'] === 'string') extras.push(`plan ${source['terraformPlan']}`);
  if (typeof source['whatIf'] === 'string') extras.push(`what-if ${source['whatIf']}`);
  return [base, ...extras].join(' + ');
}

export function instanceLabel(instance: ExplainedInstance): string {
  const r = instance.result;
  return r.name ? `${r.instanceId} (${r.name})` : r.instanceId;
}

/** One line: `blocked at sg-… (ENI_SG_RULES_MISMATCH): no inbound rule …`. */
export function verdictLine(check: ExplainedCheck): string {
  const c = check.result;
  if (c.verdict === 'reachable') return `reachable via ${c.via}`;
  const b = check.blockingHop;
  return b ? `${c.verdict} at ${b.resourceId} (${b.code}): ${b.message}` : c.verdict;
}

/** Failing checks of one instance grouped by identical blockers and fix (ssm, ec2messages, …). */
export function failingGroups(instance: ExplainedInstance): ExplainedCheck[][] {
  const groups = new Map<string, ExplainedCheck[]>();
  for (const check of instance.checks) {
    if (check.result.verdict === 'reachable') continue;
    const key = JSON.stringify([check.result.verdict, check.blockers.map((b) => [b.code, b.resourceId, b.direction]), check.fix]);
    const group = groups.get(key);
    if (group) group.push(check);
    else groups.set(key, [check]);
  }
  return [...groups.values()];
}

/** The path a reader should see: the first that is not reachable. */
export function decisivePath(check: ExplainedCheck): PathResult | undefined {
  return check.result.paths.find((p) => p.verdict !== 'reachable') ?? check.result.paths[0];
}
