import type { NatGateway } from '../model/types.ts';
import type { Draft } from './draft.ts';
import type { AddNatGateway, AttachInternetGateway, DetachInternetGateway, RemoveNatGateway } from './operations.ts';
import { setRouteState } from './routes.ts';

// Internet gateways (IGW-1) and NAT gateways (NAT-1..5). As in AWS, routes to a gateway that goes
// away stay in their tables as blackhole routes (RT-4), and become active again when it returns.

export function attachInternetGateway(draft: Draft, op: AttachInternetGateway): void {
  draft.get('vpcs', op.vpcId);
  if (!draft.has('internetGateways', op.internetGatewayId)) {
    if (!op.create) draft.fail(op.internetGatewayId, `internet gateway ${op.internetGatewayId} is not in the model (add "create": true to create it).`);
    if (!op.internetGatewayId.startsWith('igw-')) draft.fail(op.internetGatewayId, `a new internet gateway's id starts with igw-, not "${op.internetGatewayId}".`);
    draft.put('internetGateways', { id: op.internetGatewayId, attachedVpcIds: [], egressOnly: false, origin: draft.origin });
    draft.model.presentKeys.add('InternetGateways');
  }
  const gateway = draft.get('internetGateways', op.internetGatewayId);
  if (gateway.egressOnly) draft.fail(gateway.id, `${gateway.id} is an egress-only internet gateway; it belongs to the VPC it was created in.`);
  if (gateway.attachedVpcIds.includes(op.vpcId)) draft.fail(gateway.id, `internet gateway ${gateway.id} is already attached to ${op.vpcId}.`);
  const other = gateway.attachedVpcIds[0];
  if (other) draft.fail(gateway.id, `internet gateway ${gateway.id} is attached to ${other}; detach it first (a gateway serves one VPC).`);
  const taken = [...draft.model.internetGateways.values()].find((g) => !g.egressOnly && g.attachedVpcIds.includes(op.vpcId));
  if (taken) draft.fail(taken.id, `${op.vpcId} already has internet gateway ${taken.id} attached (a VPC has at most one).`);
  draft.edit('internetGateways', gateway.id).attachedVpcIds = [op.vpcId];
  setRouteState(draft, gateway.id, 'active', (table) => table.vpcId === op.vpcId);
}

export function detachInternetGateway(draft: Draft, op: DetachInternetGateway): void {
  draft.get('vpcs', op.vpcId);
  const gateway = draft.get('internetGateways', op.internetGatewayId);
  if (!gateway.attachedVpcIds.includes(op.vpcId)) draft.fail(gateway.id, `internet gateway ${gateway.id} is not attached to ${op.vpcId}.`);
  draft.edit('internetGateways', gateway.id).attachedVpcIds = gateway.attachedVpcIds.filter((id) => id !== op.vpcId);
  setRouteState(draft, gateway.id, 'blackhole', (table) => table.vpcId === op.vpcId);
}

export function addNatGateway(draft: Draft, op: AddNatGateway): void {
  const subnet = draft.get('subnets', op.subnetId);
  const id = op.natGatewayId ?? draft.freshId('natGateways', 'nat-whatif-');
  if (draft.has('natGateways', id)) draft.fail(id, `NAT gateway ${id} is already in the model.`);
  if (op.connectivity === 'private' && op.publicIp !== undefined) draft.fail(id, 'a private NAT gateway has no public address.');
  const nat: NatGateway = {
    id,
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    state: 'available',
    connectivity: op.connectivity ?? 'public',
    publicIps: op.publicIp ? [op.publicIp] : [],
    privateIps: [],
    networkInterfaceIds: [],
    origin: draft.origin,
  };
  draft.put('natGateways', nat);
  draft.model.presentKeys.add('NatGateways');
  setRouteState(draft, id, 'active');
}

export function removeNatGateway(draft: Draft, op: RemoveNatGateway): void {
  draft.get('natGateways', op.natGatewayId);
  draft.remove('natGateways', op.natGatewayId);
  setRouteState(draft, op.natGatewayId, 'blackhole');
}
