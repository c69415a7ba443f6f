// A fleet-sized snapshot file read on two threads (model/fleet-snapshot.ts) gives the model and
// the report that reading it whole gives: for the reference models and generated regions cut into
// pieces as small as their layout allows, in every layout we write or read (minified, indented,
// Reservations first or last, a byte order mark), when an instance brings an interface the
// snapshot does not list, without NetworkInterfaces, and for inputs where the split must not
// stand (a cut inside an element, bad input in a late chunk, Reservations nested or wrapped).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateRegion } from '../bench/generate.ts';
import { splitReservations } from '../src/load/reservations-split.ts';
import { SharedSnapshotFile, readSharedRange } from '../src/load/shared-file.ts';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { buildModel } from '../src/model/build-model.ts';
import { FleetFallback, FleetSnapshot } from '../src/model/fleet-snapshot.ts';
import type { Model } from '../src/model/types.ts';
import { runCli } from './support/run-cli.ts';
import { writeTemp } from './support/snapshots.ts';

type Json = Record<string, any>;

const models = new URL('../models/', import.meta.url).pathname;
const referenceSnapshots = readdirSync(models)
  .map((name) => join(models, name, 'snapshot.json'))
  .filter((path) => existsSync(path));

type Outcome = { kind: 'streamed' | 'gathered'; model: Model } | { kind: 'fallback' | 'not split' };

/** Read on two threads, every instance drained. */
function readFleet(path: string, chunkBytes = 1): Outcome {
  let fleet: FleetSnapshot | undefined;
  try {
    fleet = FleetSnapshot.open(path, path, { chunkBytes });
    if (!fleet) return { kind: 'not split' };
    if (!fleet.streaming) return { kind: 'gathered', model: fleet.complete() };
    for (const _ of fleet.instances());
    return { kind: 'streamed', model: fleet.model };
  } catch (error) {
    if (error instanceof FleetFallback) return { kind: 'fallback' };
    throw error;
  } finally {
    fleet?.close();
  }
}

function sameModel(path: string, expected: Outcome['kind']): void {
  const outcome = readFleet(path);
  assert.is(outcome.kind, expected, path);
  if ('model' in outcome) assert.equal(outcome.model, buildModel(loadSnapshotPath(path)), path);
}

const PARALLEL = { SSM_REACH_PARALLEL: 'on', SSM_REACH_CHUNK_BYTES: '1' };

/** The CLI's report (stdout, stderr, exit code) read on two threads equals the usual one. */
async function sameReport(path: string, outputs = ['json', 'text'], extra: string[] = ['--all']): Promise<void> {
  for (const output of outputs) {
    const argv = ['check', '--snapshot', path, '--output', output, ...extra];
    const usual = await runCli(argv, { SSM_REACH_PARALLEL: 'off' });
    const fleet = await runCli(argv, PARALLEL);
    assert.equal(fleet, usual, `${path} --output ${output}`);
  }
}

function reservationsOf(path: string): Json[] {
  return (JSON.parse(readFileSync(path, 'utf8')).Reservations ?? []) as Json[];
}

test('reference models with two or more reservations: the same model, streamed', () => {
  const splittable = referenceSnapshots.filter((path) => reservationsOf(path).length >= 2);
  assert.ok(splittable.length >= 9, `${splittable.length} models`);
  for (const path of splittable) sameModel(path, 'streamed');
});

test('reference models: the same report, byte for byte, in JSON and text (one reservation: read the usual way)', async () => {
  for (const path of referenceSnapshots) await sameReport(path);
});

function region(instances: number, seed: number): Json {
  return generateRegion({ instances, seed }).document as Json;
}

/** The document with Reservations moved to the end (how our snapshots are written) or the front. */
function reorder(document: Json, reservations: 'first' | 'last'): Json {
  const { Reservations, ...rest } = document;
  return reservations === 'first' ? { Reservations, ...rest } : { ...rest, Reservations };
}

test('generated regions in every layout: the same model and report', async () => {
  for (const [instances, seed] of [[60, 1], [250, 2], [400, 3]] as const) {
    const document = region(instances, seed);
    const layouts: Array<[string, string | Buffer]> = [
      ['minified, Reservations last', JSON.stringify(reorder(document, 'last'))],
      ['minified, Reservations first', JSON.stringify(reorder(document, 'first'))],
      ['indented, Reservations last', JSON.stringify(reorder(document, 'last'), null, 2)],
      ['indented (4), Reservations first', JSON.stringify(reorder(document, 'first'), null, 4)],
      ['byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(document))])],
    ];
    for (const [layout, text] of layouts) {
      const path = writeTemp(`region-${instances}.json`, text);
      sameModel(path, 'streamed');
      await sameReport(path, ['json']);
      void layout;
    }
  }
});

test('an instance whose interface NetworkInterfaces does not list: read again the usual way, the same report', async () => {
  const document = reorder(region(250, 4), 'last');
  const reservations = document['Reservations'] as Json[];
  const late = reservations[reservations.length - 3]!['Instances'][0];
  const eniId = late.NetworkInterfaces[0].NetworkInterfaceId;
  document['NetworkInterfaces'] = (document['NetworkInterfaces'] as Json[]).filter((eni) => eni['NetworkInterfaceId'] !== eniId);
  const path = writeTemp('unlisted.json', JSON.stringify(document));
  assert.is(readFleet(path).kind, 'fallback');
  await sameReport(path, ['json']);
});

test('without NetworkInterfaces: read on two threads, evaluated once all are in', async () => {
  const { NetworkInterfaces, ...document } = region(250, 5);
  void NetworkInterfaces;
  const path = writeTemp('no-enis.json', JSON.stringify(document));
  sameModel(path, 'gathered');
  await sameReport(path, ['json']);
});

test('repeated instance ids across chunks: the first is kept and the repeat reported, as usual', async () => {
  const document = reorder(region(250, 6), 'last');
  const reservations = document['Reservations'] as Json[];
  reservations.push(structuredClone(reservations[1]!));
  const path = writeTemp('repeated.json', JSON.stringify(document));
  sameModel(path, 'streamed');
  await sameReport(path, ['json']);
});

test('a cut that lands inside an element does not stand: fallback, and the usual report', async () => {
  // Tags whose first key is the reservations' first key: the chunk signature matches inside an instance.
  const document = reorder(region(250, 7), 'last');
  for (const reservation of document['Reservations'] as Json[]) {
    const first = Object.keys(reservation)[0]!;
    for (const instance of reservation['Instances']) instance.Tags = [{ [first]: 'decoy', Key: 'a', Value: 'b' }, { [first]: 'decoy', Key: 'c', Value: 'd' }, ...(instance.Tags ?? [])];
  }
  const path = writeTemp('decoy.json', JSON.stringify(document));
  const outcome = readFleet(path, 1);
  assert.ok(outcome.kind === 'fallback' || outcome.kind === 'streamed', outcome.kind);
  if ('model' in outcome) assert.equal(outcome.model, buildModel(loadSnapshotPath(path)));
  await sameReport(path, ['json']);
});

test('bad input in a late chunk: the usual error, exit 2, nothing on stdout', async () => {
  const document = reorder(region(250, 8), 'last');
  const reservations = document['Reservations'] as Json[];
  reservations[reservations.length - 2]!['Instances'][0].MetadataOptions = { HttpEndpoint: 'sometimes' };
  const path = writeTemp('bad-late.json', JSON.stringify(document));
  assert.is(readFleet(path).kind, 'fallback');
  const usual = await runCli(['check', '--snapshot', path, '--output', 'json'], { SSM_REACH_PARALLEL: 'off' });
  const fleet = await runCli(['check', '--snapshot', path, '--output', 'json'], PARALLEL);
  assert.is(usual.code, 2);
  assert.match(usual.stderr, /MetadataOptions\.HttpEndpoint/);
  assert.equal(fleet, usual);
});

test('bytes that are not UTF-8, in the array (the worker reads it) or around it: the usual error', async () => {
  const text = JSON.stringify(reorder(region(250, 16), 'last'));
  // Inside values that nothing reads: only the check of the bytes can find them.
  const late = text.lastIndexOf('"ImageId":"', text.length - 20_000) + '"ImageId":"'.length - 1;
  const early = text.indexOf('"OwnerId":"') + '"OwnerId":"'.length - 1;
  for (const [name, at] of [['in a late reservation', late], ['before the array', early]] as const) {
    const bytes = Buffer.from(text);
    bytes[at + 1] = 0xff; // not UTF-8
    const path = writeTemp(`not-utf8-${at}.json`, bytes);
    if (name === 'in a late reservation') assert.is(readFleet(path, 4096).kind, 'fallback', name);
    const usual = await runCli(['check', '--snapshot', path, '--output', 'json'], { SSM_REACH_PARALLEL: 'off' });
    const fleet = await runCli(['check', '--snapshot', path, '--output', 'json'], PARALLEL);
    assert.is(usual.code, 2, name);
    assert.match(usual.stderr, /not valid UTF-8/);
    assert.equal(fleet, usual, name);
  }
});

test('a file written while it is read: the worker sees it changed and the usual read takes over', () => {
  const path = writeTemp('changing.json', JSON.stringify(region(20, 17)));
  // A whole second, so that a copy can be given exactly the same time.
  utimesSync(path, 1_700_000_000, 1_700_000_000);
  const file = SharedSnapshotFile.open(path, path);
  const { size, identity, bytes } = file;
  file.close();
  assert.ok(readSharedRange(path, bytes, 0, size, identity), 'unchanged');
  assert.is(bytes.toString(), readFileSync(path, 'utf8'));
  // Replaced by a copy with the same size and time: another file all the same.
  const copy = writeTemp('changing-copy.json', readFileSync(path));
  utimesSync(copy, 1_700_000_000, 1_700_000_000);
  renameSync(copy, path);
  assert.not.ok(readSharedRange(path, bytes, 0, size, identity), 'replaced');
  const again = SharedSnapshotFile.open(path, path);
  again.close();
  utimesSync(path, new Date(), new Date(identity.mtimeMs + 5_000));
  assert.not.ok(readSharedRange(path, bytes, 0, size, again.identity), 'written since');
  // Written in place, same size, its modification time set back: the change time tells.
  const third = SharedSnapshotFile.open(path, path);
  third.close();
  const edited = readFileSync(path, 'utf8').replace('"Region":"eu-west-1"', '"Region":"eu-west-2"');
  assert.is(edited.length, size);
  writeFileSync(path, edited);
  utimesSync(path, third.identity.mtimeMs / 1000, third.identity.mtimeMs / 1000);
  assert.not.ok(readSharedRange(path, bytes, 0, size, third.identity), 'edited in place, time set back');
  assert.not.ok(readSharedRange(`${path}.gone`, bytes, 0, size, identity), 'gone');
});

test('bad input in the context and in a chunk: the context error, as usual', async () => {
  const document = reorder(region(250, 9), 'last');
  (document['Subnets'] as Json[])[0]!['CidrBlock'] = 'not a cidr';
  ((document['Reservations'] as Json[])[3]!['Instances'] as Json[])[0]!['InstanceId'] = 7;
  const path = writeTemp('bad-both.json', JSON.stringify(document));
  const usual = await runCli(['check', '--snapshot', path], { SSM_REACH_PARALLEL: 'off' });
  const fleet = await runCli(['check', '--snapshot', path], PARALLEL);
  assert.is(usual.code, 2);
  assert.match(usual.stderr, /Subnets\[0\]\.CidrBlock/);
  assert.equal(fleet, usual);
});

test('not JSON inside Reservations, or a file cut short: the usual parse error', async () => {
  const text = JSON.stringify(reorder(region(250, 10), 'last'));
  const at = text.indexOf('"InstanceType"', Math.floor(text.length * 0.8));
  for (const [name, broken] of [
    ['garbled', `${text.slice(0, at)}"InstanceType" "t3.micro",${text.slice(at + 40)}`],
    ['truncated', text.slice(0, Math.floor(text.length * 0.9))],
    ['trailing comma', `${text.slice(0, -2)},]}`],
  ] as const) {
    const path = writeTemp(`${name}.json`, broken);
    const usual = await runCli(['check', '--snapshot', path], { SSM_REACH_PARALLEL: 'off' });
    const fleet = await runCli(['check', '--snapshot', path], PARALLEL);
    assert.is(usual.code, 2, name);
    assert.equal(fleet, usual, name);
  }
});

test('Reservations that is not the top-level member: nested, or inside a recorded response', async () => {
  const document = reorder(region(250, 11), 'last');
  const nested = { Other: { Reservations: document['Reservations'] }, ...document };
  const wrapped = { status_code: 200, data: document };
  for (const [name, value] of [['nested', nested], ['wrapped', wrapped]] as const) {
    const path = writeTemp(`${name}.json`, JSON.stringify(value));
    const outcome = readFleet(path);
    assert.ok(outcome.kind === 'fallback' || outcome.kind === 'streamed', `${name}: ${outcome.kind}`);
    if ('model' in outcome) assert.equal(outcome.model, buildModel(loadSnapshotPath(path)), name);
    await sameReport(path, ['json']);
  }
});

test('Reservations last: the array ends after its last element, found from the end (one element scanned)', () => {
  const document = reorder(region(400, 13), 'last');
  for (const text of [JSON.stringify(document), `${JSON.stringify(document, null, 2)}\n`]) {
    const bytes = Buffer.from(text);
    const split = splitReservations(bytes, 2 ** 16)!;
    assert.ok(split.chunks.length >= 3, `${split.chunks.length} chunks`);
    const close = text.lastIndexOf(']');
    assert.is(split.close, close);
    const last = split.chunks[split.chunks.length - 1]!;
    assert.is(last.end, close);
    assert.equal(JSON.parse(`[${bytes.toString('utf8', last.start, last.end)}]`), [document['Reservations'].at(-1)]);
    const elements = split.chunks.flatMap((chunk) => JSON.parse(`[${bytes.toString('utf8', chunk.start, chunk.end)}]`));
    assert.equal(elements, document['Reservations']);
  }
});

test('a later member whose elements begin like those of Reservations: the usual report', async () => {
  const document = reorder(region(250, 14), 'last');
  const reservations = document['Reservations'] as Json[];
  // Last in the document, so the last element that looks like a reservation is one of its own.
  const lookalike = { ...document, Lookalike: reservations.slice(0, 3) };
  const path = writeTemp('lookalike.json', JSON.stringify(lookalike));
  const outcome = readFleet(path, 2 ** 14);
  assert.ok(outcome.kind === 'fallback' || outcome.kind === 'streamed', outcome.kind);
  if ('model' in outcome) assert.equal(outcome.model, buildModel(loadSnapshotPath(path)));
  await sameReport(path, ['json']);
});

test('the built binary: its worker bundle reads the array itself (Reservations last) and gives the usual report', () => {
  const bin = new URL('../bin/ssm-reach.js', import.meta.url).pathname;
  if (!existsSync(new URL('../dist/cli.js', import.meta.url))) return; // dist/ is built by npm install
  // Large enough for 1 MB pieces: the report goes into the file's pages, then through a pipe.
  const path = writeTemp('built.json', JSON.stringify(reorder(region(2500, 15), 'last')));
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [bin, 'check', '--snapshot', path, '--output', 'json'], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 2 ** 28 });
  const usual = run({ SSM_REACH_PARALLEL: 'off' });
  // The main thread reads the head and the tail, the worker the array between.
  const fleet = run({ SSM_REACH_PARALLEL: 'on', SSM_REACH_DEBUG: '1' });
  assert.ok(fleet.stdout.length > 2 ** 21, `${fleet.stdout.length} bytes of report`);
  assert.is(fleet.stderr, '', 'no fallback to one thread');
  assert.is(fleet.status, usual.status);
  assert.is(fleet.stdout, usual.stdout);
});

test('the memory a fleet read hands over for the report is memory no thread reads any more', async () => {
  // Large enough for 1 MB chunks and pieces: the parts around the array and chunks already read.
  const document = reorder(region(2500, 18), 'last');
  const path = writeTemp('spare.json', JSON.stringify(document));
  const fleet = FleetSnapshot.open(path, path)!;
  let handed = 0;
  try {
    let seen = 0;
    for (const _ of fleet.instances()) {
      // Scribble over what is handed over, as a report would write there: a piece the worker still
      // had to read would spoil its chunks (a fallback, or a different model).
      if (++seen % 50 === 0) {
        const piece = fleet.spare(2 ** 20);
        if (piece) (handed += 1), piece.fill(0x7b);
      }
    }
  } finally {
    fleet.close();
  }
  assert.ok(handed >= 3, `${handed} pieces handed over`);
  assert.equal(fleet.model, buildModel(loadSnapshotPath(path)));
  // And the report written there is the usual one.
  const argv = ['check', '--snapshot', path, '--output', 'json'];
  assert.equal(await runCli(argv, { SSM_REACH_PARALLEL: 'on' }), await runCli(argv, { SSM_REACH_PARALLEL: 'off' }));
});

test('SSM_REACH_PARALLEL=off, a folder, or a small file: read the usual way', async () => {
  const path = writeTemp('region.json', JSON.stringify(region(60, 12)));
  const off = await runCli(['check', '--snapshot', path, '--output', 'json'], { SSM_REACH_PARALLEL: 'off', SSM_REACH_CHUNK_BYTES: '1' });
  const small = await runCli(['check', '--snapshot', path, '--output', 'json'], { SSM_REACH_CHUNK_BYTES: '1' });
  assert.equal(small, off);
});

test.run();
