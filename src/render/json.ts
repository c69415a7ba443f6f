import type { ExplainedCheck, ExplainedInstance, Summary } from '../explain/report.ts';
import type { InstanceResult } from '../eval/types.ts';
import type { MemorySource } from './byte-writer.ts';
import { ByteWriter } from './byte-writer.ts';
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
 * as one string. The chunks concatenate to one JSON document: text, and the UTF-8 bytes of the
 * check texts that instances of one class share, encoded once (see `checkBytesCache`).
 */
export function* renderJson(source: SourceInfo, instances: Iterable<ExplainedInstance>, warnings: readonly Warning[], summary: () => Summary, options: JsonOptions): Generator<string | Uint8Array> {
  const report = new JsonReport(options);
  yield report.begin(source);
  for (const instance of instances) {
    report.add(instance);
    const full = report.take(CHUNK);
    if (full) yield* full;
  }
  const rest = report.take();
  if (rest) yield* rest;
  yield report.end(warnings, summary());
}

/**
 * The report written an instance at a time. Besides `add`, an instance whose JSON after its name
 * is known to be another's (`tail`, see cli/json-report.ts) is written with `addAlike`.
 */
export class JsonReport {
  private readonly out: ByteWriter;
  private readonly checkBytes: (check: ExplainedCheck) => Uint8Array;
  private readonly placeBytes = placeBytesCache();
  private first = true;

  /** `memory`: where to write before allocating (render/byte-writer.ts). */
  constructor(options: JsonOptions, memory?: MemorySource) {
    this.checkBytes = checkBytesCache(options);
    this.out = new ByteWriter(BUFFER_BYTES, memory);
  }

  /** The document up to the first result. */
  begin(source: SourceInfo): string {
    return `{"schemaVersion":1,"source":${JSON.stringify(source)},"results":[`;
  }

  /** `JSON.stringify(instanceJson(instance))`, written out around bytes that instances share. */
  add(instance: ExplainedInstance): void {
    const r = instance.result;
    this.head(r.instanceId, r.name);
    this.writeTail(instance);
  }

  /** An instance whose JSON after `"name":…,` is `tail`. */
  addAlike(instanceId: string, name: string | undefined, tail: Uint8Array): void {
    this.head(instanceId, name);
    this.out.bytes(tail);
  }

  /** The JSON of `instance` after its name, as `add` writes it. */
  tail(instance: ExplainedInstance): Uint8Array {
    // Most tails are a few hundred bytes; a blocked check's paths make some tens of KB.
    const out = new ByteWriter(1 << 10);
    this.writeTail(instance, out);
    return Buffer.concat(out.take() ?? []);
  }

  /** Full buffers, once at least `atLeast` bytes are waiting (all by default). */
  take(atLeast?: number): Uint8Array[] | undefined {
    return this.out.take(atLeast);
  }

  /** The rest of the document. */
  end(warnings: readonly Warning[], summary: Summary): string {
    return `\n],"warnings":${JSON.stringify(warnings.map(warningJson))},"summary":${JSON.stringify(summary)}}\n`;
  }

  private head(instanceId: string, name: string | undefined): void {
    this.out.text(`${this.first ? '\n' : ',\n'}{"instanceId":${JSON.stringify(instanceId)},"name":${name === undefined ? 'null' : JSON.stringify(name)},`);
    this.first = false;
  }

  private writeTail(instance: ExplainedInstance, out = this.out): void {
    const r = instance.result;
    out.bytes(this.placeBytes(r));
    for (let i = 0; i < instance.checks.length; i++) {
      if (i > 0) out.ascii(COMMA);
      out.bytes(this.checkBytes(instance.checks[i]!));
    }
    if (r.warnings.length === 0) out.bytes(NO_WARNINGS);
    else out.text(`],"warnings":${JSON.stringify(r.warnings)}}`);
  }
}

/**
 * Buffers of 1 MB, handed on when nearly full: each is one write to the output, and a fleet's
 * report is hundreds of MB (at 100,000 instances, 64 KB buffers made 3,500 writes, ~0.4 s).
 */
const BUFFER_BYTES = 1 << 20;
/** Bytes handed on at a time. */
export const CHUNK = BUFFER_BYTES - (1 << 16);
const COMMA = 0x2c;
const NO_WARNINGS = Buffer.from('],"warnings":[]}');

/** `"state":…,"vpcId":…,"subnetId":…,"region":…,"checks":[` — the same for a subnet's instances. */
function placeBytesCache(): (r: InstanceResult) => Uint8Array {
  // Nested by value: the model hands these out as shared strings, so each lookup is cheap.
  const byState = new Map<string, Map<string, Map<string, Map<string | undefined, Uint8Array>>>>();
  return (r) => {
    let byVpc = byState.get(r.state);
    if (!byVpc) byState.set(r.state, (byVpc = new Map()));
    let bySubnet = byVpc.get(r.vpcId);
    if (!bySubnet) byVpc.set(r.vpcId, (bySubnet = new Map()));
    let byRegion = bySubnet.get(r.subnetId);
    if (!byRegion) bySubnet.set(r.subnetId, (byRegion = new Map()));
    let bytes = byRegion.get(r.region);
    if (!bytes) {
      const text = `"state":${JSON.stringify(r.state)},"vpcId":${JSON.stringify(r.vpcId)},"subnetId":${JSON.stringify(r.subnetId)},"region":${r.region === undefined ? 'null' : JSON.stringify(r.region)},"checks":[`;
      byRegion.set(r.region, (bytes = Buffer.from(text)));
    }
    return bytes;
  };
}

/**
 * One check's JSON as UTF-8, made once per explained check (instances of a class share theirs,
 * explainInstance) or, when reachable, per result; for short reachable checks once per notes,
 * check and via — all that the short form shows, so per-instance results such as IMDS share it.
 */
function checkBytesCache(options: JsonOptions): (check: ExplainedCheck) => Uint8Array {
  const byExplained = new WeakMap<object, Uint8Array>();
  // Per notes list, the few (check, via) pairs seen with it: a scan beats more map lookups.
  const shortByNotes = new WeakMap<readonly string[], Array<{ check: string; via: string; bytes: Uint8Array }>>();
  const encode = (check: ExplainedCheck) => Buffer.from(JSON.stringify(checkJson(check, options)));
  return (check) => {
    const c = check.result;
    if (c.verdict === 'reachable' && !options.allPaths) {
      let seen = shortByNotes.get(c.notes);
      if (!seen) shortByNotes.set(c.notes, (seen = []));
      for (const entry of seen) if (entry.check === c.check && entry.via === c.via) return entry.bytes;
      const bytes = encode(check);
      seen.push({ check: c.check, via: c.via, bytes });
      return bytes;
    }
    // A reachable check's explanation is empty: its result alone decides the text.
    const key = c.verdict === 'reachable' ? c : check;
    let bytes = byExplained.get(key);
    if (bytes === undefined) byExplained.set(key, (bytes = encode(check)));
    return bytes;
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
