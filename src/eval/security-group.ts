import { containsIpv4 } from '../model/address.ts';
import type { Model, SecurityGroup, SecurityGroupRule } from '../model/types.ts';
import type { Topology } from '../graph/topology.ts';

export type SecurityGroupDecision =
  | { decision: 'allow'; group: SecurityGroup; rule: SecurityGroupRule }
  | { decision: 'deny'; groups: SecurityGroup[] }
  | { decision: 'unknown'; missingGroupIds: string[]; unknownPrefixLists: string[]; groups: SecurityGroup[] };

/**
 * Is TCP `port` to (egress) or from (ingress) `peer` allowed by the union of `groupIds`?
 * SG-2: allow-only union of every rule of every group. SG-5: destination port only; protocol -1
 * allows all. SG-6: CIDR and prefix-list peers, same family only. SG-7: a group reference matches
 * private addresses of ENIs carrying that group in `vpcId`, never public addresses.
 */
export function evaluateSecurityGroups(
  model: Model,
  topology: Topology,
  groupIds: readonly string[],
  direction: 'ingress' | 'egress',
  peer: number,
  peerIsPrivate: boolean,
  vpcId: string,
  port: number,
): SecurityGroupDecision {
  const groups: SecurityGroup[] = [];
  const missingGroupIds: string[] = [];
  const unknownPrefixLists: string[] = [];
  for (const id of groupIds) {
    const group = model.securityGroups.get(id);
    if (!group) {
      missingGroupIds.push(id);
      continue;
    }
    groups.push(group);
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (rule.protocol !== -1 && rule.protocol !== 6) continue;
      if (rule.ports && (port < rule.ports.from || port > rule.ports.to)) continue;
      const match = peerMatches(model, topology, rule, peer, peerIsPrivate, vpcId);
      if (match === true) return { decision: 'allow', group, rule };
      if (match === 'unknown' && rule.peer.kind === 'prefix-list') unknownPrefixLists.push(rule.peer.prefixListId);
    }
  }
  if (missingGroupIds.length > 0 || unknownPrefixLists.length > 0) {
    return { decision: 'unknown', missingGroupIds, unknownPrefixLists: [...new Set(unknownPrefixLists)], groups };
  }
  return { decision: 'deny', groups };
}

function peerMatches(model: Model, topology: Topology, rule: SecurityGroupRule, peer: number, peerIsPrivate: boolean, vpcId: string): boolean | 'unknown' {
  const target = rule.peer;
  switch (target.kind) {
    case 'cidr':
      return containsIpv4(target.range, peer);
    case 'prefix-list': {
      const list = model.prefixLists.get(target.prefixListId);
      if (!list || list.ranges === undefined) return 'unknown';
      return list.ranges.some((range) => containsIpv4(range, peer));
    }
    case 'security-group':
      return peerIsPrivate && topology.addressInGroup(target.groupId, vpcId, peer);
  }
}
