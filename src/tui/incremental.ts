import type { Model } from '../model/types.ts';

// Which instances an edit can affect, so the TUI re-evaluates only those (issue 5: an edit on a
// 1,000-instance snapshot answers within 50 ms). applyChanges is copy-on-write: an object the
// edit did not touch is the same object in both models, so the changed objects are found by
// identity. The answer is a superset, never a subset, of the instances whose verdicts can change:
//
// - anything global (prefix lists, DHCP options, peering, transit gateways, the region, which
//   input keys are present) → every instance;
// - a security group's rules → the instances whose primary interface carries it; when an
//   endpoint, NAT or other non-instance interface carries it (or it is a VPC's default group,
//   which endpoints without groups use), its whole VPC;
// - a network ACL or route table → the instances in the subnets it governs; its whole VPC when it
//   is the VPC's default ACL or main table, has edge associations, or governs a subnet that holds
//   an endpoint, NAT gateway or other non-instance interface (paths cross those subnets);
// - an instance or its primary interface → that instance (and, when the interface's groups
//   changed, every VPC whose rules reference one of those groups);
// - a VPC, subnet, gateway, endpoint or non-instance interface → its whole VPC;
// - then every VPC whose route tables target something in a dirty VPC, or whose security groups
//   reference a group with members there, is dirty too (until nothing changes).

interface Index {
  /** Primary interface id → instance id. */
  primaryOf: Map<string, string>;
  /** Instance ids by the subnet and VPC of their primary interface (and their own subnet/VPC). */
  instancesBySubnet: Map<string, Set<string>>;
  instancesByVpc: Map<string, Set<string>>;
  /** Instance ids by security group on their primary interface. */
  instancesByGroup: Map<string, Set<string>>;
  /** Subnets that hold an endpoint, a NAT gateway or any interface that is not an instance's primary. */
  infraSubnets: Set<string>;
  /** Security group → VPCs of the non-instance interfaces and endpoints that carry it. */
  infraGroups: Map<string, Set<string>>;
  /** Security group → VPCs of the groups whose rules reference it. */
  referencedBy: Map<string, Set<string>>;
  /** Route target id → VPCs of the route tables that route to it. */
  routedFrom: Map<string, Set<string>>;
  /** Object id → its VPCs (for following route targets and group members into other VPCs). */
  vpcsOf: Map<string, Set<string>>;
}

const indexes = new WeakMap<Model, Index>();

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function indexOf(model: Model): Index {
  let index = indexes.get(model);
  if (index) return index;
  index = { primaryOf: new Map(), instancesBySubnet: new Map(), instancesByVpc: new Map(), instancesByGroup: new Map(), infraSubnets: new Set(), infraGroups: new Map(), referencedBy: new Map(), routedFrom: new Map(), vpcsOf: new Map() };
  for (const instance of model.instances.values()) {
    add(index.instancesBySubnet, instance.subnetId, instance.id);
    add(index.instancesByVpc, instance.vpcId, instance.id);
    add(index.vpcsOf, instance.id, instance.vpcId);
    const primary = instance.networkInterfaceIds[0];
    if (primary !== undefined) index.primaryOf.set(primary, instance.id);
  }
  for (const eni of model.networkInterfaces.values()) {
    add(index.vpcsOf, eni.id, eni.vpcId);
    const instanceId = index.primaryOf.get(eni.id);
    if (instanceId !== undefined) {
      add(index.instancesBySubnet, eni.subnetId, instanceId);
      add(index.instancesByVpc, eni.vpcId, instanceId);
      for (const group of eni.groupIds) add(index.instancesByGroup, group, instanceId);
    } else {
      index.infraSubnets.add(eni.subnetId);
      for (const group of eni.groupIds) add(index.infraGroups, group, eni.vpcId);
    }
  }
  for (const nat of model.natGateways.values()) {
    index.infraSubnets.add(nat.subnetId);
    add(index.vpcsOf, nat.id, nat.vpcId);
  }
  for (const endpoint of model.vpcEndpoints.values()) {
    for (const subnet of endpoint.subnetIds) index.infraSubnets.add(subnet);
    for (const group of endpoint.groupIds) add(index.infraGroups, group, endpoint.vpcId);
    add(index.vpcsOf, endpoint.id, endpoint.vpcId);
  }
  for (const gateway of model.internetGateways.values()) for (const vpc of gateway.attachedVpcIds) add(index.vpcsOf, gateway.id, vpc);
  for (const group of model.securityGroups.values()) {
    for (const rule of [...group.ingress, ...group.egress]) {
      if (rule.peer.kind === 'security-group') add(index.referencedBy, rule.peer.groupId, group.vpcId ?? '*');
    }
  }
  for (const table of model.routeTables.values()) {
    for (const route of table.routes) add(index.routedFrom, route.target.id, table.vpcId);
  }
  indexes.set(model, index);
  return index;
}

type Collection = 'vpcs' | 'subnets' | 'securityGroups' | 'networkAcls' | 'routeTables' | 'internetGateways' | 'natGateways' | 'vpcEndpoints' | 'networkInterfaces' | 'instances';
const COLLECTIONS: readonly Collection[] = ['vpcs', 'subnets', 'securityGroups', 'networkAcls', 'routeTables', 'internetGateways', 'natGateways', 'vpcEndpoints', 'networkInterfaces', 'instances'];

/** Ids whose object differs (by identity) between the two maps, added and removed ones included. */
function changedIds<V>(a: Map<string, V>, b: Map<string, V>): string[] {
  if (a === b) return [];
  const ids: string[] = [];
  for (const [id, value] of a) if (b.get(id) !== value) ids.push(id);
  for (const id of b.keys()) if (!a.has(id)) ids.push(id);
  return ids;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** The instances whose verdicts can differ between `before` and `after`; undefined = all of them. */
export function affectedInstances(before: Model, after: Model): Set<string> | undefined {
  if (before === after) return new Set();
  if (before.region !== after.region) return undefined;
  if (changedIds(before.prefixLists, after.prefixLists).length || changedIds(before.dhcpOptions, after.dhcpOptions).length || changedIds(before.peeringConnections, after.peeringConnections).length) return undefined;
  if (!sameSet(before.transitGatewayIds, after.transitGatewayIds) || !sameSet(before.presentKeys, after.presentKeys) || !sameMap(before.absentReasons, after.absentReasons)) return undefined;

  const indexes = [indexOf(before), indexOf(after)];
  const instances = new Set<string>();
  const vpcs = new Set<string>();
  let everything = false;
  const dirtyVpc = (vpc: string | undefined) => {
    if (vpc === undefined || vpc === '*') everything = true;
    else vpcs.add(vpc);
  };
  const both = <T>(pick: (model: Model) => T | undefined): T[] => [pick(before), pick(after)].filter((v): v is T => v !== undefined);
  /** A subnet's instances, or its whole VPC when paths of other instances cross it. */
  const dirtySubnet = (subnetId: string, vpcId: string) => {
    if (indexes.some((ix) => ix.infraSubnets.has(subnetId))) dirtyVpc(vpcId);
    else for (const ix of indexes) for (const id of ix.instancesBySubnet.get(subnetId) ?? []) instances.add(id);
  };

  for (const collection of COLLECTIONS) {
    for (const id of changedIds(before[collection] as Map<string, unknown>, after[collection] as Map<string, unknown>)) {
      // Whatever routes to a changed object (a NAT, an interface, an endpoint) in any VPC.
      for (const ix of indexes) for (const vpc of ix.routedFrom.get(id) ?? []) dirtyVpc(vpc);
      switch (collection) {
        case 'securityGroups':
          for (const group of both((m) => m.securityGroups.get(id))) {
            if (group.name === 'default') dirtyVpc(group.vpcId);
          }
          for (const ix of indexes) {
            for (const instance of ix.instancesByGroup.get(id) ?? []) instances.add(instance);
            for (const vpc of ix.infraGroups.get(id) ?? []) dirtyVpc(vpc);
          }
          break;
        case 'networkAcls':
          for (const acl of both((m) => m.networkAcls.get(id))) {
            if (acl.isDefault) dirtyVpc(acl.vpcId);
            else for (const subnet of acl.subnetIds) dirtySubnet(subnet, acl.vpcId);
          }
          break;
        case 'routeTables':
          for (const table of both((m) => m.routeTables.get(id))) {
            if (table.isMain || table.gatewayIds.length > 0) dirtyVpc(table.vpcId);
            else for (const subnet of table.subnetIds) dirtySubnet(subnet, table.vpcId);
          }
          break;
        case 'instances':
          for (const instance of both((m) => m.instances.get(id))) {
            instances.add(instance.id);
            // An instance's non-primary interfaces can be route targets (appliances).
            if (instance.networkInterfaceIds.length > 1) dirtyVpc(instance.vpcId);
          }
          break;
        case 'networkInterfaces':
          for (const [i, model] of [before, after].entries()) {
            const eni = model.networkInterfaces.get(id);
            if (!eni) continue;
            const owner = indexes[i]!.primaryOf.get(id);
            if (owner === undefined) dirtyVpc(eni.vpcId);
            else instances.add(owner);
            // Its groups' members changed: rules that reference those groups match differently.
            for (const group of eni.groupIds) for (const ix of indexes) for (const vpc of ix.referencedBy.get(group) ?? []) dirtyVpc(vpc);
          }
          break;
        case 'internetGateways':
          for (const gateway of both((m) => m.internetGateways.get(id))) for (const vpc of gateway.attachedVpcIds) dirtyVpc(vpc);
          break;
        case 'natGateways':
          for (const nat of both((m) => m.natGateways.get(id))) dirtyVpc(nat.vpcId);
          break;
        case 'vpcEndpoints':
          for (const endpoint of both((m) => m.vpcEndpoints.get(id))) dirtyVpc(endpoint.vpcId);
          break;
        case 'subnets':
          for (const subnet of both((m) => m.subnets.get(id))) dirtyVpc(subnet.vpcId);
          break;
        case 'vpcs':
          dirtyVpc(id);
          break;
      }
      if (everything) return undefined;
    }
  }

  // Other VPCs that reach into a dirty one: routes to its objects, rules referencing its members.
  for (let grew = vpcs.size > 0; grew; ) {
    grew = false;
    for (const ix of indexes) {
      for (const [target, from] of ix.routedFrom) {
        if (![...(ix.vpcsOf.get(target) ?? [])].some((vpc) => vpcs.has(vpc))) continue;
        for (const vpc of from) if (!vpcs.has(vpc)) (vpcs.add(vpc), (grew = true));
      }
      for (const [group, from] of ix.referencedBy) {
        const memberVpcs = [...(ix.instancesByGroup.get(group) ?? [])].flatMap((id) => [...(ix.vpcsOf.get(id) ?? [])]);
        if (!memberVpcs.some((vpc) => vpcs.has(vpc)) && ![...(ix.infraGroups.get(group) ?? [])].some((vpc) => vpcs.has(vpc))) continue;
        for (const vpc of from) {
          if (vpc === '*') return undefined;
          if (!vpcs.has(vpc)) (vpcs.add(vpc), (grew = true));
        }
      }
    }
  }
  for (const vpc of vpcs) for (const ix of indexes) for (const id of ix.instancesByVpc.get(vpc) ?? []) instances.add(id);
  return instances;
}
