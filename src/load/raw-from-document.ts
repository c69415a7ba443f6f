import { InputError } from './input-error.ts';
import type { RawSnapshot } from './raw-snapshot.ts';
import { SNAPSHOT_KEYS } from './raw-snapshot.ts';

const KNOWN_KEYS: ReadonlySet<string> = new Set(SNAPSHOT_KEYS);

/**
 * Merge one parsed document into `raw`. Arrays under known keys are appended element by element
 * (files are merged by key, DESIGN.md §2); unknown keys are ignored; `Region` is kept.
 * Recorded API responses wrapped as `{"status_code": 200, "data": {...}}` are unwrapped.
 */
export function addDocument(raw: RawSnapshot, document: unknown, file: string, region: string | undefined): void {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError(file, '$', `expected a JSON object with EC2 keys such as "Reservations", got ${describe(document)}.`);
  }
  let root = document as Record<string, unknown>;
  let base = '$';
  const data = root['data'];
  if ('status_code' in root && data !== null && typeof data === 'object' && !Array.isArray(data)) {
    root = data as Record<string, unknown>;
    base = '$.data';
  }
  raw.sources.push(file);
  for (const [key, value] of Object.entries(root)) {
    if (key === 'Region') {
      if (typeof value !== 'string') {
        throw new InputError(file, `${base}.Region`, `expected a region name string, got ${describe(value)}.`);
      }
      raw.region ??= { value, file };
      continue;
    }
    if (!KNOWN_KEYS.has(key)) continue;
    if (!Array.isArray(value)) {
      throw new InputError(file, `${base}.${key}`, `expected an array, got ${describe(value)}.`);
    }
    let list = raw.items.get(key);
    if (!list) {
      list = [];
      raw.items.set(key, list);
    }
    value.forEach((element, index) => {
      const item = { value: element, file, path: `${base}.${key}[${index}]` };
      list.push(region === undefined ? item : { ...item, region });
    });
    raw.absent.delete(key);
  }
}

/** A raw snapshot from one in-memory document (the live reader's output, a test fixture). */
export function rawFromDocument(document: unknown, sourceName: string, absent?: Map<string, string>): RawSnapshot {
  const raw: RawSnapshot = { items: new Map(), absent: new Map(absent ?? []), sources: [] };
  const region =
    document && typeof document === 'object' && typeof (document as { Region?: unknown }).Region === 'string'
      ? ((document as { Region: string }).Region)
      : undefined;
  addDocument(raw, document, sourceName, region);
  return raw;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
