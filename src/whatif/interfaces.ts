import type { NetworkInterface } from '../model/types.ts';
import type { Draft } from './draft.ts';
import type { SetInstanceMetadataOptions, SetPublicIp } from './operations.ts';

// Instances and their interfaces: the public address (IGW-1) and metadata options (IMDS-2..6).

/** The interface an operation names, directly or as an instance's primary interface. */
export function interfaceOf(draft: Draft, op: { networkInterfaceId?: string; instanceId?: string }): NetworkInterface {
  if (op.networkInterfaceId !== undefined) return draft.get('networkInterfaces', op.networkInterfaceId);
  const instance = draft.get('instances', op.instanceId!);
  const primary = instance.networkInterfaceIds[0];
  if (primary === undefined || !draft.has('networkInterfaces', primary)) {
    draft.fail(instance.id, `instance ${instance.id} has no primary network interface in the model.`);
  }
  return draft.get('networkInterfaces', primary);
}

export function setPublicIp(draft: Draft, op: SetPublicIp): void {
  const eni = interfaceOf(draft, op);
  if (eni.privateAddresses.length === 0) draft.fail(eni.id, `network interface ${eni.id} has no private IPv4 address to pair a public address with.`);
  if (op.publicIp !== null && !/^\d{1,3}(\.\d{1,3}){3}$/.test(op.publicIp)) draft.fail(eni.id, `"${op.publicIp}" is not an IPv4 address.`);
  const edited = draft.edit('networkInterfaces', eni.id);
  edited.privateAddresses = edited.privateAddresses.map((address, i) => (i === 0 ? { ...address, publicIp: op.publicIp ?? undefined } : address));
}

export function setInstanceMetadataOptions(draft: Draft, op: SetInstanceMetadataOptions): void {
  const instance = draft.get('instances', op.instanceId);
  if (op.hopLimit !== undefined && (op.hopLimit < 1 || op.hopLimit > 64)) draft.fail(op.instanceId, `hopLimit ${op.hopLimit} is out of range (1–64).`);
  if (op.httpEndpoint === undefined && op.httpTokens === undefined && op.hopLimit === undefined) {
    draft.fail(op.instanceId, 'set at least one of httpEndpoint, httpTokens or hopLimit.');
  }
  const metadata = instance.metadata;
  draft.edit('instances', op.instanceId).metadata = {
    ...metadata,
    httpEndpoint: op.httpEndpoint ?? metadata.httpEndpoint,
    httpTokens: op.httpTokens ?? metadata.httpTokens,
    hopLimit: op.hopLimit ?? metadata.hopLimit,
    state: 'applied',
    assumed: false,
  };
}
