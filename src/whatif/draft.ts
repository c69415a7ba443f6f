import type { Model, Origin } from '../model/types.ts';
import { WhatIfError } from './what-if-error.ts';

// A copy-on-write copy of a model: the maps are copied once, and an object is cloned the first time
// an operation edits it, so the input model is never touched and unchanged objects are shared.

type Collections = {
  [K in keyof Model as Model[K] extends Map<string, { id: string }> ? K : never]: Model[K];
};
export type CollectionKey = keyof Collections;
type ValueOf<K extends CollectionKey> = Model[K] extends Map<string, infer V> ? V : never;

/** How each collection is named in messages: "security group sg-123 is not in the model". */
const NOUN: Record<CollectionKey, string> = {
  vpcs: 'VPC',
  subnets: 'subnet',
  securityGroups: 'security group',
  networkAcls: 'network ACL',
  routeTables: 'route table',
  internetGateways: 'internet gateway',
  natGateways: 'NAT gateway',
  vpcEndpoints: 'VPC endpoint',
  networkInterfaces: 'network interface',
  instances: 'instance',
  prefixLists: 'prefix list',
  dhcpOptions: 'DHCP options',
  peeringConnections: 'peering connection',
};

export class Draft {
  readonly model: Model;
  /** Index of the operation being applied, for errors and origins. */
  index = 0;
  private readonly source: string;
  private readonly owned = new WeakSet<object>();

  constructor(base: Model, source: string) {
    this.source = source;
    this.model = {
      ...base,
      vpcs: new Map(base.vpcs),
      subnets: new Map(base.subnets),
      securityGroups: new Map(base.securityGroups),
      networkAcls: new Map(base.networkAcls),
      routeTables: new Map(base.routeTables),
      internetGateways: new Map(base.internetGateways),
      natGateways: new Map(base.natGateways),
      vpcEndpoints: new Map(base.vpcEndpoints),
      networkInterfaces: new Map(base.networkInterfaces),
      instances: new Map(base.instances),
      prefixLists: new Map(base.prefixLists),
      dhcpOptions: new Map(base.dhcpOptions),
      peeringConnections: new Map(base.peeringConnections),
      transitGatewayIds: new Set(base.transitGatewayIds),
      presentKeys: new Set(base.presentKeys),
      absentReasons: new Map(base.absentReasons),
      warnings: [...base.warnings],
    };
  }

  /** Where objects created by the current operation come from. */
  get origin(): Origin {
    return { file: this.source, path: `$.operations[${this.index}]` };
  }

  fail(id: string | undefined, problem: string): never {
    throw new WhatIfError(this.index, id, problem);
  }

  noun(key: CollectionKey): string {
    return NOUN[key];
  }

  /** The object, read-only; an unknown id fails the operation. */
  get<K extends CollectionKey>(key: K, id: string): ValueOf<K> {
    const value = (this.model[key] as Map<string, ValueOf<K>>).get(id);
    if (value === undefined) this.fail(id, `${NOUN[key]} ${id} is not in the model.`);
    return value;
  }

  has(key: CollectionKey, id: string): boolean {
    return (this.model[key] as Map<string, unknown>).has(id);
  }

  /** The object, cloned for editing (arrays copied) the first time this draft edits it. */
  edit<K extends CollectionKey>(key: K, id: string): ValueOf<K> {
    const map = this.model[key] as Map<string, ValueOf<K>>;
    const value = this.get(key, id);
    if (this.owned.has(value as object)) return value;
    const copy = cloneShallow(value);
    this.owned.add(copy as object);
    map.set(id, copy);
    return copy;
  }

  /** Every object of a collection, each cloned for editing, that `match` selects. */
  editWhere<K extends CollectionKey>(key: K, match: (value: ValueOf<K>) => boolean): Array<ValueOf<K>> {
    const map = this.model[key] as unknown as Map<string, ValueOf<K> & { id: string }>;
    return [...map.values()].filter(match).map((value) => this.edit(key, value.id));
  }

  put<K extends CollectionKey>(key: K, value: ValueOf<K> & { id: string }): void {
    (this.model[key] as Map<string, ValueOf<K>>).set(value.id, value);
    this.owned.add(value as object);
  }

  remove(key: CollectionKey, id: string): void {
    (this.model[key] as Map<string, unknown>).delete(id);
  }

  /** A fresh id with `prefix` that the model does not use yet: `nat-whatif-1`, `nat-whatif-2`, … */
  freshId(key: CollectionKey, prefix: string): string {
    for (let n = 1; ; n++) {
      const id = `${prefix}${n}`;
      if (!this.has(key, id)) return id;
    }
  }
}

function cloneShallow<T>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = Array.isArray(v) ? [...v] : v;
  return out as T;
}
