import type { Topology } from '../graph/topology.ts';
import type { Instance, Model, NetworkInterface, Subnet } from '../model/types.ts';
import type { PortSet } from './port-set.ts';
import type { Finding, FindingFacts, Hop, HopDecision, Leg, ResourceKind, Severity } from './types.ts';

export interface EvalContext {
  model: Model;
  topology: Topology;
}

/** The client end of every SSM flow: the instance's primary ENI and primary private address. */
export interface Source {
  instance: Instance;
  eni: NetworkInterface;
  address: number;
  addressText: string;
  publicIp: string | undefined;
  subnet: Subnet;
  /** NACL-6: the OS's ephemeral port range, the destination port of every reply. */
  ephemeral: PortSet;
  ephemeralText: string;
}

/** Collects the hops and findings of one path, in the order the packet meets them. */
export class Walk {
  readonly hops: Hop[] = [];
  readonly findings: Finding[] = [];

  hop(leg: Leg, kind: ResourceKind, resourceId: string, decision: HopDecision, detail: string, direction?: 'inbound' | 'outbound'): void {
    this.hops.push(direction ? { leg, kind, resourceId, direction, decision, detail } : { leg, kind, resourceId, decision, detail });
  }

  /** Record a hop that did not pass, with the finding that explains it. */
  find(
    leg: Leg,
    kind: ResourceKind,
    resourceId: string,
    severity: Severity,
    code: string,
    message: string,
    options: { rule?: string | undefined; direction?: 'inbound' | 'outbound' | undefined; facts?: FindingFacts; detail?: string } = {},
  ): Finding {
    const decision: HopDecision = severity === 'blocked' ? 'block' : severity;
    this.hop(leg, kind, resourceId, decision, options.detail ?? options.rule ?? message, options.direction);
    const finding: Finding = {
      leg,
      resourceId,
      kind,
      direction: options.direction,
      code,
      severity,
      rule: options.rule,
      message,
      facts: options.facts ?? {},
    };
    this.findings.push(finding);
    return finding;
  }

  get blocked(): boolean {
    return this.findings.some((f) => f.severity === 'blocked');
  }
}

/** MISSING_DATA: the input lacks a whole key the check needs. */
export function missingKeyMessage(model: Model, key: string): string {
  const reason = model.absentReasons.get(key);
  return `the snapshot has no ${key}${reason ? ` (${reason})` : ''}, so this hop cannot be evaluated`;
}
