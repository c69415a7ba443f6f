import { readNetworkInterface } from './network-interfaces.ts';
import type { Json } from './usual-shape.ts';
import { UNUSUAL, absent, isObject, optional } from './usual-shape.ts';
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
  const usual = readUsualInstance(reader, region, listed);
  return usual === UNUSUAL ? readInstanceChecked(reader, region, warnings, listed) : usual;
}

/**
 * The same, field by field through the Reader: every type is checked and a wrong one names its
 * JSON path. readInstance gives the same result (tested with generated instances).
 */
export function readInstanceChecked(reader: Reader, region: string | undefined, warnings: Warning[], listed?: ReadonlyMap<string, { id: string }>): InstanceRead | undefined {
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
  const metadata = readMetadataOptions(reader);
  return instanceRead(reader, { id, name, state, vpcId, subnetId, platformText, attached, metadata, region }, networkInterfaces);
}

/** The instance as both readers return it, in one shape (and key order). */
function instanceRead(
  reader: Reader,
  f: { id: string; name: string | undefined; state: string; vpcId: string; subnetId: string; platformText: string; attached: ReadonlyArray<{ id: string }>; metadata: MetadataOptions; region: string | undefined },
  networkInterfaces: NetworkInterface[],
): InstanceRead {
  return {
    instance: {
      id: f.id,
      name: f.name,
      state: f.state,
      vpcId: f.vpcId,
      subnetId: f.subnetId,
      // The EC2 API sets Platform only for Windows; its absence means Linux/UNIX.
      platform: f.platformText.includes('windows') ? 'windows' : 'linux',
      networkInterfaceIds: f.attached.map((eni) => eni.id),
      metadata: f.metadata,
      region: f.region,
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

/**
 * An instance in the shape AWS writes it, read with plain property access (a fleet has one per
 * line of its report, and the Reader's checks cost several times the reading). UNUSUAL as soon
 * as anything is not the usual shape: absent VPC or interfaces, a field of another type, strings
 * for numbers, metadata values readInstanceChecked would reject. That reader then decides.
 */
function readUsualInstance(reader: Reader, region: string | undefined, listed: ReadonlyMap<string, { id: string }> | undefined): InstanceRead | typeof UNUSUAL {
  const v = reader.value;
  const id = v['InstanceId'];
  if (typeof id !== 'string' || id === '') return UNUSUAL;
  const stateValue = v['State'];
  let stateName: unknown;
  if (!absent(stateValue)) {
    if (!isObject(stateValue)) return UNUSUAL;
    stateName = stateValue['Name'];
    if (!optional(stateName, 'string')) return UNUSUAL;
  }
  const stateText = ((stateName as string | null | undefined) ?? 'running').toLowerCase();
  const state = STATES.get(stateText) ?? stateText;
  const vpcId = v['VpcId'];
  const subnetId = v['SubnetId'];
  if (typeof vpcId !== 'string' || vpcId === '' || typeof subnetId !== 'string' || subnetId === '') return UNUSUAL;
  const enis = v['NetworkInterfaces'];
  if (!Array.isArray(enis) || enis.length === 0) return UNUSUAL;
  // As Reader.list does, every element is an object before any is read.
  for (let i = 0; i < enis.length; i++) if (!isObject(enis[i])) return UNUSUAL;
  const attached: Array<{ id: string; deviceIndex: number | undefined }> = [];
  const networkInterfaces: NetworkInterface[] = [];
  let readers: Reader[] | undefined;
  for (let i = 0; i < enis.length; i++) {
    const eni = enis[i] as Json;
    const eniId = eni['NetworkInterfaceId'];
    const known = typeof eniId === 'string' ? listed?.get(eniId) : undefined;
    if (known) {
      const attachment = eni['Attachment'];
      let deviceIndex: unknown;
      if (!absent(attachment)) {
        if (!isObject(attachment)) return UNUSUAL;
        deviceIndex = attachment['DeviceIndex'];
        if (!absent(deviceIndex) && !(typeof deviceIndex === 'number' && Number.isFinite(deviceIndex))) return UNUSUAL;
      }
      attached.push({ id: known.id, deviceIndex: (deviceIndex as number | null | undefined) ?? undefined });
    } else {
      readers ??= reader.list('NetworkInterfaces');
      const full = readNetworkInterface(readers[i]!, { vpcId, subnetId, instanceId: id });
      attached.push(full);
      networkInterfaces.push(full);
    }
  }
  if (attached.length > 1) {
    attached.sort((a, b) => (a.deviceIndex ?? 99) - (b.deviceIndex ?? 99));
    networkInterfaces.sort((a, b) => attached.indexOf(a) - attached.indexOf(b));
  }
  let name: string | undefined;
  const tags = v['Tags'];
  if (!absent(tags)) {
    if (!Array.isArray(tags)) return UNUSUAL;
    for (let i = 0; i < tags.length; i++) if (!isObject(tags[i])) return UNUSUAL;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i] as Json;
      const key = tag['Key'];
      if (key === 'Name') {
        const value = tag['Value'];
        if (!optional(value, 'string')) return UNUSUAL;
        name = value ?? undefined;
        break;
      }
      if (!optional(key, 'string')) return UNUSUAL;
    }
  }
  let platformValue = v['Platform'];
  if (absent(platformValue)) platformValue = v['PlatformDetails'];
  if (!optional(platformValue, 'string')) return UNUSUAL;
  const platformText = (platformValue ?? '').toLowerCase();
  const metadata = usualMetadataOptions(v['MetadataOptions']);
  if (metadata === UNUSUAL) return UNUSUAL;
  return instanceRead(reader, { id, name, state, vpcId, subnetId, platformText, attached, metadata, region }, networkInterfaces);
}

/** readMetadataOptions for the usual shape; UNUSUAL where it would fail or convert a string. */
function usualMetadataOptions(value: unknown): MetadataOptions | typeof UNUSUAL {
  if (absent(value)) return { httpEndpoint: 'enabled', httpTokens: 'optional', hopLimit: 1, httpProtocolIpv6: 'disabled', state: 'applied', assumed: true };
  if (!isObject(value)) return UNUSUAL;
  const text = (key: string, fallback: string): string | typeof UNUSUAL => {
    const field = value[key];
    if (absent(field)) return fallback;
    return typeof field === 'string' ? field.toLowerCase() : UNUSUAL;
  };
  const endpoint = text('HttpEndpoint', 'enabled');
  const tokens = text('HttpTokens', 'optional');
  const ipv6 = text('HttpProtocolIpv6', 'disabled');
  const state = text('State', 'applied');
  if (endpoint === UNUSUAL || tokens === UNUSUAL || ipv6 === UNUSUAL || state === UNUSUAL) return UNUSUAL;
  if ((endpoint !== 'enabled' && endpoint !== 'disabled') || (tokens !== 'optional' && tokens !== 'required')) return UNUSUAL;
  const hop = value['HttpPutResponseHopLimit'];
  if (!absent(hop) && !(typeof hop === 'number' && Number.isFinite(hop))) return UNUSUAL;
  const hopLimit = (hop as number | null | undefined) ?? 1;
  if (hopLimit < 1 || hopLimit > 64) return UNUSUAL;
  return { httpEndpoint: endpoint, httpTokens: tokens, hopLimit, httpProtocolIpv6: ipv6 === 'enabled' ? 'enabled' : 'disabled', state, assumed: false };
}
