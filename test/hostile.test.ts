import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BoundedRun } from './support/bounded-cli.ts';
import { BoundedCli } from './support/bounded-cli.ts';
import { tempDir } from './support/snapshots.ts';

// Hostile input: every input ends in a result (exit 0 or 1, a JSON report, warnings allowed) or
// in exit 2 with exactly one line on stderr naming the file (and the JSON path when the problem
// is inside a parsed document) — never an uncaught exception (exit 3, "internal error"), never a
// hang. Each input runs through the real CLI entry `main(argv, io)` in a child process with a
// time bound (test/support/bounded-cli.ts); the bound only detects hangs, it is not a benchmark.
//
// The corpus: small broken snapshots in test/fixtures/hostile/; big and deep ones made here;
// every JSON value of a reference model replaced by a wrong type; and a mutation fuzzer over the
// real-world snapshots in ../shared/realworld (skipped without it). HOSTILE_RUNS sets how many
// mutants (default 150).

const BOUND_MS = 30_000;
const BIG_BOUND_MS = 120_000;
const MUTANTS = Number(process.env['HOSTILE_RUNS'] ?? 150);
const corpus = new URL('./fixtures/hostile/', import.meta.url).pathname;
const realworld = new URL('../../shared/realworld/', import.meta.url).pathname;
const EP = new URL('../models/01-ep-baseline/snapshot.json', import.meta.url).pathname;

const cli = new BoundedCli();

function check(path: string, bound = BOUND_MS): Promise<BoundedRun> {
  return cli.run(['check', '--snapshot', path, '--all', '--output', 'json'], bound);
}

/** The contract. `parsed`: the file is valid JSON, so an input error must name a JSON path. */
function contract(run: BoundedRun, label: string, shown: string, parsed: boolean): 'result' | 'error' {
  if (run.timedOut) assert.unreachable(`${label}: no answer within the time bound (${run.ms} ms): a hang`);
  if (run.timedOut) return 'error';
  assert.ok([0, 1, 2].includes(run.code), `${label}: exit ${run.code}; stderr: ${run.stderr.slice(0, 600)}`);
  assert.not.match(run.stderr, /internal error|\n\s+at /, `${label}: ${run.stderr.slice(0, 600)}`);
  if (run.code === 2) {
    assert.is(run.stdout, '', `${label}: nothing on stdout with exit 2`);
    const lines = run.stderr.replace(/\n$/, '').split('\n');
    assert.is(lines.length, 1, `${label}: one line on stderr, got ${JSON.stringify(run.stderr.slice(0, 600))}`);
    assert.ok(lines[0]!.includes(shown), `${label}: "${lines[0]}" names ${shown}`);
    if (parsed) assert.match(lines[0]!, /\$/, `${label}: "${lines[0]}" names a JSON path`);
    return 'error';
  }
  const report = JSON.parse(run.stdout);
  assert.is(report.schemaVersion, 1, `${label}: a JSON report`);
  assert.ok(Array.isArray(report.results), `${label}: results`);
  return 'result';
}

function parses(path: string): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path)));
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The corpus on disk. What each file must give, where the answer is clear-cut.

const EXPECT: Record<string, 'result' | { error: string }> = {
  'truncated.json': { error: 'not valid JSON' },
  'top-level-array.json': { error: '$' },
  'top-level-string.json': { error: '$' },
  'top-level-null.json': { error: '$' },
  'whitespace-only.json': { error: 'empty' },
  'empty.json': { error: 'empty' },
  'key-not-array.json': { error: '$.Subnets' },
  'element-not-object.json': { error: '$.Vpcs[0]' },
  'id-wrong-type.json': { error: '$.Vpcs[0].VpcId' },
  'nested-wrong-type.json': { error: '$.SecurityGroups[0].IpPermissions' },
  'rule-number-zero.json': { error: '$.NetworkAcls[0].Entries[0].RuleNumber' },
  'rule-number-too-big.json': { error: '$.NetworkAcls[0].Entries[0].RuleNumber' },
  'rule-number-fraction.json': { error: '$.NetworkAcls[0].Entries[0].RuleNumber' },
  'nacl-port-too-big.json': { error: '$.NetworkAcls[0].Entries[0].PortRange.To' },
  'sg-port-negative.json': { error: '$.SecurityGroups[0].IpPermissions[0].FromPort' },
  'sg-port-reversed.json': { error: '$.SecurityGroups[0].IpPermissionsEgress[0].ToPort' },
  'ipv6-subnet-cidr.json': { error: '$.Subnets[0].CidrBlock' },
  'ipv6-in-ip-ranges.json': { error: '$.SecurityGroups[0].IpPermissionsEgress[0].IpRanges[0].CidrIp' },
  'ipv6-private-address.json': { error: '$.NetworkInterfaces[0].PrivateIpAddress' },
  'ipv6-route-destination.json': { error: '$.RouteTables[0].Routes[0].DestinationCidrBlock' },
  'ipv6-nacl-cidr-block.json': { error: '$.NetworkAcls[0].Entries[0].CidrBlock' },
  'ipv6-vpc-cidr-block.json': { error: '$.Vpcs[0].CidrBlock' },
  'protocol-prototype-names.json': { error: '$.SecurityGroups[0].IpPermissionsEgress[0].IpProtocol' },
  'prototype-keys.json': 'result',
  'number-overflow.json': { error: '$.Vpcs[0].VpcId' },
  'region-not-string.json': { error: '$.Region' },
  'wrapped-wrong-type.json': { error: '$.data.Vpcs' },
  'utf8-bom.json': 'result',
  'invalid-utf8.json': { error: 'UTF-8' },
  'utf16.json': { error: 'UTF-8' },
  'duplicate-key.json': { error: '$.Vpcs' },
  'dangling-ids.json': 'result',
  'duplicate-ids.json': 'result',
};

const files = readdirSync(corpus).filter((name) => name.endsWith('.json')).sort();

test('the hostile corpus has a file for every kind of breakage, each with its expectation', () => {
  assert.ok(files.length >= 30, `${files.length} files`);
  assert.equal(files.filter((name) => !(name in EXPECT)), [], 'files without an expectation');
});

for (const name of files) {
  test(`hostile file ${name}`, async () => {
    const path = join(corpus, name);
    const outcome = contract(await check(path), name, name, parses(path));
    const want = EXPECT[name];
    if (want === 'result') assert.is(outcome, 'result', `${name} gives a result`);
    else if (want) {
      assert.is(outcome, 'error', `${name} is an input error`);
      const run = await check(path);
      assert.ok(!run.timedOut && run.stderr.includes(want.error), `${name}: "${!run.timedOut && run.stderr.trim()}" mentions ${want.error}`);
    }
  });
}

test('dangling references give unknown verdicts naming the missing id, never reachable', async () => {
  const run = await check(join(corpus, 'dangling-ids.json'));
  assert.ok(!run.timedOut);
  const report = JSON.parse(run.timedOut ? '{}' : run.stdout);
  for (const result of report.results) {
    for (const c of result.checks.filter((x: any) => x.check !== 'imds')) {
      assert.is.not(c.verdict, 'reachable', `${result.instanceId} ${c.check}`);
      assert.ok(c.blockingHop?.resourceId, `${result.instanceId} ${c.check} names a resource`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Big and deep inputs, made here.

const base = () => JSON.parse(readFileSync(EP, 'utf8'));

test('huge rule lists: 40 000 security-group rules, 30 000 NACL entries, 20 000 routes, 2 000 instances', async () => {
  const doc = base();
  const cidr = (i: number) => `${(i >> 16) & 255 || 1}.${(i >> 8) & 255}.${i & 255}.0/24`;
  doc.SecurityGroups[0].IpPermissionsEgress = Array.from({ length: 40_000 }, (_, i) => ({ IpProtocol: 'tcp', FromPort: i % 65535, ToPort: i % 65535, IpRanges: [{ CidrIp: cidr(i) }] }));
  doc.NetworkAcls[0].Entries = Array.from({ length: 30_000 }, (_, i) => ({ RuleNumber: (i % 15_000) + 1, Protocol: '6', RuleAction: i % 3 ? 'allow' : 'deny', Egress: i >= 15_000, CidrBlock: cidr(i), PortRange: { From: i % 60000, To: (i % 60000) + 500 } }));
  doc.RouteTables[0].Routes.push(...Array.from({ length: 20_000 }, (_, i) => ({ DestinationCidrBlock: cidr(i + 7), GatewayId: 'vgw-0big', Origin: 'EnableVgwRoutePropagation', State: i % 2 ? 'active' : 'blackhole' })));
  const template = doc.Reservations[0].Instances[0];
  doc.Reservations = Array.from({ length: 2_000 }, (_, i) => {
    const instance = structuredClone(template);
    instance.InstanceId = `i-0big${String(i).padStart(13, '0')}`;
    instance.NetworkInterfaces[0].NetworkInterfaceId = `eni-0big${String(i).padStart(12, '0')}`;
    return { Instances: [instance] };
  });
  const path = join(tempDir(), 'huge.json');
  writeFileSync(path, JSON.stringify(doc));
  assert.is(contract(await check(path, BIG_BOUND_MS), 'huge.json', 'huge.json', true), 'result');
});

test('deeply nested junk: too deep to parse, deep inside a known field, deep in a duplicate, deep in an unknown key', async () => {
  const dir = tempDir();
  const nest = (depth: number, leaf: unknown = 1): unknown => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { x: value };
    return value;
  };
  const cases: Array<[string, string]> = [
    ['too-deep.json', `{"Vpcs": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`],
    ['deep-tags.json', JSON.stringify({ ...base(), Subnets: base().Subnets.map((s: any) => ({ ...s, Tags: [nest(3_000)] })) })],
    ['deep-field.json', JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: nest(3_000) }] })],
    ['deep-duplicate.json', JSON.stringify({ ...base(), Vpcs: [...base().Vpcs, { ...base().Vpcs[0], Junk: nest(3_000) }] })],
    ['deep-unknown-key.json', JSON.stringify({ ...base(), Junk: nest(3_000) })],
  ];
  for (const [name, text] of cases) {
    const path = join(dir, name);
    writeFileSync(path, text);
    contract(await check(path, BIG_BOUND_MS), name, name, name !== 'too-deep.json');
  }
});

test('directories: empty, no JSON files, a symlink loop, a broken link, a folder named *.json', async () => {
  const dir = tempDir();
  const at = (...parts: string[]) => join(dir, ...parts);
  mkdirSync(at('empty'));
  mkdirSync(at('no-json'));
  writeFileSync(at('no-json', 'notes.txt'), 'not a snapshot');
  mkdirSync(at('loop', 'inner'), { recursive: true });
  writeFileSync(at('loop', 'inner', 'vpcs.json'), JSON.stringify({ Vpcs: base().Vpcs }));
  symlinkSync(at('loop'), at('loop', 'inner', 'back'));
  mkdirSync(at('broken'));
  symlinkSync(at('broken', 'nowhere.json'), at('broken', 'dangling.json'));
  mkdirSync(at('folder-named-json', 'x.json'), { recursive: true });
  writeFileSync(at('folder-named-json', 'x.json', 'a.json'), JSON.stringify(base()));
  assert.is(contract(await check(at('empty')), 'empty folder', 'empty', false), 'error');
  assert.is(contract(await check(at('no-json')), 'folder without JSON', 'no-json', false), 'error');
  assert.is(contract(await check(at('loop')), 'symlink loop', 'loop', false), 'result');
  assert.is(contract(await check(at('broken')), 'broken link', 'dangling.json', false), 'error');
  assert.is(contract(await check(at('folder-named-json')), 'folder named x.json', 'folder-named-json', false), 'result');
});

// ---------------------------------------------------------------------------------------------
// Wrong types at every level: each JSON value of the EP reference model in turn replaced by a
// value of another type (rotating through them), the rest of the document intact.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every value's path, depth first (iterative: mutants can be thousands of levels deep). */
function paths(root: Json): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const stack: Array<[Json, Array<string | number>]> = [[root, []]];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    out.push(at);
    const children: Array<[Json, Array<string | number>]> = Array.isArray(value)
      ? value.map((v, i) => [v, [...at, i]])
      : value !== null && typeof value === 'object'
        ? Object.entries(value).map(([k, v]) => [v, [...at, k]])
        : [];
    stack.push(...children.reverse());
  }
  return out;
}

function replaced(doc: Json, at: Array<string | number>, value: Json | undefined): Json {
  if (at.length === 0) return value === undefined ? {} : value;
  const copy = structuredClone(doc) as any;
  let parent = copy;
  for (const step of at.slice(0, -1)) parent = parent[step];
  const last = at[at.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

const WRONG: Json[] = [null, 7, 'x', true, [], {}, -1, '', [1, 2], { Value: 'yes' }, 1e308, '2001:db8::/32'];

test('wrong types at every level of a reference model: a result or one line naming the JSON path', async () => {
  const doc = JSON.parse(readFileSync(EP, 'utf8')) as Json;
  const all = paths(doc);
  const dir = tempDir();
  const outcomes = { result: 0, error: 0 };
  for (let i = 0; i < all.length; i++) {
    const at = all[i]!;
    const current = at.reduce<any>((v, step) => v[step], doc);
    const candidates = WRONG.filter((w) => typeof w !== typeof current || Array.isArray(w) !== Array.isArray(current));
    const value = candidates[i % candidates.length]!;
    const path = join(dir, `wrong-${i}.json`);
    writeFileSync(path, JSON.stringify(replaced(doc, at, value)));
    outcomes[contract(await check(path), `$${at.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')} := ${JSON.stringify(value)}`, `wrong-${i}.json`, true)]++;
  }
  assert.ok(all.length > 300, `${all.length} values`);
  assert.ok(outcomes.error > 50 && outcomes.result > 50, JSON.stringify(outcomes));
});

// ---------------------------------------------------------------------------------------------
// A JSON mutation fuzzer over the real-world snapshots.

function realworldFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) out.push(full);
    }
  };
  walk(realworld);
  return out.sort();
}

function depthOf(root: Json): number {
  let deepest = 0;
  const stack: Array<[Json, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (value !== null && typeof value === 'object') for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Values that break things: wrong types, out-of-range numbers, IPv6, prototype names, junk. */
const HOSTILE_VALUES: Json[] = [null, true, 0, -1, 1.5, 70_000, 40_000, 2 ** 53, -(2 ** 31), '', ' ', 'x', '-1', '0.0.0.0/0', '::/0', '2001:db8::1', '10.0.0.0/33', '999.1.1.1', '10.0.0.1', 'constructor', '__proto__', 'toString', 'blackhole', 'igw-0', 'nat-0', 'sg-0', [], {}, [[[]]], { Value: 'maybe' }, 'é😀\u0000'];

type Mutation =
  | { op: 'set'; at: number; value: number }
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'copy'; at: number; from: number }
  | { op: 'deep'; at: number; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.nat(HOSTILE_VALUES.length - 1) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('copy' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ op: fc.constant('deep' as const), at: fc.nat(), depth: fc.integer({ min: 10, max: 900 }) }),
);

function mutate(doc: Json, m: Mutation): Json {
  const all = paths(doc);
  const at = all[m.at % all.length]!;
  const get = (p: Array<string | number>) => p.reduce<any>((v, step) => v[step], doc);
  switch (m.op) {
    case 'set':
      return replaced(doc, at, HOSTILE_VALUES[m.value]!);
    case 'delete':
      return replaced(doc, at, undefined);
    case 'duplicate': {
      // Duplicate an array element in place: duplicate ids, repeated rules.
      const arrayAt = [...at];
      while (arrayAt.length > 0 && typeof arrayAt[arrayAt.length - 1] !== 'number') arrayAt.pop();
      if (arrayAt.length === 0) return doc;
      const parent = get(arrayAt.slice(0, -1)) as Json[];
      const copy = [...parent];
      copy.splice(arrayAt[arrayAt.length - 1] as number, 0, structuredClone(parent[arrayAt[arrayAt.length - 1] as number]!));
      return replaced(doc, arrayAt.slice(0, -1), copy);
    }
    case 'copy':
      // Another node's value here: ids now point at the wrong kind of thing, or nowhere.
      return replaced(doc, at, structuredClone(get(all[m.from % all.length]!)) as Json);
    case 'deep': {
      let value: Json = 'junk';
      for (let i = 0; i < m.depth; i++) value = i % 2 ? [value] : { Junk: value };
      return replaced(doc, at, value);
    }
  }
}

const available = existsSync(realworld);
if (!available) {
  test('mutation fuzzer over real-world snapshots (skipped: ../shared/realworld is absent)', () => {});
} else {
  test(`mutation fuzzer: ${MUTANTS} mutants of the real-world snapshots end in a result or one clean line`, async () => {
    const sources = realworldFiles().filter((file) => parses(file));
    assert.ok(sources.length > 100, `${sources.length} real-world files`);
    const dir = tempDir();
    let n = 0;
    const tally = { result: 0, error: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.nat(sources.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.oneof({ weight: 8, arbitrary: fc.constant<'none' | 'truncate' | 'byte'>('none') }, { weight: 1, arbitrary: fc.constantFrom<'truncate' | 'byte'>('truncate', 'byte') }),
        fc.nat(),
        async (index, mutations, damage, offset) => {
          const source = sources[index]!;
          let doc = JSON.parse(readFileSync(source, 'utf8')) as Json;
          // Mutants stay within what this harness can serialise; deeper input has its own test above.
          for (const m of mutations) {
            const next = mutate(doc, m);
            if (depthOf(next) <= 1_000) doc = next;
          }
          let bytes = Buffer.from(JSON.stringify(doc, null, 1));
          if (damage === 'truncate') bytes = bytes.subarray(0, offset % Math.max(bytes.length, 1));
          if (damage === 'byte') bytes = Buffer.concat([bytes.subarray(0, offset % bytes.length), Buffer.from([0xc3, 0x28]), bytes.subarray(offset % bytes.length)]);
          const name = `mutant-${n++}-${basename(source)}`;
          const path = join(dir, name);
          writeFileSync(path, bytes);
          tally[contract(await check(path), `${relative(realworld, source)} with ${JSON.stringify(mutations)} ${damage}`, name, damage === 'none')]++;
        },
      ),
      { numRuns: MUTANTS, seed: Number(process.env['HOSTILE_SEED'] ?? 424242), includeErrorInReport: true },
    );
    // Both kinds: odd-but-readable input reaches the engine, broken input stops at the loader.
    if (MUTANTS >= 100) assert.ok(tally.result > MUTANTS / 10 && tally.error > MUTANTS / 10, JSON.stringify(tally));
    if (process.env['HOSTILE_RUNS']) console.log(`  mutants: ${JSON.stringify(tally)}`);
  });
}

test('close the CLI child', () => {
  cli.close();
});

test.run();
