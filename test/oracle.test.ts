import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDocument, specArbitrary } from './generators/vpc.ts';
import { compareDocument, describeDisagreement } from './oracle/compare.ts';
import { lookup, networkAcl, simulate } from './oracle/packet.ts';
import { Oracle, ports, publicSamples } from './oracle/simulate.ts';
import { ipToInt } from './oracle/ip.ts';
import { readWorld } from './oracle/world.ts';
import { readJson } from './support/snapshots.ts';

// The engine proved against an oracle written separately (test/oracle/): for random valid VPCs
// the engine's verdict for every instance and check is the one the oracle gets by simulating the
// concrete packets that verdict stands for, and the blocking resource is the oracle's first
// failing hop wherever it can name one. `npm run fuzz` runs the same property at length.
//
// ORACLE_RUNS (default 3000) and ORACLE_SEED (default fixed, so CI is repeatable) tune this run.

const RUNS = Number(process.env['ORACLE_RUNS'] ?? 3000);
const SEED = Number(process.env['ORACLE_SEED'] ?? 20240601);

const ip = (text: string) => ipToInt(text)!;

// ---------------------------------------------------------------------------------------------
// The oracle on its own: it must agree with every hand-checked reference model (models/), which
// the engine also passes. Written against semantics.md, not against the engine.

const root = new URL('../models/', import.meta.url).pathname;
const scenarios = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'expected.json')))
  .map((entry) => entry.name)
  .sort();

test('the oracle reproduces the expected verdict and blocker of every reference model', () => {
  const wrong: string[] = [];
  let compared = 0;
  for (const name of scenarios) {
    const expected = readJson(join(root, name, 'expected.json'));
    const oracle = new Oracle(readJson(join(root, name, 'snapshot.json')));
    for (const [instanceId, checks] of Object.entries<Record<string, { verdict: string; blocking: string | null }>>(expected.expect)) {
      const got = oracle.instance(instanceId);
      for (const [check, want] of Object.entries(checks)) {
        const mine = got[check as keyof typeof got];
        compared++;
        if (mine.verdict !== want.verdict) wrong.push(`${name} ${instanceId} ${check}: ${mine.verdict}, expected ${want.verdict} (${mine.detail})`);
        else if (want.verdict !== 'reachable' && want.verdict !== 'unknown' && mine.blocking !== want.blocking) wrong.push(`${name} ${instanceId} ${check}: blocking ${mine.blocking}, expected ${want.blocking}`);
      }
    }
  }
  assert.ok(compared >= 250, `only ${compared} checks compared`);
  assert.equal(wrong, []);
});

test('oracle: first matching NACL entry decides, IPv6 entries never match IPv4 (NACL-2, NACL-10)', () => {
  const world = readWorld({
    Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }],
    NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Associations: [], Entries: [
      { RuleNumber: 110, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 80, Protocol: '-1', RuleAction: 'allow', Egress: true, Ipv6CidrBlock: '::/0' },
    ] }],
  });
  const subnet = world.subnets.get('subnet-1')!;
  assert.is(networkAcl(world, subnet, true, ip('52.94.1.1'), 443).decision, 'deny');
  assert.is(networkAcl(world, subnet, true, ip('52.94.1.1'), 80).decision, 'allow');
  assert.is(networkAcl(world, subnet, false, ip('52.94.1.1'), 443).decision, 'deny', 'no inbound entry: the * rule');
});

test('oracle: longest prefix, then static over prefix list over propagated; blackholes do not fall back (RT-2, RT-4)', () => {
  const world = readWorld({
    Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }],
    ManagedPrefixLists: [{ PrefixListId: 'pl-1', PrefixListName: 'corp', OwnerId: '1', Entries: [{ Cidr: '52.94.0.0/16' }] }],
    RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [
      { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' },
      { DestinationPrefixListId: 'pl-1', GatewayId: 'igw-1', State: 'active' },
      { DestinationCidrBlock: '52.94.0.0/16', GatewayId: 'vgw-1', Origin: 'EnableVgwRoutePropagation', State: 'active' },
      { DestinationCidrBlock: '52.94.7.0/24', GatewayId: 'igw-1', State: 'blackhole' },
      { DestinationCidrBlock: '10.0.0.0/8', GatewayId: 'vgw-1', Origin: 'EnableVgwRoutePropagation', State: 'active' },
    ] }],
  });
  const table = world.tables[0]!;
  const target = (address: string) => {
    const found = lookup(world, table, ip(address));
    return found.kind === 'route' ? `${found.target.id}${found.blackhole ? ' (blackhole)' : ''}` : found.kind;
  };
  assert.is(target('52.94.1.1'), 'igw-1', 'the prefix list beats the propagated route of equal length');
  assert.is(target('52.94.7.1'), 'igw-1 (blackhole)');
  assert.is(target('3.3.3.3'), 'nat-1');
  assert.is(target('10.0.3.4'), 'local', 'local beats the propagated 10.0.0.0/8');
});

test('oracle: sample ports are both ends of every range the NACL port ranges cut (NACL-6)', () => {
  const world = readWorld({
    NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', Entries: [{ RuleNumber: 1, Protocol: '6', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 40000, To: 50000 } }] }],
  });
  assert.equal(ports(world, [32768, 60999]).sort((a, b) => a - b), [32768, 39999, 40000, 50000, 50001, 60999]);
});

test('oracle: public samples cover both sides of every CIDR and never private space (RT-9)', () => {
  const world = readWorld({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }], RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Routes: [{ DestinationCidrBlock: '52.94.0.0/16', GatewayId: 'igw-1' }] }] });
  const samples = publicSamples(world);
  assert.ok(samples.some((a) => a >= ip('52.94.0.0') && a <= ip('52.94.255.255')));
  assert.ok(samples.some((a) => a < ip('52.94.0.0') || a > ip('52.94.255.255')));
  assert.not.ok(samples.some((a) => a >= ip('10.0.0.0') && a <= ip('10.255.255.255')));
});

test('oracle: a NAT gateway path and its reply, hop by hop (NACL-8)', () => {
  const doc = readJson(join(root, '02-nat-baseline', 'snapshot.json'));
  const oracle = new Oracle(doc);
  const instance = oracle.world.instances[0]!;
  const eni = oracle.world.enis.get(instance.eniIds[0]!)!;
  const trace = simulate(oracle.world, { instance, eni, src: eni.addresses[0]!.ip, dst: ip('52.94.1.1'), port: 40000, natPort: 2000 });
  assert.is(trace.outcome, 'ok');
  assert.equal(trace.hops.map((h) => `${h.leg} ${h.what}`), [
    'forward instance security groups, egress',
    'forward instance subnet outbound',
    'forward NAT state available',
    'forward NAT gateway in the instance VPC (NAT-5)',
    'forward NAT subnet inbound',
    'forward NAT subnet outbound',
    'forward public NAT gateway',
    'forward attached to the VPC',
    'return NAT subnet inbound (reply)',
    'return NAT subnet outbound (reply)',
    'return instance subnet inbound (reply)',
  ]);
});

// ---------------------------------------------------------------------------------------------
// The property.

test(`engine and oracle agree on ${RUNS} random VPCs (seed ${SEED})`, () => {
  let checks = 0;
  fc.assert(
    fc.property(specArbitrary, (spec) => {
      const result = compareDocument(buildDocument(spec));
      checks += result.checks;
      if (result.disagreements.length > 0) throw new Error(`engine and oracle disagree:\n  ${result.disagreements.map(describeDisagreement).join('\n  ')}`);
    }),
    { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
  );
  assert.ok(checks >= RUNS * 4, `${checks} checks`);
});

test.run();
