import type { RawSnapshot, SnapshotKey } from './raw-snapshot.ts';
import { parseJsonFile } from './snapshot-files.ts';
import { endpointGroupAssociation, endpointSubnetAssociation, elasticIp, instance, interfaceGroupAttachment, networkInterface, vpcEndpoint } from './terraform/compute.ts';
import { Conversion, asItems } from './terraform/context.ts';
import { PlanDocument } from './terraform/document.ts';
import * as net from './terraform/network.ts';
import type { PlanResource, TerraformPlan } from './terraform/plan-json.ts';
import { parseIpv4Block } from './terraform/ipv4.ts';
import { readPlan } from './terraform/plan-json.ts';
import { Resolver } from './terraform/references.ts';
import * as sec from './terraform/security.ts';

// Terraform plans (`terraform show -json`) as raw snapshots: the AWS provider resources that decide
// reachability become the EC2 describe-* shapes the file loader produces, so the whole engine is
// reused. Alone, a plan describes the VPCs it manages (with the objects AWS creates for every VPC);
// over a snapshot, its creates, updates and deletes are applied to the snapshot by id.

export type { TerraformPlan } from './terraform/plan-json.ts';

export function readTerraformPlanFile(path: string): TerraformPlan {
  return readPlan(parseJsonFile(path, path), path);
}

/** Resource types this loader maps; others are ignored. */
export const MAPPED_TYPES = [
  'aws_vpc', 'aws_default_vpc', 'aws_vpc_dhcp_options', 'aws_vpc_dhcp_options_association', 'aws_subnet',
  'aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_default_security_group',
  'aws_network_acl', 'aws_network_acl_rule', 'aws_network_acl_association', 'aws_default_network_acl',
  'aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_main_route_table_association', 'aws_default_route_table',
  'aws_internet_gateway', 'aws_internet_gateway_attachment', 'aws_egress_only_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_eip_association',
  'aws_vpc_endpoint', 'aws_vpc_endpoint_subnet_association', 'aws_vpc_endpoint_security_group_association',
  'aws_instance', 'aws_network_interface', 'aws_network_interface_sg_attachment',
] as const;

const TOP_LEVEL: Record<string, SnapshotKey | 'instance'> = {
  aws_vpc: 'Vpcs',
  aws_default_vpc: 'Vpcs',
  aws_vpc_dhcp_options: 'DhcpOptions',
  aws_subnet: 'Subnets',
  aws_security_group: 'SecurityGroups',
  aws_network_acl: 'NetworkAcls',
  aws_route_table: 'RouteTables',
  aws_internet_gateway: 'InternetGateways',
  aws_egress_only_internet_gateway: 'EgressOnlyInternetGateways',
  aws_nat_gateway: 'NatGateways',
  aws_vpc_endpoint: 'VpcEndpoints',
  aws_network_interface: 'NetworkInterfaces',
  aws_instance: 'instance',
};

/** Keys a plan on its own describes completely (for the VPCs it manages). */
const PLAN_KEYS: SnapshotKey[] = ['Vpcs', 'VpcAttributes', 'Subnets', 'SecurityGroups', 'NetworkAcls', 'RouteTables', 'InternetGateways', 'EgressOnlyInternetGateways', 'NatGateways', 'VpcEndpoints', 'NetworkInterfaces', 'Reservations', 'DhcpOptions'];

/** The state after apply: the plan alone, or its changes applied to `base`. */
export function rawFromPlan(plan: TerraformPlan, base?: RawSnapshot): RawSnapshot {
  const doc = new PlanDocument(plan.file, base);
  const c = new Conversion(doc, new Resolver(plan, plan.after), plan, base !== undefined);
  if (base) {
    const before = new Conversion(doc, new Resolver(plan, plan.before), plan, true);
    for (const res of plan.deleted) removeTopLevel(before, res);
    const resources = plan.after.filter((res) => {
      // No-op resources are already in the snapshot; ones it lacks are added.
      if (!res.actions.every((a) => a === 'no-op' || a === 'read')) return true;
      const key = TOP_LEVEL[res.type];
      return key !== undefined && !exists(c, res, key);
    });
    convertParents(c, resources);
    for (const res of plan.deleted) removeChild(before, res);
    convertChildren(c, resources);
  } else {
    convertParents(c, plan.after);
    convertChildren(c, plan.after);
    for (const key of PLAN_KEYS) doc.touch(key);
  }
  addLocalRoutes(c);
  checkStandIns(c);
  if (plan.region && !doc.raw.region) doc.raw.region = { value: plan.region, file: plan.file };
  return doc.raw;
}

/** The state before the plan (its prior state), for `diff --terraform-plan` without a snapshot. */
export function rawBeforePlan(plan: TerraformPlan): RawSnapshot {
  const doc = new PlanDocument(plan.file);
  const before = plan.before.map((res) => ({ ...res, actions: ['no-op'] }));
  const c = new Conversion(doc, new Resolver(plan, before), plan, false);
  convertParents(c, before);
  convertChildren(c, before);
  for (const key of PLAN_KEYS) doc.touch(key);
  addLocalRoutes(c);
  checkStandIns(c);
  if (plan.region) doc.raw.region = { value: plan.region, file: plan.file };
  return doc.raw;
}

function exists(c: Conversion, res: PlanResource, key: SnapshotKey | 'instance'): boolean {
  const id = c.id(res);
  return key === 'instance' ? c.doc.instance(id) !== undefined : c.doc.get(key, id) !== undefined;
}

function ofType(resources: PlanResource[], ...types: string[]): PlanResource[] {
  return resources.filter((r) => types.includes(r.type));
}

function convertParents(c: Conversion, resources: PlanResource[]): void {
  for (const res of ofType(resources, 'aws_vpc', 'aws_default_vpc')) net.vpc(c, res);
  for (const res of ofType(resources, 'aws_vpc_dhcp_options')) net.dhcpOptions(c, res);
  for (const res of ofType(resources, 'aws_subnet')) net.subnet(c, res);
  for (const res of ofType(resources, 'aws_security_group')) sec.securityGroup(c, res);
  for (const res of ofType(resources, 'aws_network_acl')) sec.networkAcl(c, res);
  for (const res of ofType(resources, 'aws_route_table')) net.routeTable(c, res);
  for (const res of ofType(resources, 'aws_internet_gateway', 'aws_egress_only_internet_gateway')) net.internetGateway(c, res);
  const eips = new Map(ofType(c.r.resources, 'aws_eip').map((res) => [c.id(res), res]));
  for (const res of ofType(resources, 'aws_nat_gateway')) net.natGateway(c, res, eips);
  // Adopted defaults replace what AWS created with the VPC.
  for (const res of ofType(resources, 'aws_default_security_group')) sec.defaultSecurityGroup(c, res);
  for (const res of ofType(resources, 'aws_default_network_acl')) sec.defaultNetworkAcl(c, res);
  for (const res of ofType(resources, 'aws_default_route_table')) net.defaultRouteTable(c, res);
  for (const res of ofType(resources, 'aws_network_interface')) networkInterface(c, res);
  const interfaces = new Map(ofType(c.r.resources, 'aws_network_interface').map((res) => [c.id(res), res]));
  for (const res of ofType(resources, 'aws_instance')) instance(c, res, interfaces);
  for (const res of ofType(resources, 'aws_vpc_endpoint')) vpcEndpoint(c, res);
}

function convertChildren(c: Conversion, resources: PlanResource[]): void {
  for (const res of ofType(resources, 'aws_vpc_dhcp_options_association')) net.dhcpOptionsAssociation(c, res);
  for (const res of ofType(resources, 'aws_internet_gateway_attachment')) net.internetGatewayAttachment(c, res);
  for (const res of ofType(resources, 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule')) sec.securityGroupRule(c, res);
  for (const res of ofType(resources, 'aws_network_acl_rule')) sec.networkAclRule(c, res);
  for (const res of ofType(resources, 'aws_network_acl_association')) sec.networkAclAssociation(c, res);
  for (const res of ofType(resources, 'aws_route')) net.route(c, res);
  for (const res of ofType(resources, 'aws_route_table_association')) net.routeTableAssociation(c, res);
  for (const res of ofType(resources, 'aws_main_route_table_association')) net.mainRouteTableAssociation(c, res);
  const eips = new Map(ofType(c.r.resources, 'aws_eip').map((res) => [c.id(res), res]));
  for (const res of ofType(resources, 'aws_eip', 'aws_eip_association')) elasticIp(c, res, eips);
  for (const res of ofType(resources, 'aws_vpc_endpoint_subnet_association')) endpointSubnetAssociation(c, res);
  for (const res of ofType(resources, 'aws_vpc_endpoint_security_group_association')) endpointGroupAssociation(c, res);
  for (const res of ofType(resources, 'aws_network_interface_sg_attachment')) interfaceGroupAttachment(c, res);
}

/** Over a snapshot: objects the plan deletes (or replaces) leave it. */
function removeTopLevel(c: Conversion, res: PlanResource): void {
  const key = TOP_LEVEL[res.type];
  const id = res.values['id'];
  if (!key || typeof id !== 'string') return;
  if (key === 'instance') {
    c.doc.removeInstance(id);
    return;
  }
  if (key === 'VpcEndpoints') {
    const interfaces = c.doc.get('VpcEndpoints', id)?.['NetworkInterfaceIds'];
    for (const eniId of Array.isArray(interfaces) ? interfaces : []) c.doc.remove('NetworkInterfaces', String(eniId));
  }
  c.doc.remove(key, id);
  if (key === 'Vpcs') c.doc.remove('VpcAttributes', id);
}

/** Over a snapshot: rules, routes and associations the plan deletes leave their parents. */
function removeChild(c: Conversion, res: PlanResource): void {
  switch (res.type) {
    case 'aws_security_group_rule':
    case 'aws_vpc_security_group_ingress_rule':
    case 'aws_vpc_security_group_egress_rule':
      return sec.removeSecurityGroupRule(c, res);
    case 'aws_network_acl_rule':
      return sec.removeNetworkAclRule(c, res);
    case 'aws_route':
      return net.removeRoute(c, res);
    case 'aws_route_table_association':
      return net.removeRouteTableAssociation(c, res);
    case 'aws_network_acl_association': {
      // The subnet goes back to its VPC's default network ACL.
      const subnetId = res.values['subnet_id'];
      for (const acl of c.doc.editWhere('NetworkAcls', (a) => asItems(a['Associations']).some((x) => x['SubnetId'] === subnetId))) {
        acl['Associations'] = asItems(acl['Associations']).filter((x) => x['SubnetId'] !== subnetId);
      }
      return;
    }
    case 'aws_internet_gateway_attachment': {
      const gateway = typeof res.values['internet_gateway_id'] === 'string' ? c.doc.edit('InternetGateways', res.values['internet_gateway_id']) : undefined;
      if (gateway) gateway['Attachments'] = asItems(gateway['Attachments']).filter((a) => a['VpcId'] !== res.values['vpc_id']);
      return;
    }
    default:
      return;
  }
}

/** RT-3: every route table routes its VPC's CIDR locally (AWS adds the route; plans never list it). */
function addLocalRoutes(c: Conversion): void {
  const cidrs = new Map(c.doc.list('Vpcs').map((vpc) => [vpc['VpcId'], vpc['CidrBlock']]));
  const missing = (t: Record<string, unknown>) => typeof cidrs.get(t['VpcId']) === 'string' && !asItems(t['Routes']).some((r) => r['GatewayId'] === 'local');
  for (const table of c.doc.editWhere('RouteTables', missing)) {
    table['Routes'] = [{ DestinationCidrBlock: cidrs.get(table['VpcId']), GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }, ...asItems(table['Routes'])];
  }
}

/**
 * A stand-in private address is exact only while every rule treats the whole subnet alike. A
 * network ACL entry, group rule or route whose range cuts through the subnet makes the address
 * matter, and so the instance's checks unknown.
 */
function checkStandIns(c: Conversion): void {
  if (c.stood.size === 0) return;
  const ranges: Array<{ text: string; owner: string }> = [];
  const add = (text: unknown, owner: string) => {
    if (typeof text === 'string') ranges.push({ text, owner });
  };
  for (const acl of c.doc.list('NetworkAcls')) for (const e of asItems(acl['Entries'])) add(e['CidrBlock'], String(acl['NetworkAclId']));
  for (const group of c.doc.list('SecurityGroups')) {
    for (const p of [...asItems(group['IpPermissions']), ...asItems(group['IpPermissionsEgress'])]) for (const r of asItems(p['IpRanges'])) add(r['CidrIp'], String(group['GroupId']));
  }
  for (const table of c.doc.list('RouteTables')) for (const r of asItems(table['Routes'])) add(r['DestinationCidrBlock'], String(table['RouteTableId']));
  for (const [instanceId, stood] of c.stood) {
    const subnet = parseIpv4Block(stood.subnetCidr);
    if (!subnet) continue;
    const cut = ranges.find(({ text }) => {
      const r = parseIpv4Block(text);
      if (!r) return false;
      const overlaps = r.first <= subnet.last && subnet.first <= r.last;
      const covers = r.first <= subnet.first && subnet.last <= r.last;
      return overlaps && !covers;
    });
    if (cut) c.unresolved(instanceId, 'private_ip', stood.resource, `${stood.resource.address}: its private IP is assigned at launch, and ${cut.owner} treats addresses inside ${stood.subnetCidr} differently (${cut.text})`);
  }
}

