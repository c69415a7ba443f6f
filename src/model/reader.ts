import { InputError } from '../load/input-error.ts';
import { describe } from '../load/raw-from-document.ts';
import { parseCidr, parseIpv4 } from './address.ts';
import type { AddressRange } from './address.ts';
import type { Origin } from './types.ts';

/**
 * A typed view of one raw JSON value that knows its file and JSON path, so every type error names
 * exactly where it sits: `snap.json: $.SecurityGroups[2].IpPermissions[0].FromPort: expected …`.
 */
export class Reader {
  readonly value: Record<string, unknown>;
  readonly file: string;
  /** The path, or how to make it: a fleet has millions of elements and few are ever named. */
  private pathText: string | undefined;
  private readonly parent: Reader | undefined;
  private readonly key: string;
  private readonly index: number;

  constructor(value: unknown, file: string, path: string, parent?: Reader, key = '', index = -1) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(file, parent ? childPath(parent.path, key, index) : path, `expected an object, got ${describe(value)}.`);
    }
    this.value = value as Record<string, unknown>;
    this.file = file;
    this.pathText = parent ? undefined : path;
    this.parent = parent;
    this.key = key;
    this.index = index;
  }

  get path(): string {
    return (this.pathText ??= childPath(this.parent!.path, this.key, this.index));
  }

  get origin(): Origin {
    return { file: this.file, path: this.path };
  }

  fail(key: string, problem: string): never {
    throw new InputError(this.file, key ? `${this.path}.${key}` : this.path, problem);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  str(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v === '') this.fail(key, v === undefined ? 'is missing; expected a string.' : `expected a non-empty string, got ${describe(v)}.`);
    return v;
  }

  optStr(key: string): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${describe(v)}.`);
    return v;
  }

  /** A number, also accepting the numeric strings some tools write ("6", "100"). */
  optNum(key: string): number | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
    this.fail(key, `expected a number, got ${describe(v)}.`);
  }

  num(key: string): number {
    const v = this.optNum(key);
    if (v === undefined) this.fail(key, 'is missing; expected a number.');
    return v;
  }

  optBool(key: string): boolean | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.fail(key, `expected true or false, got ${describe(v)}.`);
  }

  /** `{"Value": true}` as in describe-vpc-attribute, or a bare boolean. */
  optAttributeBool(key: string): boolean | undefined {
    const v = this.value[key];
    if (v === undefined || v === null || typeof v === 'boolean') return v ?? undefined;
    return this.child(key)?.optBool('Value');
  }

  child(key: string): Reader | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    return new Reader(v, this.file, '', this, key);
  }

  /** Elements of an optional array of objects. */
  list(key: string): Reader[] {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(key, `expected an array, got ${describe(v)}.`);
    return v.map((element, index) => new Reader(element, this.file, '', this, key, index));
  }

  /**
   * `list(key).find((tag) => tag.optStr('Key') === name)?.optStr('Value')` — the same checks and
   * errors — without a Reader per tag: every instance has a list of them.
   */
  tagValue(name: string, key = 'Tags'): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(key, `expected an array, got ${describe(v)}.`);
    // A Reader made only to throw its error, as list() would for this element.
    for (let i = 0; i < v.length; i++) if (v[i] === null || typeof v[i] !== 'object' || Array.isArray(v[i])) new Reader(v[i], this.file, '', this, key, i);
    for (let i = 0; i < v.length; i++) {
      const tagKey = (v[i] as Record<string, unknown>)['Key'];
      if (tagKey === name) return new Reader(v[i], this.file, '', this, key, i).optStr('Value');
      if (tagKey !== undefined && tagKey !== null && typeof tagKey !== 'string') new Reader(v[i], this.file, '', this, key, i).optStr('Key');
    }
    return undefined;
  }

  /** Elements of an optional array of strings. */
  strings(key: string): string[] {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(key, `expected an array of strings, got ${describe(v)}.`);
    return v.map((element, index) => {
      if (typeof element !== 'string') {
        throw new InputError(this.file, `${this.path}.${key}[${index}]`, `expected a string, got ${describe(element)}.`);
      }
      return element;
    });
  }

  /** A CIDR block under `key` (required), optionally of one family. */
  cidr(key: string, family?: 4 | 6): AddressRange {
    return this.cidrText(key, this.str(key), family);
  }

  /** Parse `text` as a CIDR block, blaming `key` when it is not one. */
  cidrText(key: string, text: string, family?: 4 | 6): AddressRange {
    const range = parseCidr(text);
    if (typeof range === 'string') return this.fail(key, `${range}.`);
    if (family !== undefined && range.family !== family) {
      return this.fail(key, family === 4 ? `"${text}" is IPv6 where an IPv4 CIDR block is expected.` : `"${text}" is IPv4 where an IPv6 CIDR block is expected.`);
    }
    return range;
  }

  /** An IPv4 address under `key` (required). */
  ipv4(key: string): number {
    const text = this.str(key);
    const address = parseIpv4(text);
    if (typeof address === 'string') return this.fail(key, `${address}.`);
    return address;
  }
}

function childPath(parent: string, key: string, index: number): string {
  return index < 0 ? `${parent}.${key}` : `${parent}.${key}[${index}]`;
}
