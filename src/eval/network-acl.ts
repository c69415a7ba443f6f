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
 * Crossings by entry list, then by the ports asked and which entries contain the peer. The
 * decision reads the peer only through `containsIpv4`, so peers inside the same entries share
 * it: the first instance of each source class has its own address but meets the same entries as
 * the classes before it, and the strings and port sets are built once per NACL and question.
 * Keyed by the entry arrays, which are never changed in place (what-if edits build new ones).
 */
const crossings = new WeakMap<readonly NetworkAclEntry[], Map<string, NetworkAclCrossing>>();

export function crossNetworkAcl(acl: NetworkAcl, direction: 'inbound' | 'outbound', peer: number, protocol: number, ports: PortSet): NetworkAclCrossing {
  const entries = direction === 'inbound' ? acl.inbound : acl.outbound;
  let byKey = crossings.get(entries);
  if (!byKey) crossings.set(entries, (byKey = new Map()));
  let key = `${protocol}|`;
  for (const [from, to] of ports) key += `${from}-${to},`;
  for (let i = 0; i < entries.length; i++) if (containsIpv4(entries[i]!.range, peer)) key += `|${i}`;
  let crossing = byKey.get(key);
  if (!crossing) {
    const decision = evaluateNetworkAcl(acl, direction, peer, protocol, ports);
    const deciding = decision.matches.map((m) => m.entry?.text).filter(Boolean).join('; ');
    crossing = { decision, allowed: intersect(decision.allowed, ports), deciding };
    byKey.set(key, crossing);
  }
  return crossing;
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
