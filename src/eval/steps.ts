import { formatIpv4 } from '../model/address.ts';
import type { NetworkAcl, NetworkInterface, Route, RouteTable, Subnet } from '../model/types.ts';
import { crossNetworkAcl } from './network-acl.ts';
import type { PortSet } from './port-set.ts';
import { intersect, isEmpty, portSetText, sameSet } from './port-set.ts';
import type { RouteSelection } from './route-table.ts';
import { selectRouteOnce } from './route-table.ts';
import { evaluateSecurityGroups } from './security-group.ts';
import type { Leg } from './types.ts';
import type { EvalContext, Walk } from './walk.ts';
import { missingKeyMessage } from './walk.ts';

const TCP = 6;

export interface Peer {
  address: number;
  /** How the peer is named in messages and fixes: `10.0.2.15`, `public AWS addresses`. */
  label: string;
  /** The CIDR a fix should allow (`10.0.2.0/24`, `0.0.0.0/0`). */
  fixCidr: string;
  isPrivate: boolean;
}

/** SG egress of the source ENI (SG-1: only the forward leg; SG-3: the actual rules). */
export function securityGroupEgress(ctx: EvalContext, walk: Walk, eni: NetworkInterface, to: Peer, port: number): void {
  securityGroupStep(ctx, walk, eni, to, port, 'egress');
}

/** SG ingress of the destination ENI (SG-9). */
export function securityGroupIngress(ctx: EvalContext, walk: Walk, eni: NetworkInterface, from: Peer, port: number): void {
  securityGroupStep(ctx, walk, eni, from, port, 'ingress');
}

function securityGroupStep(ctx: EvalContext, walk: Walk, eni: NetworkInterface, peer: Peer, port: number, direction: 'ingress' | 'egress'): void {
  const leg: Leg = 'forward';
  const hopDirection = direction === 'ingress' ? 'inbound' : 'outbound';
  const firstGroup = eni.groupIds[0] ?? eni.id;
  const preposition = direction === 'ingress' ? 'from' : 'to';
  if (!ctx.model.presentKeys.has('SecurityGroups')) {
    walk.find(leg, 'security-group', firstGroup, 'unknown', 'MISSING_DATA', `${missingKeyMessage(ctx.model, 'SecurityGroups')}: ${eni.id}'s security groups`, { direction: hopDirection, facts: { missing: 'SecurityGroups' } });
    return;
  }
  if (eni.groupIds.length === 0) {
    walk.find(leg, 'network-interface', eni.id, 'unknown', 'MISSING_DATA', `${eni.id} lists no security groups; every VPC interface has at least one`, { direction: hopDirection });
    return;
  }
  const decision = evaluateSecurityGroups(ctx.model, ctx.topology, eni.groupIds, direction, peer.address, peer.isPrivate, eni.vpcId, port);
  const groupsText = eni.groupIds.join(', ');
  if (decision.decision === 'allow') {
    walk.hop(leg, 'security-group', decision.group.id, 'pass', decision.rule.text, hopDirection);
    return;
  }
  if (decision.decision === 'unknown') {
    const missing = decision.missingGroupIds[0];
    if (missing) {
      walk.find(leg, 'security-group', missing, 'unknown', 'MISSING_RESOURCE', `${eni.id} uses security group ${missing}, which is not in the snapshot, and no other group allows TCP ${port} ${preposition} ${peer.label}`, { direction: hopDirection, facts: { missing } });
    } else {
      const list = decision.unknownPrefixLists[0]!;
      walk.find(leg, 'prefix-list', list, 'unknown', 'MISSING_DATA', `a rule of ${groupsText} names prefix list ${list}, whose entries are not in the snapshot`, { direction: hopDirection, facts: { missing: list } });
    }
    return;
  }
  // SG-7: say so when a group reference would have matched a private address but the peer is public.
  const refNote = !peer.isPrivate && decision.groups.some((g) => (direction === 'egress' ? g.egress : g.ingress).some((r) => r.peer.kind === 'security-group'))
    ? ' (security-group references match private addresses of member interfaces only, never public service addresses)'
    : '';
  // Outbound, the interface is the source itself, whose results name it already; leaving it out
  // lets instances alike share one result (Evaluator). Inbound, it is the endpoint's interface.
  const owner = direction === 'ingress' ? ` (on ${eni.instanceId ?? eni.id})` : '';
  walk.find(
    leg,
    'security-group',
    firstGroup,
    'blocked',
    'ENI_SG_RULES_MISMATCH',
    `no ${direction === 'ingress' ? 'inbound' : 'outbound'} rule of ${groupsText}${owner} allows TCP ${port} ${preposition} ${peer.label}${refNote}`,
    { direction: hopDirection, rule: 'no matching rule', facts: { peer: peer.fixCidr, ports: String(port), protocol: 'tcp' } },
  );
}

/** Resolve a subnet's NACL or record why it cannot be (NACL-1). */
export function networkAclOf(ctx: EvalContext, walk: Walk, subnet: Subnet, leg: Leg, direction: 'inbound' | 'outbound'): NetworkAcl | undefined {
  if (!ctx.model.presentKeys.has('NetworkAcls')) {
    walk.find(leg, 'subnet', subnet.id, 'unknown', 'MISSING_DATA', `${missingKeyMessage(ctx.model, 'NetworkAcls')}: ${subnet.id}'s network ACL`, { direction, facts: { missing: 'NetworkAcls' } });
    return undefined;
  }
  const acl = ctx.topology.networkAclOf(subnet).value;
  if (!acl) {
    walk.find(leg, 'subnet', subnet.id, 'unknown', 'MISSING_RESOURCE', `${subnet.id} has no associated network ACL and its VPC's default ACL is not in the snapshot`, { direction, facts: { missing: `default network ACL of ${subnet.vpcId}` } });
  }
  return acl;
}

/**
 * One NACL crossing. Forward legs ask about one port; return legs about the client's whole
 * ephemeral range (NACL-4, NACL-6). Returns the ports that pass.
 */
export function networkAclStep(
  ctx: EvalContext,
  walk: Walk,
  subnet: Subnet,
  direction: 'inbound' | 'outbound',
  leg: Leg,
  peer: Peer,
  ports: PortSet,
  portsLabel: string,
): PortSet {
  const acl = networkAclOf(ctx, walk, subnet, leg, direction);
  if (!acl) return ports;
  const { decision, allowed, deciding } = crossNetworkAcl(acl, direction, peer.address, TCP, ports);
  if (sameSet(allowed, ports)) {
    walk.hop(leg, 'network-acl', acl.id, 'pass', deciding, direction);
    return allowed;
  }
  const preposition = direction === 'inbound' ? 'from' : 'to';
  const firstDeny = decision.matches.find((m) => m.action === 'deny');
  const denyRule = firstDeny?.entry ? firstDeny.entry.text : `no rule allows it (the default rule * denies)`;
  const facts = { peer: peer.fixCidr, ports: portSetText(ports), protocol: 'tcp', subnetId: subnet.id, ...(firstDeny?.entry ? { ruleNumber: firstDeny.entry.ruleNumber } : {}) };
  const what = leg === 'return' ? `return traffic (TCP ${portsLabel}) ${preposition} ${peer.label}` : `TCP ${portsLabel} ${preposition} ${peer.label}`;
  if (isEmpty(allowed)) {
    walk.find(leg, 'network-acl', acl.id, 'blocked', 'SUBNET_ACL_RESTRICTION', `${acl.id} (${direction}, ${subnet.id}) denies ${what}: ${denyRule}`, { direction, rule: denyRule, facts });
  } else {
    walk.find(
      leg,
      'network-acl',
      acl.id,
      'partial',
      'EPHEMERAL_PORTS_PARTIAL',
      `${acl.id} (${direction}, ${subnet.id}) allows ${what} only on ports ${portSetText(allowed)}; ports ${portSetText(decision.denied.length ? intersect(decision.denied, ports) : ports)} are denied (${denyRule}), so connections fail whenever the OS picks one of them`,
      { direction, rule: denyRule, facts: { ...facts, ports: portSetText(intersect(decision.denied, ports)) } },
    );
  }
  return allowed;
}

/** Resolve a subnet's route table or record why it cannot be (RT-1). */
export function routeTableOf(ctx: EvalContext, walk: Walk, subnet: Subnet, leg: Leg): RouteTable | undefined {
  if (!ctx.model.presentKeys.has('RouteTables')) {
    walk.find(leg, 'subnet', subnet.id, 'unknown', 'MISSING_DATA', `${missingKeyMessage(ctx.model, 'RouteTables')}: ${subnet.id}'s route table`, { facts: { missing: 'RouteTables' } });
    return undefined;
  }
  const table = ctx.topology.routeTableOf(subnet).value;
  if (!table) {
    walk.find(leg, 'subnet', subnet.id, 'unknown', 'MISSING_RESOURCE', `${subnet.id} has no associated route table and its VPC's main route table is not in the snapshot`, { facts: { missing: `main route table of ${subnet.vpcId}` } });
  }
  return table;
}

/**
 * Route lookup with the outcomes that end a walk recorded as findings: no route, a selected
 * blackhole (RT-4, no fallback), an ambiguous or unreadable prefix list. Returns the usable route.
 */
export function routeStep(ctx: EvalContext, walk: Walk, table: RouteTable, subnet: Subnet, destination: Peer, leg: Leg, ignoreGatewayEndpointLists: boolean): Route | undefined {
  const selection: RouteSelection = selectRouteOnce(ctx.model, table, destination.address, ignoreGatewayEndpointLists);
  const facts = { peer: destination.fixCidr, subnetId: subnet.id, vpcId: table.vpcId };
  switch (selection.kind) {
    case 'none':
      walk.find(leg, 'route-table', table.id, 'blocked', 'NO_ROUTE_TO_DESTINATION', `${table.id} (route table of ${subnet.id}) has no route for ${destination.label}`, { rule: 'no matching route', facts });
      return undefined;
    case 'ambiguous':
      walk.find(leg, 'route-table', table.id, 'unknown', 'AMBIGUOUS_PREFIX_LIST_ROUTE', `${table.id} has overlapping prefix-list routes for ${destination.label} to different targets (${selection.routes.map((r) => r.text).join('; ')}); AWS picks one and we cannot know which`, { rule: selection.routes.map((r) => r.text).join('; '), facts });
      return undefined;
    case 'unknown-prefix-list':
      walk.find(leg, 'prefix-list', selection.prefixListIds[0]!, 'unknown', 'MISSING_DATA', `${table.id} routes prefix list ${selection.prefixListIds.join(', ')}, whose entries are not in the snapshot`, { facts: { missing: selection.prefixListIds.join(', ') } });
      return undefined;
    case 'selected': {
      const route = selection.route;
      if (route.state === 'blackhole') {
        const shadow = selection.shadowed.find((r) => r.state === 'active');
        const extra = shadow ? `; it is more specific than ${shadow.text}, which is not used (MORE_SPECIFIC_ROUTE)` : '';
        walk.find(leg, 'route-table', table.id, 'blocked', 'BAD_STATE_ROUTE', `${table.id} (route table of ${subnet.id}) sends ${destination.label} to ${route.target.id}, a blackhole route: the target no longer exists or is detached${extra}`, { rule: route.text, facts: { ...facts, target: route.target.id } });
        return undefined;
      }
      walk.hop(leg, 'route-table', table.id, 'pass', route.text);
      return route;
    }
  }
}

export function privatePeer(address: number, fixCidr?: string): Peer {
  const text = formatIpv4(address);
  return { address, label: text, fixCidr: fixCidr ?? `${text}/32`, isPrivate: true };
}
