import { containsIpv4 } from '../model/address.ts';
import type { NetworkAcl, NetworkAclEntry } from '../model/types.ts';
import type { PortSet } from './port-set.ts';
import { intersect, isEmpty, portSet, subtract } from './port-set.ts';

export interface NetworkAclMatch {
  /** The entry that decided these ports; undefined = the implicit deny when no entry matched. */
  entry: NetworkAclEntry | undefined;
  action: 'allow' | 'deny';
  ports: PortSet;
}

export interface NetworkAclDecision {
  allowed: PortSet;
  denied: PortSet;
  matches: NetworkAclMatch[];
}

/**
 * First match in ascending rule order (NACL-2, NACL-10), over a whole set of destination ports at
 * once. `peer` is the packet's source for inbound entries and its destination for outbound ones
 * (NACL-3). IPv4 entries only match IPv4 packets (NACL-2); we only evaluate IPv4 flows.
 */
export function evaluateNetworkAcl(acl: NetworkAcl, direction: 'inbound' | 'outbound', peer: number, protocol: number, ports: PortSet): NetworkAclDecision {
  const entries = direction === 'inbound' ? acl.inbound : acl.outbound;
  let remaining = ports;
  let allowed: PortSet = [];
  let denied: PortSet = [];
  const matches: NetworkAclMatch[] = [];
  for (const entry of entries) {
    if (isEmpty(remaining)) break;
    if (!containsIpv4(entry.range, peer)) continue;
    if (entry.protocol !== -1 && entry.protocol !== protocol) continue;
    const hit = entry.ports ? intersect(remaining, portSet(entry.ports.from, entry.ports.to)) : remaining;
    if (isEmpty(hit)) continue;
    matches.push({ entry, action: entry.action, ports: hit });
    if (entry.action === 'allow') allowed = union(allowed, hit);
    else denied = union(denied, hit);
    remaining = subtract(remaining, hit);
  }
  if (!isEmpty(remaining)) {
    matches.push({ entry: undefined, action: 'deny', ports: remaining });
    denied = union(denied, remaining);
  }
  return { allowed, denied, matches };
}

/** A NACL crossing as the steps use it: the decision, the ports that pass, and the pass hop's text. */
export interface NetworkAclCrossing {
  decision: NetworkAclDecision;
  allowed: PortSet;
  /** The entries that decided, as a passing hop shows them. */
  deciding: string;
}

/**
 * Crossings by entry list, then by protocol, the one port range asked and which entries contain
 * the peer (a bit per entry). The decision reads the peer only through `containsIpv4`, so peers
 * inside the same entries share it: the first instance of each source class has its own address
 * but meets the same entries as the classes before it, and the port sets and strings are built
 * once per NACL and question. Keyed by the entry arrays, which are never changed in place
 * (what-if edits build new ones). Numbers, not strings, as keys: this runs for every NACL a walk
 * crosses.
 */
const crossings = new WeakMap<readonly NetworkAclEntry[], Map<number, Map<number, NetworkAclCrossing>>>();

export function crossNetworkAcl(acl: NetworkAcl, direction: 'inbound' | 'outbound', peer: number, protocol: number, ports: PortSet): NetworkAclCrossing {
  const entries = direction === 'inbound' ? acl.inbound : acl.outbound;
  // Every step asks about one range; anything else (or a NACL too long for the mask) is not kept.
  if (ports.length !== 1 || entries.length > 30 || protocol < 0 || protocol > 255) return crossing(acl, direction, peer, protocol, ports);
  let byQuestion = crossings.get(entries);
  if (!byQuestion) crossings.set(entries, (byQuestion = new Map()));
  const [from, to] = ports[0]!;
  const question = (protocol * 65536 + from) * 65536 + to;
  let byMask = byQuestion.get(question);
  if (!byMask) byQuestion.set(question, (byMask = new Map()));
  let mask = 0;
  for (let i = 0; i < entries.length; i++) if (containsIpv4(entries[i]!.range, peer)) mask |= 1 << i;
  let known = byMask.get(mask);
  if (!known) byMask.set(mask, (known = crossing(acl, direction, peer, protocol, ports)));
  return known;
}

function crossing(acl: NetworkAcl, direction: 'inbound' | 'outbound', peer: number, protocol: number, ports: PortSet): NetworkAclCrossing {
  const decision = evaluateNetworkAcl(acl, direction, peer, protocol, ports);
  const deciding = decision.matches.map((m) => m.entry?.text).filter(Boolean).join('; ');
  return { decision, allowed: intersect(decision.allowed, ports), deciding };
}

function union(a: PortSet, b: PortSet): PortSet {
  const all = [...a, ...b].map(([from, to]) => [from, to] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of all) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}
