import type { NatGateway, Route, Subnet } from '../model/types.ts';
import { deliversLocally, escalateIfNoPortSurvives, finish, middleboxFinding } from './interface-path.ts';
import { intersect, portSet } from './port-set.ts';
import type { PublicPiece } from './public-addresses.ts';
import type { Peer } from './steps.ts';
import { networkAclStep, privatePeer, routeStep, routeTableOf, securityGroupEgress } from './steps.ts';
import type { PathResult } from './types.ts';
import type { EvalContext, Source } from './walk.ts';
import { Walk, missingKeyMessage } from './walk.ts';

const HTTPS = 443;
/** NACL-6, NAT-4: a NAT gateway uses source ports 1024–65535 towards the internet. */
const NAT_PORTS = portSet(1024, 65535);

const VIA: Record<string, string> = {
  'internet-gateway': 'internet-gateway',
  'nat-gateway': 'nat-gateway',
  'transit-gateway': 'transit-gateway',
  peering: 'peering',
  'vpn-gateway': 'vpn-gateway',
  'network-interface': 'network-interface',
  instance: 'network-interface',
  'vpc-endpoint': 'gateway-load-balancer-endpoint',
};

/** Instance → a public AWS service address (DNS-4) and the reply, for one piece of public space. */
export function walkToPublic(ctx: EvalContext, source: Source, piece: PublicPiece): PathResult {
  const walk = new Walk();
  const label = 'public AWS service addresses';
  const service: Peer = { address: piece.representative, label, fixCidr: '0.0.0.0/0', isPrivate: false };
  const client: Peer = privatePeer(source.address, source.subnet.cidr?.text);
  let via = 'none';

  securityGroupEgress(ctx, walk, source.eni, service, HTTPS);
  networkAclStep(ctx, walk, source.subnet, 'outbound', 'forward', service, portSet(HTTPS, HTTPS), String(HTTPS));
  const table = routeTableOf(ctx, walk, source.subnet, 'forward');
  const route = table ? routeStep(ctx, walk, table, source.subnet, service, 'forward', true) : undefined;
  if (!table || !route) return finish(walk, label, via);
  via = VIA[route.target.kind] ?? route.target.kind;

  switch (route.target.kind) {
    case 'internet-gateway':
      internetGatewayEgress(ctx, walk, source, route, table.id);
      // IGW-1 (d): the reply crosses the instance subnet's NACL inbound to the ephemeral port.
      escalateIfNoPortSurvives(walk, networkAclStep(ctx, walk, source.subnet, 'inbound', 'return', service, source.ephemeral, source.ephemeralText), source.ephemeral);
      break;
    case 'nat-gateway':
      natGatewayPath(ctx, walk, source, route, table.id, service, client);
      break;
    case 'peering':
      // XVPC-1: a peer VPC's gateways cannot be used (no edge-to-edge routing).
      walk.find('forward', 'peering-connection', route.target.id, 'blocked', 'EDGE_TO_EDGE_ROUTING', `${table.id} sends ${label} to peering connection ${route.target.id}; a peered VPC's internet or NAT gateway cannot be used through peering`, { rule: route.text, facts: { target: route.target.id, subnetId: source.subnet.id, vpcId: source.instance.vpcId } });
      break;
    case 'transit-gateway':
    case 'vpn-gateway':
    case 'carrier-gateway':
    case 'local-gateway':
    case 'core-network':
    case 'other':
      walk.find('forward', 'route-table', table.id, 'unknown', 'EXTERNAL_NETWORK', `${table.id} sends ${label} to ${route.target.id} (${route.text}); what lies beyond it (${route.target.kind === 'transit-gateway' ? 'transit gateway route tables, a central egress VPC' : 'another network'}) is not modelled`, { rule: route.text, facts: { target: route.target.id } });
      break;
    case 'egress-only-internet-gateway':
      walk.find('forward', 'internet-gateway', route.target.id, 'blocked', 'NO_ROUTE_TO_DESTINATION', `${route.target.id} is an egress-only internet gateway, which carries IPv6 only`, { rule: route.text, facts: { target: route.target.id, subnetId: source.subnet.id } });
      break;
    case 'local':
      walk.find('forward', 'route-table', table.id, 'unknown', 'EXTERNAL_NETWORK', `${table.id} delivers ${label} inside the VPC (${route.text})`, { rule: route.text });
      break;
    default:
      middleboxFinding(ctx, walk, route, table.id, 'forward');
  }
  return finish(walk, label, via);
}

/** IGW-1: attached to this VPC, and a public IPv4 address on the source address. */
function internetGatewayEgress(ctx: EvalContext, walk: Walk, source: Source, route: Route, tableId: string): void {
  const id = route.target.id;
  if (!gatewayKnown(ctx, walk, id)) return;
  const gateway = ctx.model.internetGateways.get(id)!;
  if (!gateway.attachedVpcIds.includes(source.instance.vpcId)) {
    walk.find('forward', 'internet-gateway', id, 'blocked', 'BAD_STATE_ATTACHMENT', `${tableId} routes to ${id}, which is not attached to ${source.instance.vpcId}`, { rule: route.text, facts: { target: id } });
    return;
  }
  if (!source.publicIp) {
    walk.find('forward', 'internet-gateway', id, 'blocked', 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', `${source.instance.id} has no public IPv4 address on ${source.eni.id} (${source.addressText}), so ${id} cannot carry its traffic (IGW-1)`, { rule: route.text, facts: { instanceId: source.instance.id, target: source.eni.id, subnetId: source.subnet.id } });
    return;
  }
  // The addresses themselves are left out: instances alike then share one result (Evaluator).
  walk.hop('forward', 'internet-gateway', id, 'pass', `attached to ${source.instance.vpcId}; the instance has a public IPv4 address on its primary interface (IGW-1)`);
}

function gatewayKnown(ctx: EvalContext, walk: Walk, id: string): boolean {
  if (ctx.model.internetGateways.has(id)) return true;
  const key = 'InternetGateways';
  const missingKey = !ctx.model.presentKeys.has(key);
  walk.find('forward', 'internet-gateway', id, 'unknown', missingKey ? 'MISSING_DATA' : 'MISSING_RESOURCE', missingKey ? `${missingKeyMessage(ctx.model, key)}: internet gateway ${id}` : `internet gateway ${id} is routed to but not in the snapshot`, { facts: { missing: missingKey ? key : id } });
  return false;
}

/**
 * NAT-1..5 and NACL-8: NAT state and type; the NAT subnet's NACL inbound (unless the instance is in
 * the same subnet); the NAT subnet's NACL outbound; a second route lookup in the NAT's own subnet
 * (NAT-3); then the reply on 1024–65535 into the NAT subnet and on to the instance.
 */
function natGatewayPath(ctx: EvalContext, walk: Walk, source: Source, route: Route, tableId: string, service: Peer, client: Peer): void {
  const id = route.target.id;
  const nat: NatGateway | undefined = ctx.model.natGateways.get(id);
  if (!nat) {
    const missingKey = !ctx.model.presentKeys.has('NatGateways');
    walk.find('forward', 'nat-gateway', id, 'unknown', missingKey ? 'MISSING_DATA' : 'MISSING_RESOURCE', missingKey ? `${missingKeyMessage(ctx.model, 'NatGateways')}: NAT gateway ${id}` : `${tableId} routes to NAT gateway ${id}, which is not in the snapshot`, { rule: route.text, facts: { missing: missingKey ? 'NatGateways' : id } });
    return;
  }
  const pending = nat.state === 'pending' || nat.state === 'deleting';
  if (nat.state !== 'available') {
    walk.find('forward', 'nat-gateway', id, pending ? 'unknown' : 'blocked', 'NAT_STATE', `${id} is ${nat.state}; only an available NAT gateway forwards traffic (NAT-1)`, { rule: `state ${nat.state}`, facts: { target: id, subnetId: nat.subnetId } });
    // P6: a NAT that is not yet (or no longer quite) available is unknown, not a dead end: the
    // rest of its path can still be definitely blocked (its subnet's routes, NACLs); found by the oracle.
    if (!pending) return;
  }
  if (nat.vpcId !== source.instance.vpcId) {
    walk.find('forward', 'nat-gateway', id, 'blocked', 'NGW_REQUIRES_SOURCE_IN_VPC', `${id} is in ${nat.vpcId}, not in the instance's VPC ${source.instance.vpcId}`, { rule: route.text });
    return;
  }
  const natSubnet: Subnet | undefined = ctx.model.subnets.get(nat.subnetId);
  if (!natSubnet) {
    walk.find('forward', 'subnet', nat.subnetId, 'unknown', 'MISSING_RESOURCE', `${id} is in subnet ${nat.subnetId}, which is not in the snapshot`, { facts: { missing: nat.subnetId } });
    return;
  }
  if (!pending) walk.hop('forward', 'nat-gateway', id, 'pass', `${nat.state}, ${nat.connectivity}${nat.publicIps.length ? `, ${nat.publicIps.join(', ')}` : ''}, in ${nat.subnetId}`);
  const sameSubnet = natSubnet.id === source.subnet.id;
  if (!sameSubnet) networkAclStep(ctx, walk, natSubnet, 'inbound', 'forward', client, portSet(HTTPS, HTTPS), String(HTTPS));
  // Leaving the NAT subnet: its NACL outbound, then its route table — the order every subnet
  // exit follows (DESIGN.md §3; the instance subnet's too). Found by the oracle.
  networkAclStep(ctx, walk, natSubnet, 'outbound', 'forward', service, portSet(HTTPS, HTTPS), String(HTTPS));
  const natTable = routeTableOf(ctx, walk, natSubnet, 'forward');
  const onward = natTable ? routeStep(ctx, walk, natTable, natSubnet, service, 'forward', true) : undefined;
  if (natTable && onward) {
    const target = onward.target;
    if (target.kind === 'internet-gateway') {
      if (nat.connectivity === 'private') {
        // NAT-2: the internet gateway drops traffic from a private NAT gateway.
        walk.find('forward', 'nat-gateway', id, 'blocked', 'NAT_PRIVATE_NO_INTERNET', `${id} is a private NAT gateway; internet gateways drop its traffic, so it cannot reach public AWS addresses`, { rule: 'ConnectivityType private', facts: { target: id, subnetId: nat.subnetId } });
      } else if (gatewayKnown(ctx, walk, target.id)) {
        const gateway = ctx.model.internetGateways.get(target.id)!;
        if (gateway.attachedVpcIds.includes(nat.vpcId)) walk.hop('forward', 'internet-gateway', target.id, 'pass', `attached to ${nat.vpcId}`);
        else walk.find('forward', 'internet-gateway', target.id, 'blocked', 'BAD_STATE_ATTACHMENT', `${natTable.id} routes to ${target.id}, which is not attached to ${nat.vpcId}`, { rule: onward.text, facts: { target: target.id } });
      }
    } else if (target.kind === 'nat-gateway') {
      walk.find('forward', 'route-table', natTable.id, 'blocked', 'NO_ROUTE_TO_DESTINATION', `${natTable.id} (route table of ${natSubnet.id}, where ${id} lives) sends the traffic to NAT gateway ${target.id} instead of an internet gateway (NAT-3)`, { rule: onward.text, facts: { subnetId: natSubnet.id, target: id, peer: '0.0.0.0/0' } });
    } else if (target.kind === 'peering') {
      walk.find('forward', 'peering-connection', target.id, 'blocked', 'EDGE_TO_EDGE_ROUTING', `${natTable.id} sends the NAT gateway's traffic to peering connection ${target.id}; the peer's gateways cannot be used`, { rule: onward.text, facts: { target: target.id, vpcId: nat.vpcId } });
    } else if (target.kind === 'transit-gateway' || target.kind === 'vpn-gateway' || target.kind === 'local') {
      walk.find('forward', 'route-table', natTable.id, 'unknown', 'EXTERNAL_NETWORK', `${natTable.id} sends the NAT gateway's traffic to ${target.id} (${onward.text}), which is not modelled`, { rule: onward.text, facts: { target: target.id } });
    } else {
      middleboxFinding(ctx, walk, onward, natTable.id, 'forward');
    }
  }
  // The reply: service → NAT public address on the NAT's own ports (NAT-4) …
  networkAclStep(ctx, walk, natSubnet, 'inbound', 'return', service, NAT_PORTS, '1024-65535');
  let alive = source.ephemeral;
  if (!sameSubnet) {
    // … then, translated back, NAT → instance on the instance's ephemeral port (RET-4, NACL-8).
    alive = intersect(alive, networkAclStep(ctx, walk, natSubnet, 'outbound', 'return', client, source.ephemeral, source.ephemeralText));
    // RET-1, RT-3: the NAT subnet's table routes that reply, and only a known local route brings
    // it to the instance subnet (as on the interface path; found by the oracle).
    const back = natTable ? routeStep(ctx, walk, natTable, natSubnet, client, 'return', true) : undefined;
    if (natTable && back && deliversLocally(ctx, walk, back, natTable.id, 'return')) {
      alive = intersect(alive, networkAclStep(ctx, walk, source.subnet, 'inbound', 'return', service, source.ephemeral, source.ephemeralText));
    }
  }
  escalateIfNoPortSurvives(walk, alive, source.ephemeral);
}
