// The oracle's packet simulator: one concrete TCP connection (source address and ephemeral port,
// destination address and port 443, and the NAT gateway's source port when a NAT is crossed),
// walked hop by hop the way the packet meets each component, then its concrete reply.
//
// Simple and slow on purpose. Every rule cited is from reference/semantics.md.
//
// A hop passes, fails, or is unknown (the configuration does not say). An unknown *filter* (a
// security group that is not in the snapshot, a prefix list without entries, a NAT gateway that is
// still pending) is assumed to pass and the walk goes on, so a later definite failure still fails
// the packet (P6: unknown only if no hop is definitely blocked). When the *path* itself is unknown
// (a transit gateway, an appliance, an ambiguous route), the packet is lost: nothing after it is
// evaluated.

import type { OEni, OInstance, OSubnet, OTable, World } from './world.ts';
import { aclOf, eniAt, tableOf } from './world.ts';
import { inBlock } from './ip.ts';

const TCP = 6;
export const HTTPS = 443;

export type HopResult = 'pass' | 'fail' | 'unknown' | 'lost';

export interface HopRecord {
  leg: 'forward' | 'return';
  resource: string;
  what: string;
  result: HopResult;
}

export interface Trace {
  outcome: 'ok' | 'fail' | 'unknown';
  hops: HopRecord[];
  /** The resource of the first definite failure, in packet order. */
  firstFail: string | undefined;
}

export interface Connection {
  instance: OInstance;
  eni: OEni;
  /** Source: the instance's primary private address. */
  src: number;
  dst: number;
  /** The client's ephemeral source port (NACL-6). */
  port: number;
  /** The NAT gateway's source port towards the internet (NAT-4, 1024–65535). */
  natPort: number;
}

class Tracer {
  readonly hops: HopRecord[] = [];
  failed: HopRecord | undefined;
  lost = false;

  get done(): boolean {
    return this.failed !== undefined || this.lost;
  }

  record(leg: HopRecord['leg'], resource: string, result: HopResult, what: string): void {
    const hop = { leg, resource, what, result };
    this.hops.push(hop);
    if (result === 'fail' && !this.failed) this.failed = hop;
    if (result === 'lost') this.lost = true;
  }

  trace(): Trace {
    const outcome = this.failed ? 'fail' : this.hops.some((h) => h.result === 'unknown' || h.result === 'lost') ? 'unknown' : 'ok';
    return { outcome, hops: this.hops, firstFail: this.failed?.resource };
  }
}

type Decision = 'allow' | 'deny' | 'unknown';

/**
 * SG-2 union of allow rules of every group on the ENI; SG-5 protocol and destination port; SG-6
 * IPv4 CIDR and prefix-list peers; SG-7 group references match private addresses of ENIs in the
 * same VPC that carry the group.
 */
export function securityGroups(world: World, eni: OEni, direction: 'ingress' | 'egress', peer: number, port: number): Decision {
  if (eni.groups.length === 0) return 'unknown';
  let unknown = false;
  for (const groupId of eni.groups) {
    const group = world.groups.get(groupId);
    if (!group) {
      unknown = true;
      continue;
    }
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      if (rule.protocol !== -1 && rule.protocol !== TCP) continue;
      if (rule.protocol === TCP && (port < rule.from || port > rule.to)) continue;
      if (rule.cidrs.some((b) => inBlock(b, peer))) return 'allow';
      for (const listId of rule.prefixLists) {
        const list = world.prefixLists.get(listId);
        if (!list || list.cidrs === undefined) unknown = true;
        else if (list.cidrs.some((b) => inBlock(b, peer))) return 'allow';
      }
      for (const member of rule.groups) {
        for (const other of world.enis.values()) {
          if (other.vpcId === eni.vpcId && other.groups.includes(member) && other.addresses.some((a) => a.ip === peer)) return 'allow';
        }
      }
    }
  }
  return unknown ? 'unknown' : 'deny';
}

/** NACL-2/3: entries of one direction in rule-number order, first match, else deny. */
export function networkAcl(world: World, subnet: OSubnet, egress: boolean, peer: number, port: number): { decision: Decision; resource: string } {
  if (!world.present.has('NetworkAcls')) return { decision: 'unknown', resource: subnet.id };
  const acl = aclOf(world, subnet);
  if (!acl) return { decision: 'unknown', resource: subnet.id };
  const entries = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.number - b.number);
  for (const entry of entries) {
    if (!entry.cidr || !inBlock(entry.cidr, peer)) continue;
    if (entry.protocol !== -1 && entry.protocol !== TCP) continue;
    if (entry.protocol === TCP && (port < entry.from || port > entry.to)) continue;
    return { decision: entry.allow ? 'allow' : 'deny', resource: acl.id };
  }
  return { decision: 'deny', resource: acl.id };
}

export type Lookup =
  | { kind: 'route'; target: { kind: string; id: string }; blackhole: boolean }
  | { kind: 'none' }
  | { kind: 'unknown' };

/**
 * RT-2/RT-3: the implicit local route for every VPC CIDR plus the listed routes; longest prefix
 * (a prefix-list route is as long as its longest matching entry); at equal length static beats
 * prefix list beats propagated; propagated routes never beat local. Overlapping prefix lists to
 * different targets, or a list whose entries are unknown, leave the choice unknown. RT-4: the
 * state is looked at only after the choice.
 */
export function lookup(world: World, table: OTable, destination: number): Lookup {
  const vpc = world.vpcs.get(table.vpcId);
  interface Candidate { prefix: number; rank: number; target: { kind: string; id: string }; blackhole: boolean }
  const candidates: Candidate[] = [];
  let insideLocal = false;
  for (const cidr of vpc?.cidrs ?? []) {
    if (inBlock(cidr, destination)) {
      insideLocal = true;
      candidates.push({ prefix: cidr.prefix, rank: 0, target: { kind: 'local', id: 'local' }, blackhole: false });
    }
  }
  let unknownList = false;
  for (const route of table.routes) {
    if (route.ipv6) continue;
    if (route.cidr) {
      if (!inBlock(route.cidr, destination)) continue;
      if (route.target.kind === 'local') insideLocal = true;
      candidates.push({ prefix: route.cidr.prefix, rank: route.propagated ? 2 : 0, target: route.target, blackhole: route.blackhole });
    } else if (route.prefixList) {
      const list = world.prefixLists.get(route.prefixList);
      if (!list || list.cidrs === undefined) {
        unknownList = true;
        continue;
      }
      const lengths = list.cidrs.filter((b) => inBlock(b, destination)).map((b) => b.prefix);
      if (lengths.length > 0) candidates.push({ prefix: Math.max(...lengths), rank: route.propagated ? 2 : 1, target: route.target, blackhole: route.blackhole });
    }
  }
  if (unknownList) return { kind: 'unknown' };
  const eligible = insideLocal ? candidates.filter((c) => c.rank !== 2) : candidates;
  if (eligible.length === 0) return { kind: 'none' };
  let best = eligible[0]!;
  for (const c of eligible) if (c.prefix > best.prefix || (c.prefix === best.prefix && c.rank < best.rank)) best = c;
  const ties = eligible.filter((c) => c.prefix === best.prefix && c.rank === best.rank);
  if (best.rank === 1 && new Set(ties.map((c) => c.target.id)).size > 1) return { kind: 'unknown' };
  return { kind: 'route', target: best.target, blackhole: best.blackhole };
}

/** Simulate one connection from an instance to `dst`:443 and its reply. */
export function simulate(world: World, c: Connection): Trace {
  const t = new Tracer();
  const source = world.subnets.get(c.eni.subnetId);
  if (!source) {
    t.record('forward', c.eni.subnetId, 'lost', 'the instance subnet is not in the snapshot');
    return t.trace();
  }

  // SG-1, SG-3: the instance's security groups, egress, forward leg only.
  const egress = securityGroups(world, c.eni, 'egress', c.dst, HTTPS);
  t.record('forward', c.eni.groups[0] ?? c.eni.id, egress === 'allow' ? 'pass' : egress === 'deny' ? 'fail' : 'unknown', 'instance security groups, egress');
  if (t.done) return t.trace();

  const server = eniAt(world, c.instance.vpcId, c.dst);
  if (server && server.subnetId === source.id) {
    // NACL-5, RT-7: inside one subnet neither network ACLs nor routes apply.
    toServer(world, t, c, server, source, false);
    return t.trace();
  }
  // The packet leaves the instance subnet: its NACL outbound, then its route table.
  acl(world, t, 'forward', source, true, c.dst, HTTPS, 'instance subnet outbound');
  if (t.done) return t.trace();
  const table = routeTable(world, t, 'forward', source);
  if (!table) return t.trace();
  const route = lookup(world, table, c.dst);
  if (!routeUsable(world, t, 'forward', table, route)) return t.trace();
  const target = (route as Extract<Lookup, { kind: 'route' }>).target;
  switch (target.kind) {
    case 'local': {
      if (!server) {
        t.record('forward', table.id, 'fail', 'local route, but no interface owns the address');
        return t.trace();
      }
      toServer(world, t, c, server, source, true);
      return t.trace();
    }
    case 'igw': {
      internetGateway(world, t, target.id, c.instance.vpcId);
      if (t.done) return t.trace();
      // IGW-1 (c): the source address needs a public IPv4 address for the 1:1 translation.
      const address = c.eni.addresses.find((a) => a.ip === c.src);
      t.record('forward', target.id, address?.publicIp ? 'pass' : 'fail', 'public IPv4 address on the source address');
      if (t.done) return t.trace();
      // The reply: service:443 → public IP:port → translated to the private address → the
      // instance subnet's NACL inbound (RET-4, NACL-4).
      acl(world, t, 'return', source, false, c.dst, c.port, 'instance subnet inbound (reply)');
      return t.trace();
    }
    case 'nat':
      natGateway(world, t, c, target.id, source);
      return t.trace();
    default:
      elsewhere(world, t, 'forward', table, target);
      return t.trace();
  }
}

/** Delivery to a VPC interface (an endpoint ENI) and the reply back to the instance. */
function toServer(world: World, t: Tracer, c: Connection, server: OEni, source: OSubnet, crossed: boolean): void {
  const serverSubnet = world.subnets.get(server.subnetId);
  if (!serverSubnet) {
    t.record('forward', server.subnetId, 'lost', 'the endpoint subnet is not in the snapshot');
    return;
  }
  if (crossed) acl(world, t, 'forward', serverSubnet, false, c.src, HTTPS, 'endpoint subnet inbound');
  if (t.done) return;
  // SG-9: the destination interface's groups must admit TCP 443 from the instance's private address.
  const ingress = securityGroups(world, server, 'ingress', c.src, HTTPS);
  t.record('forward', server.groups[0] ?? server.id, ingress === 'allow' ? 'pass' : ingress === 'deny' ? 'fail' : 'unknown', 'endpoint security groups, ingress');
  if (t.done || !crossed) return;
  // The reply: server:443 → instance:port, out of the endpoint subnet, routed, into the instance subnet.
  acl(world, t, 'return', serverSubnet, true, c.src, c.port, 'endpoint subnet outbound (reply)');
  if (t.done) return;
  backToInstance(world, t, c, serverSubnet, source, server.addresses[0]!.ip);
}

/** A reply leaving `from` for the instance: `from`'s route table must deliver it locally, then the instance subnet's NACL inbound. */
function backToInstance(world: World, t: Tracer, c: Connection, from: OSubnet, source: OSubnet, replySource: number): void {
  const table = routeTable(world, t, 'return', from);
  if (!table) return;
  const route = lookup(world, table, c.src);
  if (!routeUsable(world, t, 'return', table, route)) return;
  const target = (route as Extract<Lookup, { kind: 'route' }>).target;
  if (target.kind !== 'local') {
    elsewhere(world, t, 'return', table, target);
    return;
  }
  acl(world, t, 'return', source, false, replySource, c.port, 'instance subnet inbound (reply)');
}

/** NAT-1..5, NACL-8 rows 3–4: the NAT gateway, its subnet's NACL and route table, and the reply. */
function natGateway(world: World, t: Tracer, c: Connection, natId: string, source: OSubnet): void {
  const nat = world.nats.get(natId);
  if (!nat) {
    t.record('forward', natId, 'lost', 'NAT gateway not in the snapshot');
    return;
  }
  // NAT-1: only an available NAT forwards; pending/deleting cannot be decided.
  const state = nat.state === 'available' ? 'pass' : nat.state === 'pending' || nat.state === 'deleting' ? 'unknown' : 'fail';
  t.record('forward', nat.id, state, `NAT state ${nat.state}`);
  if (t.done) return;
  t.record('forward', nat.id, nat.vpcId === c.instance.vpcId ? 'pass' : 'fail', 'NAT gateway in the instance VPC (NAT-5)');
  if (t.done) return;
  const natSubnet = world.subnets.get(nat.subnetId);
  if (!natSubnet) {
    t.record('forward', nat.subnetId, 'lost', 'NAT subnet not in the snapshot');
    return;
  }
  const sameSubnet = natSubnet.id === source.id;
  if (!sameSubnet) acl(world, t, 'forward', natSubnet, false, c.src, HTTPS, 'NAT subnet inbound');
  if (t.done) return;
  // NAT translates the source (NAT private address, port natPort) and sends it on: out of its
  // subnet (NACL outbound), by its subnet's route table (NAT-3).
  acl(world, t, 'forward', natSubnet, true, c.dst, HTTPS, 'NAT subnet outbound');
  if (t.done) return;
  const table = routeTable(world, t, 'forward', natSubnet);
  if (table) {
    const route = lookup(world, table, c.dst);
    if (routeUsable(world, t, 'forward', table, route)) {
      const target = (route as Extract<Lookup, { kind: 'route' }>).target;
      if (target.kind === 'igw') {
        // NAT-2: an internet gateway drops traffic from a private NAT gateway.
        t.record('forward', nat.id, nat.private ? 'fail' : 'pass', 'public NAT gateway');
        if (!t.done) internetGateway(world, t, target.id, nat.vpcId);
      } else if (target.kind === 'nat') {
        t.record('forward', table.id, 'fail', 'NAT subnet routes to a NAT gateway');
      } else {
        elsewhere(world, t, 'forward', table, target);
      }
    }
  }
  if (t.failed) return;
  // The reply reaches the NAT's address on the NAT's own port (NAT-4, RET-4), entering the NAT
  // subnet from outside: through an internet gateway or the VPC router, and — when the path beyond
  // is unknown (a VPN or transit gateway, an appliance) — from wherever that is, which the oracle
  // takes to be outside the NAT subnet (AWS puts attachments in subnets of their own).
  acl(world, t, 'return', natSubnet, false, c.dst, c.natPort, 'NAT subnet inbound (reply)');
  if (t.failed) return;
  // Translated back, it leaves the NAT for the instance: service:443 → instance:port.
  if (!sameSubnet) {
    acl(world, t, 'return', natSubnet, true, c.src, c.port, 'NAT subnet outbound (reply)');
    if (t.failed) return;
    backToInstance(world, t, c, natSubnet, source, c.dst);
  }
}

/** IGW-1 (a): the gateway exists, is an internet (not egress-only) gateway, and is attached to the VPC. */
function internetGateway(world: World, t: Tracer, id: string, vpcId: string): void {
  const gateway = world.gateways.get(id);
  if (!gateway) {
    t.record('forward', id, 'unknown', 'internet gateway not in the snapshot');
    return;
  }
  if (gateway.egressOnly) {
    t.record('forward', id, 'fail', 'an egress-only internet gateway carries IPv6 only');
    return;
  }
  t.record('forward', id, gateway.vpcIds.includes(vpcId) ? 'pass' : 'fail', 'attached to the VPC');
}

/** RT-5: targets the oracle does not follow, or that drop the packet. */
function elsewhere(world: World, t: Tracer, leg: HopRecord['leg'], table: OTable, target: { kind: string; id: string }): void {
  switch (target.kind) {
    case 'pcx':
      // XVPC-1: no edge-to-edge routing; a peer's gateways cannot be used.
      t.record(leg, target.id, 'fail', 'peering connection (no edge-to-edge routing)');
      return;
    case 'eigw':
      t.record(leg, target.id, 'fail', 'egress-only internet gateway (IPv6 only)');
      return;
    case 'igw':
      t.record(leg, table.id, 'lost', 'internet gateway for a VPC address');
      return;
    case 'eni':
    case 'instance': {
      const eni = target.kind === 'eni' ? world.enis.get(target.id) : [...world.enis.values()].find((e) => e.instanceId === target.id);
      // RT-5: an appliance with source/destination check on drops traffic not addressed to it.
      if (eni?.sourceDestCheck) t.record(leg, eni.id, 'fail', 'appliance with source/destination check');
      else t.record(leg, table.id, 'lost', 'appliance rules are not in the configuration');
      return;
    }
    default:
      // Transit gateway, VPN gateway, gateway load balancer endpoint, NAT for a VPC address, …
      t.record(leg, table.id, 'lost', `${target.kind} ${target.id} is not modelled`);
  }
}

function acl(world: World, t: Tracer, leg: HopRecord['leg'], subnet: OSubnet, egress: boolean, peer: number, port: number, what: string): void {
  const { decision, resource } = networkAcl(world, subnet, egress, peer, port);
  t.record(leg, resource, decision === 'allow' ? 'pass' : decision === 'deny' ? 'fail' : 'unknown', what);
}

function routeTable(world: World, t: Tracer, leg: HopRecord['leg'], subnet: OSubnet): OTable | undefined {
  const table = world.present.has('RouteTables') ? tableOf(world, subnet) : undefined;
  if (!table) t.record(leg, subnet.id, 'lost', 'no route table for the subnet');
  return table;
}

function routeUsable(world: World, t: Tracer, leg: HopRecord['leg'], table: OTable, route: Lookup): boolean {
  if (route.kind === 'none') {
    t.record(leg, table.id, 'fail', 'no route');
    return false;
  }
  if (route.kind === 'unknown') {
    t.record(leg, table.id, 'lost', 'route choice unknown');
    return false;
  }
  if (route.blackhole) {
    t.record(leg, table.id, 'fail', 'blackhole route');
    return false;
  }
  return true;
}
