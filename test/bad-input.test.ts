import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './support/run-cli.ts';
import { demoDocument, tempDir, writeTemp } from './support/snapshots.ts';

// Bad input ends with exit 2 and exactly one line on stderr naming the file, the JSON path and
// the problem; nothing on stdout; never a stack trace.
async function expectInputError(path: string, ...fragments: string[]) {
  const run = await runCli(['check', '--snapshot', path]);
  assert.is(run.code, 2, `exit code for ${path}: ${run.stderr}`);
  assert.is(run.stdout, '', 'nothing written to stdout');
  const lines = run.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `one line: ${run.stderr}`);
  assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  for (const fragment of fragments) assert.ok(lines[0]!.includes(fragment), `"${lines[0]}" mentions ${fragment}`);
}

test('a missing file names the path', async () => {
  await expectInputError('/nonexistent/snap.json', '/nonexistent/snap.json', 'no such file');
});

test('invalid JSON names the file, line and column', async () => {
  const path = writeTemp('broken.json', '{\n  "Vpcs": [\n    {"VpcId": "vpc-1",}\n  ]\n}\n');
  await expectInputError(path, 'broken.json', 'not valid JSON', 'line 3');
});

test('truncated JSON', async () => {
  const path = writeTemp('truncated.json', JSON.stringify(demoDocument()).slice(0, 500));
  await expectInputError(path, 'truncated.json', 'not valid JSON');
});

test('an empty file', async () => {
  await expectInputError(writeTemp('empty.json', ''), 'empty.json', 'the file is empty');
});

test('invalid UTF-8', async () => {
  await expectInputError(writeTemp('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d])), 'latin1.json', 'UTF-8');
  // A surrogate encoded in UTF-8 (CESU) and an overlong form are not UTF-8 either.
  await expectInputError(writeTemp('cesu.json', Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])), 'cesu.json', 'UTF-8');
  await expectInputError(writeTemp('overlong.json', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])), 'overlong.json', 'UTF-8');
});

test('a byte order mark is skipped; non-ASCII text reads as UTF-8', async () => {
  const document = demoDocument();
  document.Reservations[0].Instances[0].Tags = [{ Key: 'Name', Value: 'wëb→1' }];
  const path = writeTemp('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(document))]));
  const run = await runCli(['check', '--snapshot', path, '--output', 'json', '--all']);
  assert.is(run.stderr, '');
  assert.ok(JSON.parse(run.stdout).results.some((r: { name: string }) => r.name === 'wëb→1'));
});

test('a top-level array instead of an object', async () => {
  await expectInputError(writeTemp('array.json', '[1,2]'), 'array.json', '$', 'expected a JSON object');
});

test('a key that must be an array', async () => {
  await expectInputError(writeTemp('keytype.json', '{"SecurityGroups": {"GroupId": "sg-1"}}'), 'keytype.json', '$.SecurityGroups', 'expected an array');
});

test('a wrong type deep inside names the JSON path', async () => {
  const doc = demoDocument();
  doc.SecurityGroups[2].IpPermissions[0].FromPort = 'https';
  await expectInputError(writeTemp('deep.json', JSON.stringify(doc)), 'deep.json', '$.SecurityGroups[2].IpPermissions[0].FromPort', 'expected a number');
});

test('a port out of range', async () => {
  const doc = demoDocument();
  doc.SecurityGroups[2].IpPermissions[0].ToPort = 70000;
  await expectInputError(writeTemp('port.json', JSON.stringify(doc)), '$.SecurityGroups[2].IpPermissions[0].ToPort', 'out of range');
});

test('a NACL rule number out of range', async () => {
  const doc = demoDocument();
  doc.NetworkAcls[0].Entries[0].RuleNumber = 40000;
  await expectInputError(writeTemp('rule.json', JSON.stringify(doc)), '$.NetworkAcls[0].Entries[0].RuleNumber', 'out of range');
});

test('an IPv6 block where IPv4 is expected', async () => {
  const doc = demoDocument();
  doc.SecurityGroups[2].IpPermissions[0].IpRanges[0].CidrIp = '2001:db8::/32';
  await expectInputError(writeTemp('family.json', JSON.stringify(doc)), '$.SecurityGroups[2].IpPermissions[0].IpRanges[0].CidrIp', 'IPv6 where an IPv4');
});

test('an invalid CIDR block', async () => {
  const doc = demoDocument();
  doc.Subnets[0].CidrBlock = '10.20.1.0/40';
  await expectInputError(writeTemp('cidr.json', JSON.stringify(doc)), '$.Subnets[0].CidrBlock', 'not an IPv4 CIDR');
});

test('a missing id', async () => {
  const doc = demoDocument();
  delete doc.RouteTables[0].RouteTableId;
  await expectInputError(writeTemp('noid.json', JSON.stringify(doc)), '$.RouteTables[0].RouteTableId', 'is missing');
});

test('a dangling VPC id in our VpcAttributes extension', async () => {
  const doc = demoDocument();
  doc.VpcAttributes[0].VpcId = 'vpc-0nothere';
  await expectInputError(writeTemp('dangling.json', JSON.stringify(doc)), '$.VpcAttributes[0].VpcId', 'vpc-0nothere is not in Vpcs');
});

test('a Region that is not a string', async () => {
  await expectInputError(writeTemp('region.json', '{"Region": 5}'), '$.Region', 'region name');
});

test('an empty directory', async () => {
  const dir = join(tempDir(), 'empty');
  mkdirSync(dir);
  await expectInputError(dir, 'empty', 'no *.json files');
});

test('the bad file inside a directory is named', async () => {
  const dir = tempDir();
  writeTemp('a-good.json', JSON.stringify({ Vpcs: [] }), dir);
  writeTemp('b-bad.json', '{"Subnets": [', dir);
  await expectInputError(dir, 'b-bad.json', 'not valid JSON');
});

test('usage errors exit 2 with one line', async () => {
  for (const argv of [['check'], ['check', '--snapshot'], ['check', '--bogus'], ['frobnicate'], ['check', '--snapshot', 'x', '--output', 'yaml']]) {
    const run = await runCli(argv);
    assert.is(run.code, 2, argv.join(' '));
    assert.is(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.is(run.stdout, '');
  }
});

test.run();
