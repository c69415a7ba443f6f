import { InputError } from '../input-error.ts';
import { describe } from '../raw-from-document.ts';

// The parts of `terraform show -json` output we read (format_version 0.1 – 1.x): planned_values,
// resource_changes (actions, before, after, after_unknown), prior_state and configuration (the
// expressions whose references resolve values known only after apply).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One resource instance of the plan, with the values of one side (after, or before). */
export interface PlanResource {
  /** `module.vpc.aws_subnet.private[0]` */
  address: string;
  /** `module.vpc` (indexes kept), '' for the root module. */
  moduleAddress: string;
  type: string;
  name: string;
  /** count index or for_each key. */
  index: number | string | undefined;
  /** create, update, delete, no-op, read; [delete, create] for a replacement. */
  actions: string[];
  values: JsonObject;
  /** after_unknown: the same shape as values, `true` where a value is known only after apply. */
  unknown: JsonObject;
  /** values before the change (null for a create). */
  before: JsonObject | null;
  /** Where in the plan file it was read, for messages. */
  jsonPath: string;
}

export interface ConfigResource {
  address: string;
  type: string;
  name: string;
  expressions: JsonObject;
}

export interface ConfigModule {
  resources: Map<string, ConfigResource>;
  calls: Map<string, { expressions: JsonObject; module: ConfigModule }>;
  outputs: Map<string, JsonObject>;
}

export interface TerraformPlan {
  file: string;
  /** Resources as they will be after apply (deleted ones left out). */
  after: PlanResource[];
  /** Resources as they were before (created ones left out). */
  before: PlanResource[];
  /** Resources the plan deletes or replaces (their `before` side). */
  deleted: PlanResource[];
  config: ConfigModule;
  variables: Map<string, Json>;
  region: string | undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Read the plan document; `file` names it in errors. */
export function readPlan(document: unknown, file: string): TerraformPlan {
  if (!isObject(document)) throw new InputError(file, '$', `expected a Terraform plan object (terraform show -json plan.tfplan), got ${describe(document)}.`);
  if (!('planned_values' in document) && !('resource_changes' in document)) {
    throw new InputError(file, '$', 'is not a Terraform plan: it has neither planned_values nor resource_changes. Write it with `terraform show -json plan.tfplan > plan.json`.');
  }
  const changes = new Map<string, { actions: string[]; before: JsonObject | null; after: JsonObject | null; unknown: JsonObject; module: string; index: number | string | undefined; type: string; name: string; path: string }>();
  const list = document['resource_changes'];
  if (list !== undefined && list !== null && !Array.isArray(list)) throw new InputError(file, '$.resource_changes', `expected an array, got ${describe(list)}.`);
  (list ?? []).forEach((change, i) => {
    const path = `$.resource_changes[${i}]`;
    if (!isObject(change)) throw new InputError(file, path, `expected an object, got ${describe(change)}.`);
    if (change['mode'] === 'data') return;
    const address = str(change, 'address', file, path);
    const body = change['change'];
    if (!isObject(body)) throw new InputError(file, `${path}.change`, `expected an object, got ${describe(body)}.`);
    const actions = body['actions'];
    if (!Array.isArray(actions) || actions.some((a) => typeof a !== 'string')) throw new InputError(file, `${path}.change.actions`, 'expected an array of actions such as ["create"].');
    changes.set(address, {
      actions: actions as string[],
      before: isObject(body['before']) ? body['before'] : null,
      after: isObject(body['after']) ? body['after'] : null,
      unknown: isObject(body['after_unknown']) ? body['after_unknown'] : {},
      module: typeof change['module_address'] === 'string' ? change['module_address'] : moduleOf(address),
      index: indexOf(change['index']),
      type: str(change, 'type', file, path),
      name: str(change, 'name', file, path),
      path,
    });
  });

  const after: PlanResource[] = [];
  const before: PlanResource[] = [];
  const deleted: PlanResource[] = [];
  const seen = new Set<string>();
  for (const [address, c] of changes) {
    seen.add(address);
    const base = { address, moduleAddress: c.module, type: c.type, name: c.name, index: c.index, actions: c.actions, before: c.before, jsonPath: c.path };
    if (c.after && !(c.actions.length === 1 && c.actions[0] === 'delete')) after.push({ ...base, values: c.after, unknown: c.unknown });
    if (c.before) before.push({ ...base, values: c.before, unknown: {} });
    if (c.before && c.actions.includes('delete')) deleted.push({ ...base, values: c.before, unknown: {} });
  }
  // Plans written without resource_changes (or resources only in planned_values): all created.
  const planned = document['planned_values'];
  if (isObject(planned) && isObject(planned['root_module'])) {
    walkModule(planned['root_module'], '$.planned_values.root_module', (resource, path) => {
      const address = typeof resource['address'] === 'string' ? resource['address'] : undefined;
      if (!address || seen.has(address) || resource['mode'] === 'data') return;
      const values = isObject(resource['values']) ? resource['values'] : {};
      after.push({ address, moduleAddress: moduleOf(address), type: String(resource['type'] ?? ''), name: String(resource['name'] ?? ''), index: indexOf(resource['index']), actions: ['create'], values, unknown: {}, before: null, jsonPath: path });
    });
  }
  const configuration = isObject(document['configuration']) ? document['configuration'] : {};
  const config = readModule(isObject(configuration['root_module']) ? configuration['root_module'] : {});
  const variables = new Map<string, Json>();
  if (isObject(document['variables'])) {
    for (const [name, v] of Object.entries(document['variables'])) if (isObject(v) && 'value' in v) variables.set(name, v['value'] ?? null);
  }
  return { file, after, before, deleted, config, variables, region: providerRegion(configuration, variables) };
}

function walkModule(module: JsonObject, path: string, visit: (resource: JsonObject, path: string) => void): void {
  const resources = module['resources'];
  if (Array.isArray(resources)) resources.forEach((r, i) => isObject(r) && visit(r, `${path}.resources[${i}]`));
  const children = module['child_modules'];
  if (Array.isArray(children)) children.forEach((c, i) => isObject(c) && walkModule(c, `${path}.child_modules[${i}]`, visit));
}

function readModule(module: JsonObject): ConfigModule {
  const resources = new Map<string, ConfigResource>();
  if (Array.isArray(module['resources'])) {
    for (const r of module['resources']) {
      if (!isObject(r) || r['mode'] === 'data') continue;
      const type = String(r['type'] ?? '');
      const name = String(r['name'] ?? '');
      resources.set(`${type}.${name}`, { address: String(r['address'] ?? `${type}.${name}`), type, name, expressions: isObject(r['expressions']) ? r['expressions'] : {} });
    }
  }
  const calls = new Map<string, { expressions: JsonObject; module: ConfigModule }>();
  if (isObject(module['module_calls'])) {
    for (const [name, call] of Object.entries(module['module_calls'])) {
      if (!isObject(call)) continue;
      calls.set(name, { expressions: isObject(call['expressions']) ? call['expressions'] : {}, module: readModule(isObject(call['module']) ? call['module'] : {}) });
    }
  }
  const outputs = new Map<string, JsonObject>();
  if (isObject(module['outputs'])) for (const [name, o] of Object.entries(module['outputs'])) if (isObject(o) && isObject(o['expression'])) outputs.set(name, o['expression']);
  return { resources, calls, outputs };
}

/** The AWS provider's `region`, a constant or a root variable. */
function providerRegion(configuration: JsonObject, variables: Map<string, Json>): string | undefined {
  const providers = isObject(configuration['provider_config']) ? configuration['provider_config'] : {};
  for (const [key, provider] of Object.entries(providers)) {
    if (!isObject(provider) || (provider['name'] ?? key.split('.')[0]) !== 'aws' || key.includes('.')) continue;
    const region = isObject(provider['expressions']) ? provider['expressions']['region'] : undefined;
    if (!isObject(region)) continue;
    if (typeof region['constant_value'] === 'string') return region['constant_value'];
    const refs = region['references'];
    if (Array.isArray(refs)) {
      for (const ref of refs) {
        const value = typeof ref === 'string' && ref.startsWith('var.') ? variables.get(ref.slice(4)) : undefined;
        if (typeof value === 'string') return value;
      }
    }
  }
  return undefined;
}

/** `module.a["x"].module.b.aws_subnet.s[0]` → `module.a["x"].module.b` */
export function moduleOf(address: string): string {
  const parts: string[] = [];
  const re = /module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\./gy;
  let match: RegExpExecArray | null;
  while ((match = re.exec(address))) parts.push(match[0].slice(0, -1));
  return parts.join('.');
}

/** `module.a["x"].module.b` → ['a', 'b'] (module call names, indexes dropped). */
export function moduleCallPath(moduleAddress: string): string[] {
  if (!moduleAddress) return [];
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}

function indexOf(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

function str(object: JsonObject, key: string, file: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new InputError(file, `${path}.${key}`, value === undefined ? 'is missing.' : `expected a string, got ${describe(value)}.`);
  return value;
}
