// Consistency checks on a generated model: every referenced id exists (unless declared dangling),
// addresses sit in their subnets, subnets in their VPC, expectations cover every running instance.
// Returns a list of problems (empty = fine).

import type { CheckExpect, Scenario } from './expect.ts';
import type { IpPermission, Route, Snapshot } from './shapes.ts';

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IPv4 ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}
function cidrRange(cidr: string): [number, number] {
  const [base, len] = cidr.split('/');
  const bits = Number(len);
  const size = 2 ** (32 - bits);
  const start = ipToInt(base ?? '');
  if (start % size !== 0) throw new Error(`CIDR ${cidr} has host bits set`);
  return [start, start + size - 1];
}
const inCidr = (ip: string, cidr: string): boolean => {
  const [lo, hi] = cidrRange(cidr);
  const n = ipToInt(ip);
  return n >= lo && n <= hi;
};
const cidrWithin = (inner: string, outer: string): boolean => {
  const [a, b] = cidrRange(inner);
  const [c, d] = cidrRange(outer);
  return a >= c && b <= d;
};
const overlaps = (x: string, y: string): boolean => {
  const [a, b] = cidrRange(x);
  const [c, d] = cidrRange(y);
  return a <= d && c <= b;
};

const CHECKS = ['ssm', 'ec2messages', 'ssmmessages', 'imds'] as const;
const VERDICTS = new Set(['reachable', 'blocked', 'partial', 'unknown']);

export function checkScenario(sc: Scenario): string[] {
  const s = sc.snapshot;
  const problems: string[] = [];
  const dangling = new Set(sc.dangling ?? []);
  const problem = (msg: string): void => void problems.push(msg);

  const vpcs = new Map(s.Vpcs.map((v) => [v.VpcId, v]));
  const subnets = new Map(s.Subnets.map((n) => [n.SubnetId, n]));
  const sgs = new Set(s.SecurityGroups.map((g) => g.GroupId));
  const enis = new Map(s.NetworkInterfaces.map((e) => [e.NetworkInterfaceId, e]));
  const prefixLists = new Set([...s.PrefixLists.map((p) => p.PrefixListId), ...s.ManagedPrefixLists.map((p) => p.PrefixListId)]);
  const instances = s.Reservations.flatMap((r) => r.Instances);
  const allIds = new Set<string>([
    ...vpcs.keys(), ...subnets.keys(), ...sgs, ...enis.keys(), ...prefixLists,
    ...s.NetworkAcls.map((a) => a.NetworkAclId), ...s.RouteTables.map((t) => t.RouteTableId),
    ...s.InternetGateways.map((g) => g.InternetGatewayId), ...s.NatGateways.map((n) => n.NatGatewayId),
    ...s.VpcEndpoints.map((e) => e.VpcEndpointId), ...s.DhcpOptions.map((d) => d.DhcpOptionsId),
    ...instances.map((i) => i.InstanceId),
    ...s.VpcPeeringConnections.map((p) => String(p['VpcPeeringConnectionId'])),
    ...s.VpnGateways.map((g) => String(g['VpnGatewayId'])),
    ...s.TransitGateways.map((g) => String(g['TransitGatewayId'])),
  ]);
  const exists = (ref: string, where: string): void => {
    if (!allIds.has(ref) && !dangling.has(ref)) problem(`${where}: references ${ref}, not in the snapshot`);
  };
  const checkSubnetIp = (subnetId: string, ip: string, where: string): void => {
    const sn = subnets.get(subnetId);
    if (!sn) return problem(`${where}: subnet ${subnetId} missing`);
    if (!inCidr(ip, sn.CidrBlock)) problem(`${where}: ${ip} not in ${subnetId} ${sn.CidrBlock}`);
  };

  // VPCs, DHCP options, attributes
  for (const v of s.Vpcs) {
    exists(v.DhcpOptionsId, v.VpcId);
    if (!s.VpcAttributes.some((a) => a.VpcId === v.VpcId)) problem(`${v.VpcId}: no VpcAttributes`);
    if (s.NetworkAcls.filter((a) => a.VpcId === v.VpcId && a.IsDefault).length !== 1) problem(`${v.VpcId}: needs exactly one default NACL`);
    const mains = s.RouteTables.filter((t) => t.VpcId === v.VpcId && t.Associations.some((a) => a.Main)).length;
    if (mains !== 1 && !(mains === 0 && sc.incomplete?.includes('main-route-table'))) problem(`${v.VpcId}: needs exactly one main route table`);
    if (!s.SecurityGroups.some((g) => g.VpcId === v.VpcId && g.GroupName === 'default')) problem(`${v.VpcId}: no default security group`);
  }
  // subnets inside their VPC, not overlapping
  for (const sn of s.Subnets) {
    const v = vpcs.get(sn.VpcId);
    if (!v) problem(`${sn.SubnetId}: VPC ${sn.VpcId} missing`);
    else if (!cidrWithin(sn.CidrBlock, v.CidrBlock)) problem(`${sn.SubnetId}: ${sn.CidrBlock} outside ${v.CidrBlock}`);
    for (const other of s.Subnets) {
      if (other.SubnetId < sn.SubnetId && other.VpcId === sn.VpcId && overlaps(other.CidrBlock, sn.CidrBlock)) problem(`${sn.SubnetId} overlaps ${other.SubnetId}`);
    }
    const nacls = s.NetworkAcls.filter((a) => a.Associations.some((x) => x.SubnetId === sn.SubnetId));
    if (nacls.length > 1) problem(`${sn.SubnetId}: associated with ${nacls.length} NACLs`);
    const rtbs = s.RouteTables.filter((t) => t.Associations.some((x) => x.SubnetId === sn.SubnetId));
    if (rtbs.length > 1) problem(`${sn.SubnetId}: associated with ${rtbs.length} route tables`);
    for (const t of [...nacls, ...rtbs]) if (t.VpcId !== sn.VpcId) problem(`${sn.SubnetId}: associated across VPCs`);
  }
  // security group rules
  const checkPerms = (perms: IpPermission[], where: string): void => {
    for (const p of perms) {
      for (const pl of p.PrefixListIds) exists(pl.PrefixListId, where);
      for (const pair of p.UserIdGroupPairs) exists(pair.GroupId, where);
      for (const r of p.IpRanges) cidrRange(r.CidrIp);
      if (p.IpProtocol !== '-1' && (p.FromPort === undefined || p.ToPort === undefined)) problem(`${where}: ${p.IpProtocol} rule without ports`);
    }
  };
  for (const g of s.SecurityGroups) {
    exists(g.VpcId, g.GroupId);
    checkPerms(g.IpPermissions, `${g.GroupId} ingress`);
    checkPerms(g.IpPermissionsEgress, `${g.GroupId} egress`);
  }
  // NACLs
  for (const a of s.NetworkAcls) {
    for (const x of a.Associations) {
      exists(x.SubnetId, a.NetworkAclId);
      if (x.NetworkAclId !== a.NetworkAclId) problem(`${a.NetworkAclId}: association names ${x.NetworkAclId}`);
    }
    for (const dir of [true, false]) {
      const star = a.Entries.find((e) => e.Egress === dir && e.RuleNumber === 32767);
      if (!star || star.RuleAction !== 'deny') problem(`${a.NetworkAclId}: missing 32767 deny (${dir ? 'egress' : 'ingress'})`);
      const numbers = a.Entries.filter((e) => e.Egress === dir).map((e) => e.RuleNumber);
      if (new Set(numbers).size !== numbers.length) problem(`${a.NetworkAclId}: duplicate rule numbers`);
    }
    for (const e of a.Entries) {
      cidrRange(e.CidrBlock);
      if (e.Protocol === '6' && !e.PortRange) problem(`${a.NetworkAclId} rule ${e.RuleNumber}: tcp without PortRange`);
    }
  }
  // route tables
  const routeTarget = (r: Route): string | undefined =>
    r.NatGatewayId ?? r.VpcPeeringConnectionId ?? r.TransitGatewayId ?? r.NetworkInterfaceId ?? r.GatewayId;
  for (const t of s.RouteTables) {
    const v = vpcs.get(t.VpcId);
    if (!v) problem(`${t.RouteTableId}: VPC missing`);
    if (v && !t.Routes.some((r) => r.GatewayId === 'local' && r.DestinationCidrBlock === v.CidrBlock)) problem(`${t.RouteTableId}: no local route`);
    for (const a of t.Associations) if (a.SubnetId) exists(a.SubnetId, t.RouteTableId);
    for (const g of t.PropagatingVgws) exists(g.GatewayId, t.RouteTableId);
    for (const r of t.Routes) {
      const target = routeTarget(r);
      if (!target) problem(`${t.RouteTableId}: route without target`);
      else if (target !== 'local') exists(target, `${t.RouteTableId} route`);
      if (r.InstanceId) exists(r.InstanceId, `${t.RouteTableId} route`);
      if (r.DestinationPrefixListId) exists(r.DestinationPrefixListId, `${t.RouteTableId} route`);
      else if (r.DestinationCidrBlock) cidrRange(r.DestinationCidrBlock);
      else problem(`${t.RouteTableId}: route without destination`);
    }
  }
  // gateways
  for (const g of s.InternetGateways) for (const a of g.Attachments) exists(a.VpcId, g.InternetGatewayId);
  for (const n of s.NatGateways) {
    exists(n.SubnetId, n.NatGatewayId);
    for (const a of n.NatGatewayAddresses) {
      if (a.NetworkInterfaceId) exists(a.NetworkInterfaceId, n.NatGatewayId);
      if (a.AllocationId && !s.Addresses.some((x) => x.AllocationId === a.AllocationId)) problem(`${n.NatGatewayId}: EIP ${a.AllocationId} missing`);
      if (a.PrivateIp) checkSubnetIp(n.SubnetId, a.PrivateIp, n.NatGatewayId);
    }
    if (n.ConnectivityType === 'public' && n.State === 'available' && !n.NatGatewayAddresses.some((a) => a.PublicIp)) problem(`${n.NatGatewayId}: public NAT without EIP`);
  }
  for (const a of s.Addresses) if (a.NetworkInterfaceId) exists(a.NetworkInterfaceId, a.AllocationId);
  // endpoints
  for (const e of s.VpcEndpoints) {
    exists(e.VpcId, e.VpcEndpointId);
    for (const g of e.Groups) exists(g.GroupId, e.VpcEndpointId);
    for (const r of e.RouteTableIds) exists(r, e.VpcEndpointId);
    for (const eniId of e.NetworkInterfaceIds) {
      const eni = enis.get(eniId);
      if (!eni) problem(`${e.VpcEndpointId}: ENI ${eniId} missing`);
      else {
        if (eni.InterfaceType !== 'vpc_endpoint' || !eni.RequesterManaged) problem(`${eniId}: not a vpc_endpoint ENI`);
        if (!e.SubnetIds.includes(eni.SubnetId)) problem(`${eniId}: subnet not in ${e.VpcEndpointId}.SubnetIds`);
        const eniGroups = eni.Groups.map((g) => g.GroupId).join();
        if (eniGroups !== e.Groups.map((g) => g.GroupId).join()) problem(`${eniId}: groups differ from ${e.VpcEndpointId}`);
      }
    }
    if (e.VpcEndpointType === 'Interface' && e.SubnetIds.length !== e.NetworkInterfaceIds.length) problem(`${e.VpcEndpointId}: SubnetIds/ENIs mismatch`);
  }
  // ENIs (describe-network-interfaces)
  const seenIps = new Map<string, string>();
  for (const e of s.NetworkInterfaces) {
    checkSubnetIp(e.SubnetId, e.PrivateIpAddress, e.NetworkInterfaceId);
    for (const g of e.Groups) exists(g.GroupId, e.NetworkInterfaceId);
    if (e.Attachment?.InstanceId) exists(e.Attachment.InstanceId, e.NetworkInterfaceId);
    const key = `${e.VpcId}/${e.PrivateIpAddress}`;
    const prev = seenIps.get(key);
    if (prev) problem(`${e.NetworkInterfaceId} and ${prev} share ${e.PrivateIpAddress}`);
    seenIps.set(key, e.NetworkInterfaceId);
    const sn = subnets.get(e.SubnetId);
    if (sn && sn.VpcId !== e.VpcId) problem(`${e.NetworkInterfaceId}: VPC differs from its subnet's`);
    if (sn && sn.AvailabilityZone !== e.AvailabilityZone) problem(`${e.NetworkInterfaceId}: AZ differs from its subnet's`);
  }
  // instances
  for (const i of instances) {
    const eni = i.NetworkInterfaces.find((n) => n.Attachment.DeviceIndex === 0);
    if (!eni) {
      problem(`${i.InstanceId}: no primary ENI`);
      continue;
    }
    if (!enis.has(eni.NetworkInterfaceId)) problem(`${i.InstanceId}: ENI ${eni.NetworkInterfaceId} not in NetworkInterfaces`);
    if (i.SubnetId !== eni.SubnetId || i.PrivateIpAddress !== eni.PrivateIpAddress) problem(`${i.InstanceId}: instance and ENI disagree`);
    checkSubnetIp(i.SubnetId, i.PrivateIpAddress, i.InstanceId);
    const sn = subnets.get(i.SubnetId);
    if (sn && sn.AvailabilityZone !== i.Placement.AvailabilityZone) problem(`${i.InstanceId}: placement AZ differs from subnet`);
    for (const g of eni.Groups) exists(g.GroupId, i.InstanceId);
    if ((i.PublicIpAddress ?? null) !== (eni.Association?.PublicIp ?? null)) problem(`${i.InstanceId}: public IP mismatch`);
  }
  // expectations
  const running = new Set(instances.filter((i) => i.State.Name === 'running').map((i) => i.InstanceId));
  for (const instanceId of running) if (!sc.expect[instanceId]) problem(`expect: ${instanceId} has no expectations`);
  for (const [instanceId, checks] of Object.entries(sc.expect)) {
    if (!running.has(instanceId)) problem(`expect: ${instanceId} is not a running instance`);
    for (const check of CHECKS) {
      const c: CheckExpect | undefined = checks[check];
      if (!c) {
        problem(`expect: ${instanceId}.${check} missing`);
        continue;
      }
      if (!VERDICTS.has(c.verdict)) problem(`expect: ${instanceId}.${check} bad verdict ${c.verdict}`);
      if ((c.verdict === 'reachable') !== (c.blocking === null)) problem(`expect: ${instanceId}.${check} blocking must be null iff reachable`);
      if (c.blocking) exists(c.blocking, `expect ${instanceId}.${check}`);
    }
  }
  if (problems.length === 0 && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(sc.slug)) problem(`slug ${sc.slug} is not kebab-case`);
  return problems;
}
