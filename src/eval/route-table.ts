import { containsIpv4 } from '../model/address.ts';
import type { Model, Route, RouteTable } from '../model/types.ts';

export type RouteSelection =
  | { kind: 'selected'; route: Route; prefix: number; /** Less specific routes that also match (MORE_SPECIFIC_ROUTE). */ shadowed: Route[] }
  | { kind: 'none' }
  | { kind: 'ambiguous'; routes: Route[] }
  | { kind: 'unknown-prefix-list'; prefixListIds: string[] };

interface Candidate {
  route: Route;
  prefix: number;
  /** 0 static CIDR, 1 prefix list, 2 propagated (RT-2 tie-breaks). */
  rank: number;
}

/**
 * Longest prefix match for an IPv4 destination (RT-2): longest prefix, then static over
 * prefix-list over propagated; a prefix-list route is as specific as its matching entry; a
 * propagated route never beats the local route for VPC addresses. The selection happens before
 * route state is considered, so a selected blackhole drops the packet (RT-4).
 *
 * `ignoreGatewayEndpointLists`: gateway-endpoint routes point at AWS service prefix lists
 * (S3/DynamoDB) that hold only that service's ranges, never SSM's (SG-6, GWE-1).
 */
export function selectRoute(model: Model, table: RouteTable, destination: number, ignoreGatewayEndpointLists: boolean): RouteSelection {
  const candidates: Candidate[] = [];
  const unknownLists: string[] = [];
  let localPrefix = -1;
  for (const route of table.routes) {
    const where = route.destination;
    if (where.kind === 'cidr') {
      if (!containsIpv4(where.range, destination)) continue;
      if (route.target.kind === 'local') localPrefix = Math.max(localPrefix, where.range.prefix);
      candidates.push({ route, prefix: where.range.prefix, rank: route.propagated ? 2 : 0 });
      continue;
    }
    const list = model.prefixLists.get(where.prefixListId);
    // A gateway endpoint's route always names an AWS service list; a customer list whose entries
    // we can read, routed to an unknown `vpce-`, goes to a GWLB endpoint: a real route, not one to
    // skip (found by the oracle).
    const customerList = list !== undefined && !list.awsManaged && list.ranges !== undefined;
    if (ignoreGatewayEndpointLists && route.target.kind === 'vpc-endpoint' && isGatewayEndpoint(model, route.target.id) && !customerList) continue;
    if (!list || list.ranges === undefined) {
      unknownLists.push(where.prefixListId);
      continue;
    }
    let best = -1;
    for (const range of list.ranges) if (containsIpv4(range, destination) && range.prefix > best) best = range.prefix;
    if (best >= 0) candidates.push({ route, prefix: best, rank: route.propagated ? 2 : 1 });
  }
  // RT-2: propagated routes that overlap the local route never win, even when more specific.
  const eligible = localPrefix >= 0 ? candidates.filter((c) => !(c.route.propagated && c.prefix > localPrefix)) : candidates;
  if (eligible.length === 0) return unknownLists.length > 0 ? { kind: 'unknown-prefix-list', prefixListIds: unknownLists } : { kind: 'none' };
  eligible.sort((a, b) => b.prefix - a.prefix || a.rank - b.rank);
  const best = eligible[0]!;
  if (unknownLists.length > 0) {
    // A list we cannot read might hold a longer match than the best we have.
    return { kind: 'unknown-prefix-list', prefixListIds: unknownLists };
  }
  const ties = eligible.filter((c) => c.prefix === best.prefix && c.rank === best.rank);
  if (best.rank === 1 && new Set(ties.map((c) => c.route.target.id)).size > 1) {
    // RT-2: overlapping prefix lists to different targets — AWS picks one, we cannot know which.
    return { kind: 'ambiguous', routes: ties.map((c) => c.route) };
  }
  return { kind: 'selected', route: best.route, prefix: best.prefix, shadowed: eligible.slice(1).filter((c) => c.prefix < best.prefix).map((c) => c.route) };
}

/**
 * Selections by model, table and destination. A selection reads only the model (the table, its
 * prefix lists, endpoint types), so it is the same for every walk: the public pieces and endpoint
 * addresses are looked up again by every source class, and the return legs by each class's
 * address. Keyed by the model first, as an edited model (what-if) may keep this model's tables.
 */
const selections = new WeakMap<Model, WeakMap<RouteTable, Map<number, RouteSelection>>>();

export function selectRouteOnce(model: Model, table: RouteTable, destination: number, ignoreGatewayEndpointLists: boolean): RouteSelection {
  let byTable = selections.get(model);
  if (!byTable) selections.set(model, (byTable = new WeakMap()));
  let byDestination = byTable.get(table);
  if (!byDestination) byTable.set(table, (byDestination = new Map()));
  const key = destination * 2 + (ignoreGatewayEndpointLists ? 1 : 0);
  let selection = byDestination.get(key);
  if (!selection) byDestination.set(key, (selection = selectRoute(model, table, destination, ignoreGatewayEndpointLists)));
  return selection;
}

function isGatewayEndpoint(model: Model, id: string): boolean {
  const endpoint = model.vpcEndpoints.get(id);
  // A `vpce-` target of a prefix-list route is a gateway endpoint unless we know otherwise.
  return endpoint === undefined || endpoint.type === 'gateway';
}
