import type { Instance, Model, UnresolvedValue } from '../model/types.ts';
import type { CheckResult, Finding, Hop, PathResult, Verdict } from './types.ts';

// Values the input could not know (a Terraform plan's "known after apply" that no reference
// resolves) make the checks that depend on them unknown, naming where the value comes from. A value
// matters to a check when it belongs to the instance, its interface, subnet or VPC, or to a hop of
// the path at or before the hop that decides it; a security group that allows stays allowing
// whatever rules it gains (SG-2), so only its failures are in doubt.

export function settleUnresolved(model: Model, instance: Instance, check: CheckResult): CheckResult {
  const unresolved = model.unresolved;
  if (!unresolved || unresolved.size === 0) return check;
  const isImds = check.check === 'imds';
  const viaInternetGateway = check.paths.some((p) => p.hops.some((h) => h.kind === 'internet-gateway'));
  // IMDS depends only on the metadata options; the network paths on everything else (the public
  // address only when the path uses an internet gateway, IGW-1).
  const relevant = (values: UnresolvedValue[] | undefined) =>
    (values ?? []).filter((v) => (isImds ? v.field === 'metadata_options' : v.field !== 'metadata_options' && (v.field !== 'public_ip' || viaInternetGateway)));
  const context: Array<{ id: string; values: UnresolvedValue[] }> = [];
  // Causes first: the VPC, the subnet, the interface, then the instance itself.
  const sourceIds = [isImds ? undefined : instance.vpcId, isImds ? undefined : instance.subnetId, instance.networkInterfaceIds[0], instance.id];
  for (const id of sourceIds) {
    if (id === undefined) continue;
    const values = relevant(unresolved.get(id));
    if (values.length > 0) context.push({ id, values });
  }
  const created = new Set<Finding>();
  const make = (...args: Parameters<typeof missing>) => {
    const finding = missing(...args);
    created.add(finding);
    return finding;
  };
  const added: Finding[] = context.map(({ id, values }) => make(id, kindIn(model, id), values, undefined));
  let changed = added.length > 0;
  const paths: PathResult[] = check.paths.map((path) => {
    const stop = firstDecidingHop(path.hops);
    const doubts: Finding[] = [];
    path.hops.forEach((hop, i) => {
      if (stop >= 0 && i > stop) return;
      const values = relevant(unresolved.get(hop.resourceId));
      if (values.length === 0 || (hop.kind === 'security-group' && hop.decision === 'pass')) return;
      if (!doubts.some((d) => d.resourceId === hop.resourceId)) doubts.push(make(hop.resourceId, hop.kind, values, hop));
    });
    // Findings about objects that are missing because their values are unknown (an interface
    // without an address, a subnet the plan could not place).
    for (const finding of path.findings) {
      const key = finding.facts.missing ?? finding.resourceId;
      const values = relevant(unresolved.get(key) ?? unresolved.get(finding.resourceId));
      if (values.length > 0 && !doubts.some((d) => d.resourceId === key)) doubts.push(make(key, finding.kind, values, undefined, finding.leg));
    }
    if (doubts.length === 0 && added.length === 0) return path;
    changed = true;
    const doubted = new Set(doubts.map((d) => d.resourceId));
    const findings = [...added, ...doubts, ...path.findings.map((f) => (doubted.has(f.resourceId) || doubted.has(f.facts.missing ?? '') ? { ...f, severity: 'unknown' as const } : f))];
    return { ...path, verdict: 'unknown' as Verdict, findings: findings.filter((f, i) => findings.indexOf(f) === i) };
  });
  if (!changed) return check;
  const verdict = combine(paths.map((p) => p.verdict));
  const fresh = paths.flatMap((p) => p.findings.filter((f) => created.has(f)));
  const seen = new Set<string>();
  const lead = [...added, ...fresh].filter((f) => (seen.has(f.resourceId) ? false : (seen.add(f.resourceId), true)));
  const rest = check.findings.filter((f) => !seen.has(f.resourceId)).map((f) => (verdict === 'unknown' && f.severity !== 'unknown' && paths.some((p) => p.findings.some((g) => g.resourceId === f.resourceId && g.severity === 'unknown')) ? { ...f, severity: 'unknown' as const } : f));
  return { ...check, verdict, findings: [...lead, ...rest], paths };
}

function kindIn(model: Model, id: string): Finding['kind'] {
  if (model.instances.has(id)) return 'instance';
  if (model.subnets.has(id)) return 'subnet';
  if (model.vpcs.has(id)) return 'vpc';
  return 'network-interface';
}

function firstDecidingHop(hops: Hop[]): number {
  return hops.findIndex((h) => h.decision === 'block' || h.decision === 'partial' || h.decision === 'unknown');
}

function missing(resourceId: string, kind: Finding['kind'], values: UnresolvedValue[], hop: Hop | undefined, leg: Finding['leg'] = hop?.leg ?? 'forward'): Finding {
  const first = values[0]!;
  const addresses = [...new Set(values.map((v) => v.address))];
  return {
    leg,
    resourceId,
    kind,
    direction: hop?.direction,
    code: 'MISSING_DATA',
    severity: 'unknown',
    rule: `${addresses.join(', ')} (known after apply)`,
    message: `${values.map((v) => v.reason).join('; ')}; the verdict depends on ${values.length === 1 ? 'it' : 'them'}`,
    facts: { missing: first.address, reason: values.map((v) => v.field).join(', ') },
  };
}

/** VPCE-2, P6: as evaluate.ts combines several targets. */
function combine(verdicts: readonly Verdict[]): Verdict {
  const hasReachable = verdicts.includes('reachable');
  const hasFailure = verdicts.includes('blocked') || verdicts.includes('partial');
  if (verdicts.includes('unknown')) return hasReachable && hasFailure ? 'partial' : 'unknown';
  if (verdicts.every((v) => v === 'reachable')) return 'reachable';
  if (verdicts.every((v) => v === 'blocked')) return 'blocked';
  return 'partial';
}
