// One instance inside a large region: load the model once, then time evaluateInstance (the four
// checks of one instance) for random instances — what the TUI needs for instant what-if.
// Prints one JSON object; bench/run.ts puts it in the table.
//
//   node --max-old-space-size=12000 --import tsx bench/one-instance.ts bench/.data/region-100000-….json

import { Evaluator } from '../src/eval/evaluate.ts';
import { explainInstance } from '../src/explain/report.ts';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: one-instance.ts SNAPSHOT');
const samples = Number(process.argv[3] ?? 5000);

const now = () => Number(process.hrtime.bigint()) / 1e3;
let start = now();
const model = buildModel(loadSnapshotPath(file));
const loadMs = (now() - start) / 1e3;
start = now();
const evaluator = new Evaluator(model);
const evaluatorMs = (now() - start) / 1e3;
const instances = [...model.instances.values()];

let seed = 12345;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const pick = () => instances[Math.floor(random() * instances.length)]!;

start = now();
evaluator.evaluateInstance(pick());
const firstUs = now() - start;

for (let i = 0; i < 500; i++) evaluator.evaluateInstance(pick());
const times: number[] = [];
let sink = 0;
for (let i = 0; i < samples; i++) {
  const instance = pick();
  const t = now();
  sink += evaluator.evaluateInstance(instance).checks.length;
  times.push(now() - t);
}
const explained: number[] = [];
for (let i = 0; i < samples; i++) {
  const instance = pick();
  const t = now();
  sink += explainInstance(model, evaluator.evaluateInstance(instance)).checks.length;
  explained.push(now() - t);
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
if (sink === 0) throw new Error('nothing evaluated');
process.stdout.write(`${JSON.stringify({
  loadMs,
  evaluatorMs,
  firstUs,
  medianUs: quantile(times, 0.5),
  p95Us: quantile(times, 0.95),
  explainedMedianUs: quantile(explained, 0.5),
  explainedP95Us: quantile(explained, 0.95),
  samples,
})}\n`);
