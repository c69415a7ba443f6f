import type { Conversion, Item } from './context.ts';
import { asItems, asStrings, tagsOf } from './context.ts';
import { publicIpOf } from './network.ts';
import type { PlanResource } from './plan-json.ts';

// Instances and their interfaces (groups, addresses, metadata options), standalone interfaces,
// Elastic IPs, and interface endpoints with one interface per subnet.

/** aws_network_interface. */
export function networkInterface(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const subnetId = c.string(res, 'subnet_id', id);
  const subnet = c.subnet(subnetId);
  const address = privateAddress(c, res, id, subnet, ['private_ip', 'private_ips']);
  const groups = c.strings(res, 'security_groups', id, 'security_groups');
  const attachment = asItems(c.known(res, ['attachment']))[0];
  const sourceDest = c.known(res, ['source_dest_check']);
  c.doc.upsert('NetworkInterfaces', {
    NetworkInterfaceId: id,
    SubnetId: subnetId ?? `tf:${res.address}.subnet_id`,
    VpcId: subnet?.['VpcId'] ?? `tf:${res.address}.vpc_id`,
    ...(address ? { PrivateIpAddress: address, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: address }] } : {}),
    Groups: (groups && groups.length > 0 ? groups : defaultGroups(c, subnet)).map((GroupId) => ({ GroupId })),
    SourceDestCheck: typeof sourceDest === 'boolean' ? sourceDest : true,
    InterfaceType: 'interface',
    ...(attachment && typeof attachment['instance'] === 'string' ? { Attachment: { InstanceId: attachment['instance'], DeviceIndex: Number(attachment['device_index'] ?? 1) } } : {}),
  }, res.address);
}

/** aws_instance: the instance and its primary interface. */
export function instance(c: Conversion, res: PlanResource, interfaces: Map<string, PlanResource>): void {
  const id = c.id(res);
  const existing = c.doc.instance(id);
  // A primary interface given as a network_interface block (device_index 0).
  const blocks = asItems(c.known(res, ['network_interface']));
  const at = blocks.findIndex((n) => Number(n['device_index'] ?? 0) === 0);
  let primaryId: string | undefined;
  let primary: Item | undefined;
  if (at >= 0 || (c.isUnknown(res, ['network_interface']) && c.r.configured(res, 'network_interface'))) {
    const eniRef = at >= 0 ? c.r.blockString(res, 'network_interface', at, 'network_interface_id') : undefined;
    primaryId = (eniRef?.known ? eniRef.value : undefined) ?? resolveBlockInterface(c, res, interfaces);
    primary = primaryId ? c.doc.get('NetworkInterfaces', primaryId) : undefined;
  }
  const subnetId = primary ? String(primary['SubnetId']) : c.string(res, 'subnet_id', id);
  const subnet = c.subnet(subnetId);
  const vpcId = subnet?.['VpcId'] ?? existing?.['VpcId'];
  if (!subnetId || !vpcId) {
    // Without a subnet the instance cannot be placed; its checks are unknown.
    if (subnetId && !subnet) c.unresolved(id, 'subnet_id', res, `${res.address}: subnet ${subnetId} is in neither the plan nor the snapshot`);
    c.doc.note('TERRAFORM_UNPLACED', `${res.address}: its subnet is known only after apply, so it is not evaluated.`, id);
    return;
  }
  const name = (c.known(res, ['tags']) as Record<string, unknown> | undefined)?.['Name'];
  const metadata = metadataOptions(c, res, id);
  if (existing && c.overSnapshot) {
    // An in-place update: groups and metadata options are what Terraform can change.
    if (metadata) existing['MetadataOptions'] = metadata;
    const groups = instanceGroups(c, res, id, subnet, false);
    if (groups) setGroups(c, existing, groups);
    return;
  }
  const address = primary ? String(primary['PrivateIpAddress'] ?? '') || undefined : privateAddress(c, res, id, subnet, ['private_ip']);
  const eniId = primaryId ?? stringValue(c.known(res, ['primary_network_interface_id'])) ?? `tf:${res.address}.primary_network_interface_id`;
  const groups = primary ? asItems(primary['Groups']).map((g) => String(g['GroupId'])) : instanceGroups(c, res, id, subnet, true) ?? [];
  const publicIp = primary ? undefined : publicAddress(c, res, id, subnet);
  const eni: Item = {
    NetworkInterfaceId: eniId,
    SubnetId: subnetId,
    VpcId: vpcId,
    ...(address ? { PrivateIpAddress: address, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: address, ...(publicIp ? { Association: { PublicIp: publicIp } } : {}) }] } : {}),
    ...(publicIp ? { Association: { PublicIp: publicIp } } : {}),
    Groups: groups.map((GroupId) => ({ GroupId })),
    SourceDestCheck: c.known(res, ['source_dest_check']) !== false,
    InterfaceType: 'interface',
    Attachment: { InstanceId: id, DeviceIndex: 0, Status: 'attached' },
  };
  if (primary) {
    const edited = c.doc.edit('NetworkInterfaces', eniId)!;
    edited['Attachment'] = { InstanceId: id, DeviceIndex: 0, Status: 'attached' };
  }
  const item: Item = {
    InstanceId: id,
    State: { Name: 'running' },
    SubnetId: subnetId,
    VpcId: vpcId,
    ...(address ? { PrivateIpAddress: address } : {}),
    ...(publicIp ? { PublicIpAddress: publicIp } : {}),
    Tags: typeof name === 'string' ? [{ Key: 'Name', Value: name }] : tagsOf(c.known(res, ['tags'])),
    ...(metadata ? { MetadataOptions: metadata } : {}),
    NetworkInterfaces: [primary ? { ...primary, Attachment: { InstanceId: id, DeviceIndex: 0 } } : eni],
  };
  if (existing) c.doc.removeInstance(id);
  c.doc.add('Reservations', { ReservationId: `r-${res.address}`, Instances: [item] }, res.address);
}

function resolveBlockInterface(c: Conversion, res: PlanResource, interfaces: Map<string, PlanResource>): string | undefined {
  // network_interface { network_interface_id = aws_network_interface.x.id }: nested block references
  // are not in the plan's expressions, so use the only interface whose attachment names this instance.
  const candidates = [...interfaces.values()].filter((eni) => asItems(eni.values['attachment']).some((a) => a['instance'] === c.id(res)));
  return candidates.length === 1 ? c.id(candidates[0]!) : undefined;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** IMDS-2..6: the configured metadata_options; absent → AWS's defaults apply (the model warns). */
function metadataOptions(c: Conversion, res: PlanResource, id: string): Item | undefined {
  if (c.isUnknown(res, ['metadata_options'])) {
    if (c.r.configured(res, 'metadata_options')) c.unresolved(id, 'metadata_options', res, `${res.address}: metadata_options are known only after apply`);
    return undefined;
  }
  const block = asItems(c.known(res, ['metadata_options']))[0];
  if (!block) return undefined;
  const out: Item = { State: 'applied' };
  if (typeof block['http_endpoint'] === 'string') out['HttpEndpoint'] = block['http_endpoint'];
  else if (c.isUnknown(res, ['metadata_options', 0, 'http_endpoint'])) out['HttpEndpoint'] = 'enabled';
  if (typeof block['http_tokens'] === 'string') out['HttpTokens'] = block['http_tokens'];
  if (typeof block['http_put_response_hop_limit'] === 'number') out['HttpPutResponseHopLimit'] = block['http_put_response_hop_limit'];
  return out;
}

/** vpc_security_group_ids, else the VPC's default group (AWS launches into it). */
function instanceGroups(c: Conversion, res: PlanResource, id: string, subnet: Item | undefined, fallback: boolean): string[] | undefined {
  const configured = c.r.configured(res, 'vpc_security_group_ids') || c.r.configOf(res) === undefined;
  const groups = c.r.strings(res, 'vpc_security_group_ids');
  if (groups.known && groups.value.length > 0) return groups.value;
  if (!groups.known && configured && c.r.configured(res, 'vpc_security_group_ids')) {
    c.unresolved(id, 'vpc_security_group_ids', res, groups.reason);
    return undefined;
  }
  return fallback ? defaultGroups(c, subnet) : undefined;
}

function defaultGroups(c: Conversion, subnet: Item | undefined): string[] {
  const group = c.defaultGroupOf(typeof subnet?.['VpcId'] === 'string' ? subnet['VpcId'] : undefined);
  return group ? [group] : [];
}

function setGroups(c: Conversion, instanceItem: Item, groups: string[]): void {
  const enis = asItems(instanceItem['NetworkInterfaces']);
  const primary = enis.find((e) => Number((e['Attachment'] as Item | undefined)?.['DeviceIndex'] ?? 0) === 0) ?? enis[0];
  const pairs = groups.map((GroupId) => ({ GroupId }));
  instanceItem['SecurityGroups'] = pairs;
  if (!primary) return;
  primary['Groups'] = pairs;
  const standalone = c.doc.edit('NetworkInterfaces', String(primary['NetworkInterfaceId']));
  if (standalone) standalone['Groups'] = pairs;
}

/**
 * The private address: configured, else a stand-in in the subnet (AWS picks one at launch; the
 * rules ssm-reach evaluates treat every address of a subnet alike unless a rule splits the subnet,
 * which the caller checks).
 */
function privateAddress(c: Conversion, res: PlanResource, id: string, subnet: Item | undefined, fields: string[]): string | undefined {
  for (const field of fields) {
    const value = c.known(res, [field]);
    const text = typeof value === 'string' ? value : Array.isArray(value) ? value.find((v): v is string => typeof v === 'string') : undefined;
    if (text) {
      c.reserve(text);
      return text;
    }
  }
  const allocated = c.allocate(subnet);
  if (allocated) {
    c.doc.note('TERRAFORM_ADDRESS', `${res.address}: its private IP is assigned at launch; ${allocated}, an address of ${String(subnet?.['SubnetId'])} (${String(subnet?.['CidrBlock'])}), stands for it.`, id);
    c.stood.set(id, { address: allocated, subnetCidr: String(subnet?.['CidrBlock']), resource: res });
    return allocated;
  }
  c.unresolved(id, 'private_ip', res, `${res.address}: its subnet's CIDR block is known only after apply, so its address is unknown`);
  return undefined;
}

/** associate_public_ip_address, else the subnet's map_public_ip_on_launch (IGW-1). */
function publicAddress(c: Conversion, res: PlanResource, id: string, subnet: Item | undefined): string | undefined {
  const placeholder = `(public IP of ${res.address}, known after apply)`;
  const known = c.known(res, ['public_ip']);
  if (typeof known === 'string' && known !== '') return known;
  const associate = c.known(res, ['associate_public_ip_address']);
  if (associate === true) return placeholder;
  if (associate === false) return undefined;
  const mapPublic = subnet?.['MapPublicIpOnLaunch'];
  if (mapPublic === true) return placeholder;
  if (mapPublic === false) return undefined;
  if (subnet) c.unresolved(id, 'public_ip', res, `${res.address}: whether it gets a public IP depends on its subnet's map_public_ip_on_launch, which is not known`);
  return undefined;
}

/** aws_eip with instance or network_interface, and aws_eip_association. */
export function elasticIp(c: Conversion, res: PlanResource, eips: Map<string, PlanResource>): void {
  let target: PlanResource | undefined = res;
  let ip: string;
  if (res.type === 'aws_eip_association') {
    const allocation = c.r.string(res, 'allocation_id');
    target = allocation.known && allocation.value ? eips.get(allocation.value) : undefined;
    const knownIp = c.known(res, ['public_ip']);
    ip = typeof knownIp === 'string' && knownIp ? knownIp : target ? publicIpOf(c, target) : `(public IP of ${res.address}, known after apply)`;
    target = res;
  } else {
    ip = publicIpOf(c, res);
  }
  const instanceId = c.r.string(target, 'instance_id').known ? c.r.string(target, 'instance_id') : c.r.string(target, 'instance');
  const interfaceId = c.r.string(target, 'network_interface_id').known ? c.r.string(target, 'network_interface_id') : c.r.string(target, 'network_interface');
  if (instanceId.known && instanceId.value) {
    const instanceItem = c.doc.instance(instanceId.value);
    if (!instanceItem) return;
    instanceItem['PublicIpAddress'] = ip;
    const primary = asItems(instanceItem['NetworkInterfaces'])[0];
    if (primary) setPublicIp(primary, ip);
    const standalone = primary ? c.doc.edit('NetworkInterfaces', String(primary['NetworkInterfaceId'])) : undefined;
    if (standalone) setPublicIp(standalone, ip);
    return;
  }
  if (interfaceId.known && interfaceId.value) {
    const eni = c.doc.edit('NetworkInterfaces', interfaceId.value);
    if (eni) setPublicIp(eni, ip);
    for (const instanceItem of c.doc.instances()) {
      const inline = asItems(instanceItem['NetworkInterfaces']).find((e) => e['NetworkInterfaceId'] === interfaceId.value);
      if (inline) {
        const owned = c.doc.instance(String(instanceItem['InstanceId']))!;
        const copy = asItems(owned['NetworkInterfaces']).find((e) => e['NetworkInterfaceId'] === interfaceId.value)!;
        setPublicIp(copy, ip);
      }
    }
    return;
  }
  const unknown = [instanceId, interfaceId].find((v) => !v.known);
  if (unknown && !unknown.known) c.doc.note('TERRAFORM_ASSUMED', `${res.address}: what it is associated with is known only after apply; it is left out.`);
}

function setPublicIp(eni: Item, ip: string): void {
  eni['Association'] = { PublicIp: ip };
  const addresses = asItems(eni['PrivateIpAddresses']);
  if (addresses[0]) addresses[0]['Association'] = { PublicIp: ip };
}

/** aws_network_interface_sg_attachment: one more group on the interface. */
export function interfaceGroupAttachment(c: Conversion, res: PlanResource): void {
  const owner = c.id(res);
  const eniId = c.string(res, 'network_interface_id', owner);
  const groupId = c.string(res, 'security_group_id', eniId ?? owner);
  if (!eniId || !groupId) return;
  const add = (eni: Item) => {
    const groups = asItems(eni['Groups']);
    if (!groups.some((g) => g['GroupId'] === groupId)) eni['Groups'] = [...groups, { GroupId: groupId }];
  };
  const eni = c.doc.edit('NetworkInterfaces', eniId);
  if (eni) add(eni);
  for (const instanceItem of c.doc.instances()) {
    if (!asItems(instanceItem['NetworkInterfaces']).some((e) => e['NetworkInterfaceId'] === eniId)) continue;
    const owned = c.doc.instance(String(instanceItem['InstanceId']))!;
    add(asItems(owned['NetworkInterfaces']).find((e) => e['NetworkInterfaceId'] === eniId)!);
  }
}

/** aws_vpc_endpoint (+ subnet and group associations): an interface per subnet, in that subnet. */
export function vpcEndpoint(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const type = String(c.known(res, ['vpc_endpoint_type']) ?? 'Gateway');
  const vpcId = c.vpcId(res, id);
  const service = c.string(res, 'service_name', id);
  if (!vpcId || !service) {
    c.doc.note('TERRAFORM_UNPLACED', `${res.address}: its ${!vpcId ? 'VPC' : 'service name'} is not in the plan, so it is left out.`, id);
    return;
  }
  const subnetIds = type.toLowerCase() === 'interface' ? c.strings(res, 'subnet_ids', id) ?? [] : [];
  const groups = type.toLowerCase() === 'interface' ? c.strings(res, 'security_group_ids', id) ?? [] : [];
  const routeTables = type.toLowerCase() === 'gateway' ? c.strings(res, 'route_table_ids', id) ?? [] : [];
  const privateDns = c.known(res, ['private_dns_enabled']);
  const existing = c.doc.get('VpcEndpoints', id);
  c.doc.upsert('VpcEndpoints', {
    VpcEndpointId: id,
    VpcEndpointType: type.charAt(0).toUpperCase() + type.slice(1),
    VpcId: vpcId,
    ServiceName: service,
    State: 'available',
    PrivateDnsEnabled: typeof privateDns === 'boolean' ? privateDns : undefined,
    ...(existing && c.overSnapshot && c.isUnknown(res, ['subnet_ids']) ? {} : { SubnetIds: subnetIds }),
    ...(existing && c.overSnapshot && c.isUnknown(res, ['security_group_ids']) ? {} : { Groups: groups.map((GroupId) => ({ GroupId })) }),
    RouteTableIds: routeTables,
  }, res.address);
  if (!existing && typeof privateDns !== 'boolean') c.doc.edit('VpcEndpoints', id)!['PrivateDnsEnabled'] = false;
  syncEndpointInterfaces(c, id, res.address);
}

export function endpointSubnetAssociation(c: Conversion, res: PlanResource): void {
  const owner = c.id(res);
  const endpointId = c.string(res, 'vpc_endpoint_id', owner);
  const subnetId = c.string(res, 'subnet_id', endpointId ?? owner);
  const endpoint = endpointId ? c.doc.edit('VpcEndpoints', endpointId) : undefined;
  if (!endpoint || !subnetId) return;
  const subnets = asStrings(endpoint['SubnetIds']);
  if (!subnets.includes(subnetId)) endpoint['SubnetIds'] = [...subnets, subnetId];
  syncEndpointInterfaces(c, endpointId!, res.address);
}

export function endpointGroupAssociation(c: Conversion, res: PlanResource): void {
  const owner = c.id(res);
  const endpointId = c.string(res, 'vpc_endpoint_id', owner);
  const groupId = c.string(res, 'security_group_id', endpointId ?? owner);
  const endpoint = endpointId ? c.doc.edit('VpcEndpoints', endpointId) : undefined;
  if (!endpoint || !groupId) return;
  const replace = c.known(res, ['replace_default_association']) === true;
  const groups = replace ? [] : asItems(endpoint['Groups']);
  if (!groups.some((g) => g['GroupId'] === groupId)) endpoint['Groups'] = [...groups, { GroupId: groupId }];
  syncEndpointInterfaces(c, endpointId!, res.address);
}

/** One interface per endpoint subnet, carrying the endpoint's groups (VPCE-2, VPCE-3). */
function syncEndpointInterfaces(c: Conversion, endpointId: string, address: string): void {
  const endpoint = c.doc.edit('VpcEndpoints', endpointId)!;
  if (String(endpoint['VpcEndpointType']).toLowerCase() !== 'interface') return;
  const subnets = asStrings(endpoint['SubnetIds']);
  const groups = asItems(endpoint['Groups']).map((g) => ({ GroupId: String(g['GroupId']) }));
  const current = asStrings(endpoint['NetworkInterfaceIds']);
  const kept: string[] = [];
  for (const eniId of current) {
    const eni = c.doc.get('NetworkInterfaces', eniId);
    if (eni && subnets.includes(String(eni['SubnetId']))) {
      kept.push(eniId);
      if (groups.length > 0) c.doc.edit('NetworkInterfaces', eniId)!['Groups'] = groups;
    } else if (eni) {
      c.doc.remove('NetworkInterfaces', eniId);
    }
  }
  for (const subnetId of subnets) {
    if (kept.some((eniId) => c.doc.get('NetworkInterfaces', eniId)?.['SubnetId'] === subnetId)) continue;
    const subnet = c.subnet(subnetId);
    const eniId = `${endpointId.startsWith('tf:') ? endpointId : `tf:${endpointId}`}/eni-${subnetId.replace(/^tf:/, '')}`;
    const ip = c.allocate(subnet);
    if (!ip) {
      c.doc.unresolved({ resourceId: eniId, field: 'private_ip', address, reason: `${address}: the address of its interface in ${subnetId} is unknown (the subnet or its CIDR block is not known)` });
    } else {
      c.doc.upsert('NetworkInterfaces', {
        NetworkInterfaceId: eniId,
        SubnetId: subnetId,
        VpcId: subnet?.['VpcId'] ?? endpoint['VpcId'],
        PrivateIpAddress: ip,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip }],
        Groups: groups,
        InterfaceType: 'vpc_endpoint',
      }, `${address} (interface in ${subnetId})`);
    }
    kept.push(eniId);
  }
  endpoint['NetworkInterfaceIds'] = kept;
  c.doc.touch('NetworkInterfaces');
}
