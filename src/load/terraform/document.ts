import type { RawItem, RawSnapshot, RawUnresolved, SnapshotKey } from '../raw-snapshot.ts';

// The raw snapshot a plan is converted into, or applied to: EC2 describe-* shapes by key, found
// and replaced by id. Items that came from a snapshot are copied before they are changed, so the
// caller's raw snapshot is never modified.

type Item = Record<string, unknown>;

const ID_FIELD: Partial<Record<SnapshotKey, string>> = {
  Vpcs: 'VpcId',
  Subnets: 'SubnetId',
  SecurityGroups: 'GroupId',
  NetworkAcls: 'NetworkAclId',
  RouteTables: 'RouteTableId',
  InternetGateways: 'InternetGatewayId',
  EgressOnlyInternetGateways: 'EgressOnlyInternetGatewayId',
  NatGateways: 'NatGatewayId',
  VpcEndpoints: 'VpcEndpointId',
  NetworkInterfaces: 'NetworkInterfaceId',
  DhcpOptions: 'DhcpOptionsId',
  VpcAttributes: 'VpcId',
};

export class PlanDocument {
  readonly raw: RawSnapshot;
  private readonly file: string;
  private readonly owned = new WeakSet<object>();

  constructor(file: string, base?: RawSnapshot) {
    this.file = file;
    this.raw = base
      ? { items: new Map([...base.items].map(([key, list]) => [key, [...list]])), absent: new Map(base.absent), sources: [...base.sources, file], ...(base.region ? { region: base.region } : {}), unresolved: [...(base.unresolved ?? [])], notes: [...(base.notes ?? [])] }
      : { items: new Map(), absent: new Map(), sources: [file], unresolved: [], notes: [] };
  }

  list(key: SnapshotKey): Item[] {
    return (this.raw.items.get(key) ?? []).map((item) => item.value as Item);
  }

  has(key: SnapshotKey): boolean {
    return this.raw.items.has(key);
  }

  /** The item with this id, for reading. */
  get(key: SnapshotKey, id: string): Item | undefined {
    const field = ID_FIELD[key]!;
    return this.list(key).find((item) => item[field] === id);
  }

  /** The item with this id, copied for editing the first time. */
  edit(key: SnapshotKey, id: string): Item | undefined {
    const field = ID_FIELD[key]!;
    const list = this.raw.items.get(key) ?? [];
    const index = list.findIndex((item) => (item.value as Item)[field] === id);
    if (index < 0) return undefined;
    return this.own(list, index);
  }

  /** Every item of `key` that `match` selects, copied for editing. */
  editWhere(key: SnapshotKey, match: (item: Item) => boolean): Item[] {
    const list = this.raw.items.get(key) ?? [];
    const out: Item[] = [];
    list.forEach((item, index) => {
      if (match(item.value as Item)) out.push(this.own(list, index));
    });
    return out;
  }

  /** Add the item, or merge its fields into the item with the same id (fields it lacks are kept). */
  upsert(key: SnapshotKey, value: Item, address: string): Item {
    const field = ID_FIELD[key]!;
    const existing = this.edit(key, String(value[field]));
    if (existing) {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) existing[k] = v;
      return existing;
    }
    return this.add(key, value, address);
  }

  add(key: SnapshotKey, value: Item, address: string): Item {
    const clean = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
    let list = this.raw.items.get(key);
    if (!list) this.raw.items.set(key, (list = []));
    list.push({ value: clean, file: this.file, path: address });
    this.owned.add(clean);
    this.raw.absent.delete(key);
    return clean;
  }

  remove(key: SnapshotKey, id: string): boolean {
    const field = ID_FIELD[key]!;
    const list = this.raw.items.get(key);
    if (!list) return false;
    const kept = list.filter((item) => (item.value as Item)[field] !== id);
    this.raw.items.set(key, kept);
    return kept.length !== list.length;
  }

  /** Make sure the key is present (an empty list still says "there are none"). */
  touch(key: SnapshotKey): void {
    if (!this.raw.items.has(key)) this.raw.items.set(key, []);
    this.raw.absent.delete(key);
  }

  /** Instances live inside Reservations; find one by id, copied for editing. */
  instance(id: string): Item | undefined {
    const list = this.raw.items.get('Reservations') ?? [];
    for (let i = 0; i < list.length; i++) {
      const reservation = list[i]!.value as Item;
      const instances = Array.isArray(reservation['Instances']) ? (reservation['Instances'] as Item[]) : [];
      const at = instances.findIndex((instance) => instance['InstanceId'] === id);
      if (at < 0) continue;
      const owned = this.own(list, i);
      const copies = [...(owned['Instances'] as Item[])];
      if (!this.owned.has(copies[at]!)) {
        copies[at] = structuredClone(copies[at]!);
        this.owned.add(copies[at]!);
      }
      owned['Instances'] = copies;
      return copies[at];
    }
    return undefined;
  }

  instances(): Item[] {
    return this.list('Reservations').flatMap((reservation) => (Array.isArray(reservation['Instances']) ? (reservation['Instances'] as Item[]) : []));
  }

  removeInstance(id: string): void {
    const list = this.raw.items.get('Reservations') ?? [];
    list.forEach((item, index) => {
      const instances = (item.value as Item)['Instances'];
      if (Array.isArray(instances) && instances.some((i: Item) => i['InstanceId'] === id)) {
        const owned = this.own(list, index);
        owned['Instances'] = (owned['Instances'] as Item[]).filter((i) => i['InstanceId'] !== id);
      }
    });
  }

  unresolved(entry: RawUnresolved): void {
    if (!this.raw.unresolved!.some((u) => u.resourceId === entry.resourceId && u.field === entry.field)) this.raw.unresolved!.push(entry);
  }

  note(code: string, message: string, resourceId?: string): void {
    this.raw.notes!.push(resourceId === undefined ? { code, message } : { code, message, resourceId });
  }

  private own(list: RawItem[], index: number): Item {
    const item = list[index]!;
    if (this.owned.has(item.value as object)) return item.value as Item;
    const copy = structuredClone(item.value) as Item;
    this.owned.add(copy);
    list[index] = { ...item, value: copy };
    return copy;
  }
}
