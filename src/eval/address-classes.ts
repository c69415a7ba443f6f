import type { AddressRange } from '../model/address.ts';
import type { Model } from '../model/types.ts';

/**
 * Which private IPv4 addresses every rule of the model treats alike. An instance's address is a
 * peer in NACL entries, routes, security-group rules (CIDR, prefix-list and group-reference peers)
 * and nothing else. Cut the IPv4 space at the first and last+1 of every such range: two addresses
 * in the same piece are inside exactly the same ranges. Group references match by membership, so
 * the groups of the interfaces that own an address complete its class. Two sources with the same
 * class (and subnet, groups, platform, region) take the same decisions everywhere.
 */
export class AddressClasses {
  private readonly cuts: Float64Array;
  private readonly members = new Map<number, string>();

  constructor(model: Model) {
    const points = new Set<number>();
    const cut = (range: AddressRange) => {
      if (range.family !== 4) return;
      points.add(range.first);
      points.add(range.last + 1);
    };
    for (const acl of model.networkAcls.values()) {
      for (const entry of acl.inbound) cut(entry.range);
      for (const entry of acl.outbound) cut(entry.range);
    }
    for (const table of model.routeTables.values()) {
      for (const route of table.routes) if (route.destination.kind === 'cidr') cut(route.destination.range);
    }
    for (const group of model.securityGroups.values()) {
      for (const rule of group.ingress) if (rule.peer.kind === 'cidr') cut(rule.peer.range);
      for (const rule of group.egress) if (rule.peer.kind === 'cidr') cut(rule.peer.range);
    }
    for (const list of model.prefixLists.values()) for (const range of list.ranges ?? []) cut(range);
    this.cuts = Float64Array.from(points).sort();

    const owners = new Map<number, Set<string>>();
    for (const eni of model.networkInterfaces.values()) {
      for (const address of eni.privateAddresses) {
        let set = owners.get(address.address);
        if (!set) owners.set(address.address, (set = new Set()));
        for (const groupId of eni.groupIds) set.add(`${eni.vpcId}|${groupId}`);
      }
    }
    for (const [address, set] of owners) this.members.set(address, [...set].sort().join(','));
  }

  /** The class of `address`: its piece of IPv4 space and the groups that own it, as a key. */
  classOf(address: number): string {
    // Upper bound: the number of cuts at or below the address names its piece.
    let low = 0;
    let high = this.cuts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cuts[mid]! <= address) low = mid + 1;
      else high = mid;
    }
    return `${low}/${this.members.get(address) ?? ''}`;
  }
}
