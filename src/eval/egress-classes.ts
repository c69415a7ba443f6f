import type { Model, SecurityGroupRule } from '../model/types.ts';

/** What a source's security groups decide about its outbound TCP to one port, and the key that names it. */
export interface EgressClass {
  /** Equal for two group lists exactly when they decide every IPv4 peer alike, with the same rule. */
  key: string;
  /** The rules that can decide, in the order they are tried (public address pieces cut along these). */
  rules: SecurityGroupRule[];
}

const LAST_IPV4 = 2 ** 32 - 1;

/**
 * SG-2, SG-5: the egress decision for TCP `port` to a peer is the first rule — over the groups in
 * order, then their rules in order — whose protocol, ports and peer match (security-group.ts). A
 * rule that matches every IPv4 peer on that port (protocol -1 or tcp, the port in range,
 * 0.0.0.0/0) ends the search for every peer: nothing after it can decide or be named. So two group
 * lists whose rules agree up to that rule decide alike, name the same group and rule, and give
 * the same hop; fleets mostly differ only after it (a base group that allows all outbound, then
 * application groups). Without such a rule a denial names every group, so the whole list is the key.
 */
export class EgressClasses {
  private readonly byList = new Map<string, EgressClass>();
  private readonly byKey = new Map<string, EgressClass>();
  private readonly model: Model;
  private readonly port: number;

  constructor(model: Model, port: number) {
    this.model = model;
    this.port = port;
  }

  /** One object per class: lists that decide alike get the very same one. */
  classOf(groupIds: readonly string[]): EgressClass {
    // JSON: ids are any text, so no separator is safe (a group id may hold a comma).
    const listKey = JSON.stringify(groupIds);
    let known = this.byList.get(listKey);
    if (!known) {
      const computed = this.compute(groupIds, listKey);
      known = this.byKey.get(computed.key);
      if (!known) this.byKey.set(computed.key, (known = computed));
      this.byList.set(listKey, known);
    }
    return known;
  }

  private compute(groupIds: readonly string[], listKey: string): EgressClass {
    const rules: SecurityGroupRule[] = [];
    for (let g = 0; g < groupIds.length; g++) {
      const egress = this.model.securityGroups.get(groupIds[g]!)?.egress ?? [];
      for (let r = 0; r < egress.length; r++) {
        const rule = egress[r]!;
        rules.push(rule);
        if (this.matchesEveryPeer(rule)) {
          // The groups before it (missing ones too) and this group's rules up to this one.
          return { key: `${JSON.stringify(groupIds.slice(0, g + 1))}#${r}`, rules };
        }
      }
    }
    return { key: listKey, rules };
  }

  private matchesEveryPeer(rule: SecurityGroupRule): boolean {
    if (rule.protocol !== -1 && rule.protocol !== 6) return false;
    if (rule.ports && (this.port < rule.ports.from || this.port > rule.ports.to)) return false;
    const peer = rule.peer;
    return peer.kind === 'cidr' && peer.range.family === 4 && peer.range.first === 0 && peer.range.last === LAST_IPV4;
  }
}
