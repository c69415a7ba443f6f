// What-if operations: edits of the model, as plain JSON-able objects. A change file holds a list of
// them (docs/what-if.md); the TUI keeps them on its undo stack and exports them with
// serializeChanges. Every operation may carry a `description`, which is kept but never interpreted.

export type RuleDirection = 'ingress' | 'egress';
export type AclDirection = 'inbound' | 'outbound';

interface Described {
  /** Free text: why this edit. Kept in round trips, never interpreted. */
  description?: string;
}

/**
 * A security-group rule as the EC2 API knows it: protocol (`tcp`, `udp`, `icmp`, `all`, `-1` or an
 * IANA number), a port range for TCP/UDP, and exactly one peer.
 */
export interface SecurityGroupRuleSpec extends Described {
  groupId: string;
  direction: RuleDirection;
  protocol: string;
  fromPort?: number;
  /** Defaults to fromPort. */
  toPort?: number;
  cidr?: string;
  prefixListId?: string;
  /** Another security group as the peer (UserIdGroupPairs). */
  referencedGroupId?: string;
}

export interface AddSecurityGroupRule extends SecurityGroupRuleSpec {
  op: 'add-security-group-rule';
}

export interface RemoveSecurityGroupRule extends SecurityGroupRuleSpec {
  op: 'remove-security-group-rule';
}

export interface AddNetworkAclEntry extends Described {
  op: 'add-network-acl-entry';
  networkAclId: string;
  direction: AclDirection;
  ruleNumber: number;
  action: 'allow' | 'deny';
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidr: string;
}

export interface RemoveNetworkAclEntry extends Described {
  op: 'remove-network-acl-entry';
  networkAclId: string;
  direction: AclDirection;
  ruleNumber: number;
}

export interface AddRoute extends Described {
  op: 'add-route';
  routeTableId: string;
  /** A CIDR block, or a prefix list id (`pl-…`). */
  destination: string;
  /** `igw-…`, `nat-…`, `tgw-…`, `pcx-…`, `vgw-…`, `eni-…`, `i-…`, `vpce-…`, `eigw-…`, or an id the model holds. */
  targetId: string;
}

export interface ReplaceRoute extends Described {
  op: 'replace-route';
  routeTableId: string;
  destination: string;
  targetId: string;
}

export interface RemoveRoute extends Described {
  op: 'remove-route';
  routeTableId: string;
  destination: string;
}

export interface AssociateRouteTable extends Described {
  op: 'associate-route-table';
  subnetId: string;
  routeTableId: string;
}

export interface AssociateNetworkAcl extends Described {
  op: 'associate-network-acl';
  subnetId: string;
  networkAclId: string;
}

export interface AddInterfaceEndpoint extends Described {
  op: 'add-interface-endpoint';
  /** `ssm`, `ec2messages`, `ssmmessages` (expanded with the model's region), or a full service name. */
  service: string;
  subnetIds: string[];
  /** Defaults to the VPC's default security group, as AWS does. */
  groupIds?: string[];
  /** Defaults to true. */
  privateDns?: boolean;
  /** Defaults to a generated `vpce-whatif-…` id. */
  endpointId?: string;
}

export interface RemoveInterfaceEndpoint extends Described {
  op: 'remove-interface-endpoint';
  endpointId: string;
}

export interface SetEndpointPrivateDns extends Described {
  op: 'set-endpoint-private-dns';
  endpointId: string;
  enabled: boolean;
}

export interface SetVpcDnsAttribute extends Described {
  op: 'set-vpc-dns-attribute';
  vpcId: string;
  attribute: 'enableDnsSupport' | 'enableDnsHostnames';
  enabled: boolean;
}

export interface SetInstanceMetadataOptions extends Described {
  op: 'set-instance-metadata-options';
  instanceId: string;
  httpEndpoint?: 'enabled' | 'disabled';
  httpTokens?: 'optional' | 'required';
  hopLimit?: number;
}

export interface AttachInternetGateway extends Described {
  op: 'attach-internet-gateway';
  internetGatewayId: string;
  vpcId: string;
  /** Create the gateway when the model does not hold it (otherwise an unknown id is an error). */
  create?: boolean;
}

export interface DetachInternetGateway extends Described {
  op: 'detach-internet-gateway';
  internetGatewayId: string;
  vpcId: string;
}

export interface AddNatGateway extends Described {
  op: 'add-nat-gateway';
  subnetId: string;
  /** Defaults to a generated `nat-whatif-…` id. */
  natGatewayId?: string;
  /** Defaults to public. */
  connectivity?: 'public' | 'private';
  /** The Elastic IP of a public NAT gateway; any address will do (only its presence matters). */
  publicIp?: string;
}

export interface RemoveNatGateway extends Described {
  op: 'remove-nat-gateway';
  natGatewayId: string;
}

/** Name an interface directly, or an instance for its primary interface. */
interface InterfaceSelector {
  networkInterfaceId?: string;
  instanceId?: string;
}

export interface SetNetworkInterfaceGroups extends Described, InterfaceSelector {
  op: 'set-network-interface-groups';
  groupIds: string[];
}

export interface SetPublicIp extends Described, InterfaceSelector {
  op: 'set-public-ip';
  /** An address to associate (any; only its presence matters), or null to remove the public address. */
  publicIp: string | null;
}

export type Operation =
  | AddSecurityGroupRule
  | RemoveSecurityGroupRule
  | AddNetworkAclEntry
  | RemoveNetworkAclEntry
  | AddRoute
  | ReplaceRoute
  | RemoveRoute
  | AssociateRouteTable
  | AssociateNetworkAcl
  | AddInterfaceEndpoint
  | RemoveInterfaceEndpoint
  | SetEndpointPrivateDns
  | SetVpcDnsAttribute
  | SetInstanceMetadataOptions
  | AttachInternetGateway
  | DetachInternetGateway
  | AddNatGateway
  | RemoveNatGateway
  | SetNetworkInterfaceGroups
  | SetPublicIp;

export type OperationName = Operation['op'];

/** Every operation name, in the order docs/what-if.md lists them. */
export const OPERATION_NAMES: readonly OperationName[] = [
  'add-security-group-rule',
  'remove-security-group-rule',
  'add-network-acl-entry',
  'remove-network-acl-entry',
  'add-route',
  'replace-route',
  'remove-route',
  'associate-route-table',
  'associate-network-acl',
  'add-interface-endpoint',
  'remove-interface-endpoint',
  'set-endpoint-private-dns',
  'set-vpc-dns-attribute',
  'set-instance-metadata-options',
  'attach-internet-gateway',
  'detach-internet-gateway',
  'add-nat-gateway',
  'remove-nat-gateway',
  'set-network-interface-groups',
  'set-public-ip',
];

/** The change file (docs/what-if.md). */
export interface ChangeFile {
  version: 1;
  description?: string;
  operations: Operation[];
}
