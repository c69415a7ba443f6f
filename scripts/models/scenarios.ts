// The reference models: one function per scenario, in folder order (01, 02, …).
// Each starts from a base fixture (fixtures.ts) and applies a few explicit mutations.
// The comment above each function cites the rules of reference/semantics.md it exercises.

import * as id from './ids.ts';
import {
  allReachable,
  blocked,
  flows,
  partial,
  reachable,
  ssmFlows,
  unknown,
  type InstanceExpect,
  type Scenario,
} from './expect.ts';
import {
  IN_SUBNET_A,
  IN_SUBNET_E,
  IN_SUBNET_E2,
  addEndpointSg,
  addSsmEndpoints,
  addSubnet,
  baseVpc,
  ep,
  igw,
  ipIn,
  nat,
  withBatchInstance,
  withNatPath,
  withPeerVpc,
} from './fixtures.ts';
import {
  ANYWHERE,
  addCustomNacl,
  addInstance,
  addRoute,
  allTraffic,
  disassociateRouteTable,
  dhcpOptions,
  gatewayEndpoint,
  getAcl,
  getEni,
  getIgw,
  getInstance,
  getNat,
  getRtb,
  getSg,
  getSubnet,
  getVpc,
  getVpcAttributes,
  getVpce,
  inbound,
  localRoute,
  makeWindows,
  managedPrefixList,
  moveInstance,
  naclRules,
  outbound,
  removeEndpoint,
  removeRoutes,
  removeSecurityGroup,
  removeWhere,
  route,
  routeTable,
  securityGroup,
  setEndpointGroups,
  setInstanceGroups,
  setInstancePublicIp,
  setPrivateDns,
  setSourceDestCheck,
  tcp,
  unassociateNacl,
  type Snapshot,
} from './shapes.ts';

// codes (explanation-codes.md names, plus ssm-reach's own)
const SG_MISMATCH = 'ENI_SG_RULES_MISMATCH';
const ACL = 'SUBNET_ACL_RESTRICTION';
const EPHEMERAL = 'EPHEMERAL_PORTS_PARTIAL';
const NO_ROUTE = 'NO_ROUTE_TO_DESTINATION';
const BAD_ROUTE = 'BAD_STATE_ROUTE';

interface Extra { dangling?: string[]; notes?: string; incomplete?: string[] }
function model(slug: string, title: string, rules: string[], source: string, snapshot: Snapshot, expect: Record<string, InstanceExpect>, extra: Extra = {}): Scenario {
  return { slug, title, rules, source, snapshot, expect, ...extra };
}
const s14 = (n: number): string => `semantics.md §14 #${n}`;
const extraCase = (rule: string): string => `semantics.md ${rule} (additional case)`;
/** a shrunk counterexample of the engine-versus-oracle property (test/oracle.test.ts, npm run fuzz) */
const oracleCase = (rule: string): string => `engine-versus-oracle counterexample (issue 6); semantics.md ${rule}`;

// ---------------------------------------------------------------------------------------------
// shared mutations

/** subnet A gets custom NACL acl-app with these entries (plus the `*` denies) */
function appNacl(s: Snapshot, ...entries: ReturnType<typeof inbound>[]): void {
  addCustomNacl(s, id.ACL_A, id.VPC, [id.SUBNET_A], naclRules(...entries), 'app-a');
}
/** subnet P (NAT subnet) gets custom NACL acl-public */
function publicNacl(s: Snapshot, ...entries: ReturnType<typeof inbound>[]): void {
  addCustomNacl(s, id.ACL_P, id.VPC, [id.SUBNET_P], naclRules(...entries), 'public-a');
}
function forEachEndpoint(fn: (endpointId: string, service: id.Service) => void): void {
  for (const service of id.SERVICES) fn(id.VPCE[service], service);
}
function useCustomDns(s: Snapshot): void {
  s.DhcpOptions.push(dhcpOptions(id.DOPT_CUSTOM, ['10.9.9.9']));
  getVpc(s, id.VPC).DhcpOptionsId = id.DOPT_CUSTOM;
}
function addS3GatewayEndpoint(s: Snapshot, rtbId: string): void {
  s.PrefixLists.push({ PrefixListId: id.PL_S3, PrefixListName: `com.amazonaws.${id.REGION}.s3`, Cidrs: [...id.PL_S3_CIDRS] });
  s.VpcEndpoints.push(gatewayEndpoint(id.VPCE_S3_GATEWAY, 's3', id.VPC, [rtbId]));
  addRoute(s, rtbId, route(id.PL_S3, id.VPCE_S3_GATEWAY));
}
function addVgw(s: Snapshot, rtbId: string): void {
  s.VpnGateways.push({ VpnGatewayId: id.VGW, State: 'available', Type: 'ipsec.1', AmazonSideAsn: 64512, VpcAttachments: [{ State: 'attached', VpcId: id.VPC }], Tags: [{ Key: 'Name', Value: 'onprem' }] });
  getRtb(s, rtbId).PropagatingVgws.push({ GatewayId: id.VGW });
}
/** subnet F (main table, default NACL) with firewall instance i-fw; rtb-app sends subnet E through its ENI */
function withFirewallInFrontOfEndpoints(s: Snapshot, sourceDestCheck: boolean): void {
  s.SecurityGroups.push(securityGroup(id.SG_FW, id.VPC, 'firewall appliance', [allTraffic({ cidr: [id.VPC_CIDR] })], [allTraffic(ANYWHERE)]));
  addSubnet(s, id.SUBNET_F, id.CIDR_F, 'firewall-a');
  addInstance(s, { id: id.I_FW, eniId: id.ENI_FW, name: 'firewall', subnetId: id.SUBNET_F, vpcId: id.VPC, ip: id.IP_FW, groups: [id.SG_FW] });
  setSourceDestCheck(s, id.I_FW, sourceDestCheck);
  addRoute(s, id.RTB_APP, route(id.CIDR_E, id.ENI_FW, { instanceId: id.I_FW }));
}
/** move nat-1 into another subnet (ENI, NAT record and EIP association follow) */
function moveNat(s: Snapshot, subnetId: string, ip: string): void {
  const gw = getNat(s, id.NAT);
  gw.SubnetId = subnetId;
  for (const a of gw.NatGatewayAddresses) a.PrivateIp = ip;
  const eni = getEni(s, id.ENI_NAT);
  eni.SubnetId = subnetId;
  eni.PrivateIpAddress = ip;
  for (const p of eni.PrivateIpAddresses) p.PrivateIpAddress = ip;
  for (const a of s.Addresses) if (a.NetworkInterfaceId === id.ENI_NAT) a.PrivateIpAddress = ip;
}
/** the NAT's public address goes away (private NAT, deleted NAT) */
function dropNatPublicAddress(s: Snapshot): void {
  for (const a of getNat(s, id.NAT).NatGatewayAddresses) {
    delete a.AllocationId;
    delete a.PublicIp;
  }
  const eni = getEni(s, id.ENI_NAT);
  delete eni.Association;
  for (const p of eni.PrivateIpAddresses) delete p.Association;
  removeWhere(s.Addresses, (a) => a.AllocationId === id.EIPALLOC_NAT);
}
function setRouteState(s: Snapshot, rtbId: string, destination: string, state: 'active' | 'blackhole'): void {
  for (const r of getRtb(s, rtbId).Routes) if (r.DestinationCidrBlock === destination) r.State = state;
}

// ---------------------------------------------------------------------------------------------
// §14 base cases

// DNS-3, SG-9
function epBaseline(): Scenario {
  return model('ep-baseline', 'EP: interface endpoints for ssm, ec2messages, ssmmessages in subnet E with private DNS; instance in subnet A', ['DNS-3', 'SG-9', 'NACL-8'], s14(1), ep(), { [id.I_APP]: allReachable() });
}

// NAT-1, NAT-2, NAT-3, NAT-4
function natBaseline(): Scenario {
  return model('nat-baseline', 'NAT: no endpoints; subnet A routes 0.0.0.0/0 to a public NAT gateway in public subnet P', ['NAT-1', 'NAT-2', 'NAT-3', 'NAT-4', 'DNS-4'], s14(2), nat(), { [id.I_APP]: allReachable() });
}

// IGW-1
function igwBaseline(): Scenario {
  return model('igw-baseline', 'IGW: instance with a public IPv4 in public subnet P, 0.0.0.0/0 to the internet gateway', ['IGW-1', 'DNS-4'], s14(3), igw(), { [id.I_APP]: allReachable() });
}

// IGW-1
function igwInstanceWithoutPublicIp(): Scenario {
  const s = igw();
  setInstancePublicIp(s, id.I_APP, null);
  return model('igw-instance-without-public-ip', 'IGW: instance in the public subnet but without a public IPv4 or Elastic IP', ['IGW-1'], s14(4), s, {
    [id.I_APP]: ssmFlows(blocked(id.IGW, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS')),
  });
}

// ---------------------------------------------------------------------------------------------
// NACLs on the endpoint path

// NACL-4, NACL-6
function naclInbound443Only(): Scenario {
  const s = ep();
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', '0.0.0.0/0', [443, 443]));
  return model('nacl-inbound-443-only', 'EP; subnet A NACL allows inbound TCP 443 only (no ephemeral return ports)', ['NACL-4', 'NACL-6'], s14(5), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_A, ACL)),
  });
}

// NACL-6
function naclEphemeralPartialLinux(): Scenario {
  const s = ep();
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', id.VPC_CIDR, [49152, 65535]));
  return model('nacl-ephemeral-partial-linux', 'EP; subnet A NACL inbound allows TCP 49152-65535 from the VPC only; Linux instance (ephemeral 32768-60999)', ['NACL-6'], s14(6), s, {
    [id.I_APP]: ssmFlows(partial(id.ACL_A, EPHEMERAL)),
  }, { notes: 'Return ports 32768-49151 fall to the * deny; 49152-60999 pass.' });
}

// NACL-6
function naclEphemeralWindows(): Scenario {
  const s = ep();
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', id.VPC_CIDR, [49152, 65535]));
  makeWindows(s, id.I_APP);
  return model('nacl-ephemeral-windows', 'As nacl-ephemeral-partial-linux but a Windows instance (ephemeral 49152-65535, fully covered)', ['NACL-6'], s14(7), s, {
    [id.I_APP]: allReachable(),
  });
}

// ---------------------------------------------------------------------------------------------
// endpoint security groups

// SG-9
function vpceSgAllowsOnly80(): Scenario {
  const s = ep();
  getSg(s, id.SG_VPCE).IpPermissions = [tcp(80, { cidr: [id.VPC_CIDR] })];
  return model('vpce-sg-allows-only-80', 'EP; endpoint security group allows only TCP 80 inbound', ['SG-9', 'SG-5'], s14(8), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_VPCE, SG_MISMATCH)),
  });
}

// SG-4, VPCE-3
function vpceOnDefaultSg(): Scenario {
  const s = ep();
  forEachEndpoint((vpce) => setEndpointGroups(s, vpce, [id.SG_DEFAULT]));
  removeSecurityGroup(s, id.SG_VPCE);
  return model('vpce-on-default-sg', "EP; endpoints created without a security group, so they carry the VPC's default SG; instance not a member", ['SG-4', 'VPCE-3', 'SG-7'], s14(9), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_DEFAULT, SG_MISMATCH)),
  });
}

// SG-4, SG-7
function vpceOnDefaultSgInstanceMember(): Scenario {
  const s = ep();
  forEachEndpoint((vpce) => setEndpointGroups(s, vpce, [id.SG_DEFAULT]));
  removeSecurityGroup(s, id.SG_VPCE);
  setInstanceGroups(s, id.I_APP, [id.SG_INST, id.SG_DEFAULT]);
  return model('vpce-on-default-sg-instance-member', 'As vpce-on-default-sg but the instance also carries the default SG (self-reference matches)', ['SG-4', 'SG-7', 'SG-2'], s14(10), s, {
    [id.I_APP]: allReachable(),
  });
}

// ---------------------------------------------------------------------------------------------
// DNS

// DNS-4
function privateDnsOffNoEgress(): Scenario {
  const s = ep();
  forEachEndpoint((vpce) => setPrivateDns(s, vpce, false));
  return model('private-dns-off-no-egress', 'EP with PrivateDnsEnabled=false on all three endpoints; no NAT or IGW', ['DNS-4', 'RT-2'], s14(11), s, {
    [id.I_APP]: ssmFlows((svc) => blocked(id.VPCE[svc], 'PRIVATE_DNS_DISABLED')),
  }, { notes: 'Names resolve to public IPs; the public path would stop at rtb-app (local route only). Reported at the endpoint whose private DNS is off.' });
}

// DNS-4, NAT-1
function privateDnsOffWithNat(): Scenario {
  const s = withNatPath(ep());
  forEachEndpoint((vpce) => setPrivateDns(s, vpce, false));
  return model('private-dns-off-with-nat', 'EP with private DNS off on all endpoints, plus a NAT path: traffic goes out through the NAT', ['DNS-4', 'NAT-1', 'NAT-3'], s14(12), s, {
    [id.I_APP]: allReachable(),
  }, { notes: 'The endpoints are unused (an info note, not a blocker).' });
}

// DNS-3, DNS-4
function dnsHostnamesOff(): Scenario {
  const s = ep();
  getVpcAttributes(s, id.VPC).EnableDnsHostnames.Value = false;
  return model('dns-hostnames-off', 'EP; VPC enableDnsHostnames=false, so private DNS of the endpoints is ineffective; no NAT/IGW', ['DNS-3', 'DNS-4'], s14(13), s, {
    [id.I_APP]: ssmFlows(blocked(id.VPC, 'PRIVATE_DNS_INEFFECTIVE')),
  });
}

// DNS-2
function dnsSupportOff(): Scenario {
  const s = ep();
  getVpcAttributes(s, id.VPC).EnableDnsSupport.Value = false;
  return model('dns-support-off', 'EP; VPC enableDnsSupport=false (Amazon DNS does not answer)', ['DNS-2', 'SG-10'], s14(14), s, {
    [id.I_APP]: ssmFlows(blocked(id.VPC, 'DNS_RESOLUTION_FAILED')),
  });
}

// DNS-1, DNS-6
function customDhcpResolver(): Scenario {
  const s = ep();
  useCustomDns(s);
  return model('custom-dhcp-resolver', 'EP; DHCP options set domain-name-servers=10.9.9.9 (custom resolver, forwarding unknown)', ['DNS-1', 'DNS-6'], s14(15), s, {
    [id.I_APP]: ssmFlows(unknown(id.DOPT_CUSTOM, 'CUSTOM_RESOLVER_UNKNOWN')),
  }, { notes: 'Endpoint answer: reachable; public answer: no route in rtb-app. The answers differ, so unknown.' });
}

// DNS-4, SSM-2
function noSsmmessagesEndpoint(): Scenario {
  const s = ep();
  removeEndpoint(s, id.VPCE.ssmmessages);
  return model('no-ssmmessages-endpoint', 'EP but no ssmmessages endpoint; no NAT/IGW', ['DNS-4', 'RT-2', 'SSM-2'], s14(17), s, {
    [id.I_APP]: flows(reachable(), reachable(), blocked(id.RTB_APP, NO_ROUTE)),
  });
}

// DNS-4, SSM-2
function noEc2messagesEndpoint(): Scenario {
  const s = ep();
  removeEndpoint(s, id.VPCE.ec2messages);
  return model('no-ec2messages-endpoint', 'EP but no ec2messages endpoint; no NAT/IGW', ['DNS-4', 'RT-2', 'SSM-2'], s14(18), s, {
    [id.I_APP]: flows(reachable(), blocked(id.RTB_APP, NO_ROUTE), reachable()),
  });
}

// ---------------------------------------------------------------------------------------------
// NAT gateway

// NAT-3
function natInPrivateSubnet(): Scenario {
  const s = nat();
  s.RouteTables.push(routeTable(id.RTB_NATPRIV, id.VPC, [localRoute(id.VPC_CIDR)], 'nat-private'));
  addSubnet(s, id.SUBNET_N, id.CIDR_N, 'nat-private-a', { routeTable: id.RTB_NATPRIV });
  moveNat(s, id.SUBNET_N, ipIn(id.CIDR_N, 20));
  return model('nat-in-private-subnet', "NAT; the public NAT gateway sits in a private subnet whose route table has no internet route", ['NAT-3'], s14(20), s, {
    [id.I_APP]: ssmFlows(blocked(id.RTB_NATPRIV, NO_ROUTE)),
  });
}

// NAT-1
function natFailedRouteActive(): Scenario {
  const s = nat();
  const gw = getNat(s, id.NAT);
  gw.State = 'failed';
  gw.FailureCode = 'InternalError';
  gw.FailureMessage = 'Network interface eni-0natgw00000000001, created and used internally by this NAT gateway is in an invalid state. Please try again.';
  return model('nat-failed-route-active', 'NAT; the NAT gateway is in state failed while the route to it is still active', ['NAT-1'], s14(21), s, {
    [id.I_APP]: ssmFlows(blocked(id.NAT, 'NAT_STATE')),
  });
}

// RT-4, NAT-1
function natDeletedRouteBlackhole(): Scenario {
  const s = nat();
  const gw = getNat(s, id.NAT);
  gw.State = 'deleted';
  gw.DeleteTime = '2024-05-02T10:00:00+00:00';
  dropNatPublicAddress(s);
  gw.NatGatewayAddresses = [];
  removeWhere(s.NetworkInterfaces, (e) => e.NetworkInterfaceId === id.ENI_NAT);
  setRouteState(s, id.RTB_APP, '0.0.0.0/0', 'blackhole');
  return model('nat-deleted-route-blackhole', 'NAT; the NAT gateway was deleted and the 0.0.0.0/0 route to it shows blackhole', ['RT-4', 'NAT-1'], s14(21), s, {
    [id.I_APP]: ssmFlows(blocked(id.RTB_APP, BAD_ROUTE)),
  });
}

// NAT-2
function natPrivateConnectivity(): Scenario {
  const s = nat();
  getNat(s, id.NAT).ConnectivityType = 'private';
  dropNatPublicAddress(s);
  return model('nat-private-connectivity', 'NAT; the NAT gateway has ConnectivityType=private (no Elastic IP)', ['NAT-2'], s14(22), s, {
    [id.I_APP]: ssmFlows(blocked(id.NAT, 'NAT_PRIVATE_NO_INTERNET')),
  });
}

// NACL-8
function natSubnetNaclDeniesAppSubnet(): Scenario {
  const s = nat();
  publicNacl(s, inbound(90, 'deny', id.CIDR_A), inbound(100, 'allow', '0.0.0.0/0'), outbound(100, 'allow', '0.0.0.0/0'));
  return model('nat-subnet-nacl-denies-app-subnet', "NAT; the NAT subnet's NACL denies inbound from subnet A (rule 90) before allowing all", ['NACL-8', 'NACL-10'], s14(23), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_P, ACL)),
  });
}

// NACL-6, NAT-4
function natSubnetNaclEphemeralPartial(): Scenario {
  const s = nat();
  publicNacl(s, inbound(100, 'allow', id.VPC_CIDR, [443, 443]), inbound(110, 'allow', '0.0.0.0/0', [32768, 65535]), outbound(100, 'allow', '0.0.0.0/0'));
  return model('nat-subnet-nacl-ephemeral-partial', "NAT; NAT subnet NACL inbound allows 443 from the VPC and 32768-65535 from anywhere (NAT uses 1024-65535)", ['NACL-6', 'NAT-4'], s14(24), s, {
    [id.I_APP]: ssmFlows(partial(id.ACL_P, EPHEMERAL)),
  }, { notes: "Replies from the internet to the NAT on ports 1024-32767 are denied." });
}

// NAT-3, RT-4
function igwDetached(): Scenario {
  const s = nat();
  getIgw(s, id.IGW).Attachments = [];
  setRouteState(s, id.RTB_PUBLIC, '0.0.0.0/0', 'blackhole');
  return model('igw-detached', "NAT; the internet gateway is detached, so the NAT subnet's 0.0.0.0/0 route shows blackhole", ['NAT-3', 'RT-4', 'IGW-1'], s14(25), s, {
    [id.I_APP]: ssmFlows(blocked(id.RTB_PUBLIC, BAD_ROUTE)),
  });
}

// RT-2, RT-4
function moreSpecificBlackholeHalves(): Scenario {
  const s = nat();
  s.NatGateways.push({
    NatGatewayId: id.NAT_RETIRED,
    SubnetId: id.SUBNET_P,
    VpcId: id.VPC,
    State: 'deleted',
    ConnectivityType: 'public',
    NatGatewayAddresses: [],
    CreateTime: '2023-11-01T09:00:00+00:00',
    DeleteTime: '2024-04-01T10:00:00+00:00',
    Tags: [{ Key: 'Name', Value: 'retired' }],
  });
  addRoute(s, id.RTB_APP, route('0.0.0.0/1', id.NAT_RETIRED, { state: 'blackhole' }));
  addRoute(s, id.RTB_APP, route('128.0.0.0/1', id.NAT_RETIRED, { state: 'blackhole' }));
  return model('more-specific-blackhole-halves', 'NAT; rtb-app also has 0.0.0.0/1 and 128.0.0.0/1 to a deleted NAT (blackhole): they beat 0.0.0.0/0', ['RT-2', 'RT-4'], s14(26), s, {
    [id.I_APP]: ssmFlows(blocked(id.RTB_APP, BAD_ROUTE)),
  }, { notes: 'Every public address matches a /1 blackhole; no fallback to the 0.0.0.0/0 NAT route.' });
}

// ---------------------------------------------------------------------------------------------
// route targets outside the model

// RT-2
function staticBeatsPropagatedVgw(): Scenario {
  const s = nat();
  addVgw(s, id.RTB_APP);
  getRtb(s, id.RTB_APP).Routes.splice(1, 0, route('0.0.0.0/0', id.VGW, { propagated: true }));
  return model('static-beats-propagated-vgw', 'NAT; rtb-app has a propagated 0.0.0.0/0 to a VGW and the static 0.0.0.0/0 to the NAT (listed after it)', ['RT-2'], s14(28), s, {
    [id.I_APP]: allReachable(),
  });
}

// RT-5
function propagatedVgwOnly(): Scenario {
  const s = nat();
  removeRoutes(s, id.RTB_APP, '0.0.0.0/0');
  addVgw(s, id.RTB_APP);
  addRoute(s, id.RTB_APP, route('0.0.0.0/0', id.VGW, { propagated: true }));
  return model('propagated-vgw-only', "NAT fixture, but rtb-app's only default route is propagated from a VPN gateway (on-premises egress)", ['RT-5'], s14(29), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_APP, 'EXTERNAL_NETWORK')),
  });
}

// RT-3, RT-5
function middleboxEniSourceDestCheck(): Scenario {
  const s = ep();
  withFirewallInFrontOfEndpoints(s, true);
  return model('middlebox-eni-source-dest-check', 'EP; rtb-app sends 10.0.2.0/24 through a firewall instance ENI that still has SourceDestCheck=true', ['RT-3', 'RT-5'], s14(30), s, {
    [id.I_APP]: ssmFlows(blocked(id.ENI_FW, 'ENI_SOURCE_DEST_CHECK_RESTRICTION')),
    [id.I_FW]: allReachable(),
  }, { notes: 'The firewall instance itself (subnet F, main route table) reaches the endpoints directly.' });
}

// RT-3, RT-5
function middleboxEniUnmodeled(): Scenario {
  const s = ep();
  withFirewallInFrontOfEndpoints(s, false);
  return model('middlebox-eni-unmodeled', 'EP; rtb-app sends 10.0.2.0/24 through a firewall instance ENI with SourceDestCheck=false (appliance rules unknown)', ['RT-3', 'RT-5'], s14(30), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_APP, 'MIDDLEBOX_UNMODELED')),
    [id.I_FW]: allReachable(),
  });
}

// ---------------------------------------------------------------------------------------------
// instance security groups

// SG-6, GWE-1
function sgEgressS3PrefixListOnly(): Scenario {
  const s = ep();
  addS3GatewayEndpoint(s, id.RTB_APP);
  getSg(s, id.SG_INST).IpPermissionsEgress = [tcp(443, { pl: [id.PL_S3] })];
  return model('sg-egress-s3-prefix-list-only', 'EP + S3 gateway endpoint; instance SG egress only TCP 443 to the S3 prefix list', ['SG-6', 'GWE-1'], s14(31), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_INST, SG_MISMATCH)),
  });
}

// SG-7
function sgEgressToVpceSg(): Scenario {
  const s = ep();
  getSg(s, id.SG_INST).IpPermissionsEgress = [tcp(443, { sg: [id.SG_VPCE] })];
  return model('sg-egress-to-vpce-sg', 'EP; instance SG egress only TCP 443 to the endpoint security group (SG reference)', ['SG-7'], s14(32), s, {
    [id.I_APP]: allReachable(),
  });
}

// SG-7, DNS-4
function sgEgressToVpceSgPublicPath(): Scenario {
  const s = withNatPath(ep());
  getSg(s, id.SG_INST).IpPermissionsEgress = [tcp(443, { sg: [id.SG_VPCE] })];
  forEachEndpoint((vpce) => setPrivateDns(s, vpce, false));
  return model('sg-egress-to-vpce-sg-public-path', 'As sg-egress-to-vpce-sg but private DNS off and a NAT path: the SG reference never matches public IPs', ['SG-7', 'DNS-4'], s14(33), s, {
    [id.I_APP]: ssmFlows((svc) => blocked(id.VPCE[svc], 'PRIVATE_DNS_DISABLED')),
  }, { notes: 'The public path exists (NAT) but the only egress rule references sg-vpce, which matches endpoint ENI addresses and never the public service IPs (SG-7). Name resolution comes first in packet order, so the first blocker is the endpoint with private DNS off (turning it on fixes the check by itself); the instance SG egress is the second blocker.' });
}

// SG-3, SG-10
function sgNoEgressRules(): Scenario {
  const s = ep();
  getSg(s, id.SG_INST).IpPermissionsEgress = [];
  return model('sg-no-egress-rules', 'EP; instance SG has no egress rules at all (IMDS and DNS unaffected)', ['SG-3', 'SG-10'], s14(34), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_INST, SG_MISMATCH)),
  });
}

// SG-2
function multipleSgsUnion(): Scenario {
  const s = ep();
  s.SecurityGroups.push(
    securityGroup(id.SG_A, id.VPC, 'no egress', [], []),
    securityGroup(id.SG_B, id.VPC, 'https egress', [], [tcp(443, ANYWHERE)]),
  );
  setInstanceGroups(s, id.I_APP, [id.SG_A, id.SG_B]);
  removeSecurityGroup(s, id.SG_INST);
  return model('multiple-sgs-union', 'EP; instance has sg-a (no egress) first and sg-b (egress TCP 443 0.0.0.0/0): rules are a union', ['SG-2'], s14(35), s, {
    [id.I_APP]: allReachable(),
  });
}

// SG-6
function sgEgressIpv6Only(): Scenario {
  const s = ep();
  getSg(s, id.SG_INST).IpPermissionsEgress = [tcp(443, { cidr6: ['::/0'] })];
  return model('sg-egress-ipv6-only', 'EP; instance SG egress only TCP 443 to ::/0 (IPv6 rule never matches IPv4)', ['SG-6'], s14(36), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_INST, SG_MISMATCH)),
  });
}

// ---------------------------------------------------------------------------------------------
// NACL rule order, association, scope

// NACL-10
function naclDenyBeforeAllow(): Scenario {
  const s = ep();
  appNacl(s, outbound(90, 'deny', '0.0.0.0/0', [443, 443]), outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', '0.0.0.0/0'));
  return model('nacl-deny-before-allow', 'EP; subnet A NACL outbound: 90 deny TCP 443, 100 allow all', ['NACL-10', 'NACL-2'], s14(37), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_A, ACL)),
  });
}

// NACL-2, NACL-10
function naclAllowBeforeDeny(): Scenario {
  const s = ep();
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'), outbound(110, 'deny', '0.0.0.0/0', [443, 443]), inbound(100, 'allow', '0.0.0.0/0'));
  return model('nacl-allow-before-deny', 'EP; subnet A NACL outbound: 100 allow all, 110 deny TCP 443 (first match wins)', ['NACL-2', 'NACL-10'], s14(38), s, {
    [id.I_APP]: allReachable(),
  });
}

// NACL-5, RT-7, SG-10
function endpointsInInstanceSubnetDenyAllNacl(): Scenario {
  const s = baseVpc();
  addEndpointSg(s);
  addSsmEndpoints(s, [IN_SUBNET_A]);
  appNacl(s);
  return model('endpoints-in-instance-subnet-deny-all-nacl', "Endpoint ENIs in the instance's own subnet A; subnet A has a custom NACL with no rules (deny all)", ['NACL-5', 'RT-7', 'SG-10'], s14(39), s, {
    [id.I_APP]: allReachable(),
  }, { notes: 'NACLs are not evaluated between ENIs of one subnet; DNS and IMDS are never NACL-checked.' });
}

// NACL-7
function naclCustomNoRules(): Scenario {
  const s = ep();
  appNacl(s);
  return model('nacl-custom-no-rules', 'EP; subnet A has a new custom NACL with no rules (only the * denies)', ['NACL-7', 'SG-10'], s14(40), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_A, ACL)),
  });
}

// NACL-1, NACL-10
function defaultNaclEditedDeny(): Scenario {
  const s = ep();
  getAcl(s, id.ACL_DEFAULT).Entries.push(outbound(50, 'deny', '0.0.0.0/0', [443, 443]));
  unassociateNacl(s, id.SUBNET_A);
  return model('default-nacl-edited-deny', "EP; subnet A appears in no NACL association (falls back to the default NACL); default NACL edited with outbound 50 deny TCP 443", ['NACL-1', 'NACL-10'], s14(41), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_DEFAULT, ACL)),
  });
}

// RT-1
function mainRouteTableImplicit(): Scenario {
  const s = nat();
  disassociateRouteTable(s, id.SUBNET_A);
  return model('main-route-table-implicit', 'NAT; subnet A not explicitly associated, so it uses the main table (local only); rtb-app with the NAT route is unassociated', ['RT-1'], s14(42), s, {
    [id.I_APP]: ssmFlows(blocked(id.RTB_MAIN, NO_ROUTE)),
  });
}

// ---------------------------------------------------------------------------------------------
// IMDS

// IMDS-2, IMDS-4, IMDS-9
function imdsDisabled(): Scenario {
  const s = ep();
  const app = getInstance(s, id.I_APP);
  if (app.MetadataOptions) app.MetadataOptions.HttpEndpoint = 'disabled';
  addInstance(s, { id: id.I_LEGACY, eniId: id.ENI_LEGACY, name: 'legacy-imdsv1', subnetId: id.SUBNET_A, vpcId: id.VPC, ip: id.IP_LEGACY, groups: [id.SG_INST] });
  const legacy = getInstance(s, id.I_LEGACY);
  if (legacy.MetadataOptions) {
    legacy.MetadataOptions.HttpTokens = 'optional';
    legacy.MetadataOptions.HttpPutResponseHopLimit = 1;
  }
  addInstance(s, { id: id.I_NOMETA, eniId: id.ENI_NOMETA, name: 'no-metadata-options', subnetId: id.SUBNET_A, vpcId: id.VPC, ip: id.IP_NOMETA, groups: [id.SG_INST] });
  delete getInstance(s, id.I_NOMETA).MetadataOptions;
  return model('imds-disabled', 'EP; i-app has HttpEndpoint=disabled; i-legacy allows IMDSv1 with hop limit 1; i-nometa has no MetadataOptions (AWS default: enabled)', ['IMDS-2', 'IMDS-4', 'IMDS-9'], s14(43), s, {
    [id.I_APP]: ssmFlows(reachable(), blocked(id.I_APP, 'IMDS_DISABLED')),
    [id.I_LEGACY]: allReachable(),
    [id.I_NOMETA]: allReachable(),
  });
}

// IMDS-1, SG-10, RT-6
function imdsIndependentOfNetwork(): Scenario {
  const s = baseVpc();
  const sg = getSg(s, id.SG_INST);
  sg.IpPermissions = [];
  sg.IpPermissionsEgress = [];
  appNacl(s);
  return model('imds-independent-of-network', 'No endpoints; instance SG without rules, subnet NACL deny-all, route table local only; IMDS enabled', ['IMDS-1', 'SG-10', 'RT-6'], s14(48), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_INST, SG_MISMATCH)),
  }, { notes: 'The SSM flows stop at the first blocker in packet order (SG egress); IMDS is reachable regardless.' });
}

// ---------------------------------------------------------------------------------------------
// endpoint state and placement

// VPCE-4
function vpcePendingAcceptance(): Scenario {
  const s = ep();
  getVpce(s, id.VPCE.ssm).State = 'pendingAcceptance';
  return model('vpce-pending-acceptance', 'EP; the ssm endpoint is in state pendingAcceptance', ['VPCE-4'], s14(50), s, {
    [id.I_APP]: flows(unknown(id.VPCE.ssm, 'VPCE_STATE'), reachable(), reachable()),
  });
}

// VPCE-4
function vpceFailed(): Scenario {
  const s = ep();
  getVpce(s, id.VPCE.ssm).State = 'failed';
  return model('vpce-failed', 'EP; the ssm endpoint is in state failed', ['VPCE-4'], s14(50), s, {
    [id.I_APP]: flows(blocked(id.VPCE.ssm, 'VPCE_STATE'), reachable(), reachable()),
  });
}

// VPCE-2
function endpointCrossAz(): Scenario {
  const s = ep();
  getSubnet(s, id.SUBNET_A).AvailabilityZone = id.AZ_B;
  moveInstance(s, id.I_APP, id.SUBNET_A, id.IP_APP);
  return model('endpoint-cross-az', 'EP; endpoint ENIs only in us-east-1a, instance subnet A in us-east-1b', ['VPCE-2'], s14(51), s, {
    [id.I_APP]: allReachable(),
  });
}

// VPCE-2, NACL-8
function endpointTwoAzsOneNaclDenies(): Scenario {
  const s = ep();
  addSubnet(s, id.SUBNET_E2, id.CIDR_E2, 'endpoints-b', { az: id.AZ_B });
  forEachEndpoint((vpce) => removeEndpoint(s, vpce));
  addSsmEndpoints(s, [IN_SUBNET_E, IN_SUBNET_E2]);
  addCustomNacl(s, id.ACL_E2, id.VPC, [id.SUBNET_E2], naclRules(inbound(90, 'deny', id.CIDR_A), inbound(100, 'allow', '0.0.0.0/0'), outbound(100, 'allow', '0.0.0.0/0')), 'endpoints-b');
  return model('endpoint-two-azs-one-nacl-denies', 'EP; each endpoint has ENIs in E (1a) and E2 (1b); the E2 NACL denies inbound from subnet A', ['VPCE-2', 'NACL-8'], s14(52), s, {
    [id.I_APP]: ssmFlows(partial(id.ACL_E2, ACL)),
  }, { notes: 'DNS returns both ENI addresses; the E ENI passes, the E2 ENI is blocked at the E2 NACL inbound.' });
}

// ---------------------------------------------------------------------------------------------
// endpoint SG peers

// SG-6, SG-9
function vpceSgCustomerPrefixList(): Scenario {
  const s = ep();
  s.ManagedPrefixLists.push(managedPrefixList(id.PL_CORP, 'corp-app-subnets', [id.CIDR_A, '192.168.100.0/24']));
  getSg(s, id.SG_VPCE).IpPermissions = [tcp(443, { pl: [id.PL_CORP] })];
  withBatchInstance(s, [id.SG_INST]);
  return model('vpce-sg-customer-prefix-list', 'EP; endpoint SG allows 443 from customer prefix list pl-corp (10.0.1.0/24, 192.168.100.0/24); i-batch in 10.0.4.0/24 is not in it', ['SG-6', 'SG-9'], s14(69), s, {
    [id.I_APP]: allReachable(),
    [id.I_BATCH]: ssmFlows(blocked(id.SG_VPCE, SG_MISMATCH)),
  });
}

// SG-7, SG-9
function vpceSgAllowsPublicIp(): Scenario {
  const s = ep();
  setInstancePublicIp(s, id.I_APP, id.PUBLIC_IP_APP);
  getSg(s, id.SG_VPCE).IpPermissions = [tcp(443, { cidr: [`${id.PUBLIC_IP_APP}/32`] })];
  return model('vpce-sg-allows-public-ip', "EP; endpoint SG allows 443 only from the instance's public IP/32 (the endpoint sees the private source)", ['SG-7', 'SG-9'], s14(70), s, {
    [id.I_APP]: ssmFlows(blocked(id.SG_VPCE, SG_MISMATCH)),
  });
}

// SG-7, SG-9
function vpceSgReferencesInstanceSg(): Scenario {
  const s = ep();
  getSg(s, id.SG_VPCE).IpPermissions = [tcp(443, { sg: [id.SG_INST] })];
  s.SecurityGroups.push(securityGroup(id.SG_BATCH, id.VPC, 'batch instances', [], [allTraffic(ANYWHERE)]));
  withBatchInstance(s, [id.SG_BATCH]);
  return model('vpce-sg-references-instance-sg', 'EP; endpoint SG allows 443 from sg-inst only; i-app carries sg-inst, i-batch carries sg-batch', ['SG-7', 'SG-9'], extraCase('SG-7'), s, {
    [id.I_APP]: allReachable(),
    [id.I_BATCH]: ssmFlows(blocked(id.SG_VPCE, SG_MISMATCH)),
  });
}

// SG-6
function instanceEgressCustomerPrefixList(): Scenario {
  const s = ep();
  s.ManagedPrefixLists.push(managedPrefixList(id.PL_VPCE, 'vpc-endpoint-subnets', [id.CIDR_E]));
  getSg(s, id.SG_INST).IpPermissionsEgress = [tcp(443, { pl: [id.PL_VPCE] })];
  return model('instance-egress-customer-prefix-list', 'EP; instance SG egress only TCP 443 to a customer prefix list holding the endpoint subnet 10.0.2.0/24', ['SG-6'], extraCase('SG-6'), s, {
    [id.I_APP]: allReachable(),
  });
}

// ---------------------------------------------------------------------------------------------
// NACLs on the NAT path and the return leg

// NACL-9, NACL-8
function natPathNaclOutboundVpcOnly(): Scenario {
  const s = nat();
  appNacl(s, outbound(100, 'allow', id.VPC_CIDR, [443, 443]), inbound(100, 'allow', '0.0.0.0/0'));
  return model('nat-path-nacl-outbound-vpc-only', 'NAT; subnet A NACL allows outbound TCP 443 only to the VPC CIDR (the service is public)', ['NACL-9', 'NACL-8'], extraCase('NACL-9'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_A, ACL)),
  });
}

// NACL-8, RET-4
function natPathAppNaclInboundVpcOnly(): Scenario {
  const s = nat();
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', id.VPC_CIDR));
  return model('nat-path-app-nacl-inbound-vpc-only', 'NAT; subnet A NACL allows inbound only from the VPC CIDR (replies through the NAT keep the public source)', ['NACL-8', 'RET-4'], extraCase('NACL-8'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_A, ACL)),
  }, { notes: 'The NAT rewrites the destination of the reply, not its source: it enters subnet A from the service IP.' });
}

// NACL-8, NAT-4
function natSubnetNaclOutboundVpcOnly(): Scenario {
  const s = nat();
  publicNacl(s, inbound(100, 'allow', '0.0.0.0/0'), outbound(100, 'allow', id.VPC_CIDR));
  return model('nat-subnet-nacl-outbound-vpc-only', "NAT; the NAT subnet's NACL allows outbound only to the VPC CIDR (the NAT's leg to the internet is denied)", ['NACL-8', 'NAT-4'], extraCase('NACL-8'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_P, ACL)),
  });
}

// NACL-4, NACL-8, VPCE-8
function endpointSubnetNaclBlocksReturn(): Scenario {
  const s = ep();
  addCustomNacl(s, id.ACL_E, id.VPC, [id.SUBNET_E], naclRules(inbound(100, 'allow', id.VPC_CIDR, [443, 443]), outbound(100, 'allow', id.VPC_CIDR, [443, 443])), 'endpoints-a');
  return model('endpoint-subnet-nacl-blocks-return', "EP; endpoint subnet NACL mirrors 443 both ways, so replies to the instance's ephemeral ports are denied outbound", ['NACL-4', 'NACL-8', 'VPCE-8'], extraCase('NACL-4'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_E, ACL)),
  });
}

// NACL-4, NACL-6
function twoInstancesHealthyAndBroken(): Scenario {
  const s = ep();
  withBatchInstance(s, [id.SG_INST]);
  addCustomNacl(s, id.ACL_B, id.VPC, [id.SUBNET_B], naclRules(outbound(100, 'allow', '0.0.0.0/0')), 'batch-a');
  return model('two-instances-healthy-and-broken', 'EP; i-app in subnet A is healthy; i-batch in subnet B whose NACL has no inbound allow (replies denied)', ['NACL-4', 'NACL-6'], extraCase('NACL-4'), s, {
    [id.I_APP]: allReachable(),
    [id.I_BATCH]: ssmFlows(blocked(id.ACL_B, ACL)),
  });
}

// ---------------------------------------------------------------------------------------------
// dangling references

// RT-5 (MISSING_RESOURCE)
function routeToMissingNat(): Scenario {
  const s = nat();
  removeRoutes(s, id.RTB_APP, '0.0.0.0/0');
  addRoute(s, id.RTB_APP, route('0.0.0.0/0', id.NAT_MISSING));
  return model('route-to-missing-nat', 'NAT fixture, but rtb-app sends 0.0.0.0/0 to a NAT gateway id that is not in the snapshot', ['RT-5'], 'DESIGN.md §2 (missing data)', s, {
    [id.I_APP]: ssmFlows(unknown(id.NAT_MISSING, 'MISSING_RESOURCE')),
  }, { dangling: [id.NAT_MISSING] });
}

// SG-2 (MISSING_RESOURCE)
function securityGroupMissing(): Scenario {
  const s = ep();
  setInstanceGroups(s, id.I_APP, [id.SG_GONE]);
  return model('security-group-missing', "EP; the instance's only security group is not in SecurityGroups", ['SG-2'], 'DESIGN.md §2 (missing data)', s, {
    [id.I_APP]: ssmFlows(unknown(id.SG_GONE, 'MISSING_RESOURCE')),
  }, { dangling: [id.SG_GONE] });
}

// ---------------------------------------------------------------------------------------------
// more DNS and routing combinations

// DNS-6
function customResolverSameVerdict(): Scenario {
  const s = withNatPath(ep());
  useCustomDns(s);
  return model('custom-resolver-same-verdict', 'EP + NAT path; custom DHCP resolver: endpoint and public answers are both reachable', ['DNS-6', 'DNS-3', 'DNS-4'], extraCase('DNS-6'), s, {
    [id.I_APP]: allReachable(),
  }, { notes: 'Every possible resolver answer gives the same verdict, so that verdict stands (a warning, not unknown).' });
}

// DNS-3, DNS-4
function dnsHostnamesOffWithNat(): Scenario {
  const s = withNatPath(ep());
  getVpcAttributes(s, id.VPC).EnableDnsHostnames.Value = false;
  return model('dns-hostnames-off-with-nat', 'EP + NAT path; enableDnsHostnames=false makes private DNS ineffective, traffic goes out via the NAT', ['DNS-3', 'DNS-4'], extraCase('DNS-3'), s, {
    [id.I_APP]: allReachable(),
  });
}

// XVPC-1, NAT-5
function peeringDefaultRouteEdgeToEdge(): Scenario {
  const s = withPeerVpc(baseVpc());
  addRoute(s, id.RTB_APP, route(id.VPC_PEER_CIDR, id.PCX));
  addRoute(s, id.RTB_APP, route('0.0.0.0/0', id.PCX));
  return model('peering-default-route-edge-to-edge', "No endpoints; rtb-app sends 0.0.0.0/0 over a peering connection to use the peer VPC's NAT", ['XVPC-1', 'NAT-5'], s14(61), s, {
    [id.I_APP]: ssmFlows(blocked(id.PCX, 'EDGE_TO_EDGE_ROUTING')),
  });
}

// RT-5, XVPC-3
function tgwDefaultRoute(): Scenario {
  const s = baseVpc();
  s.TransitGateways.push({
    TransitGatewayId: id.TGW,
    TransitGatewayArn: `arn:aws:ec2:${id.REGION}:${id.OWNER}:transit-gateway/${id.TGW}`,
    State: 'available',
    OwnerId: id.OWNER,
    Options: { AmazonSideAsn: 64512, DefaultRouteTableAssociation: 'enable', DefaultRouteTablePropagation: 'enable', DnsSupport: 'enable', SecurityGroupReferencingSupport: 'disable' },
  });
  s.TransitGatewayVpcAttachments.push({
    TransitGatewayAttachmentId: id.TGW_ATTACH,
    TransitGatewayId: id.TGW,
    VpcId: id.VPC,
    VpcOwnerId: id.OWNER,
    State: 'available',
    SubnetIds: [id.SUBNET_A],
    Options: { DnsSupport: 'enable', Ipv6Support: 'disable', ApplianceModeSupport: 'disable', SecurityGroupReferencingSupport: 'enable' },
  });
  addRoute(s, id.RTB_APP, route('0.0.0.0/0', id.TGW));
  return model('tgw-default-route', 'No endpoints; rtb-app sends 0.0.0.0/0 to a transit gateway (central egress, TGW route tables not modelled)', ['RT-5', 'XVPC-3'], extraCase('RT-5'), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_APP, 'EXTERNAL_NETWORK')),
  });
}

// RT-9, XVPC-1
function igwAmbiguousPublicRoute(): Scenario {
  const s = withPeerVpc(igw());
  addRoute(s, id.RTB_PUBLIC, route('52.94.0.0/16', id.PCX));
  return model('igw-ambiguous-public-route', 'IGW; rtb-public also sends 52.94.0.0/16 to a peering connection (part of the public space), SSM addresses unknown', ['RT-9', 'XVPC-1'], s14(27), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_PUBLIC, 'AMBIGUOUS_PUBLIC_ROUTE')),
  }, { notes: '52.94.0.0/16 → pcx is edge-to-edge (blocked); the rest of the public space → igw (reachable).' });
}

// GWE-1, RT-2
function s3GatewayEndpointRouteIgnored(): Scenario {
  const s = nat();
  addS3GatewayEndpoint(s, id.RTB_APP);
  return model('s3-gateway-endpoint-route-ignored', 'NAT; rtb-app also has the S3 gateway-endpoint prefix-list route (never matches SSM traffic)', ['GWE-1', 'RT-2', 'SG-6'], extraCase('GWE-1'), s, {
    [id.I_APP]: allReachable(),
  });
}

// ---------------------------------------------------------------------------------------------
// regressions: shrunk counterexamples of the engine-versus-oracle property (issue 6)

/** firewall instance i-fw (SourceDestCheck off) in subnet F on the main table; `routes` send CIDRs to its ENI */
function addFirewallAppliance(s: Snapshot, routes: Array<{ rtbId: string; cidr: string }>): void {
  s.SecurityGroups.push(securityGroup(id.SG_FW, id.VPC, 'firewall appliance', [allTraffic({ cidr: [id.VPC_CIDR] })], [allTraffic(ANYWHERE)]));
  addSubnet(s, id.SUBNET_F, id.CIDR_F, 'firewall-a');
  addInstance(s, { id: id.I_FW, eniId: id.ENI_FW, name: 'firewall', subnetId: id.SUBNET_F, vpcId: id.VPC, ip: id.IP_FW, groups: [id.SG_FW] });
  setSourceDestCheck(s, id.I_FW, false);
  for (const r of routes) addRoute(s, r.rtbId, route(r.cidr, id.ENI_FW, { instanceId: id.I_FW }));
}

// P6, DESIGN.md §3
function unknownHopBeforeBlock(): Scenario {
  const s = ep();
  getSg(s, id.SG_INST).IpPermissionsEgress = [];
  setInstanceGroups(s, id.I_APP, [id.SG_INST, id.SG_GONE]);
  appNacl(s, outbound(90, 'deny', '0.0.0.0/0', [443, 443]), outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', '0.0.0.0/0'));
  return model('unknown-hop-before-block', "EP; the instance's groups cannot be decided (one is missing) and subnet A's NACL then denies 443 outbound", ['DESIGN.md §3', 'NACL-10', 'SG-2'], oracleCase('P6'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_A, ACL)),
  }, { dangling: [id.SG_GONE], notes: 'The check is blocked whatever the missing group says, and the blocking hop is the NACL that blocks, not the undecided group before it.' });
}

// NAT-1, NAT-3, P6
function natPendingNoInternetRoute(): Scenario {
  const s = nat();
  getNat(s, id.NAT).State = 'pending';
  removeRoutes(s, id.RTB_PUBLIC, '0.0.0.0/0');
  return model('nat-pending-no-internet-route', "NAT; nat-1 is still pending and its subnet's table has no internet route", ['NAT-1', 'NAT-3'], oracleCase('P6'), s, {
    [id.I_APP]: ssmFlows(blocked(id.RTB_PUBLIC, NO_ROUTE)),
  }, { notes: 'A pending NAT gateway is undecided, but once available it would still find no route out of its subnet: blocked.' });
}

// RT-2, RT-5, GWE-1
function customerPrefixListToGwlbEndpoint(): Scenario {
  const s = nat();
  s.ManagedPrefixLists.push(managedPrefixList(id.PL_CORP, 'corp-inspected', ['0.0.0.0/1', '128.0.0.0/1']));
  addRoute(s, id.RTB_APP, route(id.PL_CORP, id.VPCE_GWLB));
  return model('customer-prefix-list-to-gwlb-endpoint', 'NAT; rtb-app also sends a customer prefix list (0.0.0.0/1, 128.0.0.0/1) to a GWLB endpoint that is not in the snapshot', ['RT-2', 'RT-5', 'GWE-1'], oracleCase('RT-5'), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_APP, 'MIDDLEBOX_UNMODELED')),
  }, { dangling: [id.VPCE_GWLB], notes: 'Only AWS service lists route to gateway endpoints; a customer list with entries goes to an inspection appliance, and its /1 entries beat 0.0.0.0/0.' });
}

// RT-3, RET-1, VPCE-8
function endpointReplyThroughAppliance(): Scenario {
  const s = ep();
  addFirewallAppliance(s, [{ rtbId: id.RTB_MAIN, cidr: id.CIDR_A }]);
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'));
  return model('endpoint-reply-through-appliance', "EP; the endpoint subnet's table (main) sends replies for subnet A through a firewall appliance; subnet A's NACL has no inbound allow", ['RT-3', 'RET-1', 'VPCE-8'], oracleCase('RT-3'), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_MAIN, 'MIDDLEBOX_UNMODELED')),
    [id.I_FW]: allReachable(),
  }, { notes: "Where the appliance sends the reply is not in the configuration, so subnet A's inbound NACL cannot be said to see it." });
}

// RT-1, RT-3 (MISSING_RESOURCE)
function subnetWithoutRouteTable(): Scenario {
  const s = ep();
  getSg(s, id.SG_VPCE).IpPermissions = [tcp(80, { cidr: [id.VPC_CIDR] })];
  disassociateRouteTable(s, id.SUBNET_A);
  getRtb(s, id.RTB_MAIN).Associations = [];
  return model('subnet-without-route-table', 'EP, but the snapshot holds no main route table and subnet A has no explicit one; the endpoint group admits only port 80', ['RT-1', 'RT-3'], oracleCase('RT-3'), s, {
    [id.I_APP]: ssmFlows(unknown(id.SUBNET_A, 'MISSING_RESOURCE')),
  }, { incomplete: ['main-route-table'], notes: 'Without the route table the path is unknown (a whole-subnet route could send even VPC traffic to an appliance), so the endpoint group further on cannot decide the check.' });
}

// P6, NACL-6
function unknownGroupAndPartialNacl(): Scenario {
  const s = ep();
  getSg(s, id.SG_INST).IpPermissionsEgress = [];
  setInstanceGroups(s, id.I_APP, [id.SG_INST, id.SG_GONE]);
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'), inbound(100, 'allow', id.VPC_CIDR, [49152, 65535]));
  return model('unknown-group-and-partial-nacl', "EP; the instance's groups cannot be decided (one is missing) and subnet A's NACL admits only replies on 49152-65535", ['NACL-6', 'SG-2'], oracleCase('P6'), s, {
    [id.I_APP]: ssmFlows(unknown(id.SG_GONE, 'MISSING_RESOURCE')),
  }, { dangling: [id.SG_GONE], notes: 'No packet is known to get through: partial if the missing group allows 443, blocked if not.' });
}

// VPCE-2, P6
function endpointAddressesWorkingAndUncertain(): Scenario {
  const s = baseVpc();
  addSubnet(s, id.SUBNET_E2, id.CIDR_E2, 'endpoints-b', { az: id.AZ_B });
  addEndpointSg(s);
  addSsmEndpoints(s, [IN_SUBNET_A, IN_SUBNET_E2]);
  addCustomNacl(s, id.ACL_E2, id.VPC, [id.SUBNET_E2], naclRules(inbound(100, 'allow', '0.0.0.0/0'), outbound(100, 'allow', id.VPC_CIDR, [49152, 65535])), 'endpoints-b');
  addFirewallAppliance(s, [{ rtbId: id.RTB_MAIN, cidr: id.CIDR_A }]);
  return model('endpoint-addresses-working-and-uncertain', "Endpoint ENIs in subnet A (the instance's own) and E2; E2's NACL passes only replies on 49152-65535 and E2's table sends replies for A through an appliance", ['VPCE-2', 'NACL-6', 'RT-3'], oracleCase('VPCE-2'), s, {
    [id.I_APP]: ssmFlows(partial(id.ACL_E2, EPHEMERAL)),
    [id.I_FW]: ssmFlows(partial(id.ACL_E2, EPHEMERAL)),
  }, { notes: "The address in subnet A works; through E2, replies on 32768-49151 surely fail and the rest is unknown: some packets work and some fail, so partial. i-fw's own traffic to subnet A is routed to itself (unknown) and its replies from E2 are cut the same way." });
}

// NACL-8, NAT-3, DESIGN.md §3
function natSubnetNaclAndRouteBothBlock(): Scenario {
  const s = nat();
  removeRoutes(s, id.RTB_PUBLIC, '0.0.0.0/0');
  publicNacl(s, inbound(100, 'allow', '0.0.0.0/0'), outbound(100, 'allow', id.VPC_CIDR));
  return model('nat-subnet-nacl-and-route-both-block', "NAT; the NAT subnet's NACL denies the internet outbound and its table has no internet route", ['NACL-8', 'NAT-3'], oracleCase('NACL-8'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_P, ACL)),
  }, { notes: "Leaving the NAT subnet, its NACL outbound comes before its route table, as for every subnet exit." });
}

// RET-1, RT-3, NACL-8
function natReplyThroughAppliance(): Scenario {
  const s = nat();
  addFirewallAppliance(s, [{ rtbId: id.RTB_PUBLIC, cidr: id.CIDR_A }]);
  appNacl(s, outbound(100, 'allow', '0.0.0.0/0'));
  return model('nat-reply-through-appliance', "NAT; the NAT subnet's table sends traffic for subnet A through a firewall appliance; subnet A's NACL has no inbound allow", ['RET-1', 'RT-3', 'NACL-8'], oracleCase('RET-1'), s, {
    [id.I_APP]: ssmFlows(unknown(id.RTB_PUBLIC, 'MIDDLEBOX_UNMODELED')),
    [id.I_FW]: ssmFlows(blocked(id.RTB_MAIN, NO_ROUTE)),
  }, { notes: "The NAT's reply to the instance goes through the appliance; whether it reaches subnet A's NACL is not in the configuration." });
}

// NAT-4, NACL-8, RT-5 (here the engine was right and the oracle learned it)
function natToVpnGatewayReplyDenied(): Scenario {
  const s = nat();
  addVgw(s, id.RTB_PUBLIC);
  removeRoutes(s, id.RTB_PUBLIC, '0.0.0.0/0');
  addRoute(s, id.RTB_PUBLIC, route('0.0.0.0/0', id.VGW));
  publicNacl(s, inbound(100, 'allow', id.VPC_CIDR), outbound(100, 'allow', '0.0.0.0/0'));
  return model('nat-to-vpn-gateway-reply-denied', "NAT; the NAT subnet sends the internet to a VPN gateway, and its NACL admits inbound traffic from the VPC only", ['NAT-4', 'NACL-8', 'RT-5'], oracleCase('NACL-8'), s, {
    [id.I_APP]: ssmFlows(blocked(id.ACL_P, ACL)),
  }, { notes: "What lies behind the VPN gateway is unknown, but any reply comes back through the VPC router to the NAT's address and meets the NAT subnet's inbound NACL, which denies it: blocked." });
}

// ---------------------------------------------------------------------------------------------

/** folder order: 01 = first entry */
export const SCENARIOS: (() => Scenario)[] = [
  epBaseline,
  natBaseline,
  igwBaseline,
  igwInstanceWithoutPublicIp,
  naclInbound443Only,
  naclEphemeralPartialLinux,
  naclEphemeralWindows,
  vpceSgAllowsOnly80,
  vpceOnDefaultSg,
  vpceOnDefaultSgInstanceMember,
  privateDnsOffNoEgress,
  privateDnsOffWithNat,
  dnsHostnamesOff,
  dnsSupportOff,
  customDhcpResolver,
  noSsmmessagesEndpoint,
  noEc2messagesEndpoint,
  natInPrivateSubnet,
  natFailedRouteActive,
  natDeletedRouteBlackhole,
  natPrivateConnectivity,
  natSubnetNaclDeniesAppSubnet,
  natSubnetNaclEphemeralPartial,
  igwDetached,
  moreSpecificBlackholeHalves,
  staticBeatsPropagatedVgw,
  propagatedVgwOnly,
  middleboxEniSourceDestCheck,
  middleboxEniUnmodeled,
  sgEgressS3PrefixListOnly,
  sgEgressToVpceSg,
  sgEgressToVpceSgPublicPath,
  sgNoEgressRules,
  multipleSgsUnion,
  sgEgressIpv6Only,
  naclDenyBeforeAllow,
  naclAllowBeforeDeny,
  endpointsInInstanceSubnetDenyAllNacl,
  naclCustomNoRules,
  defaultNaclEditedDeny,
  mainRouteTableImplicit,
  imdsDisabled,
  imdsIndependentOfNetwork,
  vpcePendingAcceptance,
  vpceFailed,
  endpointCrossAz,
  endpointTwoAzsOneNaclDenies,
  vpceSgCustomerPrefixList,
  vpceSgAllowsPublicIp,
  vpceSgReferencesInstanceSg,
  instanceEgressCustomerPrefixList,
  natPathNaclOutboundVpcOnly,
  natPathAppNaclInboundVpcOnly,
  natSubnetNaclOutboundVpcOnly,
  endpointSubnetNaclBlocksReturn,
  twoInstancesHealthyAndBroken,
  routeToMissingNat,
  securityGroupMissing,
  customResolverSameVerdict,
  dnsHostnamesOffWithNat,
  peeringDefaultRouteEdgeToEdge,
  tgwDefaultRoute,
  igwAmbiguousPublicRoute,
  s3GatewayEndpointRouteIgnored,
  unknownHopBeforeBlock,
  natPendingNoInternetRoute,
  customerPrefixListToGwlbEndpoint,
  endpointReplyThroughAppliance,
  subnetWithoutRouteTable,
  unknownGroupAndPartialNacl,
  endpointAddressesWorkingAndUncertain,
  natSubnetNaclAndRouteBothBlock,
  natReplyThroughAppliance,
  natToVpnGatewayReplyDenied,
];
