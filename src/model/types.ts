import type { AddressRange, Ipv4Range } from './address.ts';

// The vendor-neutral model every later stage works on. Each object keeps its AWS id and where it
// came from (file and JSON path), so a verdict can always be traced back to the input.

export interface Origin {
  file: string;
  path: string;
}

/** IANA protocol number; -1 = all protocols. */
export type Protocol = number;

export interface PortRange {
  from: number;
  to: number;
}

export interface Vpc {
  id: string;
  cidrs: AddressRange[];
  isDefault: boolean;
  dhcpOptionsId: string | undefined;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  /** True when the DNS attributes were not in the input and AWS defaults were applied. */
  dnsAttributesAssumed: boolean;
  region: string | undefined;
  origin: Origin;
}

export interface Subnet {
  id: string;
  vpcId: string;
  cidr: Ipv4Range | undefined;
  ipv6Cidrs: AddressRange[];
  availabilityZone: string | undefined;
  region: string | undefined;
  origin: Origin;
}

export type SecurityGroupPeer =
  | { kind: 'cidr'; range: AddressRange }
  | { kind: 'prefix-list'; prefixListId: string }
  | { kind: 'security-group'; groupId: string };

export interface SecurityGroupRule {
  protocol: Protocol;
  /** Undefined = all ports (protocol -1, or a protocol without ports). */
  ports: PortRange | undefined;
  peer: SecurityGroupPeer;
  /** Human text: `tcp 443 from 10.0.0.0/16`. */
  text: string;
  origin: Origin;
}

export interface SecurityGroup {
  id: string;
  name: string;
  vpcId: string | undefined;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
  origin: Origin;
}

export interface NetworkAclEntry {
  ruleNumber: number;
  action: 'allow' | 'deny';
  protocol: Protocol;
  ports: PortRange | undefined;
  range: AddressRange;
  egress: boolean;
  text: string;
  origin: Origin;
}

export interface NetworkAcl {
  id: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  /** Sorted by rule number, ascending (NACL-2). */
  inbound: NetworkAclEntry[];
  outbound: NetworkAclEntry[];
  origin: Origin;
}

export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'transit-gateway'
  | 'peering'
  | 'vpn-gateway'
  | 'network-interface'
  | 'instance'
  | 'carrier-gateway'
  | 'local-gateway'
  | 'core-network'
  | 'other';

export interface RouteTarget {
  kind: RouteTargetKind;
  id: string;
}

export type RouteDestination =
  | { kind: 'cidr'; range: AddressRange }
  | { kind: 'prefix-list'; prefixListId: string };

export interface Route {
  destination: RouteDestination;
  target: RouteTarget;
  state: 'active' | 'blackhole';
  /** Static routes (CreateRoute, CreateRouteTable) beat propagated ones at equal length (RT-2). */
  propagated: boolean;
  text: string;
  origin: Origin;
}

export interface RouteTable {
  id: string;
  vpcId: string;
  isMain: boolean;
  subnetIds: string[];
  /** Gateways with an edge association (RT-8). */
  gatewayIds: string[];
  routes: Route[];
  origin: Origin;
}

export interface InternetGateway {
  id: string;
  /** VPCs the gateway is attached to (state available/attached). */
  attachedVpcIds: string[];
  egressOnly: boolean;
  origin: Origin;
}

export interface NatGateway {
  id: string;
  vpcId: string;
  subnetId: string;
  state: string;
  connectivity: 'public' | 'private';
  publicIps: string[];
  privateIps: number[];
  networkInterfaceIds: string[];
  origin: Origin;
}

export interface VpcEndpoint {
  id: string;
  vpcId: string;
  type: 'interface' | 'gateway' | 'gateway-load-balancer' | 'other';
  serviceName: string;
  /** Lower case: available, pending, pendingacceptance, failed, … */
  state: string;
  privateDnsEnabled: boolean;
  subnetIds: string[];
  groupIds: string[];
  networkInterfaceIds: string[];
  routeTableIds: string[];
  origin: Origin;
}

export interface PrivateAddress {
  address: number;
  text: string;
  primary: boolean;
  publicIp: string | undefined;
}

export interface NetworkInterface {
  id: string;
  subnetId: string;
  vpcId: string;
  privateAddresses: PrivateAddress[];
  groupIds: string[];
  sourceDestCheck: boolean;
  /** `interface`, `vpc_endpoint`, `nat_gateway`, `transit_gateway`, … */
  interfaceType: string;
  instanceId: string | undefined;
  deviceIndex: number | undefined;
  origin: Origin;
}

export interface MetadataOptions {
  httpEndpoint: 'enabled' | 'disabled';
  httpTokens: 'optional' | 'required';
  hopLimit: number;
  httpProtocolIpv6: 'enabled' | 'disabled';
  state: string;
  /** True when MetadataOptions was absent and the AWS default (enabled) was applied. */
  assumed: boolean;
}

export interface Instance {
  id: string;
  name: string | undefined;
  state: string;
  vpcId: string;
  subnetId: string;
  platform: 'linux' | 'windows';
  /** Primary interface first (device index 0). */
  networkInterfaceIds: string[];
  metadata: MetadataOptions;
  region: string | undefined;
  origin: Origin;
}

export interface PrefixList {
  id: string;
  name: string;
  /** Undefined when the entries were not in the input (a customer list without `Entries`). */
  ranges: AddressRange[] | undefined;
  awsManaged: boolean;
  origin: Origin;
}

export interface DhcpOptions {
  id: string;
  domainNameServers: string[];
  origin: Origin;
}

export interface PeeringConnection {
  id: string;
  status: string;
  requesterVpcId: string | undefined;
  accepterVpcId: string | undefined;
  origin: Origin;
}

export interface Warning {
  code: string;
  message: string;
  resourceId?: string;
  origin?: Origin;
}

export interface Model {
  /** The snapshot's region (`Region`, a region folder, or the subnets' zones). */
  region: string | undefined;
  vpcs: Map<string, Vpc>;
  subnets: Map<string, Subnet>;
  securityGroups: Map<string, SecurityGroup>;
  networkAcls: Map<string, NetworkAcl>;
  routeTables: Map<string, RouteTable>;
  internetGateways: Map<string, InternetGateway>;
  natGateways: Map<string, NatGateway>;
  vpcEndpoints: Map<string, VpcEndpoint>;
  networkInterfaces: Map<string, NetworkInterface>;
  instances: Map<string, Instance>;
  prefixLists: Map<string, PrefixList>;
  dhcpOptions: Map<string, DhcpOptions>;
  peeringConnections: Map<string, PeeringConnection>;
  /** Ids of transit gateways, VPN gateways and other objects we only know by reference. */
  transitGatewayIds: Set<string>;
  /** Top-level input keys that were present (a key may be present with an empty list). */
  presentKeys: Set<string>;
  /** Keys a source could not read, with the reason ("needs ec2:DescribeNetworkAcls"). */
  absentReasons: Map<string, string>;
  warnings: Warning[];
  /**
   * Values the input could not know, by the id of the object they belong to (a Terraform plan's
   * "known after apply" values that no reference resolves). Checks that depend on them are unknown.
   */
  unresolved?: Map<string, UnresolvedValue[]>;
}

export interface UnresolvedValue {
  field: string;
  /** Where the value comes from: a Terraform resource address. */
  address: string;
  reason: string;
}
