import type { NetworkInterface, Route, VpcEndpoint } from '../model/types.ts';
import { intersect, isEmpty, portSet, sameSet } from './port-set.ts';
import type { Peer } from './steps.ts';
import { networkAclStep, privatePeer, routeStep, routeTableOf, securityGroupEgress, securityGroupIngress } from './steps.ts';
import type { PathResult } from './types.ts';
import { verdictOf } from './types.ts';
import type { EvalContext, Source } from './walk.ts';
import { Walk, missingKeyMessage } from './walk.ts';

const HTTPS = 443;

/**
 * Instance → one interface-endpoint ENI inside the VPC, and the reply (NACL-8 first two rows).
 * Each endpoint address is its own target (VPCE-2).
 */
export function walkToInterface(ctx: EvalContext, source: Source, endpoint: VpcEndpoint, eniId: string): PathResult {
  const walk = new Walk();
  const eni = ctx.model.networkInterfaces.get(eniId);
  if (!eni || eni.privateAddresses.length === 0) {
    const missingKey = !ctx.model.presentKeys.has('NetworkInterfaces');
    walk.find('forward', 'vpc-endpoint', endpoint.id, 'unknown', missingKey ? 'MISSING_DATA' : 'MISSING_RESOURCE', missingKey ? `${missingKeyMessage(ctx.model, 'NetworkInterfaces')}: the addresses of ${endpoint.id}` : `${endpoint.id} uses network interface ${eniId}, which is not in the snapshot`, { facts: { missing: missingKey ? 'NetworkInterfaces' : eniId } });
    return finish(walk, `${eniId} (${endpoint.id})`);
  }
  const address = eni.privateAddresses[0]!;
  const target = `${address.text} (${eni.id} of ${endpoint.id})`;
  const endpointSubnet = ctx.model.subnets.get(eni.subnetId);
  const destination: Peer = privatePeer(address.address, endpointSubnet?.cidr?.text);
  const client: Peer = privatePeer(source.address, source.subnet.cidr?.text);
  // NACL-5 / RT-7: inside one subnet neither NACLs nor routes apply.
  const sameSubnet = eni.subnetId === source.subnet.id;

  securityGroupEgress(ctx, walk, source.eni, destination, HTTPS);
  if (!sameSubnet) {
    networkAclStep(ctx, walk, source.subnet, 'outbound', 'forward', destination, portSet(HTTPS, HTTPS), String(HTTPS));
    const table = routeTableOf(ctx, walk, source.subnet, 'forward');
    // Without the route table the path is unknown (RT-3 lets a whole-subnet route send even VPC
    // traffic to an appliance), so nothing after it is certain; found by the oracle.
    if (!table) return finish(walk, target);
    const route = routeStep(ctx, walk, table, source.subnet, destination, 'forward', true);
    if (route && !deliversLocally(ctx, walk, route, table.id, 'forward')) return finish(walk, target);
    if (!route) return finish(walk, target);
    if (!endpointSubnet) {
      walk.find('forward', 'subnet', eni.subnetId, 'unknown', ctx.model.presentKeys.has('Subnets') ? 'MISSING_RESOURCE' : 'MISSING_DATA', `${eni.id} is in subnet ${eni.subnetId}, which is not in the snapshot`, { facts: { missing: eni.subnetId } });
      return finish(walk, target);
    }
    networkAclStep(ctx, walk, endpointSubnet, 'inbound', 'forward', client, portSet(HTTPS, HTTPS), String(HTTPS));
  }
  securityGroupIngress(ctx, walk, eni, client, HTTPS);
  if (!sameSubnet && endpointSubnet) {
    // The reply: server 443 → client ephemeral port (NACL-4, NACL-6, RET-1).
    let alive = networkAclStep(ctx, walk, endpointSubnet, 'outbound', 'return', client, source.ephemeral, source.ephemeralText);
    const returnTable = routeTableOf(ctx, walk, endpointSubnet, 'return');
    // The same for the reply: only a known, local route brings it to the instance subnet's NACL.
    if (!returnTable) return finish(walk, target);
    const back = routeStep(ctx, walk, returnTable, endpointSubnet, client, 'return', true);
    if (!back || !deliversLocally(ctx, walk, back, returnTable.id, 'return')) return finish(walk, target);
    const serverPeer: Peer = privatePeer(address.address, endpointSubnet.cidr?.text);
    alive = intersect(alive, networkAclStep(ctx, walk, source.subnet, 'inbound', 'return', serverPeer, source.ephemeral, source.ephemeralText));
    escalateIfNoPortSurvives(walk, alive, source.ephemeral);
  }
  return finish(walk, target);
}

/**
 * RT-3/RT-5: traffic to a VPC address normally goes `local`. A more specific route can insert a
 * middlebox ENI (or GWLB endpoint); we do not model appliances, so that is unknown — unless the
 * ENI still has source/destination checking on, which drops forwarded traffic.
 */
export function deliversLocally(ctx: EvalContext, walk: Walk, route: Route, tableId: string, leg: 'forward' | 'return'): boolean {
  if (route.target.kind === 'local') return true;
  middleboxFinding(ctx, walk, route, tableId, leg);
  return false;
}

export function middleboxFinding(ctx: EvalContext, walk: Walk, route: Route, tableId: string, leg: 'forward' | 'return'): void {
  const target = route.target;
  if (target.kind === 'network-interface' || target.kind === 'instance') {
    const eni: NetworkInterface | undefined =
      target.kind === 'network-interface'
        ? ctx.model.networkInterfaces.get(target.id)
        : [...ctx.model.networkInterfaces.values()].find((candidate) => candidate.instanceId === target.id);
    if (eni?.sourceDestCheck) {
      walk.find(leg, 'network-interface', eni.id, 'blocked', 'ENI_SOURCE_DEST_CHECK_RESTRICTION', `${tableId} sends the traffic to ${eni.id} (${route.text}), which has source/destination check enabled and so drops traffic not addressed to itself`, { rule: route.text, facts: { target: eni.id } });
      return;
    }
    walk.find(leg, 'route-table', tableId, 'unknown', 'MIDDLEBOX_UNMODELED', `${tableId} sends the traffic through appliance ${target.id} (${route.text}); appliance rules are not in the configuration`, { rule: route.text, facts: { target: target.id } });
    return;
  }
  if (target.kind === 'vpc-endpoint') {
    walk.find(leg, 'route-table', tableId, 'unknown', 'MIDDLEBOX_UNMODELED', `${tableId} sends the traffic through endpoint ${target.id} (${route.text}), an inspection appliance whose rules are not in the configuration`, { rule: route.text, facts: { target: target.id } });
    return;
  }
  walk.find(leg, 'route-table', tableId, 'unknown', 'EXTERNAL_NETWORK', `${tableId} sends the traffic to ${target.id} (${route.text}), which we do not model for addresses inside the VPC`, { rule: route.text, facts: { target: target.id } });
}

/** Two NACLs can each pass part of the ephemeral range and together pass none of it. */
export function escalateIfNoPortSurvives(walk: Walk, alive: ReturnType<typeof intersect>, ephemeral: ReturnType<typeof intersect>): void {
  if (isEmpty(alive) && !sameSet(ephemeral, []) && !walk.blocked) {
    for (const finding of walk.findings) if (finding.severity === 'partial') finding.severity = 'blocked';
  }
}

export function finish(walk: Walk, target: string, via = 'interface-endpoint'): PathResult {
  return { target, verdict: verdictOf(walk.findings), via, hops: walk.hops, findings: walk.findings };
}
