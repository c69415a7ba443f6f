import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCidr, parseIpv4 } from '../src/model/address.ts';
import type { NetworkAcl, NetworkAclEntry, Route, RouteTable, Model } from '../src/model/types.ts';
import { evaluateNetworkAcl } from '../src/eval/network-acl.ts';
import { intersect, portSet, portSetText, subtract } from '../src/eval/port-set.ts';
import { selectRoute } from '../src/eval/route-table.ts';
import { publicPieces } from '../src/eval/public-addresses.ts';
import { combineTargets } from '../src/eval/evaluate.ts';
import { buildModel } from '../src/model/build-model.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';

const origin = { file: 't', path: '$' };
const ip = (text: string) => parseIpv4(text) as number;
const cidr = (text: string) => {
  const r = parseCidr(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
};

function entry(ruleNumber: number, action: 'allow' | 'deny', range: string, ports?: [number, number], protocol = 6): NetworkAclEntry {
  return { ruleNumber, action, protocol, ports: ports ? { from: ports[0], to: ports[1] } : undefined, range: cidr(range), egress: false, text: `rule ${ruleNumber}`, origin };
}
function acl(inbound: NetworkAclEntry[]): NetworkAcl {
  return { id: 'acl-1', vpcId: 'vpc-1', isDefault: false, subnetIds: [], inbound, outbound: [], origin };
}

test('NACL: first match in rule order, over port ranges (NACL-2, NACL-6, NACL-10)', () => {
  const a = acl([entry(90, 'deny', '0.0.0.0/0', [40000, 45000]), entry(100, 'allow', '10.0.0.0/16', [1024, 65535]), entry(32767, 'deny', '0.0.0.0/0', undefined, -1)]);
  const d = evaluateNetworkAcl(a, 'inbound', ip('10.0.2.5'), 6, portSet(32768, 60999));
  assert.is(portSetText(d.allowed), '32768-39999, 45001-60999');
  assert.is(portSetText(d.denied), '40000-45000');
  assert.is(d.matches[0]!.entry!.ruleNumber, 90);
  const outside = evaluateNetworkAcl(a, 'inbound', ip('52.94.1.1'), 6, portSet(32768, 60999));
  assert.is(portSetText(outside.allowed), 'no ports');
  assert.is(outside.matches.at(-1)!.entry!.ruleNumber, 32767);
});

test('NACL: protocol -1 matches all; UDP entries do not match TCP; IPv6 entries never match IPv4', () => {
  const a = acl([entry(10, 'deny', '0.0.0.0/0', [0, 65535], 17), entry(20, 'deny', '::/0', undefined, -1), entry(30, 'allow', '0.0.0.0/0', undefined, -1)]);
  const d = evaluateNetworkAcl(a, 'inbound', ip('1.2.3.4'), 6, portSet(443, 443));
  assert.is(portSetText(d.allowed), '443');
  assert.is(d.matches[0]!.entry!.ruleNumber, 30);
  const none = evaluateNetworkAcl(acl([]), 'inbound', ip('1.2.3.4'), 6, portSet(443, 443));
  assert.is(none.matches[0]!.entry, undefined, 'implicit deny');
});

test('port sets', () => {
  assert.equal(intersect(portSet(1, 10), [[5, 6], [9, 20]]), [[5, 6], [9, 10]]);
  assert.equal(subtract(portSet(1, 10), [[3, 4], [8, 20]]), [[1, 2], [5, 7]]);
});

function route(destination: string, target: Route['target'], extra: Partial<Route> = {}): Route {
  const dest: Route['destination'] = destination.startsWith('pl-') ? { kind: 'prefix-list', prefixListId: destination } : { kind: 'cidr', range: cidr(destination) };
  return { destination: dest, target, state: 'active', propagated: false, text: `${destination} → ${target.id}`, origin, ...extra };
}
function table(routes: Route[]): RouteTable {
  return { id: 'rtb-1', vpcId: 'vpc-1', isMain: true, subnetIds: [], gatewayIds: [], routes, origin };
}
const model = (doc: object = {}): Model => buildModel(rawFromDocument(doc, 't.json'));
const nat = { kind: 'nat-gateway' as const, id: 'nat-1' };
const igw = { kind: 'internet-gateway' as const, id: 'igw-1' };
const vgw = { kind: 'vpn-gateway' as const, id: 'vgw-1' };
const local = { kind: 'local' as const, id: 'local' };

test('routes: longest prefix wins; a selected blackhole drops with no fallback (RT-2, RT-4)', () => {
  const t = table([route('0.0.0.0/0', nat), route('0.0.0.0/1', { kind: 'nat-gateway', id: 'nat-gone' }, { state: 'blackhole' })]);
  const s = selectRoute(model(), t, ip('52.94.1.1'), true);
  assert.is(s.kind, 'selected');
  if (s.kind !== 'selected') return;
  assert.is(s.route.target.id, 'nat-gone');
  assert.is(s.route.state, 'blackhole');
  assert.is(s.shadowed[0]!.target.id, 'nat-1', 'the less specific route is shadowed, not used');
  const other = selectRoute(model(), t, ip('200.1.1.1'), true);
  assert.is(other.kind === 'selected' && other.route.target.id, 'nat-1');
});

test('routes: static beats propagated at equal length; propagated never beats local (RT-2)', () => {
  const s = selectRoute(model(), table([route('0.0.0.0/0', vgw, { propagated: true }), route('0.0.0.0/0', nat)]), ip('52.94.1.1'), true);
  assert.is(s.kind === 'selected' && s.route.target.id, 'nat-1');
  const l = selectRoute(model(), table([route('10.0.0.0/16', local), route('10.0.2.0/24', vgw, { propagated: true })]), ip('10.0.2.7'), true);
  assert.is(l.kind === 'selected' && l.route.target.id, 'local');
  const none = selectRoute(model(), table([route('10.0.0.0/16', local)]), ip('52.94.1.1'), true);
  assert.is(none.kind, 'none');
});

test('routes: prefix-list routes use the entry length; static CIDR wins a tie; overlapping lists are ambiguous', () => {
  const m = model({ ManagedPrefixLists: [
    { PrefixListId: 'pl-a', PrefixListName: 'a', OwnerId: '1', Entries: [{ Cidr: '52.94.0.0/16' }] },
    { PrefixListId: 'pl-b', PrefixListName: 'b', OwnerId: '1', Entries: [{ Cidr: '52.94.0.0/16' }] },
    { PrefixListId: 'pl-x', PrefixListName: 'x', OwnerId: '1' },
  ] });
  const viaList = selectRoute(m, table([route('0.0.0.0/0', nat), route('pl-a', igw)]), ip('52.94.1.1'), true);
  assert.is(viaList.kind === 'selected' && viaList.route.target.id, 'igw-1');
  const tie = selectRoute(m, table([route('52.94.0.0/16', nat), route('pl-a', igw)]), ip('52.94.1.1'), true);
  assert.is(tie.kind === 'selected' && tie.route.target.id, 'nat-1');
  assert.is(selectRoute(m, table([route('pl-a', igw), route('pl-b', nat)]), ip('52.94.1.1'), true).kind, 'ambiguous');
  assert.is(selectRoute(m, table([route('0.0.0.0/0', nat), route('pl-x', igw)]), ip('52.94.1.1'), true).kind, 'unknown-prefix-list');
  // Gateway-endpoint lists (S3, DynamoDB) never hold SSM addresses (SG-6, GWE-1).
  assert.is(selectRoute(m, table([route('0.0.0.0/0', nat), route('pl-x', { kind: 'vpc-endpoint', id: 'vpce-s3' })]), ip('52.94.1.1'), true).kind, 'selected');
});

test('public pieces: one piece without distinguishing rules; split at every relevant boundary (RT-9)', () => {
  const m = model();
  const one = publicPieces(m, { routeTables: [table([route('0.0.0.0/0', nat)])], networkAcls: [], egressRules: [], excluded: [] });
  assert.is(one.length, 1);
  assert.is(one[0]!.representative, ip('1.0.0.0'), 'the first public address, past 0.0.0.0/8');
  const split = publicPieces(m, { routeTables: [table([route('0.0.0.0/0', igw), route('52.94.0.0/16', { kind: 'peering', id: 'pcx-1' })])], networkAcls: [], egressRules: [], excluded: [] });
  assert.is(split.length, 3);
  assert.ok(split.some((p) => p.representative === ip('52.94.0.0')));
  const reps = split.map((p) => p.representative);
  assert.not.ok(reps.some((r) => r >= ip('10.0.0.0') && r <= ip('10.255.255.255')), 'never a private address');
});

test('public pieces: only NACL entries and egress rules a check packet can meet draw a line (RT-9, NACL-6, NACL-8)', () => {
  const m = model();
  const tables = [table([route('0.0.0.0/0', igw)])];
  const pieces = (networkAcl: NetworkAcl) => publicPieces(m, { routeTables: tables, networkAcls: [networkAcl], egressRules: [], excluded: [] }).length;
  const outbound = (entries: NetworkAclEntry[]): NetworkAcl => ({ ...acl([]), outbound: entries.map((e) => ({ ...e, egress: true })) });
  // Inbound, a public address is the source of a reply to an ephemeral port (1024–65535 at least).
  assert.is(pieces(acl([entry(10, 'allow', '198.20.0.0/24', [22, 22])])), 1, 'SSH from an office: never a reply');
  assert.is(pieces(acl([entry(10, 'allow', '198.20.0.0/24', [3389, 3389])])), 3, 'RDP is in the NAT range 1024–65535');
  assert.is(pieces(acl([entry(10, 'deny', '185.0.0.0/24', undefined, -1)])), 3, 'every protocol');
  assert.is(pieces(acl([entry(10, 'allow', '185.0.0.0/24', [53, 53], 17)])), 1, 'UDP');
  // Outbound, it is the destination of TCP 443.
  assert.is(pieces(outbound([entry(10, 'deny', '185.0.0.0/24', [80, 80])])), 1, 'HTTP out');
  assert.is(pieces(outbound([entry(10, 'deny', '185.0.0.0/24', [1, 1023])])), 3, 'a range that holds 443');
  // Egress rules of the source's groups: TCP 443 only (SG-2).
  const rule = (protocol: number, ports: [number, number] | undefined) => ({ protocol, ports: ports && { from: ports[0], to: ports[1] }, peer: { kind: 'cidr' as const, range: cidr('185.0.0.0/24') }, text: '', origin });
  const withRules = (rules: ReturnType<typeof rule>[]) => publicPieces(m, { routeTables: tables, networkAcls: [], egressRules: rules, excluded: [] }).length;
  assert.is(withRules([rule(17, [443, 443])]), 1);
  assert.is(withRules([rule(6, [22, 22])]), 1);
  assert.is(withRules([rule(6, [443, 443])]), 3);
  assert.is(withRules([rule(-1, undefined)]), 3);
});

test('several endpoint addresses: all → reachable, none → blocked, some → partial (VPCE-2)', () => {
  assert.is(combineTargets(['reachable', 'reachable']), 'reachable');
  assert.is(combineTargets(['blocked', 'blocked']), 'blocked');
  assert.is(combineTargets(['reachable', 'blocked']), 'partial');
  assert.is(combineTargets(['reachable', 'unknown']), 'unknown');
  assert.is(combineTargets(['reachable', 'blocked', 'unknown']), 'partial');
});

test.run();
