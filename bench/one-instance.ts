// One instance inside a large region: load the model once, then time evaluateInstance (the four
// checks of one instance) for random instances — what the TUI needs for instant what-if. Timed
// both as the CLI and TUI run it (results shared within a class of alike sources) and with every
// instance walked on its own (an instance unlike any evaluated before, e.g. after an edit).
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

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
let sink = 0;
/** Time `evaluate` on random instances after a warm-up: median and p95 in µs. */
const time = (evaluate: (instance: (typeof instances)[number]) => number) => {
  for (let i = 0; i < 500; i++) sink += evaluate(pick());
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const instance = pick();
    const t = now();
    sink += evaluate(instance);
    times.push(now() - t);
  }
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
};
// The Evaluator as the CLI and the TUI use it: results shared between instances of one class.
const shared = time((instance) => evaluator.evaluateInstance(instance).checks.length);
// Every instance walked on its own: what an instance of a class not seen before costs.
const alone = new Evaluator(model, { shareResults: false });
const unshared = time((instance) => alone.evaluateInstance(instance).checks.length);
const explained = time((instance) => explainInstance(model, evaluator.evaluateInstance(instance)).checks.length);
if (sink === 0) throw new Error('nothing evaluated');
process.stdout.write(`${JSON.stringify({
  loadMs,
  evaluatorMs,
  firstUs,
  medianUs: shared.median,
  p95Us: shared.p95,
  unsharedMedianUs: unshared.median,
  unsharedP95Us: unshared.p95,
  explainedMedianUs: explained.median,
  explainedP95Us: explained.p95,
  samples,
})}\n`);
