import type { AddressRange } from '../model/address.ts';
import type { Model, NetworkInterface } from '../model/types.ts';

/**
 * Which private IPv4 addresses every rule of the model treats alike. An instance's address is a
 * peer in NACL entries, routes, security-group rules (CIDR, prefix-list and group-reference peers)
 * and nothing else. Cut the IPv4 space at the first and last+1 of every such range: two addresses
 * in the same piece are inside exactly the same ranges. Group references match by membership
 * (SG-7), so the groups of the interfaces that own an address complete its class — only the
 * groups that a rule evaluated against a source address can name: the inbound rules of interface
 * endpoints' groups (the one place a source is the peer, interface-path.ts). Two sources with the
 * same class (and subnet, egress class, platform, region) take the same decisions everywhere.
 */
export class AddressClasses {
  private readonly cuts: Float64Array;
  /** The interfaces that own each private address (usually one), indexed on first use. */
  private owners: Map<number, NetworkInterface | NetworkInterface[]> | undefined;
  private readonly model: Model;
  /** Address → the number of its set of owning groups, for addresses with several owners. */
  private readonly members = new Map<number, number>();
  /** The same for a single owner, by its group list (model/build-model.ts shares equal lists) and VPC. */
  private readonly byGroupList = new WeakMap<readonly string[], Map<string, number>>();
  private readonly numbers = new Map<string, number>([['', 0]]);
  /** Groups named by a group-reference peer in an inbound rule of an interface endpoint's groups. */
  private readonly referenced = new Set<string>();

  constructor(model: Model) {
    this.model = model;
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
    const endpointGroups = new Set<string>();
    for (const endpoint of model.vpcEndpoints.values()) {
      for (const id of endpoint.groupIds) endpointGroups.add(id);
      for (const eniId of endpoint.networkInterfaceIds) for (const id of model.networkInterfaces.get(eniId)?.groupIds ?? []) endpointGroups.add(id);
    }
    for (const id of endpointGroups) {
      for (const rule of model.securityGroups.get(id)?.ingress ?? []) if (rule.peer.kind === 'security-group') this.referenced.add(rule.peer.groupId);
    }
  }

  /** Only group references need the owners of an address: a model without them never indexes its fleet. */
  private ownersOf(address: number): NetworkInterface | NetworkInterface[] | undefined {
    if (!this.owners) {
      this.owners = new Map();
      for (const eni of this.model.networkInterfaces.values()) {
        for (const { address: owned } of eni.privateAddresses) {
          const known = this.owners.get(owned);
          if (known === undefined) this.owners.set(owned, eni);
          else if (Array.isArray(known)) known.push(eni);
          else this.owners.set(owned, [known, eni]);
        }
      }
    }
    return this.owners.get(address);
  }

  /** The class of `address`: its piece of IPv4 space and the referenced groups that own it, as a key. */
  classOf(address: number): number {
    // Upper bound: the number of cuts at or below the address names its piece.
    let low = 0;
    let high = this.cuts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cuts[mid]! <= address) low = mid + 1;
      else high = mid;
    }
    // Piece and owner groups in one number (both far below 2^26), so keys are cheap to make.
    return low * 2 ** 26 + (this.referenced.size === 0 ? 0 : this.membersOf(address));
  }

  /** The referenced groups of the interfaces that own `address` (with their VPC), numbered once per set. */
  private membersOf(address: number): number {
    const owners = this.ownersOf(address);
    // Most addresses have one owner; its number follows from its (shared) group list and VPC.
    if (owners !== undefined && !Array.isArray(owners)) {
      let byVpc = this.byGroupList.get(owners.groupIds);
      if (!byVpc) this.byGroupList.set(owners.groupIds, (byVpc = new Map()));
      let number = byVpc.get(owners.vpcId);
      if (number === undefined) byVpc.set(owners.vpcId, (number = this.numberOf([owners])));
      return number;
    }
    let number = this.members.get(address);
    if (number === undefined) this.members.set(address, (number = this.numberOf(owners ?? [])));
    return number;
  }

  private numberOf(owners: readonly NetworkInterface[]): number {
    const set = new Set<string>();
    for (const eni of owners) {
      for (const groupId of eni.groupIds) if (this.referenced.has(groupId)) set.add(JSON.stringify([eni.vpcId, groupId]));
    }
    const key = JSON.stringify([...set].sort());
    let number = this.numbers.get(key);
    if (number === undefined) this.numbers.set(key, (number = this.numbers.size));
    return number;
  }
}
