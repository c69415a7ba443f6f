import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explainInstance } from '../src/explain/report.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import { Evaluator } from '../src/eval/evaluate.ts';
import { demoDocument } from './support/snapshots.ts';

// DESIGN.md §2: missing data never becomes "reachable", and never silently "blocked".
const HEALTHY = 'i-0demohealthy00001';

function ssmOf(document: object, absent?: Map<string, string>) {
  const model = buildModel(rawFromDocument(document, 'demo.json', absent));
  const result = explainInstance(model, new Evaluator(model).evaluateInstance(model.instances.get(HEALTHY)!));
  return result.checks.find((c) => c.result.check === 'ssm')!;
}

test('baseline: the healthy demo instance is reachable', () => {
  assert.is(ssmOf(demoDocument()).result.verdict, 'reachable');
});

for (const [key, resource] of [
  ['NetworkAcls', 'subnet-0demoapp000001'],
  ['RouteTables', 'subnet-0demoapp000001'],
  ['SecurityGroups', 'sg-0demoapp000000001'],
  ['VpcEndpoints', 'vpc-0demo000000000001'],
  ['NetworkInterfaces', 'vpce-0demossm000000000'],
  ['Subnets', 'subnet-0demoapp000001'],
] as const) {
  test(`absent ${key} → unknown (MISSING_DATA at ${resource}), naming the reason`, () => {
    const doc = demoDocument();
    delete doc[key];
    const reason = `needs ec2:Describe${key}`;
    const ssm = ssmOf(doc, new Map([[key, reason]]));
    assert.is(ssm.result.verdict, 'unknown');
    assert.is(ssm.blockingHop?.code, 'MISSING_DATA');
    assert.is(ssm.blockingHop?.resourceId, resource);
    assert.match(ssm.blockingHop!.message, reason);
  });
}

test('a security group missing from SecurityGroups → unknown, MISSING_RESOURCE naming it', () => {
  const doc = demoDocument();
  doc.SecurityGroups = doc.SecurityGroups.filter((g: { GroupId: string }) => g.GroupId !== 'sg-0demoapp000000001');
  const ssm = ssmOf(doc);
  assert.is(ssm.result.verdict, 'unknown');
  assert.is(ssm.blockingHop?.resourceId, 'sg-0demoapp000000001');
  assert.is(ssm.blockingHop?.code, 'MISSING_RESOURCE');
});

test('DHCP options missing: unknown resolver, but the verdict stands when every answer agrees', () => {
  const doc = demoDocument();
  delete doc.DhcpOptions;
  const ssm = ssmOf(doc);
  // Endpoint answer reachable, public answer has no route: they disagree → unknown.
  assert.is(ssm.result.verdict, 'unknown');
  assert.is(ssm.blockingHop?.resourceId, 'dopt-0demo000000000001');
  assert.is(ssm.blockingHop?.code, 'MISSING_DATA');
});

test.run();
