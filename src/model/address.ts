import { createRequire } from 'node:module';

// Addresses are parsed and validated once, with ip-num, into plain integer ranges; evaluation then
// compares integers only (ip-num's own `contains` is ~1000× slower, DESIGN.md §5). The family is
// always carried: raw numbers of different families must never be compared (stack-notes: ip-num).
//
// IPv4 addresses and CIDR blocks in canonical form (what AWS writes) are read directly; ip-num
// handles everything else, and is loaded on first use: initialising it takes ~12 ms, a sixth of
// a check's start-up, and most snapshots never need it.

type IpNum = typeof import('ip-num');
let loaded: IpNum | undefined;
const ipNum = (): IpNum => (loaded ??= createRequire(import.meta.url)('ip-num') as IpNum);

export interface Ipv4Range {
  family: 4;
  first: number;
  last: number;
  prefix: number;
  /** Normalised CIDR text (host bits cleared). */
  text: string;
}

export interface Ipv6Range {
  family: 6;
  first: bigint;
  last: bigint;
  prefix: number;
  text: string;
}

export type AddressRange = Ipv4Range | Ipv6Range;

const cidrCache = new Map<string, AddressRange | string>();
const addressCache = new Map<string, number | string>();

/** Parse an IPv4 or IPv6 CIDR; a string result is the reason it is invalid. */
export function parseCidr(text: string): AddressRange | string {
  const cached = cidrCache.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseCidrUncached(text);
  if (cidrCache.size < 200_000) cidrCache.set(text, parsed);
  return parsed;
}

function parseCidrUncached(text: string): AddressRange | string {
  const canonical = canonicalIpv4Cidr(text);
  if (canonical !== undefined) return canonical;
  const { IPv4CidrRange, IPv6CidrRange, Validator } = ipNum();
  if (text.includes(':')) {
    if (!Validator.isValidIPv6CidrNotation(text)[0]) return `"${text}" is not an IPv6 CIDR block`;
    const range = IPv6CidrRange.fromCidr(text);
    const first = range.getFirst().getValue();
    const prefix = Number(range.cidrPrefix.getValue());
    return { family: 6, first, last: range.getLast().getValue(), prefix, text: `${range.getFirst().toString()}/${prefix}` };
  }
  if (!Validator.isValidIPv4CidrNotation(text)[0]) return `"${text}" is not an IPv4 CIDR block`;
  const range = IPv4CidrRange.fromCidr(text);
  const first = Number(range.getFirst().getValue());
  const prefix = Number(range.cidrPrefix.getValue());
  return { family: 4, first, last: Number(range.getLast().getValue()), prefix, text: `${formatIpv4(first)}/${prefix}` };
}

/** Parse a dotted IPv4 address to an unsigned 32-bit integer; a string result is the reason it is invalid. */
export function parseIpv4(text: string): number | string {
  // The canonical form (four decimal octets, no leading zeros) is read directly: a fleet has an
  // address per interface, and ip-num takes microseconds each. Anything else goes to ip-num,
  // which decides what is valid (DESIGN.md §5).
  const canonical = canonicalIpv4(text);
  if (canonical !== undefined) return canonical;
  const cached = addressCache.get(text);
  if (cached !== undefined) return cached;
  const { IPv4, Validator } = ipNum();
  const parsed = Validator.isValidIPv4String(text)[0]
    ? Number(IPv4.fromDecimalDottedString(text).getValue())
    : `"${text}" is not an IPv4 address`;
  if (addressCache.size < 500_000) addressCache.set(text, parsed);
  return parsed;
}

/** `a.b.c.d` with each octet 0–255 written without leading zeros, as a number; else undefined. */
export function canonicalIpv4(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      dots += 1;
      octet = 0;
      digits = 0;
      continue;
    }
    if (c < 48 || c > 57 || (digits > 0 && octet === 0)) return undefined;
    octet = octet * 10 + (c - 48);
    digits += 1;
    if (octet > 255) return undefined;
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + octet;
}

/** `a.b.c.d/n` with a canonical address and a prefix 0–32 written without leading zeros; else undefined. */
export function canonicalIpv4Cidr(text: string): Ipv4Range | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = canonicalIpv4(text.slice(0, slash));
  const digits = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(digits)) return undefined;
  const prefix = Number(digits);
  if (prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const first = (address & mask) >>> 0;
  const last = (first | (~mask >>> 0)) >>> 0;
  return { family: 4, first, last, prefix, text: `${formatIpv4(first)}/${prefix}` };
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export function containsIpv4(range: AddressRange, address: number): boolean {
  return range.family === 4 && range.first <= address && address <= range.last;
}
