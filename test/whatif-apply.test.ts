import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';
import { applyChanges } from '../src/whatif/apply.ts';
import type { Operation } from '../src/whatif/operations.ts';
import { WhatIfError } from '../src/whatif/what-if-error.ts';
import { DEMO } from './support/snapshots.ts';
import { REACHABLE, outcomes, scenario, services } from './support/verdicts.ts';

const APP = 'i-0app000000000001';
const BROKEN = 'i-0demobroken000001';
const demo = () => buildModel(loadSnapshotPath(DEMO));

function whatIfError(run: () => unknown): WhatIfError {
  try {
    run();
  } catch (error) {
    if (error instanceof WhatIfError) return error;
    throw error;
  }
  throw new Error('expected a WhatIfError');
}

test('add-security-group-rule opens the demo endpoint group; the input model is untouched', () => {
  const before = demo();
  const rulesBefore = before.securityGroups.get('sg-0demoendpoints001')!.ingress.length;
  const after = applyChanges(before, [{ op: 'add-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.20.3.0/24' }]);
  assert.equal(outcomes(after, BROKEN), services(REACHABLE));
  // Pure: the original still blocks, and its group still has its old rules.
  assert.equal(outcomes(before, BROKEN).ssm, { verdict: 'blocked', blocking: 'sg-0demoendpoints001', code: 'ENI_SG_RULES_MISMATCH' });
  assert.is(before.securityGroups.get('sg-0demoendpoints001')!.ingress.length, rulesBefore);
  assert.is(after.securityGroups.get('sg-0demoendpoints001')!.ingress.length, rulesBefore + 1);
  // Unchanged objects are shared, edited ones are copies.
  assert.is(after.subnets.get('subnet-0demoapp000001'), before.subnets.get('subnet-0demoapp000001'));
  assert.is.not(after.securityGroups.get('sg-0demoendpoints001'), before.securityGroups.get('sg-0demoendpoints001'));
  assert.equal(after.securityGroups.get('sg-0demoendpoints001')!.ingress.at(-1)!.origin, { file: 'what-if', path: '$.operations[0]' });
});

test('remove-security-group-rule cuts the healthy demo instance off at the endpoint group', () => {
  const after = applyChanges(demo(), [{ op: 'remove-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, cidr: '10.20.1.0/24' }]);
  assert.equal(outcomes(after, 'i-0demohealthy00001').ssm, { verdict: 'blocked', blocking: 'sg-0demoendpoints001', code: 'ENI_SG_RULES_MISMATCH' });
});

test('a rule that is not there, or already there, is an error naming the group', () => {
  const missing = whatIfError(() => applyChanges(demo(), [{ op: 'remove-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 22, cidr: '0.0.0.0/0' }]));
  assert.is(missing.index, 0);
  assert.is(missing.id, 'sg-0demoendpoints001');
  assert.match(missing.message, /^\$\.operations\[0\]: security group sg-0demoendpoints001 has no ingress rule tcp 22 from 0\.0\.0\.0\/0/);
  const twice = whatIfError(() => applyChanges(demo(), [{ op: 'add-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, cidr: '10.20.1.0/24' }]));
  assert.match(twice.problem, /already has the ingress rule tcp 443 from 10\.20\.1\.0\/24/);
});

test('an unknown id fails with the operation index and the id', () => {
  const ops: Operation[] = [
    { op: 'set-vpc-dns-attribute', vpcId: 'vpc-0demo000000000001', attribute: 'enableDnsHostnames', enabled: true },
    { op: 'set-endpoint-private-dns', endpointId: 'vpce-0demossm000000000', enabled: true },
    { op: 'set-instance-metadata-options', instanceId: BROKEN, httpTokens: 'required' },
    { op: 'add-security-group-rule', groupId: 'sg-123', direction: 'ingress', protocol: 'tcp', fromPort: 443, cidr: '10.0.1.0/24' },
  ];
  const error = whatIfError(() => applyChanges(demo(), ops));
  assert.is(error.index, 3);
  assert.is(error.id, 'sg-123');
  assert.is(error.message, '$.operations[3]: security group sg-123 is not in the model.');
});

test('later operations see what earlier ones created', () => {
  const model = scenario('16-no-ssmmessages-endpoint');
  const after = applyChanges(model, [
    { op: 'add-nat-gateway', natGatewayId: 'nat-0new', subnetId: 'subnet-0vpce00000001' },
    { op: 'add-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/0', targetId: 'nat-0new' },
  ]);
  // The NAT gateway sits in a subnet whose (main) route table has no internet route (NAT-3).
  assert.equal(outcomes(after, APP).ssmmessages, { verdict: 'blocked', blocking: 'rtb-0main0000000000001', code: 'NO_ROUTE_TO_DESTINATION' });
  assert.equal(outcomes(after, APP).ssm, REACHABLE);
});

test('add-interface-endpoint creates the missing ssmmessages endpoint with an interface in the subnet', () => {
  const model = scenario('16-no-ssmmessages-endpoint');
  const after = applyChanges(model, [{ op: 'add-interface-endpoint', service: 'ssmmessages', subnetIds: ['subnet-0vpce00000001'], groupIds: ['sg-0vpce00000000001'] }]);
  assert.equal(outcomes(after, APP), services(REACHABLE));
  const endpoint = after.vpcEndpoints.get('vpce-whatif-ssmmessages-1')!;
  assert.is(endpoint.serviceName, 'com.amazonaws.us-east-1.ssmmessages');
  assert.is(endpoint.privateDnsEnabled, true);
  const eni = after.networkInterfaces.get(endpoint.networkInterfaceIds[0]!)!;
  assert.is(eni.subnetId, 'subnet-0vpce00000001');
  assert.ok(!model.vpcEndpoints.has('vpce-whatif-ssmmessages-1'));
  // Then removing it again restores the blocker.
  const removed = applyChanges(after, [{ op: 'remove-interface-endpoint', endpointId: 'vpce-whatif-ssmmessages-1' }]);
  assert.equal(outcomes(removed, APP).ssmmessages, { verdict: 'blocked', blocking: 'rtb-0app0000000000001', code: 'NO_ROUTE_TO_DESTINATION' });
  assert.ok(!removed.networkInterfaces.has(eni.id));
});

test('add-interface-endpoint without groups uses the default group; a second private-DNS endpoint is refused', () => {
  const model = scenario('16-no-ssmmessages-endpoint');
  const after = applyChanges(model, [{ op: 'add-interface-endpoint', service: 'ssmmessages', subnetIds: ['subnet-0vpce00000001'], endpointId: 'vpce-0mine' }]);
  assert.equal(after.vpcEndpoints.get('vpce-0mine')!.groupIds, ['sg-0default00000001']);
  const clash = whatIfError(() => applyChanges(model, [{ op: 'add-interface-endpoint', service: 'ssm', subnetIds: ['subnet-0vpce00000001'] }]));
  assert.is(clash.id, 'vpce-0ssm00000000001');
});

test('set-endpoint-private-dns and set-vpc-dns-attribute', () => {
  const off = scenario('11-private-dns-off-no-egress');
  const on = applyChanges(off, [
    { op: 'set-endpoint-private-dns', endpointId: 'vpce-0ssm00000000001', enabled: true },
    { op: 'set-endpoint-private-dns', endpointId: 'vpce-0ec2msg0000001', enabled: true },
  ]);
  const result = outcomes(on, APP);
  assert.equal(result.ssm, REACHABLE);
  assert.equal(result.ec2messages, REACHABLE);
  assert.equal(result.ssmmessages, { verdict: 'blocked', blocking: 'vpce-0ssmmsg0000001', code: 'PRIVATE_DNS_DISABLED' });

  const hostnamesOff = scenario('13-dns-hostnames-off');
  const fixed = applyChanges(hostnamesOff, [{ op: 'set-vpc-dns-attribute', vpcId: 'vpc-0main00000000001', attribute: 'enableDnsHostnames', enabled: true }]);
  assert.equal(outcomes(fixed, APP), services(REACHABLE));
  const noDns = applyChanges(scenario('01-ep-baseline'), [{ op: 'set-vpc-dns-attribute', vpcId: 'vpc-0main00000000001', attribute: 'enableDnsSupport', enabled: false }]);
  assert.equal(outcomes(noDns, APP).ssm, { verdict: 'blocked', blocking: 'vpc-0main00000000001', code: 'DNS_RESOLUTION_FAILED' });
});

test('network ACL entries: add a deny below the allow, remove it again', () => {
  const base = scenario('01-ep-baseline');
  const denied = applyChanges(base, [{ op: 'add-network-acl-entry', networkAclId: 'acl-0default00000001', direction: 'outbound', ruleNumber: 50, action: 'deny', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.2.0/24' }]);
  assert.equal(outcomes(denied, APP).ssm, { verdict: 'blocked', blocking: 'acl-0default00000001', code: 'SUBNET_ACL_RESTRICTION' });
  assert.equal(denied.networkAcls.get('acl-0default00000001')!.outbound.map((e) => e.ruleNumber).slice(0, 2), [50, 100]);
  const restored = applyChanges(denied, [{ op: 'remove-network-acl-entry', networkAclId: 'acl-0default00000001', direction: 'outbound', ruleNumber: 50 }]);
  assert.equal(outcomes(restored, APP), services(REACHABLE));
  const taken = whatIfError(() => applyChanges(base, [{ op: 'add-network-acl-entry', networkAclId: 'acl-0default00000001', direction: 'inbound', ruleNumber: 100, action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' }]));
  assert.match(taken.problem, /already has inbound rule 100 allow all traffic from 0\.0\.0\.0\/0/);
});

test('associate-network-acl moves the subnet to another ACL', () => {
  const model = scenario('36-nacl-deny-before-allow');
  assert.equal(outcomes(model, APP).ssm!.blocking, 'acl-0appsubnet000001');
  const defaultAcl = [...model.networkAcls.values()].find((acl) => acl.isDefault)!.id;
  const moved = applyChanges(model, [{ op: 'associate-network-acl', subnetId: 'subnet-0app000000001', networkAclId: defaultAcl }]);
  assert.equal(outcomes(moved, APP), services(REACHABLE));
  assert.ok(!moved.networkAcls.get('acl-0appsubnet000001')!.subnetIds.includes('subnet-0app000000001'));
  assert.ok(model.networkAcls.get('acl-0appsubnet000001')!.subnetIds.includes('subnet-0app000000001'));
});

test('routes: replace the NAT route with the internet gateway, remove it, associate another table', () => {
  const nat = scenario('02-nat-baseline');
  const viaIgw = applyChanges(nat, [{ op: 'replace-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/0', targetId: 'igw-0main000000000001' }]);
  assert.equal(outcomes(viaIgw, APP).ssm, { verdict: 'blocked', blocking: 'igw-0main000000000001', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS' });
  const noRoute = applyChanges(nat, [{ op: 'remove-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/0' }]);
  assert.equal(outcomes(noRoute, APP).ssm, { verdict: 'blocked', blocking: 'rtb-0app0000000000001', code: 'NO_ROUTE_TO_DESTINATION' });
  const main = applyChanges(nat, [{ op: 'associate-route-table', subnetId: 'subnet-0app000000001', routeTableId: 'rtb-0main0000000000001' }]);
  assert.equal(outcomes(main, APP).ssm, { verdict: 'blocked', blocking: 'rtb-0main0000000000001', code: 'NO_ROUTE_TO_DESTINATION' });
  const duplicate = whatIfError(() => applyChanges(nat, [{ op: 'add-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/0', targetId: 'igw-0main000000000001' }]));
  assert.match(duplicate.problem, /already has a route for 0\.0\.0\.0\/0 .*use replace-route/);
  const badTarget = whatIfError(() => applyChanges(nat, [{ op: 'add-route', routeTableId: 'rtb-0app0000000000001', destination: '10.9.0.0/16', targetId: 'nat-0nothere' }]));
  assert.is(badTarget.message, '$.operations[0]: NAT gateway nat-0nothere is not in the model.');
  const local = whatIfError(() => applyChanges(nat, [{ op: 'remove-route', routeTableId: 'rtb-0app0000000000001', destination: '10.0.0.0/16' }]));
  assert.match(local.problem, /local route/);
});

test('remove-nat-gateway leaves a blackhole route; add-nat-gateway with the same id revives it', () => {
  const nat = scenario('02-nat-baseline');
  const gone = applyChanges(nat, [{ op: 'remove-nat-gateway', natGatewayId: 'nat-0public0000000001' }]);
  assert.equal(outcomes(gone, APP).ssm, { verdict: 'blocked', blocking: 'rtb-0app0000000000001', code: 'BAD_STATE_ROUTE' });
  const back = applyChanges(gone, [{ op: 'add-nat-gateway', natGatewayId: 'nat-0public0000000001', subnetId: 'subnet-0public000001' }]);
  assert.equal(outcomes(back, APP), services(REACHABLE));
  const privateNat = applyChanges(nat, [
    { op: 'add-nat-gateway', natGatewayId: 'nat-0private', subnetId: 'subnet-0public000001', connectivity: 'private' },
    { op: 'replace-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/0', targetId: 'nat-0private' },
  ]);
  assert.equal(outcomes(privateNat, APP).ssm, { verdict: 'blocked', blocking: 'nat-0private', code: 'NAT_PRIVATE_NO_INTERNET' });
});

test('internet gateways: detach blackholes the routes, attach restores them', () => {
  const igw = scenario('03-igw-baseline');
  const detached = applyChanges(igw, [{ op: 'detach-internet-gateway', internetGatewayId: 'igw-0main000000000001', vpcId: 'vpc-0main00000000001' }]);
  const expected = { verdict: 'blocked', blocking: 'rtb-0public000000001', code: 'BAD_STATE_ROUTE' };
  const instanceId = [...igw.instances.keys()][0]!;
  assert.equal(outcomes(detached, instanceId).ssm, expected);
  const again = applyChanges(detached, [{ op: 'attach-internet-gateway', internetGatewayId: 'igw-0main000000000001', vpcId: 'vpc-0main00000000001' }]);
  assert.equal(outcomes(again, instanceId), services(REACHABLE));
  const unknown = whatIfError(() => applyChanges(detached, [{ op: 'attach-internet-gateway', internetGatewayId: 'igw-0new', vpcId: 'vpc-0main00000000001' }]));
  assert.match(unknown.problem, /igw-0new is not in the model \(add "create": true/);
  const created = applyChanges(detached, [{ op: 'attach-internet-gateway', internetGatewayId: 'igw-0new', vpcId: 'vpc-0main00000000001', create: true }]);
  assert.equal(created.internetGateways.get('igw-0new')!.attachedVpcIds, ['vpc-0main00000000001']);
});

test('set-public-ip: without a public address the IGW path fails; with one it works', () => {
  const model = scenario('04-igw-instance-without-public-ip');
  assert.equal(outcomes(model, APP).ssm!.blocking, 'igw-0main000000000001');
  const withIp = applyChanges(model, [{ op: 'set-public-ip', instanceId: APP, publicIp: '203.0.113.10' }]);
  assert.equal(outcomes(withIp, APP), services(REACHABLE));
  const without = applyChanges(withIp, [{ op: 'set-public-ip', instanceId: APP, publicIp: null }]);
  assert.equal(outcomes(without, APP).ssm, { verdict: 'blocked', blocking: 'igw-0main000000000001', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS' });
});

test('set-network-interface-groups: an instance group without egress blocks at the instance side', () => {
  const model = scenario('01-ep-baseline');
  const noEgress = applyChanges(model, [
    { op: 'remove-security-group-rule', groupId: 'sg-0default00000001', direction: 'egress', protocol: 'all', cidr: '0.0.0.0/0' },
    { op: 'set-network-interface-groups', instanceId: APP, groupIds: ['sg-0default00000001'] },
  ]);
  assert.equal(outcomes(noEgress, APP).ssm, { verdict: 'blocked', blocking: 'sg-0default00000001', code: 'ENI_SG_RULES_MISMATCH' });
  const empty = whatIfError(() => applyChanges(model, [{ op: 'set-network-interface-groups', instanceId: APP, groupIds: [] }]));
  assert.match(empty.problem, /at least one security group/);
});

test('set-instance-metadata-options turns IMDS off and on', () => {
  const model = scenario('42-imds-disabled');
  assert.equal(outcomes(model, APP).imds, { verdict: 'blocked', blocking: APP, code: 'IMDS_DISABLED' });
  const on = applyChanges(model, [{ op: 'set-instance-metadata-options', instanceId: APP, httpEndpoint: 'enabled', httpTokens: 'required' }]);
  assert.equal(outcomes(on, APP).imds, REACHABLE);
  assert.is(on.instances.get(APP)!.metadata.httpTokens, 'required');
  const off = applyChanges(on, [{ op: 'set-instance-metadata-options', instanceId: 'i-0legacy000000001', httpEndpoint: 'disabled' }]);
  assert.equal(outcomes(off, 'i-0legacy000000001').imds, { verdict: 'blocked', blocking: 'i-0legacy000000001', code: 'IMDS_DISABLED' });
  const range = whatIfError(() => applyChanges(model, [{ op: 'set-instance-metadata-options', instanceId: APP, hopLimit: 65 }]));
  assert.match(range.problem, /hopLimit 65 is out of range/);
});

test('value errors: protocol, ports, CIDR', () => {
  const model = demo();
  const rule = { op: 'add-security-group-rule', groupId: 'sg-0demoapp000000001', direction: 'egress' } as const;
  assert.match(whatIfError(() => applyChanges(model, [{ ...rule, protocol: 'tcpp', fromPort: 1, cidr: '0.0.0.0/0' }])).problem, /"tcpp" is not a protocol/);
  assert.match(whatIfError(() => applyChanges(model, [{ ...rule, protocol: 'tcp', cidr: '0.0.0.0/0' }])).problem, /tcp needs fromPort/);
  assert.match(whatIfError(() => applyChanges(model, [{ ...rule, protocol: 'tcp', fromPort: 500, toPort: 400, cidr: '0.0.0.0/0' }])).problem, /ends before it starts/);
  assert.match(whatIfError(() => applyChanges(model, [{ ...rule, protocol: 'tcp', fromPort: 443, cidr: '10.0.0.0/33' }])).problem, /is not an IPv4 CIDR block/);
});

test.run();
