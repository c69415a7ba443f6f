import type { Reader } from './reader.ts';
import type { NetworkInterface, PrivateAddress } from './types.ts';

/**
 * An ENI from `NetworkInterfaces` or from an instance's inline `NetworkInterfaces` (the same
 * shape, less a few fields). `fallback` fills what an inline ENI leaves out.
 */
export function readNetworkInterface(reader: Reader, fallback: { vpcId?: string; subnetId?: string; instanceId?: string } = {}): NetworkInterface {
  const eniPublicIp = reader.child('Association')?.optStr('PublicIp');
  const primaryText = reader.optStr('PrivateIpAddress');
  const privateAddresses: PrivateAddress[] = reader.list('PrivateIpAddresses').map((entry) => {
    const text = entry.str('PrivateIpAddress');
    const address = entry.ipv4('PrivateIpAddress');
    const primary = entry.optBool('Primary') ?? text === primaryText;
    return { address, text, primary, publicIp: entry.child('Association')?.optStr('PublicIp') ?? (primary ? eniPublicIp : undefined) };
  });
  if (privateAddresses.length === 0 && primaryText) {
    const address = reader.ipv4('PrivateIpAddress');
    privateAddresses.push({ address, text: primaryText, primary: true, publicIp: eniPublicIp });
  }
  privateAddresses.sort((a, b) => Number(b.primary) - Number(a.primary));
  const attachment = reader.child('Attachment');
  const subnetId = reader.optStr('SubnetId') ?? fallback.subnetId;
  const vpcId = reader.optStr('VpcId') ?? fallback.vpcId;
  if (!subnetId) reader.fail('SubnetId', 'is missing; every network interface lives in a subnet.');
  if (!vpcId) reader.fail('VpcId', 'is missing; every network interface lives in a VPC.');
  return {
    id: reader.str('NetworkInterfaceId'),
    subnetId,
    vpcId,
    privateAddresses,
    groupIds: reader.list('Groups').map((group) => group.str('GroupId')),
    sourceDestCheck: reader.optBool('SourceDestCheck') ?? true,
    interfaceType: reader.optStr('InterfaceType') ?? 'interface',
    instanceId: attachment?.optStr('InstanceId') ?? fallback.instanceId,
    deviceIndex: attachment?.optNum('DeviceIndex'),
    origin: reader.origin,
  };
}
