import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Evaluator } from '../eval/evaluate.ts';
import type { InstanceResult } from '../eval/types.ts';
import type { ExplainedInstance, Summary } from '../explain/report.ts';
import { SummaryTally, explainInstance } from '../explain/report.ts';
import type { RawSnapshot } from '../load/raw-snapshot.ts';
import { loadSnapshotPath } from '../load/snapshot-files.ts';
import { buildModel } from '../model/build-model.ts';
import { FleetFallback, FleetSnapshot } from '../model/fleet-snapshot.ts';
import { FleetThread } from '../model/fleet-thread.ts';
import { fleetWanted } from '../model/fleet-want.ts';
import type { Instance, Model } from '../model/types.ts';
import type { MemorySource } from '../render/byte-writer.ts';
import type { SourceInfo } from '../render/json.ts';
import { keepFailing, renderGithubAnnotations } from '../render/github-annotations.ts';
import { renderJson } from '../render/json.ts';
import { jsonReport } from './json-report.ts';
import { renderJunit } from '../render/junit.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { colourWanted, makeStyle } from '../render/style.ts';
import { renderText } from '../render/text.ts';
import { applyWhatIfFile, loadTerraformPlan } from './change-inputs.ts';
import { CHECK_HELP } from './help.ts';
import type { Io } from './io.ts';
import { writeChunks } from './io.ts';
import { oneOf, parseOptions } from './options.ts';
import { UsageError } from './usage-error.ts';

export const OUTPUT_FORMATS = ['text', 'json', 'junit', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const CHECK_OPTIONS = {
  snapshot: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  instance: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  paths: { type: 'boolean' },
  verbose: { type: 'boolean' },
  strict: { type: 'boolean' },
  'what-if': { type: 'string' },
  'terraform-plan': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions('check', args, CHECK_OPTIONS);
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  const output = oneOf('output', values.output, OUTPUT_FORMATS, 'text');
  if (values.snapshot && values.region) throw new UsageError('give either --snapshot or --region, not both.');
  // Like the AWS CLI, a region in the environment selects the live account.
  const plan = values['terraform-plan'];
  const region = values.region ?? (values.snapshot || plan ? undefined : io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION']);
  if (!values.snapshot && !region && !plan) {
    throw new UsageError("say where the configuration comes from: --snapshot PATH (a saved snapshot), --region R (a live account) or --terraform-plan PLAN (terraform show -json). Try 'ssm-reach demo' for an example.");
  }
  const instanceIds = values.instance ?? [];
  const options: RunOptions = { instanceIds, all: values.all ?? false, output, allPaths: values.paths ?? false, verbose: values.verbose ?? false, strict: values.strict ?? false };
  const size = values.snapshot ? snapshotBytes(values.snapshot) : 0;
  const notice = values.snapshot ? readingNotice(values.snapshot, size, io) : { clear() {} };
  // A file of some tens of MB is checked in well under a second: tune the engine for that.
  if (values.snapshot && size < SHORT_RUN_BYTES) io.preferShortRun?.();
  // The common fleet case, a large snapshot file checked whole, is read on two threads.
  if (values.snapshot && size > 0 && fleetWanted(size, io.env) && !plan && !values['what-if'] && instanceIds.length === 0) {
    const code = await fleetCheck(values.snapshot, io, options, notice);
    if (code !== undefined) return code;
  }
  // The raw snapshot stays inside loadModel: once the model is built, the parsed JSON (most of a
  // fleet's heap) is garbage before evaluation starts, so the collector never has to trace it.
  const { model, source } = await loadModel(values, region, plan, instanceIds, io, notice);
  return runChecks(model, source, io, options);
}

interface CheckValues {
  snapshot?: string | undefined;
  profile?: string | undefined;
  'endpoint-url'?: string | undefined;
  'what-if'?: string | undefined;
}

async function loadModel(values: CheckValues, region: string | undefined, plan: string | undefined, instanceIds: string[], io: Io, notice: { clear(): void }): Promise<{ model: Model; source: SourceInfo }> {
  let raw: RawSnapshot;
  let source: SourceInfo;
  if (values.snapshot) {
    raw = loadSnapshotPath(values.snapshot);
    notice.clear();
    source = { kind: 'snapshot', region: null, path: values.snapshot };
  } else if (!region && plan) {
    raw = loadTerraformPlan(plan);
    source = { kind: 'terraform-plan', region: null, path: plan };
  } else {
    const { loadLive } = await import('./live-source.ts');
    raw = await loadLive({ region: region!, profile: values.profile, endpointUrl: values['endpoint-url'], instanceIds }, io);
    source = { kind: 'aws', region: region! };
  }
  if (plan && source.kind !== 'terraform-plan') {
    // Over a snapshot or a live account: the plan's creates, updates and deletes are applied.
    raw = loadTerraformPlan(plan, raw);
    source['terraformPlan'] = plan;
  }
  let model = buildModel(raw);
  source.region = model.region ?? source.region;
  if (values['what-if']) {
    model = applyWhatIfFile(model, values['what-if']);
    source['whatIf'] = values['what-if'];
  }
  return { model, source };
}

const PROGRESS_THRESHOLD = 5000;
const READING_NOTICE_BYTES = 64 * 2 ** 20;
/** Snapshot files below this size are checked in well under a second (cli/jit.ts). */
const SHORT_RUN_BYTES = 100 * 2 ** 20;

/** A fleet-sized file takes seconds to parse: say so on a terminal, once, until `clear`. */
function readingNotice(path: string, size: number, io: Io): { clear(): void } {
  let shown = io.stderr.isTTY === true && size >= READING_NOTICE_BYTES;
  if (shown) io.stderr.write(`ssm-reach: reading ${path} (${Math.round(size / 2 ** 20)} MB)…`);
  return {
    clear() {
      if (shown) io.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}

/** The size of a snapshot file (0 for a folder or what cannot be read: the loader reports those). */
function snapshotBytes(path: string): number {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : 0;
  } catch {
    return 0;
  }
}
const PROGRESS_EVERY = 1000;

export interface RunOptions {
  instanceIds: string[];
  all: boolean;
  output: OutputFormat;
  allPaths: boolean;
  verbose: boolean;
  strict: boolean;
}

/**
 * Evaluate, explain, render and write; returns the exit code (DESIGN.md §3). Instances stream
 * through one at a time: the summary and the exit code are counted on the way, so memory does
 * not grow with the fleet's results.
 */
export async function runChecks(model: Model, source: SourceInfo, io: Io, options: RunOptions): Promise<number> {
  const instances = selectInstances(model, options.instanceIds, options.all);
  return reportChecks(model, instances, instances.length, source, io, options, false);
}

/**
 * The checks of `instances` (in order), reported. `total` is undefined when instances are still
 * being read as they are checked (fleetCheck); `buffered` holds the report back until the last
 * one is in, so bad input found late leaves nothing half written.
 */
async function reportChecks(model: Model, instances: Iterable<Instance>, total: number | undefined, source: SourceInfo, io: Io, options: RunOptions, buffered: boolean, memory?: MemorySource): Promise<number> {
  const evaluator = new Evaluator(model);
  const tally = new SummaryTally();
  // Progress on a terminal for fleet-sized runs; silent when stderr is piped or a file.
  const progress = io.stderr.isTTY === true && (total === undefined || total >= PROGRESS_THRESHOLD);
  let done = 0;
  const counted = () => {
    done += 1;
    if (progress && done % PROGRESS_EVERY === 0) io.stderr.write(`\rssm-reach: checked ${done} ${total === undefined ? 'instances so far' : `of ${total} instances`}`);
  };
  const results = function* (): Generator<ExplainedInstance> {
    for (const instance of instances) {
      const item = explainInstance(model, evaluator.evaluateInstance(instance));
      tally.add(item);
      yield item;
      counted();
    }
  };
  const summary = () => tally.summary();
  // In GitHub Actions, text output also annotates the run with each failing check.
  const annotate = options.output === 'text' && io.env['GITHUB_ACTIONS'] === 'true';
  const failing: ExplainedInstance[] = [];
  const chunks =
    options.output === 'json'
      ? options.allPaths
        ? renderJson(source, results(), model.warnings, summary, { allPaths: true })
        : jsonReport(model, evaluator, instances, source, model.warnings, tally, summary, counted, memory)
      : options.output === 'junit'
        ? renderJunit(source, results(), model.warnings, summary, { strict: options.strict })
        : options.output === 'markdown'
          ? renderMarkdown(source, results(), model.warnings, summary, { maxCharts: 20 })
          : renderText(source, annotate ? keepFailing(results(), failing) : results(), model.warnings, summary, { style: makeStyle(colourWanted(io.stdout, io.env)), allPaths: options.allPaths, verbose: options.verbose });
  try {
    await writeChunks(io.stdout, buffered ? [...chunks] : chunks);
  } finally {
    // Also when reading stops half-way (fleetCheck then starts over the usual way).
    if (progress && done >= PROGRESS_EVERY) io.stderr.write('\r\u001b[K');
  }
  if (annotate) await writeChunks(io.stdout, renderGithubAnnotations(failing, { strict: options.strict }));
  return exitCodeOf(tally.summary(), options.strict);
}

/**
 * A fleet-sized snapshot file, read on two threads and checked as its instances arrive
 * (model/fleet-snapshot.ts). Undefined when its layout does not split or the split does not
 * stand: the caller reads it the usual way.
 */
async function fleetCheck(path: string, io: Io, options: RunOptions, notice: { clear(): void }): Promise<number | undefined> {
  const file = resolve(path);
  // The worker first: it starts while this thread reads.
  io.preferTwoThreads?.();
  const thread = FleetThread.start();
  let fleet;
  try {
    // SSM_REACH_CHUNK_BYTES sets the size of the pieces (tests cut small files into many).
    const chunkBytes = Number(io.env['SSM_REACH_CHUNK_BYTES']) || undefined;
    fleet = FleetSnapshot.open(file, path, chunkBytes === undefined ? { thread } : { chunkBytes, thread });
  } catch (error) {
    if (error instanceof FleetFallback) return fellBack(error, io);
    throw error;
  }
  if (!fleet) return undefined;
  const source: SourceInfo = { kind: 'snapshot', region: fleet.model.region ?? null, path };
  // Instances are read while they are checked: the progress line takes over from here.
  notice.clear();
  try {
    if (!fleet.streaming) {
      const model = fleet.complete();
      source.region = model.region ?? null;
      return await runChecks(model, source, io, options);
    }
    const model = fleet.model;
    const checked = function* () {
      for (const instance of fleet.instances()) if (options.all || instance.state === 'running') yield instance;
    };
    // The report goes into the file's pages once they are parsed: no page faults for it.
    return await reportChecks(model, checked(), undefined, source, io, options, true, fleet.spare);
  } catch (error) {
    if (error instanceof FleetFallback) return fellBack(error, io);
    throw error;
  } finally {
    fleet.close();
  }
}

/** The file is read again the usual way; SSM_REACH_DEBUG=1 says why (a cut that did not stand, bad input …). */
function fellBack(error: Error, io: Io): undefined {
  if (io.env['SSM_REACH_DEBUG']) io.stderr.write(`ssm-reach: reading the snapshot on one thread: ${error.message}\n`);
  return undefined;
}

export function selectInstances(model: Model, ids: readonly string[], all: boolean): Instance[] {
  if (ids.length > 0) {
    return ids.map((id) => {
      const instance = model.instances.get(id);
      if (!instance) {
        const known = [...model.instances.keys()].slice(0, 5).join(', ');
        throw new UsageError(`no instance ${id} in the input${known ? ` (it has ${known}${model.instances.size > 5 ? ', …' : ''})` : ' (it holds no instances)'}.`);
      }
      return instance;
    });
  }
  return [...model.instances.values()].filter((instance) => all || instance.state === 'running');
}

/** The exit code from the counts: the same rule as exitCode. */
export function exitCodeOf(summary: Summary, strict: boolean): number {
  if (summary.blocked > 0 || summary.partial > 0) return 1;
  if (strict && summary.unknown > 0) return 1;
  return 0;
}

export function exitCode(results: readonly InstanceResult[], strict: boolean): number {
  const verdicts = results.flatMap((r) => r.checks.map((c) => c.verdict));
  if (verdicts.some((v) => v === 'blocked' || v === 'partial')) return 1;
  if (strict && verdicts.includes('unknown')) return 1;
  return 0;
}
