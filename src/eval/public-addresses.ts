import type { AddressRange } from '../model/address.ts';
import { parseCidr } from '../model/address.ts';
import type { Model, NetworkAcl, RouteTable, SecurityGroupRule } from '../model/types.ts';

// RT-9: the public addresses of ssm.<region>.amazonaws.com are not in the configuration. Instead
// of guessing one, we split the public IPv4 space at every boundary that a relevant route, NACL
// entry or security-group rule draws, and evaluate one address per piece: within a piece every
// rule treats all addresses alike, so the pieces together answer for every possible address.

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
  for (const acl of rules.networkAcls) for (const entry of [...acl.inbound, ...acl.outbound]) cut(entry.range);
  for (const rule of rules.egressRules) {
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
