import type { Conversion, Item } from './context.ts';
import { asItems, asStrings, tagsOf } from './context.ts';
import type { PlanResource } from './plan-json.ts';
import { implicitId } from './references.ts';

// VPCs (and what AWS creates with them), DHCP options, subnets, gateways and route tables.

/** aws_vpc / aws_default_vpc: the VPC, its DNS attributes, and its main table, default ACL and group. */
export function vpc(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const isDefault = res.type === 'aws_default_vpc';
  const cidr = c.required(res, 'cidr_block', id, 'allocated from an IPAM pool');
  const existed = c.doc.get('Vpcs', id) !== undefined;
  c.doc.upsert('Vpcs', { VpcId: id, CidrBlock: cidr, IsDefault: isDefault, State: 'available', Tags: tagsOf(c.known(res, ['tags'])) }, res.address);
  const support = c.known(res, ['enable_dns_support']);
  const hostnames = c.known(res, ['enable_dns_hostnames']);
  // Provider defaults: DNS support on; hostnames off (on for the default VPC).
  c.doc.upsert('VpcAttributes', {
    VpcId: id,
    EnableDnsSupport: { Value: typeof support === 'boolean' ? support : true },
    EnableDnsHostnames: { Value: typeof hostnames === 'boolean' ? hostnames : isDefault },
  }, res.address);
  if (existed && c.overSnapshot) return;
  // Objects AWS creates with every VPC; a snapshot holds the real ones.
  const mainTable = implicitId(res, 'main_route_table_id');
  if (!c.doc.get('RouteTables', mainTable)) {
    c.doc.add('RouteTables', { RouteTableId: mainTable, VpcId: id, Associations: [{ Main: true, RouteTableId: mainTable }], Routes: [] }, `${res.address} (main route table)`);
  }
  const acl = implicitId(res, 'default_network_acl_id');
  if (!c.doc.get('NetworkAcls', acl)) {
    c.doc.add('NetworkAcls', { NetworkAclId: acl, VpcId: id, IsDefault: true, Associations: [], Entries: defaultAclEntries() }, `${res.address} (default network ACL)`);
  }
  const group = implicitId(res, 'default_security_group_id');
  if (!c.doc.get('SecurityGroups', group)) {
    c.doc.add('SecurityGroups', {
      GroupId: group,
      GroupName: 'default',
      VpcId: id,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: group }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }, `${res.address} (default security group)`);
  }
  if (!res.actions.includes('create')) {
    c.doc.note('TERRAFORM_ASSUMED', `${res.address} exists already; its main route table, default network ACL and default security group are not in the plan, so AWS's defaults are assumed (check over a snapshot, --snapshot S --terraform-plan P, to use the real ones).`, id);
  }
}

/** A default network ACL as AWS creates it: allow all, then the * deny, both ways. */
export function defaultAclEntries(): Item[] {
  return [false, true].flatMap((egress) => [
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: egress, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' },
  ]);
}

export function dhcpOptions(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const servers = asStrings(c.known(res, ['domain_name_servers']));
  const configurations: Item[] = [];
  if (servers.length > 0) configurations.push({ Key: 'domain-name-servers', Values: servers.map((Value) => ({ Value })) });
  else if (c.isUnknown(res, ['domain_name_servers'])) c.unresolved(id, 'domain_name_servers', res, `${res.address}: domain_name_servers is known only after apply`);
  c.doc.upsert('DhcpOptions', { DhcpOptionsId: id, DhcpConfigurations: configurations }, res.address);
}

export function dhcpOptionsAssociation(c: Conversion, res: PlanResource): void {
  const vpcId = c.vpcId(res, c.id(res));
  const options = c.string(res, 'dhcp_options_id', vpcId ?? c.id(res));
  const item = vpcId ? c.doc.edit('Vpcs', vpcId) : undefined;
  if (item && options) item['DhcpOptionsId'] = options;
}

export function subnet(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const vpcId = c.vpcId(res, id);
  const cidr = c.required(res, 'cidr_block', id, 'allocated from an IPAM pool');
  const zone = c.known(res, ['availability_zone']);
  const mapPublic = c.known(res, ['map_public_ip_on_launch']);
  c.doc.upsert('Subnets', {
    SubnetId: id,
    VpcId: vpcId ?? `tf:${res.address}.vpc_id`,
    CidrBlock: cidr,
    AvailabilityZone: typeof zone === 'string' ? zone : undefined,
    MapPublicIpOnLaunch: typeof mapPublic === 'boolean' ? mapPublic : undefined,
    State: 'available',
    Tags: tagsOf(c.known(res, ['tags'])),
  }, res.address);
}

export function internetGateway(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const egressOnly = res.type === 'aws_egress_only_internet_gateway';
  // An internet gateway without vpc_id is attached later (aws_internet_gateway_attachment).
  const vpcId = c.r.configured(res, 'vpc_id') || c.known(res, ['vpc_id']) !== undefined || c.isUnknown(res, ['vpc_id']) ? c.vpcId(res, id) : undefined;
  const attachments = vpcId ? [{ VpcId: vpcId, State: egressOnly ? 'attached' : 'available' }] : [];
  if (egressOnly) c.doc.upsert('EgressOnlyInternetGateways', { EgressOnlyInternetGatewayId: id, Attachments: attachments }, res.address);
  else c.doc.upsert('InternetGateways', { InternetGatewayId: id, Attachments: attachments, Tags: tagsOf(c.known(res, ['tags'])) }, res.address);
}

export function internetGatewayAttachment(c: Conversion, res: PlanResource): void {
  const gatewayId = c.string(res, 'internet_gateway_id', c.id(res));
  const vpcId = c.vpcId(res, gatewayId ?? c.id(res));
  const gateway = gatewayId ? c.doc.edit('InternetGateways', gatewayId) : undefined;
  if (!gateway || !vpcId) return;
  const attachments = asItems(gateway['Attachments']).filter((a) => a['VpcId'] !== vpcId);
  gateway['Attachments'] = [...attachments, { VpcId: vpcId, State: 'available' }];
}

/** aws_eip: remembered for NAT gateways and associations; a public address known or a stand-in. */
export function publicIpOf(c: Conversion, res: PlanResource): string {
  const ip = c.known(res, ['public_ip']);
  return typeof ip === 'string' && ip !== '' ? ip : `(public IP of ${res.address}, known after apply)`;
}

export function natGateway(c: Conversion, res: PlanResource, eips: Map<string, PlanResource>): void {
  const id = c.id(res);
  const subnetId = c.string(res, 'subnet_id', id);
  const subnet = c.subnet(subnetId);
  if (!subnetId || !subnet) {
    if (subnetId) c.unresolved(id, 'subnet_id', res, `${res.address}: subnet ${subnetId} is in neither the plan nor the snapshot`);
    return;
  }
  const connectivity = c.known(res, ['connectivity_type']);
  const allocation = c.r.string(res, 'allocation_id');
  const eip = allocation.known && allocation.value ? eips.get(allocation.value) : undefined;
  const knownIp = c.known(res, ['public_ip']);
  const publicIp = typeof knownIp === 'string' && knownIp ? knownIp : eip ? publicIpOf(c, eip) : undefined;
  const privateIp = c.known(res, ['private_ip']);
  if (typeof privateIp === 'string') c.reserve(privateIp);
  c.doc.upsert('NatGateways', {
    NatGatewayId: id,
    VpcId: subnet['VpcId'],
    SubnetId: subnetId,
    State: 'available',
    ConnectivityType: connectivity === 'private' ? 'private' : 'public',
    NatGatewayAddresses: connectivity === 'private' ? [] : [{ ...(allocation.known && allocation.value ? { AllocationId: allocation.value } : {}), ...(publicIp ? { PublicIp: publicIp } : {}), ...(typeof privateIp === 'string' ? { PrivateIp: privateIp } : {}) }],
  }, res.address);
}

const ROUTE_TARGETS: Array<[string, string]> = [
  ['nat_gateway_id', 'NatGatewayId'],
  ['gateway_id', 'GatewayId'],
  ['transit_gateway_id', 'TransitGatewayId'],
  ['vpc_peering_connection_id', 'VpcPeeringConnectionId'],
  ['egress_only_gateway_id', 'EgressOnlyInternetGatewayId'],
  ['network_interface_id', 'NetworkInterfaceId'],
  ['vpc_endpoint_id', 'VpcEndpointId'],
  ['instance_id', 'InstanceId'],
  ['carrier_gateway_id', 'CarrierGatewayId'],
  ['local_gateway_id', 'LocalGatewayId'],
  ['core_network_arn', 'CoreNetworkArn'],
];

/** A route from an inline `route` block of aws_route_table / aws_default_route_table. */
function inlineRoute(block: Item): Item | undefined {
  const route: Item = { State: 'active', Origin: 'CreateRoute' };
  if (typeof block['cidr_block'] === 'string' && block['cidr_block']) route['DestinationCidrBlock'] = block['cidr_block'];
  else if (typeof block['ipv6_cidr_block'] === 'string' && block['ipv6_cidr_block']) route['DestinationIpv6CidrBlock'] = block['ipv6_cidr_block'];
  else if (typeof block['destination_prefix_list_id'] === 'string' && block['destination_prefix_list_id']) route['DestinationPrefixListId'] = block['destination_prefix_list_id'];
  else return undefined;
  for (const [tf, aws] of ROUTE_TARGETS) {
    const target = block[tf];
    if (typeof target === 'string' && target !== '') {
      if (target === 'local') return undefined;
      route[aws] = target;
      return route;
    }
  }
  return undefined;
}

export function routeTable(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const vpcId = c.vpcId(res, id);
  const item: Item = { RouteTableId: id, VpcId: vpcId ?? `tf:${res.address}.vpc_id`, Tags: tagsOf(c.known(res, ['tags'])) };
  const routes = inlineRoutes(c, res, id);
  if (routes) item['Routes'] = routes;
  else if (!c.doc.get('RouteTables', id)) item['Routes'] = [];
  if (!c.doc.get('RouteTables', id)) item['Associations'] = [];
  c.doc.upsert('RouteTables', item, res.address);
}

/** Inline routes when the plan knows them; undefined keeps a snapshot's routes (routes managed elsewhere). */
function inlineRoutes(c: Conversion, res: PlanResource, id: string): Item[] | undefined {
  if (c.isUnknown(res, ['route'])) {
    if (c.r.configured(res, 'route')) c.unresolved(id, 'route', res, `${res.address}: its routes are known only after apply`);
    return c.overSnapshot ? undefined : [];
  }
  const blocks = asItems(c.known(res, ['route']));
  return blocks.flatMap((block, i) => {
    if (c.isUnknown(res, ['route', i])) {
      c.unresolved(id, `route[${i}]`, res, `${res.address}: route[${i}] is known only after apply`);
      return [];
    }
    const route = inlineRoute(block);
    return route ? [route] : [];
  });
}

/** aws_default_route_table: the VPC's main table; Terraform makes its routes exactly the configured ones. */
export function defaultRouteTable(c: Conversion, res: PlanResource): void {
  const id = c.string(res, 'default_route_table_id', c.id(res));
  if (!id) return;
  const table = c.doc.edit('RouteTables', id);
  if (!table) {
    c.unresolved(id, 'default_route_table_id', res, `${res.address}: route table ${id} is in neither the plan nor the snapshot`);
    return;
  }
  const routes = c.isUnknown(res, ['route']) ? [] : asItems(c.known(res, ['route'])).flatMap((block) => inlineRoute(block) ?? []);
  table['Routes'] = routes;
}

/** aws_route: one route added to (or replacing the same destination in) its table. */
export function route(c: Conversion, res: PlanResource): void {
  const ownerId = c.id(res);
  const tableId = c.string(res, 'route_table_id', ownerId);
  const table = tableId ? c.doc.edit('RouteTables', tableId) : undefined;
  if (!tableId || !table) {
    if (tableId) c.doc.note('TERRAFORM_DANGLING', `${res.address}: route table ${tableId} is in neither the plan nor the snapshot; the route is left out.`, tableId);
    return;
  }
  const item = routeItem(c, res, tableId);
  if (!item) return;
  const key = destinationKey(item);
  table['Routes'] = [...asItems(table['Routes']).filter((r) => destinationKey(r) !== key), item];
}

export function removeRoute(c: Conversion, res: PlanResource): void {
  const tableId = res.values['route_table_id'];
  const table = typeof tableId === 'string' ? c.doc.edit('RouteTables', tableId) : undefined;
  if (!table) return;
  const item = routeItem(c, res, String(tableId));
  if (item) table['Routes'] = asItems(table['Routes']).filter((r) => destinationKey(r) !== destinationKey(item));
}

function routeItem(c: Conversion, res: PlanResource, tableId: string): Item | undefined {
  const item: Item = { State: 'active', Origin: 'CreateRoute' };
  const destinations: Array<[string, string]> = [
    ['destination_cidr_block', 'DestinationCidrBlock'],
    ['destination_ipv6_cidr_block', 'DestinationIpv6CidrBlock'],
    ['destination_prefix_list_id', 'DestinationPrefixListId'],
  ];
  for (const [tf, aws] of destinations) {
    const known = c.known(res, [tf]);
    if (typeof known === 'string' && known !== '') {
      item[aws] = known;
      break;
    }
    if (!c.r.configured(res, tf)) continue;
    const value = c.r.string(res, tf);
    if (value.known && value.value) {
      item[aws] = value.value;
      break;
    }
    // The destination is known only after apply: the table's routing for it cannot be decided.
    c.unresolved(tableId, `${res.address}.${tf}`, res, value.known ? `${res.address}: ${tf} is empty` : value.reason);
    return undefined;
  }
  if (!('DestinationCidrBlock' in item) && !('DestinationIpv6CidrBlock' in item) && !('DestinationPrefixListId' in item)) return undefined;
  for (const [tf, aws] of ROUTE_TARGETS) {
    const known = c.known(res, [tf]);
    if (typeof known === 'string' && known !== '') {
      item[aws] = known;
      return item;
    }
    if (!c.r.configured(res, tf)) continue;
    const value = c.r.string(res, tf);
    if (value.known && value.value) {
      item[aws] = value.value;
      return item;
    }
    c.unresolved(tableId, `${res.address}.${tf}`, res, value.known ? `${res.address}: ${tf} is empty` : value.reason);
    return undefined;
  }
  c.unresolved(tableId, `${res.address}.target`, res, `${res.address}: the route's target is known only after apply and the plan has no configuration to resolve it`);
  return undefined;
}

function destinationKey(route: Item): string {
  return String(route['DestinationCidrBlock'] ?? route['DestinationIpv6CidrBlock'] ?? route['DestinationPrefixListId'] ?? '');
}

/** aws_route_table_association: the subnet (or gateway) moves to this table. */
export function routeTableAssociation(c: Conversion, res: PlanResource): void {
  const ownerId = c.id(res);
  const tableId = c.string(res, 'route_table_id', ownerId);
  const subnetId = c.string(res, 'subnet_id', tableId ?? ownerId);
  const gatewayId = subnetId ? undefined : c.string(res, 'gateway_id', tableId ?? ownerId);
  const table = tableId ? c.doc.edit('RouteTables', tableId) : undefined;
  if (!table || (!subnetId && !gatewayId)) return;
  if (subnetId) {
    for (const other of c.doc.editWhere('RouteTables', (t) => asItems(t['Associations']).some((a) => a['SubnetId'] === subnetId))) {
      other['Associations'] = asItems(other['Associations']).filter((a) => a['SubnetId'] !== subnetId);
    }
  }
  const associations = asItems(table['Associations']);
  associations.push({ Main: false, RouteTableId: tableId, ...(subnetId ? { SubnetId: subnetId } : { GatewayId: gatewayId }), AssociationState: { State: 'associated' } });
  table['Associations'] = associations;
}

export function removeRouteTableAssociation(c: Conversion, res: PlanResource): void {
  const tableId = res.values['route_table_id'];
  const subnetId = res.values['subnet_id'];
  const table = typeof tableId === 'string' ? c.doc.edit('RouteTables', tableId) : undefined;
  if (table && typeof subnetId === 'string') table['Associations'] = asItems(table['Associations']).filter((a) => a['SubnetId'] !== subnetId);
}

/** aws_main_route_table_association: this table becomes the VPC's main table. */
export function mainRouteTableAssociation(c: Conversion, res: PlanResource): void {
  const ownerId = c.id(res);
  const vpcId = c.vpcId(res, ownerId);
  const tableId = c.string(res, 'route_table_id', ownerId);
  if (!vpcId || !tableId || !c.doc.get('RouteTables', tableId)) return;
  for (const other of c.doc.editWhere('RouteTables', (t) => t['VpcId'] === vpcId && asItems(t['Associations']).some((a) => a['Main'] === true))) {
    other['Associations'] = asItems(other['Associations']).filter((a) => a['Main'] !== true);
  }
  const table = c.doc.edit('RouteTables', tableId)!;
  table['Associations'] = [...asItems(table['Associations']), { Main: true, RouteTableId: tableId }];
}
