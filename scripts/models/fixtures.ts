// Base fixtures of semantics.md §14 (EP, NAT, IGW) and the building blocks scenarios add to them.
// Every fixture is a fresh plain object: scenarios mutate their own copy.

import * as id from './ids.ts';
import {
  ANYWHERE,
  DEFAULT_NACL_RULES,
  addInstance,
  allTraffic,
  associateNacl,
  associateRouteTable,
  addRoute,
  defaultSecurityGroup,
  dhcpOptions,
  elasticIp,
  emptySnapshot,
  endpointEni,
  getInstance,
  interfaceEndpoint,
  internetGateway,
  localRoute,
  moveInstance,
  natEni,
  natGateway,
  networkAcl,
  route,
  routeTable,
  securityGroup,
  setInstancePublicIp,
  subnet,
  tcp,
  vpc,
  type EniSpec,
  type Snapshot,
} from './shapes.ts';

/** `ipIn('10.0.2.0/24', 20)` → `10.0.2.20` */
export function ipIn(cidr: string, host: number): string {
  const base = cidr.split('/')[0] ?? '';
  const octets = base.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + host;
  return octets.join('.');
}

/**
 * One VPC 10.0.0.0/16 (DNS support + hostnames on, AmazonProvidedDNS), default SG, default NACL,
 * main route table (local only), subnet A 10.0.1.0/24 explicitly on rtb-app (local only), and
 * instance i-app 10.0.1.10 (Linux, IMDS enabled / tokens required / hop 2) with sg-inst egress all.
 */
export function baseVpc(): Snapshot {
  const s = emptySnapshot();
  s.Vpcs.push(vpc(id.VPC, id.VPC_CIDR, id.DOPT, 'main'));
  s.VpcAttributes.push({ VpcId: id.VPC, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } });
  s.DhcpOptions.push(dhcpOptions(id.DOPT, ['AmazonProvidedDNS']));
  s.SecurityGroups.push(
    defaultSecurityGroup(id.SG_DEFAULT, id.VPC),
    securityGroup(id.SG_INST, id.VPC, 'app instances', [], [allTraffic(ANYWHERE)]),
  );
  s.NetworkAcls.push(networkAcl(id.ACL_DEFAULT, id.VPC, true, DEFAULT_NACL_RULES(), 'default'));
  s.RouteTables.push(
    routeTable(id.RTB_MAIN, id.VPC, [localRoute(id.VPC_CIDR)], 'main', true),
    routeTable(id.RTB_APP, id.VPC, [localRoute(id.VPC_CIDR)], 'app'),
  );
  addSubnet(s, id.SUBNET_A, id.CIDR_A, 'app-a', { routeTable: id.RTB_APP });
  addInstance(s, { id: id.I_APP, eniId: id.ENI_APP, name: 'app', subnetId: id.SUBNET_A, vpcId: id.VPC, ip: id.IP_APP, groups: [id.SG_INST] });
  return s;
}

export interface SubnetOptions { az?: string; public?: boolean; routeTable?: string; acl?: string; vpcId?: string }

/** add a subnet; it is associated with the default NACL (or `acl`) and, if given, a route table */
export function addSubnet(s: Snapshot, subnetId: string, cidr: string, name: string, opts: SubnetOptions = {}): void {
  s.Subnets.push(subnet(subnetId, opts.vpcId ?? id.VPC, cidr, name, opts.az ?? id.AZ_A, opts.public ?? false));
  associateNacl(s, subnetId, opts.acl ?? (opts.vpcId === id.VPC_PEER ? id.ACL_PEER_DEFAULT : id.ACL_DEFAULT));
  if (opts.routeTable) associateRouteTable(s, subnetId, opts.routeTable);
}

export interface EndpointPlacement { subnetId: string; cidr: string; az: string; enis: Record<id.Service, string> }
export const IN_SUBNET_E: EndpointPlacement = { subnetId: id.SUBNET_E, cidr: id.CIDR_E, az: id.AZ_A, enis: id.VPCE_ENI };
export const IN_SUBNET_E2: EndpointPlacement = { subnetId: id.SUBNET_E2, cidr: id.CIDR_E2, az: id.AZ_B, enis: id.VPCE_ENI_B };
export const IN_SUBNET_A: EndpointPlacement = { subnetId: id.SUBNET_A, cidr: id.CIDR_A, az: id.AZ_A, enis: id.VPCE_ENI };

/** interface endpoints for ssm / ec2messages / ssmmessages, one ENI per placement */
export function addSsmEndpoints(s: Snapshot, placements: EndpointPlacement[], groups: string[] = [id.SG_VPCE], privateDns = true): void {
  for (const service of id.SERVICES) {
    const enis: EniSpec[] = placements.map((p) => ({ id: p.enis[service], subnetId: p.subnetId, vpcId: id.VPC, ip: ipIn(p.cidr, id.VPCE_HOST[service]), az: p.az }));
    s.VpcEndpoints.push(interfaceEndpoint(id.VPCE[service], service, id.VPC, enis, groups, privateDns));
    for (const eni of enis) s.NetworkInterfaces.push(endpointEni(eni, id.VPCE[service], groups));
  }
}

/** sg-vpce: ingress tcp 443 from the VPC CIDR, egress all */
export function addEndpointSg(s: Snapshot): void {
  s.SecurityGroups.push(securityGroup(id.SG_VPCE, id.VPC, 'interface endpoints', [tcp(443, { cidr: [id.VPC_CIDR] })], [allTraffic(ANYWHERE)]));
}

/**
 * EP: base VPC + subnet E 10.0.2.0/24 (on the main table implicitly) holding interface endpoints
 * ssm / ec2messages / ssmmessages, private DNS on, available, sg-vpce ingress 443 from 10.0.0.0/16.
 */
export function ep(): Snapshot {
  const s = baseVpc();
  addSubnet(s, id.SUBNET_E, id.CIDR_E, 'endpoints-a');
  addEndpointSg(s);
  addSsmEndpoints(s, [IN_SUBNET_E]);
  return s;
}

/** subnet P 10.0.0.0/24 (map public IP on) with rtb-public `0.0.0.0/0 → igw` and an attached IGW */
export function withPublicSubnet(s: Snapshot): Snapshot {
  s.InternetGateways.push(internetGateway(id.IGW, id.VPC, 'main'));
  s.RouteTables.push(routeTable(id.RTB_PUBLIC, id.VPC, [localRoute(id.VPC_CIDR), route('0.0.0.0/0', id.IGW)], 'public'));
  addSubnet(s, id.SUBNET_P, id.CIDR_P, 'public-a', { public: true, routeTable: id.RTB_PUBLIC });
  return s;
}

export const NAT_ENI: EniSpec = { id: id.ENI_NAT, subnetId: id.SUBNET_P, vpcId: id.VPC, ip: id.IP_NAT, az: id.AZ_A };
export const NAT_EIP = { ip: id.EIP_NAT, allocationId: id.EIPALLOC_NAT };

/** public subnet + public NAT nat-1 (available, EIP) in P + `0.0.0.0/0 → nat-1` in rtb-app */
export function withNatPath(s: Snapshot): Snapshot {
  withPublicSubnet(s);
  s.NatGateways.push(natGateway(id.NAT, NAT_ENI, NAT_EIP, 'public-a'));
  s.NetworkInterfaces.push(natEni(NAT_ENI, id.NAT, NAT_EIP));
  s.Addresses.push(elasticIp(id.EIPALLOC_NAT, id.EIP_NAT, NAT_ENI));
  addRoute(s, id.RTB_APP, route('0.0.0.0/0', id.NAT));
  return s;
}

/** NAT: base VPC (no endpoints) + NAT path */
export function nat(): Snapshot {
  return withNatPath(baseVpc());
}

/** IGW: i-app moved into public subnet P (10.0.0.10) with public IPv4 203.0.113.10; no endpoints, no NAT */
export function igw(): Snapshot {
  const s = withPublicSubnet(baseVpc());
  moveInstance(s, id.I_APP, id.SUBNET_P, id.IP_APP_IN_P);
  setInstancePublicIp(s, id.I_APP, id.PUBLIC_IP_APP);
  getInstance(s, id.I_APP).Tags = [{ Key: 'Name', Value: 'app-public' }];
  return s;
}

/** subnet B 10.0.4.0/24 (main route table, default NACL) with i-batch 10.0.4.10 carrying `groups` */
export function withBatchInstance(s: Snapshot, groups: string[]): Snapshot {
  addSubnet(s, id.SUBNET_B, id.CIDR_B, 'batch-a');
  addInstance(s, { id: id.I_BATCH, eniId: id.ENI_BATCH, name: 'batch', subnetId: id.SUBNET_B, vpcId: id.VPC, ip: id.IP_BATCH, groups });
  return s;
}

/**
 * A peered VPC 10.50.0.0/16 (same account, active pcx) with its own IGW and public NAT, routing
 * 10.0.0.0/16 back over the peering. Used to show that a peer's gateways are not usable.
 */
export function withPeerVpc(s: Snapshot): Snapshot {
  s.Vpcs.push(vpc(id.VPC_PEER, id.VPC_PEER_CIDR, id.DOPT, 'shared-egress'));
  s.VpcAttributes.push({ VpcId: id.VPC_PEER, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } });
  s.SecurityGroups.push(defaultSecurityGroup(id.SG_PEER_DEFAULT, id.VPC_PEER));
  s.NetworkAcls.push(networkAcl(id.ACL_PEER_DEFAULT, id.VPC_PEER, true, DEFAULT_NACL_RULES(), 'default'));
  s.InternetGateways.push(internetGateway(id.IGW_PEER, id.VPC_PEER, 'shared-egress'));
  s.RouteTables.push(
    routeTable(id.RTB_PEER_MAIN, id.VPC_PEER, [localRoute(id.VPC_PEER_CIDR), route(id.VPC_CIDR, id.PCX), route('0.0.0.0/0', id.IGW_PEER)], 'shared-egress-main', true),
  );
  addSubnet(s, id.SUBNET_PEER, id.CIDR_PEER, 'shared-egress-public', { vpcId: id.VPC_PEER, public: true });
  const eni: EniSpec = { id: id.ENI_NAT_PEER, subnetId: id.SUBNET_PEER, vpcId: id.VPC_PEER, ip: id.IP_NAT_PEER, az: id.AZ_A };
  const eip = { ip: id.EIP_NAT_PEER, allocationId: id.EIPALLOC_NAT_PEER };
  s.NatGateways.push(natGateway(id.NAT_PEER, eni, eip, 'shared-egress'));
  s.NetworkInterfaces.push(natEni(eni, id.NAT_PEER, eip));
  s.Addresses.push(elasticIp(id.EIPALLOC_NAT_PEER, id.EIP_NAT_PEER, eni));
  s.VpcPeeringConnections.push({
    VpcPeeringConnectionId: id.PCX,
    Status: { Code: 'active', Message: 'Active' },
    RequesterVpcInfo: { VpcId: id.VPC, CidrBlock: id.VPC_CIDR, OwnerId: id.OWNER, Region: id.REGION, CidrBlockSet: [{ CidrBlock: id.VPC_CIDR }] },
    AccepterVpcInfo: { VpcId: id.VPC_PEER, CidrBlock: id.VPC_PEER_CIDR, OwnerId: id.OWNER, Region: id.REGION, CidrBlockSet: [{ CidrBlock: id.VPC_PEER_CIDR }] },
    Tags: [{ Key: 'Name', Value: 'main-to-shared-egress' }],
  });
  return s;
}
