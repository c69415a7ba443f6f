// EC2 describe-* shapes (only the members the reference models use), builders that return
// plain objects in those shapes, and small lookup/mutation helpers for scenarios.

import { AZ_A, OWNER, REGION, SG_NAMES } from './ids.ts';

// ---------------------------------------------------------------------------------------------
// Shapes

export interface Tag { Key: string; Value: string }
export interface GroupRef { GroupId: string; GroupName: string }
export interface IpAssociation { PublicIp: string; IpOwnerId: string; AllocationId?: string }
export interface PrivateIpAddress { Primary: boolean; PrivateIpAddress: string; Association?: IpAssociation }

export interface MetadataOptions {
  State: 'applied' | 'pending';
  HttpTokens: 'required' | 'optional';
  HttpPutResponseHopLimit: number;
  HttpEndpoint: 'enabled' | 'disabled';
  HttpProtocolIpv6: 'enabled' | 'disabled';
  InstanceMetadataTags: 'enabled' | 'disabled';
}

/** ENI as it appears inside Reservations[].Instances[].NetworkInterfaces */
export interface InstanceEni {
  NetworkInterfaceId: string;
  SubnetId: string;
  VpcId: string;
  PrivateIpAddress: string;
  Groups: GroupRef[];
  SourceDestCheck: boolean;
  Attachment: { AttachmentId: string; DeviceIndex: number; Status: 'attached'; DeleteOnTermination: boolean };
  PrivateIpAddresses: PrivateIpAddress[];
  Association?: IpAssociation;
  Ipv6Addresses: { Ipv6Address: string }[];
  InterfaceType: 'interface';
  Status: 'in-use';
  OwnerId: string;
  Description: string;
}

export interface Instance {
  InstanceId: string;
  InstanceType: string;
  ImageId: string;
  State: { Code: number; Name: 'running' | 'stopped' };
  Placement: { AvailabilityZone: string; Tenancy: 'default' };
  SubnetId: string;
  VpcId: string;
  PrivateIpAddress: string;
  PublicIpAddress?: string;
  Platform?: 'windows';
  PlatformDetails: string;
  Tags: Tag[];
  MetadataOptions?: MetadataOptions;
  SecurityGroups: GroupRef[];
  SourceDestCheck: boolean;
  NetworkInterfaces: InstanceEni[];
}

export interface Reservation { ReservationId: string; OwnerId: string; Groups: []; Instances: Instance[] }

export interface Vpc {
  VpcId: string;
  CidrBlock: string;
  CidrBlockAssociationSet: { AssociationId: string; CidrBlock: string; CidrBlockState: { State: 'associated' } }[];
  IsDefault: boolean;
  DhcpOptionsId: string;
  State: 'available';
  InstanceTenancy: 'default';
  OwnerId: string;
  Tags: Tag[];
}

export interface VpcAttribute {
  VpcId: string;
  EnableDnsSupport: { Value: boolean };
  EnableDnsHostnames: { Value: boolean };
}

export interface DhcpOptions {
  DhcpOptionsId: string;
  OwnerId: string;
  DhcpConfigurations: { Key: string; Values: { Value: string }[] }[];
  Tags: Tag[];
}

export interface Subnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  MapPublicIpOnLaunch: boolean;
  AvailableIpAddressCount: number;
  DefaultForAz: boolean;
  State: 'available';
  OwnerId: string;
  Tags: Tag[];
}

export interface IpPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges: { CidrIp: string; Description?: string }[];
  Ipv6Ranges: { CidrIpv6: string; Description?: string }[];
  PrefixListIds: { PrefixListId: string; Description?: string }[];
  UserIdGroupPairs: { GroupId: string; UserId: string; Description?: string }[];
}

export interface SecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  OwnerId: string;
  IpPermissions: IpPermission[];
  IpPermissionsEgress: IpPermission[];
  Tags: Tag[];
}

export interface NaclEntry {
  RuleNumber: number;
  Protocol: string;
  RuleAction: 'allow' | 'deny';
  Egress: boolean;
  CidrBlock: string;
  PortRange?: { From: number; To: number };
}

export interface NetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault: boolean;
  OwnerId: string;
  Associations: { NetworkAclAssociationId: string; NetworkAclId: string; SubnetId: string }[];
  Entries: NaclEntry[];
  Tags: Tag[];
}

export interface Route {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  VpcPeeringConnectionId?: string;
  TransitGatewayId?: string;
  NetworkInterfaceId?: string;
  InstanceId?: string;
  InstanceOwnerId?: string;
  Origin: 'CreateRouteTable' | 'CreateRoute' | 'EnableVgwRoutePropagation';
  State: 'active' | 'blackhole';
}

export interface RouteTableAssociation {
  Main: boolean;
  RouteTableAssociationId: string;
  RouteTableId: string;
  SubnetId?: string;
  AssociationState: { State: 'associated' };
}

export interface RouteTable {
  RouteTableId: string;
  VpcId: string;
  OwnerId: string;
  Associations: RouteTableAssociation[];
  Routes: Route[];
  PropagatingVgws: { GatewayId: string }[];
  Tags: Tag[];
}

export interface InternetGateway {
  InternetGatewayId: string;
  OwnerId: string;
  Attachments: { State: 'available'; VpcId: string }[];
  Tags: Tag[];
}

export interface NatGatewayAddress {
  AllocationId?: string;
  NetworkInterfaceId?: string;
  PrivateIp?: string;
  PublicIp?: string;
  IsPrimary: boolean;
  Status: 'succeeded' | 'failed';
}

export interface NatGateway {
  NatGatewayId: string;
  SubnetId: string;
  VpcId: string;
  State: 'pending' | 'failed' | 'available' | 'deleting' | 'deleted';
  ConnectivityType: 'public' | 'private';
  NatGatewayAddresses: NatGatewayAddress[];
  CreateTime: string;
  DeleteTime?: string;
  FailureCode?: string;
  FailureMessage?: string;
  Tags: Tag[];
}

export interface VpcEndpoint {
  VpcEndpointId: string;
  VpcEndpointType: 'Interface' | 'Gateway';
  VpcId: string;
  ServiceName: string;
  State: string;
  PolicyDocument: string;
  RouteTableIds: string[];
  SubnetIds: string[];
  Groups: GroupRef[];
  IpAddressType: 'ipv4';
  DnsOptions?: { DnsRecordIpType: 'ipv4' };
  PrivateDnsEnabled: boolean;
  RequesterManaged: boolean;
  NetworkInterfaceIds: string[];
  DnsEntries: { DnsName: string; HostedZoneId: string }[];
  CreationTimestamp: string;
  OwnerId: string;
  Tags: Tag[];
}

/** describe-network-interfaces shape */
export interface NetworkInterface {
  NetworkInterfaceId: string;
  InterfaceType: 'interface' | 'vpc_endpoint' | 'nat_gateway';
  RequesterManaged: boolean;
  RequesterId?: string;
  Description: string;
  SubnetId: string;
  VpcId: string;
  AvailabilityZone: string;
  PrivateIpAddress: string;
  PrivateIpAddresses: PrivateIpAddress[];
  Groups: GroupRef[];
  SourceDestCheck: boolean;
  Status: 'in-use';
  OwnerId: string;
  Attachment?: { AttachmentId: string; DeviceIndex: number; Status: 'attached'; InstanceId?: string; InstanceOwnerId: string };
  Association?: IpAssociation;
  Ipv6Addresses: { Ipv6Address: string }[];
  TagSet: Tag[];
}

export interface PrefixList { PrefixListId: string; PrefixListName: string; Cidrs: string[] }

export interface ManagedPrefixList {
  PrefixListId: string;
  PrefixListName: string;
  AddressFamily: 'IPv4' | 'IPv6';
  State: 'create-complete';
  MaxEntries: number;
  Version: number;
  OwnerId: string;
  PrefixListArn: string;
  Tags: Tag[];
  Entries: { Cidr: string; Description?: string }[];
}

export interface Address {
  AllocationId: string;
  PublicIp: string;
  Domain: 'vpc';
  AssociationId?: string;
  NetworkInterfaceId?: string;
  NetworkInterfaceOwnerId?: string;
  PrivateIpAddress?: string;
  Tags: Tag[];
}

/** Shapes the engine only needs to exist (peering, VGW, TGW): kept loose. */
export type Loose = Record<string, unknown>;

export interface Snapshot {
  Region: string;
  Reservations: Reservation[];
  Vpcs: Vpc[];
  VpcAttributes: VpcAttribute[];
  DhcpOptions: DhcpOptions[];
  Subnets: Subnet[];
  SecurityGroups: SecurityGroup[];
  NetworkAcls: NetworkAcl[];
  RouteTables: RouteTable[];
  InternetGateways: InternetGateway[];
  EgressOnlyInternetGateways: Loose[];
  NatGateways: NatGateway[];
  VpcEndpoints: VpcEndpoint[];
  NetworkInterfaces: NetworkInterface[];
  PrefixLists: PrefixList[];
  ManagedPrefixLists: ManagedPrefixList[];
  Addresses: Address[];
  VpcPeeringConnections: Loose[];
  VpnGateways: Loose[];
  TransitGateways: Loose[];
  TransitGatewayVpcAttachments: Loose[];
}

export function emptySnapshot(): Snapshot {
  return {
    Region: REGION,
    Reservations: [],
    Vpcs: [],
    VpcAttributes: [],
    DhcpOptions: [],
    Subnets: [],
    SecurityGroups: [],
    NetworkAcls: [],
    RouteTables: [],
    InternetGateways: [],
    EgressOnlyInternetGateways: [],
    NatGateways: [],
    VpcEndpoints: [],
    NetworkInterfaces: [],
    PrefixLists: [],
    ManagedPrefixLists: [],
    Addresses: [],
    VpcPeeringConnections: [],
    VpnGateways: [],
    TransitGateways: [],
    TransitGatewayVpcAttachments: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Small utilities

export const nameTag = (name: string): Tag[] => [{ Key: 'Name', Value: name }];
export const groupRef = (groupId: string): GroupRef => ({ GroupId: groupId, GroupName: SG_NAMES[groupId] ?? groupId });
/** the part of an id after its prefix, used to derive association / attachment ids */
const suffix = (id: string): string => id.slice(id.indexOf('-') + 1);
const CREATED = '2024-05-01T09:00:00+00:00';

// ---------------------------------------------------------------------------------------------
// Builders: VPC-level objects

export function vpc(id: string, cidr: string, dhcpOptionsId: string, name: string): Vpc {
  return {
    VpcId: id,
    CidrBlock: cidr,
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${suffix(id)}`, CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    IsDefault: false,
    DhcpOptionsId: dhcpOptionsId,
    State: 'available',
    InstanceTenancy: 'default',
    OwnerId: OWNER,
    Tags: nameTag(name),
  };
}

export function vpcAttributes(vpcId: string, dnsSupport = true, dnsHostnames = true): VpcAttribute {
  return { VpcId: vpcId, EnableDnsSupport: { Value: dnsSupport }, EnableDnsHostnames: { Value: dnsHostnames } };
}

export function dhcpOptions(id: string, dnsServers: string[]): DhcpOptions {
  return {
    DhcpOptionsId: id,
    OwnerId: OWNER,
    DhcpConfigurations: [
      { Key: 'domain-name', Values: [{ Value: 'ec2.internal' }] },
      { Key: 'domain-name-servers', Values: dnsServers.map((Value) => ({ Value })) },
    ],
    Tags: [],
  };
}

export function subnet(id: string, vpcId: string, cidr: string, name: string, az = AZ_A, mapPublicIp = false): Subnet {
  return {
    SubnetId: id,
    VpcId: vpcId,
    CidrBlock: cidr,
    AvailabilityZone: az,
    MapPublicIpOnLaunch: mapPublicIp,
    AvailableIpAddressCount: 250,
    DefaultForAz: false,
    State: 'available',
    OwnerId: OWNER,
    Tags: nameTag(name),
  };
}

// ---------------------------------------------------------------------------------------------
// Builders: security groups

export interface Peers { cidr?: string[]; cidr6?: string[]; pl?: string[]; sg?: string[] }

function permission(IpProtocol: string, ports: [number, number] | null, peers: Peers): IpPermission {
  return {
    IpProtocol,
    ...(ports ? { FromPort: ports[0], ToPort: ports[1] } : {}),
    IpRanges: (peers.cidr ?? []).map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: (peers.cidr6 ?? []).map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: (peers.pl ?? []).map((PrefixListId) => ({ PrefixListId })),
    UserIdGroupPairs: (peers.sg ?? []).map((GroupId) => ({ GroupId, UserId: OWNER })),
  };
}

/** `tcp 443 <peers>` or `tcp 1024-65535 <peers>` */
export const tcp = (port: number | [number, number], peers: Peers): IpPermission =>
  permission('tcp', typeof port === 'number' ? [port, port] : port, peers);
/** `-1` (all protocols, all ports) */
export const allTraffic = (peers: Peers): IpPermission => permission('-1', null, peers);
export const ANYWHERE: Peers = { cidr: ['0.0.0.0/0'] };

export function securityGroup(id: string, vpcId: string, description: string, ingress: IpPermission[], egress: IpPermission[]): SecurityGroup {
  return {
    GroupId: id,
    GroupName: SG_NAMES[id] ?? id,
    Description: description,
    VpcId: vpcId,
    OwnerId: OWNER,
    IpPermissions: ingress,
    IpPermissionsEgress: egress,
    Tags: [],
  };
}

/** the VPC's default SG: ingress all from itself, egress all IPv4 (SG-4) */
export function defaultSecurityGroup(id: string, vpcId: string): SecurityGroup {
  const sg = securityGroup(id, vpcId, 'default VPC security group', [allTraffic({ sg: [id] })], [allTraffic(ANYWHERE)]);
  sg.GroupName = 'default';
  return sg;
}

// ---------------------------------------------------------------------------------------------
// Builders: network ACLs

type NaclProto = 'all' | [number, number];
function naclEntry(RuleNumber: number, Egress: boolean, RuleAction: 'allow' | 'deny', CidrBlock: string, proto: NaclProto): NaclEntry {
  return proto === 'all'
    ? { RuleNumber, Protocol: '-1', RuleAction, Egress, CidrBlock }
    : { RuleNumber, Protocol: '6', RuleAction, Egress, CidrBlock, PortRange: { From: proto[0], To: proto[1] } };
}
/** inbound entry; proto 'all' or a TCP port range */
export const inbound = (rule: number, action: 'allow' | 'deny', cidr: string, proto: NaclProto = 'all'): NaclEntry =>
  naclEntry(rule, false, action, cidr, proto);
/** outbound entry; proto 'all' or a TCP port range */
export const outbound = (rule: number, action: 'allow' | 'deny', cidr: string, proto: NaclProto = 'all'): NaclEntry =>
  naclEntry(rule, true, action, cidr, proto);

/** the given entries plus the two `*` (32767 deny) entries AWS always shows, in describe order */
export function naclRules(...entries: NaclEntry[]): NaclEntry[] {
  const all = [...entries, naclEntry(32767, true, 'deny', '0.0.0.0/0', 'all'), naclEntry(32767, false, 'deny', '0.0.0.0/0', 'all')];
  return all.sort((a, b) => Number(b.Egress) - Number(a.Egress) || a.RuleNumber - b.RuleNumber);
}
/** default NACL rules: 100 allow all both ways (NACL-7) */
export const DEFAULT_NACL_RULES = (): NaclEntry[] => naclRules(outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', '0.0.0.0/0'));

export function networkAcl(id: string, vpcId: string, isDefault: boolean, entries: NaclEntry[], name: string): NetworkAcl {
  return { NetworkAclId: id, VpcId: vpcId, IsDefault: isDefault, OwnerId: OWNER, Associations: [], Entries: entries, Tags: isDefault ? [] : nameTag(name) };
}

// ---------------------------------------------------------------------------------------------
// Builders: route tables

export const localRoute = (cidr: string): Route => ({ DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' });

export interface RouteOptions { state?: 'active' | 'blackhole'; propagated?: boolean; instanceId?: string }
/** a route to `target`; the target field is chosen from the id prefix, as AWS reports it */
export function route(destination: string, target: string, opts: RouteOptions = {}): Route {
  const dest = destination.startsWith('pl-') ? { DestinationPrefixListId: destination } : { DestinationCidrBlock: destination };
  const origin = opts.propagated ? 'EnableVgwRoutePropagation' : 'CreateRoute';
  const state = opts.state ?? 'active';
  const kind = target.slice(0, target.indexOf('-'));
  switch (kind) {
    case 'igw':
    case 'vgw':
    case 'vpce':
      return { ...dest, GatewayId: target, Origin: origin, State: state };
    case 'nat':
      return { ...dest, NatGatewayId: target, Origin: origin, State: state };
    case 'pcx':
      return { ...dest, VpcPeeringConnectionId: target, Origin: origin, State: state };
    case 'tgw':
      return { ...dest, TransitGatewayId: target, Origin: origin, State: state };
    case 'eni':
      return {
        ...dest,
        NetworkInterfaceId: target,
        ...(opts.instanceId ? { InstanceId: opts.instanceId, InstanceOwnerId: OWNER } : {}),
        Origin: origin,
        State: state,
      };
    default:
      throw new Error(`route(): unsupported target ${target}`);
  }
}

export function routeTable(id: string, vpcId: string, routes: Route[], name: string, main = false): RouteTable {
  return {
    RouteTableId: id,
    VpcId: vpcId,
    OwnerId: OWNER,
    Associations: main
      ? [{ Main: true, RouteTableAssociationId: `rtbassoc-${suffix(id)}`, RouteTableId: id, AssociationState: { State: 'associated' } }]
      : [],
    Routes: routes,
    PropagatingVgws: [],
    Tags: nameTag(name),
  };
}

// ---------------------------------------------------------------------------------------------
// Builders: instances and ENIs

export const METADATA_DEFAULT = (): MetadataOptions => ({
  State: 'applied',
  HttpTokens: 'required',
  HttpPutResponseHopLimit: 2,
  HttpEndpoint: 'enabled',
  HttpProtocolIpv6: 'disabled',
  InstanceMetadataTags: 'disabled',
});

export interface InstanceSpec {
  id: string;
  eniId: string;
  name: string;
  subnetId: string;
  vpcId: string;
  ip: string;
  groups: string[];
  publicIp?: string;
  windows?: boolean;
  az?: string;
}

export function instance(spec: InstanceSpec): Reservation {
  const eni: InstanceEni = {
    NetworkInterfaceId: spec.eniId,
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    PrivateIpAddress: spec.ip,
    Groups: spec.groups.map(groupRef),
    SourceDestCheck: true,
    Attachment: { AttachmentId: `eni-attach-${suffix(spec.eniId)}`, DeviceIndex: 0, Status: 'attached', DeleteOnTermination: true },
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: spec.ip }],
    Ipv6Addresses: [],
    InterfaceType: 'interface',
    Status: 'in-use',
    OwnerId: OWNER,
    Description: '',
  };
  const inst: Instance = {
    InstanceId: spec.id,
    InstanceType: spec.windows ? 't3.medium' : 't3.micro',
    ImageId: spec.windows ? 'ami-0windows2022000001' : 'ami-0al2023000000001',
    State: { Code: 16, Name: 'running' },
    Placement: { AvailabilityZone: spec.az ?? AZ_A, Tenancy: 'default' },
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    PrivateIpAddress: spec.ip,
    PlatformDetails: spec.windows ? 'Windows' : 'Linux/UNIX',
    Tags: nameTag(spec.name),
    MetadataOptions: METADATA_DEFAULT(),
    SecurityGroups: [],
    SourceDestCheck: true,
    NetworkInterfaces: [eni],
  };
  if (spec.windows) inst.Platform = 'windows';
  const reservation: Reservation = { ReservationId: `r-${suffix(spec.id)}`, OwnerId: OWNER, Groups: [], Instances: [inst] };
  if (spec.publicIp) setPublicIpOn(inst, spec.publicIp);
  syncInstance(inst);
  return reservation;
}

function setPublicIpOn(inst: Instance, publicIp: string | null): void {
  const eni = primaryEniOf(inst);
  const primary = eni.PrivateIpAddresses[0];
  if (!primary) throw new Error(`${inst.InstanceId}: ENI without private IP`);
  if (publicIp) {
    const association: IpAssociation = { PublicIp: publicIp, IpOwnerId: 'amazon' };
    eni.Association = association;
    primary.Association = { ...association };
  } else {
    delete eni.Association;
    delete primary.Association;
  }
}

function primaryEniOf(inst: Instance): InstanceEni {
  const eni = inst.NetworkInterfaces.find((e) => e.Attachment.DeviceIndex === 0);
  if (!eni) throw new Error(`${inst.InstanceId} has no primary ENI`);
  return eni;
}

/** instance-level fields mirror the primary ENI (as AWS reports them) */
function syncInstance(inst: Instance): void {
  const eni = primaryEniOf(inst);
  inst.SubnetId = eni.SubnetId;
  inst.VpcId = eni.VpcId;
  inst.PrivateIpAddress = eni.PrivateIpAddress;
  inst.SecurityGroups = eni.Groups.map((g) => ({ ...g }));
  inst.SourceDestCheck = eni.SourceDestCheck;
  if (eni.Association) inst.PublicIpAddress = eni.Association.PublicIp;
  else delete inst.PublicIpAddress;
}

/** describe-network-interfaces entry for an instance ENI */
function instanceEniRecord(inst: Instance, eni: InstanceEni, az: string): NetworkInterface {
  const record: NetworkInterface = {
    NetworkInterfaceId: eni.NetworkInterfaceId,
    InterfaceType: 'interface',
    RequesterManaged: false,
    Description: eni.Description,
    SubnetId: eni.SubnetId,
    VpcId: eni.VpcId,
    AvailabilityZone: az,
    PrivateIpAddress: eni.PrivateIpAddress,
    PrivateIpAddresses: eni.PrivateIpAddresses.map((p) => ({ ...p })),
    Groups: eni.Groups.map((g) => ({ ...g })),
    SourceDestCheck: eni.SourceDestCheck,
    Status: 'in-use',
    OwnerId: OWNER,
    Attachment: { AttachmentId: eni.Attachment.AttachmentId, DeviceIndex: eni.Attachment.DeviceIndex, Status: 'attached', InstanceId: inst.InstanceId, InstanceOwnerId: OWNER },
    Ipv6Addresses: [],
    TagSet: [],
  };
  if (eni.Association) record.Association = { ...eni.Association };
  return record;
}

export interface EniSpec { id: string; subnetId: string; vpcId: string; ip: string; az: string }

export function endpointEni(spec: EniSpec, endpointId: string, groups: string[]): NetworkInterface {
  return {
    NetworkInterfaceId: spec.id,
    InterfaceType: 'vpc_endpoint',
    RequesterManaged: true,
    RequesterId: '727180483921',
    Description: `VPC Endpoint Interface ${endpointId}`,
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    AvailabilityZone: spec.az,
    PrivateIpAddress: spec.ip,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: spec.ip }],
    Groups: groups.map(groupRef),
    SourceDestCheck: true,
    Status: 'in-use',
    OwnerId: OWNER,
    Attachment: { AttachmentId: `ela-attach-${suffix(spec.id)}`, DeviceIndex: 1, Status: 'attached', InstanceOwnerId: 'amazon-aws' },
    Ipv6Addresses: [],
    TagSet: [],
  };
}

export function natEni(spec: EniSpec, natId: string, publicIp?: { ip: string; allocationId: string }): NetworkInterface {
  const eni: NetworkInterface = {
    NetworkInterfaceId: spec.id,
    InterfaceType: 'nat_gateway',
    RequesterManaged: true,
    RequesterId: '441234567890',
    Description: `Interface for NAT Gateway ${natId}`,
    SubnetId: spec.subnetId,
    VpcId: spec.vpcId,
    AvailabilityZone: spec.az,
    PrivateIpAddress: spec.ip,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: spec.ip }],
    Groups: [],
    SourceDestCheck: false,
    Status: 'in-use',
    OwnerId: OWNER,
    Ipv6Addresses: [],
    TagSet: [],
  };
  if (publicIp) {
    const association: IpAssociation = { PublicIp: publicIp.ip, IpOwnerId: OWNER, AllocationId: publicIp.allocationId };
    eni.Association = association;
    const primary = eni.PrivateIpAddresses[0];
    if (primary) primary.Association = { ...association };
  }
  return eni;
}

// ---------------------------------------------------------------------------------------------
// Builders: gateways, endpoints, prefix lists

export function internetGateway(id: string, vpcId: string | null, name: string): InternetGateway {
  return { InternetGatewayId: id, OwnerId: OWNER, Attachments: vpcId ? [{ State: 'available', VpcId: vpcId }] : [], Tags: nameTag(name) };
}

export function natGateway(id: string, eni: EniSpec, publicIp: { ip: string; allocationId: string } | null, name: string): NatGateway {
  const address: NatGatewayAddress = { NetworkInterfaceId: eni.id, PrivateIp: eni.ip, IsPrimary: true, Status: 'succeeded' };
  if (publicIp) {
    address.AllocationId = publicIp.allocationId;
    address.PublicIp = publicIp.ip;
  }
  return {
    NatGatewayId: id,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    State: 'available',
    ConnectivityType: publicIp ? 'public' : 'private',
    NatGatewayAddresses: [address],
    CreateTime: CREATED,
    Tags: nameTag(name),
  };
}

export function elasticIp(allocationId: string, ip: string, eni: EniSpec): Address {
  return {
    AllocationId: allocationId,
    PublicIp: ip,
    Domain: 'vpc',
    AssociationId: `eipassoc-${suffix(allocationId)}`,
    NetworkInterfaceId: eni.id,
    NetworkInterfaceOwnerId: OWNER,
    PrivateIpAddress: eni.ip,
    Tags: [],
  };
}

const FULL_ACCESS_POLICY = JSON.stringify(
  { Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }] },
  null,
  2,
);

export function interfaceEndpoint(id: string, service: string, vpcId: string, enis: EniSpec[], groups: string[], privateDns: boolean): VpcEndpoint {
  const regional = `${id}-0a1b2c3d.${service}.${REGION}.vpce.amazonaws.com`;
  return {
    VpcEndpointId: id,
    VpcEndpointType: 'Interface',
    VpcId: vpcId,
    ServiceName: `com.amazonaws.${REGION}.${service}`,
    State: 'available',
    PolicyDocument: FULL_ACCESS_POLICY,
    RouteTableIds: [],
    SubnetIds: enis.map((e) => e.subnetId),
    Groups: groups.map(groupRef),
    IpAddressType: 'ipv4',
    DnsOptions: { DnsRecordIpType: 'ipv4' },
    PrivateDnsEnabled: privateDns,
    RequesterManaged: false,
    NetworkInterfaceIds: enis.map((e) => e.id),
    DnsEntries: [
      { DnsName: regional, HostedZoneId: 'Z7HUB22UULQXV' },
      ...enis.map((e) => ({ DnsName: regional.replace('.', `-${e.az}.`), HostedZoneId: 'Z7HUB22UULQXV' })),
      ...(privateDns ? [{ DnsName: `${service}.${REGION}.amazonaws.com`, HostedZoneId: 'Z0000000PRIVATEDNS01' }] : []),
    ],
    CreationTimestamp: CREATED,
    OwnerId: OWNER,
    Tags: nameTag(`${service}-endpoint`),
  };
}

export function gatewayEndpoint(id: string, service: string, vpcId: string, routeTableIds: string[]): VpcEndpoint {
  return {
    VpcEndpointId: id,
    VpcEndpointType: 'Gateway',
    VpcId: vpcId,
    ServiceName: `com.amazonaws.${REGION}.${service}`,
    State: 'available',
    PolicyDocument: FULL_ACCESS_POLICY,
    RouteTableIds: routeTableIds,
    SubnetIds: [],
    Groups: [],
    IpAddressType: 'ipv4',
    PrivateDnsEnabled: false,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: [],
    CreationTimestamp: CREATED,
    OwnerId: OWNER,
    Tags: nameTag(`${service}-gateway-endpoint`),
  };
}

export function managedPrefixList(id: string, name: string, cidrs: string[]): ManagedPrefixList {
  return {
    PrefixListId: id,
    PrefixListName: name,
    AddressFamily: 'IPv4',
    State: 'create-complete',
    MaxEntries: 10,
    Version: 1,
    OwnerId: OWNER,
    PrefixListArn: `arn:aws:ec2:${REGION}:${OWNER}:prefix-list/${id}`,
    Tags: nameTag(name),
    Entries: cidrs.map((Cidr) => ({ Cidr })),
  };
}

// ---------------------------------------------------------------------------------------------
// Lookups (throw on a missing id: a scenario that names a wrong id is a generator bug)

function find<T>(list: T[], pred: (x: T) => boolean, what: string): T {
  const found = list.find(pred);
  if (!found) throw new Error(`no ${what} in snapshot`);
  return found;
}

export const getInstance = (s: Snapshot, id: string): Instance =>
  find(s.Reservations.flatMap((r) => r.Instances), (i) => i.InstanceId === id, id);
export const getSg = (s: Snapshot, id: string): SecurityGroup => find(s.SecurityGroups, (g) => g.GroupId === id, id);
export const getAcl = (s: Snapshot, id: string): NetworkAcl => find(s.NetworkAcls, (a) => a.NetworkAclId === id, id);
export const getRtb = (s: Snapshot, id: string): RouteTable => find(s.RouteTables, (t) => t.RouteTableId === id, id);
export const getNat = (s: Snapshot, id: string): NatGateway => find(s.NatGateways, (n) => n.NatGatewayId === id, id);
export const getIgw = (s: Snapshot, id: string): InternetGateway => find(s.InternetGateways, (g) => g.InternetGatewayId === id, id);
export const getVpce = (s: Snapshot, id: string): VpcEndpoint => find(s.VpcEndpoints, (e) => e.VpcEndpointId === id, id);
export const getSubnet = (s: Snapshot, id: string): Subnet => find(s.Subnets, (n) => n.SubnetId === id, id);
export const getEni = (s: Snapshot, id: string): NetworkInterface => find(s.NetworkInterfaces, (e) => e.NetworkInterfaceId === id, id);
export const getVpcAttributes = (s: Snapshot, vpcId: string): VpcAttribute => find(s.VpcAttributes, (a) => a.VpcId === vpcId, vpcId);
export const getVpc = (s: Snapshot, id: string): Vpc => find(s.Vpcs, (v) => v.VpcId === id, id);

/** remove every element matching `pred`, in place */
export function removeWhere<T>(list: T[], pred: (x: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i] as T)) list.splice(i, 1);
}

// ---------------------------------------------------------------------------------------------
// Mutations used by scenarios

export function addInstance(s: Snapshot, spec: InstanceSpec): void {
  s.Reservations.push(instance(spec));
}

/** replace the security groups on an instance's primary ENI */
export function setInstanceGroups(s: Snapshot, instanceId: string, groupIds: string[]): void {
  const inst = getInstance(s, instanceId);
  primaryEniOf(inst).Groups = groupIds.map(groupRef);
  syncInstance(inst);
}

export function setInstancePublicIp(s: Snapshot, instanceId: string, publicIp: string | null): void {
  const inst = getInstance(s, instanceId);
  setPublicIpOn(inst, publicIp);
  syncInstance(inst);
}

/** move an instance's primary ENI into another subnet with a new private IP */
export function moveInstance(s: Snapshot, instanceId: string, subnetId: string, ip: string): void {
  const inst = getInstance(s, instanceId);
  const eni = primaryEniOf(inst);
  const target = getSubnet(s, subnetId);
  eni.SubnetId = subnetId;
  eni.VpcId = target.VpcId;
  eni.PrivateIpAddress = ip;
  const primary = eni.PrivateIpAddresses[0];
  if (primary) primary.PrivateIpAddress = ip;
  inst.Placement.AvailabilityZone = target.AvailabilityZone;
  syncInstance(inst);
}

export function makeWindows(s: Snapshot, instanceId: string): void {
  const inst = getInstance(s, instanceId);
  inst.Platform = 'windows';
  inst.PlatformDetails = 'Windows';
  inst.InstanceType = 't3.medium';
  inst.ImageId = 'ami-0windows2022000001';
}

export function setSourceDestCheck(s: Snapshot, instanceId: string, value: boolean): void {
  const inst = getInstance(s, instanceId);
  primaryEniOf(inst).SourceDestCheck = value;
  syncInstance(inst);
}

/** associate a subnet with a NACL (and with no other), as AWS keeps exactly one association */
export function associateNacl(s: Snapshot, subnetId: string, aclId: string): void {
  unassociateNacl(s, subnetId);
  getAcl(s, aclId).Associations.push({ NetworkAclAssociationId: `aclassoc-${suffix(subnetId)}`, NetworkAclId: aclId, SubnetId: subnetId });
}

/** drop a subnet from every NACL's association list (engine must fall back to the default NACL) */
export function unassociateNacl(s: Snapshot, subnetId: string): void {
  for (const acl of s.NetworkAcls) removeWhere(acl.Associations, (a) => a.SubnetId === subnetId);
}

/** add a custom NACL with the given entries and associate the subnets with it */
export function addCustomNacl(s: Snapshot, id: string, vpcId: string, subnetIds: string[], entries: NaclEntry[], name: string): NetworkAcl {
  const acl = networkAcl(id, vpcId, false, entries, name);
  s.NetworkAcls.push(acl);
  for (const subnetId of subnetIds) associateNacl(s, subnetId, id);
  return acl;
}

/** explicitly associate a subnet with a route table (replacing any explicit association) */
export function associateRouteTable(s: Snapshot, subnetId: string, rtbId: string): void {
  disassociateRouteTable(s, subnetId);
  getRtb(s, rtbId).Associations.push({
    Main: false,
    RouteTableAssociationId: `rtbassoc-${suffix(subnetId)}`,
    RouteTableId: rtbId,
    SubnetId: subnetId,
    AssociationState: { State: 'associated' },
  });
}

/** remove a subnet's explicit route-table association: it falls back to the main table */
export function disassociateRouteTable(s: Snapshot, subnetId: string): void {
  for (const rtb of s.RouteTables) removeWhere(rtb.Associations, (a) => a.SubnetId === subnetId);
}

export function addRoute(s: Snapshot, rtbId: string, r: Route): void {
  getRtb(s, rtbId).Routes.push(r);
}

/** remove routes for a destination (CIDR or prefix-list id) */
export function removeRoutes(s: Snapshot, rtbId: string, destination: string): void {
  removeWhere(getRtb(s, rtbId).Routes, (r) => r.DestinationCidrBlock === destination || r.DestinationPrefixListId === destination);
}

/** set the security groups of an interface endpoint and of its ENIs */
export function setEndpointGroups(s: Snapshot, endpointId: string, groupIds: string[]): void {
  const ep = getVpce(s, endpointId);
  ep.Groups = groupIds.map(groupRef);
  for (const eniId of ep.NetworkInterfaceIds) getEni(s, eniId).Groups = groupIds.map(groupRef);
}

/** PrivateDnsEnabled on/off; the private-DNS entry in DnsEntries follows */
export function setPrivateDns(s: Snapshot, endpointId: string, enabled: boolean): void {
  const ep = getVpce(s, endpointId);
  ep.PrivateDnsEnabled = enabled;
  removeWhere(ep.DnsEntries, (d) => d.HostedZoneId === 'Z0000000PRIVATEDNS01');
  if (enabled) ep.DnsEntries.push({ DnsName: `${ep.ServiceName.split('.').pop() ?? ''}.${REGION}.amazonaws.com`, HostedZoneId: 'Z0000000PRIVATEDNS01' });
}

/** delete an interface endpoint together with its ENIs */
export function removeEndpoint(s: Snapshot, endpointId: string): void {
  const ep = getVpce(s, endpointId);
  removeWhere(s.NetworkInterfaces, (e) => ep.NetworkInterfaceIds.includes(e.NetworkInterfaceId));
  removeWhere(s.VpcEndpoints, (e) => e.VpcEndpointId === endpointId);
}

export function removeSecurityGroup(s: Snapshot, groupId: string): void {
  removeWhere(s.SecurityGroups, (g) => g.GroupId === groupId);
}

// ---------------------------------------------------------------------------------------------
// Finalise: derived records kept in sync with the instances

/** regenerate the describe-network-interfaces records of instance ENIs from Reservations */
export function finalize(s: Snapshot): Snapshot {
  const instanceEniIds = new Set(s.Reservations.flatMap((r) => r.Instances.flatMap((i) => i.NetworkInterfaces.map((e) => e.NetworkInterfaceId))));
  removeWhere(s.NetworkInterfaces, (e) => e.InterfaceType === 'interface' && instanceEniIds.has(e.NetworkInterfaceId));
  const records: NetworkInterface[] = [];
  for (const inst of s.Reservations.flatMap((r) => r.Instances)) {
    syncInstance(inst);
    for (const eni of inst.NetworkInterfaces) records.push(instanceEniRecord(inst, eni, getSubnet(s, eni.SubnetId).AvailabilityZone));
  }
  s.NetworkInterfaces.unshift(...records);
  for (const acl of s.NetworkAcls) acl.Entries.sort((a, b) => Number(b.Egress) - Number(a.Egress) || a.RuleNumber - b.RuleNumber);
  return s;
}
