// The raw input every source produces: EC2 API output members in their native PascalCase shape,
// merged by top-level key, each element remembering the file and JSON path it came from so that
// later stages can name exactly where bad input sits.

export interface RawItem {
  value: unknown;
  /** File (or pseudo-source such as `aws:DescribeVpcs`) the element came from. */
  file: string;
  /** JSON path of the element inside that file, e.g. `$.SecurityGroups[3]`. */
  path: string;
  /** Region the element belongs to when its source says so (folder name, `Region` key, live region). */
  region?: string;
}

export interface RawSnapshot {
  /** Top-level key (`SecurityGroups`, `Reservations`, …) → its array elements, in input order. */
  items: Map<string, RawItem[]>;
  /** Keys that some source said it could not read, with the reason ("needs ec2:DescribeVpcEndpoints"). */
  absent: Map<string, string>;
  /** The `Region` extension, when a source carries one. */
  region?: { value: string; file: string };
  /** Every file or source read, in order. */
  sources: string[];
  /** Values a source could not know (a Terraform plan's "known after apply"), by resource. */
  unresolved?: RawUnresolved[];
  /** Assumptions a source made, reported as warnings (code, sentence, resource). */
  notes?: Array<{ code: string; message: string; resourceId?: string }>;
}

/** A value only known later: which object, which field, and where it comes from (a plan address). */
export interface RawUnresolved {
  resourceId: string;
  field: string;
  /** The Terraform resource address (`aws_subnet.private[0]`). */
  address: string;
  /** Why it stays unknown, as a sentence fragment. */
  reason: string;
}

export function emptyRawSnapshot(): RawSnapshot {
  return { items: new Map(), absent: new Map(), sources: [] };
}

/** Keys of EC2 output we read (DESIGN.md §2); anything else in a document is ignored. */
export const SNAPSHOT_KEYS = [
  'Reservations',
  'Vpcs',
  'Subnets',
  'SecurityGroups',
  'NetworkAcls',
  'RouteTables',
  'InternetGateways',
  'EgressOnlyInternetGateways',
  'NatGateways',
  'VpcEndpoints',
  'NetworkInterfaces',
  'PrefixLists',
  'ManagedPrefixLists',
  'DhcpOptions',
  'VpcPeeringConnections',
  'TransitGateways',
  'TransitGatewayAttachments',
  'TransitGatewayVpcAttachments',
  'TransitGatewayRouteTables',
  'Addresses',
  'VpcAttributes',
] as const;

export type SnapshotKey = (typeof SNAPSHOT_KEYS)[number];
