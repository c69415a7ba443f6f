import type { Instance, Model, NetworkAcl, Route, RouteTable, Subnet } from '../model/types.ts';
import type { CheckName, Finding } from '../eval/types.ts';
import type { Operation } from '../whatif/operations.ts';

// The fix of a blocker as what-if operations, when there is an obvious one: the TUI's "apply
// suggested fix", and a way to check a fix before making it. Applying the operations removes this
// blocker; the next blocker on the path, if any, has its own fix.

export interface FixContext {
  /** The instance whose check found the blocker. */
  instanceId: string;
  /** The check, so a missing endpoint can be proposed for the right service. */
  check?: CheckName;
}

/** A stand-in public address: the engine only needs to know one is associated (RFC 5737 range). */
export const PLACEHOLDER_PUBLIC_IP = '203.0.113.10';

export function fixOperations(model: Model, finding: Finding, context: FixContext): Operation[] | undefined {
  const f = finding.facts;
  const id = finding.resourceId;
  const instance = model.instances.get(context.instanceId);
  switch (finding.code) {
    case 'ENI_SG_RULES_MISMATCH': {
      const port = Number(f.ports ?? 443);
      if (!model.securityGroups.has(id) || !f.peer || !Number.isInteger(port)) return undefined;
      return [{ op: 'add-security-group-rule', groupId: id, direction: finding.direction === 'inbound' ? 'ingress' : 'egress', protocol: 'tcp', fromPort: port, toPort: port, cidr: f.peer }];
    }
    case 'SUBNET_ACL_RESTRICTION':
    case 'EPHEMERAL_PORTS_PARTIAL':
      return networkAclFix(model, finding);
    case 'NO_ROUTE_TO_DESTINATION':
      return instance ? noRouteFix(model, finding, instance, context) : undefined;
    case 'BAD_STATE_ROUTE':
      return instance ? blackholeFix(model, finding, instance) : undefined;
    case 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS': {
      const eniId = f.target ?? instance?.networkInterfaceIds[0];
      if (!eniId || !model.networkInterfaces.has(eniId)) return undefined;
      return [{ op: 'set-public-ip', networkInterfaceId: eniId, publicIp: PLACEHOLDER_PUBLIC_IP, description: `Associate a public IPv4 or Elastic IP address with ${eniId} (${PLACEHOLDER_PUBLIC_IP} stands for it; only its presence matters).` }];
    }
    case 'BAD_STATE_ATTACHMENT': {
      const gateway = model.internetGateways.get(id);
      if (!gateway || !instance || gateway.egressOnly || gateway.attachedVpcIds.length > 0) return undefined;
      if ([...model.internetGateways.values()].some((g) => !g.egressOnly && g.attachedVpcIds.includes(instance.vpcId))) return undefined;
      return [{ op: 'attach-internet-gateway', internetGatewayId: id, vpcId: instance.vpcId }];
    }
    case 'NAT_STATE':
    case 'NAT_PRIVATE_NO_INTERNET':
    case 'NGW_REQUIRES_SOURCE_IN_VPC':
    case 'EDGE_TO_EDGE_ROUTING':
      return instance ? rerouteFix(model, instance, f.target ?? id) : undefined;
    case 'DNS_RESOLUTION_FAILED':
      return model.vpcs.has(id) ? [{ op: 'set-vpc-dns-attribute', vpcId: id, attribute: 'enableDnsSupport', enabled: true }] : undefined;
    case 'PRIVATE_DNS_INEFFECTIVE':
      return model.vpcs.has(id) ? [{ op: 'set-vpc-dns-attribute', vpcId: id, attribute: 'enableDnsHostnames', enabled: true }] : undefined;
    case 'PRIVATE_DNS_DISABLED': {
      const endpoint = model.vpcEndpoints.get(id);
      if (!endpoint) return undefined;
      const clash = [...model.vpcEndpoints.values()].some((e) => e.id !== id && e.vpcId === endpoint.vpcId && e.serviceName === endpoint.serviceName && e.privateDnsEnabled);
      if (clash) return undefined;
      const vpc = model.vpcs.get(endpoint.vpcId);
      const ops: Operation[] = [];
      // DNS-3: private DNS only takes effect with both VPC DNS attributes on.
      if (vpc && !vpc.enableDnsSupport) ops.push({ op: 'set-vpc-dns-attribute', vpcId: vpc.id, attribute: 'enableDnsSupport', enabled: true });
      if (vpc && !vpc.enableDnsHostnames) ops.push({ op: 'set-vpc-dns-attribute', vpcId: vpc.id, attribute: 'enableDnsHostnames', enabled: true });
      ops.push({ op: 'set-endpoint-private-dns', endpointId: id, enabled: true });
      return ops;
    }
    case 'IMDS_DISABLED':
      return model.instances.has(id) ? [{ op: 'set-instance-metadata-options', instanceId: id, httpEndpoint: 'enabled' }] : undefined;
    default:
      return undefined;
  }
}

/** NACL-2: an allow entry numbered below the deny that decided (or anywhere, for the default *). */
function networkAclFix(model: Model, finding: Finding): Operation[] | undefined {
  const acl = model.networkAcls.get(finding.resourceId);
  const f = finding.facts;
  if (!acl || !f.peer || !finding.direction) return undefined;
  const ports = finding.leg === 'return' ? { from: 1024, to: 65535 } : portRange(f.ports);
  if (!ports) return undefined;
  const ruleNumber = freeRuleNumber(acl, finding.direction, f.ruleNumber);
  if (ruleNumber === undefined) return undefined;
  return [{ op: 'add-network-acl-entry', networkAclId: acl.id, direction: finding.direction, ruleNumber, action: 'allow', protocol: 'tcp', fromPort: ports.from, toPort: ports.to, cidr: f.peer }];
}

function portRange(text: string | undefined): { from: number; to: number } | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec((text ?? '443').trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  return { from, to: match[2] === undefined ? from : Number(match[2]) };
}

/**
 * Below an explicit deny: the highest free round number under it (90 under 100), else the highest
 * free one. Under the default rule *: the next hundred after the last numbered entry.
 */
export function freeRuleNumber(acl: NetworkAcl, direction: 'inbound' | 'outbound', denyRule: number | undefined): number | undefined {
  const entries = direction === 'inbound' ? acl.inbound : acl.outbound;
  const taken = new Set(entries.map((e) => e.ruleNumber));
  const free = (n: number) => n >= 1 && n <= 32766 && !taken.has(n);
  if (denyRule !== undefined && denyRule < 32767) {
    for (let n = Math.floor((denyRule - 1) / 10) * 10; n >= 10; n -= 10) if (free(n)) return n;
    for (let n = denyRule - 1; n >= 1; n--) if (free(n)) return n;
    return undefined;
  }
  const highest = Math.max(0, ...entries.filter((e) => e.ruleNumber < 32767).map((e) => e.ruleNumber));
  const next = (Math.floor(highest / 100) + 1) * 100;
  if (free(next)) return next;
  for (let n = 32766; n >= 1; n--) if (free(n)) return n;
  return undefined;
}

function noRouteFix(model: Model, finding: Finding, instance: Instance, context: FixContext): Operation[] | undefined {
  const f = finding.facts;
  if (finding.kind === 'internet-gateway') {
    // An egress-only gateway carries IPv6 only: send the IPv4 route somewhere that works.
    return rerouteFix(model, instance, finding.resourceId);
  }
  const table = model.routeTables.get(finding.resourceId);
  if (!table || f.peer !== '0.0.0.0/0') return undefined;
  const natHere = f.subnetId !== undefined && [...model.natGateways.values()].some((nat) => nat.subnetId === f.subnetId);
  const existing = table.routes.find((route) => route.destination.kind === 'cidr' && route.destination.range.text === '0.0.0.0/0');
  if (existing?.target.kind === 'local') return undefined;
  if (!natHere && context.check && context.check !== 'imds') {
    // Endpoints for the other SSM services, but not this one: add the missing endpoint beside them.
    const endpoint = missingEndpointFix(model, instance, context.check);
    if (endpoint) return endpoint;
  }
  // NAT-3: the NAT gateway's own subnet needs its default route to the internet gateway.
  const igw = attachedInternetGateway(model, table.vpcId);
  const egress = natHere ? (igw ? { targetId: igw, ops: [] } : undefined) : egressFor(model, instance);
  if (!egress) return undefined;
  if (existing) {
    return existing.target.id === egress.targetId ? undefined : [...egress.ops, { op: 'replace-route', routeTableId: table.id, destination: '0.0.0.0/0', targetId: egress.targetId }];
  }
  return [...egress.ops, { op: 'add-route', routeTableId: table.id, destination: '0.0.0.0/0', targetId: egress.targetId }];
}

/** A service without an endpoint while its siblings have one: add it beside them. */
function missingEndpointFix(model: Model, instance: Instance, service: string): Operation[] | undefined {
  const siblings = [...model.vpcEndpoints.values()].filter((e) => e.vpcId === instance.vpcId && e.type === 'interface' && e.state === 'available' && e.privateDnsEnabled && /\.(ssm|ec2messages|ssmmessages)$/.test(e.serviceName));
  const model0 = siblings[0];
  if (!model0 || siblings.some((e) => e.serviceName.endsWith(`.${service}`))) return undefined;
  const serviceName = model0.serviceName.replace(/[^.]+$/, service);
  return [{ op: 'add-interface-endpoint', service: serviceName, subnetIds: [...model0.subnetIds], groupIds: [...model0.groupIds], privateDns: true }];
}

function blackholeFix(model: Model, finding: Finding, instance: Instance): Operation[] | undefined {
  const table = model.routeTables.get(finding.resourceId);
  const target = finding.facts.target;
  if (!table || !target) return undefined;
  const route = table.routes.find((r) => r.state === 'blackhole' && r.text === finding.rule) ?? table.routes.find((r) => r.state === 'blackhole' && r.target.id === target);
  if (!route || route.destination.kind !== 'cidr') return undefined;
  const destination = route.destination.range.text;
  // A detached internet gateway: attaching it again revives the route (RT-4).
  const gateway = model.internetGateways.get(target);
  if (gateway && !gateway.egressOnly && gateway.attachedVpcIds.length === 0 && !attachedInternetGateway(model, table.vpcId)) {
    return [{ op: 'attach-internet-gateway', internetGatewayId: target, vpcId: table.vpcId }];
  }
  // A more specific blackhole in front of a working route: removing it lets the working one decide.
  if (coveredByActiveRoute(table, route)) return [{ op: 'remove-route', routeTableId: table.id, destination }];
  const natHere = [...model.natGateways.values()].some((nat) => subnetsOf(model, table).includes(nat.subnetId));
  const igw = attachedInternetGateway(model, table.vpcId);
  const egress = natHere ? (igw ? { targetId: igw, ops: [] } : undefined) : egressFor(model, instance, target);
  if (!egress || egress.targetId === target) return undefined;
  return [...egress.ops, { op: 'replace-route', routeTableId: table.id, destination, targetId: egress.targetId }];
}

/** Send the instance subnet's route to `badTarget` to a NAT or internet gateway that works. */
function rerouteFix(model: Model, instance: Instance, badTarget: string): Operation[] | undefined {
  const subnet = model.subnets.get(instance.subnetId);
  const table = subnet && routeTableOf(model, subnet);
  if (!table) return undefined;
  const route = table.routes.find((r) => r.target.id === badTarget && r.destination.kind === 'cidr' && r.destination.range.family === 4);
  const egress = egressFor(model, instance, badTarget);
  if (!route || route.destination.kind !== 'cidr' || !egress) return undefined;
  return [...egress.ops, { op: 'replace-route', routeTableId: table.id, destination: route.destination.range.text, targetId: egress.targetId }];
}

/**
 * Where the instance's internet-bound route should point: a gateway that works today, else a new
 * public NAT gateway in a public subnet of the VPC (one whose table routes 0.0.0.0/0 to the attached
 * internet gateway), preferring the instance's availability zone.
 */
function egressFor(model: Model, instance: Instance, exclude?: string): { targetId: string; ops: Operation[] } | undefined {
  const working = workingEgress(model, instance, exclude);
  if (working) return { targetId: working, ops: [] };
  const igw = attachedInternetGateway(model, instance.vpcId);
  const own = model.subnets.get(instance.subnetId);
  const ownTable = own && routeTableOf(model, own);
  if (!igw || !own) return undefined;
  const publicSubnets = [...model.subnets.values()].filter((subnet) => {
    const table = routeTableOf(model, subnet);
    if (subnet.vpcId !== instance.vpcId || !table || table === ownTable) return false;
    return table.routes.some((r) => r.state === 'active' && r.target.id === igw && r.destination.kind === 'cidr' && r.destination.range.text === '0.0.0.0/0');
  });
  const subnet = publicSubnets.find((s) => s.availabilityZone === own.availabilityZone) ?? publicSubnets[0];
  if (!subnet) return undefined;
  let n = 1;
  while (model.natGateways.has(`nat-whatif-${n}`)) n++;
  const natGatewayId = `nat-whatif-${n}`;
  return { targetId: natGatewayId, ops: [{ op: 'add-nat-gateway', natGatewayId, subnetId: subnet.id, connectivity: 'public', description: `A new public NAT gateway in ${subnet.id}, a public subnet.` }] };
}

/**
 * A gateway in the instance's VPC that would carry its traffic to public AWS addresses: an
 * available public NAT gateway whose subnet routes 0.0.0.0/0 to an attached internet gateway (NAT-1..3),
 * else the attached internet gateway when the instance has a public address (IGW-1).
 */
function workingEgress(model: Model, instance: Instance, exclude?: string): string | undefined {
  const igw = attachedInternetGateway(model, instance.vpcId);
  for (const nat of model.natGateways.values()) {
    if (nat.id === exclude || nat.vpcId !== instance.vpcId || nat.state !== 'available' || nat.connectivity !== 'public') continue;
    const subnet = model.subnets.get(nat.subnetId);
    const table = subnet && routeTableOf(model, subnet);
    const route = table?.routes.find((r) => r.state === 'active' && r.destination.kind === 'cidr' && r.destination.range.text === '0.0.0.0/0');
    if (igw && route?.target.id === igw) return nat.id;
  }
  const eni = model.networkInterfaces.get(instance.networkInterfaceIds[0] ?? '');
  if (igw && igw !== exclude && eni?.privateAddresses[0]?.publicIp) return igw;
  return undefined;
}

function attachedInternetGateway(model: Model, vpcId: string): string | undefined {
  return [...model.internetGateways.values()].find((g) => !g.egressOnly && g.attachedVpcIds.includes(vpcId))?.id;
}

/** RT-1: the explicit association, else the VPC's main table. */
function routeTableOf(model: Model, subnet: Subnet): RouteTable | undefined {
  const tables = [...model.routeTables.values()];
  return tables.find((t) => t.subnetIds.includes(subnet.id)) ?? tables.find((t) => t.vpcId === subnet.vpcId && t.isMain);
}

function subnetsOf(model: Model, table: RouteTable): string[] {
  return [...model.subnets.values()].filter((s) => routeTableOf(model, s)?.id === table.id).map((s) => s.id);
}

function coveredByActiveRoute(table: RouteTable, route: Route): boolean {
  if (route.destination.kind !== 'cidr') return false;
  const inner = route.destination.range;
  return table.routes.some((other) => {
    if (other === route || other.state !== 'active' || other.destination.kind !== 'cidr' || other.target.kind === 'local') return false;
    const outer = other.destination.range;
    return outer.family === inner.family && outer.prefix < inner.prefix && outer.first <= inner.first && inner.last <= outer.last;
  });
}
