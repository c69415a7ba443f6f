// The oracle's view of a snapshot: read straight from the raw describe-* document (DESIGN.md §2),
// with its own small reader and its own association logic. It shares no code with src/ on purpose:
// it is the specification (reference/semantics.md) written a second time, simply.
//
// It reads the members the generators and the reference models use, and IPv4 only.

import type { Block } from './ip.ts';
import { block, ipToInt } from './ip.ts';

type Json = Record<string, any>;

export interface OVpc {
  id: string;
  cidrs: Block[];
  isDefault: boolean;
  dhcpOptionsId: string | undefined;
  dnsSupport: boolean;
  dnsHostnames: boolean;
}

export interface OSubnet {
  id: string;
  vpcId: string;
  cidr: Block | undefined;
}

/** One IpPermission: protocol, ports and every peer it names. */
export interface OPermission {
  protocol: number;
  from: number;
  to: number;
  cidrs: Block[];
  prefixLists: string[];
  groups: string[];
}

export interface OGroup {
  id: string;
  name: string;
  vpcId: string | undefined;
  ingress: OPermission[];
  egress: OPermission[];
}

export interface OAclEntry {
  number: number;
  allow: boolean;
  egress: boolean;
  protocol: number;
  from: number;
  to: number;
  /** undefined for an IPv6 entry: it never matches an IPv4 packet (NACL-2). */
  cidr: Block | undefined;
}

export interface OAcl {
  id: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: OAclEntry[];
}

export type OTargetKind = 'local' | 'igw' | 'eigw' | 'nat' | 'tgw' | 'pcx' | 'vgw' | 'vpce' | 'eni' | 'instance' | 'other';

export interface ORoute {
  cidr: Block | undefined;
  prefixList: string | undefined;
  ipv6: boolean;
  target: { kind: OTargetKind; id: string };
  blackhole: boolean;
  propagated: boolean;
}

export interface OTable {
  id: string;
  vpcId: string;
  main: boolean;
  subnetIds: string[];
  routes: ORoute[];
}

export interface OGateway {
  id: string;
  vpcIds: string[];
  egressOnly: boolean;
}

export interface ONat {
  id: string;
  vpcId: string;
  subnetId: string;
  state: string;
  private: boolean;
}

export interface OEndpoint {
  id: string;
  vpcId: string;
  type: string;
  service: string;
  state: string;
  privateDns: boolean;
  eniIds: string[];
  groups: string[];
}

export interface OAddress {
  ip: number;
  primary: boolean;
  publicIp: string | undefined;
}

export interface OEni {
  id: string;
  vpcId: string;
  subnetId: string;
  addresses: OAddress[];
  groups: string[];
  sourceDestCheck: boolean;
  instanceId: string | undefined;
  deviceIndex: number;
}

export interface OInstance {
  id: string;
  vpcId: string;
  subnetId: string;
  windows: boolean;
  imdsEnabled: boolean;
  eniIds: string[];
}

export interface OPrefixList {
  id: string;
  cidrs: Block[] | undefined;
  awsManaged: boolean;
}

export interface World {
  region: string | undefined;
  vpcs: Map<string, OVpc>;
  subnets: Map<string, OSubnet>;
  groups: Map<string, OGroup>;
  acls: OAcl[];
  tables: OTable[];
  gateways: Map<string, OGateway>;
  nats: Map<string, ONat>;
  endpoints: OEndpoint[];
  enis: Map<string, OEni>;
  instances: OInstance[];
  prefixLists: Map<string, OPrefixList>;
  dhcp: Map<string, string[]>;
  /** Every IPv4 CIDR the document mentions anywhere: where the oracle picks public test addresses. */
  blocks: Block[];
  /** Every TCP port range a NACL entry draws: where the oracle picks ephemeral test ports. */
  portEdges: number[];
  present: Set<string>;
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter((v) => v !== null && typeof v === 'object') : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined);

function protocolNumber(value: unknown): number {
  const text = String(value).trim().toLowerCase();
  const names: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1 };
  if (text in names) return names[text]!;
  return Number(text);
}

function num(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return fallback;
}

export function readWorld(doc: Json): World {
  const blocks: Block[] = [];
  const portEdges: number[] = [];
  const cidr = (text: unknown): Block | undefined => {
    const b = typeof text === 'string' ? block(text) : undefined;
    if (b) blocks.push(b);
    return b;
  };
  const firstById = <T extends { id: string }>(items: T[]): Map<string, T> => {
    const map = new Map<string, T>();
    for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
    return map;
  };

  const present = new Set(Object.keys(doc).filter((k) => Array.isArray(doc[k])));

  const prefixLists = new Map<string, OPrefixList>();
  for (const pl of list(doc['PrefixLists'])) {
    if (!prefixLists.has(pl['PrefixListId'])) prefixLists.set(pl['PrefixListId'], { id: pl['PrefixListId'], cidrs: (pl['Cidrs'] ?? []).map(cidr).filter(Boolean), awsManaged: true });
  }
  for (const pl of list(doc['ManagedPrefixLists'])) {
    const known = prefixLists.get(pl['PrefixListId']);
    const entries = Array.isArray(pl['Entries']) ? list(pl['Entries']).map((e) => cidr(e['Cidr'])).filter((b): b is Block => b !== undefined) : undefined;
    const name = str(pl['PrefixListName']) ?? '';
    const record = { id: pl['PrefixListId'], cidrs: entries, awsManaged: pl['OwnerId'] === 'AWS' || name.startsWith('com.amazonaws.') };
    if (!known || (known.cidrs === undefined && entries !== undefined)) prefixLists.set(record.id, record);
  }

  const endpoints: OEndpoint[] = list(doc['VpcEndpoints']).map((e) => ({
    id: e['VpcEndpointId'],
    vpcId: e['VpcId'],
    type: String(e['VpcEndpointType'] ?? 'Interface').toLowerCase(),
    service: e['ServiceName'],
    state: String(e['State'] ?? 'available').toLowerCase(),
    privateDns: bool(e['PrivateDnsEnabled']) ?? false,
    eniIds: Array.isArray(e['NetworkInterfaceIds']) ? e['NetworkInterfaceIds'] : [],
    groups: list(e['Groups']).map((g) => g['GroupId']),
  }));
  const seenEndpoint = new Set<string>();
  const uniqueEndpoints = endpoints.filter((e) => (seenEndpoint.has(e.id) ? false : (seenEndpoint.add(e.id), true)));

  // VPC DNS attributes: given, else AWS's defaults (DESIGN.md §2: support on; hostnames on for a
  // default VPC or when one of its endpoints has private DNS on, which AWS refuses otherwise).
  const attributes = new Map<string, { support?: boolean; hostnames?: boolean }>();
  for (const a of list(doc['VpcAttributes'])) {
    const known = attributes.get(a['VpcId']) ?? {};
    const value = (v: unknown) => (typeof v === 'boolean' ? v : v && typeof v === 'object' ? bool((v as Json)['Value']) : undefined);
    const support = value(a['EnableDnsSupport']);
    const hostnames = value(a['EnableDnsHostnames']);
    if (support !== undefined) known.support = support;
    if (hostnames !== undefined) known.hostnames = hostnames;
    attributes.set(a['VpcId'], known);
  }
  const vpcs = firstById(
    list(doc['Vpcs']).map((v) => {
      const cidrs: Block[] = [];
      const add = (text: unknown) => {
        const b = cidr(text);
        if (b && !cidrs.some((c) => c.text === b.text)) cidrs.push(b);
      };
      add(v['CidrBlock']);
      for (const assoc of list(v['CidrBlockAssociationSet'])) if ((assoc['CidrBlockState']?.['State'] ?? 'associated') === 'associated') add(assoc['CidrBlock']);
      const isDefault = bool(v['IsDefault']) ?? false;
      const given = attributes.get(v['VpcId']) ?? {};
      return {
        id: v['VpcId'],
        cidrs,
        isDefault,
        dhcpOptionsId: str(v['DhcpOptionsId']),
        dnsSupport: given.support ?? true,
        dnsHostnames: given.hostnames ?? (isDefault || uniqueEndpoints.some((e) => e.vpcId === v['VpcId'] && e.privateDns)),
      };
    }),
  );

  const subnets = firstById(list(doc['Subnets']).map((s) => ({ id: s['SubnetId'], vpcId: s['VpcId'], cidr: cidr(s['CidrBlock']) })));

  const permission = (p: Json): OPermission => {
    const protocol = protocolNumber(p['IpProtocol']);
    const ported = protocol === 6 || protocol === 17;
    const from = ported ? num(p['FromPort'], 0) : 0;
    const to = ported ? num(p['ToPort'], 65535) : 65535;
    return {
      protocol,
      from: from === -1 ? 0 : from,
      to: to === -1 ? 65535 : to,
      cidrs: list(p['IpRanges']).map((r) => cidr(r['CidrIp'])).filter((b): b is Block => b !== undefined),
      prefixLists: list(p['PrefixListIds']).map((r) => r['PrefixListId']),
      groups: list(p['UserIdGroupPairs']).map((r) => String(r['GroupId']).split('/').pop()!),
    };
  };
  const groups = firstById(
    list(doc['SecurityGroups']).map((g) => ({
      id: g['GroupId'],
      name: str(g['GroupName']) ?? '',
      vpcId: str(g['VpcId']),
      ingress: list(g['IpPermissions']).map(permission),
      egress: list(g['IpPermissionsEgress']).map(permission),
    })),
  );

  const acls: OAcl[] = [...firstById(
    list(doc['NetworkAcls']).map((a) => ({
      id: a['NetworkAclId'],
      vpcId: a['VpcId'],
      isDefault: bool(a['IsDefault']) ?? false,
      subnetIds: list(a['Associations']).map((x) => x['SubnetId']).filter(Boolean),
      entries: list(a['Entries']).map((e) => {
        const protocol = protocolNumber(e['Protocol']);
        const ported = (protocol === 6 || protocol === 17) && e['PortRange'];
        const from = ported ? num(e['PortRange']['From'], 0) : 0;
        const to = ported ? num(e['PortRange']['To'], 65535) : 65535;
        if (protocol === 6 && ported) portEdges.push(from, to + 1);
        return {
          number: num(e['RuleNumber'], 0),
          allow: String(e['RuleAction']).toLowerCase() === 'allow',
          egress: bool(e['Egress']) ?? false,
          protocol,
          from,
          to,
          cidr: str(e['CidrBlock']) ? cidr(e['CidrBlock']) : undefined,
        };
      }),
    })),
  ).values()];

  const targetOf = (r: Json): ORoute['target'] => {
    if (str(r['NatGatewayId'])) return { kind: 'nat', id: r['NatGatewayId'] };
    if (str(r['TransitGatewayId'])) return { kind: 'tgw', id: r['TransitGatewayId'] };
    if (str(r['VpcPeeringConnectionId'])) return { kind: 'pcx', id: r['VpcPeeringConnectionId'] };
    if (str(r['EgressOnlyInternetGatewayId'])) return { kind: 'eigw', id: r['EgressOnlyInternetGatewayId'] };
    if (str(r['VpcEndpointId'])) return { kind: 'vpce', id: r['VpcEndpointId'] };
    const gateway = str(r['GatewayId']);
    if (gateway) {
      if (gateway === 'local') return { kind: 'local', id: 'local' };
      const kind = gateway.startsWith('igw-') ? 'igw' : gateway.startsWith('vgw-') ? 'vgw' : gateway.startsWith('vpce-') ? 'vpce' : 'other';
      return { kind, id: gateway };
    }
    if (str(r['NetworkInterfaceId'])) return { kind: 'eni', id: r['NetworkInterfaceId'] };
    if (str(r['InstanceId'])) return { kind: 'instance', id: r['InstanceId'] };
    return { kind: 'other', id: String(r['CarrierGatewayId'] ?? r['LocalGatewayId'] ?? r['CoreNetworkArn'] ?? 'unknown') };
  };
  const tables: OTable[] = [...firstById(
    list(doc['RouteTables']).map((t) => ({
      id: t['RouteTableId'],
      vpcId: t['VpcId'],
      main: list(t['Associations']).some((a) => a['Main'] === true),
      subnetIds: list(t['Associations'])
        .filter((a) => (a['AssociationState']?.['State'] ?? 'associated') === 'associated')
        .map((a) => a['SubnetId'])
        .filter(Boolean),
      routes: list(t['Routes']).map((r) => ({
        cidr: cidr(r['DestinationCidrBlock']),
        prefixList: str(r['DestinationPrefixListId']),
        ipv6: r['DestinationIpv6CidrBlock'] !== undefined && r['DestinationCidrBlock'] === undefined,
        target: targetOf(r),
        blackhole: String(r['State'] ?? 'active').toLowerCase() === 'blackhole',
        propagated: r['Origin'] === 'EnableVgwRoutePropagation',
      })),
    })),
  ).values()];

  const gateways = new Map<string, OGateway>();
  const attachedTo = (g: Json) =>
    list(g['Attachments'])
      .filter((a) => ['available', 'attached'].includes(String(a['State'] ?? 'available').toLowerCase()))
      .map((a) => a['VpcId']);
  for (const g of list(doc['InternetGateways'])) if (!gateways.has(g['InternetGatewayId'])) gateways.set(g['InternetGatewayId'], { id: g['InternetGatewayId'], vpcIds: attachedTo(g), egressOnly: false });
  for (const g of list(doc['EgressOnlyInternetGateways'])) if (!gateways.has(g['EgressOnlyInternetGatewayId'])) gateways.set(g['EgressOnlyInternetGatewayId'], { id: g['EgressOnlyInternetGatewayId'], vpcIds: attachedTo(g), egressOnly: true });

  const nats = firstById(
    list(doc['NatGateways']).map((n) => ({
      id: n['NatGatewayId'],
      vpcId: n['VpcId'],
      subnetId: n['SubnetId'],
      state: String(n['State'] ?? 'available').toLowerCase(),
      private: n['ConnectivityType'] === 'private',
    })),
  );

  const readEni = (e: Json, fallback: { vpcId?: string; subnetId?: string; instanceId?: string }): OEni => {
    const eniPublic = str(e['Association']?.['PublicIp']);
    const primaryText = str(e['PrivateIpAddress']);
    const addresses: OAddress[] = list(e['PrivateIpAddresses']).map((a) => {
      const primary = bool(a['Primary']) ?? a['PrivateIpAddress'] === primaryText;
      return { ip: ipToInt(a['PrivateIpAddress'])!, primary, publicIp: str(a['Association']?.['PublicIp']) ?? (primary ? eniPublic : undefined) };
    });
    if (addresses.length === 0 && primaryText) addresses.push({ ip: ipToInt(primaryText)!, primary: true, publicIp: eniPublic });
    addresses.sort((a, b) => Number(b.primary) - Number(a.primary));
    return {
      id: e['NetworkInterfaceId'],
      vpcId: str(e['VpcId']) ?? fallback.vpcId!,
      subnetId: str(e['SubnetId']) ?? fallback.subnetId!,
      addresses,
      groups: list(e['Groups']).map((g) => g['GroupId']),
      sourceDestCheck: bool(e['SourceDestCheck']) ?? true,
      instanceId: str(e['Attachment']?.['InstanceId']) ?? fallback.instanceId,
      deviceIndex: num(e['Attachment']?.['DeviceIndex'], 99),
    };
  };
  const enis = new Map<string, OEni>();
  for (const e of list(doc['NetworkInterfaces'])) if (!enis.has(e['NetworkInterfaceId'])) enis.set(e['NetworkInterfaceId'], readEni(e, {}));

  const instances: OInstance[] = [];
  const seenInstance = new Set<string>();
  for (const reservation of list(doc['Reservations'])) {
    for (const i of list(reservation['Instances'])) {
      const vpcId = str(i['VpcId']);
      const subnetId = str(i['SubnetId']);
      if (!vpcId || !subnetId || seenInstance.has(i['InstanceId'])) continue;
      seenInstance.add(i['InstanceId']);
      const inline = list(i['NetworkInterfaces']).map((e) => readEni(e, { vpcId, subnetId, instanceId: i['InstanceId'] }));
      inline.sort((a, b) => a.deviceIndex - b.deviceIndex);
      for (const e of inline) if (!enis.has(e.id)) enis.set(e.id, e);
      const platform = String(i['Platform'] ?? i['PlatformDetails'] ?? '').toLowerCase();
      const metadata = i['MetadataOptions'];
      instances.push({
        id: i['InstanceId'],
        vpcId,
        subnetId,
        windows: platform.includes('windows'),
        imdsEnabled: !metadata || String(metadata['HttpEndpoint'] ?? 'enabled').toLowerCase() !== 'disabled',
        eniIds: inline.map((e) => e.id),
      });
    }
  }

  // SG-4/VPCE-3: an interface endpoint without groups uses its ENIs' groups, else the VPC's default group.
  for (const endpoint of uniqueEndpoints) {
    if (endpoint.type !== 'interface' || endpoint.groups.length > 0) continue;
    const fromEnis = [...new Set(endpoint.eniIds.flatMap((id) => enis.get(id)?.groups ?? []))];
    const fallback = [...groups.values()].find((g) => g.vpcId === endpoint.vpcId && g.name === 'default');
    endpoint.groups = fromEnis.length > 0 ? fromEnis : fallback ? [fallback.id] : [];
  }
  for (const endpoint of uniqueEndpoints) {
    for (const id of endpoint.eniIds) {
      const eni = enis.get(id);
      if (eni && eni.groups.length === 0) eni.groups = [...endpoint.groups];
    }
  }

  const dhcp = new Map<string, string[]>();
  for (const d of list(doc['DhcpOptions'])) {
    if (dhcp.has(d['DhcpOptionsId'])) continue;
    const servers = list(d['DhcpConfigurations'])
      .filter((c) => c['Key'] === 'domain-name-servers')
      .flatMap((c) => list(c['Values']).map((v) => str(v['Value'])).filter((v): v is string => v !== undefined));
    dhcp.set(d['DhcpOptionsId'], servers);
  }

  return {
    region: str(doc['Region']),
    vpcs,
    subnets,
    groups,
    acls,
    tables,
    gateways,
    nats,
    endpoints: uniqueEndpoints,
    enis,
    instances,
    prefixLists,
    dhcp,
    blocks,
    portEdges,
    present,
  };
}

/** NACL-1: the explicit association, else the VPC's default network ACL. */
export function aclOf(world: World, subnet: OSubnet): OAcl | undefined {
  return world.acls.find((a) => a.subnetIds.includes(subnet.id)) ?? world.acls.find((a) => a.vpcId === subnet.vpcId && a.isDefault);
}

/** RT-1: the explicit association, else the VPC's main route table. */
export function tableOf(world: World, subnet: OSubnet): OTable | undefined {
  return world.tables.find((t) => t.subnetIds.includes(subnet.id)) ?? world.tables.find((t) => t.vpcId === subnet.vpcId && t.main);
}

/** The ENI that owns a private address in a VPC (the `local` route delivers to it, RT-5). */
export function eniAt(world: World, vpcId: string, address: number): OEni | undefined {
  for (const eni of world.enis.values()) if (eni.vpcId === vpcId && eni.addresses.some((a) => a.ip === address)) return eni;
  return undefined;
}
