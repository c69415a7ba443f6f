import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Evaluator } from '../src/eval/evaluate.ts';
import { explainInstance } from '../src/explain/report.ts';

import type { RawSnapshot } from '../src/load/raw-snapshot.ts';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { rawBeforePlan, rawFromPlan, readTerraformPlanFile } from '../src/load/terraform-plan.ts';
import { readPlan } from '../src/load/terraform/plan-json.ts';
import { buildModel } from '../src/model/build-model.ts';
import type { Model } from '../src/model/types.ts';
import { runCli } from './support/run-cli.ts';
import type { Outcome } from './support/verdicts.ts';
import { REACHABLE, outcomes, services } from './support/verdicts.ts';

const FIXTURES = new URL('./fixtures/terraform/', import.meta.url).pathname;
const plan = (name: string) => readTerraformPlanFile(`${FIXTURES}${name}`);
const snapshot = (name: string) => loadSnapshotPath(`${FIXTURES}${name}`);
const model = (raw: RawSnapshot) => buildModel(raw);

test('a private VPC with the three endpoints, planned from scratch: reachable through the endpoints', () => {
  const m = model(rawFromPlan(plan('private-endpoints.plan.json')));
  assert.is(m.region, 'eu-west-1');
  assert.equal([...m.instances.keys()], ['tf:aws_instance.app']);
  assert.equal(outcomes(m, 'tf:aws_instance.app'), services(REACHABLE));
  const explained = explainInstance(m, new Evaluator(m).evaluateInstance(m.instances.get('tf:aws_instance.app')!));
  assert.equal(explained.checks.map((c) => c.result.via), ['interface-endpoint', 'interface-endpoint', 'interface-endpoint', 'link-local']);
  // for_each endpoints keep their keys; each gets an interface in the endpoint subnet.
  const endpoint = m.vpcEndpoints.get('tf:aws_vpc_endpoint.ssm["ssmmessages"]')!;
  assert.is(endpoint.serviceName, 'com.amazonaws.eu-west-1.ssmmessages');
  assert.equal(endpoint.subnetIds, ['tf:aws_subnet.endpoints']);
  assert.equal(endpoint.groupIds, ['tf:aws_security_group.endpoints']);
  assert.is(m.networkInterfaces.get(endpoint.networkInterfaceIds[0]!)!.subnetId, 'tf:aws_subnet.endpoints');
  // What AWS creates with a VPC is there, named after the attribute that will hold its id.
  assert.ok(m.networkAcls.get('tf:aws_vpc.main.default_network_acl_id')!.isDefault);
  assert.ok(m.routeTables.get('tf:aws_vpc.main.main_route_table_id')!.isMain);
  // The instance's configured IMDS options are used, not assumed.
  assert.is(m.instances.get('tf:aws_instance.app')!.metadata.httpTokens, 'required');
  assert.is(m.instances.get('tf:aws_instance.app')!.metadata.assumed, false);
});

test('the same plan with the endpoint group allowing 80 instead of 443: blocked at that group', () => {
  const m = model(rawFromPlan(plan('endpoint-sg-loses-443.plan.json')));
  const blocked: Outcome = { verdict: 'blocked', blocking: 'tf:aws_security_group.endpoints', code: 'ENI_SG_RULES_MISMATCH' };
  assert.equal(outcomes(m, 'tf:aws_instance.app'), services(blocked));
});

test('over a snapshot: the update plan takes 443 away from the real endpoint group', () => {
  const base = snapshot('endpoints-applied.snapshot.json');
  assert.equal(outcomes(model(base), 'i-0a40app0000000001'), services(REACHABLE));
  const after = model(rawFromPlan(plan('endpoint-sg-loses-443.update.plan.json'), base));
  assert.equal(outcomes(after, 'i-0a40app0000000001'), services({ verdict: 'blocked', blocking: 'sg-0a40vpce00000001', code: 'ENI_SG_RULES_MISMATCH' }));
  assert.equal(after.securityGroups.get('sg-0a40vpce00000001')!.ingress.map((r) => r.text), ['tcp 80 from 10.40.0.0/16']);
  // No-op resources left the snapshot's objects alone (its endpoint interfaces and addresses).
  assert.equal(after.vpcEndpoints.get('vpce-0a40ssm000000001')!.networkInterfaceIds, ['eni-0a40vpcessm00001']);
  assert.is(after.instances.size, 1);
  // The caller's raw snapshot is not modified.
  assert.equal(outcomes(model(base), 'i-0a40app0000000001'), services(REACHABLE));
});

test('over a snapshot: the NAT gateway replaced into the private subnet blocks at its route table (NAT-3)', () => {
  const base = snapshot('nat-applied.snapshot.json');
  assert.equal(outcomes(model(base), 'i-0a50app0000000001'), services(REACHABLE));
  const after = model(rawFromPlan(plan('nat-moves-to-private-subnet.plan.json'), base));
  const blocked: Outcome = { verdict: 'blocked', blocking: 'rtb-0a50private000001', code: 'NO_ROUTE_TO_DESTINATION' };
  assert.equal(outcomes(after, 'i-0a50app0000000001'), services(blocked));
  assert.ok(!after.natGateways.has('nat-0a50public00000001'), 'the replaced NAT gateway is gone');
  const nat = after.natGateways.get('tf:aws_nat_gateway.main')!;
  assert.is(nat.subnetId, 'subnet-0a50private00001');
  const route = after.routeTables.get('rtb-0a50private000001')!.routes.find((r) => r.destination.kind === 'cidr' && r.destination.range.text === '0.0.0.0/0')!;
  assert.equal(route.target, { kind: 'nat-gateway', id: 'tf:aws_nat_gateway.main' });
  const explained = explainInstance(after, new Evaluator(after).evaluateInstance(after.instances.get('i-0a50app0000000001')!));
  assert.match(explained.checks[0]!.blockingHop!.message, /sends the traffic to NAT gateway tf:aws_nat_gateway\.main instead of an internet gateway/);
});

test('the NAT plan alone: its prior state is reachable, its planned state blocked at the same table', () => {
  const p = plan('nat-moves-to-private-subnet.plan.json');
  assert.equal(outcomes(model(rawBeforePlan(p)), 'i-0a50app0000000001'), services(REACHABLE));
  const after = model(rawFromPlan(p));
  assert.equal(outcomes(after, 'i-0a50app0000000001'), services({ verdict: 'blocked', blocking: 'rtb-0a50private000001', code: 'NO_ROUTE_TO_DESTINATION' }));
  // A VPC the plan does not create: its defaults are assumed, and the user is told.
  assert.ok(after.warnings.some((w) => w.code === 'TERRAFORM_ASSUMED' && /aws_vpc\.main exists already/.test(w.message)));
});

test('CIDRs known only after apply: the service checks are unknown, naming the VPC resource address', () => {
  const m = model(rawFromPlan(plan('ipam-cidrs-unknown.plan.json')));
  const unknown: Outcome = { verdict: 'unknown', blocking: 'tf:aws_vpc.main', code: 'MISSING_DATA' };
  assert.equal(outcomes(m, 'tf:aws_instance.app'), services(unknown));
  const explained = explainInstance(m, new Evaluator(m).evaluateInstance(m.instances.get('tf:aws_instance.app')!));
  const ssm = explained.checks[0]!;
  assert.is(ssm.blockingHop!.rule, 'aws_vpc.main (known after apply)');
  assert.match(ssm.blockingHop!.message, /^aws_vpc\.main: cidr_block is known only after apply \(allocated from an IPAM pool\)/);
  assert.ok(ssm.blockers.some((b) => b.resourceId === 'tf:aws_subnet.app' && /aws_subnet\.app: cidr_block comes from aws_vpc\.main/.test(b.message)));
  assert.match(ssm.fix[0]!, /^Give aws_vpc\.main values Terraform knows at plan time/);
  assert.ok(m.unresolved!.get('tf:aws_security_group.endpoints')!.some((u) => u.address === 'aws_vpc_security_group_ingress_rule.endpoints_https'));
});

// ---- small plans written inline, for one mechanism each

interface Inline {
  address: string;
  type: string;
  name: string;
  index?: number | string;
  module?: string;
  after: Record<string, unknown>;
  unknown?: string[];
  actions?: string[];
}

function inlinePlan(resources: Inline[], config: Record<string, unknown>): ReturnType<typeof readPlan> {
  return readPlan({
    format_version: '1.2',
    planned_values: {},
    resource_changes: resources.map((r) => ({
      address: r.address, ...(r.module ? { module_address: r.module } : {}), mode: 'managed', type: r.type, name: r.name, ...(r.index === undefined ? {} : { index: r.index }),
      change: { actions: r.actions ?? ['create'], before: null, after: r.after, after_unknown: Object.fromEntries((r.unknown ?? []).map((k) => [k, true])) },
    })),
    configuration: { provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-2' } } } }, root_module: config },
  }, 'inline.json');
}

const res = (type: string, name: string, expressions: Record<string, unknown>) => ({ address: `${type}.${name}`, mode: 'managed', type, name, expressions });
const ref = (address: string) => ({ references: [`${address}.id`, address] });

test('references: count.index picks the same index; a module input resolves in the caller', () => {
  const p = inlinePlan([
    { address: 'aws_vpc.main', type: 'aws_vpc', name: 'main', after: { cidr_block: '10.9.0.0/16' }, unknown: ['id'] },
    ...[0, 1].map((i): Inline => ({ address: `module.net.aws_subnet.private[${i}]`, module: 'module.net', type: 'aws_subnet', name: 'private', index: i, after: { cidr_block: `10.9.${i}.0/24`, availability_zone: `us-east-2${'ab'[i]}` }, unknown: ['id', 'vpc_id'] })),
    ...[0, 1].map((i): Inline => ({ address: `module.net.aws_route_table.private[${i}]`, module: 'module.net', type: 'aws_route_table', name: 'private', index: i, after: {}, unknown: ['id', 'vpc_id', 'route'] })),
    ...[0, 1].map((i): Inline => ({ address: `module.net.aws_route_table_association.private[${i}]`, module: 'module.net', type: 'aws_route_table_association', name: 'private', index: i, after: {}, unknown: ['id', 'subnet_id', 'route_table_id'] })),
  ], {
    resources: [res('aws_vpc', 'main', {})],
    module_calls: {
      net: {
        expressions: { vpc_id: ref('aws_vpc.main') },
        module: {
          resources: [
            res('aws_subnet', 'private', { vpc_id: { references: ['var.vpc_id'] } }),
            res('aws_route_table', 'private', { vpc_id: { references: ['var.vpc_id'] } }),
            res('aws_route_table_association', 'private', { subnet_id: { references: ['aws_subnet.private', 'count.index'] }, route_table_id: { references: ['aws_route_table.private', 'count.index'] } }),
          ],
        },
      },
    },
  });
  const m = buildModel(rawFromPlan(p));
  assert.is(m.region, 'us-east-2');
  assert.is(m.subnets.get('tf:module.net.aws_subnet.private[1]')!.vpcId, 'tf:aws_vpc.main');
  assert.is(m.routeTables.get('tf:module.net.aws_route_table.private[1]')!.vpcId, 'tf:aws_vpc.main');
  assert.equal(m.routeTables.get('tf:module.net.aws_route_table.private[0]')!.subnetIds, ['tf:module.net.aws_subnet.private[0]']);
  assert.equal(m.routeTables.get('tf:module.net.aws_route_table.private[1]')!.subnetIds, ['tf:module.net.aws_subnet.private[1]']);
  assert.equal(m.warnings.filter((w) => w.code === 'TERRAFORM_ASSUMED'), []);
});

test('a stand-in address is exact unless a rule cuts through the subnet; then the checks are unknown', () => {
  const build = (aclCidr: string) => {
    const p = inlinePlan([
      { address: 'aws_vpc.main', type: 'aws_vpc', name: 'main', after: { cidr_block: '10.9.0.0/16', enable_dns_hostnames: true }, unknown: ['id', 'default_network_acl_id', 'main_route_table_id', 'default_security_group_id'] },
      { address: 'aws_subnet.app', type: 'aws_subnet', name: 'app', after: { cidr_block: '10.9.1.0/24', availability_zone: 'us-east-2a' }, unknown: ['id', 'vpc_id'] },
      { address: 'aws_network_acl.app', type: 'aws_network_acl', name: 'app', after: { ingress: [{ rule_no: 100, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' }], egress: [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 443, to_port: 443, cidr_block: aclCidr }] }, unknown: ['id', 'vpc_id', 'subnet_ids'] },
      { address: 'aws_instance.app', type: 'aws_instance', name: 'app', after: { associate_public_ip_address: false }, unknown: ['id', 'subnet_id', 'private_ip', 'vpc_security_group_ids'] },
    ], {
      resources: [
        res('aws_vpc', 'main', {}),
        res('aws_subnet', 'app', { vpc_id: ref('aws_vpc.main') }),
        res('aws_network_acl', 'app', { vpc_id: ref('aws_vpc.main'), subnet_ids: ref('aws_subnet.app') }),
        res('aws_instance', 'app', { subnet_id: ref('aws_subnet.app') }),
      ],
    });
    return buildModel(rawFromPlan(p));
  };
  // The ACL lets HTTPS out only to 10.9.0.0/16, which holds the whole subnet: every address of
  // 10.9.1.0/24 is treated alike, so the stand-in is exact (and SSM's public addresses are denied).
  const whole = build('10.9.0.0/16');
  assert.equal(outcomes(whole, 'tf:aws_instance.app').ssm, { verdict: 'blocked', blocking: 'tf:aws_network_acl.app', code: 'SUBNET_ACL_RESTRICTION' });
  assert.is(whole.unresolved, undefined);
  // An entry for 10.9.1.0/25 splits the subnet: the instance's address decides, and it is unknown.
  const split = build('10.9.1.0/25');
  assert.equal(outcomes(split, 'tf:aws_instance.app').ssm, { verdict: 'unknown', blocking: 'tf:aws_instance.app', code: 'MISSING_DATA' });
  assert.equal(outcomes(split, 'tf:aws_instance.app').imds, REACHABLE);
  assert.match(split.unresolved!.get('tf:aws_instance.app')![0]!.reason, /tf:aws_network_acl\.app treats addresses inside 10\.9\.1\.0\/24 differently \(10\.9\.1\.0\/25\)/);
});

test('a security group rule whose peer is known only after apply: unknown where no known rule allows', () => {
  const p = inlinePlan([
    { address: 'aws_vpc.main', type: 'aws_vpc', name: 'main', after: { cidr_block: '10.9.0.0/16' }, unknown: ['id'] },
    { address: 'aws_subnet.app', type: 'aws_subnet', name: 'app', after: { cidr_block: '10.9.1.0/24' }, unknown: ['id', 'vpc_id'] },
    { address: 'aws_security_group.app', type: 'aws_security_group', name: 'app', after: { name: 'app', ingress: [], egress: [] }, unknown: ['id', 'vpc_id'] },
    { address: 'aws_eip.proxy', type: 'aws_eip', name: 'proxy', after: { domain: 'vpc' }, unknown: ['id', 'public_ip'] },
    { address: 'aws_security_group_rule.to_proxy', type: 'aws_security_group_rule', name: 'to_proxy', after: { type: 'egress', protocol: 'tcp', from_port: 443, to_port: 443 }, unknown: ['id', 'cidr_blocks', 'security_group_id'] },
    { address: 'aws_instance.app', type: 'aws_instance', name: 'app', after: { private_ip: '10.9.1.20', associate_public_ip_address: false }, unknown: ['id', 'subnet_id', 'vpc_security_group_ids'] },
  ], {
    resources: [
      res('aws_vpc', 'main', {}),
      res('aws_subnet', 'app', { vpc_id: ref('aws_vpc.main') }),
      res('aws_security_group', 'app', { vpc_id: ref('aws_vpc.main') }),
      res('aws_eip', 'proxy', {}),
      res('aws_security_group_rule', 'to_proxy', { security_group_id: ref('aws_security_group.app'), cidr_blocks: { references: ['aws_eip.proxy.public_ip', 'aws_eip.proxy'] } }),
      res('aws_instance', 'app', { subnet_id: ref('aws_subnet.app'), vpc_security_group_ids: ref('aws_security_group.app') }),
    ],
  });
  const m = buildModel(rawFromPlan(p));
  assert.equal(outcomes(m, 'tf:aws_instance.app').ssm, { verdict: 'unknown', blocking: 'tf:aws_security_group.app', code: 'MISSING_DATA' });
  assert.match(m.unresolved!.get('tf:aws_security_group.app')![0]!.reason, /aws_security_group_rule\.to_proxy: cidr_blocks comes from aws_eip\.proxy: public_ip is known only after apply/);
});

test('bad plans are input errors naming the file', async () => {
  const run = await runCli(['check', '--terraform-plan', `${FIXTURES}endpoints-applied.snapshot.json`]);
  assert.is(run.code, 2);
  assert.match(run.stderr, /endpoints-applied\.snapshot\.json: \$: is not a Terraform plan: it has neither planned_values nor resource_changes/);
  const missing = await runCli(['check', '--terraform-plan', '/nonexistent/plan.json']);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /^ssm-reach: \/nonexistent\/plan\.json: /);
});

test('check --terraform-plan alone and over a snapshot: exit codes and the source', async () => {
  const good = await runCli(['check', '--terraform-plan', `${FIXTURES}private-endpoints.plan.json`, '--output', 'json']);
  assert.is(good.code, 0, good.stderr);
  const json = JSON.parse(good.stdout);
  assert.equal(json.source, { kind: 'terraform-plan', region: 'eu-west-1', path: `${FIXTURES}private-endpoints.plan.json` });
  const bad = await runCli(['check', '--terraform-plan', `${FIXTURES}endpoint-sg-loses-443.plan.json`]);
  assert.is(bad.code, 1);
  const over = await runCli(['check', '--snapshot', `${FIXTURES}nat-applied.snapshot.json`, '--terraform-plan', `${FIXTURES}nat-moves-to-private-subnet.plan.json`, '--output', 'json']);
  assert.is(over.code, 1);
  const overJson = JSON.parse(over.stdout);
  assert.is(overJson.source.kind, 'snapshot');
  assert.is(overJson.source.terraformPlan, `${FIXTURES}nat-moves-to-private-subnet.plan.json`);
  assert.is(overJson.results[0].checks[0].blockingHop.resourceId, 'rtb-0a50private000001');
  // Unknown passes unless --strict (DESIGN.md §3).
  assert.is((await runCli(['check', '--terraform-plan', `${FIXTURES}ipam-cidrs-unknown.plan.json`])).code, 0);
  assert.is((await runCli(['check', '--terraform-plan', `${FIXTURES}ipam-cidrs-unknown.plan.json`, '--strict'])).code, 1);
});

// ---- real plans from public projects (skipped without ../shared)

const REAL = new URL('../../shared/realworld/terraform-plans/', import.meta.url).pathname;
const real = existsSync(REAL) ? test : test.skip;

function evaluateAll(m: Model): Map<string, string[]> {
  const evaluator = new Evaluator(m);
  return new Map([...m.instances.values()].map((i) => [i.id, evaluator.evaluateInstance(i).checks.map((c) => `${c.check}:${c.verdict}:${c.via}`)]));
}

real('real plan (checkov runner): two instances in a public subnet reach SSM through the internet gateway', () => {
  const m = buildModel(rawFromPlan(readTerraformPlanFile(`${REAL}checkov-runner-tfplan.json`)));
  assert.is(m.region, 'us-west-2');
  const results = evaluateAll(m);
  assert.equal([...results.keys()].sort(), ['tf:aws_instance.db_app', 'tf:aws_instance.web_host']);
  for (const checks of results.values()) assert.equal(checks, ['ssm:reachable:internet-gateway', 'ec2messages:reachable:internet-gateway', 'ssmmessages:reachable:internet-gateway', 'imds:reachable:link-local']);
  // Rules of aws_security_group_rule resources land in their group.
  assert.equal(m.securityGroups.get('tf:aws_security_group.default')!.ingress.map((r) => r.text), ['tcp 3306 from 172.16.0.0/16']);
});

real('real plan (terraform-aws-modules/vpc): private route tables reach their NAT gateway by count.index', () => {
  const m = buildModel(rawFromPlan(readTerraformPlanFile(`${REAL}terraform-compliance-issue-158-plan.json`)));
  assert.is(m.region, 'eu-west-1');
  assert.is(m.instances.size, 0);
  for (const i of [0, 1, 2]) {
    const table = m.routeTables.get(`tf:module.vpc.aws_route_table.private[${i}]`)!;
    assert.equal(table.subnetIds, [`tf:module.vpc.aws_subnet.private[${i}]`]);
    assert.ok(table.routes.some((r) => r.target.kind === 'nat-gateway' && r.target.id === `tf:module.vpc.aws_nat_gateway.this[${i}]`));
    assert.is(m.natGateways.get(`tf:module.vpc.aws_nat_gateway.this[${i}]`)!.subnetId, `tf:module.vpc.aws_subnet.public[${i}]`);
  }
  const publicTable = m.routeTables.get('tf:module.vpc.aws_route_table.public[0]')!;
  assert.ok(publicTable.routes.some((r) => r.target.kind === 'internet-gateway' && r.target.id === 'tf:module.vpc.aws_internet_gateway.this[0]'));
  // vpc_id comes from a local value: the only VPC is assumed, and said so.
  assert.ok(m.warnings.some((w) => w.code === 'TERRAFORM_ASSUMED' && w.message.startsWith('module.vpc.aws_subnet.private[0]: vpc_id')));
});

real('real plan (checkov, one endpoint without VPC): loads, leaves the endpoint out with a note', () => {
  const m = buildModel(rawFromPlan(readTerraformPlanFile(`${REAL}checkov-vpc-endpoint-tfplan.json`)));
  assert.is(m.vpcEndpoints.size, 0);
  assert.ok(m.warnings.some((w) => w.code === 'TERRAFORM_UNPLACED' && /aws_vpc_endpoint\.test/.test(w.message)));
});


test.run();
