import type { Reader } from './reader.ts';
import type { InternetGateway, NatGateway, PeeringConnection } from './types.ts';

export function readInternetGateway(reader: Reader, egressOnly: boolean): InternetGateway {
  return {
    id: reader.str(egressOnly ? 'EgressOnlyInternetGatewayId' : 'InternetGatewayId'),
    attachedVpcIds: reader.list('Attachments').flatMap((attachment) => {
      const state = (attachment.optStr('State') ?? 'available').toLowerCase();
      const vpcId = attachment.optStr('VpcId');
      return vpcId && (state === 'available' || state === 'attached') ? [vpcId] : [];
    }),
    egressOnly,
    origin: reader.origin,
  };
}

export function readNatGateway(reader: Reader): NatGateway {
  const addresses = reader.list('NatGatewayAddresses');
  const connectivity = reader.optStr('ConnectivityType');
  if (connectivity !== undefined && connectivity !== 'public' && connectivity !== 'private') {
    reader.fail('ConnectivityType', `expected "public" or "private", got "${connectivity}".`);
  }
  return {
    id: reader.str('NatGatewayId'),
    vpcId: reader.str('VpcId'),
    subnetId: reader.str('SubnetId'),
    state: (reader.optStr('State') ?? 'available').toLowerCase(),
    // DESIGN.md §2: ConnectivityType absent → public (the builder warns).
    connectivity: connectivity ?? 'public',
    publicIps: addresses.flatMap((address) => {
      const ip = address.optStr('PublicIp');
      return ip ? [ip] : [];
    }),
    privateIps: addresses.flatMap((address) => {
      return address.has('PrivateIp') ? [address.ipv4('PrivateIp')] : [];
    }),
    networkInterfaceIds: addresses.flatMap((address) => {
      const id = address.optStr('NetworkInterfaceId');
      return id ? [id] : [];
    }),
    origin: reader.origin,
  };
}

export function readPeeringConnection(reader: Reader): PeeringConnection {
  return {
    id: reader.str('VpcPeeringConnectionId'),
    status: (reader.child('Status')?.optStr('Code') ?? 'active').toLowerCase(),
    requesterVpcId: reader.child('RequesterVpcInfo')?.optStr('VpcId'),
    accepterVpcId: reader.child('AccepterVpcInfo')?.optStr('VpcId'),
    origin: reader.origin,
  };
}
