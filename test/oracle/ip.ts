// The oracle's own IPv4 arithmetic: dotted quads and CIDR blocks as plain integer ranges.
// Deliberately separate from src/model/address.ts (the oracle shares no code with the engine).

export interface Block {
  first: number;
  last: number;
  prefix: number;
  text: string;
}

export function ipToInt(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** An IPv4 CIDR block; undefined for IPv6 or anything unparsable (the oracle reads IPv4 only). */
export function block(text: string): Block | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const base = ipToInt(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (base === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = base - (base % size);
  return { first, last: first + size - 1, prefix, text: `${intToIp(first)}/${prefix}` };
}

export function inBlock(b: Block, address: number): boolean {
  return b.first <= address && address <= b.last;
}

/**
 * Addresses that are never an AWS public service address (RFC 6890 special-purpose and private
 * space). The oracle only ever sends "public" packets to addresses outside these.
 */
export const NOT_PUBLIC: Block[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
].map((text) => block(text)!);
