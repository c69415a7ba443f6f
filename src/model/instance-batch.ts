// Instance records as the fleet worker sends them: in columns of strings and small numbers, which
// a structured clone copies as a few arrays, instead of one object (with its keys) per instance
// and per nested value. The main thread is the busy end of a fleet read, and an object graph costs
// it twice what the columns do to take apart. decodeBatch(encodeBatch(records)) equals records
// (test/fleet-snapshot.test.ts compares whole models).

import type { InstanceRecord } from './instances.ts';
import type { Instance, MetadataOptions, NetworkInterface, Warning } from './types.ts';

export interface InstanceBatch {
  /** Records in order; -1 where a record has no instance (outside a VPC). */
  count: number;
  ids: Array<string | undefined>;
  names: Array<string | undefined>;
  states: string[];
  vpcIds: string[];
  subnetIds: string[];
  /** 1 for Windows. */
  windows: Uint8Array;
  /** Every record's interface ids, one after another; `interfaceCounts` says how many each. */
  interfaceIds: string[];
  interfaceCounts: Uint16Array;
  /** Distinct metadata options of the batch, and which one each record has. */
  metadata: MetadataOptions[];
  metadataIndex: Uint16Array;
  /** `origin.path` is `$.Reservations[<reservation>].Instances[<position>]`. */
  reservation: Uint32Array;
  position: Uint32Array;
  file: string;
  region: string | undefined;
  /** Rare: warnings and inline interfaces, with the index of the record they belong to. */
  warnings: Warning[];
  warningsAt: number[];
  interfaces: NetworkInterface[];
  interfacesAt: number[];
}

const NONE: never[] = [];

/** Records read from `reservations[i]` for i from `firstReservation`, each noting its reservation. */
export function encodeBatch(records: ReadonlyArray<InstanceRecord & { reservation: number; position: number }>, file: string, region: string | undefined): InstanceBatch {
  const count = records.length;
  const batch: InstanceBatch = {
    count,
    ids: new Array(count),
    names: new Array(count),
    states: new Array(count),
    vpcIds: new Array(count),
    subnetIds: new Array(count),
    windows: new Uint8Array(count),
    interfaceIds: [],
    interfaceCounts: new Uint16Array(count),
    metadata: [],
    metadataIndex: new Uint16Array(count),
    reservation: new Uint32Array(count),
    position: new Uint32Array(count),
    file,
    region,
    warnings: [],
    warningsAt: [],
    interfaces: [],
    interfacesAt: [],
  };
  const metadataKeys = new Map<string, number>();
  for (let k = 0; k < count; k++) {
    const record = records[k]!;
    batch.reservation[k] = record.reservation;
    batch.position[k] = record.position;
    for (const warning of record.warnings) {
      batch.warnings.push(warning);
      batch.warningsAt.push(k);
    }
    for (const eni of record.networkInterfaces) {
      batch.interfaces.push(eni);
      batch.interfacesAt.push(k);
    }
    const instance = record.instance;
    if (!instance) continue;
    batch.ids[k] = instance.id;
    batch.names[k] = instance.name;
    batch.states[k] = instance.state;
    batch.vpcIds[k] = instance.vpcId;
    batch.subnetIds[k] = instance.subnetId;
    batch.windows[k] = instance.platform === 'windows' ? 1 : 0;
    for (const id of instance.networkInterfaceIds) batch.interfaceIds.push(id);
    batch.interfaceCounts[k] = instance.networkInterfaceIds.length;
    const m = instance.metadata;
    const key = JSON.stringify([m.httpEndpoint, m.httpTokens, m.hopLimit, m.httpProtocolIpv6, m.state, m.assumed]);
    let index = metadataKeys.get(key);
    if (index === undefined) {
      metadataKeys.set(key, (index = batch.metadata.length));
      batch.metadata.push(m);
    }
    batch.metadataIndex[k] = index;
  }
  return batch;
}

/** The records back, each instance a new object of its own (its metadata options shared). */
export function decodeBatch(batch: InstanceBatch): InstanceRecord[] {
  const records: InstanceRecord[] = new Array(batch.count);
  let nextInterface = 0;
  let nextWarning = 0;
  let nextInline = 0;
  for (let k = 0; k < batch.count; k++) {
    let warnings: Warning[] = NONE;
    while (batch.warningsAt[nextWarning] === k) (warnings === NONE ? (warnings = []) : warnings).push(batch.warnings[nextWarning++]!);
    let networkInterfaces: NetworkInterface[] = NONE;
    while (batch.interfacesAt[nextInline] === k) (networkInterfaces === NONE ? (networkInterfaces = []) : networkInterfaces).push(batch.interfaces[nextInline++]!);
    const id = batch.ids[k];
    let instance: Instance | undefined;
    if (id !== undefined) {
      const interfaceCount = batch.interfaceCounts[k]!;
      const m = batch.metadata[batch.metadataIndex[k]!]!;
      instance = {
        id,
        name: batch.names[k],
        state: batch.states[k]!,
        vpcId: batch.vpcIds[k]!,
        subnetId: batch.subnetIds[k]!,
        platform: batch.windows[k] === 1 ? 'windows' : 'linux',
        networkInterfaceIds: batch.interfaceIds.slice(nextInterface, nextInterface + interfaceCount),
        // Shared by the batch's instances with these options (model objects are not edited in
        // place): the evaluator remembers its class of options by the object.
        metadata: m,
        region: batch.region,
        origin: { file: batch.file, path: `$.Reservations[${batch.reservation[k]}].Instances[${batch.position[k]}]` },
      };
      nextInterface += interfaceCount;
    }
    records[k] = { instance, networkInterfaces, warnings };
  }
  return records;
}
