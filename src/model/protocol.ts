import type { Reader } from './reader.ts';
import type { PortRange, Protocol } from './types.ts';

const NAMES: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1 };
const NUMBERS: Record<number, string> = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' };

/** `tcp` ≡ `6`; `-1` = all (SG-5, NACL-3). */
export function readProtocol(reader: Reader, key: string): Protocol {
  const raw = reader.value[key];
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (text === undefined) reader.fail(key, raw === undefined ? 'is missing; expected a protocol such as "tcp", "6" or "-1".' : 'expected a protocol such as "tcp", "6" or "-1".');
  // Own names only: "constructor" or "__proto__" must not find Object.prototype (found by the hostile corpus).
  const named = Object.hasOwn(NAMES, text) ? NAMES[text] : undefined;
  if (named !== undefined) return named;
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (n === -1 || (n >= 0 && n <= 255)) return n;
  }
  return reader.fail(key, `"${String(raw)}" is not a protocol name or number (0–255, or -1 for all).`);
}

export function protocolName(protocol: Protocol): string {
  if (protocol === -1) return 'all';
  return NUMBERS[protocol] ?? `protocol ${protocol}`;
}

/** Ports only mean something for TCP and UDP; other protocols match every port (SG-5, NACL-3). */
export function hasPorts(protocol: Protocol): boolean {
  return protocol === 6 || protocol === 17;
}

export function readPortRange(reader: Reader, fromKey: string, toKey: string): PortRange {
  let from = reader.optNum(fromKey);
  let to = reader.optNum(toKey);
  // -1 is the EC2 API's "any" sentinel; some tools write it for an open end of a TCP range.
  if (from === -1) from = 0;
  if (to === -1) to = 65535;
  if (from === undefined || to === undefined) {
    reader.fail(from === undefined ? fromKey : toKey, 'is missing; a TCP or UDP rule needs a port range.');
  }
  if (from < 0 || from > 65535) reader.fail(fromKey, `port ${from} is out of range (0–65535).`);
  if (to < 0 || to > 65535) reader.fail(toKey, `port ${to} is out of range (0–65535).`);
  if (to < from) reader.fail(toKey, `the range ${from}–${to} ends before it starts.`);
  return { from, to };
}

export function portText(ports: PortRange | undefined): string {
  if (!ports) return 'all ports';
  if (ports.from === 0 && ports.to === 65535) return 'all ports';
  return ports.from === ports.to ? String(ports.from) : `${ports.from}-${ports.to}`;
}
