// The check command's JSON report (cli/json-report.ts) writes an instance whose results differ
// from another's only in its id and name with that instance's bytes, without evaluating it. The
// document must be byte for byte the one written by evaluating every instance (render/json.ts),
// for every reference model (each instance cloned, so classes have members) and generated regions.

import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateRegion } from '../bench/generate.ts';
import { jsonReport } from '../src/cli/json-report.ts';
import { Evaluator } from '../src/eval/evaluate.ts';
import { SummaryTally, explainInstance } from '../src/explain/report.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import type { Model } from '../src/model/types.ts';
import { JsonReport, renderJson } from '../src/render/json.ts';
import { withClones } from './support/clones.ts';
import { chunksText, MODELS_ROOT, readJson, referenceModels } from './support/snapshots.ts';

const root = MODELS_ROOT;
const models = referenceModels();

const text = chunksText;

// Count the instances written without being evaluated.
let alike = 0;
const addAlike = JsonReport.prototype.addAlike;
JsonReport.prototype.addAlike = function (this: JsonReport, ...args: Parameters<typeof addAlike>) {
  alike += 1;
  return addAlike.apply(this, args);
};

/** Both reports of `model`; returns how many instances the shortcut wrote. */
function compare(model: Model, where: string): number {
  const source = { kind: 'snapshot' as const, region: model.region ?? null, path: where };
  const instances = [...model.instances.values()];
  const plainEvaluator = new Evaluator(model);
  const explained = instances.map((instance) => explainInstance(model, plainEvaluator.evaluateInstance(instance)));
  const plainTally = new SummaryTally();
  for (const item of explained) plainTally.add(item);
  const plain = text(renderJson(source, explained, model.warnings, () => plainTally.summary(), { allPaths: false }));
  const tally = new SummaryTally();
  const before = alike;
  const got = text(jsonReport(model, new Evaluator(model), instances, source, model.warnings, tally, () => tally.summary(), () => {}));
  assert.is(got, plain, where);
  assert.equal(tally.summary(), plainTally.summary(), where);
  return alike - before;
}

test('every reference model, each instance cloned: the same document and summary', () => {
  let written = 0;
  for (const name of models) {
    const document = readJson(join(root, name, 'snapshot.json'));
    compare(buildModel(rawFromDocument(document, 'snapshot.json')), name);
    written += compare(buildModel(rawFromDocument(withClones(document), 'snapshot.json')), `${name} (cloned)`);
  }
  assert.ok(written > 20, `${written} instances written from their class`);
});

test('generated regions: the same document, most instances written from their class', () => {
  for (const [instances, seed] of [[300, 1], [2000, 3], [2000, 8]] as const) {
    const { document } = generateRegion({ instances, seed });
    const written = compare(buildModel(rawFromDocument(document, 'region.json')), `region ${instances}/${seed}`);
    if (instances >= 2000) assert.ok(written > instances / 2, `${written} of ${instances} written from their class`);
  }
});

test.run();
