// EgressClasses lets instances whose group lists differ share one result: the lists must decide
// every IPv4 peer alike on the port, with the same group and rule, or get different keys.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EgressClasses } from '../src/eval/egress-classes.ts';
import { Evaluator } from '../src/eval/evaluate.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';

type Json = Record<string, unknown>;
const all = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const httpOnly = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const vpcOnly = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] };

function group(id: string, egress: Json[]): Json {
  return { GroupId: id, GroupName: id, VpcId: 'vpc-1', IpPermissions: [], IpPermissionsEgress: egress };
}

function instance(id: string, address: string, groups: string[]): Json {
  return {
    InstanceId: id, State: { Name: 'running' }, VpcId: 'vpc-1', SubnetId: 'subnet-1', PrivateIpAddress: address,
    MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2, State: 'applied' },
    NetworkInterfaces: [{ NetworkInterfaceId: `eni-${id}`, SubnetId: 'subnet-1', VpcId: 'vpc-1', PrivateIpAddress: address, Association: { PublicIp: `54.0.0.${address.split('.')[3]}` }, Attachment: { DeviceIndex: 0, InstanceId: id }, Groups: groups.map((g) => ({ GroupId: g })) }],
  };
}

const document = {
  Region: 'eu-west-1',
  Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }],
  VpcAttributes: [{ VpcId: 'vpc-1', EnableDnsSupport: true, EnableDnsHostnames: true }],
  Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1a' }],
  InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' }] }],
  NatGateways: [],
  RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' }] }],
  NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Associations: [{ SubnetId: 'subnet-1' }], Entries: [
    { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 100, Egress: true, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
  ] }],
  VpcEndpoints: [],
  SecurityGroups: [group('sg-all', [all]), group('sg-https', [vpcOnly, https]), group('sg-http', [httpOnly]), group('sg-none', []), group('sg-app', [vpcOnly])],
  Reservations: [{ Instances: [
    instance('i-a', '10.0.1.10', ['sg-all', 'sg-app']),
    instance('i-b', '10.0.1.11', ['sg-all', 'sg-none', 'sg-http']),
    instance('i-c', '10.0.1.12', ['sg-http']),
    instance('i-d', '10.0.1.13', ['sg-http']),
    instance('i-e', '10.0.1.14', ['sg-http', 'sg-none']),
  ] }],
};
const model = buildModel(rawFromDocument(document, 'egress.json'));

test('the groups up to the first rule that allows every IPv4 peer on the port make the key', () => {
  const classes = new EgressClasses(model, 443);
  assert.is(classes.classOf(['sg-all', 'sg-app']).key, '["sg-all"]#0');
  assert.is(classes.classOf(['sg-all', 'sg-none', 'sg-http']).key, '["sg-all"]#0');
  assert.ok(classes.classOf(['sg-all', 'sg-app']) === classes.classOf(['sg-all', 'sg-none', 'sg-http']), 'one object per class');
  assert.equal(classes.classOf(['sg-all', 'sg-app']).rules.length, 1);
  // A narrower rule first: still part of what decides (10.0.0.0/16 is named for VPC peers).
  const https = classes.classOf(['sg-none', 'sg-https', 'sg-app']);
  assert.is(https.key, '["sg-none","sg-https"]#1');
  assert.is(https.rules.length, 2);
  // Port 80 only: nothing allows every peer on 443, so the whole list is the key (a denial names every group).
  assert.is(classes.classOf(['sg-http', 'sg-none']).key, '["sg-http","sg-none"]');
  assert.is(classes.classOf(['sg-app', 'sg-all']).key, '["sg-app","sg-all"]#0');
  assert.is(new EgressClasses(model, 80).classOf(['sg-http', 'sg-all']).key, '["sg-http"]#0');
});

test('instances whose groups decide alike share result objects; the others do not', () => {
  const evaluator = new Evaluator(model);
  const result = (id: string) => evaluator.evaluateInstance(model.instances.get(id)!);
  const [a, b, c, d, e] = ['i-a', 'i-b', 'i-c', 'i-d', 'i-e'].map(result);
  assert.is(a!.checks[0]!.verdict, 'reachable');
  assert.is(a!.checks[0]!.via, 'internet-gateway');
  assert.ok(b!.checks[0] === a!.checks[0], 'sg-all first: i-b reuses i-a\'s result');
  // sg-http alone blocks 443: the denial names the groups, so i-e (one group more) has its own.
  assert.is(c!.checks[0]!.verdict, 'blocked');
  assert.is(c!.checks[0]!.findings[0]!.resourceId, 'sg-http');
  assert.is(c!.checks[0]!.findings[0]!.code, 'ENI_SG_RULES_MISMATCH');
  assert.ok(d!.checks[0] === c!.checks[0], 'same groups: shared');
  assert.ok(e!.checks[0] !== c!.checks[0], 'more groups named in the denial: not shared');
  assert.match(e!.checks[0]!.findings[0]!.message, 'sg-http, sg-none');
  assert.not.match(c!.checks[0]!.findings[0]!.message, 'sg-none');
});

test('group ids are any text: a list is never taken for another whose ids join alike', () => {
  const classes = new EgressClasses(model, 443);
  const two = classes.classOf(['sg-all', 'sg-app']);
  // One group whose id holds a comma (not in the model): nothing allows 443, so it is its own class.
  const one = classes.classOf(['sg-all,sg-app']);
  assert.ok(one !== two);
  assert.is(one.rules.length, 0);
  // The model keeps such lists apart too (interfaces with equal lists share one).
  const odd = structuredClone(document);
  const instances = (odd.Reservations as Array<{ Instances: Json[] }>)[0]!.Instances;
  instances.push(instance('i-f', '10.0.1.15', ['sg-all,sg-app']));
  const built = buildModel(rawFromDocument(odd, 'egress.json'));
  assert.equal(built.networkInterfaces.get('eni-i-f')!.groupIds, ['sg-all,sg-app']);
  assert.equal(built.networkInterfaces.get('eni-i-a')!.groupIds, ['sg-all', 'sg-app']);
  const evaluator = new Evaluator(built);
  const f = evaluator.evaluateInstance(built.instances.get('i-f')!);
  assert.is(f.checks[0]!.verdict, 'unknown');
  assert.is(f.checks[0]!.findings[0]!.resourceId, 'sg-all,sg-app');
});

test.run();
