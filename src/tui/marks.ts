import type { CheckName, Hop, ResourceKind, Verdict } from '../eval/types.ts';

// The symbols the screens use, the same as the text report's.

export const VERDICT_MARK: Record<Verdict, string> = { reachable: '✓', blocked: '✗', partial: '◐', unknown: '?' };
export const HOP_MARK: Record<Hop['decision'], string> = { pass: '✓', block: '✗', partial: '◐', unknown: '?', skip: '·' };
export const DECISION_VERDICT: Record<Hop['decision'], Verdict | undefined> = { pass: 'reachable', block: 'blocked', partial: 'partial', unknown: 'unknown', skip: undefined };

/** Column headings of the four checks in the instance list. */
export const CHECK_HEADING: Record<CheckName, string> = { ssm: 'ssm', ec2messages: 'ec2m', ssmmessages: 'ssmm', imds: 'imds' };

const KIND_LABEL: Partial<Record<ResourceKind, string>> = {
  'security-group': 'SG',
  'network-acl': 'NACL',
  'route-table': 'route table',
  'internet-gateway': 'internet gw',
  'nat-gateway': 'NAT gw',
  'vpc-endpoint': 'endpoint',
  'network-interface': 'ENI',
  'vpc': 'VPC',
  'transit-gateway': 'transit gw',
  'vpn-gateway': 'VPN gw',
  'peering-connection': 'peering',
  'dhcp-options': 'DHCP options',
  'prefix-list': 'prefix list',
};

/** A short name for where a hop is: `SG in`, `↩ NACL out`, `DNS`. */
export function hopLabel(hop: Hop): string {
  if (hop.leg === 'dns') return hop.kind === 'vpc' ? 'DNS' : `DNS ${KIND_LABEL[hop.kind] ?? hop.kind}`;
  const kind = KIND_LABEL[hop.kind] ?? hop.kind;
  const direction = hop.direction === 'inbound' ? ' in' : hop.direction === 'outbound' ? ' out' : '';
  return `${hop.leg === 'return' ? '↩ ' : ''}${kind}${direction}`;
}

export const POINTER: Partial<Record<Hop['decision'], string>> = { block: '◀ blocks here', partial: '◀ partly blocks here', unknown: '◀ undecided here' };
