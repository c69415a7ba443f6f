import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { rawFromDocument } from '../../src/load/raw-from-document.ts';
import { buildModel } from '../../src/model/build-model.ts';
import { Evaluator } from '../../src/eval/evaluate.ts';
import type { CheckResult, InstanceResult } from '../../src/eval/types.ts';

export const DEMO = new URL('../../models/demo/snapshot.json', import.meta.url).pathname;

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ssm-reach-test-'));
}

export function writeTemp(name: string, content: string | Buffer, dir = tempDir()): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Evaluate an in-memory snapshot document; returns results by instance id. */
export function evaluateDocument(document: unknown): Map<string, InstanceResult> {
  const model = buildModel(rawFromDocument(document, 'test.json'));
  const evaluator = new Evaluator(model);
  return new Map([...model.instances.values()].map((i) => [i.id, evaluator.evaluateInstance(i)]));
}

export function check(results: Map<string, InstanceResult>, instanceId: string, name: string): CheckResult {
  const found = results.get(instanceId)?.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check for ${instanceId}`);
  return found;
}

/** The demo snapshot, deep-copied, for tests that mutate it. */
export function demoDocument(): any {
  return readJson(DEMO);
}

/** The reference models (models/*) that have a snapshot, by folder name, sorted. */
export const MODELS_ROOT = new URL('../../models/', import.meta.url).pathname;
export function referenceModels(): string[] {
  return readdirSync(MODELS_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(MODELS_ROOT, entry.name, 'snapshot.json')))
    .map((entry) => entry.name)
    .sort();
}

const decoder = new TextDecoder();
/** A report's chunks (text and UTF-8 bytes) as one string. */
export function chunksText(chunks: Iterable<string | Uint8Array>): string {
  return [...chunks].map((c) => (typeof c === 'string' ? c : decoder.decode(c))).join('');
}
