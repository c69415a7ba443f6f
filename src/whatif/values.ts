import type { AddressRange } from '../model/address.ts';
import { parseCidr } from '../model/address.ts';
import { hasPorts, portText, protocolName } from '../model/protocol.ts';
import type { PortRange, Protocol } from '../model/types.ts';
import type { Draft } from './draft.ts';

// Values inside operations (protocols, ports, CIDRs), checked against what the EC2 API accepts and
// turned into the model's own types, with the model's rule texts.

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1, '-1': -1 };

export function protocolOf(draft: Draft, text: string): Protocol {
  const lower = text.trim().toLowerCase();
  const named = PROTOCOLS[lower];
  if (named !== undefined) return named;
  if (/^\d+$/.test(lower) && Number(lower) <= 255) return Number(lower);
  return draft.fail(undefined, `"${text}" is not a protocol (tcp, udp, icmp, all, -1 or a number 0–255).`);
}

/** TCP/UDP need a port range (toPort defaults to fromPort); other protocols match every port. */
export function portsOf(draft: Draft, protocol: Protocol, fromPort: number | undefined, toPort: number | undefined): PortRange | undefined {
  if (!hasPorts(protocol)) return undefined;
  if (fromPort === undefined) return draft.fail(undefined, `${protocolName(protocol)} needs fromPort (and toPort for a range).`);
  const to = toPort ?? fromPort;
  for (const port of [fromPort, to]) {
    if (port < 0 || port > 65535) draft.fail(undefined, `port ${port} is out of range (0–65535).`);
  }
  if (to < fromPort) draft.fail(undefined, `the port range ${fromPort}–${to} ends before it starts.`);
  return { from: fromPort, to };
}

export function cidrOf(draft: Draft, text: string): AddressRange {
  const range = parseCidr(text);
  if (typeof range === 'string') return draft.fail(undefined, `${range}.`);
  return range;
}

export function ruleWhat(protocol: Protocol, ports: PortRange | undefined): string {
  return protocol === -1 ? 'all traffic' : `${protocolName(protocol)} ${portText(ports)}`;
}

export function samePorts(a: PortRange | undefined, b: PortRange | undefined): boolean {
  const full = (p: PortRange | undefined) => p === undefined || (p.from === 0 && p.to === 65535);
  if (full(a) && full(b)) return true;
  return a !== undefined && b !== undefined && a.from === b.from && a.to === b.to;
}
