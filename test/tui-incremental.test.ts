// After an edit the TUI re-evaluates only the instances the edit can affect (src/tui/incremental.ts).
// That must give exactly what a full evaluation of the edited model gives: checked here for every
// edit the UI can make (each blocker's suggested fix, turning off what decided each hop) on every
// reference model and on generated fleets with several VPCs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateRegion } from '../bench/generate.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';
import type { Model } from '../src/model/types.ts';
import type { Proposal } from '../src/tui/edits.ts';
import { applyOperations, fixProposal, toggleProposal } from '../src/tui/edits.ts';
import type { Evaluation } from '../src/tui/evaluation.ts';
import { evaluateEdit, evaluateModel } from '../src/tui/evaluation.ts';
import { affectedInstances } from '../src/tui/incremental.ts';

const MODELS = fileURLToPath(new URL('../models', import.meta.url));

/** Every edit the UI offers on this evaluation: fixes of first blockers, toggles of decided hops. */
function proposals(evaluation: Evaluation, model: Model, limit: number): Proposal[] {
  const found = new Map<string, Proposal>();
  for (const row of evaluation.rows) {
    for (const check of row.explained.checks) {
      for (const finding of check.result.findings.slice(0, 1)) {
        const fix = fixProposal(model, finding, { instanceId: row.id, check: check.result.check });
        if (typeof fix !== 'string') found.set(JSON.stringify(fix.operations), fix);
      }
      for (const path of check.result.paths) {
        for (const hop of path.hops) {
          const toggle = toggleProposal(model, path, hop);
          if (typeof toggle !== 'string') found.set(JSON.stringify(toggle.operations), toggle);
        }
      }
    }
  }
  return [...found.values()].slice(0, limit);
}

const snapshotOf = (e: Evaluation) => JSON.stringify(e.rows.map((row) => [row.id, row.explained]));

/** Checks every edit; returns how many were checked and how many evaluated fewer instances than all. */
function assertSameAfterEdits(name: string, model: Model, limit: number): { checked: number; narrowed: number } {
  const ids = [...model.instances.keys()];
  const base = evaluateModel(model, ids);
  let checked = 0;
  let narrowed = 0;
  for (const proposal of proposals(base, model, limit)) {
    let next: Model;
    try {
      next = applyOperations(model, proposal.operations);
    } catch {
      continue;
    }
    const incremental = evaluateEdit(base, next, ids);
    const full = evaluateModel(next, ids);
    assert.is(snapshotOf(incremental), snapshotOf(full), `${name}: ${proposal.label}`);
    checked++;
    if (incremental.evaluated < full.evaluated) narrowed++;
  }
  return { checked, narrowed };
}

test('incremental re-evaluation equals a full one after every UI edit on every reference model', () => {
  let edits = 0;
  const dirs = readdirSync(MODELS).filter((d) => /^\d\d-|^demo$/.test(d));
  for (const dir of dirs) edits += assertSameAfterEdits(dir, buildModel(loadSnapshotPath(join(MODELS, dir))), 40).checked;
  assert.ok(edits > 100, `only ${edits} edits checked`);
});

test('incremental re-evaluation equals a full one on generated multi-VPC fleets, and evaluates fewer instances', () => {
  let fewer = 0;
  for (const seed of [1]) {
    const model = buildModel(rawFromDocument(generateRegion({ instances: 150, seed, vpcs: 4 }).document, `fleet-${seed}.json`));
    fewer += assertSameAfterEdits(`fleet seed ${seed}`, model, 16).narrowed;
  }
  assert.ok(fewer > 5, `only ${fewer} edits were narrowed`);
});

test('affected instances: nothing for no change, everything for a global change', () => {
  const model = buildModel(loadSnapshotPath(join(MODELS, 'demo')));
  assert.equal([...affectedInstances(model, model)!], []);
  assert.is(affectedInstances(model, { ...model, region: 'us-east-1' }), undefined);
  assert.is(affectedInstances(model, { ...model, presentKeys: new Set() }), undefined);
  // A rule on the instances' own group touches both; an unrelated object none.
  const egress = applyOperations(model, [{ op: 'add-security-group-rule', groupId: 'sg-0demoapp000000001', direction: 'egress', protocol: 'tcp', fromPort: 22, cidr: '10.0.0.0/8' }]);
  assert.equal([...affectedInstances(model, egress)!].sort(), ['i-0demobroken000001', 'i-0demohealthy00001']);
});

test.run();
