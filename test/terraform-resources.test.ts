import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { rawFromPlan } from '../src/load/terraform-plan.ts';
import { buildModel } from '../src/model/build-model.ts';
import { constant, planOf, ref } from './support/terraform.ts';
import { REACHABLE, outcomes, services } from './support/verdicts.ts';

// One plan that uses every association-style resource of the mapping, so each is checked on the model
// it builds, and the result is a working private VPC.
const ID = ['id'];
const plan = planOf([
  { address: 'aws_vpc.main', after: { cidr_block: '10.7.0.0/16', enable_dns_hostnames: true }, unknown: ['id', 'default_network_acl_id', 'default_route_table_id', 'default_security_group_id', 'main_route_table_id'] },
  { address: 'aws_vpc_dhcp_options.dns', after: { domain_name_servers: ['AmazonProvidedDNS'] }, unknown: ID },
  { address: 'aws_vpc_dhcp_options_association.dns', after: {}, unknown: ['id', 'vpc_id', 'dhcp_options_id'], config: { vpc_id: ref('aws_vpc.main'), dhcp_options_id: ref('aws_vpc_dhcp_options.dns') } },
  { address: 'aws_subnet.app', after: { cidr_block: '10.7.1.0/24', availability_zone: 'eu-central-1a' }, unknown: ['id', 'vpc_id'], config: { vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_subnet.vpce', after: { cidr_block: '10.7.2.0/24', availability_zone: 'eu-central-1a' }, unknown: ['id', 'vpc_id'], config: { vpc_id: ref('aws_vpc.main') } },
  // Adopting the default group removes its rules; the default ACL allows all and takes the endpoint subnet.
  { address: 'aws_default_security_group.default', after: { ingress: [], egress: [] }, unknown: ['id'], config: { vpc_id: ref('aws_vpc.main') } },
  {
    address: 'aws_default_network_acl.default',
    after: { ingress: [{ rule_no: 100, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' }], egress: [{ rule_no: 100, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' }] },
    unknown: ['id', 'default_network_acl_id', 'subnet_ids'],
    config: { default_network_acl_id: ref('aws_vpc.main', 'default_network_acl_id'), subnet_ids: ref('aws_subnet.vpce') },
  },
  { address: 'aws_security_group.vpce', after: { name: 'vpce' }, unknown: ['id', 'vpc_id', 'ingress', 'egress'], config: { vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_vpc_security_group_ingress_rule.vpce', after: { ip_protocol: 'tcp', from_port: 443, to_port: 443 }, unknown: ['id', 'security_group_id', 'cidr_ipv4'], config: { security_group_id: ref('aws_security_group.vpce'), cidr_ipv4: ref('aws_subnet.app', 'cidr_block') } },
  { address: 'aws_security_group.app', after: { name: 'app' }, unknown: ['id', 'vpc_id', 'ingress', 'egress'], config: { vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_security_group_rule.app_https', after: { type: 'egress', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }, unknown: ['id', 'security_group_id'], config: { security_group_id: ref('aws_security_group.app') } },
  { address: 'aws_security_group.extra', after: { name: 'extra', ingress: [], egress: [] }, unknown: ['id', 'vpc_id'], config: { vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_network_acl.app', after: {}, unknown: ['id', 'vpc_id', 'ingress', 'egress', 'subnet_ids'], config: { vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_network_acl_rule.in', after: { rule_number: 100, egress: false, protocol: '-1', rule_action: 'allow', cidr_block: '0.0.0.0/0' }, unknown: ['id', 'network_acl_id'], config: { network_acl_id: ref('aws_network_acl.app') } },
  { address: 'aws_network_acl_rule.out', after: { rule_number: 100, egress: true, protocol: 'tcp', from_port: 443, to_port: 443, rule_action: 'allow', cidr_block: '10.7.0.0/16' }, unknown: ['id', 'network_acl_id'], config: { network_acl_id: ref('aws_network_acl.app') } },
  { address: 'aws_network_acl_association.app', after: {}, unknown: ['id', 'network_acl_id', 'subnet_id'], config: { network_acl_id: ref('aws_network_acl.app'), subnet_id: ref('aws_subnet.app') } },
  { address: 'aws_route_table.app', after: {}, unknown: ['id', 'vpc_id', 'route'], config: { vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_route_table_association.app', after: {}, unknown: ['id', 'route_table_id', 'subnet_id'], config: { route_table_id: ref('aws_route_table.app'), subnet_id: ref('aws_subnet.app') } },
  { address: 'aws_main_route_table_association.main', after: {}, unknown: ['id', 'vpc_id', 'route_table_id'], config: { vpc_id: ref('aws_vpc.main'), route_table_id: ref('aws_route_table.app') } },
  { address: 'aws_default_route_table.default', after: { route: [] }, unknown: ['id', 'default_route_table_id'], config: { default_route_table_id: ref('aws_vpc.main', 'default_route_table_id') } },
  { address: 'aws_internet_gateway.main', after: {}, unknown: ['id'], config: {} },
  { address: 'aws_internet_gateway_attachment.main', after: {}, unknown: ['id', 'internet_gateway_id', 'vpc_id'], config: { internet_gateway_id: ref('aws_internet_gateway.main'), vpc_id: ref('aws_vpc.main') } },
  { address: 'aws_egress_only_internet_gateway.v6', after: {}, unknown: ['id', 'vpc_id'], config: { vpc_id: ref('aws_vpc.main') } },
  ...['ssm', 'ec2messages', 'ssmmessages'].map((s) => ({
    address: `aws_vpc_endpoint.svc["${s}"]`,
    after: { service_name: `com.amazonaws.eu-central-1.${s}`, vpc_endpoint_type: 'Interface', private_dns_enabled: true },
    unknown: ['id', 'vpc_id', 'subnet_ids', 'security_group_ids', 'network_interface_ids'],
    config: { vpc_id: ref('aws_vpc.main'), service_name: { references: ['each.key'] }, vpc_endpoint_type: constant('Interface'), private_dns_enabled: constant(true) },
  })),
  ...['ssm', 'ec2messages', 'ssmmessages'].map((s) => ({ address: `aws_vpc_endpoint_subnet_association.svc["${s}"]`, after: {}, unknown: ['id', 'vpc_endpoint_id', 'subnet_id'], config: { vpc_endpoint_id: { references: ['aws_vpc_endpoint.svc', 'each.key'] }, subnet_id: ref('aws_subnet.vpce') } })),
  ...['ssm', 'ec2messages', 'ssmmessages'].map((s) => ({ address: `aws_vpc_endpoint_security_group_association.svc["${s}"]`, after: { replace_default_association: true }, unknown: ['id', 'vpc_endpoint_id', 'security_group_id'], config: { vpc_endpoint_id: { references: ['aws_vpc_endpoint.svc', 'each.key'] }, security_group_id: ref('aws_security_group.vpce') } })),
  { address: 'aws_network_interface.app', after: { private_ips: ['10.7.1.50'], source_dest_check: true }, unknown: ['id', 'subnet_id', 'security_groups', 'attachment'], config: { subnet_id: ref('aws_subnet.app'), security_groups: ref('aws_security_group.app') } },
  { address: 'aws_network_interface_sg_attachment.extra', after: {}, unknown: ['id', 'network_interface_id', 'security_group_id'], config: { network_interface_id: ref('aws_network_interface.app'), security_group_id: ref('aws_security_group.extra') } },
  {
    address: 'aws_instance.app',
    after: { instance_type: 't3.micro', network_interface: [{ device_index: 0, delete_on_termination: false }], metadata_options: [{ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 }] },
    unknown: ['id', 'subnet_id', 'private_ip', 'vpc_security_group_ids', 'public_ip'],
    unknownTree: { network_interface: [{ network_interface_id: true }] },
    config: { network_interface: [{ network_interface_id: ref('aws_network_interface.app'), device_index: constant(0) }] },
  },
  { address: 'aws_eip.app', after: { domain: 'vpc' }, unknown: ['id', 'public_ip', 'allocation_id'] },
  { address: 'aws_eip_association.app', after: {}, unknown: ['id', 'allocation_id', 'network_interface_id'], config: { allocation_id: ref('aws_eip.app'), network_interface_id: ref('aws_network_interface.app') } },
]);

test('every association-style resource lands where it belongs, and the VPC works', () => {
  const m = buildModel(rawFromPlan(plan));
  assert.is(m.region, 'eu-central-1');
  assert.is(m.vpcs.get('tf:aws_vpc.main')!.dhcpOptionsId, 'tf:aws_vpc_dhcp_options.dns');
  assert.equal(m.dhcpOptions.get('tf:aws_vpc_dhcp_options.dns')!.domainNameServers, ['AmazonProvidedDNS']);
  // aws_default_security_group removed the default group's rules.
  const defaultGroup = m.securityGroups.get('tf:aws_vpc.main.default_security_group_id')!;
  assert.equal([defaultGroup.ingress.length, defaultGroup.egress.length], [0, 0]);
  // Separate rules in their groups; the ingress rule's CIDR comes from the app subnet's cidr_block.
  assert.equal(m.securityGroups.get('tf:aws_security_group.vpce')!.ingress.map((r) => r.text), ['tcp 443 from 10.7.1.0/24']);
  assert.equal(m.securityGroups.get('tf:aws_security_group.app')!.egress.map((r) => r.text), ['tcp 443 to 0.0.0.0/0']);
  // Network ACLs: entries from aws_network_acl_rule, the app subnet associated, the default ACL has the endpoint subnet.
  const acl = m.networkAcls.get('tf:aws_network_acl.app')!;
  assert.equal(acl.outbound.map((e) => e.text), ['rule 100 allow tcp 443 to 10.7.0.0/16', 'rule * deny all traffic to 0.0.0.0/0']);
  assert.equal(acl.subnetIds, ['tf:aws_subnet.app']);
  assert.equal(m.networkAcls.get('tf:aws_vpc.main.default_network_acl_id')!.subnetIds, ['tf:aws_subnet.vpce']);
  // Route tables: the app table is associated and main; the adopted default table is main no more.
  assert.ok(m.routeTables.get('tf:aws_route_table.app')!.isMain);
  assert.equal(m.routeTables.get('tf:aws_route_table.app')!.subnetIds, ['tf:aws_subnet.app']);
  assert.not.ok(m.routeTables.get('tf:aws_vpc.main.main_route_table_id')!.isMain);
  // Gateways.
  assert.equal(m.internetGateways.get('tf:aws_internet_gateway.main')!.attachedVpcIds, ['tf:aws_vpc.main']);
  assert.ok(m.internetGateways.get('tf:aws_egress_only_internet_gateway.v6')!.egressOnly);
  // Endpoints: subnet and group from their association resources, an interface in the endpoint subnet.
  const endpoint = m.vpcEndpoints.get('tf:aws_vpc_endpoint.svc["ec2messages"]')!;
  assert.equal([endpoint.subnetIds, endpoint.groupIds], [['tf:aws_subnet.vpce'], ['tf:aws_security_group.vpce']]);
  const endpointEni = m.networkInterfaces.get(endpoint.networkInterfaceIds[0]!)!;
  assert.equal([endpointEni.subnetId, endpointEni.groupIds], ['tf:aws_subnet.vpce', ['tf:aws_security_group.vpce']]);
  // The instance's primary interface is the standalone one: its address, both groups, the Elastic IP.
  const instance = m.instances.get('tf:aws_instance.app')!;
  assert.is(instance.subnetId, 'tf:aws_subnet.app');
  assert.equal(instance.networkInterfaceIds, ['tf:aws_network_interface.app']);
  const eni = m.networkInterfaces.get('tf:aws_network_interface.app')!;
  assert.equal(eni.groupIds, ['tf:aws_security_group.app', 'tf:aws_security_group.extra']);
  assert.equal(eni.privateAddresses.map((a) => [a.text, a.publicIp]), [['10.7.1.50', '(public IP of aws_eip.app, known after apply)']]);
  assert.is(instance.metadata.hopLimit, 1);
  // And it reaches Systems Manager through the endpoints.
  assert.equal(outcomes(m, 'tf:aws_instance.app'), services(REACHABLE));
  assert.equal(m.unresolved, undefined);
});

test('over a snapshot: an instance update changes its groups and metadata options, not its address', () => {
  const snapshot = rawFromDocument({
    Region: 'eu-central-1',
    Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16' }],
    VpcAttributes: [{ VpcId: 'vpc-1', EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } }],
    Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.1.1.0/24', AvailabilityZone: 'eu-central-1a' }],
    SecurityGroups: [
      { GroupId: 'sg-open', GroupName: 'open', VpcId: 'vpc-1', IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      { GroupId: 'sg-closed', GroupName: 'closed', VpcId: 'vpc-1' },
    ],
    NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Entries: [false, true].map((Egress) => ({ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress, CidrBlock: '0.0.0.0/0' })) }],
    RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local' }] }],
    InternetGateways: [], NatGateways: [], VpcEndpoints: [],
    Reservations: [{ Instances: [{ InstanceId: 'i-1', SubnetId: 'subnet-1', VpcId: 'vpc-1', State: { Name: 'running' }, MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional' }, NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', PrivateIpAddress: '10.1.1.9', Groups: [{ GroupId: 'sg-open' }], Attachment: { DeviceIndex: 0 } }] }] }],
  }, 'snap.json');
  const update = planOf([{
    address: 'aws_instance.app',
    actions: ['update'],
    before: { id: 'i-1', subnet_id: 'subnet-1', private_ip: '10.1.1.9', vpc_security_group_ids: ['sg-open'], metadata_options: [{ http_endpoint: 'enabled', http_tokens: 'optional' }] },
    after: { id: 'i-1', subnet_id: 'subnet-1', private_ip: '10.1.1.9', vpc_security_group_ids: ['sg-closed'], metadata_options: [{ http_endpoint: 'disabled', http_tokens: 'required' }] },
  }]);
  const m = buildModel(rawFromPlan(update, snapshot));
  assert.equal(m.networkInterfaces.get('eni-1')!.groupIds, ['sg-closed']);
  assert.equal(m.networkInterfaces.get('eni-1')!.privateAddresses.map((a) => a.text), ['10.1.1.9']);
  assert.is(m.instances.get('i-1')!.metadata.httpEndpoint, 'disabled');
  assert.equal(outcomes(m, 'i-1').ssm, { verdict: 'blocked', blocking: 'sg-closed', code: 'ENI_SG_RULES_MISMATCH' });
  assert.equal(outcomes(m, 'i-1').imds, { verdict: 'blocked', blocking: 'i-1', code: 'IMDS_DISABLED' });
});

test('over a snapshot: deleted rules and routes leave their parents', () => {
  const snapshot = rawFromDocument({
    Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16' }],
    SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'g', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16' }] }] }],
    NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', Entries: [{ RuleNumber: 90, Protocol: '6', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } }] }],
    RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] }],
  }, 'snap.json');
  const deletes = planOf([
    { address: 'aws_security_group_rule.wide', actions: ['delete'], after: null, before: { id: 'sgrule-1', type: 'ingress', security_group_id: 'sg-1', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['192.168.0.0/16'] } },
    { address: 'aws_network_acl_rule.deny', actions: ['delete'], after: null, before: { id: 'nacl-1', network_acl_id: 'acl-1', rule_number: 90, egress: true, protocol: 'tcp', rule_action: 'deny', cidr_block: '0.0.0.0/0', from_port: 443, to_port: 443 } },
    { address: 'aws_route.default', actions: ['delete'], after: null, before: { id: 'r-1', route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' } },
  ]);
  const m = buildModel(rawFromPlan(deletes, snapshot));
  assert.equal(m.securityGroups.get('sg-1')!.ingress.map((r) => r.text), ['tcp 443 from 10.0.0.0/8']);
  assert.equal(m.networkAcls.get('acl-1')!.outbound, []);
  assert.equal(m.routeTables.get('rtb-1')!.routes.map((r) => r.target.id), ['local']);
});

test.run();
