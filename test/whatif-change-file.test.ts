import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../src/load/input-error.ts';
import { OPERATION_FIELDS, parseChangeFile, serializeChanges } from '../src/whatif/change-file.ts';
import type { Operation } from '../src/whatif/operations.ts';
import { OPERATION_NAMES } from '../src/whatif/operations.ts';

/** One example of every operation, every optional field set somewhere. */
const EVERY: Operation[] = [
  { op: 'add-security-group-rule', groupId: 'sg-1', direction: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.1.0/24', description: 'HTTPS from the app subnet' },
  { op: 'remove-security-group-rule', groupId: 'sg-1', direction: 'egress', protocol: '-1', prefixListId: 'pl-1' },
  { op: 'add-security-group-rule', groupId: 'sg-1', direction: 'egress', protocol: 'tcp', fromPort: 443, referencedGroupId: 'sg-2' },
  { op: 'add-network-acl-entry', networkAclId: 'acl-1', direction: 'inbound', ruleNumber: 90, action: 'allow', protocol: 'tcp', fromPort: 1024, toPort: 65535, cidr: '0.0.0.0/0' },
  { op: 'remove-network-acl-entry', networkAclId: 'acl-1', direction: 'outbound', ruleNumber: 100 },
  { op: 'add-route', routeTableId: 'rtb-1', destination: '0.0.0.0/0', targetId: 'nat-1' },
  { op: 'replace-route', routeTableId: 'rtb-1', destination: 'pl-1', targetId: 'igw-1' },
  { op: 'remove-route', routeTableId: 'rtb-1', destination: '10.1.0.0/16' },
  { op: 'associate-route-table', subnetId: 'subnet-1', routeTableId: 'rtb-1' },
  { op: 'associate-network-acl', subnetId: 'subnet-1', networkAclId: 'acl-1' },
  { op: 'add-interface-endpoint', service: 'ssm', subnetIds: ['subnet-1', 'subnet-2'], groupIds: ['sg-1'], privateDns: false, endpointId: 'vpce-1' },
  { op: 'remove-interface-endpoint', endpointId: 'vpce-1' },
  { op: 'set-endpoint-private-dns', endpointId: 'vpce-1', enabled: true },
  { op: 'set-vpc-dns-attribute', vpcId: 'vpc-1', attribute: 'enableDnsHostnames', enabled: true },
  { op: 'set-instance-metadata-options', instanceId: 'i-1', httpEndpoint: 'enabled', httpTokens: 'required', hopLimit: 2 },
  { op: 'attach-internet-gateway', internetGatewayId: 'igw-1', vpcId: 'vpc-1', create: true },
  { op: 'detach-internet-gateway', internetGatewayId: 'igw-1', vpcId: 'vpc-1' },
  { op: 'add-nat-gateway', subnetId: 'subnet-1', natGatewayId: 'nat-1', connectivity: 'public', publicIp: '203.0.113.7' },
  { op: 'remove-nat-gateway', natGatewayId: 'nat-1' },
  { op: 'set-network-interface-groups', networkInterfaceId: 'eni-1', groupIds: ['sg-1', 'sg-2'] },
  { op: 'set-public-ip', instanceId: 'i-1', publicIp: null },
];

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

test('the examples cover every operation', () => {
  assert.equal([...new Set(EVERY.map((op) => op.op))].sort(), [...OPERATION_NAMES].sort());
  assert.equal(Object.keys(OPERATION_FIELDS).sort(), [...OPERATION_NAMES].sort());
});

test('serializeChanges → parseChangeFile is the identity on operations', () => {
  const text = serializeChanges(EVERY, 'every operation once');
  const parsed = parseChangeFile(text, 'c.json');
  assert.equal(parsed, { version: 1, description: 'every operation once', operations: EVERY });
  // And the text is stable: serialising the parsed file gives the same bytes.
  assert.is(serializeChanges(parsed.operations, parsed.description), text);
  assert.ok(text.endsWith('\n'));
  assert.match(text, /"op": "add-security-group-rule",\n\s+"groupId"/);
});

test('a change file without a description, with $comment keys', () => {
  const parsed = parseChangeFile('{"$comment": "x", "version": 1, "operations": []}', 'c.json');
  assert.equal(parsed, { version: 1, operations: [] });
  assert.is(serializeChanges([]), '{\n  "version": 1,\n  "operations": []\n}\n');
});

test('shape errors name the file and the JSON path', () => {
  const cases: Array<[string, string]> = [
    ['{', 'c.json: is not valid JSON'],
    ['[]', 'c.json: $: expected an object'],
    ['{"operations": []}', 'c.json: $.version: is missing; write "version": 1.'],
    ['{"version": 2, "operations": []}', 'c.json: $.version: expected 1, got number 2.'],
    ['{"version": 1}', 'c.json: $.operations: is missing'],
    ['{"version": 1, "ops": []}', 'c.json: $.ops: unknown key'],
    ['{"version": 1, "operations": [{"op": "open-port"}]}', 'c.json: $.operations[0].op: "open-port" is not an operation'],
    ['{"version": 1, "operations": [{}]}', 'c.json: $.operations[0].op: is missing'],
    ['{"version": 1, "operations": [{"op": "remove-nat-gateway"}]}', 'c.json: $.operations[0].natGatewayId: is missing; "remove-nat-gateway" needs natGatewayId.'],
    ['{"version": 1, "operations": [{"op": "remove-nat-gateway", "natGatewayId": "nat-1", "subnetId": "s"}]}', 'c.json: $.operations[0].subnetId: unknown field for "remove-nat-gateway"; it takes natGatewayId.'],
    ['{"version": 1, "operations": [{"op": "add-network-acl-entry", "networkAclId": "acl-1", "direction": "in", "ruleNumber": 1, "action": "allow", "protocol": "tcp", "cidr": "0.0.0.0/0"}]}', 'c.json: $.operations[0].direction: expected "inbound" or "outbound", got the string "in".'],
    ['{"version": 1, "operations": [{"op": "add-security-group-rule", "groupId": "sg-1", "direction": "ingress", "protocol": "tcp", "fromPort": "443", "cidr": "0.0.0.0/0"}]}', 'c.json: $.operations[0].fromPort: expected an integer, got the string "443".'],
    ['{"version": 1, "operations": [{"op": "add-security-group-rule", "groupId": "sg-1", "direction": "ingress", "protocol": "tcp", "fromPort": 443}]}', 'c.json: $.operations[0]: "add-security-group-rule" needs exactly one peer: cidr, prefixListId or referencedGroupId.'],
    ['{"version": 1, "operations": [{"op": "set-public-ip", "publicIp": null}]}', 'c.json: $.operations[0]: "set-public-ip" needs exactly one of networkInterfaceId or instanceId.'],
    ['{"version": 1, "operations": [{"op": "set-endpoint-private-dns", "endpointId": "vpce-1", "enabled": "yes"}]}', 'c.json: $.operations[0].enabled: expected true or false, got the string "yes".'],
  ];
  for (const [text, message] of cases) {
    const error = inputError(() => parseChangeFile(text, 'c.json'));
    assert.ok(error.message.startsWith(message), `${text}\n  got:  ${error.message}\n  want: ${message}`);
    assert.not.match(error.message, /\n/);
  }
});

test.run();
