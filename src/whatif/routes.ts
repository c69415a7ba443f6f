import type { Route, RouteDestination, RouteTable, RouteTarget } from '../model/types.ts';
import type { Draft } from './draft.ts';
import type { AddRoute, AssociateRouteTable, RemoveRoute, ReplaceRoute } from './operations.ts';
import { knownPrefixList } from './security-groups.ts';
import { cidrOf } from './values.ts';

// Routes (static, CreateRoute), and subnet ↔ route table associations (RT-1).

export function addRoute(draft: Draft, op: AddRoute): void {
  const table = draft.get('routeTables', op.routeTableId);
  const destination = destinationOf(draft, op.destination);
  const existing = findRoute(table, destination);
  if (existing) draft.fail(table.id, `route table ${table.id} already has a route for ${labelOf(destination)} (${existing.text}); use replace-route.`);
  const target = targetOf(draft, op.targetId);
  draft.edit('routeTables', table.id).routes.push(routeOf(draft, destination, target));
}

export function replaceRoute(draft: Draft, op: ReplaceRoute): void {
  const table = draft.get('routeTables', op.routeTableId);
  const destination = destinationOf(draft, op.destination);
  const existing = findRoute(table, destination);
  if (!existing) draft.fail(table.id, `route table ${table.id} has no route for ${labelOf(destination)} to replace; use add-route.`);
  if (existing.target.kind === 'local') draft.fail(table.id, `the local route for ${labelOf(destination)} cannot be replaced.`);
  const target = targetOf(draft, op.targetId);
  const edited = draft.edit('routeTables', table.id);
  edited.routes = edited.routes.map((route) => (route === existing ? routeOf(draft, destination, target) : route));
}

export function removeRoute(draft: Draft, op: RemoveRoute): void {
  const table = draft.get('routeTables', op.routeTableId);
  const destination = destinationOf(draft, op.destination);
  const existing = findRoute(table, destination);
  if (!existing) draft.fail(table.id, `route table ${table.id} has no route for ${labelOf(destination)}.`);
  if (existing.target.kind === 'local') draft.fail(table.id, `the local route for ${labelOf(destination)} cannot be removed.`);
  const edited = draft.edit('routeTables', table.id);
  edited.routes = edited.routes.filter((route) => route !== existing);
}

/** A subnet has exactly one explicit route table: the new association replaces the old one. */
export function associateRouteTable(draft: Draft, op: AssociateRouteTable): void {
  const subnet = draft.get('subnets', op.subnetId);
  const table = draft.get('routeTables', op.routeTableId);
  if (table.vpcId !== subnet.vpcId) draft.fail(table.id, `route table ${table.id} is in ${table.vpcId}, but subnet ${subnet.id} is in ${subnet.vpcId}.`);
  for (const other of draft.editWhere('routeTables', (t) => t.id !== table.id && t.subnetIds.includes(subnet.id))) {
    other.subnetIds = other.subnetIds.filter((id) => id !== subnet.id);
  }
  if (!table.subnetIds.includes(subnet.id)) draft.edit('routeTables', table.id).subnetIds.push(subnet.id);
}

/** Routes to `targetId` in the route tables `inTables` selects become blackhole (or active again). */
export function setRouteState(draft: Draft, targetId: string, state: 'active' | 'blackhole', inTables: (table: RouteTable) => boolean = () => true): void {
  const affected = (table: RouteTable) => inTables(table) && table.routes.some((route) => route.target.id === targetId && route.state !== state);
  for (const table of draft.editWhere('routeTables', affected)) {
    table.routes = table.routes.map((route) => (route.target.id === targetId && route.state !== state ? { ...route, state, text: routeText(route.destination, route.target, state, route.propagated) } : route));
  }
}

function destinationOf(draft: Draft, text: string): RouteDestination {
  if (text.startsWith('pl-')) {
    knownPrefixList(draft, text);
    return { kind: 'prefix-list', prefixListId: text };
  }
  return { kind: 'cidr', range: cidrOf(draft, text) };
}

function findRoute(table: RouteTable, destination: RouteDestination): Route | undefined {
  const key = labelOf(destination);
  // A static route wins over a propagated one for the same destination (RT-2); edit that one.
  const matches = table.routes.filter((route) => labelOf(route.destination) === key);
  return matches.find((route) => !route.propagated) ?? matches[0];
}

function labelOf(destination: RouteDestination): string {
  return destination.kind === 'cidr' ? destination.range.text : destination.prefixListId;
}

/** RT-5: the target's kind, from the model when it holds the target, else from the id's prefix. */
export function targetOf(draft: Draft, id: string): RouteTarget {
  const m = draft.model;
  if (id === 'local') return draft.fail(id, 'local routes are implicit; they cannot be added.');
  if (m.natGateways.has(id)) return { kind: 'nat-gateway', id };
  const gateway = m.internetGateways.get(id);
  if (gateway) return { kind: gateway.egressOnly ? 'egress-only-internet-gateway' : 'internet-gateway', id };
  if (m.vpcEndpoints.has(id)) return { kind: 'vpc-endpoint', id };
  if (m.networkInterfaces.has(id)) return { kind: 'network-interface', id };
  if (m.instances.has(id)) return { kind: 'instance', id };
  if (m.peeringConnections.has(id)) return { kind: 'peering', id };
  if (m.transitGatewayIds.has(id) || id.startsWith('tgw-')) return { kind: 'transit-gateway', id };
  // Virtual private gateways are known only by reference.
  if (id.startsWith('vgw-')) return { kind: 'vpn-gateway', id };
  const noun = TARGET_NOUNS.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'route target';
  return draft.fail(id, `${noun} ${id} is not in the model.`);
}

const TARGET_NOUNS: Array<[string, string]> = [
  ['igw-', 'internet gateway'],
  ['eigw-', 'egress-only internet gateway'],
  ['nat-', 'NAT gateway'],
  ['vpce-', 'VPC endpoint'],
  ['eni-', 'network interface'],
  ['i-', 'instance'],
  ['pcx-', 'peering connection'],
];

function routeOf(draft: Draft, destination: RouteDestination, target: RouteTarget): Route {
  return { destination, target, state: 'active', propagated: false, text: routeText(destination, target, 'active', false), origin: draft.origin };
}

function routeText(destination: RouteDestination, target: RouteTarget, state: 'active' | 'blackhole', propagated: boolean): string {
  return `${labelOf(destination)} → ${target.id}${state === 'blackhole' ? ' (blackhole)' : ''}${propagated ? ' (propagated)' : ''}`;
}
