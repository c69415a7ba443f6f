import type { SecurityGroupPeer, SecurityGroupRule } from '../model/types.ts';
import type { Draft } from './draft.ts';
import type { AddSecurityGroupRule, RemoveSecurityGroupRule, SecurityGroupRuleSpec, SetNetworkInterfaceGroups } from './operations.ts';
import { interfaceOf } from './interfaces.ts';
import { cidrOf, portsOf, protocolOf, ruleWhat, samePorts } from './values.ts';

// Security-group rules (SG-2: allow-only; one model rule per peer) and an interface's groups.

export function addSecurityGroupRule(draft: Draft, op: AddSecurityGroupRule): void {
  const rule = ruleOf(draft, op);
  const group = draft.get('securityGroups', op.groupId);
  const rules = op.direction === 'ingress' ? group.ingress : group.egress;
  if (rules.some((known) => sameRule(known, rule))) {
    draft.fail(op.groupId, `security group ${op.groupId} already has the ${op.direction} rule ${rule.text}.`);
  }
  const edited = draft.edit('securityGroups', op.groupId);
  (op.direction === 'ingress' ? edited.ingress : edited.egress).push(rule);
}

export function removeSecurityGroupRule(draft: Draft, op: RemoveSecurityGroupRule): void {
  const rule = ruleOf(draft, op);
  const group = draft.get('securityGroups', op.groupId);
  const rules = op.direction === 'ingress' ? group.ingress : group.egress;
  if (!rules.some((known) => sameRule(known, rule))) {
    const has = rules.map((r) => r.text).join('; ') || 'none';
    draft.fail(op.groupId, `security group ${op.groupId} has no ${op.direction} rule ${rule.text} (it has: ${has}).`);
  }
  const edited = draft.edit('securityGroups', op.groupId);
  if (op.direction === 'ingress') edited.ingress = edited.ingress.filter((known) => !sameRule(known, rule));
  else edited.egress = edited.egress.filter((known) => !sameRule(known, rule));
}

export function setNetworkInterfaceGroups(draft: Draft, op: SetNetworkInterfaceGroups): void {
  const eni = interfaceOf(draft, op);
  if (op.groupIds.length === 0) draft.fail(eni.id, `a network interface needs at least one security group; ${eni.id} would have none.`);
  for (const id of op.groupIds) {
    const group = draft.get('securityGroups', id);
    if (group.vpcId && group.vpcId !== eni.vpcId) draft.fail(id, `security group ${id} is in ${group.vpcId}, but ${eni.id} is in ${eni.vpcId}.`);
  }
  draft.edit('networkInterfaces', eni.id).groupIds = [...new Set(op.groupIds)];
}

function ruleOf(draft: Draft, op: SecurityGroupRuleSpec): SecurityGroupRule {
  draft.get('securityGroups', op.groupId);
  const protocol = protocolOf(draft, op.protocol);
  const ports = portsOf(draft, protocol, op.fromPort, op.toPort);
  let peer: SecurityGroupPeer;
  let label: string;
  if (op.cidr !== undefined) {
    const range = cidrOf(draft, op.cidr);
    peer = { kind: 'cidr', range };
    label = range.text;
  } else if (op.prefixListId !== undefined) {
    knownPrefixList(draft, op.prefixListId);
    peer = { kind: 'prefix-list', prefixListId: op.prefixListId };
    label = op.prefixListId;
  } else {
    const id = op.referencedGroupId!;
    draft.get('securityGroups', id);
    peer = { kind: 'security-group', groupId: id };
    label = id;
  }
  const preposition = op.direction === 'ingress' ? 'from' : 'to';
  return { protocol, ports, peer, text: `${ruleWhat(protocol, ports)} ${preposition} ${label}`, origin: draft.origin };
}

/** A prefix list must be in the model, unless the input held no prefix lists at all. */
export function knownPrefixList(draft: Draft, id: string): void {
  const listsKnown = draft.model.presentKeys.has('PrefixLists') || draft.model.presentKeys.has('ManagedPrefixLists');
  if (listsKnown || draft.model.prefixLists.size > 0) draft.get('prefixLists', id);
}

function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  if (a.protocol !== b.protocol || !samePorts(a.ports, b.ports)) return false;
  const p = a.peer;
  const q = b.peer;
  if (p.kind === 'cidr' && q.kind === 'cidr') return p.range.text === q.range.text;
  if (p.kind === 'prefix-list' && q.kind === 'prefix-list') return p.prefixListId === q.prefixListId;
  if (p.kind === 'security-group' && q.kind === 'security-group') return p.groupId === q.groupId;
  return false;
}
