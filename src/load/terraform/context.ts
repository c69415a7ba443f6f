import type { PlanDocument } from './document.ts';
import type { Json, PlanResource, TerraformPlan } from './plan-json.ts';
import { formatIpv4, parseIpv4, parseIpv4Block } from './ipv4.ts';
import type { Resolved, Resolver } from './references.ts';

// What every converter shares: the document being built, the resolver, and helpers that turn a
// Terraform attribute into a value or record why it stays unknown.

export type Item = Record<string, unknown>;

export class Conversion {
  readonly doc: PlanDocument;
  readonly r: Resolver;
  readonly plan: TerraformPlan;
  /** Over a snapshot: objects the snapshot holds keep what the plan does not say. */
  readonly overSnapshot: boolean;
  private usedAddresses: Set<number> | undefined;
  /** Instances whose private address is a stand-in, with the subnet it was taken from. */
  readonly stood = new Map<string, { address: string; subnetCidr: string; resource: PlanResource }>();

  constructor(doc: PlanDocument, resolver: Resolver, plan: TerraformPlan, overSnapshot: boolean) {
    this.doc = doc;
    this.r = resolver;
    this.plan = plan;
    this.overSnapshot = overSnapshot;
  }

  id(resource: PlanResource): string {
    return this.r.idOf(resource);
  }

  /** A string attribute; an unknown is recorded against `ownerId` and gives undefined. */
  string(resource: PlanResource, attribute: string, ownerId: string, field = attribute): string | undefined {
    return this.settle(this.r.string(resource, attribute), resource, ownerId, field);
  }

  /** A string the resource cannot do without: unknown is recorded even when the configuration leaves it to the provider (an IPAM-allocated CIDR). */
  required(resource: PlanResource, attribute: string, ownerId: string, why: string): string | undefined {
    if (this.isUnknown(resource, [attribute]) && this.r.unconfigured(resource, attribute)) {
      this.unresolved(ownerId, attribute, resource, `${resource.address}: ${attribute} is known only after apply (${why})`);
      return undefined;
    }
    return this.string(resource, attribute, ownerId);
  }

  strings(resource: PlanResource, attribute: string, ownerId: string, field = attribute): string[] | undefined {
    return this.settle(this.r.strings(resource, attribute), resource, ownerId, field);
  }

  /** A plain value the plan knows (numbers, booleans, blocks); unknown gives undefined, unrecorded. */
  known(resource: PlanResource, path: Array<string | number>): Json | undefined {
    const v = this.r.known(resource, path);
    return v.known ? v.value : undefined;
  }

  isUnknown(resource: PlanResource, path: Array<string | number>): boolean {
    return !this.r.known(resource, path).known;
  }

  settle<T>(value: Resolved<T>, resource: PlanResource, ownerId: string, field: string): T | undefined {
    if (value.known) return value.value;
    this.unresolved(ownerId, field, resource, value.reason);
    return undefined;
  }

  unresolved(resourceId: string, field: string, resource: PlanResource, reason: string): void {
    this.doc.unresolved({ resourceId, field, address: resource.address, reason });
  }

  /**
   * The VPC of a resource: its vpc_id, else (a local value, say) the only VPC of the plan or the
   * snapshot, with a note.
   */
  vpcId(resource: PlanResource, ownerId: string): string | undefined {
    const v = this.r.string(resource, 'vpc_id');
    if (v.known && v.value) return v.value;
    const vpcs = this.doc.list('Vpcs').map((vpc) => String(vpc['VpcId']));
    if (vpcs.length === 1) {
      if (!v.known) this.doc.note('TERRAFORM_ASSUMED', `${resource.address}: vpc_id is known only after apply and no reference resolves it; it is taken to be ${vpcs[0]}, the only VPC.`, ownerId);
      return vpcs[0];
    }
    if (!v.known) this.unresolved(ownerId, 'vpc_id', resource, v.reason);
    return undefined;
  }

  subnet(id: string | undefined): Item | undefined {
    return id === undefined ? undefined : this.doc.get('Subnets', id);
  }

  defaultGroupOf(vpcId: string | undefined): string | undefined {
    if (!vpcId) return undefined;
    const group = this.doc.list('SecurityGroups').find((g) => g['VpcId'] === vpcId && g['GroupName'] === 'default');
    return group ? String(group['GroupId']) : undefined;
  }

  /** The lowest address of the subnet that no interface uses (AWS reserves the first four). */
  allocate(subnet: Item | undefined): string | undefined {
    const cidr = typeof subnet?.['CidrBlock'] === 'string' ? parseIpv4Block(subnet['CidrBlock']) : undefined;
    if (!cidr) return undefined;
    const used = (this.usedAddresses ??= this.collectAddresses());
    for (let address = cidr.first + 4; address < cidr.last; address++) {
      if (!used.has(address)) {
        used.add(address);
        return formatIpv4(address);
      }
    }
    return undefined;
  }

  /** An address the plan or the snapshot gives: taken, so allocate() skips it. */
  reserve(address: string): void {
    const used = (this.usedAddresses ??= this.collectAddresses());
    const parsed = parseIpv4(address);
    if (parsed !== undefined) used.add(parsed);
  }

  private collectAddresses(): Set<number> {
    const used = new Set<number>();
    const add = (text: unknown) => {
      const parsed = typeof text === 'string' ? parseIpv4(text) : undefined;
      if (parsed !== undefined) used.add(parsed);
    };
    for (const eni of this.doc.list('NetworkInterfaces')) {
      add(eni['PrivateIpAddress']);
      for (const a of asItems(eni['PrivateIpAddresses'])) add(a['PrivateIpAddress']);
    }
    for (const instance of this.doc.instances()) add(instance['PrivateIpAddress']);
    for (const nat of this.doc.list('NatGateways')) for (const a of asItems(nat['NatGatewayAddresses'])) add(a['PrivateIp']);
    return used;
  }
}

export function asItems(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((v): v is Item => v !== null && typeof v === 'object' && !Array.isArray(v)) : [];
}

export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

export function tagsOf(value: unknown): Array<{ Key: string; Value: string }> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === 'string').map(([Key, v]) => ({ Key, Value: v as string }));
}

/** Terraform's protocol spellings (`-1`, `all`, `tcp`, `6`) as the EC2 API writes them. */
export function protocolText(value: unknown): string {
  const text = String(value ?? '-1').toLowerCase();
  return text === 'all' ? '-1' : text;
}
