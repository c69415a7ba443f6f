import type { AddressRange } from '../model/address.ts';
import { parseCidr } from '../model/address.ts';
import type { Model, NetworkAcl, NetworkAclEntry, RouteTable, SecurityGroupRule } from '../model/types.ts';

// RT-9: the public addresses of ssm.<region>.amazonaws.com are not in the configuration. Instead
// of guessing one, we split the public IPv4 space at every boundary that a relevant route, NACL
// entry or security-group rule draws, and evaluate one address per piece: within a piece every
// rule treats all addresses alike, so the pieces together answer for every possible address. A
// NACL entry or egress rule that no packet of the check can match (SSH from an office, UDP) is
// not relevant: pieces it would separate get the same walk.

export interface PublicPiece {
  first: number;
  last: number;
  /** The address evaluated for the whole piece. */
  representative: number;
}

/** Never an AWS public service address: special-purpose and private ranges (RFC 6890). */
const NOT_PUBLIC = [
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
].map((text) => parseCidr(text) as AddressRange & { family: 4 });

export interface RelevantRules {
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  /** The source's egress rules that can decide (EgressClasses). */
  egressRules: SecurityGroupRule[];
  /** VPC CIDRs and AWS service prefix lists (S3, DynamoDB): never where an SSM address lives. */
  excluded: AddressRange[];
}

export function publicPieces(model: Model, rules: RelevantRules): PublicPiece[] {
  const cuts = new Set<number>([0, 2 ** 32]);
  const cut = (range: AddressRange) => {
    if (range.family !== 4) return;
    cuts.add(range.first);
    cuts.add(range.last + 1);
  };
  const cutList = (id: string) => model.prefixLists.get(id)?.ranges?.forEach(cut);
  for (const table of rules.routeTables) {
    for (const route of table.routes) {
      if (route.destination.kind === 'cidr') cut(route.destination.range);
      else cutList(route.destination.prefixListId);
    }
  }
  // Only entries and rules that can meet a packet to or from a public service address draw a
  // line: others treat every address alike, so cutting there only multiplies identical walks.
  for (const acl of rules.networkAcls) {
    for (const entry of acl.outbound) if (meetsOutbound(entry)) cut(entry.range);
    for (const entry of acl.inbound) if (meetsInbound(entry)) cut(entry.range);
  }
  for (const rule of rules.egressRules) {
    if (!carriesTcp(rule.protocol) || (rule.ports && (rule.ports.from > HTTPS || rule.ports.to < HTTPS))) continue;
    if (rule.peer.kind === 'cidr') cut(rule.peer.range);
    else if (rule.peer.kind === 'prefix-list') cutList(rule.peer.prefixListId);
  }
  const excluded = [...NOT_PUBLIC, ...rules.excluded.filter((r): r is AddressRange & { family: 4 } => r.family === 4)].sort((a, b) => a.first - b.first);
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: PublicPiece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const first = sorted[i]!;
    const last = sorted[i + 1]! - 1;
    const representative = firstPublicAddress(first, last, excluded);
    if (representative !== undefined) pieces.push({ first, last, representative });
  }
  return pieces;
}

const HTTPS = 443;
/** The lowest ephemeral port of any client on a public leg: NAT gateways use 1024–65535 (NACL-6). */
const LOWEST_EPHEMERAL = 1024;

const carriesTcp = (protocol: number) => protocol === -1 || protocol === 6;

/** NACL-8: outbound, a public address is the destination of TCP 443 (the request). */
function meetsOutbound(entry: NetworkAclEntry): boolean {
  return carriesTcp(entry.protocol) && (!entry.ports || (entry.ports.from <= HTTPS && HTTPS <= entry.ports.to));
}

/** NACL-8: inbound, a public address is the source of the reply, to an ephemeral port (NACL-6). */
function meetsInbound(entry: NetworkAclEntry): boolean {
  return carriesTcp(entry.protocol) && (!entry.ports || entry.ports.to >= LOWEST_EPHEMERAL);
}

function firstPublicAddress(first: number, last: number, excluded: ReadonlyArray<{ first: number; last: number }>): number | undefined {
  let candidate = first;
  let moved = true;
  while (moved && candidate <= last) {
    moved = false;
    for (const range of excluded) {
      if (range.first <= candidate && candidate <= range.last) {
        candidate = range.last + 1;
        moved = true;
      }
    }
  }
  return candidate <= last ? candidate : undefined;
}
