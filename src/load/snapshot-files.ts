import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { addDocument } from './raw-from-document.ts';
import { InputError } from './input-error.ts';
import { cannotRead, checkUtf8 } from './shared-file.ts';
import type { RawSnapshot } from './raw-snapshot.ts';
import { emptyRawSnapshot } from './raw-snapshot.ts';
import { regionFromPath } from './region.ts';


/**
 * Read a snapshot: one JSON file, or a directory searched recursively for `*.json` files
 * (sorted, so the merge is deterministic). Files are merged by top-level key (DESIGN.md §2).
 */
export function loadSnapshotPath(path: string): RawSnapshot {
  const root = resolve(path);
  let stats;
  try {
    stats = statSync(root);
  } catch {
    throw new InputError(path, '', 'no such file or directory. Pass a snapshot JSON file or a folder of them with --snapshot.');
  }
  const raw = emptyRawSnapshot();
  if (stats.isDirectory()) {
    const files = findJsonFiles(root);
    if (files.length === 0) {
      throw new InputError(path, '', 'the folder holds no *.json files. Write one with `ssm-reach snapshot` or `aws ec2 describe-… --output json`.');
    }
    for (const file of files) {
      const shown = join(path, relative(root, file));
      addDocument(raw, parseJsonFile(file, shown), shown, regionOf(file, root));
    }
  } else {
    addDocument(raw, parseJsonFile(root, path), path, regionFromPath(root));
  }
  return raw;
}

function regionOf(file: string, root: string): string | undefined {
  return regionFromPath(relative(root, file)) ?? regionFromPath(root + '/x');
}

function findJsonFiles(dir: string, seen = new Set<string>()): string[] {
  const real = statSync(dir);
  const key = `${real.dev}:${real.ino}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findJsonFiles(full, seen));
    else if (entry.name.endsWith('.json') && (entry.isFile() || entry.isSymbolicLink())) out.push(full);
  }
  return out;
}

/** A snapshot file's bytes, checked to be UTF-8 (`shown` names it in errors). */
export function readSnapshotBytes(file: string, shown: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw cannotRead(shown, error);
  }
  checkUtf8(bytes, shown);
  return bytes;
}

export function parseJsonFile(file: string, shown: string): unknown {
  let bytes: Buffer | undefined = readSnapshotBytes(file, shown);
  let text = bytes.toString('utf8');
  // Let go of the bytes before parsing: a fleet-sized file is hundreds of MB held twice otherwise.
  bytes = undefined;
  // A byte order mark is not JSON, but editors write one.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(shown, '', `is not valid JSON (${jsonErrorWhere(text, (error as Error).message)}).`);
  }
}

function jsonErrorWhere(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  const cleaned = message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  if (!position?.[1]) return text.trim() === '' ? 'the file is empty' : cleaned;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${cleaned} at line ${line}, column ${column}`;
}
