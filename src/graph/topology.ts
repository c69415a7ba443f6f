import { Graph } from '@dagrejs/graphlib';
import type { Model, NetworkAcl, NetworkInterface, RouteTable, SecurityGroup, Subnet, VpcEndpoint } from '../model/types.ts';

// The network as a graph: instances, ENIs, security groups, subnets, NACLs, route tables, gateways
// and endpoints are nodes; associations and references are named edges. Associations are resolved
// here once (explicit association, else the VPC's default NACL / main route table: NACL-1, RT-1),
// so the evaluators ask the graph rather than re-deriving them per instance.

export type NodeKind =
  | 'vpc'
  | 'subnet'
  | 'instance'
  | 'network-interface'
  | 'security-group'
  | 'network-acl'
  | 'route-table'
  | 'internet-gateway'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'peering-connection'
  | 'external';

export type EdgeName =
  | 'in-vpc'
  | 'in-subnet'
  | 'has-interface'
  | 'member-of'
  | 'network-acl'
  | 'route-table'
  | 'routes-to'
  | 'attached-to'
  | 'references';

export interface NodeLabel {
  kind: NodeKind;
}

export interface Association<T> {
  value: T | undefined;
  explicit: boolean;
}

export class Topology {
  readonly model: Model;
  private built: Graph<unknown, NodeLabel, { explicit?: boolean }> | undefined;
  private interfaceIndex: { byAddress: Map<string, Map<number, NetworkInterface>>; groupMembers: Map<string, Set<string>> } | undefined;
  private readonly aclCache = new Map<string, Association<NetworkAcl>>();
  private readonly routeTableCache = new Map<string, Association<RouteTable>>();
  private readonly explicitAcl = new Map<string, NetworkAcl>();
  private readonly defaultAcl = new Map<string, NetworkAcl>();
  private readonly explicitRouteTable = new Map<string, RouteTable>();
  private readonly mainRouteTable = new Map<string, RouteTable>();
  private readonly defaultGroup = new Map<string, SecurityGroup>();
  private readonly interfaceEndpoints = new Map<string, VpcEndpoint[]>();
  private readonly endpointsByService = new Map<string, VpcEndpoint[]>();

  /**
   * The lookups the evaluators use are plain maps, built here in one pass over the model. The
   * graphlib graph of every object is built on first use of `graph` only: a fleet check never
   * needs it, and at 100,000 instances its nodes and edges cost seconds.
   */
  constructor(model: Model) {
    this.model = model;
    for (const group of model.securityGroups.values()) {
      if (group.name === 'default' && group.vpcId && !this.defaultGroup.has(group.vpcId)) this.defaultGroup.set(group.vpcId, group);
    }
    for (const acl of model.networkAcls.values()) {
      for (const subnetId of acl.subnetIds) if (!this.explicitAcl.has(subnetId)) this.explicitAcl.set(subnetId, acl);
      if (acl.isDefault && !this.defaultAcl.has(acl.vpcId)) this.defaultAcl.set(acl.vpcId, acl);
    }
    for (const table of model.routeTables.values()) {
      for (const subnetId of table.subnetIds) if (!this.explicitRouteTable.has(subnetId)) this.explicitRouteTable.set(subnetId, table);
      if (table.isMain && !this.mainRouteTable.has(table.vpcId)) this.mainRouteTable.set(table.vpcId, table);
    }
    for (const endpoint of model.vpcEndpoints.values()) {
      if (endpoint.type !== 'interface') continue;
      let list = this.interfaceEndpoints.get(endpoint.vpcId);
      if (!list) this.interfaceEndpoints.set(endpoint.vpcId, (list = []));
      list.push(endpoint);
    }
    for (const list of this.interfaceEndpoints.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * Interfaces by VPC and address, and the addresses of each group's members: one entry per
   * interface of the fleet, so built on first use (only group-reference rules and `local`
   * deliveries ask, and many checks meet neither).
   */
  private get interfaces(): { byAddress: Map<string, Map<number, NetworkInterface>>; groupMembers: Map<string, Set<string>> } {
    if (this.interfaceIndex) return this.interfaceIndex;
    const byAddressInVpc = new Map<string, Map<number, NetworkInterface>>();
    const groupMembers = new Map<string, Set<string>>();
    for (const eni of this.model.networkInterfaces.values()) {
      for (const groupId of eni.groupIds) {
        let members = groupMembers.get(groupId);
        if (!members) groupMembers.set(groupId, (members = new Set()));
        for (const address of eni.privateAddresses) members.add(`${eni.vpcId}|${address.address}`);
      }
      let byAddress = byAddressInVpc.get(eni.vpcId);
      if (!byAddress) byAddressInVpc.set(eni.vpcId, (byAddress = new Map()));
      for (const address of eni.privateAddresses) byAddress.set(address.address, eni);
    }
    this.interfaceIndex = { byAddress: byAddressInVpc, groupMembers };
    return this.interfaceIndex;
  }

  /** Every object as a node, associations and references as named edges (built on first use). */
  get graph(): Graph<unknown, NodeLabel, { explicit?: boolean }> {
    this.built ??= this.buildGraph();
    return this.built;
  }

  private buildGraph(): Graph<unknown, NodeLabel, { explicit?: boolean }> {
    const model = this.model;
    const g = new Graph<unknown, NodeLabel, { explicit?: boolean }>({ multigraph: true });
    const node = (id: string, kind: NodeKind) => {
      if (!g.hasNode(id)) g.setNode(id, { kind });
    };
    const edge = (from: string, to: string, name: EdgeName, explicit?: boolean) => {
      node(to, g.hasNode(to) ? g.node(to).kind : 'external');
      g.setEdge(from, to, explicit === undefined ? {} : { explicit }, name);
    };

    for (const vpc of model.vpcs.values()) node(vpc.id, 'vpc');
    for (const subnet of model.subnets.values()) {
      node(subnet.id, 'subnet');
      edge(subnet.id, subnet.vpcId, 'in-vpc');
    }
    for (const group of model.securityGroups.values()) {
      node(group.id, 'security-group');
      for (const rule of [...group.ingress, ...group.egress]) {
        if (rule.peer.kind === 'security-group') edge(group.id, rule.peer.groupId, 'references');
      }
    }
    for (const acl of model.networkAcls.values()) node(acl.id, 'network-acl');
    for (const table of model.routeTables.values()) {
      node(table.id, 'route-table');
      for (const route of table.routes) if (route.target.kind !== 'local') edge(table.id, route.target.id, 'routes-to');
    }
    for (const gateway of model.internetGateways.values()) {
      node(gateway.id, 'internet-gateway');
      for (const vpcId of gateway.attachedVpcIds) edge(gateway.id, vpcId, 'attached-to');
    }
    for (const nat of model.natGateways.values()) {
      node(nat.id, 'nat-gateway');
      edge(nat.id, nat.subnetId, 'in-subnet');
    }
    for (const endpoint of model.vpcEndpoints.values()) {
      node(endpoint.id, 'vpc-endpoint');
      edge(endpoint.id, endpoint.vpcId, 'in-vpc');
      for (const eniId of endpoint.networkInterfaceIds) edge(endpoint.id, eniId, 'has-interface');
    }
    for (const peering of model.peeringConnections.values()) node(peering.id, 'peering-connection');
    for (const eni of model.networkInterfaces.values()) {
      node(eni.id, 'network-interface');
      edge(eni.id, eni.subnetId, 'in-subnet');
      for (const groupId of eni.groupIds) edge(eni.id, groupId, 'member-of');
    }
    for (const instance of model.instances.values()) {
      node(instance.id, 'instance');
      for (const eniId of instance.networkInterfaceIds) edge(instance.id, eniId, 'has-interface');
    }
    // Associations last, once every subnet, NACL and route table is a node.
    for (const subnet of model.subnets.values()) {
      const acl = this.networkAclOf(subnet);
      if (acl.value) edge(subnet.id, acl.value.id, 'network-acl', acl.explicit);
      const table = this.routeTableOf(subnet);
      if (table.value) edge(subnet.id, table.value.id, 'route-table', table.explicit);
    }
    return g;
  }

  /** NACL-1: explicit association, else the VPC's default network ACL. */
  networkAclOf(subnet: Subnet): Association<NetworkAcl> {
    let cached = this.aclCache.get(subnet.id);
    if (!cached) {
      const explicit = this.explicitAcl.get(subnet.id);
      cached = explicit ? { value: explicit, explicit: true } : { value: this.defaultAcl.get(subnet.vpcId), explicit: false };
      this.aclCache.set(subnet.id, cached);
    }
    return cached;
  }

  /** RT-1: explicit association, else the VPC's main route table. */
  routeTableOf(subnet: Subnet): Association<RouteTable> {
    let cached = this.routeTableCache.get(subnet.id);
    if (!cached) {
      const explicit = this.explicitRouteTable.get(subnet.id);
      cached = explicit ? { value: explicit, explicit: true } : { value: this.mainRouteTable.get(subnet.vpcId), explicit: false };
      this.routeTableCache.set(subnet.id, cached);
    }
    return cached;
  }

  /** The ENI that owns `address` in `vpcId` (the `local` route delivers to it, RT-5). */
  interfaceAt(vpcId: string, address: number): NetworkInterface | undefined {
    return this.interfaces.byAddress.get(vpcId)?.get(address);
  }

  /** SG-7: does an ENI carrying `groupId` own `address` (private addresses only)? */
  addressInGroup(groupId: string, vpcId: string, address: number): boolean {
    return this.interfaces.groupMembers.get(groupId)?.has(`${vpcId}|${address}`) ?? false;
  }

  /** The VPC's interface endpoints for any of `serviceNames`, sorted by id. */
  interfaceEndpointsFor(vpcId: string, serviceNames: readonly string[]): VpcEndpoint[] {
    const key = JSON.stringify([vpcId, ...serviceNames]);
    let found = this.endpointsByService.get(key);
    if (!found) {
      found = (this.interfaceEndpoints.get(vpcId) ?? []).filter((endpoint) => serviceNames.includes(endpoint.serviceName));
      this.endpointsByService.set(key, found);
    }
    return [...found];
  }

  defaultSecurityGroup(vpcId: string): SecurityGroup | undefined {
    return this.defaultGroup.get(vpcId);
  }
}
