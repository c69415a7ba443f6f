// Serialise PascalCase EC2 output objects (the snapshot format) into the XML the EC2 Query
// protocol sends, using the SDK's own static schemas for every wire name: the `xmlName` trait of
// each member (`vpcSet`, `ipPermissionsEgress`, …) and of each list member (`item`). Nothing here
// is hand-typed per shape, so what the server sends is exactly what the SDK expects to parse.
//
// Static schema encoding (@smithy/core/schema, as generated into @aws-sdk/client-ec2):
//   simple type: a number (0 string, 1 number, 2 boolean, 4–7 timestamp, 15 document, 21 blob,
//                64 + n list of n, 128 + n map of n)
//   [0, ns, name, traits, ref]                      simple schema wrapper
//   [1, ns, name, traits, member]                   list
//   [2, ns, name, traits, key, value]               map
//   [3 | -3 | 4, ns, name, traits, names, members]  structure / error / union
//   [9, ns, name, traits, () => input, () => output] operation
// A member reference is a schema, a thunk returning one, or a pair [ref, memberTraits].

import * as ec2 from '@aws-sdk/client-ec2';

type Traits = Record<string, unknown> | number;
type SchemaRef = unknown;

const XML_NAME = 'xmlName';

interface Member {
  schema: unknown;
  traits: Record<string, unknown>;
}

function deref(ref: SchemaRef): unknown {
  let current = ref;
  while (typeof current === 'function') current = (current as () => unknown)();
  return current;
}

function asTraits(traits: Traits | undefined): Record<string, unknown> {
  return typeof traits === 'object' && traits !== null ? traits : {};
}

/** Unwrap a member reference into its target schema and the member's own traits. */
function member(ref: SchemaRef): Member {
  let current = ref;
  const traits: Record<string, unknown> = {};
  while (Array.isArray(current) && current.length === 2) {
    Object.assign(traits, asTraits(current[1] as Traits));
    current = current[0];
  }
  let schema = deref(current);
  // Simple-schema wrapper: [0, ns, name, traits, underlying]
  while (Array.isArray(schema) && schema[0] === 0) schema = deref(schema[4]);
  return { schema, traits };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return escapeXml(JSON.stringify(value));
}

const listMembers = new WeakMap<unknown[], Member>();

/** The XML content (without the enclosing element) of `value` shaped by `schema`. */
function content(schema: unknown, value: unknown, out: string[]): void {
  if (typeof schema === 'number') {
    if (schema >= 64 && schema < 128) {
      listContent({ schema: schema - 64, traits: {} }, value, out);
      return;
    }
    if (schema >= 128) {
      mapContent({ schema: 0, traits: {} }, { schema: schema - 128, traits: {} }, value, out);
      return;
    }
    out.push(scalar(value));
    return;
  }
  if (!Array.isArray(schema)) {
    out.push(scalar(value));
    return;
  }
  const kind = schema[0] as number;
  if (kind === 1) {
    let item = listMembers.get(schema);
    if (!item) {
      item = member(schema[4]);
      listMembers.set(schema, item);
    }
    listContent(item, value, out);
    return;
  }
  if (kind === 2) {
    mapContent(member(schema[4]), member(schema[5]), value, out);
    return;
  }
  if (kind === 3 || kind === -3 || kind === 4) {
    structContent(schema, value, out);
    return;
  }
  out.push(scalar(value));
}

function element(name: string, target: Member, value: unknown, out: string[]): void {
  out.push(`<${name}>`);
  content(target.schema, value, out);
  out.push(`</${name}>`);
}

function listContent(item: Member, value: unknown, out: string[]): void {
  if (!Array.isArray(value)) return;
  const name = typeof item.traits[XML_NAME] === 'string' ? (item.traits[XML_NAME] as string) : 'member';
  for (const entry of value) {
    if (entry === null || entry === undefined) continue;
    element(name, item, entry, out);
  }
}

function mapContent(key: Member, valueMember: Member, value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const keyName = typeof key.traits[XML_NAME] === 'string' ? (key.traits[XML_NAME] as string) : 'key';
  const valueName = typeof valueMember.traits[XML_NAME] === 'string' ? (valueMember.traits[XML_NAME] as string) : 'value';
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out.push(`<entry><${keyName}>${escapeXml(k)}</${keyName}>`);
    element(valueName, valueMember, v, out);
    out.push('</entry>');
  }
}

interface ResolvedMember {
  name: string;
  wireName: string;
  target: Member;
}

/** Struct members resolved once per schema: the server answers thousands of items per page. */
const structMembers = new WeakMap<unknown[], ResolvedMember[]>();

function membersOf(schema: unknown[]): ResolvedMember[] {
  let resolved = structMembers.get(schema);
  if (!resolved) {
    const names = schema[4] as string[];
    const members = schema[5] as SchemaRef[];
    resolved = names.map((name, index) => {
      const target = member(members[index]);
      const wireName = typeof target.traits[XML_NAME] === 'string' ? (target.traits[XML_NAME] as string) : name;
      return { name, wireName, target };
    });
    structMembers.set(schema, resolved);
  }
  return resolved;
}

function structContent(schema: unknown[], value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  for (const { name, wireName, target } of membersOf(schema)) {
    const memberValue = record[name];
    if (memberValue === undefined || memberValue === null) continue;
    element(wireName, target, memberValue, out);
  }
}

const outputSchemas = new Map<string, unknown>();

/** The output structure schema of an EC2 action (`DescribeVpcs` → `DescribeVpcsResult$`). */
export function outputSchema(action: string): unknown {
  let schema = outputSchemas.get(action);
  if (schema === undefined) {
    const operation = (ec2 as unknown as Record<string, unknown>)[`${action}$`];
    if (!Array.isArray(operation) || operation[0] !== 9) {
      throw new Error(`No EC2 operation schema named ${action}.`);
    }
    schema = deref(operation[5]);
    outputSchemas.set(action, schema);
  }
  return schema;
}

/** The full XML response body for `action` whose output (PascalCase members) is `output`. */
export function responseXml(action: string, output: Record<string, unknown>, requestId: string): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">`,
    `<requestId>${escapeXml(requestId)}</requestId>`,
  ];
  const schema = outputSchema(action);
  if (Array.isArray(schema)) structContent(schema, output, out);
  out.push(`</${action}Response>`);
  return out.join('');
}

/** The XML body of an EC2 error response. */
export function errorXml(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}
