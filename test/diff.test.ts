import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Evaluator } from '../src/eval/evaluate.ts';
import { diffExitCode, diffInstances } from '../src/explain/diff.ts';
import { explainInstance } from '../src/explain/report.ts';
import type { Model } from '../src/model/types.ts';
import { applyChanges } from '../src/whatif/apply.ts';
import { runCli } from './support/run-cli.ts';
import { DEMO, demoDocument, writeTemp } from './support/snapshots.ts';
import { scenario } from './support/verdicts.ts';

const FIXTURES = new URL('./fixtures/terraform/', import.meta.url).pathname;
const EXAMPLE = new URL('../examples/what-if/open-endpoint-sg.json', import.meta.url).pathname;
const HEALTHY = 'i-0demohealthy00001';
const BROKEN = 'i-0demobroken000001';

const breakEndpoints = () =>
  writeTemp('break.json', JSON.stringify({ version: 1, operations: [{ op: 'remove-security-group-rule', groupId: 'sg-0demoendpoints001', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.20.1.0/24' }] }));

function explained(model: Model) {
  const evaluator = new Evaluator(model);
  return [...model.instances.values()].map((i) => explainInstance(model, evaluator.evaluateInstance(i)));
}

test('a fix: the broken demo instance is fixed, nothing regresses, exit 0', async () => {
  const run = await runCli(['diff', '--snapshot', DEMO, '--what-if', EXAMPLE, '--output', 'json']);
  assert.is(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  assert.is(json.kind, 'diff');
  assert.equal(json.summary, { regressions: 0, fixed: 3, changed: 0, added: 0, removed: 0, unchanged: 5, failingAfter: 0, unknownAfter: 0 });
  assert.equal(json.changes.map((c: any) => [c.instanceId, c.check, c.change]), [[BROKEN, 'ssm', 'fixed'], [BROKEN, 'ec2messages', 'fixed'], [BROKEN, 'ssmmessages', 'fixed']]);
  const first = json.changes[0];
  assert.equal([first.before.verdict, first.before.blockingHop.resourceId, first.after.verdict, first.after.via], ['blocked', 'sg-0demoendpoints001', 'reachable', 'interface-endpoint']);
  assert.equal(json.after.whatIf, EXAMPLE);
});

test('a regression: reachable → blocked fails by default; --fail-on never and blocked decide otherwise', async () => {
  const change = breakEndpoints();
  const run = await runCli(['diff', '--snapshot', DEMO, '--what-if', change]);
  assert.is(run.code, 1);
  assert.match(run.stdout, /✗ regression i-0demohealthy00001 \(web-1\)  ssm, ec2messages, ssmmessages: reachable via interface-endpoint → blocked at sg-0demoendpoints001 \(ENI_SG_RULES_MISMATCH\)\n/);
  assert.match(run.stdout, /fix: Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10\.20\.1\.0\/24/);
  assert.match(run.stdout, /Diff: 3 regressions, 0 fixed, 0 changed, 0 added, 0 removed; 5 checks unchanged\.\n$/);
  // The broken instance stays broken: unchanged, so not shown.
  assert.not.match(run.stdout, new RegExp(BROKEN));
  assert.is((await runCli(['diff', '--snapshot', DEMO, '--what-if', change, '--fail-on', 'never'])).code, 0);
  assert.is((await runCli(['diff', '--snapshot', DEMO, '--what-if', change, '--fail-on', 'blocked'])).code, 1);
  // A fix leaves nothing blocked, so even --fail-on blocked passes; the demo as it is fails it.
  assert.is((await runCli(['diff', '--snapshot', DEMO, '--what-if', EXAMPLE, '--fail-on', 'blocked'])).code, 0);
  const noop = writeTemp('noop.json', JSON.stringify({ version: 1, operations: [] }));
  const unchanged = await runCli(['diff', '--snapshot', DEMO, '--what-if', noop, '--fail-on', 'blocked']);
  assert.is(unchanged.code, 1);
  assert.match(unchanged.stdout, /No check changed\./);
  assert.is((await runCli(['diff', '--snapshot', DEMO, '--what-if', noop])).code, 0);
});

test('two snapshots: an instance added blocked is breaking, one removed is not', async () => {
  const doc = demoDocument();
  const after = demoDocument();
  // The healthy instance is gone; a copy of the broken one appears under a new id.
  const copy = structuredClone(after.Reservations[0].Instances[1]);
  copy.InstanceId = 'i-0demonew000000001';
  copy.NetworkInterfaces[0].NetworkInterfaceId = 'eni-0demonew000001';
  after.Reservations[0].Instances = [after.Reservations[0].Instances[1], copy];
  const beforePath = writeTemp('before.json', JSON.stringify(doc));
  const afterPath = writeTemp('after.json', JSON.stringify(after));
  const run = await runCli(['diff', '--snapshot', beforePath, '--after', afterPath, '--output', 'json']);
  assert.is(run.code, 1);
  const json = JSON.parse(run.stdout);
  assert.equal(json.summary, { regressions: 0, fixed: 0, changed: 0, added: 4, removed: 4, unchanged: 4, failingAfter: 6, unknownAfter: 0 });
  const added = json.changes.filter((c: any) => c.change === 'added');
  assert.equal(added.map((c: any) => [c.instanceId, c.check, c.breaking]), [['i-0demonew000000001', 'ssm', true], ['i-0demonew000000001', 'ec2messages', true], ['i-0demonew000000001', 'ssmmessages', true], ['i-0demonew000000001', 'imds', false]]);
  assert.ok(json.changes.filter((c: any) => c.change === 'removed').every((c: any) => c.instanceId === HEALTHY && !c.breaking && c.after === null));
});

test('a changed blocker (blocked at one place → another) is a change, not a regression', () => {
  const base = scenario('36-nacl-deny-before-allow');
  const after = applyChanges(base, [
    { op: 'add-network-acl-entry', networkAclId: 'acl-0appsubnet000001', direction: 'outbound', ruleNumber: 80, action: 'allow', protocol: 'tcp', fromPort: 443, cidr: '10.0.2.0/24' },
    { op: 'remove-security-group-rule', groupId: 'sg-0inst00000000001', direction: 'egress', protocol: 'all', cidr: '0.0.0.0/0' },
  ]);
  const result = diffInstances(explained(base), explained(after), { strict: false });
  assert.equal(result.changes.map((c) => [c.check, c.kind, c.breaking, c.before?.blockingHop?.resourceId, c.after?.blockingHop?.resourceId]), [
    ['ssm', 'changed', false, 'acl-0appsubnet000001', 'sg-0inst00000000001'],
    ['ec2messages', 'changed', false, 'acl-0appsubnet000001', 'sg-0inst00000000001'],
    ['ssmmessages', 'changed', false, 'acl-0appsubnet000001', 'sg-0inst00000000001'],
  ]);
  assert.is(diffExitCode(result, 'regression', false), 0);
  assert.is(diffExitCode(result, 'blocked', false), 1);
  assert.is(diffExitCode(result, 'never', false), 0);
});

test('Terraform: the plan alone (prior state → planned) and over a snapshot give the same regression', async () => {
  const planPath = `${FIXTURES}nat-moves-to-private-subnet.plan.json`;
  for (const args of [['--terraform-plan', planPath], ['--snapshot', `${FIXTURES}nat-applied.snapshot.json`, '--terraform-plan', planPath]]) {
    const run = await runCli(['diff', ...args, '--output', 'json']);
    assert.is(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.equal(json.changes.map((c: any) => [c.check, c.change, c.before.via, c.after.blockingHop?.resourceId ?? null, c.after.blockingHop?.code ?? null]), [
      ['ssm', 'regression', 'nat-gateway', 'rtb-0a50private000001', 'NO_ROUTE_TO_DESTINATION'],
      ['ec2messages', 'regression', 'nat-gateway', 'rtb-0a50private000001', 'NO_ROUTE_TO_DESTINATION'],
      ['ssmmessages', 'regression', 'nat-gateway', 'rtb-0a50private000001', 'NO_ROUTE_TO_DESTINATION'],
    ]);
    assert.equal(json.changes[0].after.fix, ['Add a route 0.0.0.0/0 → an internet gateway to rtb-0a50private000001, or move tf:aws_nat_gateway.main into a public subnet.']);
  }
  const endpoints = await runCli(['diff', '--snapshot', `${FIXTURES}endpoints-applied.snapshot.json`, '--terraform-plan', `${FIXTURES}endpoint-sg-loses-443.update.plan.json`]);
  assert.is(endpoints.code, 1);
  assert.match(endpoints.stdout, /✗ regression i-0a40app0000000001 \(app-1\)  ssm, ec2messages, ssmmessages: reachable via interface-endpoint → blocked at sg-0a40vpce00000001 \(ENI_SG_RULES_MISMATCH\)/);
  // A plan that only adds healthy instances: nothing to fail on.
  const fresh = await runCli(['diff', '--terraform-plan', `${FIXTURES}private-endpoints.plan.json`, '--output', 'json']);
  assert.is(fresh.code, 0);
  assert.equal(JSON.parse(fresh.stdout).summary.added, 4);
});

test('markdown: a table of changes and the broken path as a Mermaid chart', async () => {
  const run = await runCli(['diff', '--snapshot', DEMO, '--what-if', breakEndpoints(), '--output', 'markdown']);
  assert.is(run.code, 1);
  assert.match(run.stdout, /^## ssm-reach diff: 3 checks would lose Systems Manager\n/);
  assert.match(run.stdout, /\| ❌ regression \| `i-0demohealthy00001` web-1 \| ssm, ec2messages, ssmmessages \| ✅ reachable via interface-endpoint \| ❌ blocked at `sg-0demoendpoints001` \(ENI_SG_RULES_MISMATCH\) \|/);
  assert.match(run.stdout, /```mermaid\nflowchart LR\n  src\["i-0demohealthy00001 \(web-1\)<br\/>subnet-0demoapp000001"\]:::source/);
  assert.match(run.stdout, /\]:::block\n  h4 --> h5\n/);
});

test('junit: every check after the change; only the breaking ones fail under --fail-on regression', async () => {
  const change = breakEndpoints();
  const regression = (await runCli(['diff', '--snapshot', DEMO, '--what-if', change, '--output', 'junit'])).stdout;
  assert.is((regression.match(/<testcase /g) ?? []).length, 8);
  assert.is((regression.match(/<failure /g) ?? []).length, 3);
  assert.match(regression, /<testsuite name="i-0demohealthy00001 \(web-1\)" tests="4" failures="3" errors="0" skipped="0">/);
  // The broken instance was broken before: reported, not failed.
  assert.match(regression, /<testsuite name="i-0demobroken000001 \(batch-1\)" tests="4" failures="0" errors="0" skipped="3">/);
  const blocked = (await runCli(['diff', '--snapshot', DEMO, '--what-if', change, '--output', 'junit', '--fail-on', 'blocked'])).stdout;
  assert.is((blocked.match(/<failure /g) ?? []).length, 6);
});

test('GitHub Actions: regressions become ::error annotations', async () => {
  const run = await runCli(['diff', '--snapshot', DEMO, '--what-if', breakEndpoints()], { GITHUB_ACTIONS: 'true' });
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.equal(lines, ['::error title=ssm-reach regression%3A i-0demohealthy00001 (web-1) ssm%2C ec2messages%2C ssmmessages::reachable via interface-endpoint → blocked at sg-0demoendpoints001 (ENI_SG_RULES_MISMATCH): no inbound rule of sg-0demoendpoints001 (on eni-0demossm0000) allows TCP 443 from 10.20.1.15.%0AFix: Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10.20.1.0/24 (the subnet of i-0demohealthy00001).']);
});

test('usage errors are one line, exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['diff', '--snapshot', DEMO], /say what changes: --what-if FILE, --terraform-plan PLAN or --after SNAPSHOT/],
    [['diff', '--what-if', EXAMPLE], /say what the change applies to: --snapshot PATH or --region R/],
    [['diff', '--after', DEMO, '--what-if', EXAMPLE], /say what the change applies to/],
    [['diff', '--snapshot', DEMO, '--what-if', EXAMPLE, '--fail-on', 'sometimes'], /--fail-on must be one of regression, blocked, never, not "sometimes"/],
    [['diff', '--snapshot', DEMO, '--what-if', EXAMPLE, '--instance', 'i-nope'], /no instance i-nope before or after the change/],
  ];
  for (const [argv, message] of cases) {
    const run = await runCli(argv);
    assert.is(run.code, 2, argv.join(' '));
    assert.match(run.stderr, message);
    assert.is(run.stderr.split('\n').length, 2);
  }
  const help = await runCli(['diff', '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /Examples:\n  ssm-reach diff --snapshot models\/demo --what-if examples\/what-if\/open-endpoint-sg\.json/);
  assert.match((await runCli(['--help'])).stdout, /ssm-reach diff --snapshot PATH --what-if F/);
});

test.run();
