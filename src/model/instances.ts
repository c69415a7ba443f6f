import { readNetworkInterface } from './network-interfaces.ts';
import type { Reader } from './reader.ts';
import type { Instance, MetadataOptions, NetworkInterface, Warning } from './types.ts';

export interface InstanceRead {
  instance: Instance;
  networkInterfaces: NetworkInterface[];
}

/** One element of `Instances[]` as read: the instance (none when outside a VPC), its inline interfaces, what was noticed. */
export interface InstanceRecord {
  instance: Instance | undefined;
  networkInterfaces: NetworkInterface[];
  warnings: Warning[];
}

/**
 * One element of `Reservations`: its instances in order. `listed` holds the interfaces that
 * `NetworkInterfaces` gives (by id), whose inline copies are read for their order only.
 */
export function readReservation(reservation: Reader, region: string | undefined, listed: ReadonlyMap<string, { id: string }> | undefined): InstanceRecord[] {
  const records: InstanceRecord[] = [];
  for (const instanceReader of reservation.list('Instances')) {
    const warnings: Warning[] = [];
    const read = readInstance(instanceReader, region, warnings, listed);
    records.push({ instance: read?.instance, networkInterfaces: read?.networkInterfaces ?? NONE, warnings });
  }
  return records;
}

const NONE: NetworkInterface[] = [];

/** The EC2 instance states, as one shared string each (later stages key maps by them). */
const STATES = new Map(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'].map((state) => [state, state]));

/** One element of `Reservations[].Instances[]`; undefined for instances outside any VPC (terminated, EC2-Classic). */
export function readInstance(reader: Reader, region: string | undefined, warnings: Warning[], listed?: ReadonlyMap<string, { id: string }>): InstanceRead | undefined {
  const id = reader.str('InstanceId');
  const stateText = (reader.child('State')?.optStr('Name') ?? 'running').toLowerCase();
  const state = STATES.get(stateText) ?? stateText;
  const vpcId = reader.optStr('VpcId');
  const subnetId = reader.optStr('SubnetId');
  if (!vpcId || !subnetId) {
    if (state !== 'terminated' && state !== 'shutting-down') {
      warnings.push({ code: 'INSTANCE_OUTSIDE_VPC', resourceId: id, origin: reader.origin, message: `${id} has no VpcId/SubnetId (state ${state}); it is not evaluated.` });
    }
    return undefined;
  }
  // describe-network-interfaces is the fuller record: an inline copy of a listed ENI only gives
  // its place in the instance's order (the rest of it is never used, so it is not read).
  let attached: Array<{ id: string; deviceIndex: number | undefined }> = reader.list('NetworkInterfaces').map((eni) => {
    const eniId = eni.value['NetworkInterfaceId'];
    const known = typeof eniId === 'string' ? listed?.get(eniId) : undefined;
    // The listed copy's id string: looking the ENI up by it later compares no characters.
    if (known) return { id: known.id, deviceIndex: eni.child('Attachment')?.optNum('DeviceIndex') };
    return readNetworkInterface(eni, { vpcId, subnetId, instanceId: id });
  });
  if (attached.length === 0) attached = [synthesisedInterface(reader, id, vpcId, subnetId, warnings)];
  attached.sort((a, b) => (a.deviceIndex ?? 99) - (b.deviceIndex ?? 99));
  const networkInterfaces = attached.filter((eni): eni is NetworkInterface => 'privateAddresses' in eni);
  const name = reader.tagValue('Name');
  const platformText = (reader.optStr('Platform') ?? reader.optStr('PlatformDetails') ?? '').toLowerCase();
  return {
    instance: {
      id,
      name,
      state,
      vpcId,
      subnetId,
      // The EC2 API sets Platform only for Windows; its absence means Linux/UNIX.
      platform: platformText.includes('windows') ? 'windows' : 'linux',
      networkInterfaceIds: attached.map((eni) => eni.id),
      metadata: readMetadataOptions(reader),
      region,
      origin: reader.origin,
    },
    networkInterfaces,
  };
}

/** IMDS-2..6. Absent → AWS's launch defaults (endpoint enabled), flagged as assumed. */
function readMetadataOptions(instance: Reader): MetadataOptions {
  const reader = instance.child('MetadataOptions');
  if (!reader) {
    return { httpEndpoint: 'enabled', httpTokens: 'optional', hopLimit: 1, httpProtocolIpv6: 'disabled', state: 'applied', assumed: true };
  }
  const endpoint = (reader.optStr('HttpEndpoint') ?? 'enabled').toLowerCase();
  if (endpoint !== 'enabled' && endpoint !== 'disabled') reader.fail('HttpEndpoint', `expected "enabled" or "disabled", got "${endpoint}".`);
  const tokens = (reader.optStr('HttpTokens') ?? 'optional').toLowerCase();
  if (tokens !== 'optional' && tokens !== 'required') reader.fail('HttpTokens', `expected "optional" or "required", got "${tokens}".`);
  const ipv6 = (reader.optStr('HttpProtocolIpv6') ?? 'disabled').toLowerCase();
  const hopLimit = reader.optNum('HttpPutResponseHopLimit') ?? 1;
  if (hopLimit < 1 || hopLimit > 64) reader.fail('HttpPutResponseHopLimit', `${hopLimit} is out of range (1–64).`);
  return {
    httpEndpoint: endpoint === 'disabled' ? 'disabled' : 'enabled',
    httpTokens: tokens === 'required' ? 'required' : 'optional',
    hopLimit,
    httpProtocolIpv6: ipv6 === 'enabled' ? 'enabled' : 'disabled',
    state: (reader.optStr('State') ?? 'applied').toLowerCase(),
    assumed: false,
  };
}

/** Older dumps carry only the instance-level address fields. */
function synthesisedInterface(reader: Reader, id: string, vpcId: string, subnetId: string, warnings: Warning[]): NetworkInterface {
  const text = reader.optStr('PrivateIpAddress');
  const address = text === undefined ? undefined : reader.ipv4('PrivateIpAddress');
  warnings.push({ code: 'INSTANCE_WITHOUT_INTERFACES', resourceId: id, origin: reader.origin, message: `${id} lists no NetworkInterfaces; its instance-level address and groups are used.` });
  return {
    id: `${id}/primary-interface`,
    subnetId,
    vpcId,
    privateAddresses: address === undefined || text === undefined ? [] : [{ address, text, primary: true, publicIp: reader.optStr('PublicIpAddress') }],
    groupIds: reader.list('SecurityGroups').map((group) => group.str('GroupId')),
    sourceDestCheck: reader.optBool('SourceDestCheck') ?? true,
    interfaceType: 'interface',
    instanceId: id,
    deviceIndex: 0,
    origin: reader.origin,
  };
}
