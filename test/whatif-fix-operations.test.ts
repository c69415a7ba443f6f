import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Evaluator } from '../src/eval/evaluate.ts';
import type { CheckName } from '../src/eval/types.ts';
import { fixOperations, freeRuleNumber } from '../src/explain/fix-operations.ts';
import type { Model } from '../src/model/types.ts';
import { applyChanges } from '../src/whatif/apply.ts';
import type { Operation } from '../src/whatif/operations.ts';
import { REACHABLE, outcomes, scenario, services } from './support/verdicts.ts';

const APP = 'i-0app000000000001';

/** The suggested operations for the first blocker of `check`. */
function suggestion(model: Model, instanceId: string, check: CheckName): Operation[] | undefined {
  const result = new Evaluator(model).evaluateInstance(model.instances.get(instanceId)!);
  const found = result.checks.find((c) => c.check === check)!;
  assert.is.not(found.verdict, 'reachable', `${check} is not reachable to begin with`);
  return fixOperations(model, found.findings[0]!, { instanceId, check });
}

/** Apply suggested fixes, one blocker at a time, until every check passes (at most `rounds`). */
function fixAll(model: Model, instanceId: string, rounds = 6): { model: Model; applied: Operation[] } {
  const applied: Operation[] = [];
  let current = model;
  for (let round = 0; round < rounds; round++) {
    const result = new Evaluator(current).evaluateInstance(current.instances.get(instanceId)!);
    const failing = result.checks.find((c) => c.verdict !== 'reachable');
    if (!failing) break;
    // The first blocker that has an obvious fix (an ambiguity can come first and has none).
    const ops = failing.findings.map((f) => fixOperations(current, f, { instanceId, check: failing.check })).find((o) => o !== undefined);
    if (!ops) break;
    current = applyChanges(current, ops);
    applied.push(...ops);
  }
  return { model: current, applied };
}

// Scenario → the exact first suggestion; applying the fixes one blocker at a time ends reachable.
const CASES: Array<{ name: string; check?: CheckName; first: Operation[] }> = [
  {
    name: '08-vpce-sg-allows-only-80',
    first: [{ op: 'add-security-group-rule', groupId: 'sg-0vpce00000000001', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.1.0/24' }],
  },
  {
    name: '36-nacl-deny-before-allow',
    first: [{ op: 'add-network-acl-entry', networkAclId: 'acl-0appsubnet000001', direction: 'outbound', ruleNumber: 80, action: 'allow', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.2.0/24' }],
  },
  {
    name: '06-nacl-ephemeral-partial-linux',
    first: [{ op: 'add-network-acl-entry', networkAclId: 'acl-0appsubnet000001', direction: 'inbound', ruleNumber: 200, action: 'allow', protocol: 'tcp', fromPort: 1024, toPort: 65535, cidr: '10.0.2.0/24' }],
  },
  {
    name: '18-nat-in-private-subnet',
    first: [{ op: 'add-route', routeTableId: 'rtb-0natpriv00000001', destination: '0.0.0.0/0', targetId: 'igw-0main000000000001' }],
  },
  { name: '24-igw-detached', first: [{ op: 'attach-internet-gateway', internetGatewayId: 'igw-0main000000000001', vpcId: 'vpc-0main00000000001' }] },
  { name: '25-more-specific-blackhole-halves', first: [{ op: 'remove-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/1' }] },
  {
    name: '16-no-ssmmessages-endpoint',
    check: 'ssmmessages',
    first: [{ op: 'add-interface-endpoint', service: 'com.amazonaws.us-east-1.ssmmessages', subnetIds: ['subnet-0vpce00000001'], groupIds: ['sg-0vpce00000000001'], privateDns: true }],
  },
  { name: '11-private-dns-off-no-egress', first: [{ op: 'set-endpoint-private-dns', endpointId: 'vpce-0ssm00000000001', enabled: true }] },
  { name: '13-dns-hostnames-off', first: [{ op: 'set-vpc-dns-attribute', vpcId: 'vpc-0main00000000001', attribute: 'enableDnsHostnames', enabled: true }] },
  { name: '14-dns-support-off', first: [{ op: 'set-vpc-dns-attribute', vpcId: 'vpc-0main00000000001', attribute: 'enableDnsSupport', enabled: true }] },
  { name: '42-imds-disabled', check: 'imds', first: [{ op: 'set-instance-metadata-options', instanceId: APP, httpEndpoint: 'enabled' }] },
  {
    name: '19-nat-failed-route-active',
    first: [
      { op: 'add-nat-gateway', natGatewayId: 'nat-whatif-1', subnetId: 'subnet-0public000001', connectivity: 'public', description: 'A new public NAT gateway in subnet-0public000001, a public subnet.' },
      { op: 'replace-route', routeTableId: 'rtb-0app0000000000001', destination: '0.0.0.0/0', targetId: 'nat-whatif-1' },
    ],
  },
];

for (const { name, check, first } of CASES) {
  test(`${name}: the suggested fix is exact, and fixing blocker by blocker ends reachable`, () => {
    const model = scenario(name);
    assert.equal(suggestion(model, APP, check ?? 'ssm'), first);
    const { model: fixed } = fixAll(model, APP);
    assert.equal(outcomes(fixed, APP), services(REACHABLE));
    // The input model is never changed.
    assert.is.not(outcomes(model, APP)[check ?? 'ssm']!.verdict, 'reachable');
  });
}

test('04: an Elastic IP placeholder on the instance interface', () => {
  const model = scenario('04-igw-instance-without-public-ip');
  const ops = suggestion(model, APP, 'ssm')!;
  assert.equal(ops.map((o) => o.op), ['set-public-ip']);
  assert.equal(outcomes(applyChanges(model, ops), APP), services(REACHABLE));
});

test('no obvious fix: appliances, failed endpoints, missing data', () => {
  assert.is(suggestion(scenario('28-middlebox-eni-source-dest-check'), APP, 'ssm'), undefined);
  assert.is(suggestion(scenario('45-vpce-failed'), APP, 'ssm'), undefined);
  assert.is(suggestion(scenario('57-route-to-missing-nat'), APP, 'ssm'), undefined);
  // No route, no NAT, no internet gateway, no endpoints to copy: nothing obvious.
  const { applied, model } = fixAll(scenario('43-imds-independent-of-network'), APP);
  assert.equal(outcomes(model, APP).ssm, { verdict: 'blocked', blocking: 'rtb-0app0000000000001', code: 'NO_ROUTE_TO_DESTINATION' });
  assert.equal(applied.map((o) => o.op), ['add-security-group-rule', 'add-network-acl-entry']);
});

test('freeRuleNumber: below a deny, or the next hundred under the default rule', () => {
  const model = scenario('36-nacl-deny-before-allow');
  const acl = model.networkAcls.get('acl-0appsubnet000001')!;
  assert.is(freeRuleNumber(acl, 'outbound', 90), 80);
  assert.is(freeRuleNumber(acl, 'outbound', 1), undefined);
  assert.is(freeRuleNumber(acl, 'outbound', undefined), 200);
  const crowded = applyChanges(model, [10, 20, 30, 40, 50, 60, 70, 80].map((ruleNumber): Operation => ({ op: 'add-network-acl-entry', networkAclId: acl.id, direction: 'outbound', ruleNumber, action: 'deny', protocol: 'udp', fromPort: 53, cidr: '0.0.0.0/0' }))).networkAcls.get(acl.id)!;
  assert.is(freeRuleNumber(crowded, 'outbound', 90), 89);
});

test.run();
