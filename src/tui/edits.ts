import type { CheckName, Finding, Hop, PathResult } from '../eval/types.ts';
import { fixOperations } from '../explain/fix-operations.ts';
import type { Model, NetworkAclEntry, Route, SecurityGroupRule } from '../model/types.ts';
import type { Operation } from '../whatif/index.ts';
import { applyChanges, serializeChanges } from '../whatif/index.ts';

// What-if edits as the TUI makes them, on top of src/whatif's public operations: the suggested fix
// of a blocker, and turning off the rule, route or endpoint that decided a hop.

export type { Operation };

export interface Proposal {
  /** Usually one; a fix may need several (private DNS needs the VPC's DNS attributes on). */
  operations: Operation[];
  /** A sentence for the status line and the edits view. */
  label: string;
  /** Resources the edit changes (a toggle can be turned back on from a hop on one of them). */
  resourceIds: string[];
}

export function applyOperations(model: Model, operations: readonly Operation[]): Model {
  return applyChanges(model, operations, { source: 'tui' });
}

export function serializeEdits(operations: readonly Operation[]): string {
  return serializeChanges(operations, 'Edits made in ssm-reach tui');
}

/** The operations that fix a finding (src/explain/fix-operations.ts), or why there are none. */
export function fixProposal(model: Model, finding: Finding, context: { instanceId: string; check: CheckName }): Proposal | string {
  const operations = fixOperations(model, finding, context);
  if (!operations || operations.length === 0) {
    return `No automatic fix for ${finding.code} at ${finding.resourceId}; the suggested change is in the instance view (fix:).`;
  }
  return { operations, label: operations.map(describe).join('; '), resourceIds: [finding.resourceId] };
}

/** Turn off what decided a hop: the security-group rule, the network ACL entry, the route, the endpoint. */
export function toggleProposal(model: Model, path: PathResult, hop: Hop): Proposal | string {
  const where = `${hop.kind} ${hop.resourceId}`;
  switch (hop.kind) {
    case 'security-group': {
      const group = model.securityGroups.get(hop.resourceId);
      const rules = hop.direction === 'inbound' ? group?.ingress : group?.egress;
      const rule = rules?.find((r) => r.text === hop.detail);
      if (!group || !rule) return `No rule of ${hop.resourceId} decided this hop (${hop.detail}); nothing to turn off.`;
      const operation: Operation = { op: 'remove-security-group-rule', groupId: group.id, direction: hop.direction === 'inbound' ? 'ingress' : 'egress', ...ruleSpec(rule) };
      return { operations: [operation], label: describe(operation), resourceIds: [group.id] };
    }
    case 'network-acl': {
      const acl = model.networkAcls.get(hop.resourceId);
      const entries = hop.direction === 'inbound' ? acl?.inbound : acl?.outbound;
      const texts = hop.detail.split('; ');
      const entry = entries?.find((e: NetworkAclEntry) => texts.includes(e.text) && e.ruleNumber !== 32767);
      if (!acl || !entry || !hop.direction) return `No numbered rule of ${hop.resourceId} decided this hop (${hop.detail}); nothing to turn off.`;
      const operation: Operation = { op: 'remove-network-acl-entry', networkAclId: acl.id, direction: hop.direction, ruleNumber: entry.ruleNumber };
      return { operations: [operation], label: `${describe(operation)} (${entry.text})`, resourceIds: [acl.id] };
    }
    case 'route-table': {
      const table = model.routeTables.get(hop.resourceId);
      const route = table?.routes.find((r: Route) => r.text === hop.detail);
      if (!table || !route) return `No route of ${hop.resourceId} decided this hop (${hop.detail}); nothing to turn off.`;
      if (route.target.kind === 'local') return `The local route of ${table.id} cannot be turned off (AWS does not allow it).`;
      if (route.propagated) return `${route.text} is a propagated route; turn it off at its gateway instead.`;
      const destination = route.destination.kind === 'cidr' ? route.destination.range.text : route.destination.prefixListId;
      const operation: Operation = { op: 'remove-route', routeTableId: table.id, destination };
      return { operations: [operation], label: `${describe(operation)} (${route.text})`, resourceIds: [table.id] };
    }
    default: {
      const endpointId = endpointOf(model, path, hop);
      if (endpointId) {
        const endpoint = model.vpcEndpoints.get(endpointId)!;
        const operation: Operation = { op: 'remove-interface-endpoint', endpointId };
        return { operations: [operation], label: describe(operation), resourceIds: [endpointId, endpoint.vpcId] };
      }
      return `Nothing to turn off at ${where}: space toggles security-group rules, network ACL entries, routes and interface endpoints.`;
    }
  }
}

/** Whether an edit turned off something this hop now lacks (so space turns it back on). */
export function restoresHop(edit: { operations: Operation[]; resourceIds?: string[] }, hop: Hop): boolean {
  return edit.operations.some((op) => removedFrom(op, edit.resourceIds ?? [], hop));
}

function removedFrom(op: Operation, resourceIds: string[], hop: Hop): boolean {
  switch (op.op) {
    case 'remove-security-group-rule':
      return hop.kind === 'security-group' && op.groupId === hop.resourceId && (op.direction === 'ingress') === (hop.direction === 'inbound');
    case 'remove-network-acl-entry':
      return hop.kind === 'network-acl' && op.networkAclId === hop.resourceId && op.direction === hop.direction;
    case 'remove-route':
      return hop.kind === 'route-table' && op.routeTableId === hop.resourceId;
    case 'remove-interface-endpoint':
      return hop.leg === 'dns' && resourceIds.includes(hop.resourceId);
    default:
      return false;
  }
}

/** The interface endpoint a hop goes to: an endpoint hop, or a DNS answer naming one. */
function endpointOf(model: Model, path: PathResult, hop: Hop): string | undefined {
  if (hop.kind === 'vpc-endpoint' && model.vpcEndpoints.has(hop.resourceId)) return hop.resourceId;
  if (hop.leg !== 'dns') return undefined;
  const named = [...`${hop.detail} ${path.target}`.matchAll(/vpce-[0-9a-z-]+/g)].map((m) => m[0]);
  return named.find((id) => model.vpcEndpoints.get(id)?.type === 'interface');
}

const PROTOCOL_NAMES: Record<number, string> = { [-1]: 'all', 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' };

/** The operation fields that name a model rule (the reverse of whatif's ruleOf). */
function ruleSpec(rule: SecurityGroupRule): { protocol: string; fromPort?: number; toPort?: number; cidr?: string; prefixListId?: string; referencedGroupId?: string } {
  const protocol = PROTOCOL_NAMES[rule.protocol] ?? String(rule.protocol);
  const hasPorts = rule.protocol === 6 || rule.protocol === 17;
  const ports = hasPorts ? { fromPort: rule.ports?.from ?? 0, toPort: rule.ports?.to ?? 65535 } : {};
  const peer = rule.peer.kind === 'cidr' ? { cidr: rule.peer.range.text } : rule.peer.kind === 'prefix-list' ? { prefixListId: rule.peer.prefixListId } : { referencedGroupId: rule.peer.groupId };
  return { protocol, ...ports, ...peer };
}

const portsText = (from: number | undefined, to: number | undefined) => (from === undefined ? '' : to === undefined || to === from ? ` ${from}` : ` ${from}-${to}`);

/** One line per operation, in the words of the EC2 console. */
export function describe(op: Operation): string {
  switch (op.op) {
    case 'add-security-group-rule':
    case 'remove-security-group-rule': {
      const peer = op.cidr ?? op.prefixListId ?? op.referencedGroupId ?? '?';
      const verb = op.op === 'add-security-group-rule' ? 'add' : 'remove';
      const what = op.protocol === 'all' || op.protocol === '-1' ? 'all traffic' : `${op.protocol}${portsText(op.fromPort, op.toPort)}`;
      return `${verb} ${op.direction === 'ingress' ? 'inbound' : 'outbound'} rule ${what} ${op.direction === 'ingress' ? 'from' : 'to'} ${peer} ${op.op === 'add-security-group-rule' ? 'to' : 'of'} ${op.groupId}`;
    }
    case 'add-network-acl-entry':
      return `add ${op.direction} rule ${op.ruleNumber} ${op.action} ${op.protocol}${portsText(op.fromPort, op.toPort)} ${op.direction === 'inbound' ? 'from' : 'to'} ${op.cidr} to ${op.networkAclId}`;
    case 'remove-network-acl-entry':
      return `remove ${op.direction} rule ${op.ruleNumber} of ${op.networkAclId}`;
    case 'add-route':
      return `add route ${op.destination} → ${op.targetId} to ${op.routeTableId}`;
    case 'replace-route':
      return `replace route ${op.destination} in ${op.routeTableId} with → ${op.targetId}`;
    case 'remove-route':
      return `remove route ${op.destination} from ${op.routeTableId}`;
    case 'associate-route-table':
      return `associate ${op.routeTableId} with ${op.subnetId}`;
    case 'associate-network-acl':
      return `associate ${op.networkAclId} with ${op.subnetId}`;
    case 'add-interface-endpoint':
      return `add a ${op.service} interface endpoint in ${op.subnetIds.join(', ')}${op.privateDns === false ? ' (private DNS off)' : ''}`;
    case 'remove-interface-endpoint':
      return `remove endpoint ${op.endpointId}`;
    case 'set-endpoint-private-dns':
      return `turn private DNS ${op.enabled ? 'on' : 'off'} for ${op.endpointId}`;
    case 'set-vpc-dns-attribute':
      return `turn ${op.attribute} ${op.enabled ? 'on' : 'off'} for ${op.vpcId}`;
    case 'set-instance-metadata-options':
      return `set metadata options of ${op.instanceId}: ${[op.httpEndpoint && `endpoint ${op.httpEndpoint}`, op.httpTokens && `tokens ${op.httpTokens}`, op.hopLimit !== undefined && `hop limit ${op.hopLimit}`].filter(Boolean).join(', ')}`;
    case 'attach-internet-gateway':
      return `attach ${op.internetGatewayId} to ${op.vpcId}`;
    case 'detach-internet-gateway':
      return `detach ${op.internetGatewayId} from ${op.vpcId}`;
    case 'add-nat-gateway':
      return `add a ${op.connectivity ?? 'public'} NAT gateway in ${op.subnetId}`;
    case 'remove-nat-gateway':
      return `remove ${op.natGatewayId}`;
    case 'set-network-interface-groups':
      return `set the security groups of ${op.networkInterfaceId ?? op.instanceId} to ${op.groupIds.join(', ')}`;
    case 'set-public-ip':
      return op.publicIp === null ? `remove the public IP of ${op.networkInterfaceId ?? op.instanceId}` : `give ${op.networkInterfaceId ?? op.instanceId} a public IP`;
  }
}
