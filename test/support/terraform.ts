// Small `terraform show -json` plans written inline in tests: each resource with its after values,
// the attributes known only after apply, and the configuration expressions that resolve them.
import { readPlan } from '../../src/load/terraform/plan-json.ts';
import type { TerraformPlan } from '../../src/load/terraform/plan-json.ts';

export interface PlannedResource {
  /** `type.name` or `type.name[0]` / `type.name["key"]` */
  address: string;
  after: Record<string, unknown> | null;
  /** Attributes known only after apply. */
  unknown?: string[];
  /** after_unknown given as is (nested blocks). */
  unknownTree?: Record<string, unknown>;
  before?: Record<string, unknown> | null;
  actions?: string[];
  /** Configuration expressions (references) of the resource. */
  config?: Record<string, unknown>;
}

export const ref = (address: string, attribute = 'id') => ({ references: [`${address}.${attribute}`, address] });
export const constant = (value: unknown) => ({ constant_value: value });

export function planOf(resources: PlannedResource[], region = 'eu-central-1'): TerraformPlan {
  const parsed = resources.map((r) => {
    const match = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[(\d+|"[^"]*")\])?$/.exec(r.address);
    if (!match) throw new Error(`bad address ${r.address}`);
    const index = match[3] === undefined ? undefined : match[3].startsWith('"') ? match[3].slice(1, -1) : Number(match[3]);
    return { ...r, type: match[1]!, name: match[2]!, index };
  });
  const configs = new Map<string, unknown>();
  for (const r of parsed) if (!configs.has(`${r.type}.${r.name}`)) configs.set(`${r.type}.${r.name}`, { address: `${r.type}.${r.name}`, mode: 'managed', type: r.type, name: r.name, expressions: r.config ?? {} });
  return readPlan({
    format_version: '1.2',
    resource_changes: parsed.map((r) => ({
      address: r.address, mode: 'managed', type: r.type, name: r.name, ...(r.index === undefined ? {} : { index: r.index }),
      change: { actions: r.actions ?? ['create'], before: r.before ?? null, after: r.after, after_unknown: { ...Object.fromEntries((r.unknown ?? []).map((k) => [k, true])), ...(r.unknownTree ?? {}) } },
    })),
    configuration: { provider_config: { aws: { name: 'aws', expressions: { region: constant(region) } } }, root_module: { resources: [...configs.values()] } },
  }, 'inline-plan.json');
}
