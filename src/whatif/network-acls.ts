import type { NetworkAclEntry } from '../model/types.ts';
import type { Draft } from './draft.ts';
import type { AddNetworkAclEntry, AssociateNetworkAcl, RemoveNetworkAclEntry } from './operations.ts';
import { cidrOf, portsOf, protocolOf, ruleWhat } from './values.ts';

// Network ACL entries (NACL-2: numbered, first match wins) and subnet associations (NACL-1).

export function addNetworkAclEntry(draft: Draft, op: AddNetworkAclEntry): void {
  const acl = draft.get('networkAcls', op.networkAclId);
  if (op.ruleNumber < 1 || op.ruleNumber > 32766) draft.fail(op.networkAclId, `rule number ${op.ruleNumber} is out of range (1–32766).`);
  const egress = op.direction === 'outbound';
  const entries = egress ? acl.outbound : acl.inbound;
  const taken = entries.find((entry) => entry.ruleNumber === op.ruleNumber);
  if (taken) draft.fail(op.networkAclId, `network ACL ${op.networkAclId} already has ${op.direction} ${taken.text}; remove it first or pick another number.`);
  const protocol = protocolOf(draft, op.protocol);
  const ports = portsOf(draft, protocol, op.fromPort, op.toPort);
  const range = cidrOf(draft, op.cidr);
  const entry: NetworkAclEntry = {
    ruleNumber: op.ruleNumber,
    action: op.action,
    protocol,
    ports,
    range,
    egress,
    text: `rule ${op.ruleNumber} ${op.action} ${ruleWhat(protocol, ports)} ${egress ? 'to' : 'from'} ${range.text}`,
    origin: draft.origin,
  };
  const edited = draft.edit('networkAcls', op.networkAclId);
  const list = [...(egress ? edited.outbound : edited.inbound), entry].sort((a, b) => a.ruleNumber - b.ruleNumber);
  if (egress) edited.outbound = list;
  else edited.inbound = list;
}

export function removeNetworkAclEntry(draft: Draft, op: RemoveNetworkAclEntry): void {
  const acl = draft.get('networkAcls', op.networkAclId);
  if (op.ruleNumber === 32767) draft.fail(op.networkAclId, 'the default rule * (32767) cannot be removed.');
  const egress = op.direction === 'outbound';
  const entries = egress ? acl.outbound : acl.inbound;
  if (!entries.some((entry) => entry.ruleNumber === op.ruleNumber)) {
    draft.fail(op.networkAclId, `network ACL ${op.networkAclId} has no ${op.direction} rule ${op.ruleNumber} (it has ${entries.map((e) => (e.ruleNumber === 32767 ? '*' : e.ruleNumber)).join(', ') || 'none'}).`);
  }
  const edited = draft.edit('networkAcls', op.networkAclId);
  const kept = entries.filter((entry) => entry.ruleNumber !== op.ruleNumber);
  if (egress) edited.outbound = kept;
  else edited.inbound = kept;
}

/** A subnet has exactly one network ACL: the new association replaces the old one. */
export function associateNetworkAcl(draft: Draft, op: AssociateNetworkAcl): void {
  const subnet = draft.get('subnets', op.subnetId);
  const acl = draft.get('networkAcls', op.networkAclId);
  if (acl.vpcId !== subnet.vpcId) draft.fail(op.networkAclId, `network ACL ${acl.id} is in ${acl.vpcId}, but subnet ${subnet.id} is in ${subnet.vpcId}.`);
  for (const other of draft.editWhere('networkAcls', (a) => a.id !== acl.id && a.subnetIds.includes(subnet.id))) {
    other.subnetIds = other.subnetIds.filter((id) => id !== subnet.id);
  }
  if (!acl.subnetIds.includes(subnet.id)) draft.edit('networkAcls', acl.id).subnetIds.push(subnet.id);
}
