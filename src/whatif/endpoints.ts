import { regionFromAvailabilityZone } from '../load/region.ts';
import { formatIpv4 } from '../model/address.ts';
import type { NetworkInterface, Subnet, VpcEndpoint } from '../model/types.ts';
import type { Draft } from './draft.ts';
import type { AddInterfaceEndpoint, RemoveInterfaceEndpoint, SetEndpointPrivateDns, SetVpcDnsAttribute } from './operations.ts';

// Interface endpoints (VPCE-1..4: one network interface per subnet, groups on those interfaces)
// and the VPC DNS attributes that private DNS depends on (DNS-2, DNS-3).

const SHORT_SERVICES = new Set(['ssm', 'ec2messages', 'ssmmessages', 'kms', 'logs', 's3', 'sts', 'ec2']);

export function addInterfaceEndpoint(draft: Draft, op: AddInterfaceEndpoint): void {
  if (op.subnetIds.length === 0) draft.fail(undefined, 'an interface endpoint needs at least one subnet.');
  const subnets = op.subnetIds.map((id) => draft.get('subnets', id));
  const vpcId = subnets[0]!.vpcId;
  const zones = new Map<string, string>();
  for (const subnet of subnets) {
    if (subnet.vpcId !== vpcId) draft.fail(subnet.id, `subnet ${subnet.id} is in ${subnet.vpcId}, but ${subnets[0]!.id} is in ${vpcId}; an endpoint lives in one VPC.`);
    const zone = subnet.availabilityZone;
    if (zone && zones.has(zone)) draft.fail(subnet.id, `subnets ${zones.get(zone)} and ${subnet.id} are both in ${zone}; an endpoint takes one subnet per availability zone.`);
    if (zone) zones.set(zone, subnet.id);
  }
  const serviceName = serviceNameOf(draft, op.service, subnets[0]!);
  let groupIds = op.groupIds ?? [];
  for (const id of groupIds) {
    const group = draft.get('securityGroups', id);
    if (group.vpcId && group.vpcId !== vpcId) draft.fail(id, `security group ${id} is in ${group.vpcId}, not in the endpoint's VPC ${vpcId}.`);
  }
  if (groupIds.length === 0) {
    // VPCE-3: created without groups, an endpoint gets the VPC's default group.
    const fallback = [...draft.model.securityGroups.values()].find((group) => group.vpcId === vpcId && group.name === 'default');
    if (!fallback) draft.fail(vpcId, `no groupIds given and the default security group of ${vpcId} is not in the model; name the endpoint's groups.`);
    groupIds = [fallback.id];
  }
  const privateDns = op.privateDns ?? true;
  if (privateDns) {
    const clash = [...draft.model.vpcEndpoints.values()].find((e) => e.vpcId === vpcId && e.serviceName === serviceName && e.privateDnsEnabled);
    if (clash) draft.fail(clash.id, `${clash.id} already provides private DNS for ${serviceName} in ${vpcId}; AWS allows one (set privateDns to false, or remove ${clash.id} first).`);
  }
  const shortName = serviceName.split('.').pop() ?? 'endpoint';
  const endpointId = op.endpointId ?? draft.freshId('vpcEndpoints', `vpce-whatif-${shortName}-`);
  if (draft.has('vpcEndpoints', endpointId)) draft.fail(endpointId, `VPC endpoint ${endpointId} is already in the model.`);
  const interfaces: NetworkInterface[] = subnets.map((subnet, i) => ({
    id: uniqueInterfaceId(draft, `eni-${endpointId.replace(/^vpce-/, '')}-${i + 1}`),
    subnetId: subnet.id,
    vpcId,
    privateAddresses: [freeAddress(draft, subnet)],
    groupIds: [...groupIds],
    sourceDestCheck: true,
    interfaceType: 'vpc_endpoint',
    instanceId: undefined,
    deviceIndex: undefined,
    origin: draft.origin,
  }));
  for (const eni of interfaces) draft.put('networkInterfaces', eni);
  const endpoint: VpcEndpoint = {
    id: endpointId,
    vpcId,
    type: 'interface',
    serviceName,
    state: 'available',
    privateDnsEnabled: privateDns,
    subnetIds: subnets.map((s) => s.id),
    groupIds: [...groupIds],
    networkInterfaceIds: interfaces.map((eni) => eni.id),
    routeTableIds: [],
    origin: draft.origin,
  };
  draft.put('vpcEndpoints', endpoint);
  draft.model.presentKeys.add('VpcEndpoints');
}

export function removeInterfaceEndpoint(draft: Draft, op: RemoveInterfaceEndpoint): void {
  const endpoint = draft.get('vpcEndpoints', op.endpointId);
  for (const id of endpoint.networkInterfaceIds) draft.remove('networkInterfaces', id);
  draft.remove('vpcEndpoints', endpoint.id);
}

export function setEndpointPrivateDns(draft: Draft, op: SetEndpointPrivateDns): void {
  const endpoint = draft.get('vpcEndpoints', op.endpointId);
  if (endpoint.type !== 'interface') draft.fail(endpoint.id, `${endpoint.id} is a ${endpoint.type} endpoint; only interface endpoints have private DNS.`);
  if (op.enabled) {
    const clash = [...draft.model.vpcEndpoints.values()].find((e) => e.id !== endpoint.id && e.vpcId === endpoint.vpcId && e.serviceName === endpoint.serviceName && e.privateDnsEnabled);
    if (clash) draft.fail(clash.id, `${clash.id} already provides private DNS for ${endpoint.serviceName} in ${endpoint.vpcId}; AWS allows one.`);
  }
  draft.edit('vpcEndpoints', endpoint.id).privateDnsEnabled = op.enabled;
}

export function setVpcDnsAttribute(draft: Draft, op: SetVpcDnsAttribute): void {
  draft.get('vpcs', op.vpcId);
  draft.edit('vpcs', op.vpcId)[op.attribute] = op.enabled;
}

function serviceNameOf(draft: Draft, service: string, subnet: Subnet): string {
  if (service.includes('.')) return service;
  if (!SHORT_SERVICES.has(service)) draft.fail(undefined, `"${service}" is not a short service name (ssm, ec2messages, ssmmessages, …); give the full name, e.g. com.amazonaws.<region>.${service}.`);
  const region = subnet.region ?? draft.model.vpcs.get(subnet.vpcId)?.region ?? draft.model.region ?? (subnet.availabilityZone ? regionFromAvailabilityZone(subnet.availabilityZone) : undefined);
  if (!region) draft.fail(undefined, `the model's region is unknown, so "${service}" cannot be expanded; give the full service name (com.amazonaws.<region>.${service}).`);
  return `${region.startsWith('cn-') ? 'cn.com.amazonaws' : 'com.amazonaws'}.${region}.${service}`;
}

/** The lowest address of the subnet that no interface uses (AWS reserves the first four and the last). */
export function freeAddress(draft: Draft, subnet: Subnet): NetworkInterface['privateAddresses'][number] {
  const cidr = subnet.cidr;
  if (!cidr) return draft.fail(subnet.id, `subnet ${subnet.id} has no IPv4 CIDR block in the model, so no address can be given out in it.`);
  const used = new Set<number>();
  for (const eni of draft.model.networkInterfaces.values()) for (const address of eni.privateAddresses) used.add(address.address);
  for (const nat of draft.model.natGateways.values()) for (const address of nat.privateIps) used.add(address);
  for (let address = cidr.first + 4; address < cidr.last; address++) {
    if (!used.has(address)) return { address, text: formatIpv4(address), primary: true, publicIp: undefined };
  }
  return draft.fail(subnet.id, `subnet ${subnet.id} (${cidr.text}) has no free address.`);
}

function uniqueInterfaceId(draft: Draft, wanted: string): string {
  if (!draft.has('networkInterfaces', wanted)) return wanted;
  return draft.freshId('networkInterfaces', `${wanted}-`);
}
