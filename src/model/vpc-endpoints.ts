import type { Reader } from './reader.ts';
import type { VpcEndpoint } from './types.ts';

const TYPES: Record<string, VpcEndpoint['type']> = {
  interface: 'interface',
  gateway: 'gateway',
  gatewayloadbalancer: 'gateway-load-balancer',
};

export function readVpcEndpoint(reader: Reader): VpcEndpoint {
  const typeText = (reader.optStr('VpcEndpointType') ?? 'Interface').toLowerCase();
  return {
    id: reader.str('VpcEndpointId'),
    vpcId: reader.str('VpcId'),
    type: TYPES[typeText] ?? 'other',
    serviceName: reader.str('ServiceName'),
    state: (reader.optStr('State') ?? 'available').toLowerCase(),
    privateDnsEnabled: reader.optBool('PrivateDnsEnabled') ?? false,
    subnetIds: reader.strings('SubnetIds'),
    groupIds: reader.list('Groups').map((group) => group.str('GroupId')),
    networkInterfaceIds: reader.strings('NetworkInterfaceIds'),
    routeTableIds: reader.strings('RouteTableIds'),
    origin: reader.origin,
  };
}
