import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explainInstance } from '../src/explain/report.ts';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';
import { Evaluator } from '../src/eval/evaluate.ts';
import { readJson } from './support/snapshots.ts';

// Every reference model in models/ carries its expected verdict and blocking resource per check;
// this runs them all through the real loader and engine.
const root = new URL('../models/', import.meta.url).pathname;
const scenarios = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'expected.json')))
  .map((entry) => entry.name)
  .sort();

test('the scenario library holds at least 40 models', () => {
  assert.ok(scenarios.length >= 40, `only ${scenarios.length} scenarios`);
});

for (const name of scenarios) {
  const expected = readJson(join(root, name, 'expected.json'));
  test(`${name}: ${expected.title}`, () => {
    const model = buildModel(loadSnapshotPath(join(root, name)));
    const evaluator = new Evaluator(model);
    for (const [instanceId, checks] of Object.entries<Record<string, { verdict: string; blocking: string | null; code?: string }>>(expected.expect)) {
      const instance = model.instances.get(instanceId);
      assert.ok(instance, `${instanceId} is in the model`);
      const explained = explainInstance(model, evaluator.evaluateInstance(instance!));
      for (const [checkName, want] of Object.entries(checks)) {
        const got = explained.checks.find((c) => c.result.check === checkName);
        assert.ok(got, `${instanceId} has a ${checkName} check`);
        const where = `${instanceId} ${checkName}`;
        const actual = { verdict: got!.result.verdict, blocking: got!.blockingHop?.resourceId ?? null, code: got!.blockingHop?.code };
        assert.is(actual.verdict, want.verdict, `${where}: verdict (${JSON.stringify(actual)})`);
        assert.is(actual.blocking, want.blocking, `${where}: blocking resource (${JSON.stringify(actual)})`);
        if (want.code) assert.is(actual.code, want.code, `${where}: code`);
      }
    }
  });
}

test.run();
