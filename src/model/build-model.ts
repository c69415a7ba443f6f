import type { RawItem, RawSnapshot } from '../load/raw-snapshot.ts';
import { regionFromAvailabilityZone } from '../load/region.ts';
import { readInternetGateway, readNatGateway, readPeeringConnection } from './gateways.ts';
import type { InstanceRecord } from './instances.ts';
import { readReservation } from './instances.ts';
import { readNetworkAcl } from './network-acls.ts';
import { readNetworkInterface } from './network-interfaces.ts';
import { readAwsPrefixList, readManagedPrefixList } from './prefix-lists.ts';
import { Reader } from './reader.ts';
import { readRouteTable } from './route-tables.ts';
import { readSecurityGroup } from './security-groups.ts';
import type { Instance, Model, NetworkInterface, Warning } from './types.ts';
import { readVpcEndpoint } from './vpc-endpoints.ts';
import { readDhcpOptions, readSubnet, readVpc, readVpcAttributes } from './vpcs.ts';

interface Identified {
  id: string;
  origin: { file: string; path: string };
}

/** The keys whose elements a duplicate is compared with (instances are not: see `put`). */
const REMEMBERED_KEYS = [
  'Vpcs', 'Subnets', 'SecurityGroups', 'NetworkAcls', 'RouteTables', 'InternetGateways', 'EgressOnlyInternetGateways', 'NatGateways',
  'VpcEndpoints', 'NetworkInterfaces', 'PrefixLists', 'ManagedPrefixLists', 'DhcpOptions', 'VpcPeeringConnections',
];

function indexRawItems(raw: RawSnapshot, keys: readonly string[]): Map<string, unknown> {
  const index = new Map<string, unknown>();
  for (const key of keys) for (const item of raw.items.get(key) ?? []) index.set(`${item.file}#${item.path}`, item.value);
  return index;
}

/** Normalise a raw snapshot into the model, once. Type errors throw InputError (exit 2). */
export function buildModel(raw: RawSnapshot): Model {
  const builder = new ModelBuilder(raw);
  for (const item of raw.items.get('Reservations') ?? []) builder.addReservation(item);
  builder.completeContext();
  return builder.finish();
}

/**
 * The model built in steps, in the order buildModel takes them: every key but Reservations, then
 * instances (a reservation at a time, or as records read elsewhere, see fleet-snapshot.ts), then
 * what needs the whole context (VPC DNS attributes, implicit local routes, endpoint groups, the
 * region), then the warnings in their fixed order. `completeContext` reads nothing of instances
 * except their interfaces, so when instances bring no interface of their own it may run first:
 * its warnings keep their place after the instances' either way.
 */
export class ModelBuilder {
  readonly model: Model;
  /** Let go of once the context is complete: a fleet's parsed JSON is most of the heap. */
  private raw: RawSnapshot | undefined;
  private readonly warnings: Warning[];
  private completionWarnings: Warning[] | undefined;
  /** The region every Reservations element carries (its file's folder), when they do. */
  private reservationRegions = new Set<string>();
  // The raw element behind a model object, to compare duplicates. Indexed on the first duplicate
  // only: most inputs have none, and a fleet has hundreds of thousands of elements.
  private rawById: Map<string, unknown> | undefined;
  /** One list object per distinct list of security groups (internInterface). */
  private readonly groupLists = new Map<string, string[]>();

  constructor(raw: RawSnapshot) {
    this.raw = raw;
    const warnings: Warning[] = [];
    this.warnings = warnings;
    const model: Model = {
      region: undefined,
      vpcs: new Map(),
      subnets: new Map(),
      securityGroups: new Map(),
      networkAcls: new Map(),
      routeTables: new Map(),
      internetGateways: new Map(),
      natGateways: new Map(),
      vpcEndpoints: new Map(),
      networkInterfaces: new Map(),
      instances: new Map(),
      prefixLists: new Map(),
      dhcpOptions: new Map(),
      peeringConnections: new Map(),
      transitGatewayIds: new Set(),
      presentKeys: new Set(raw.items.keys()),
      absentReasons: new Map(raw.absent),
      warnings,
    };
    this.model = model;
    const each = (key: string, visit: (reader: Reader, item: RawItem) => void) => {
      for (const item of raw.items.get(key) ?? []) visit(new Reader(item.value, item.file, item.path), item);
    };
    const put = this.put.bind(this);
    each('Vpcs', (r, item) => { put(model.vpcs, readVpc(r, item.region), item.value); });
    each('Subnets', (r, item) => { put(model.subnets, readSubnet(r, item.region), item.value); });
    each('SecurityGroups', (r, item) => { put(model.securityGroups, readSecurityGroup(r), item.value); });
    each('NetworkAcls', (r, item) => { put(model.networkAcls, readNetworkAcl(r), item.value); });
    each('RouteTables', (r, item) => { put(model.routeTables, readRouteTable(r), item.value); });
    each('InternetGateways', (r, item) => { put(model.internetGateways, readInternetGateway(r, false), item.value); });
    each('EgressOnlyInternetGateways', (r, item) => { put(model.internetGateways, readInternetGateway(r, true), item.value); });
    each('NatGateways', (r, item) => {
      const nat = readNatGateway(r);
      if (!r.has('ConnectivityType')) {
        warnings.push({ code: 'DEFAULT_APPLIED', resourceId: nat.id, origin: nat.origin, message: `${nat.id} has no ConnectivityType; assuming "public" as AWS does.` });
      }
      put(model.natGateways, nat, item.value);
    });
    each('VpcEndpoints', (r, item) => { put(model.vpcEndpoints, readVpcEndpoint(r), item.value); });
    each('NetworkInterfaces', (r, item) => { put(model.networkInterfaces, this.internInterface(readNetworkInterface(r)), item.value); });
    each('PrefixLists', (r, item) => { put(model.prefixLists, readAwsPrefixList(r), item.value); });
    each('ManagedPrefixLists', (r) => {
      const list = readManagedPrefixList(r);
      const known = model.prefixLists.get(list.id);
      // The same AWS list can come from both describe calls; keep the copy that has entries.
      if (known && known.ranges === undefined && list.ranges !== undefined) model.prefixLists.set(list.id, list);
      else if (!known) model.prefixLists.set(list.id, list);
    });
    each('DhcpOptions', (r, item) => { put(model.dhcpOptions, readDhcpOptions(r), item.value); });
    each('VpcPeeringConnections', (r, item) => { put(model.peeringConnections, readPeeringConnection(r), item.value); });
    for (const key of ['TransitGateways', 'TransitGatewayAttachments', 'TransitGatewayVpcAttachments']) {
      each(key, (r) => {
        const id = r.optStr('TransitGatewayId');
        if (id) model.transitGatewayIds.add(id);
      });
    }
  }

  /** One element of `Reservations`, read here. */
  addReservation(item: RawItem): void {
    if (item.region !== undefined) this.reservationRegions.add(item.region);
    for (const record of readReservation(new Reader(item.value, item.file, item.path), item.region, this.model.networkInterfaces)) this.addRecord(record);
  }

  /**
   * An instance read elsewhere (in the order of the input). Returns the instance when it is new
   * to the model, and says whether it brought interfaces the model did not have.
   */
  addRecord(record: InstanceRecord): { added: Instance | undefined; newInterfaces: boolean } {
    const { model } = this;
    for (const warning of record.warnings) this.warnings.push(warning);
    const instance = record.instance;
    if (!instance) return { added: undefined, newInterfaces: false };
    instance.subnetId = model.subnets.get(instance.subnetId)?.id ?? instance.subnetId;
    instance.vpcId = model.vpcs.get(instance.vpcId)?.id ?? instance.vpcId;
    const ids = instance.networkInterfaceIds;
    for (let i = 0; i < ids.length; i++) ids[i] = model.networkInterfaces.get(ids[i]!)?.id ?? ids[i]!;
    const isNew = !model.instances.has(instance.id);
    this.put(model.instances, instance, undefined);
    let newInterfaces = false;
    for (const eni of record.networkInterfaces) {
      // describe-network-interfaces is the fuller record; the inline copy fills gaps.
      if (!model.networkInterfaces.has(eni.id)) {
        model.networkInterfaces.set(eni.id, this.internInterface(eni));
        newInterfaces = true;
      }
    }
    return { added: isNew ? instance : undefined, newInterfaces };
  }

  /** Reservations elements all carry `region` (the file's), as addReservation would have seen. */
  noteReservationRegion(region: string | undefined): void {
    if (region !== undefined) this.reservationRegions.add(region);
  }

  /** What needs the whole context; its warnings are kept for their place in `finish`. */
  completeContext(): void {
    const { raw, model } = this;
    if (!raw) throw new Error('ModelBuilder.completeContext() runs once');
    const warnings: Warning[] = [];
    applyVpcAttributes(raw, model, warnings);
    addImplicitLocalRoutes(model, warnings);
    resolveEndpointGroups(model, warnings);
    model.region = regionOf(raw, model, this.reservationRegions);
    for (const note of raw.notes ?? []) warnings.push(note.resourceId === undefined ? { code: note.code, message: note.message } : { code: note.code, message: note.message, resourceId: note.resourceId });
    if (raw.unresolved && raw.unresolved.length > 0) {
      model.unresolved = new Map();
      for (const { resourceId, field, address, reason } of raw.unresolved) {
        const list = model.unresolved.get(resourceId) ?? [];
        list.push({ field, address, reason });
        model.unresolved.set(resourceId, list);
      }
    }
    this.completionWarnings = warnings;
    // Duplicates of raw elements were compared while the context was read; instances are not.
    this.raw = undefined;
    this.rawById = undefined;
  }

  /** The model with its warnings in order: context, instances, completion, assumed metadata. */
  finish(): Model {
    const { model, warnings } = this;
    if (!this.completionWarnings) this.completeContext();
    for (const warning of this.completionWarnings!) warnings.push(warning);
    for (const instance of model.instances.values()) {
      if (instance.metadata.assumed) {
        warnings.push({ code: 'DEFAULT_APPLIED', resourceId: instance.id, origin: instance.origin, message: `${instance.id} has no MetadataOptions; assuming IMDS is enabled (the AWS default).` });
      }
    }
    return model;
  }

  // Ids that instances and interfaces repeat are swapped for the string the model is keyed by:
  // a fleet's evaluation looks each up several times, and one string is hashed once and compared
  // by identity.
  private internInterface(eni: NetworkInterface): NetworkInterface {
    const { model } = this;
    eni.subnetId = model.subnets.get(eni.subnetId)?.id ?? eni.subnetId;
    eni.vpcId = model.vpcs.get(eni.vpcId)?.id ?? eni.vpcId;
    for (let i = 0; i < eni.groupIds.length; i++) eni.groupIds[i] = model.securityGroups.get(eni.groupIds[i]!)?.id ?? eni.groupIds[i]!;
    // Interfaces with the same groups share one list: the evaluator remembers what it derives
    // from a list by the list (a fleet has thousands of interfaces and a few dozen lists). Model
    // objects are never edited in place (what-if edits copy them, whatif/draft.ts).
    // JSON: ids are any text, so no separator is safe (a group id may hold a comma).
    const key = JSON.stringify(eni.groupIds);
    const shared = this.groupLists.get(key);
    if (shared) eni.groupIds = shared;
    else this.groupLists.set(key, eni.groupIds);
    return eni;
  }

  private put<T extends Identified>(map: Map<string, T>, value: T, raw: unknown): void {
    const known = map.get(value.id);
    if (!known) {
      map.set(value.id, value);
      return;
    }
    // Merged dumps (several accounts or files) repeat objects; identical copies are fine. An
    // instance's copy is not kept to compare (Reservations is not indexed), so a repeated
    // instance is always reported.
    if (raw === undefined || JSON.stringify(raw) !== JSON.stringify(this.rawOf(known))) {
      this.warnings.push({ code: 'DUPLICATE_ID', resourceId: value.id, origin: value.origin, message: `${value.id} appears twice with different contents (${known.origin.file} ${known.origin.path} and ${value.origin.file} ${value.origin.path}); the first is used.` });
    }
  }

  private rawOf(value: Identified): unknown {
    if (!this.raw) return undefined;
    this.rawById ??= indexRawItems(this.raw, REMEMBERED_KEYS);
    return this.rawById.get(`${value.origin.file}#${value.origin.path}`);
  }
}

/**
 * DESIGN.md §2: `VpcAttributes` merged per VPC. Absent → enableDnsSupport true; enableDnsHostnames
 * true for a default VPC or when an endpoint in it has private DNS on (AWS refuses private DNS
 * otherwise, DNS-3), else false — each with a warning.
 */
function applyVpcAttributes(raw: RawSnapshot, model: Model, warnings: Warning[]): void {
  const given = new Map<string, { support?: boolean; hostnames?: boolean }>();
  for (const item of raw.items.get('VpcAttributes') ?? []) {
    const reader = new Reader(item.value, item.file, item.path);
    const attributes = readVpcAttributes(reader);
    // Our own extension: a VpcAttributes entry for a VPC the snapshot does not hold is a mistake.
    if (model.presentKeys.has('Vpcs') && !model.vpcs.has(attributes.vpcId)) {
      reader.fail('VpcId', `${attributes.vpcId} is not in Vpcs; VpcAttributes entries describe VPCs of the snapshot.`);
    }
    const merged = given.get(attributes.vpcId) ?? {};
    if (attributes.enableDnsSupport !== undefined) merged.support = attributes.enableDnsSupport;
    if (attributes.enableDnsHostnames !== undefined) merged.hostnames = attributes.enableDnsHostnames;
    given.set(attributes.vpcId, merged);
  }
  const privateDnsVpcs = new Set([...model.vpcEndpoints.values()].filter((e) => e.privateDnsEnabled).map((e) => e.vpcId));
  const reason = model.absentReasons.get('VpcAttributes');
  for (const vpc of model.vpcs.values()) {
    const attributes = given.get(vpc.id) ?? {};
    vpc.enableDnsSupport = attributes.support ?? true;
    vpc.enableDnsHostnames = attributes.hostnames ?? (vpc.isDefault || privateDnsVpcs.has(vpc.id));
    vpc.dnsAttributesAssumed = attributes.support === undefined || attributes.hostnames === undefined;
    if (vpc.dnsAttributesAssumed) {
      warnings.push({
        code: 'DEFAULT_APPLIED',
        resourceId: vpc.id,
        origin: vpc.origin,
        message: `${vpc.id}: DNS attributes not in the input${reason ? ` (${reason})` : ''}; assuming enableDnsSupport=${vpc.enableDnsSupport}, enableDnsHostnames=${vpc.enableDnsHostnames}.`,
      });
    }
  }
}

/** RT-3: every table routes its VPC's CIDRs locally; AWS will not let the route be removed. */
function addImplicitLocalRoutes(model: Model, warnings: Warning[]): void {
  for (const table of model.routeTables.values()) {
    const vpc = model.vpcs.get(table.vpcId);
    if (!vpc) continue;
    for (const cidr of vpc.cidrs) {
      const present = table.routes.some((route) => route.target.kind === 'local' && route.destination.kind === 'cidr' && route.destination.range.text === cidr.text);
      if (present) continue;
      table.routes.push({ destination: { kind: 'cidr', range: cidr }, target: { kind: 'local', id: 'local' }, state: 'active', propagated: false, text: `${cidr.text} → local (implicit)`, origin: table.origin });
      if (table.routes.length > 1) {
        warnings.push({ code: 'IMPLICIT_LOCAL_ROUTE', resourceId: table.id, origin: table.origin, message: `${table.id} lists no local route for ${cidr.text}; AWS always has one, so it is added.` });
      }
    }
  }
}

/** SG-4, VPCE-3: an interface endpoint created without groups uses the VPC's default group. */
function resolveEndpointGroups(model: Model, warnings: Warning[]): void {
  for (const endpoint of model.vpcEndpoints.values()) {
    if (endpoint.type !== 'interface' || endpoint.groupIds.length > 0) continue;
    const fromInterfaces = endpoint.networkInterfaceIds.flatMap((id) => model.networkInterfaces.get(id)?.groupIds ?? []);
    if (fromInterfaces.length > 0) {
      endpoint.groupIds = [...new Set(fromInterfaces)];
      continue;
    }
    const fallback = [...model.securityGroups.values()].find((group) => group.vpcId === endpoint.vpcId && group.name === 'default');
    if (fallback) {
      endpoint.groupIds = [fallback.id];
      warnings.push({ code: 'DEFAULT_APPLIED', resourceId: endpoint.id, origin: endpoint.origin, message: `${endpoint.id} lists no security groups; AWS uses the VPC's default group ${fallback.id}.` });
    }
  }
  // Endpoint ENIs without their own group list inherit the endpoint's.
  for (const endpoint of model.vpcEndpoints.values()) {
    for (const id of endpoint.networkInterfaceIds) {
      const eni = model.networkInterfaces.get(id);
      if (eni && eni.groupIds.length === 0) eni.groupIds = [...endpoint.groupIds];
    }
  }
}

function regionOf(raw: RawSnapshot, model: Model, reservationRegions: ReadonlySet<string>): string | undefined {
  if (raw.region) return raw.region.value;
  const regions = new Set<string>(reservationRegions);
  for (const list of raw.items.values()) for (const item of list) if (item.region) regions.add(item.region);
  if (regions.size === 0) {
    for (const subnet of model.subnets.values()) {
      const region = subnet.availabilityZone && regionFromAvailabilityZone(subnet.availabilityZone);
      if (region) regions.add(region);
    }
  }
  return regions.size === 1 ? [...regions][0] : undefined;
}
