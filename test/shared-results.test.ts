// The Evaluator reuses a service check's result for instances whose sources are alike (same
// subnet, groups, platform, region, address class). That must never change a result: evaluated
// with and without sharing, every instance of every reference model — each instance cloned a few
// times so that alike sources exist — and of generated fleet regions gives deep-equal results.

import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateRegion } from '../bench/generate.ts';
import { Evaluator } from '../src/eval/evaluate.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import type { Model } from '../src/model/types.ts';
import { withClones } from './support/clones.ts';
import { MODELS_ROOT, readJson, referenceModels } from './support/snapshots.ts';

const root = MODELS_ROOT;
const models = referenceModels();

/** Evaluate every instance with and without sharing; returns how many service checks were shared. */
function compare(model: Model, where: string): number {
  const shared = new Evaluator(model);
  const alone = new Evaluator(model, { shareResults: false });
  const seen = new Set<unknown>();
  let reused = 0;
  for (const instance of model.instances.values()) {
    const got = shared.evaluateInstance(instance);
    const want = alone.evaluateInstance(instance);
    assert.equal(got, want, `${where}: ${instance.id}`);
    for (const check of got.checks) {
      if (seen.has(check.paths)) reused += 1;
      seen.add(check.paths);
    }
  }
  return reused;
}

for (const name of models) {
  test(`${name}: shared results equal unshared ones (instances cloned)`, () => {
    const document = readJson(join(root, name, 'snapshot.json'));
    compare(buildModel(rawFromDocument(document, 'snapshot.json')), name);
    compare(buildModel(rawFromDocument(withClones(document), 'snapshot.json')), `${name} (cloned)`);
  });
}

for (const [instances, seed] of [[10, 1], [1000, 1], [1000, 7]] as const) {
  test(`generated region of ${instances} instances (seed ${seed}): shared results equal unshared ones`, () => {
    const { document } = generateRegion({ instances, seed });
    const reused = compare(buildModel(rawFromDocument(document, 'region.json')), `region ${instances}/${seed}`);
    if (instances >= 1000) assert.ok(reused > instances, `results were shared (${reused} reused checks)`);
    if (instances >= 1000) {
      // Group lists that decide 443 outbound alike share too (EgressClasses): a few hundred
      // results serve the fleet's 3,000 service checks.
      const model = buildModel(rawFromDocument(document, 'region.json'));
      const evaluator = new Evaluator(model);
      const distinct = new Set<unknown>();
      let checks = 0;
      for (const instance of model.instances.values()) {
        for (const check of evaluator.evaluateInstance(instance).checks) if (check.check !== 'imds') (distinct.add(check), (checks += 1));
      }
      assert.ok(distinct.size * 6 < checks, `${distinct.size} distinct results for ${checks} service checks`);
    }
  });
}

test('interfaces with the same security groups share one list (the caches of the evaluator key on it)', () => {
  const { document } = generateRegion({ instances: 1000, seed: 1 });
  const model = buildModel(rawFromDocument(document, 'region.json'));
  const lists = new Map<string, Set<readonly string[]>>();
  for (const eni of model.networkInterfaces.values()) {
    const key = eni.groupIds.join(',');
    if (!lists.has(key)) lists.set(key, new Set());
    lists.get(key)!.add(eni.groupIds);
  }
  assert.ok(model.networkInterfaces.size > 5 * lists.size, `${model.networkInterfaces.size} interfaces, ${lists.size} group lists`);
  for (const [key, objects] of lists) assert.is(objects.size, 1, `one list object for groups ${key}`);
});

test.run();
