import type { Model } from '../model/types.ts';
import { Draft } from './draft.ts';
import { addInterfaceEndpoint, removeInterfaceEndpoint, setEndpointPrivateDns, setVpcDnsAttribute } from './endpoints.ts';
import { addNatGateway, attachInternetGateway, detachInternetGateway, removeNatGateway } from './gateways.ts';
import { setInstanceMetadataOptions, setPublicIp } from './interfaces.ts';
import { addNetworkAclEntry, associateNetworkAcl, removeNetworkAclEntry } from './network-acls.ts';
import type { Operation } from './operations.ts';
import { addRoute, associateRouteTable, removeRoute, replaceRoute } from './routes.ts';
import { addSecurityGroupRule, removeSecurityGroupRule, setNetworkInterfaceGroups } from './security-groups.ts';

export interface ApplyOptions {
  /** Named as the origin of objects the operations create (default `what-if`). */
  source?: string;
}

/**
 * Apply `operations` in order and return the edited model. Pure: the input model is never changed
 * (unchanged objects are shared with it), so callers can keep earlier models as an undo stack.
 * Each operation is checked against the model as the operations before it left it; the first that
 * does not fit throws a WhatIfError naming its index and the id.
 */
export function applyChanges(model: Model, operations: readonly Operation[], options: ApplyOptions = {}): Model {
  const draft = new Draft(model, options.source ?? 'what-if');
  operations.forEach((operation, index) => {
    draft.index = index;
    applyOne(draft, operation);
  });
  return draft.model;
}

function applyOne(draft: Draft, op: Operation): void {
  switch (op.op) {
    case 'add-security-group-rule':
      return addSecurityGroupRule(draft, op);
    case 'remove-security-group-rule':
      return removeSecurityGroupRule(draft, op);
    case 'add-network-acl-entry':
      return addNetworkAclEntry(draft, op);
    case 'remove-network-acl-entry':
      return removeNetworkAclEntry(draft, op);
    case 'add-route':
      return addRoute(draft, op);
    case 'replace-route':
      return replaceRoute(draft, op);
    case 'remove-route':
      return removeRoute(draft, op);
    case 'associate-route-table':
      return associateRouteTable(draft, op);
    case 'associate-network-acl':
      return associateNetworkAcl(draft, op);
    case 'add-interface-endpoint':
      return addInterfaceEndpoint(draft, op);
    case 'remove-interface-endpoint':
      return removeInterfaceEndpoint(draft, op);
    case 'set-endpoint-private-dns':
      return setEndpointPrivateDns(draft, op);
    case 'set-vpc-dns-attribute':
      return setVpcDnsAttribute(draft, op);
    case 'set-instance-metadata-options':
      return setInstanceMetadataOptions(draft, op);
    case 'attach-internet-gateway':
      return attachInternetGateway(draft, op);
    case 'detach-internet-gateway':
      return detachInternetGateway(draft, op);
    case 'add-nat-gateway':
      return addNatGateway(draft, op);
    case 'remove-nat-gateway':
      return removeNatGateway(draft, op);
    case 'set-network-interface-groups':
      return setNetworkInterfaceGroups(draft, op);
    case 'set-public-ip':
      return setPublicIp(draft, op);
    default: {
      const unknown: never = op;
      return draft.fail(undefined, `"${(unknown as { op: string }).op}" is not an operation.`);
    }
  }
}
