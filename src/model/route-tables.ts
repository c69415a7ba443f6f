import type { Reader } from './reader.ts';
import type { Route, RouteDestination, RouteTable, RouteTarget } from './types.ts';

export function readRouteTable(reader: Reader): RouteTable {
  const associations = reader.list('Associations');
  return {
    id: reader.str('RouteTableId'),
    vpcId: reader.str('VpcId'),
    isMain: associations.some((association) => association.optBool('Main') === true),
    subnetIds: associations.flatMap((association) => {
      const id = association.optStr('SubnetId');
      const state = association.child('AssociationState')?.optStr('State');
      return id && (state === undefined || state === 'associated') ? [id] : [];
    }),
    gatewayIds: associations.flatMap((association) => {
      const id = association.optStr('GatewayId');
      return id ? [id] : [];
    }),
    routes: reader.list('Routes').flatMap(readRoute),
    origin: reader.origin,
  };
}

function readRoute(reader: Reader): Route[] {
  let destination: RouteDestination;
  const cidrKey = reader.has('DestinationCidrBlock') ? 'DestinationCidrBlock' : reader.has('DestinationIpv6CidrBlock') ? 'DestinationIpv6CidrBlock' : undefined;
  if (cidrKey) {
    // IPv6 where IPv4 is expected (or the reverse) is an input error, as for security groups (found by the hostile corpus).
    destination = { kind: 'cidr', range: reader.cidr(cidrKey, cidrKey === 'DestinationCidrBlock' ? 4 : 6) };
  } else if (reader.has('DestinationPrefixListId')) {
    destination = { kind: 'prefix-list', prefixListId: reader.str('DestinationPrefixListId') };
  } else {
    return reader.fail('DestinationCidrBlock', 'is missing; a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId.');
  }
  const target = readTarget(reader);
  const stateText = (reader.optStr('State') ?? 'active').toLowerCase();
  if (stateText !== 'active' && stateText !== 'blackhole') reader.fail('State', `expected "active" or "blackhole", got "${stateText}".`);
  const origin = reader.optStr('Origin') ?? 'CreateRoute';
  const label = destination.kind === 'cidr' ? destination.range.text : destination.prefixListId;
  return [
    {
      destination,
      target,
      state: stateText,
      propagated: origin === 'EnableVgwRoutePropagation',
      text: `${label} → ${target.id}${stateText === 'blackhole' ? ' (blackhole)' : ''}${origin === 'EnableVgwRoutePropagation' ? ' (propagated)' : ''}`,
      origin: reader.origin,
    },
  ];
}

/** RT-5: which field names the target decides what the walker does next. */
function readTarget(reader: Reader): RouteTarget {
  const nat = reader.optStr('NatGatewayId');
  if (nat) return { kind: 'nat-gateway', id: nat };
  const tgw = reader.optStr('TransitGatewayId');
  if (tgw) return { kind: 'transit-gateway', id: tgw };
  const pcx = reader.optStr('VpcPeeringConnectionId');
  if (pcx) return { kind: 'peering', id: pcx };
  const eigw = reader.optStr('EgressOnlyInternetGatewayId');
  if (eigw) return { kind: 'egress-only-internet-gateway', id: eigw };
  const endpoint = reader.optStr('VpcEndpointId');
  if (endpoint) return { kind: 'vpc-endpoint', id: endpoint };
  const gateway = reader.optStr('GatewayId');
  if (gateway) {
    if (gateway === 'local') return { kind: 'local', id: 'local' };
    if (gateway.startsWith('igw-')) return { kind: 'internet-gateway', id: gateway };
    if (gateway.startsWith('vgw-')) return { kind: 'vpn-gateway', id: gateway };
    if (gateway.startsWith('vpce-')) return { kind: 'vpc-endpoint', id: gateway };
    // A Terraform plan names gateways it has not created yet by address: tf:aws_internet_gateway.main.
    const planned = /^tf:(?:module\.[^.]+\.)*(aws_[a-z0-9_]+)\./.exec(gateway)?.[1];
    if (planned && PLANNED_GATEWAYS[planned]) return { kind: PLANNED_GATEWAYS[planned], id: gateway };
    return { kind: 'other', id: gateway };
  }
  const eni = reader.optStr('NetworkInterfaceId');
  if (eni) return { kind: 'network-interface', id: eni };
  const instance = reader.optStr('InstanceId');
  if (instance) return { kind: 'instance', id: instance };
  const carrier = reader.optStr('CarrierGatewayId');
  if (carrier) return { kind: 'carrier-gateway', id: carrier };
  const localGateway = reader.optStr('LocalGatewayId');
  if (localGateway) return { kind: 'local-gateway', id: localGateway };
  const core = reader.optStr('CoreNetworkArn');
  if (core) return { kind: 'core-network', id: core };
  return reader.fail('GatewayId', 'the route names no target (GatewayId, NatGatewayId, TransitGatewayId, …).');
}

const PLANNED_GATEWAYS: Record<string, RouteTarget['kind']> = {
  aws_internet_gateway: 'internet-gateway',
  aws_egress_only_internet_gateway: 'egress-only-internet-gateway',
  aws_vpn_gateway: 'vpn-gateway',
  aws_vpc_endpoint: 'vpc-endpoint',
};
