// How long the TUI takes to answer an edit on a fleet: apply the what-if operation, re-evaluate
// every instance with a fresh Evaluator (what src/tui does after each edit), and diff the verdicts
// against the snapshot's. The budget is 50 ms for 1,000 instances (issue 5).
//
//   node --import tsx bench/tui-reevaluate.ts [--instances 1000] [--runs 21] [--seed 1]

import { selectInstances } from '../src/cli/check-command.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import type { Model } from '../src/model/types.ts';
import type { Proposal } from '../src/tui/edits.ts';
import { applyOperations, fixProposal, toggleProposal } from '../src/tui/edits.ts';
import type { Evaluation } from '../src/tui/evaluation.ts';
import { changedVerdicts, evaluateEdit, evaluateModel } from '../src/tui/evaluation.ts';
import { generateRegion } from './generate.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const instances = arg('instances', 1000);
const runs = arg('runs', 21);
const seed = arg('seed', 1);
const BUDGET_MS = 50;

const { document } = generateRegion({ instances, seed });
const model = buildModel(rawFromDocument(document, `generated-${instances}.json`));
const ids = selectInstances(model, [], true).map((i) => i.id);
const baseline = evaluateModel(model, ids);

/** Edits people make in the UI: the suggested fix of the first broken instance, and toggles on a healthy one's path. */
function edits(evaluation: Evaluation, m: Model): { name: string; proposal: Proposal }[] {
  const found: { name: string; proposal: Proposal }[] = [];
  for (const row of evaluation.rows) {
    const check = row.explained.checks.find((c) => c.result.verdict !== 'reachable');
    const finding = check?.result.findings[0];
    if (!check || !finding) continue;
    const proposal = fixProposal(m, finding, { instanceId: row.id, check: check.result.check });
    if (typeof proposal !== 'string') {
      found.push({ name: `fix ${finding.code} at ${finding.resourceId}`, proposal });
      break;
    }
  }
  // Turning off the first rule on a healthy instance's path (narrow), and the interface endpoint
  // its DNS answer names (the whole VPC: the widest edit short of a global one).
  const healthy = evaluation.rows.find((row) => row.worst === 'reachable' && row.explained.checks[0]?.result.via === 'interface-endpoint');
  const path = healthy?.explained.checks[0]?.result.paths[0];
  for (const hop of path?.hops.slice(1) ?? []) {
    const proposal = toggleProposal(m, path!, hop);
    if (typeof proposal !== 'string') {
      found.push({ name: `turn off ${proposal.label}`, proposal });
      break;
    }
  }
  const dns = path?.hops[0];
  const endpoint = dns && toggleProposal(m, path!, dns);
  if (endpoint && typeof endpoint !== 'string') found.push({ name: `turn off ${endpoint.label}`, proposal: endpoint });
  return found;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// Wall time is what a person waits; on a busy machine it includes time other processes ran, so the
// CPU time this process used is printed beside it.
console.log(`TUI re-evaluation after an edit: ${ids.length} instances (generated, seed ${seed}), median of ${runs} runs after 3 warm-ups, Node ${process.version}`);
let worst = 0;
for (const { name, proposal } of edits(baseline, model)) {
  const apply: number[] = [];
  const evaluate: number[] = [];
  const diff: number[] = [];
  const total: number[] = [];
  const cpu: number[] = [];
  let changed = 0;
  let evaluated = 0;
  for (let run = 0; run < runs + 3; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const next = applyOperations(model, proposal.operations);
    const t1 = performance.now();
    const evaluation = evaluateEdit(baseline, next, ids);
    const t2 = performance.now();
    evaluated = evaluation.evaluated;
    changed = changedVerdicts(baseline, evaluation).size;
    const t3 = performance.now();
    const c1 = process.cpuUsage(c0);
    if (run < 3) continue;
    cpu.push((c1.user + c1.system) / 1000);
    apply.push(t1 - t0);
    evaluate.push(t2 - t1);
    diff.push(t3 - t2);
    total.push(t3 - t0);
  }
  const m = median(total);
  worst = Math.max(worst, m);
  console.log(`  ${name}`);
  console.log(`    ${evaluated} of ${ids.length} re-evaluated · ${changed} changed verdicts · apply ${median(apply).toFixed(1)} ms · evaluate ${median(evaluate).toFixed(1)} ms · diff ${median(diff).toFixed(1)} ms · total ${m.toFixed(1)} ms (min ${Math.min(...total).toFixed(1)}, max ${Math.max(...total).toFixed(1)}; CPU time ${median(cpu).toFixed(1)} ms)`);
}
// For comparison: every instance evaluated again, as before incremental re-evaluation.
const full: number[] = [];
for (let run = 0; run < runs + 3; run++) {
  const t0 = performance.now();
  evaluateModel(model, ids);
  if (run >= 3) full.push(performance.now() - t0);
}
console.log(`  (a full re-evaluation of all ${ids.length} instances: median ${median(full).toFixed(1)} ms)`);
console.log(`${worst <= BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget (slowest median ${worst.toFixed(1)} ms)`);
