// What evaluation produces: per instance and check, a verdict with every finding on the path,
// in packet order. Findings carry facts, not advice; explain/ turns them into fixes.

export type Verdict = 'reachable' | 'blocked' | 'partial' | 'unknown';

export const SERVICE_CHECKS = ['ssm', 'ec2messages', 'ssmmessages'] as const;
export type ServiceCheck = (typeof SERVICE_CHECKS)[number];
export type CheckName = ServiceCheck | 'imds';
export const CHECKS: readonly CheckName[] = [...SERVICE_CHECKS, 'imds'];

export type ResourceKind =
  | 'instance'
  | 'network-interface'
  | 'security-group'
  | 'network-acl'
  | 'route-table'
  | 'internet-gateway'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'vpc'
  | 'subnet'
  | 'dhcp-options'
  | 'peering-connection'
  | 'transit-gateway'
  | 'vpn-gateway'
  | 'prefix-list'
  | 'other';

export type Leg = 'dns' | 'forward' | 'return' | 'host';

/** How bad a finding is on its own: it blocks, blocks some ports/addresses, or cannot be decided. */
export type Severity = 'blocked' | 'partial' | 'unknown';

export interface Finding {
  leg: Leg;
  resourceId: string;
  kind: ResourceKind;
  direction: 'inbound' | 'outbound' | undefined;
  code: string;
  severity: Severity;
  /** The rule or route that decided, as text (`rule 90 deny tcp 443 to 0.0.0.0/0`). */
  rule: string | undefined;
  message: string;
  /** Facts the fix needs (peer CIDR, ports, the subnet an object lives in, …). */
  facts: FindingFacts;
}

export interface FindingFacts {
  peer?: string;
  ports?: string;
  protocol?: string;
  subnetId?: string;
  /** The VPC a fix should name (so it need not name the instance). */
  vpcId?: string;
  instanceId?: string;
  attribute?: string;
  target?: string;
  ruleNumber?: number;
  missing?: string;
  reason?: string;
}

export type HopDecision = 'pass' | 'block' | 'partial' | 'unknown' | 'skip';

export interface Hop {
  leg: Leg;
  kind: ResourceKind;
  resourceId: string;
  direction?: 'inbound' | 'outbound';
  decision: HopDecision;
  /** What decided: a rule, a route, a setting. */
  detail: string;
}

export interface PathResult {
  target: string;
  verdict: Verdict;
  via: string;
  hops: Hop[];
  findings: Finding[];
}

export interface CheckResult {
  check: CheckName;
  destination: { host: string; port: number; protocol: 'tcp' };
  verdict: Verdict;
  via: string;
  /** Every finding on the decisive paths, first in packet order. */
  findings: Finding[];
  paths: PathResult[];
  notes: string[];
}

export interface InstanceResult {
  instanceId: string;
  name: string | undefined;
  state: string;
  vpcId: string;
  subnetId: string;
  region: string | undefined;
  checks: CheckResult[];
  warnings: string[];
}

/**
 * P6 aggregation within one path: a definite block wins, then unknown, then partial. An unknown
 * hop applies to every packet of the path, so with one no packet is known to get through: a
 * partial NACL behind it makes the path partial or blocked, which is unknown (found by the oracle).
 */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'blocked')) return 'blocked';
  if (findings.some((f) => f.severity === 'unknown')) return 'unknown';
  if (findings.some((f) => f.severity === 'partial')) return 'partial';
  return 'reachable';
}
