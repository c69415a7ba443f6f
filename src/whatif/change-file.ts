import { InputError } from '../load/input-error.ts';
import { describe } from '../load/raw-from-document.ts';
import type { ChangeFile, Operation, OperationName } from './operations.ts';
import { OPERATION_NAMES } from './operations.ts';

// The change file: `{ "version": 1, "description": "…", "operations": [ … ] }`. Parsing checks the
// shape of every operation (field names, types, enums) and names the exact JSON path of a mistake;
// whether the ids exist is checked later, against the model, by applyChanges.

type FieldType =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'strings'
  | 'string-or-null'
  | { oneOf: readonly string[] };

interface FieldSpec {
  type: FieldType;
  required?: boolean;
}

const DIRECTION = { oneOf: ['ingress', 'egress'] } as const;
const ACL_DIRECTION = { oneOf: ['inbound', 'outbound'] } as const;
const PROTOCOL: FieldSpec = { type: 'string', required: true };

const RULE_FIELDS: Record<string, FieldSpec> = {
  groupId: { type: 'string', required: true },
  direction: { type: DIRECTION, required: true },
  protocol: PROTOCOL,
  fromPort: { type: 'integer' },
  toPort: { type: 'integer' },
  cidr: { type: 'string' },
  prefixListId: { type: 'string' },
  referencedGroupId: { type: 'string' },
};

const ROUTE_FIELDS: Record<string, FieldSpec> = {
  routeTableId: { type: 'string', required: true },
  destination: { type: 'string', required: true },
  targetId: { type: 'string', required: true },
};

const SELECTOR: Record<string, FieldSpec> = {
  networkInterfaceId: { type: 'string' },
  instanceId: { type: 'string' },
};

export const OPERATION_FIELDS: Record<OperationName, Record<string, FieldSpec>> = {
  'add-security-group-rule': RULE_FIELDS,
  'remove-security-group-rule': RULE_FIELDS,
  'add-network-acl-entry': {
    networkAclId: { type: 'string', required: true },
    direction: { type: ACL_DIRECTION, required: true },
    ruleNumber: { type: 'integer', required: true },
    action: { type: { oneOf: ['allow', 'deny'] }, required: true },
    protocol: PROTOCOL,
    fromPort: { type: 'integer' },
    toPort: { type: 'integer' },
    cidr: { type: 'string', required: true },
  },
  'remove-network-acl-entry': {
    networkAclId: { type: 'string', required: true },
    direction: { type: ACL_DIRECTION, required: true },
    ruleNumber: { type: 'integer', required: true },
  },
  'add-route': ROUTE_FIELDS,
  'replace-route': ROUTE_FIELDS,
  'remove-route': {
    routeTableId: { type: 'string', required: true },
    destination: { type: 'string', required: true },
  },
  'associate-route-table': {
    subnetId: { type: 'string', required: true },
    routeTableId: { type: 'string', required: true },
  },
  'associate-network-acl': {
    subnetId: { type: 'string', required: true },
    networkAclId: { type: 'string', required: true },
  },
  'add-interface-endpoint': {
    service: { type: 'string', required: true },
    subnetIds: { type: 'strings', required: true },
    groupIds: { type: 'strings' },
    privateDns: { type: 'boolean' },
    endpointId: { type: 'string' },
  },
  'remove-interface-endpoint': { endpointId: { type: 'string', required: true } },
  'set-endpoint-private-dns': {
    endpointId: { type: 'string', required: true },
    enabled: { type: 'boolean', required: true },
  },
  'set-vpc-dns-attribute': {
    vpcId: { type: 'string', required: true },
    attribute: { type: { oneOf: ['enableDnsSupport', 'enableDnsHostnames'] }, required: true },
    enabled: { type: 'boolean', required: true },
  },
  'set-instance-metadata-options': {
    instanceId: { type: 'string', required: true },
    httpEndpoint: { type: { oneOf: ['enabled', 'disabled'] } },
    httpTokens: { type: { oneOf: ['optional', 'required'] } },
    hopLimit: { type: 'integer' },
  },
  'attach-internet-gateway': {
    internetGatewayId: { type: 'string', required: true },
    vpcId: { type: 'string', required: true },
    create: { type: 'boolean' },
  },
  'detach-internet-gateway': {
    internetGatewayId: { type: 'string', required: true },
    vpcId: { type: 'string', required: true },
  },
  'add-nat-gateway': {
    subnetId: { type: 'string', required: true },
    natGatewayId: { type: 'string' },
    connectivity: { type: { oneOf: ['public', 'private'] } },
    publicIp: { type: 'string' },
  },
  'remove-nat-gateway': { natGatewayId: { type: 'string', required: true } },
  'set-network-interface-groups': { ...SELECTOR, groupIds: { type: 'strings', required: true } },
  'set-public-ip': { ...SELECTOR, publicIp: { type: 'string-or-null', required: true } },
};

const COMMON: Record<string, FieldSpec> = { op: { type: 'string', required: true }, description: { type: 'string' } };

/** Parse and shape-check a change file. Errors are InputErrors naming `file` and the JSON path. */
export function parseChangeFile(text: string, file: string): ChangeFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, '', `is not valid JSON (${(error as Error).message.replace(/^JSON\.parse: /, '')}). A change file is {"version": 1, "operations": [ … ]}.`);
  }
  return changeFileFrom(document, file);
}

/** Shape-check an already parsed change file document. */
export function changeFileFrom(document: unknown, file: string): ChangeFile {
  if (!isObject(document)) {
    throw new InputError(file, '$', `expected an object {"version": 1, "operations": [ … ]}, got ${describe(document)}.`);
  }
  for (const key of Object.keys(document)) {
    if (key !== 'version' && key !== 'description' && key !== 'operations' && !key.startsWith('$')) {
      throw new InputError(file, `$.${key}`, `unknown key; a change file has "version", "description" and "operations".`);
    }
  }
  if (document['version'] !== 1) {
    throw new InputError(file, '$.version', document['version'] === undefined ? 'is missing; write "version": 1.' : `expected 1, got ${describe(document['version'])}.`);
  }
  const description = document['description'];
  if (description !== undefined && typeof description !== 'string') {
    throw new InputError(file, '$.description', `expected a string, got ${describe(description)}.`);
  }
  const list = document['operations'];
  if (!Array.isArray(list)) {
    throw new InputError(file, '$.operations', list === undefined ? 'is missing; expected an array of operations.' : `expected an array of operations, got ${describe(list)}.`);
  }
  const operations = list.map((value, index) => parseOperation(value, file, `$.operations[${index}]`));
  return description === undefined ? { version: 1, operations } : { version: 1, description, operations };
}

export function parseOperation(value: unknown, file: string, path: string): Operation {
  if (!isObject(value)) throw new InputError(file, path, `expected an operation object {"op": "…", …}, got ${describe(value)}.`);
  const op = value['op'];
  if (typeof op !== 'string') {
    throw new InputError(file, `${path}.op`, op === undefined ? `is missing; say which operation (${OPERATION_NAMES.slice(0, 3).join(', ')}, … see docs/what-if.md).` : `expected an operation name, got ${describe(op)}.`);
  }
  if (!(OPERATION_NAMES as readonly string[]).includes(op)) {
    const near = OPERATION_NAMES.find((name) => name.startsWith(op.split('-')[0] ?? '')) ?? OPERATION_NAMES[0];
    throw new InputError(file, `${path}.op`, `"${op}" is not an operation (did you mean "${near}"? docs/what-if.md lists them all).`);
  }
  const fields = { ...COMMON, ...OPERATION_FIELDS[op as OperationName] };
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const spec = fields[key];
    if (!spec) {
      throw new InputError(file, `${path}.${key}`, `unknown field for "${op}"; it takes ${Object.keys(OPERATION_FIELDS[op as OperationName]).join(', ')}.`);
    }
    if (raw === undefined) continue;
    out[key] = checkField(raw, spec.type, file, `${path}.${key}`);
  }
  for (const [key, spec] of Object.entries(fields)) {
    if (spec.required && out[key] === undefined) {
      throw new InputError(file, `${path}.${key}`, `is missing; "${op}" needs ${requiredList(op as OperationName)}.`);
    }
  }
  if (op === 'set-network-interface-groups' || op === 'set-public-ip') {
    if ((out['networkInterfaceId'] === undefined) === (out['instanceId'] === undefined)) {
      throw new InputError(file, path, `"${op}" needs exactly one of networkInterfaceId or instanceId.`);
    }
  }
  if (op === 'add-security-group-rule' || op === 'remove-security-group-rule') {
    const peers = ['cidr', 'prefixListId', 'referencedGroupId'].filter((key) => out[key] !== undefined);
    if (peers.length !== 1) {
      throw new InputError(file, path, `"${op}" needs exactly one peer: cidr, prefixListId or referencedGroupId${peers.length > 1 ? ` (it has ${peers.join(' and ')})` : ''}.`);
    }
  }
  return out as unknown as Operation;
}

function requiredList(op: OperationName): string {
  return Object.entries(OPERATION_FIELDS[op]).filter(([, spec]) => spec.required).map(([key]) => key).join(', ');
}

function checkField(value: unknown, type: FieldType, file: string, path: string): unknown {
  const fail = (expected: string): never => {
    throw new InputError(file, path, `expected ${expected}, got ${describe(value)}.`);
  };
  if (typeof type === 'object') {
    if (typeof value !== 'string' || !type.oneOf.includes(value)) fail(type.oneOf.map((v) => `"${v}"`).join(' or '));
    return value;
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string' || value === '') fail('a non-empty string');
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail('an integer');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return value;
    case 'strings':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) fail('an array of ids (strings)');
      return [...(value as string[])];
    case 'string-or-null':
      if (value !== null && (typeof value !== 'string' || value === '')) fail('a string or null');
      return value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The change file for `operations`, as `check --what-if` reads it back (a round trip gives the same
 * operations). Keys are written in a stable order: op first, description last.
 */
export function serializeChanges(operations: readonly Operation[], description?: string): string {
  const ordered = operations.map((operation) => {
    const out: Record<string, unknown> = { op: operation.op };
    const source = operation as unknown as Record<string, unknown>;
    for (const key of Object.keys(OPERATION_FIELDS[operation.op])) if (source[key] !== undefined) out[key] = source[key];
    if (operation.description !== undefined) out['description'] = operation.description;
    return out;
  });
  const file: Record<string, unknown> = { version: 1 };
  if (description !== undefined) file['description'] = description;
  file['operations'] = ordered;
  return `${JSON.stringify(file, null, 2)}\n`;
}
