// Synthetic regions in the snapshot format (DESIGN.md §2) for the fleet benchmarks.
//
// Deterministic by seed: the same (instances, seed, options) always gives the same bytes. The
// region looks like a real one of its size: several VPCs of three kinds (interface endpoints with
// private DNS, NAT gateways per zone, both), three zones, private app subnets, public subnets with
// an internet gateway, data subnets behind a custom NACL, shared security groups with realistic
// rule counts, S3 gateway endpoints, transit-gateway routes, and every member the AWS CLI prints
// for an instance and its interfaces. A share of instances is broken the ways real fleets are:
// a security group that only allows port 80 out, a NACL without the ephemeral ports, a subnet
// without a default route, endpoints with private DNS off, no public IP behind an internet
// gateway, IMDS disabled.
//
// Usage: node --import tsx bench/generate.ts --instances 1000 [--seed 1] [--vpcs N] --out FILE

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const GENERATOR_VERSION = 5;

export interface GenerateOptions {
  instances: number;
  seed: number;
  /** Fix the number of VPCs (default: grows with the fleet, one per 2,500 instances, at least 3 from 100 instances). */
  vpcs?: number;
  region?: string;
}

/** What the generator meant to break, per kind: a check the bench can compare with the verdicts. */
export interface GenerateSummary {
  instances: number;
  vpcs: number;
  subnets: number;
  securityGroups: number;
  networkAcls: number;
  routeTables: number;
  vpcEndpoints: number;
  natGateways: number;
  networkInterfaces: number;
  /** Instances placed in a way that breaks at least one check, by the first reason. */
  broken: Record<string, number>;
  healthy: number;
}

type Json = Record<string, unknown>;

/** mulberry32: small, fast, good enough for shuffling a synthetic fleet. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OWNER = '123456789012';
const AZS = ['a', 'b', 'c'] as const;
const TYPES = ['t3.micro', 't3.medium', 'm6i.large', 'm6i.xlarge', 'c6i.2xlarge', 'r6i.large', 'm7g.large'];
const TEAMS = ['payments', 'search', 'ingest', 'platform', 'billing', 'ml', 'web', 'batch'];
const ENVS = ['prod', 'staging', 'dev'];

type VpcKind = 'endpoints' | 'nat' | 'mixed' | 'endpoints-private-dns-off' | 'nat-dns-hostnames-off';

interface SubnetSlot {
  id: string;
  az: string;
  cidrBase: number;
  size: number;
  next: number;
  role: 'app' | 'public' | 'data' | 'isolated' | 'legacy' | 'endpoint';
}

interface VpcPlan {
  index: number;
  id: string;
  kind: VpcKind;
  cidr: string;
  base: number;
  subnets: SubnetSlot[];
  groups: { base: string[]; app: string[]; broken: string; vpce: string; web: string };
  /** Applications (auto scaling groups) per subnet role: one set of groups and one AMI each. */
  apps: Record<string, Array<{ groups: string[]; windows: boolean }>>;
}

function ipText(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export function generateRegion(options: GenerateOptions): { document: Json; summary: GenerateSummary } {
  const n = options.instances;
  const rand = prng(options.seed * 2654435761 + n);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const region = options.region ?? 'eu-west-1';
  let serial = 0;
  // Ids look like AWS's (17 hex digits); the low half is a bijection of a serial, so they never repeat.
  const mix = (x: number) => {
    let h = x >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  };
  const hex = (width: number) => {
    serial += 1;
    const high = mix(serial ^ Math.imul(options.seed, 0x27d4eb2f)).toString(16).padStart(8, '0');
    const low = mix(serial).toString(16).padStart(8, '0');
    return `${high}${low}`.slice(-width).padStart(width, '0');
  };
  const id = (prefix: string) => `${prefix}-0${hex(16)}`;
  const tags = (name: string, extra: Record<string, string> = {}) => [
    { Key: 'Name', Value: name },
    ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  ];

  const vpcCount = options.vpcs ?? (n < 100 ? 1 : Math.max(3, Math.ceil(n / 2500)));
  const doc = {
    Region: region,
    Vpcs: [] as Json[],
    VpcAttributes: [] as Json[],
    DhcpOptions: [] as Json[],
    Subnets: [] as Json[],
    SecurityGroups: [] as Json[],
    NetworkAcls: [] as Json[],
    RouteTables: [] as Json[],
    InternetGateways: [] as Json[],
    NatGateways: [] as Json[],
    VpcEndpoints: [] as Json[],
    NetworkInterfaces: [] as Json[],
    PrefixLists: [] as Json[],
    TransitGateways: [] as Json[],
    Reservations: [] as Json[],
  };
  const summary: GenerateSummary = {
    instances: 0, vpcs: vpcCount, subnets: 0, securityGroups: 0, networkAcls: 0, routeTables: 0,
    vpcEndpoints: 0, natGateways: 0, networkInterfaces: 0, broken: {}, healthy: 0,
  };

  const dopt = id('dopt');
  doc.DhcpOptions.push({
    DhcpOptionsId: dopt,
    OwnerId: OWNER,
    DhcpConfigurations: [
      { Key: 'domain-name', Values: [{ Value: `${region}.compute.internal` }] },
      { Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] },
    ],
    Tags: [],
  });
  const s3List = 'pl-6da54004';
  doc.PrefixLists.push({ PrefixListId: s3List, PrefixListName: `com.amazonaws.${region}.s3`, Cidrs: ['52.218.0.0/17', '3.5.64.0/21', '3.5.72.0/23', '52.92.0.0/17'] });
  doc.PrefixLists.push({ PrefixListId: 'pl-6fa54006', PrefixListName: `com.amazonaws.${region}.dynamodb`, Cidrs: ['52.94.5.0/24', '52.119.240.0/21'] });
  const tgw = id('tgw');
  doc.TransitGateways.push({ TransitGatewayId: tgw, State: 'available', OwnerId: OWNER, Description: 'hub', Options: { AmazonSideAsn: 64512, DefaultRouteTableAssociation: 'enable' }, Tags: tags('hub') });

  // Public ranges NACLs name: office and partner networks allowed in on admin ports, and a threat
  // list the legacy NACL denies. Each cuts public space into pieces (RT-9) the engine evaluates.
  const offices = Array.from({ length: 6 }, (_, i) => `${198 + (i % 2)}.${(i * 37 + 20) % 256}.${(i * 11) % 256}.0/24`);
  const denyLists = Array.from({ length: 8 }, (_, i) => `${185 + (i % 3)}.${(i * 37) % 256}.${(i * 11) % 256}.0/24`);

  const permission = (protocol: string, from: number | undefined, to: number | undefined, peers: { cidrs?: string[]; groups?: string[]; lists?: string[] }) => ({
    IpProtocol: protocol,
    ...(from === undefined ? {} : { FromPort: from, ToPort: to }),
    IpRanges: (peers.cidrs ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: [],
    PrefixListIds: (peers.lists ?? []).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: (peers.groups ?? []).map((GroupId) => ({ GroupId, UserId: OWNER })),
  });
  const group = (vpcId: string, name: string, ingress: Json[], egress: Json[]) => {
    const groupId = id('sg');
    doc.SecurityGroups.push({ Description: `${name} group`, GroupName: name, IpPermissions: ingress, OwnerId: OWNER, GroupId: groupId, IpPermissionsEgress: egress, Tags: tags(name), VpcId: vpcId });
    return groupId;
  };
  const entry = (RuleNumber: number, Egress: boolean, RuleAction: 'allow' | 'deny', Protocol: string, CidrBlock: string, ports?: [number, number]) => ({
    CidrBlock, Egress, Protocol, RuleAction, RuleNumber, ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
  });
  const acl = (vpcId: string, name: string, isDefault: boolean, entries: Json[], subnetIds: string[]) => {
    const aclId = id('acl');
    doc.NetworkAcls.push({
      Associations: subnetIds.map((SubnetId) => ({ NetworkAclAssociationId: id('aclassoc'), NetworkAclId: aclId, SubnetId })),
      Entries: [...entries, entry(32767, false, 'deny', '-1', '0.0.0.0/0'), entry(32767, true, 'deny', '-1', '0.0.0.0/0')],
      IsDefault: isDefault, NetworkAclId: aclId, Tags: tags(name), VpcId: vpcId, OwnerId: OWNER,
    });
  };
  const routeTable = (vpcId: string, name: string, main: boolean, routes: Json[], subnetIds: string[]) => {
    const tableId = id('rtb');
    doc.RouteTables.push({
      Associations: [
        ...(main ? [{ Main: true, RouteTableAssociationId: id('rtbassoc'), RouteTableId: tableId, AssociationState: { State: 'associated' } }] : []),
        ...subnetIds.map((SubnetId) => ({ Main: false, RouteTableAssociationId: id('rtbassoc'), RouteTableId: tableId, SubnetId, AssociationState: { State: 'associated' } })),
      ],
      PropagatingVgws: [], RouteTableId: tableId, Routes: routes, Tags: tags(name), VpcId: vpcId, OwnerId: OWNER,
    });
    return tableId;
  };
  const localRoute = (cidr: string) => ({ DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' });
  const eniRecord = (eniId: string, subnet: SubnetSlot, vpcId: string, address: number, groups: Array<{ GroupId: string; GroupName: string }>, extra: Json) => ({
    AvailabilityZone: `${region}${subnet.az}`,
    Description: '',
    Groups: groups,
    InterfaceType: 'interface',
    Ipv6Addresses: [],
    MacAddress: `0a:${hex(2)}:${hex(2)}:${hex(2)}:${hex(2)}:${hex(2)}`,
    NetworkInterfaceId: eniId,
    OwnerId: OWNER,
    PrivateDnsName: `ip-${ipText(address).replaceAll('.', '-')}.${region}.compute.internal`,
    PrivateIpAddress: ipText(address),
    PrivateIpAddresses: [{ Primary: true, PrivateDnsName: `ip-${ipText(address).replaceAll('.', '-')}.${region}.compute.internal`, PrivateIpAddress: ipText(address) }],
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: subnet.id,
    TagSet: [],
    VpcId: vpcId,
    ...extra,
  });
  const takeAddress = (subnet: SubnetSlot) => {
    const address = subnet.cidrBase + subnet.next;
    subnet.next += 1;
    if (subnet.next >= subnet.size - 1) throw new Error(`subnet ${subnet.id} is full; use more VPCs`);
    return address;
  };

  // --- VPCs ---------------------------------------------------------------------------------
  const kinds: VpcKind[] = ['endpoints', 'nat', 'mixed', 'endpoints', 'nat', 'mixed', 'nat', 'endpoints', 'endpoints-private-dns-off', 'nat-dns-hostnames-off'];
  const plans: VpcPlan[] = [];
  for (let v = 0; v < vpcCount; v++) {
    const kind: VpcKind = vpcCount === 1 ? 'mixed' : kinds[v % kinds.length]!;
    const vpcId = id('vpc');
    const base = ((10 << 24) | ((v % 256) << 16)) >>> 0;
    if (v >= 256) throw new Error('at most 256 VPCs');
    const cidr = `${ipText(base)}/16`;
    doc.Vpcs.push({
      CidrBlock: cidr, DhcpOptionsId: dopt, State: 'available', VpcId: vpcId, OwnerId: OWNER, InstanceTenancy: 'default',
      CidrBlockAssociationSet: [{ AssociationId: id('vpc-cidr-assoc'), CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
      IsDefault: false, Tags: tags(`${pick(TEAMS)}-${v}`),
    });
    doc.VpcAttributes.push({ VpcId: vpcId, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: kind !== 'nat-dns-hostnames-off' } });

    const subnets: SubnetSlot[] = [];
    const addSubnet = (role: SubnetSlot['role'], az: string, offset: number, prefix: number) => {
      const slot: SubnetSlot = { id: id('subnet'), az, cidrBase: (base + offset) >>> 0, size: 2 ** (32 - prefix), next: 4, role };
      subnets.push(slot);
      doc.Subnets.push({
        AvailabilityZone: `${region}${az}`, AvailabilityZoneId: `euw1-az${AZS.indexOf(az as 'a') + 1}`, AvailableIpAddressCount: slot.size - 5,
        CidrBlock: `${ipText(slot.cidrBase)}/${prefix}`, DefaultForAz: false, MapPublicIpOnLaunch: role === 'public', State: 'available',
        SubnetId: slot.id, VpcId: vpcId, OwnerId: OWNER, AssignIpv6AddressOnCreation: false, Ipv6CidrBlockAssociationSet: [],
        SubnetArn: `arn:aws:ec2:${region}:${OWNER}:subnet/${slot.id}`, Tags: tags(`${role}-${az}`),
      });
      return slot;
    };
    AZS.forEach((az, i) => addSubnet('app', az, i * 16 * 256, 20));
    AZS.forEach((az, i) => addSubnet('public', az, (48 + i) * 256, 24));
    const hasEndpoints = kind === 'endpoints' || kind === 'mixed' || kind === 'endpoints-private-dns-off';
    const hasNat = kind === 'nat' || kind === 'mixed' || kind === 'nat-dns-hostnames-off';
    if (hasEndpoints) AZS.forEach((az, i) => addSubnet('endpoint', az, (52 + i) * 256, 24));
    AZS.forEach((az, i) => addSubnet('data', az, (56 + i * 4) * 256, 22));
    addSubnet('isolated', 'a', 64 * 256, 20);
    addSubnet('legacy', 'b', 80 * 256, 22);
    const ofRole = (role: SubnetSlot['role']) => subnets.filter((s) => s.role === role).map((s) => s.id);

    // Security groups: default, egress bases, shared app groups, a broken one, endpoint and web.
    const defaultGroup = id('sg');
    doc.SecurityGroups.push({
      Description: 'default VPC security group', GroupName: 'default', OwnerId: OWNER, GroupId: defaultGroup, VpcId: vpcId, Tags: [],
      IpPermissions: [permission('-1', undefined, undefined, { groups: [defaultGroup] })],
      IpPermissionsEgress: [permission('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] })],
    });
    const egressAll = group(vpcId, 'egress-all', [], [permission('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] })]);
    const egressHttps = group(vpcId, 'egress-https', [], [
      permission('tcp', 443, 443, { cidrs: ['0.0.0.0/0'] }),
      permission('tcp', 443, 443, { lists: [s3List] }),
      permission('udp', 53, 53, { cidrs: [cidr] }),
      permission('tcp', 5432, 5432, { cidrs: [cidr] }),
    ]);
    const broken = group(vpcId, 'legacy-http-only', [permission('tcp', 22, 22, { cidrs: ['10.0.0.0/8'] })], [permission('tcp', 80, 80, { cidrs: ['0.0.0.0/0'] })]);
    const vpce = group(vpcId, 'vpc-endpoints', [permission('tcp', 443, 443, { cidrs: [cidr] })], [permission('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] })]);
    const web = group(vpcId, 'web', [permission('tcp', 443, 443, { cidrs: ['0.0.0.0/0'] }), permission('tcp', 80, 80, { cidrs: ['0.0.0.0/0'] })], [permission('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] })]);
    const app: string[] = [];
    for (let g = 0; g < 12; g++) {
      const ingress: Json[] = [];
      const rules = 3 + Math.floor(rand() * 9);
      for (let r = 0; r < rules; r++) {
        const port = pick([22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9090, 9200]);
        if (chance(0.4) && app.length > 0) ingress.push(permission('tcp', port, port, { groups: [pick(app)] }));
        else ingress.push(permission('tcp', port, port, { cidrs: [chance(0.7) ? cidr : `10.${Math.floor(rand() * 256)}.0.0/16`] }));
      }
      // Most app groups keep AWS's default egress; some are ingress-only (the base group gives egress).
      const egress = chance(0.6) ? [permission('-1', undefined, undefined, { cidrs: ['0.0.0.0/0'] })] : [];
      app.push(group(vpcId, `${pick(TEAMS)}-${g}`, ingress, egress));
    }

    // Network ACLs: default allow-all (app, endpoint, isolated), public, data, and a legacy one
    // that forgot the ephemeral ports.
    acl(vpcId, 'default', true, [entry(100, false, 'allow', '-1', '0.0.0.0/0'), entry(100, true, 'allow', '-1', '0.0.0.0/0')], [...ofRole('app'), ...ofRole('endpoint'), ...ofRole('isolated')]);
    acl(vpcId, 'public', false, [
      ...offices.map((block, i) => entry(10 + i, false, 'allow', '6', block, [22, 22])),
      entry(100, false, 'allow', '6', '0.0.0.0/0', [443, 443]),
      entry(110, false, 'allow', '6', '0.0.0.0/0', [80, 80]),
      entry(120, false, 'allow', '6', '0.0.0.0/0', [1024, 65535]),
      entry(130, false, 'allow', '-1', cidr),
      entry(100, true, 'allow', '-1', '0.0.0.0/0'),
    ], ofRole('public'));
    acl(vpcId, 'data', false, [
      ...offices.map((block, i) => entry(10 + i, false, 'allow', '6', block, [3389, 3389])),
      entry(100, false, 'allow', '-1', cidr),
      entry(110, false, 'allow', '6', '0.0.0.0/0', [1024, 65535]),
      entry(100, true, 'allow', '-1', cidr),
      entry(110, true, 'allow', '6', '0.0.0.0/0', [443, 443]),
      entry(120, true, 'allow', '6', '0.0.0.0/0', [1024, 65535]),
    ], ofRole('data'));
    acl(vpcId, 'legacy', false, [
      ...denyLists.map((block, i) => entry(10 + i, false, 'deny', '-1', block)),
      entry(100, false, 'allow', '6', '10.0.0.0/8', [22, 22]),
      entry(110, false, 'allow', '6', cidr, [443, 443]),
      entry(100, true, 'allow', '-1', '0.0.0.0/0'),
    ], ofRole('legacy'));

    // Gateways, endpoints and routes.
    const igw = id('igw');
    doc.InternetGateways.push({ Attachments: [{ State: 'available', VpcId: vpcId }], InternetGatewayId: igw, OwnerId: OWNER, Tags: tags(`igw-${v}`) });
    const publicSubnets = subnets.filter((s) => s.role === 'public');
    const nats: string[] = [];
    if (hasNat) {
      for (const subnet of publicSubnets) {
        const natId = id('nat');
        const eniId = id('eni');
        const address = takeAddress(subnet);
        const publicIp = ipText((((52 << 24) | (16 << 16)) + doc.NatGateways.length) >>> 0);
        nats.push(natId);
        doc.NatGateways.push({
          CreateTime: '2024-03-01T10:00:00.000Z', NatGatewayAddresses: [{ AllocationId: id('eipalloc'), NetworkInterfaceId: eniId, PrivateIp: ipText(address), PublicIp: publicIp, AssociationId: id('eipassoc'), IsPrimary: true, Status: 'succeeded' }],
          NatGatewayId: natId, State: 'available', SubnetId: subnet.id, VpcId: vpcId, Tags: tags(`nat-${subnet.az}`), ConnectivityType: 'public',
        });
        doc.NetworkInterfaces.push(eniRecord(eniId, subnet, vpcId, address, [], { InterfaceType: 'nat_gateway', Description: `Interface for NAT Gateway ${natId}`, RequesterManaged: true, SourceDestCheck: false, Association: { IpOwnerId: 'amazon', PublicIp: publicIp } }));
      }
    }
    const endpointServices = ['ssm', 'ec2messages', 'ssmmessages', 'logs', 'kms', 'sts', 'ecr.api', 'ecr.dkr'];
    if (hasEndpoints) {
      const endpointSubnets = subnets.filter((s) => s.role === 'endpoint');
      for (const service of endpointServices) {
        const endpointId = id('vpce');
        const enis = endpointSubnets.map((subnet) => {
          const eniId = id('eni');
          doc.NetworkInterfaces.push(eniRecord(eniId, subnet, vpcId, takeAddress(subnet), [{ GroupId: vpce, GroupName: 'vpc-endpoints' }], { InterfaceType: 'vpc_endpoint', Description: `VPC Endpoint Interface ${endpointId}`, RequesterManaged: true }));
          return eniId;
        });
        doc.VpcEndpoints.push({
          VpcEndpointId: endpointId, VpcEndpointType: 'Interface', VpcId: vpcId, ServiceName: `com.amazonaws.${region}.${service}`, State: 'available',
          PolicyDocument: '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
          RouteTableIds: [], SubnetIds: endpointSubnets.map((s) => s.id), Groups: [{ GroupId: vpce, GroupName: 'vpc-endpoints' }],
          IpAddressType: 'ipv4', DnsOptions: { DnsRecordIpType: 'ipv4' }, PrivateDnsEnabled: kind !== 'endpoints-private-dns-off', RequesterManaged: false,
          NetworkInterfaceIds: enis, DnsEntries: [{ DnsName: `${endpointId}.${service}.${region}.vpce.amazonaws.com`, HostedZoneId: 'Z7K1066E3PUKB' }],
          CreationTimestamp: '2024-03-01T10:00:00.000Z', Tags: [], OwnerId: OWNER,
        });
      }
    }
    const tgwRoute = { DestinationCidrBlock: '192.168.0.0/16', TransitGatewayId: tgw, Origin: 'CreateRoute', State: 'active' };
    const s3Endpoint = id('vpce');
    const privateTables: string[] = [];
    routeTable(vpcId, 'main', true, [localRoute(cidr)], []);
    const publicTable = routeTable(vpcId, 'public', false, [localRoute(cidr), { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, Origin: 'CreateRoute', State: 'active' }], ofRole('public'));
    AZS.forEach((az, i) => {
      const inAz = subnets.filter((s) => s.az === az && (s.role === 'app' || s.role === 'data' || s.role === 'endpoint' || s.role === 'legacy')).map((s) => s.id);
      const routes: Json[] = [localRoute(cidr), tgwRoute, { DestinationPrefixListId: s3List, GatewayId: s3Endpoint, Origin: 'CreateRoute', State: 'active' }];
      if (nats[i]) routes.push({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nats[i], Origin: 'CreateRoute', State: 'active' });
      privateTables.push(routeTable(vpcId, `private-${az}`, false, routes, inAz));
    });
    routeTable(vpcId, 'isolated', false, [localRoute(cidr), tgwRoute], ofRole('isolated'));
    doc.VpcEndpoints.push({
      VpcEndpointId: s3Endpoint, VpcEndpointType: 'Gateway', VpcId: vpcId, ServiceName: `com.amazonaws.${region}.s3`, State: 'available',
      PolicyDocument: '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
      RouteTableIds: [...privateTables, publicTable], SubnetIds: [], Groups: [], PrivateDnsEnabled: false, NetworkInterfaceIds: [], DnsEntries: [],
      CreationTimestamp: '2024-03-01T10:00:00.000Z', Tags: [], OwnerId: OWNER,
    });

    const appsPerRole: Record<string, number> = { app: 12, public: 5, data: 6, isolated: 3, legacy: 3 };
    const apps = Object.fromEntries(Object.entries(appsPerRole).map(([role, count]) => [role, Array.from({ length: count }, () => ({
      groups: role === 'public' ? [web, ...(chance(0.5) ? [pick(app)] : [])] : [pick([egressAll, egressHttps]), ...Array.from({ length: Math.floor(rand() * 3) }, () => pick(app))],
      windows: chance(0.1),
    }))]));
    plans.push({ index: v, id: vpcId, kind, cidr, base, subnets, groups: { base: [egressAll, egressHttps, defaultGroup], app, broken, vpce, web }, apps });
  }

  // --- Instances --------------------------------------------------------------------------------
  const groupNames = new Map<string, string>();
  for (const g of doc.SecurityGroups) groupNames.set(g['GroupId'] as string, g['GroupName'] as string);
  const broken = (reason: string) => { summary.broken[reason] = (summary.broken[reason] ?? 0) + 1; };
  let reservation: Json | undefined;
  let publicSerial = 0;
  for (let i = 0; i < n; i++) {
    const plan = plans[i % plans.length]!;
    // Where it lives: mostly private app subnets; some public, data, and the two broken subnets.
    // A low-discrepancy sequence keeps the shares right even in a ten-instance region.
    const roll = (0.37 + i * 0.6180339887) % 1;
    const role: SubnetSlot['role'] = roll < 0.68 ? 'app' : roll < 0.78 ? 'public' : roll < 0.9 ? 'data' : roll < 0.95 ? 'isolated' : 'legacy';
    const candidates = plan.subnets.filter((s) => s.role === role);
    const subnet = pick(candidates);
    const address = takeAddress(subnet);
    const brokenGroup = (0.05 + i * 0.7548776662) % 1 < 0.03;
    // Most instances belong to an application (a few big ones, many small ones), which launches
    // them into its role's subnets with one AMI and one set of groups; a tenth are pets, with
    // groups and AMI picked by hand.
    const roleApps = plan.apps[role]!;
    const app = chance(0.9) ? roleApps[Math.floor(rand() ** 2 * roleApps.length)]! : undefined;
    const windows = app ? app.windows : chance(0.1);
    const groups = role !== 'public' && brokenGroup
      ? [plan.groups.broken]
      : app
        ? app.groups
        : role === 'public'
          ? [plan.groups.web, ...(chance(0.5) ? [pick(plan.groups.app)] : [])]
          : [pick(plan.groups.base.slice(0, 2)), ...Array.from({ length: Math.floor(rand() * 3) }, () => pick(plan.groups.app))];
    const groupRefs = [...new Set(groups)].map((GroupId) => ({ GroupId, GroupName: groupNames.get(GroupId)! }));
    const publicIp = role === 'public' && chance(0.85) ? ipText((((54 << 24) | (170 << 16)) + publicSerial++) >>> 0) : undefined;
    const imdsDisabled = chance(0.02);
    const stopped = chance(0.03);
    const hasEndpoints = plan.kind === 'endpoints' || plan.kind === 'mixed';

    const reason =
      stopped ? 'stopped (not checked)'
      : brokenGroup && role !== 'public' ? 'security group allows only port 80 out'
      : role === 'isolated' && !hasEndpoints ? (plan.kind === 'endpoints-private-dns-off' ? 'endpoints with private DNS off, no NAT' : 'no route to the services')
      : role === 'legacy' ? 'NACL without ephemeral ports'
      : role === 'public' && !publicIp && !hasEndpoints ? 'public subnet, no public IP'
      : plan.kind === 'endpoints-private-dns-off' && role !== 'public' ? 'endpoints with private DNS off, no NAT'
      : imdsDisabled ? 'IMDS disabled'
      : undefined;
    if (reason) broken(reason);
    else summary.healthy += 1;

    const instanceId = id('i');
    const eniId = id('eni');
    const dns = `ip-${ipText(address).replaceAll('.', '-')}.${region}.compute.internal`;
    const association = publicIp ? { Association: { IpOwnerId: 'amazon', PublicDnsName: `ec2-${publicIp.replaceAll('.', '-')}.${region}.compute.amazonaws.com`, PublicIp: publicIp } } : {};
    const launch = `2024-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}T08:00:00.000Z`;
    const team = pick(TEAMS);
    const env = pick(ENVS);
    const eni = {
      ...association,
      Attachment: { AttachTime: launch, AttachmentId: id('eni-attach'), DeleteOnTermination: true, DeviceIndex: 0, Status: 'attached', NetworkCardIndex: 0 },
      Description: '',
      Groups: groupRefs,
      Ipv6Addresses: [],
      MacAddress: `0a:${hex(2)}:${hex(2)}:${hex(2)}:${hex(2)}:${hex(2)}`,
      NetworkInterfaceId: eniId,
      OwnerId: OWNER,
      PrivateDnsName: dns,
      PrivateIpAddress: ipText(address),
      PrivateIpAddresses: [{ ...association, Primary: true, PrivateDnsName: dns, PrivateIpAddress: ipText(address) }],
      SourceDestCheck: true,
      Status: 'in-use',
      SubnetId: subnet.id,
      VpcId: plan.id,
      InterfaceType: 'interface',
    };
    const instance: Json = {
      AmiLaunchIndex: 0,
      ImageId: `ami-0${hex(16)}`,
      InstanceId: instanceId,
      InstanceType: pick(TYPES),
      KeyName: `${team}-${env}`,
      LaunchTime: launch,
      Monitoring: { State: 'disabled' },
      Placement: { AvailabilityZone: `${region}${subnet.az}`, GroupName: '', Tenancy: 'default' },
      PrivateDnsName: dns,
      PrivateIpAddress: ipText(address),
      ProductCodes: [],
      PublicDnsName: publicIp ? `ec2-${publicIp.replaceAll('.', '-')}.${region}.compute.amazonaws.com` : '',
      ...(publicIp ? { PublicIpAddress: publicIp } : {}),
      State: stopped ? { Code: 80, Name: 'stopped' } : { Code: 16, Name: 'running' },
      StateTransitionReason: stopped ? 'User initiated (2024-06-01 10:00:00 GMT)' : '',
      SubnetId: subnet.id,
      VpcId: plan.id,
      Architecture: 'x86_64',
      BlockDeviceMappings: [{ DeviceName: windows ? '/dev/sda1' : '/dev/xvda', Ebs: { AttachTime: launch, DeleteOnTermination: true, Status: 'attached', VolumeId: id('vol') } }],
      ClientToken: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      EbsOptimized: true,
      EnaSupport: true,
      Hypervisor: 'xen',
      IamInstanceProfile: { Arn: `arn:aws:iam::${OWNER}:instance-profile/${team}-${env}`, Id: `AIPA${hex(16).toUpperCase()}` },
      NetworkInterfaces: [eni],
      RootDeviceName: windows ? '/dev/sda1' : '/dev/xvda',
      RootDeviceType: 'ebs',
      SecurityGroups: groupRefs,
      SourceDestCheck: true,
      Tags: tags(`${team}-${env}-${i}`, { team, env, 'aws:autoscaling:groupName': `${team}-${env}-asg`, 'bench:intent': reason ?? 'healthy' }),
      VirtualizationType: 'hvm',
      CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
      CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
      HibernationOptions: { Configured: false },
      MetadataOptions: { State: 'applied', HttpTokens: chance(0.7) ? 'required' : 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: imdsDisabled ? 'disabled' : 'enabled', HttpProtocolIpv6: 'disabled', InstanceMetadataTags: 'disabled' },
      EnclaveOptions: { Enabled: false },
      BootMode: 'uefi-preferred',
      ...(windows ? { Platform: 'windows' } : {}),
      PlatformDetails: windows ? 'Windows' : 'Linux/UNIX',
      UsageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
      UsageOperationUpdateTime: launch,
      PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
      MaintenanceOptions: { AutoRecovery: 'default' },
      CurrentInstanceBootMode: 'legacy-bios',
    };
    // Reservations hold one to four instances (auto scaling launches several at once).
    if (!reservation || (reservation['Instances'] as Json[]).length >= 1 + Math.floor(rand() * 4)) {
      reservation = { Groups: [], Instances: [], OwnerId: OWNER, RequesterId: '940372691376', ReservationId: id('r') };
      doc.Reservations.push(reservation);
    }
    (reservation['Instances'] as Json[]).push(instance);
    // describe-network-interfaces lists the instance's ENI again, with the zone and attachment.
    const { Attachment, ...rest } = eni;
    doc.NetworkInterfaces.push({ ...rest, AvailabilityZone: `${region}${subnet.az}`, Attachment: { ...Attachment, InstanceId: instanceId, InstanceOwnerId: OWNER }, RequesterManaged: false, TagSet: [] });
    summary.instances += 1;
  }
  summary.subnets = doc.Subnets.length;
  summary.securityGroups = doc.SecurityGroups.length;
  summary.networkAcls = doc.NetworkAcls.length;
  summary.routeTables = doc.RouteTables.length;
  summary.vpcEndpoints = doc.VpcEndpoints.length;
  summary.natGateways = doc.NatGateways.length;
  summary.networkInterfaces = doc.NetworkInterfaces.length;
  return { document: doc, summary };
}

/**
 * Write the region as one compact JSON file (streamed key by key, element by element, so a
 * 100,000-instance region never has to exist as one string) and its summary next to it.
 */
export function writeRegion(file: string, options: GenerateOptions): GenerateSummary {
  const { document, summary } = generateRegion(options);
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  let buffer = '';
  const write = (text: string) => {
    buffer += text;
    if (buffer.length >= 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  };
  write('{');
  let firstKey = true;
  for (const [key, value] of Object.entries(document)) {
    write(`${firstKey ? '' : ','}${JSON.stringify(key)}:`);
    firstKey = false;
    if (!Array.isArray(value)) {
      write(JSON.stringify(value));
      continue;
    }
    write('[');
    value.forEach((element, index) => write((index ? ',' : '') + JSON.stringify(element)));
    write(']');
  }
  write('}\n');
  writeSync(fd, buffer);
  closeSync(fd);
  writeFileSync(file.replace(/\.json$/, '.summary.txt'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const args = process.argv.slice(2);
  const instances = Number(argValue(args, '--instances') ?? '1000');
  const seed = Number(argValue(args, '--seed') ?? '1');
  const vpcs = argValue(args, '--vpcs');
  const out = argValue(args, '--out') ?? `bench/.data/region-${instances}-s${seed}.json`;
  const summary = writeRegion(out, { instances, seed, ...(vpcs ? { vpcs: Number(vpcs) } : {}) });
  process.stdout.write(`${out}: ${JSON.stringify(summary)}\n`);
}
