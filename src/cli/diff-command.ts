import { Evaluator } from '../eval/evaluate.ts';
import type { DiffResult, FailOn } from '../explain/diff.ts';
import { FAIL_ON, diffExitCode, diffInstances } from '../explain/diff.ts';
import type { ExplainedInstance } from '../explain/report.ts';
import { explainInstance } from '../explain/report.ts';
import type { RawSnapshot } from '../load/raw-snapshot.ts';
import { loadSnapshotPath } from '../load/snapshot-files.ts';
import { rawBeforePlan, rawFromPlan, readTerraformPlanFile } from '../load/terraform-plan.ts';
import { buildModel } from '../model/build-model.ts';
import type { Model } from '../model/types.ts';
import type { DiffSources } from '../render/diff.ts';
import { renderDiffJson, renderDiffJunit, renderDiffMarkdown, renderDiffText } from '../render/diff.ts';
import type { SourceInfo } from '../render/json.ts';
import { colourWanted, makeStyle } from '../render/style.ts';
import { applyWhatIfFile } from './change-inputs.ts';
import { OUTPUT_FORMATS } from './check-command.ts';
import type { Io } from './io.ts';
import { writeChunks } from './io.ts';
import { oneOf, parseOptions } from './options.ts';
import { UsageError } from './usage-error.ts';

export const DIFF_HELP = `ssm-reach diff — what a change does to SSM and IMDS reachability, before vs after.

Usage:
  ssm-reach diff --snapshot PATH --what-if CHANGES [options]
  ssm-reach diff --snapshot PATH --terraform-plan PLAN [options]
  ssm-reach diff --terraform-plan PLAN [options]
  ssm-reach diff --snapshot BEFORE --after AFTER [options]

Before (one of):
  --snapshot PATH       a saved snapshot (as for check)
  --region R            a live account (--profile P, --endpoint-url URL as for check)
  (neither)             with --terraform-plan alone: the plan's prior state

After (at least one; applied in this order):
  --after PATH          a second snapshot instead of the first
  --terraform-plan P    a plan (terraform show -json): its creates, updates and deletes
  --what-if FILE        a change file (docs/what-if.md)

Options:
  --fail-on WHEN        regression (default): exit 1 when a check that was reachable is not any
                        more, or a new instance's check is blocked or partial; blocked: exit 1
                        when any check after the change is blocked or partial; never: exit 0
  --strict              unknown counts as failing (new instances, --fail-on blocked)
  --instance ID         only this instance (repeatable); --all includes stopped instances
  --output FORMAT       text (default), json, markdown (for PR comments), junit
                        With GITHUB_ACTIONS=true, text also prints ::error annotations.

Only what changed is shown: per instance and check, the verdict, the path (via) or the blocking
resource. Exit codes: 0 nothing to fail on, 1 see --fail-on, 2 a usage or input error.

Examples:
  ssm-reach diff --snapshot models/demo --what-if examples/what-if/open-endpoint-sg.json
  terraform show -json plan.tfplan > plan.json
  ssm-reach diff --snapshot ./snapshot/ --terraform-plan plan.json --output markdown >> "$GITHUB_STEP_SUMMARY"
  ssm-reach diff --terraform-plan plan.json --fail-on blocked --output junit > ssm-reach.xml
`;

const DIFF_OPTIONS = {
  snapshot: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  after: { type: 'string' },
  'terraform-plan': { type: 'string' },
  'what-if': { type: 'string' },
  'fail-on': { type: 'string' },
  strict: { type: 'boolean' },
  instance: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions('diff', args, DIFF_OPTIONS);
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return 0;
  }
  const output = oneOf('output', values.output, OUTPUT_FORMATS, 'text');
  const failOn = oneOf<FailOn>('fail-on', values['fail-on'], FAIL_ON, 'regression');
  const strict = values.strict ?? false;
  const plan = values['terraform-plan'];
  const whatIf = values['what-if'];
  if (values.snapshot && values.region) throw new UsageError('give either --snapshot or --region, not both.');
  if (!values.after && !plan && !whatIf) {
    throw new UsageError("say what changes: --what-if FILE, --terraform-plan PLAN or --after SNAPSHOT. Try 'ssm-reach diff --snapshot models/demo --what-if examples/what-if/open-endpoint-sg.json'.");
  }
  if (!values.snapshot && !values.region && !plan) {
    throw new UsageError('say what the change applies to: --snapshot PATH or --region R (only a --terraform-plan brings its own before state).');
  }
  if (values.after && !values.snapshot && !values.region) throw new UsageError('--after compares with a first snapshot: add --snapshot BEFORE.');

  const instanceIds = values.instance ?? [];
  let baseRaw: RawSnapshot;
  let before: SourceInfo;
  if (values.snapshot) {
    baseRaw = loadSnapshotPath(values.snapshot);
    before = { kind: 'snapshot', region: null, path: values.snapshot };
  } else if (values.region) {
    const { loadLive } = await import('./live-source.ts');
    baseRaw = await loadLive({ region: values.region, profile: values.profile, endpointUrl: values['endpoint-url'], instanceIds }, io);
    before = { kind: 'aws', region: values.region };
  } else {
    baseRaw = rawBeforePlan(readTerraformPlanFile(plan!));
    before = { kind: 'terraform-plan', region: null, path: plan!, state: 'prior' };
  }
  const planOnly = !values.snapshot && !values.region;
  let afterRaw = values.after ? loadSnapshotPath(values.after) : baseRaw;
  const after: SourceInfo = values.after ? { kind: 'snapshot', region: null, path: values.after } : planOnly ? { kind: 'terraform-plan', region: null, path: plan! } : { ...before };
  if (plan) {
    const parsed = readTerraformPlanFile(plan);
    afterRaw = planOnly && !values.after ? rawFromPlan(parsed) : rawFromPlan(parsed, afterRaw);
    if (after.kind !== 'terraform-plan') after['terraformPlan'] = plan;
  }
  const beforeModel = buildModel(baseRaw);
  let afterModel = buildModel(afterRaw);
  if (whatIf) {
    afterModel = applyWhatIfFile(afterModel, whatIf);
    after['whatIf'] = whatIf;
  }
  const region = afterModel.region ?? beforeModel.region ?? null;
  before.region = beforeModel.region ?? before.region;
  after.region = afterModel.region ?? after.region;
  const ids = selectIds(beforeModel, afterModel, instanceIds, values.all ?? false);
  const result: DiffResult = diffInstances(evaluate(beforeModel, ids), evaluate(afterModel, ids), { strict });
  const sources: DiffSources = { before, after, region };
  const chunks =
    output === 'json'
      ? renderDiffJson(sources, result)
      : output === 'markdown'
        ? renderDiffMarkdown(sources, result, { maxCharts: 20 })
        : output === 'junit'
          ? renderDiffJunit(sources, result, { failOn, strict })
          : renderDiffText(sources, result, { style: makeStyle(colourWanted(io.stdout, io.env)), annotate: io.env['GITHUB_ACTIONS'] === 'true' });
  await writeChunks(io.stdout, chunks);
  return diffExitCode(result, failOn, strict);
}

/** Instances of either side: the ones named, else the running ones (or all with --all). */
function selectIds(before: Model, after: Model, ids: readonly string[], all: boolean): string[] {
  if (ids.length > 0) {
    for (const id of ids) {
      if (!before.instances.has(id) && !after.instances.has(id)) throw new UsageError(`no instance ${id} before or after the change.`);
    }
    return [...ids];
  }
  const pick = (model: Model) => [...model.instances.values()].filter((i) => all || i.state === 'running').map((i) => i.id);
  return [...new Set([...pick(before), ...pick(after)])];
}

function evaluate(model: Model, ids: readonly string[]): ExplainedInstance[] {
  const evaluator = new Evaluator(model);
  return ids.flatMap((id) => {
    const instance = model.instances.get(id);
    return instance ? [explainInstance(model, evaluator.evaluateInstance(instance))] : [];
  });
}
