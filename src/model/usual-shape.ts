// Shared by the plain readers of interfaces and instances (network-interfaces.ts, instances.ts):
// they read the shape AWS writes with plain property access and give up, returning UNUSUAL, at
// the first field of another type, so the checked Reader decides and names what is wrong.

export const UNUSUAL = Symbol('unusual');

export type Json = Record<string, unknown>;

/** A JSON object, as the Reader accepts one. */
export const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Absent the way the Reader's optional getters see it. */
export const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

/** Absent, or of `type`: what the Reader's `optStr` ('string') and `optBool` ('boolean') accept without converting. */
export function optional(value: unknown, type: 'string'): value is string | undefined | null;
export function optional(value: unknown, type: 'boolean'): value is boolean | undefined | null;
export function optional(value: unknown, type: 'string' | 'boolean'): boolean {
  return absent(value) || typeof value === type;
}
