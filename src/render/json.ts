import type { ExplainedCheck, ExplainedInstance, Summary } from '../explain/report.ts';
import type { Warning } from '../model/types.ts';

export interface SourceInfo {
  kind: 'snapshot' | 'aws' | 'terraform-plan';
  region: string | null;
  path?: string;
  [key: string]: unknown;
}

export interface JsonOptions {
  /** Give reachable checks every field and their hop-by-hop paths (by default they are short). */
  allPaths: boolean;
}

/**
 * DESIGN.md §3, schema version 1, streamed in chunks so a fleet-sized report never has to exist
 * as one string. The chunks concatenate to one JSON document.
 */
export function* renderJson(source: SourceInfo, instances: Iterable<ExplainedInstance>, warnings: readonly Warning[], summary: () => Summary, options: JsonOptions): Generator<string> {
  yield `{"schemaVersion":1,"source":${JSON.stringify(source)},"results":[`;
  const checkText = checkTextCache(options);
  let first = true;
  for (const instance of instances) {
    yield (first ? '\n' : ',\n') + instanceText(instance, checkText);
    first = false;
  }
  yield `\n],"warnings":${JSON.stringify(warnings.map(warningJson))},"summary":${JSON.stringify(summary())}}\n`;
}

/**
 * `JSON.stringify(instanceJson(instance))`, written out: instances of one class share their
 * explained checks (explainInstance), so each check's text is made once per class.
 */
function instanceText(instance: ExplainedInstance, checkText: (check: ExplainedCheck) => string): string {
  const r = instance.result;
  let checks = '';
  for (const check of instance.checks) checks += (checks === '' ? '' : ',') + checkText(check);
  return `{"instanceId":${JSON.stringify(r.instanceId)},"name":${r.name === undefined ? 'null' : JSON.stringify(r.name)},"state":${JSON.stringify(r.state)},"vpcId":${JSON.stringify(r.vpcId)},"subnetId":${JSON.stringify(r.subnetId)},"region":${r.region === undefined ? 'null' : JSON.stringify(r.region)},"checks":[${checks}],"warnings":${r.warnings.length === 0 ? '[]' : JSON.stringify(r.warnings)}}`;
}

/** One check's JSON text, remembered per explained check, and for short reachable checks per check, via and notes. */
function checkTextCache(options: JsonOptions): (check: ExplainedCheck) => string {
  const byExplained = new WeakMap<ExplainedCheck, string>();
  const shortByNotes = new WeakMap<readonly string[], Map<string, string>>();
  return (check) => {
    const c = check.result;
    if (c.verdict === 'reachable' && !options.allPaths) {
      // Per-instance results (IMDS) differ only in what the short form leaves out.
      let byKind = shortByNotes.get(c.notes);
      if (!byKind) shortByNotes.set(c.notes, (byKind = new Map()));
      const kind = `${c.check}\u0000${c.via}`;
      let text = byKind.get(kind);
      if (text === undefined) byKind.set(kind, (text = JSON.stringify(checkJson(check, options))));
      return text;
    }
    let text = byExplained.get(check);
    if (text === undefined) byExplained.set(check, (text = JSON.stringify(checkJson(check, options))));
    return text;
  };
}

export function instanceJson(instance: ExplainedInstance, options: JsonOptions): object {
  const r = instance.result;
  return {
    instanceId: r.instanceId,
    name: r.name ?? null,
    state: r.state,
    vpcId: r.vpcId,
    subnetId: r.subnetId,
    region: r.region ?? null,
    checks: instance.checks.map((check) => checkJson(check, options)),
    warnings: r.warnings,
  };
}

function checkJson(check: ExplainedCheck, options: JsonOptions): object {
  const c = check.result;
  // A fleet report is mostly reachable checks: keep those to verdict and via (plus any notes), so
  // output volume follows the problems, not the fleet. --paths gives them every field.
  if (c.verdict === 'reachable' && !options.allPaths) {
    return c.notes.length > 0 ? { check: c.check, verdict: c.verdict, via: c.via, notes: c.notes } : { check: c.check, verdict: c.verdict, via: c.via };
  }
  const out: Record<string, unknown> = {
    check: c.check,
    destination: c.destination,
    verdict: c.verdict,
    via: c.via,
    blockingHop: check.blockingHop,
    blockers: check.blockers,
    fix: check.fix,
  };
  if (c.notes.length > 0) out['notes'] = c.notes;
  out['paths'] = c.paths.map((path) => ({
    target: path.target,
    verdict: path.verdict,
    via: path.via,
    hops: path.hops.map((hop) => ({ leg: hop.leg, kind: hop.kind, resourceId: hop.resourceId, direction: hop.direction ?? null, decision: hop.decision, detail: hop.detail })),
  }));
  return out;
}

function warningJson(warning: Warning): object {
  return { code: warning.code, message: warning.message, resourceId: warning.resourceId ?? null, file: warning.origin?.file ?? null, path: warning.origin?.path ?? null };
}
