import type { ConfigModule, Json, JsonObject, PlanResource, TerraformPlan } from './plan-json.ts';
import { isObject, moduleCallPath } from './plan-json.ts';

// Values known only after apply, resolved through the configuration's references: the plan says
// `subnet_id` is unknown, the configuration says it is `aws_subnet.private[count.index].id`, so it
// is the id of the subnet this plan creates at the same index — `tf:aws_subnet.private[0]` until
// AWS assigns one. What cannot be resolved (a CIDR computed by a function from an unknown, a local
// value) stays unknown, and the caller records it.

export type Resolved<T> = { known: true; value: T } | { known: false; reason: string };

/** Attributes of aws_vpc that name the objects AWS creates with every VPC. */
export const VPC_IMPLICIT = ['main_route_table_id', 'default_route_table_id', 'default_network_acl_id', 'default_security_group_id'] as const;

interface Scope {
  /** Module address with instance keys (`module.vpc[0]`), '' for root. */
  moduleAddress: string;
  /** When a module output is resolved without an instance key: match any instance of the module. */
  anyModuleInstance?: string;
  /** count.index / each.key of the resource whose expression this is. */
  index: number | string | undefined;
}

interface Target {
  resource: PlanResource;
  attribute: string | undefined;
}

export class Resolver {
  readonly plan: TerraformPlan;
  private readonly byName = new Map<string, PlanResource[]>();
  readonly resources: PlanResource[];

  constructor(plan: TerraformPlan, resources: PlanResource[]) {
    this.plan = plan;
    this.resources = resources;
    for (const resource of resources) {
      const key = `${resource.moduleAddress}|${resource.type}.${resource.name}`;
      const list = this.byName.get(key);
      if (list) list.push(resource);
      else this.byName.set(key, [resource]);
    }
  }

  /** The AWS id when known (or kept across an in-place update), else `tf:<address>`. */
  idOf(resource: PlanResource): string {
    const id = this.known(resource, ['id']);
    if (id.known && typeof id.value === 'string' && id.value !== '') return id.value;
    const before = resource.before?.['id'];
    if (typeof before === 'string' && before !== '' && !resource.actions.includes('create')) return before;
    return `tf:${resource.address}`;
  }

  /** The value at `path`, when the plan knows it (null and absent are known: undefined). */
  known(resource: PlanResource, path: Array<string | number>): Resolved<Json | undefined> {
    let unknown: unknown = resource.unknown;
    for (const step of path) {
      if (unknown === true) return { known: false, reason: `${resource.address}: ${pathText(path)} is known only after apply` };
      unknown = isObject(unknown) || Array.isArray(unknown) ? (unknown as Record<string | number, unknown>)[step] : undefined;
    }
    if (unknown === true) return { known: false, reason: `${resource.address}: ${pathText(path)} is known only after apply` };
    let value: unknown = resource.values;
    for (const step of path) {
      value = isObject(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[step] : undefined;
    }
    return { known: true, value: value === null ? undefined : (value as Json | undefined) };
  }

  /** A scalar attribute: known, else the value its configuration refers to. */
  value(resource: PlanResource, attribute: string): Resolved<Json | undefined> {
    const known = this.known(resource, [attribute]);
    if (known.known) return known;
    // Computed by the provider, not set in the configuration: for an input, that means unset.
    if (this.unconfigured(resource, attribute)) return { known: true, value: undefined };
    const targets = this.targetsOf(resource, attribute);
    if (targets === undefined) return known;
    const values = new Set<string>();
    let last: Resolved<Json | undefined> = known;
    for (const target of targets) {
      const v = this.valueOfTarget(target);
      if (!v.known) return { known: false, reason: `${resource.address}: ${attribute} comes from ${v.reason}` };
      last = v;
      values.add(JSON.stringify(v.value ?? null));
    }
    if (values.size === 1) return last;
    return { known: false, reason: `${resource.address}: ${attribute} refers to ${targets.length === 0 ? 'nothing this plan creates' : `several resources (${targets.map((t) => t.resource.address).join(', ')})`}` };
  }

  /** A string attribute such as an id. */
  string(resource: PlanResource, attribute: string): Resolved<string | undefined> {
    const v = this.value(resource, attribute);
    if (!v.known) return v;
    if (v.value === undefined || v.value === '') return { known: true, value: undefined };
    return { known: true, value: typeof v.value === 'string' ? v.value : String(v.value) };
  }

  /** A list of ids (`vpc_security_group_ids`, `subnet_ids`): known elements, the rest through references. */
  strings(resource: PlanResource, attribute: string): Resolved<string[]> {
    const known = this.known(resource, [attribute]);
    if (known.known) {
      const list = Array.isArray(known.value) ? known.value : [];
      const unknownElements = list.some((_, i) => !this.known(resource, [attribute, i]).known);
      if (!unknownElements) return { known: true, value: list.filter((v): v is string => typeof v === 'string' && v !== '') };
    }
    if (!known.known && this.unconfigured(resource, attribute)) return { known: true, value: [] };
    const targets = this.targetsOf(resource, attribute, true);
    if (targets === undefined || targets.length === 0) {
      return known.known ? { known: false, reason: `${resource.address}: some of ${attribute} are known only after apply` } : known;
    }
    const out: string[] = [];
    for (const target of targets) {
      const v = this.valueOfTarget(target);
      if (!v.known) return { known: false, reason: `${resource.address}: ${attribute} comes from ${v.reason}` };
      if (Array.isArray(v.value)) out.push(...v.value.filter((x): x is string => typeof x === 'string'));
      else if (typeof v.value === 'string') out.push(v.value);
    }
    return { known: true, value: [...new Set(out)] };
  }

  /**
   * An id inside a nested block (`network_interface { network_interface_id = aws_network_interface.a.id }`):
   * known, else through the block's expression in the configuration.
   */
  blockString(resource: PlanResource, block: string, index: number, attribute: string): Resolved<string | undefined> {
    const known = this.known(resource, [block, index, attribute]);
    if (known.known) return { known: true, value: typeof known.value === 'string' && known.value !== '' ? known.value : undefined };
    const blocks = this.configOf(resource)?.expressions[block];
    const expression = Array.isArray(blocks) && isObject(blocks[index]) ? blocks[index][attribute] : undefined;
    if (!isObject(expression)) return known;
    const targets = this.resolveExpression(expression, { moduleAddress: resource.moduleAddress, index: resource.index }, false);
    if (!targets || targets.length !== 1) return known;
    const value = this.valueOfTarget(targets[0]!);
    return value.known ? { known: true, value: typeof value.value === 'string' ? value.value : undefined } : value;
  }

  /** Whether the configuration sets `attribute` at all (a constant or an expression). */
  configured(resource: PlanResource, attribute: string): boolean {
    const expressions = this.configOf(resource)?.expressions;
    return expressions !== undefined && expressions[attribute] !== undefined;
  }

  /** The plan has the resource's configuration, and it does not set `attribute`. */
  unconfigured(resource: PlanResource, attribute: string): boolean {
    const config = this.configOf(resource);
    return config !== undefined && config.expressions[attribute] === undefined;
  }

  configOf(resource: PlanResource): { expressions: JsonObject } | undefined {
    const module = this.moduleConfig(moduleCallPath(resource.moduleAddress));
    return module?.resources.get(`${resource.type}.${resource.name}`);
  }

  /** Every resource of the plan side whose type is `type`. */
  ofType(type: string): PlanResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  private moduleConfig(path: string[]): ConfigModule | undefined {
    let module: ConfigModule | undefined = this.plan.config;
    for (const name of path) module = module?.calls.get(name)?.module;
    return module;
  }

  /** The resources an attribute's expression refers to; undefined when it has no expression. */
  private targetsOf(resource: PlanResource, attribute: string, many = false): Target[] | undefined {
    const expression = this.configOf(resource)?.expressions[attribute];
    if (!isObject(expression)) return undefined;
    return this.resolveExpression(expression, { moduleAddress: resource.moduleAddress, index: resource.index }, many);
  }

  private resolveExpression(expression: JsonObject, scope: Scope, many: boolean, depth = 0): Target[] | undefined {
    const refs = expression['references'];
    if (!Array.isArray(refs) || depth > 8) return undefined;
    const names = refs.filter((r): r is string => typeof r === 'string');
    const usesIndex = names.includes('count.index') || names.includes('each.key') || names.includes('each.value');
    const byResource = new Map<string, Target[]>();
    for (const ref of names) {
      const targets = this.resolveReference(ref, scope, usesIndex, many, depth);
      if (targets === undefined) continue;
      // Terraform lists `a.b[0].cidr_block`, `a.b[0]` and `a.b`: keep the most specific reading
      // of each resource (fewest instances, then a named attribute).
      const resourceKey = ref.startsWith('var.') || ref.startsWith('module.') ? ref : ref.replace(/\[.*$/, '').split('.').slice(0, 2).join('.');
      const known = byResource.get(resourceKey);
      const better = !known || targets.length < known.length || (targets.length === known.length && known[0]?.attribute === undefined && targets[0]?.attribute !== undefined);
      if (better) byResource.set(resourceKey, targets);
    }
    const found = [...byResource.values()].filter((t) => t.length > 0);
    if (found.length === 0) return byResource.size > 0 ? [] : undefined;
    return found.flat();
  }

  private resolveReference(ref: string, scope: Scope, usesIndex: boolean, many: boolean, depth: number): Target[] | undefined {
    if (ref.startsWith('var.')) {
      // A module input: resolve the caller's expression in the caller's scope.
      const path = moduleCallPath(scope.moduleAddress);
      const call = path.at(-1);
      if (!call) return undefined;
      const parent = this.moduleConfig(path.slice(0, -1));
      const expression = parent?.calls.get(call)?.expressions[ref.slice(4).split(/[.[]/)[0]!];
      if (!isObject(expression)) return undefined;
      const parentAddress = scope.moduleAddress.replace(/\.?module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?$/, '');
      return this.resolveExpression(expression, { moduleAddress: parentAddress, index: undefined }, many, depth + 1);
    }
    if (ref.startsWith('module.')) {
      const match = /^module\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([A-Za-z0-9_-]+)/.exec(ref);
      if (!match) return undefined;
      const path = [...moduleCallPath(scope.moduleAddress), match[1]!];
      const output = this.moduleConfig(path)?.outputs.get(match[2]!);
      if (!output) return undefined;
      const child = `${scope.moduleAddress ? `${scope.moduleAddress}.` : ''}module.${match[1]}`;
      return this.resolveExpression(output, { moduleAddress: child, anyModuleInstance: child, index: undefined }, many, depth + 1);
    }
    const match = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(\d+|"[^"]*")\])?(?:\.([a-z_][a-z0-9_]*))?/.exec(ref);
    if (!match || ['count', 'each', 'local', 'path', 'self', 'data', 'terraform'].includes(match[1]!)) return undefined;
    const [, type, name, key, attribute] = match;
    let instances = this.instancesIn(scope, `${type}.${name}`);
    if (key !== undefined) {
      const wanted = key.startsWith('"') ? key.slice(1, -1) : Number(key);
      instances = instances.filter((r) => r.index === wanted);
    } else if (usesIndex && scope.index !== undefined && instances.some((r) => r.index === scope.index)) {
      instances = instances.filter((r) => r.index === scope.index);
    } else if (!many && instances.length > 1) {
      return instances.map((resource) => ({ resource, attribute }));
    }
    return instances.map((resource) => ({ resource, attribute }));
  }

  private instancesIn(scope: Scope, typeName: string): PlanResource[] {
    if (scope.anyModuleInstance !== undefined) {
      const prefix = scope.anyModuleInstance;
      return this.resources.filter((r) => `${r.type}.${r.name}` === typeName && (r.moduleAddress === prefix || r.moduleAddress.replace(/\[[^\]]*\]$/, '') === prefix));
    }
    return this.byName.get(`${scope.moduleAddress}|${typeName}`) ?? [];
  }

  private valueOfTarget(target: Target): Resolved<Json | undefined> {
    const attribute = target.attribute ?? 'id';
    if (attribute === 'id') return { known: true, value: this.idOf(target.resource) };
    const known = this.known(target.resource, [attribute]);
    if (known.known) return known;
    if (target.resource.type === 'aws_vpc' && (VPC_IMPLICIT as readonly string[]).includes(attribute)) {
      return { known: true, value: implicitId(target.resource, attribute) };
    }
    if (attribute === 'arn' || attribute === 'allocation_id') return { known: true, value: this.idOf(target.resource) };
    return known;
  }
}

/** The id of an object AWS creates with a VPC: known, or `tf:aws_vpc.main.default_network_acl_id`. */
export function implicitId(vpc: PlanResource, attribute: string): string {
  const value = vpc.values[attribute];
  const unknown = vpc.unknown[attribute] === true;
  if (!unknown && typeof value === 'string' && value !== '') return value;
  // The main route table is also the default route table.
  const name = attribute === 'default_route_table_id' ? 'main_route_table_id' : attribute;
  return `tf:${vpc.address}.${name}`;
}

function pathText(path: Array<string | number>): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}
