// Explained checks are shared between instances that share a result, unless the fix names the
// instance; fixes name the VPC rather than the instance where that is what they mean.

import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Evaluator } from '../src/eval/evaluate.ts';
import type { InstanceResult } from '../src/eval/types.ts';
import { explainInstance } from '../src/explain/report.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import { readJson } from './support/snapshots.ts';

const models = new URL('../models/', import.meta.url).pathname;
const load = (name: string) => buildModel(rawFromDocument(readJson(join(models, name, 'snapshot.json')), 'snapshot.json'));
/** The same result as if another instance of the class had it. */
const asOther = (result: InstanceResult): InstanceResult => ({ ...result, instanceId: 'i-0other0000000001' });

test('a route fix names the VPC, and instances sharing the result share its explanation', () => {
  const model = load('15-custom-dhcp-resolver');
  const result = new Evaluator(model).evaluateInstance(model.instances.get('i-0app000000000001')!);
  const one = explainInstance(model, result);
  const other = explainInstance(model, asOther(result));
  const ssm = one.checks[0]!;
  const blocker = ssm.blockers.find((b) => b.code === 'NO_ROUTE_TO_DESTINATION');
  assert.is(blocker?.resourceId, 'rtb-0app0000000000001');
  assert.ok(ssm.fix.some((fix) => fix.includes('with private DNS in vpc-0main00000000001.')), ssm.fix.join(' | '));
  assert.ok(other.checks[0] === ssm, 'the same explained check');
});

test('a fix that names the instance is made for each instance', () => {
  const model = load('demo');
  const result = new Evaluator(model).evaluateInstance(model.instances.get('i-0demobroken000001')!);
  const one = explainInstance(model, result).checks[0]!;
  const other = explainInstance(model, asOther(result)).checks[0]!;
  assert.is(one.blockingHop?.resourceId, 'sg-0demoendpoints001');
  assert.ok(one !== other);
  assert.equal(one.fix, ['Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10.20.3.0/24 (the subnet of i-0demobroken000001).']);
  assert.equal(other.fix, ['Add an inbound rule to sg-0demoendpoints001 allowing TCP 443 from 10.20.3.0/24 (the subnet of i-0other0000000001).']);
});

test.run();
