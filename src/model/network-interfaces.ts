import { parseIpv4 } from './address.ts';
import { UNUSUAL, absent, isObject, optional } from './usual-shape.ts';
import type { Reader } from './reader.ts';
import type { NetworkInterface, PrivateAddress } from './types.ts';

type Fallback = { vpcId?: string | undefined; subnetId?: string | undefined; instanceId?: string | undefined };

/**
 * An ENI from `NetworkInterfaces` or from an instance's inline `NetworkInterfaces` (the same
 * shape, less a few fields). `fallback` fills what an inline ENI leaves out.
 */
export function readNetworkInterface(reader: Reader, fallback: Fallback = {}): NetworkInterface {
  return readUsualInterface(reader, fallback) ?? readNetworkInterfaceChecked(reader, fallback);
}

/**
 * The same, field by field through the Reader: every type is checked and a wrong one names its
 * JSON path. readNetworkInterface gives the same result (tested with generated interfaces).
 */
export function readNetworkInterfaceChecked(reader: Reader, fallback: Fallback = {}): NetworkInterface {
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

/** `Association.PublicIp` of the usual shape (absent, or an object with a string or nothing). */
function publicIpOf(association: unknown): string | undefined | typeof UNUSUAL {
  if (absent(association)) return undefined;
  if (!isObject(association)) return UNUSUAL;
  const ip = association['PublicIp'];
  if (!optional(ip, 'string')) return UNUSUAL;
  return ip ?? undefined;
}

/**
 * An interface in the shape AWS writes it, read with plain property access: a fleet has one per
 * instance, and the Reader's checks cost several times the reading. Undefined as soon as any
 * field is not of its usual type (absent, null, or a string where a boolean is expected …):
 * the checked reader then decides, and names what is wrong.
 */
function readUsualInterface(reader: Reader, fallback: Fallback): NetworkInterface | undefined {
  const v = reader.value;
  const eniPublicIp = publicIpOf(v['Association']);
  if (eniPublicIp === UNUSUAL) return undefined;
  const primaryText = v['PrivateIpAddress'];
  if (!optional(primaryText, 'string')) return undefined;
  const privateAddresses: PrivateAddress[] = [];
  const entries = v['PrivateIpAddresses'];
  if (!absent(entries)) {
    if (!Array.isArray(entries)) return undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (!isObject(entry)) return undefined;
      const text = entry['PrivateIpAddress'];
      if (typeof text !== 'string' || text === '') return undefined;
      const address = parseIpv4(text);
      if (typeof address === 'string') return undefined;
      const primaryValue = entry['Primary'];
      if (!optional(primaryValue, 'boolean')) return undefined;
      const primary = primaryValue ?? text === primaryText;
      const publicIp = publicIpOf(entry['Association']);
      if (publicIp === UNUSUAL) return undefined;
      privateAddresses.push({ address, text, primary, publicIp: publicIp ?? (primary ? eniPublicIp : undefined) });
    }
  }
  if (privateAddresses.length === 0 && primaryText) {
    const address = parseIpv4(primaryText);
    if (typeof address === 'string') return undefined;
    privateAddresses.push({ address, text: primaryText, primary: true, publicIp: eniPublicIp });
  }
  if (privateAddresses.length > 1) privateAddresses.sort((a, b) => Number(b.primary) - Number(a.primary));
  const attachment = v['Attachment'];
  let instanceId: string | undefined;
  let deviceIndex: number | undefined;
  if (!absent(attachment)) {
    if (!isObject(attachment)) return undefined;
    const attached = attachment['InstanceId'];
    if (!optional(attached, 'string')) return undefined;
    instanceId = attached ?? undefined;
    const index = attachment['DeviceIndex'];
    if (!absent(index) && !(typeof index === 'number' && Number.isFinite(index))) return undefined;
    deviceIndex = index ?? undefined;
  }
  const subnetValue = v['SubnetId'];
  const vpcValue = v['VpcId'];
  if (!optional(subnetValue, 'string') || !optional(vpcValue, 'string')) return undefined;
  const subnetId = subnetValue ?? fallback.subnetId;
  const vpcId = vpcValue ?? fallback.vpcId;
  const id = v['NetworkInterfaceId'];
  if (!subnetId || !vpcId || typeof id !== 'string' || id === '') return undefined;
  const groups = v['Groups'];
  const groupIds: string[] = [];
  if (!absent(groups)) {
    if (!Array.isArray(groups)) return undefined;
    for (let i = 0; i < groups.length; i++) {
      const group: unknown = groups[i];
      if (!isObject(group)) return undefined;
      const groupId = group['GroupId'];
      if (typeof groupId !== 'string' || groupId === '') return undefined;
      groupIds.push(groupId);
    }
  }
  const sourceDestCheck = v['SourceDestCheck'];
  if (!optional(sourceDestCheck, 'boolean')) return undefined;
  const interfaceType = v['InterfaceType'];
  if (!optional(interfaceType, 'string')) return undefined;
  return {
    id,
    subnetId,
    vpcId,
    privateAddresses,
    groupIds,
    sourceDestCheck: sourceDestCheck ?? true,
    interfaceType: interfaceType ?? 'interface',
    instanceId: instanceId ?? fallback.instanceId,
    deviceIndex,
    origin: reader.origin,
  };
}
