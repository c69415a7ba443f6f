// fast-check generators of random, valid VPC snapshots in the describe-* input format
// (DESIGN.md §2). A generated world is a small `Spec` of choices (so fast-check can shrink it)
// turned into a raw document by `buildDocument`.
//
// What they cover: 1–2 VPCs; up to 4 subnets in three zones; security groups (≤4) with CIDR,
// prefix-list and group-reference peers; default and custom network ACLs with allow/deny entries,
// port ranges and rule numbers; main and custom route tables with overlapping prefixes,
// prefix-list routes, propagated routes and blackholes; internet gateways (attached or not), NAT
// gateways (public/private, any state) and interface endpoints in any subnet, with or without
// private DNS; S3 gateway endpoints; DNS attributes and DHCP options; public addresses; Windows
// and Linux instances; IMDS settings; and, rarely, missing data (dangling ids, absent keys).
//
// Validity: ids are unique; addresses sit in their subnets; at most one endpoint per service per
// VPC; routes inside a VPC CIDR only for a whole subnet to an appliance (RT-3); route state follows
// the target (a detached gateway or failed NAT shows blackhole) unless the spec asks for a stale one.

import fc from 'fast-check';

type Json = Record<string, any>;

const REGION = 'us-east-1';
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const SERVICES = ['ssm', 'ec2messages', 'ssmmessages'];
const OWNER = '111122223333';

/** Ports where NACL and SG ranges make a difference: around 443, NAT, Linux and Windows ranges. */
const PORTS = [0, 1, 22, 80, 442, 443, 444, 1023, 1024, 1025, 5000, 32767, 32768, 32769, 40000, 49151, 49152, 49153, 60998, 60999, 61000, 65534, 65535];

/** Public CIDRs the pool always offers, overlapping each other (and the S3 list) on purpose. */
const PUBLIC_POOL = ['0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', '52.0.0.0/8', '52.94.0.0/16', '52.94.1.0/24', '52.216.0.0/15', '3.0.0.0/8', '54.239.0.0/16', '192.0.0.0/2', '10.0.0.0/8'];
const S3_CIDRS = ['52.216.0.0/15', '3.5.0.0/19', '54.231.0.0/16'];

// ---------------------------------------------------------------------------------------------
// The spec: plain choices, indices resolved modulo the list they pick from.

export type CidrSpec = { k: 'pool'; i: number } | { k: 'random'; a: number; p: number } | { k: 'ipv6' };
export interface PortsSpec { from: number; to: number }
export type PeerSpec = { k: 'cidr'; c: CidrSpec } | { k: 'pl'; i: number } | { k: 's3' } | { k: 'sg'; i: number } | { k: 'dangling-sg' };
export interface RuleSpec { proto: string; ports: PortsSpec; peers: PeerSpec[] }
/** A group's permissive starting point, before its random rules. */
export interface GroupSpec { vpc: number; ingressBase: 'vpc-443' | 'all' | 'none'; egressBase: 'all' | '443' | 'none'; ingress: RuleSpec[]; egress: RuleSpec[] }
export interface EntrySpec { n: number; allow: boolean; egress: boolean; proto: string; ports: PortsSpec; c: CidrSpec }
/** `allow-all`: rule 30000 allows everything both ways, so the random entries are exceptions. */
export interface AclSpec { vpc: number; base: 'allow-all' | 'none'; entries: EntrySpec[]; subnets: number[] }
export type TargetSpec =
  | { k: 'igw'; i: number }
  | { k: 'nat'; i: number }
  | { k: 'tgw' }
  | { k: 'vgw'; propagated: boolean }
  | { k: 'pcx' }
  | { k: 'eni'; sdc: boolean }
  | { k: 'gwlb' }
  | { k: 'dangling-nat' };
export type DestSpec = { k: 'cidr'; c: CidrSpec } | { k: 'subnet'; i: number } | { k: 'pl'; i: number };
export interface RouteSpec { dest: DestSpec; target: TargetSpec; state: 'derived' | 'active' | 'blackhole' }
export interface TableSpec { vpc: number; routes: RouteSpec[]; subnets: number[]; s3: boolean; default: 'igw' | 'nat' | 'none' }
export interface NatSpec { subnet: number; state: string; private: boolean }
export interface EndpointSpec { vpc: number; service: number; wrongRegion: boolean; subnets: number[]; privateDns: boolean; state: string; groups: number[] }
export interface InstanceSpec { subnet: number; groups: number[]; publicIp: boolean; windows: boolean; imds: 'enabled' | 'disabled' | 'absent'; danglingGroup: boolean }
export interface VpcSpec {
  dnsSupport: boolean;
  dnsHostnames: boolean;
  attributes: boolean;
  isDefault: boolean;
  dhcp: 'amazon' | 'custom' | 'missing' | 'none' | 'default';
  defaultAcl: 'aws' | 'random' | 'missing';
  defaultAclBase: 'allow-all' | 'none';
  defaultAclEntries: EntrySpec[];
  /** The VPC's own internet gateway. */
  igw: 'attached' | 'detached' | 'none';
  /**
   * `public`: the main table sends 0.0.0.0/0 to the VPC's internet gateway; `nat`: to the VPC's
   * first NAT gateway, and the NAT gateways' subnets get a public table (0.0.0.0/0 → IGW).
   */
  layout: 'public' | 'nat' | 'private';
  /** Where the `nat` layout puts an available public NAT gateway when the VPC has none. */
  natSubnet: number;
  /** A secondary CIDR block 100.64.<16v>.0/20; subnets may sit in it (RT-3: a local route per CIDR). */
  secondary: boolean;
  defaultGroup: 'aws' | 'random';
  defaultGroupRules: { ingress: RuleSpec[]; egress: RuleSpec[] };
  mainRoutes: RouteSpec[];
  mainTable: boolean;
  mainS3: boolean;
  localListed: boolean;
}
export interface Spec {
  vpcs: VpcSpec[];
  subnets: { vpc: number; az: number; secondary: boolean }[];
  groups: GroupSpec[];
  acls: AclSpec[];
  tables: TableSpec[];
  igws: { vpc: number; attached: boolean }[];
  nats: NatSpec[];
  endpoints: EndpointSpec[];
  prefixLists: { entries: CidrSpec[] | null }[];
  appliance: { subnet: number; sdc: boolean } | null;
  instances: InstanceSpec[];
}

const port = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PORTS) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }) });
/** Ranges that cut the ephemeral ranges (NACL-6): Linux 32768–60999, Windows 49152–65535, NAT 1024–65535. */
const RANGES: Array<[number, number]> = [[443, 443], [1024, 65535], [32768, 65535], [49152, 65535], [32768, 60999], [1024, 32767], [0, 1023], [40000, 65535], [32768, 49151], [61000, 65535]];
const ports: fc.Arbitrary<PortsSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(port, port).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })) },
  { weight: 1, arbitrary: fc.constantFrom(...RANGES).map(([from, to]) => ({ from, to })) },
);
const cidr: fc.Arbitrary<CidrSpec> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('pool' as const), i: fc.nat(60) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('random' as const), a: fc.integer({ min: 0, max: 0xffffffff }), p: fc.integer({ min: 0, max: 32 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'ipv6' as const }) },
);
const peer: fc.Arbitrary<PeerSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('cidr' as const), c: cidr }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('pl' as const), i: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ k: 's3' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('sg' as const), i: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'dangling-sg' as const }) },
);
const protocol = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('tcp', '6') }, { weight: 3, arbitrary: fc.constant('-1') }, { weight: 1, arbitrary: fc.constantFrom('udp', 'icmp', '50') });
const rule: fc.Arbitrary<RuleSpec> = fc.record({ proto: protocol, ports, peers: fc.array(peer, { minLength: 1, maxLength: 2 }) });
const rules = (max: number) => fc.array(rule, { maxLength: max });
const aclBase = fc.oneof({ weight: 3, arbitrary: fc.constant('allow-all' as const) }, { weight: 1, arbitrary: fc.constant('none' as const) });
const ruleNumber = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 50, 90, 100, 110, 120, 200) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 32766 }) });
const entry: fc.Arbitrary<EntrySpec> = fc.record({
  n: ruleNumber,
  allow: fc.boolean(),
  egress: fc.boolean(),
  proto: fc.oneof({ weight: 5, arbitrary: fc.constant('6') }, { weight: 4, arbitrary: fc.constant('-1') }, { weight: 1, arbitrary: fc.constantFrom('17', '1') }),
  ports,
  c: cidr,
});
const target: fc.Arbitrary<TargetSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('igw' as const), i: fc.nat(2) }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('nat' as const), i: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'tgw' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('vgw' as const), propagated: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'pcx' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('eni' as const), sdc: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'gwlb' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'dangling-nat' as const }) },
);
const destination: fc.Arbitrary<DestSpec> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('cidr' as const), c: cidr }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('subnet' as const), i: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('pl' as const), i: fc.nat(3) }) },
);
const routeSpec: fc.Arbitrary<RouteSpec> = fc.record({
  dest: destination,
  target,
  state: fc.oneof({ weight: 8, arbitrary: fc.constant('derived' as const) }, { weight: 1, arbitrary: fc.constantFrom('active' as const, 'blackhole' as const) }),
});
const routes = fc.array(routeSpec, { maxLength: 4 });
const indices = (max: number) => fc.array(fc.nat(3), { maxLength: max });
const rare = (p: number) => fc.integer({ min: 1, max: p }).map((n) => n === 1);

const vpcSpec: fc.Arbitrary<VpcSpec> = fc.record({
  dnsSupport: fc.oneof({ weight: 20, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  dnsHostnames: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  attributes: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  isDefault: rare(6),
  dhcp: fc.oneof({ weight: 12, arbitrary: fc.constant('amazon' as const) }, { weight: 2, arbitrary: fc.constant('custom' as const) }, { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'none' as const, 'default' as const) }),
  defaultAcl: fc.oneof({ weight: 6, arbitrary: fc.constant('aws' as const) }, { weight: 4, arbitrary: fc.constant('random' as const) }, { weight: 1, arbitrary: fc.constant('missing' as const) }),
  defaultAclBase: aclBase,
  defaultAclEntries: fc.array(entry, { maxLength: 4 }),
  igw: fc.oneof({ weight: 6, arbitrary: fc.constant('attached' as const) }, { weight: 1, arbitrary: fc.constant('detached' as const) }, { weight: 2, arbitrary: fc.constant('none' as const) }),
  layout: fc.oneof({ weight: 2, arbitrary: fc.constant('public' as const) }, { weight: 3, arbitrary: fc.constant('nat' as const) }, { weight: 1, arbitrary: fc.constant('private' as const) }),
  natSubnet: fc.nat(3),
  secondary: rare(4),
  defaultGroup: fc.oneof({ weight: 3, arbitrary: fc.constant('aws' as const) }, { weight: 1, arbitrary: fc.constant('random' as const) }),
  defaultGroupRules: fc.record({ ingress: rules(2), egress: rules(2) }),
  mainRoutes: fc.array(routeSpec, { maxLength: 3 }),
  mainTable: fc.oneof({ weight: 15, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  mainS3: rare(4),
  localListed: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

export const specArbitrary: fc.Arbitrary<Spec> = fc.record({
  vpcs: fc.array(vpcSpec, { minLength: 1, maxLength: 2 }),
  subnets: fc.array(fc.record({ vpc: fc.nat(1), az: fc.nat(2), secondary: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  groups: fc.array(
    fc.record({
      vpc: fc.nat(1),
      ingressBase: fc.oneof({ weight: 3, arbitrary: fc.constant('vpc-443' as const) }, { weight: 1, arbitrary: fc.constant('all' as const) }, { weight: 2, arbitrary: fc.constant('none' as const) }),
      egressBase: fc.oneof({ weight: 3, arbitrary: fc.constant('all' as const) }, { weight: 2, arbitrary: fc.constant('443' as const) }, { weight: 1, arbitrary: fc.constant('none' as const) }),
      ingress: rules(2),
      egress: rules(2),
    }),
    { maxLength: 3 },
  ),
  acls: fc.array(fc.record({ vpc: fc.nat(1), base: aclBase, entries: fc.array(entry, { maxLength: 4 }), subnets: indices(2) }), { maxLength: 2 }),
  tables: fc.array(
    fc.record({
      vpc: fc.nat(1),
      routes: fc.array(routeSpec, { maxLength: 3 }),
      subnets: indices(2),
      s3: rare(3),
      default: fc.oneof({ weight: 2, arbitrary: fc.constantFrom('igw' as const, 'nat' as const) }, { weight: 1, arbitrary: fc.constant('none' as const) }),
    }),
    { maxLength: 2 },
  ),
  igws: fc.array(fc.record({ vpc: fc.nat(1), attached: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }), { maxLength: 2 }),
  nats: fc.array(
    fc.record({
      subnet: fc.nat(3),
      state: fc.oneof({ weight: 8, arbitrary: fc.constant('available') }, { weight: 1, arbitrary: fc.constantFrom('pending', 'failed', 'deleting', 'deleted') }),
      private: rare(5),
    }),
    { maxLength: 2 },
  ),
  endpoints: fc.array(
    fc.record({
      vpc: fc.nat(1),
      service: fc.nat(2),
      wrongRegion: rare(12),
      subnets: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
      privateDns: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      state: fc.oneof({ weight: 10, arbitrary: fc.constant('Available') }, { weight: 1, arbitrary: fc.constantFrom('PendingAcceptance', 'Pending', 'Failed', 'Rejected', 'Deleted') }),
      groups: indices(2),
    }),
    { maxLength: 4 },
  ),
  prefixLists: fc.array(fc.record({ entries: fc.oneof({ weight: 6, arbitrary: fc.array(cidr, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }) }), { maxLength: 2 }),
  appliance: fc.option(fc.record({ subnet: fc.nat(3), sdc: fc.boolean() }), { freq: 4 }),
  instances: fc.array(
    fc.record({
      subnet: fc.nat(3),
      groups: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
      publicIp: fc.boolean(),
      windows: rare(4),
      imds: fc.oneof({ weight: 8, arbitrary: fc.constant('enabled' as const) }, { weight: 1, arbitrary: fc.constantFrom('disabled' as const, 'absent' as const) }),
      danglingGroup: rare(25),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

// ---------------------------------------------------------------------------------------------
// Building the document

const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');
const ID = {
  vpc: (v: number) => `vpc-${hex(0xa0 + v)}`,
  subnet: (s: number) => `subnet-${hex(0xb0 + s)}`,
  sg: (g: number) => `sg-${hex(0xc0 + g)}`,
  acl: (a: number) => `acl-${hex(0xd0 + a)}`,
  rtb: (t: number) => `rtb-${hex(0xe0 + t)}`,
  igw: (i: number) => `igw-${hex(0xf0 + i)}`,
  nat: (n: number) => `nat-${hex(0x100 + n)}`,
  vpce: (e: number) => `vpce-${hex(0x110 + e)}`,
  eni: (n: number) => `eni-${hex(0x200 + n)}`,
  instance: (i: number) => `i-${hex(0x300 + i)}`,
  pl: (p: number) => `pl-${hex(0x400 + p)}`,
  dopt: (v: number, custom: boolean) => `dopt-${hex((custom ? 0x510 : 0x500) + v)}`,
};
const S3_PL = `pl-${hex(0x4ff)}`;
const TGW = `tgw-${hex(0x600)}`;
const VGW = `vgw-${hex(0x610)}`;
const PCX = `pcx-${hex(0x620)}`;
const GWLBE = `vpce-${hex(0x630)}`;
const DANGLING_NAT = `nat-${hex(0x6ff)}`;
const DANGLING_SG = `sg-${hex(0x6fe)}`;

const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
function cidrText(a: number, p: number): string {
  const size = 2 ** (32 - p);
  return `${intToIp(a - (a % size))}/${p}`;
}
function cidrRange(text: string): [number, number] {
  const [base, len] = text.split('/') as [string, string];
  const first = base.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  return [first, first + 2 ** (32 - Number(len)) - 1];
}

/** Turn a spec into a describe-* document. Deterministic. */
export function buildDocument(spec: Spec): Json {
  const vpcCount = spec.vpcs.length;
  const vpcCidr = (v: number) => `10.${v}.0.0/16`;
  const secondaryCidr = (v: number) => `100.64.${16 * v}.0/20`;
  const cidrsOf = (v: number) => [vpcCidr(v), ...(spec.vpcs[v]!.secondary ? [secondaryCidr(v)] : [])];
  const subnets = spec.subnets.map((s, i) => {
    const vpc = s.vpc % vpcCount;
    const base = s.secondary && spec.vpcs[vpc]!.secondary ? `100.64.${16 * vpc + i}` : `10.${vpc}.${i}`;
    return { id: ID.subnet(i), vpc, az: AZS[s.az % 3]!, cidr: `${base}.0/24`, base, index: i };
  });
  /** Inside one of the VPC's CIDRs: local wins, or AWS refuses the route (RT-3). */
  const insideVpc = (text: string, v: number) => {
    const [first, last] = cidrRange(text);
    return cidrsOf(v).some((c) => first >= cidrRange(c)[0] && last <= cidrRange(c)[1]);
  };
  // Every VPC needs a subnet to be interesting; subnets pick from the VPCs that exist.
  const subnetsOf = (v: number) => subnets.filter((s) => s.vpc === v);
  const pickSubnet = (i: number, v?: number) => {
    const candidates = v === undefined ? subnets : subnetsOf(v);
    return candidates.length === 0 ? undefined : candidates[i % candidates.length];
  };
  const ipIn = (subnetIndex: number, host: number) => `${subnets[subnetIndex]!.base}.${host}`;

  let eniCounter = 0;
  const enis: Json[] = [];
  const newEniId = () => ID.eni(eniCounter++);

  // Security groups: each VPC's default group, then the extra ones.
  interface Group { id: string; vpc: number; name: string; ingress: RuleSpec[]; egress: RuleSpec[]; aws: boolean; ingressBase: GroupSpec['ingressBase']; egressBase: GroupSpec['egressBase'] }
  const groups: Group[] = [];
  spec.vpcs.forEach((v, i) => groups.push({ id: ID.sg(i), vpc: i, name: 'default', ingress: v.defaultGroupRules.ingress, egress: v.defaultGroupRules.egress, aws: v.defaultGroup === 'aws', ingressBase: 'none', egressBase: 'none' }));
  spec.groups.forEach((g, i) => groups.push({ id: ID.sg(10 + i), vpc: g.vpc % vpcCount, name: `extra-${i}`, ingress: g.ingress, egress: g.egress, aws: false, ingressBase: g.ingressBase, egressBase: g.egressBase }));
  const groupsOf = (v: number) => groups.filter((g) => g.vpc === v);
  const pickGroups = (picks: number[], v: number) => {
    const candidates = groupsOf(v);
    return [...new Set(picks.map((p) => candidates[p % candidates.length]!.id))];
  };

  // Addresses first (rules and routes refer to them): instances, endpoint ENIs, NATs, the appliance.
  const instances = spec.instances.flatMap((inst, i) => {
    const subnet = subnets[inst.subnet % subnets.length]!;
    return [{ spec: inst, id: ID.instance(i), eniId: newEniId(), subnet, ip: ipIn(subnet.index, 10 + i), publicIp: inst.publicIp ? `3.80.${subnet.index}.${10 + i}` : undefined, groups: [...pickGroups(inst.groups, subnet.vpc), ...(inst.danglingGroup ? [DANGLING_SG] : [])] }];
  });
  const nats = spec.nats.map((n, i) => {
    const subnet = subnets[n.subnet % subnets.length]!;
    return { spec: n, id: ID.nat(i), eniId: newEniId(), subnet, ip: ipIn(subnet.index, 5 + i) };
  });
  spec.vpcs.forEach((v, i) => {
    const subnet = pickSubnet(v.natSubnet, i);
    if (v.layout !== 'nat' || !subnet || nats.some((n) => n.subnet.vpc === i)) return;
    nats.push({ spec: { subnet: subnet.index, state: 'available', private: false }, id: ID.nat(8 + i), eniId: newEniId(), subnet, ip: ipIn(subnet.index, 8) });
  });
  const seenService = new Set<string>();
  const endpoints = spec.endpoints.flatMap((e, i) => {
    const vpc = e.vpc % vpcCount;
    const key = `${vpc}/${e.service}/${e.wrongRegion}`;
    const inVpc = subnetsOf(vpc);
    if (seenService.has(key) || inVpc.length === 0) return [];
    seenService.add(key);
    const chosen = [...new Set(e.subnets.map((s) => inVpc[s % inVpc.length]!))];
    return [{ spec: e, id: ID.vpce(i), vpc, subnets: chosen, enis: chosen.map((s) => ({ id: newEniId(), subnet: s, ip: ipIn(s.index, 100 + i) })), groups: pickGroups(e.groups, vpc) }];
  });
  const applianceSubnet = spec.appliance ? subnets[spec.appliance.subnet % subnets.length]! : undefined;
  const appliance = spec.appliance && applianceSubnet ? { id: newEniId(), subnet: applianceSubnet, ip: ipIn(applianceSubnet.index, 200), sdc: spec.appliance.sdc } : undefined;

  const pool = [
    ...PUBLIC_POOL,
    ...spec.vpcs.flatMap((_, v) => cidrsOf(v)),
    ...subnets.map((s) => s.cidr),
    ...instances.map((i) => `${i.ip}/32`),
    ...endpoints.flatMap((e) => e.enis.map((x) => `${x.ip}/32`)),
    ...nats.map((n) => `${n.ip}/32`),
    ...S3_CIDRS,
  ];
  const cidrOf = (c: CidrSpec): string | undefined => (c.k === 'pool' ? pool[c.i % pool.length] : c.k === 'random' ? cidrText(c.a, c.p) : undefined);

  const prefixLists = spec.prefixLists.map((p, i) => ({ id: ID.pl(i), entries: p.entries === null ? null : [...new Set(p.entries.map((c) => cidrOf(c) ?? '0.0.0.0/0'))] }));

  const permission = (r: RuleSpec, v: number): Json => {
    const ported = r.proto === 'tcp' || r.proto === '6' || r.proto === 'udp';
    const p: Json = { IpProtocol: r.proto, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
    if (ported) Object.assign(p, { FromPort: r.ports.from, ToPort: r.ports.to });
    else if (r.proto === 'icmp') Object.assign(p, { FromPort: -1, ToPort: -1 });
    for (const peer of r.peers) {
      if (peer.k === 'cidr') {
        const text = cidrOf(peer.c);
        if (text) p['IpRanges'].push({ CidrIp: text });
        else p['Ipv6Ranges'].push({ CidrIpv6: '::/0' });
      } else if (peer.k === 'pl') {
        if (prefixLists.length > 0) p['PrefixListIds'].push({ PrefixListId: prefixLists[peer.i % prefixLists.length]!.id });
        else p['IpRanges'].push({ CidrIp: '0.0.0.0/0' });
      } else if (peer.k === 's3') p['PrefixListIds'].push({ PrefixListId: S3_PL });
      else if (peer.k === 'sg') {
        const candidates = groupsOf(v);
        p['UserIdGroupPairs'].push({ GroupId: candidates[peer.i % candidates.length]!.id, UserId: OWNER });
      } else p['UserIdGroupPairs'].push({ GroupId: DANGLING_SG, UserId: OWNER });
    }
    return p;
  };
  const allTraffic = (peers: Json): Json => ({ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...peers });
  const https = (peers: Json): Json => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...peers });
  const ingressBase = (g: Group): Json[] =>
    g.ingressBase === 'vpc-443' ? [https({ IpRanges: [{ CidrIp: vpcCidr(g.vpc) }] })] : g.ingressBase === 'all' ? [allTraffic({ IpRanges: [{ CidrIp: '0.0.0.0/0' }] })] : [];
  const egressBase = (g: Group): Json[] =>
    g.egressBase === 'all' ? [allTraffic({ IpRanges: [{ CidrIp: '0.0.0.0/0' }] })] : g.egressBase === '443' ? [https({ IpRanges: [{ CidrIp: '0.0.0.0/0' }] })] : [];
  const SecurityGroups = groups.map((g) => ({
    GroupId: g.id,
    GroupName: g.name,
    Description: g.name,
    VpcId: ID.vpc(g.vpc),
    OwnerId: OWNER,
    IpPermissions: g.aws ? [allTraffic({ UserIdGroupPairs: [{ GroupId: g.id, UserId: OWNER }] })] : [...ingressBase(g), ...g.ingress.map((r) => permission(r, g.vpc))],
    IpPermissionsEgress: g.aws ? [allTraffic({ IpRanges: [{ CidrIp: '0.0.0.0/0' }] })] : [...egressBase(g), ...g.egress.map((r) => permission(r, g.vpc))],
  }));

  // Network ACLs: the default one per VPC (AWS's allow-all, random entries, or missing), and customs.
  const ALLOW_ALL: EntrySpec[] = [
    { n: 30000, allow: true, egress: true, proto: '-1', ports: { from: 0, to: 65535 }, c: { k: 'pool', i: 0 } },
    { n: 30000, allow: true, egress: false, proto: '-1', ports: { from: 0, to: 65535 }, c: { k: 'pool', i: 0 } },
  ];
  const naclEntries = (entries: EntrySpec[], base: 'allow-all' | 'none' = 'none'): Json[] => {
    const used = new Set<string>();
    const out: Json[] = [];
    if (base === 'allow-all') entries = [...entries, ...ALLOW_ALL];
    for (const e of entries) {
      const key = `${e.egress}/${e.n}`;
      if (used.has(key)) continue;
      used.add(key);
      const text = cidrOf(e.c);
      const entry: Json = { RuleNumber: e.n, Protocol: e.proto, RuleAction: e.allow ? 'allow' : 'deny', Egress: e.egress, ...(text ? { CidrBlock: text } : { Ipv6CidrBlock: '::/0' }) };
      if (e.proto === '6' || e.proto === '17') entry['PortRange'] = { From: e.ports.from, To: e.ports.to };
      out.push(entry);
    }
    out.push({ RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' });
    out.push({ RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' });
    return out;
  };
  const NetworkAcls: Json[] = [];
  const aclTaken = new Set<string>();
  spec.acls.forEach((a, i) => {
    const vpc = a.vpc % vpcCount;
    const inVpc = subnetsOf(vpc);
    const associated = [...new Set(a.subnets.map((s) => inVpc[s % Math.max(inVpc.length, 1)]).filter((s) => s !== undefined && !aclTaken.has(s.id)))] as typeof subnets;
    associated.forEach((s) => aclTaken.add(s.id));
    NetworkAcls.push({ NetworkAclId: ID.acl(10 + i), VpcId: ID.vpc(vpc), IsDefault: false, OwnerId: OWNER, Associations: associated.map((s) => ({ NetworkAclId: ID.acl(10 + i), SubnetId: s.id })), Entries: naclEntries(a.entries, a.base) });
  });
  spec.vpcs.forEach((v, i) => {
    if (v.defaultAcl === 'missing') return;
    const entries =
      v.defaultAcl === 'aws'
        ? naclEntries([
            { n: 100, allow: true, egress: true, proto: '-1', ports: { from: 0, to: 65535 }, c: { k: 'pool', i: 0 } },
            { n: 100, allow: true, egress: false, proto: '-1', ports: { from: 0, to: 65535 }, c: { k: 'pool', i: 0 } },
          ])
        : naclEntries(v.defaultAclEntries, v.defaultAclBase);
    const associated = subnetsOf(i).filter((s) => !aclTaken.has(s.id));
    NetworkAcls.push({ NetworkAclId: ID.acl(i), VpcId: ID.vpc(i), IsDefault: true, OwnerId: OWNER, Associations: associated.map((s) => ({ NetworkAclId: ID.acl(i), SubnetId: s.id })), Entries: entries });
  });

  // Route tables.
  // Each VPC's own gateway first (ids igw-…f0, f1), then the stray ones.
  const igws = [
    ...spec.vpcs.flatMap((v, i) => (v.igw === 'none' ? [] : [{ id: ID.igw(i), vpc: i, attached: v.igw === 'attached' }])),
    ...spec.igws.map((g, i) => ({ id: ID.igw(8 + i), vpc: g.vpc % vpcCount, attached: g.attached })),
  ];
  const routeOf = (r: RouteSpec, v: number, seen: Set<string>): Json | undefined => {
    let dest: Json;
    let key: string;
    if (r.dest.k === 'pl') {
      if (prefixLists.length === 0) return undefined;
      const list = prefixLists[r.dest.i % prefixLists.length]!;
      const id = list.id;
      // RT-3: AWS refuses a route more specific than local, and a list entry inside the VPC is one.
      if (list.entries?.some((e) => insideVpc(e, v))) return undefined;
      dest = { DestinationPrefixListId: id };
      key = id;
    } else if (r.dest.k === 'subnet') {
      // RT-3: more specific than local only for a whole subnet, only to an appliance (ENI).
      const s = pickSubnet(r.dest.i, v);
      if (!s || !appliance || appliance.subnet.vpc !== v || r.target.k !== 'eni') return undefined;
      dest = { DestinationCidrBlock: s.cidr };
      key = s.cidr;
    } else {
      const text = cidrOf(r.dest.c);
      if (!text) return undefined;
      if (insideVpc(text, v)) return undefined;
      dest = { DestinationCidrBlock: text };
      key = text;
    }
    let target: Json;
    let healthy = true;
    let propagated = false;
    switch (r.target.k) {
      case 'igw': {
        const mine = igws.filter((g) => g.vpc === v);
        const g = mine.length > 0 ? mine[r.target.i % mine.length]! : igws[r.target.i % Math.max(igws.length, 1)];
        if (!g) return undefined;
        target = { GatewayId: g.id };
        healthy = g.attached && g.vpc === v;
        break;
      }
      case 'nat': {
        const mine = nats.filter((n) => n.subnet.vpc === v);
        if (mine.length === 0) return undefined;
        const n = mine[r.target.i % mine.length]!;
        target = { NatGatewayId: n.id };
        healthy = n.spec.state !== 'failed' && n.spec.state !== 'deleted';
        break;
      }
      case 'tgw':
        target = { TransitGatewayId: TGW };
        break;
      case 'vgw':
        target = { GatewayId: VGW };
        propagated = r.target.propagated;
        break;
      case 'pcx':
        target = { VpcPeeringConnectionId: PCX };
        break;
      case 'eni':
        if (!appliance || appliance.subnet.vpc !== v) return undefined;
        target = { NetworkInterfaceId: appliance.id };
        break;
      case 'gwlb':
        target = { VpcEndpointId: GWLBE };
        break;
      case 'dangling-nat':
        target = { NatGatewayId: DANGLING_NAT };
        break;
    }
    // AWS refuses two routes to one destination, except a propagated one beside a static one.
    const seenKey = `${key}/${propagated}`;
    if (seen.has(seenKey)) return undefined;
    seen.add(seenKey);
    const state = r.state === 'derived' ? (healthy ? 'active' : 'blackhole') : r.state;
    return { ...dest, ...target, Origin: propagated ? 'EnableVgwRoutePropagation' : 'CreateRoute', State: state };
  };
  const tableRoutes = (routes: RouteSpec[], v: number, s3: boolean, localListed: boolean): Json[] => {
    const seen = new Set<string>();
    const out: Json[] = localListed ? [{ DestinationCidrBlock: vpcCidr(v), GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }] : [];
    for (const r of routes) {
      const built = routeOf(r, v, seen);
      if (built) out.push(built);
    }
    if (s3) out.push({ DestinationPrefixListId: S3_PL, GatewayId: ID.vpce(99 + v), Origin: 'CreateRoute', State: 'active' });
    return out;
  };
  const RouteTables: Json[] = [];
  const rtbTaken = new Set<string>();
  const s3Tables = new Map<number, string[]>();
  spec.tables.forEach((t, i) => {
    const vpc = t.vpc % vpcCount;
    const inVpc = subnetsOf(vpc);
    const associated = [...new Set(t.subnets.map((s) => inVpc[s % Math.max(inVpc.length, 1)]).filter((s) => s !== undefined && !rtbTaken.has(s.id)))] as typeof subnets;
    associated.forEach((s) => rtbTaken.add(s.id));
    if (t.s3) s3Tables.set(vpc, [...(s3Tables.get(vpc) ?? []), ID.rtb(10 + i)]);
    RouteTables.push({
      RouteTableId: ID.rtb(10 + i),
      VpcId: ID.vpc(vpc),
      OwnerId: OWNER,
      Associations: associated.map((s) => ({ Main: false, RouteTableId: ID.rtb(10 + i), SubnetId: s.id, AssociationState: { State: 'associated' } })),
      Routes: tableRoutes([...t.routes, ...(t.default === 'none' ? [] : [{ dest: { k: 'cidr', c: { k: 'pool', i: 0 } }, target: { k: t.default, i: 0 }, state: 'derived' } as RouteSpec])], vpc, t.s3, true),
    });
  });
  // The VPC layout: the NAT gateways' subnets get a public table (0.0.0.0/0 → the VPC's IGW)
  // unless a custom table already holds them; the main table's default route follows the layout.
  const layoutRoute = (v: number): RouteSpec[] => {
    const layout = spec.vpcs[v]!.layout;
    if (layout === 'public') return [{ dest: { k: 'cidr', c: { k: 'pool', i: 0 } }, target: { k: 'igw', i: 0 }, state: 'derived' }];
    if (layout === 'nat') return [{ dest: { k: 'cidr', c: { k: 'pool', i: 0 } }, target: { k: 'nat', i: 0 }, state: 'derived' }];
    return [];
  };
  spec.vpcs.forEach((v, i) => {
    if (v.layout !== 'nat') return;
    const natSubnets = [...new Set(nats.filter((n) => n.subnet.vpc === i).map((n) => n.subnet))].filter((s) => !rtbTaken.has(s.id));
    if (natSubnets.length === 0) return;
    natSubnets.forEach((s) => rtbTaken.add(s.id));
    RouteTables.push({
      RouteTableId: ID.rtb(8 + i),
      VpcId: ID.vpc(i),
      OwnerId: OWNER,
      Associations: natSubnets.map((s) => ({ Main: false, RouteTableId: ID.rtb(8 + i), SubnetId: s.id, AssociationState: { State: 'associated' } })),
      Routes: tableRoutes([{ dest: { k: 'cidr', c: { k: 'pool', i: 0 } }, target: { k: 'igw', i: 0 }, state: 'derived' }], i, false, true),
    });
  });
  spec.vpcs.forEach((v, i) => {
    if (!v.mainTable) return;
    if (v.mainS3) s3Tables.set(i, [...(s3Tables.get(i) ?? []), ID.rtb(i)]);
    RouteTables.push({
      RouteTableId: ID.rtb(i),
      VpcId: ID.vpc(i),
      OwnerId: OWNER,
      Associations: [{ Main: true, RouteTableId: ID.rtb(i), AssociationState: { State: 'associated' } }],
      Routes: tableRoutes([...v.mainRoutes, ...layoutRoute(i)], i, v.mainS3, v.localListed),
    });
  });

  // Interface network interfaces: instances are inline (Reservations) and in NetworkInterfaces.
  const groupRef = (id: string) => ({ GroupId: id, GroupName: groups.find((g) => g.id === id)?.name ?? 'missing' });
  const Reservations = instances.map((inst) => {
    const eni: Json = {
      NetworkInterfaceId: inst.eniId,
      SubnetId: inst.subnet.id,
      VpcId: ID.vpc(inst.subnet.vpc),
      PrivateIpAddress: inst.ip,
      Groups: inst.groups.map(groupRef),
      SourceDestCheck: true,
      Attachment: { DeviceIndex: 0, Status: 'attached', InstanceId: inst.id },
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: inst.ip, ...(inst.publicIp ? { Association: { PublicIp: inst.publicIp, IpOwnerId: 'amazon' } } : {}) }],
      InterfaceType: 'interface',
      ...(inst.publicIp ? { Association: { PublicIp: inst.publicIp, IpOwnerId: 'amazon' } } : {}),
    };
    enis.push({ ...eni, AvailabilityZone: inst.subnet.az, Status: 'in-use' });
    const instance: Json = {
      InstanceId: inst.id,
      InstanceType: 't3.micro',
      State: { Code: 16, Name: 'running' },
      Placement: { AvailabilityZone: inst.subnet.az },
      SubnetId: inst.subnet.id,
      VpcId: ID.vpc(inst.subnet.vpc),
      PrivateIpAddress: inst.ip,
      ...(inst.publicIp ? { PublicIpAddress: inst.publicIp } : {}),
      ...(inst.spec.windows ? { Platform: 'windows', PlatformDetails: 'Windows' } : { PlatformDetails: 'Linux/UNIX' }),
      SecurityGroups: inst.groups.map(groupRef),
      NetworkInterfaces: [eni],
    };
    if (inst.spec.imds !== 'absent') {
      instance['MetadataOptions'] = { State: 'applied', HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: inst.spec.imds, HttpProtocolIpv6: 'disabled' };
    }
    return { ReservationId: `r-${hex(0x300 + instances.indexOf(inst))}`, OwnerId: OWNER, Groups: [], Instances: [instance] };
  });

  const NatGateways = nats.map((n) => {
    const isPrivate = n.spec.private;
    enis.push({ NetworkInterfaceId: n.eniId, SubnetId: n.subnet.id, VpcId: ID.vpc(n.subnet.vpc), AvailabilityZone: n.subnet.az, PrivateIpAddress: n.ip, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: n.ip }], Groups: [], SourceDestCheck: false, InterfaceType: 'nat_gateway', RequesterManaged: true, Status: 'in-use' });
    return {
      NatGatewayId: n.id,
      SubnetId: n.subnet.id,
      VpcId: ID.vpc(n.subnet.vpc),
      State: n.spec.state,
      ConnectivityType: isPrivate ? 'private' : 'public',
      NatGatewayAddresses: [{ NetworkInterfaceId: n.eniId, PrivateIp: n.ip, ...(isPrivate ? {} : { PublicIp: `3.90.0.${nats.indexOf(n) + 1}`, AllocationId: `eipalloc-${hex(nats.indexOf(n))}` }), IsPrimary: true, Status: 'succeeded' }],
    };
  });

  const VpcEndpoints: Json[] = endpoints.map((e) => {
    for (const x of e.enis) {
      enis.push({ NetworkInterfaceId: x.id, SubnetId: x.subnet.id, VpcId: ID.vpc(e.vpc), AvailabilityZone: x.subnet.az, PrivateIpAddress: x.ip, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: x.ip }], Groups: e.groups.map(groupRef), SourceDestCheck: true, InterfaceType: 'vpc_endpoint', RequesterManaged: true, Status: 'in-use' });
    }
    return {
      VpcEndpointId: e.id,
      VpcEndpointType: 'Interface',
      VpcId: ID.vpc(e.vpc),
      ServiceName: `com.amazonaws.${e.spec.wrongRegion ? 'eu-west-1' : REGION}.${SERVICES[e.spec.service % 3]}`,
      State: e.spec.state,
      SubnetIds: e.subnets.map((s) => s.id),
      Groups: e.groups.map(groupRef),
      PrivateDnsEnabled: e.spec.privateDns,
      NetworkInterfaceIds: e.enis.map((x) => x.id),
      RouteTableIds: [],
    };
  });
  if (RouteTables.some((t) => t.Routes.some((r: Json) => r.VpcEndpointId === GWLBE))) {
    VpcEndpoints.push({ VpcEndpointId: GWLBE, VpcEndpointType: 'GatewayLoadBalancer', VpcId: ID.vpc(0), ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0fuzz', State: 'available', RouteTableIds: [], SubnetIds: [], Groups: [], PrivateDnsEnabled: false, NetworkInterfaceIds: [] });
  }
  for (const [v, tables] of s3Tables) {
    VpcEndpoints.push({ VpcEndpointId: ID.vpce(99 + v), VpcEndpointType: 'Gateway', VpcId: ID.vpc(v), ServiceName: `com.amazonaws.${REGION}.s3`, State: 'available', RouteTableIds: tables, SubnetIds: [], Groups: [], PrivateDnsEnabled: false, NetworkInterfaceIds: [] });
  }
  if (appliance) {
    enis.push({ NetworkInterfaceId: appliance.id, SubnetId: appliance.subnet.id, VpcId: ID.vpc(appliance.subnet.vpc), AvailabilityZone: appliance.subnet.az, PrivateIpAddress: appliance.ip, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: appliance.ip }], Groups: [groupRef(groupsOf(appliance.subnet.vpc)[0]!.id)], SourceDestCheck: appliance.sdc, InterfaceType: 'interface', Status: 'in-use' });
  }

  const DhcpOptions: Json[] = [];
  const Vpcs = spec.vpcs.map((v, i) => {
    const dopt = v.dhcp === 'none' ? undefined : v.dhcp === 'default' ? 'default' : ID.dopt(i, v.dhcp === 'custom');
    if (v.dhcp === 'amazon' || v.dhcp === 'custom') {
      DhcpOptions.push({ DhcpOptionsId: dopt, DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [{ Value: v.dhcp === 'amazon' ? 'AmazonProvidedDNS' : '10.0.0.53' }] }] });
    }
    return {
      VpcId: ID.vpc(i),
      CidrBlock: vpcCidr(i),
      CidrBlockAssociationSet: cidrsOf(i).map((CidrBlock) => ({ CidrBlock, CidrBlockState: { State: 'associated' } })),
      IsDefault: v.isDefault,
      ...(dopt ? { DhcpOptionsId: dopt } : {}),
      State: 'available',
    };
  });
  const VpcAttributes = spec.vpcs.flatMap((v, i) => (v.attributes ? [{ VpcId: ID.vpc(i), EnableDnsSupport: { Value: v.dnsSupport }, EnableDnsHostnames: { Value: v.dnsHostnames } }] : []));

  return {
    Region: REGION,
    Reservations,
    Vpcs,
    VpcAttributes,
    DhcpOptions,
    Subnets: subnets.map((s) => ({ SubnetId: s.id, VpcId: ID.vpc(s.vpc), CidrBlock: s.cidr, AvailabilityZone: s.az, State: 'available' })),
    SecurityGroups,
    NetworkAcls,
    RouteTables,
    InternetGateways: igws.map((g) => ({ InternetGatewayId: g.id, Attachments: g.attached ? [{ State: 'available', VpcId: ID.vpc(g.vpc) }] : [] })),
    NatGateways,
    VpcEndpoints,
    NetworkInterfaces: enis,
    PrefixLists: [{ PrefixListId: S3_PL, PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: S3_CIDRS }],
    ManagedPrefixLists: prefixLists.map((p) => ({ PrefixListId: p.id, PrefixListName: `corp-${p.id}`, OwnerId: OWNER, AddressFamily: 'IPv4', ...(p.entries ? { Entries: p.entries.map((Cidr) => ({ Cidr })) } : {}) })),
    VpcPeeringConnections: [],
  };
}

/** Random documents, ready to evaluate. */
export const documentArbitrary: fc.Arbitrary<Json> = specArbitrary.map(buildDocument);
