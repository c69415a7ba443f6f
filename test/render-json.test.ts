// The fleet JSON renderer writes instances out by hand around cached check bytes. Whatever it
// caches, its document must be byte for byte the plain one: JSON.stringify of each instance.

import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateRegion } from '../bench/generate.ts';
import { Evaluator } from '../src/eval/evaluate.ts';
import { explainInstance, summarise } from '../src/explain/report.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import type { Model } from '../src/model/types.ts';
import { instanceJson, renderJson } from '../src/render/json.ts';
import { writeChunks } from '../src/cli/io.ts';
import { ByteWriter } from '../src/render/byte-writer.ts';
import { chunksText, MODELS_ROOT, readJson, referenceModels } from './support/snapshots.ts';

const root = MODELS_ROOT;
const models = referenceModels();

const text = chunksText;

function compare(model: Model, where: string): void {
  const evaluator = new Evaluator(model);
  const explained = [...model.instances.values()].map((instance) => explainInstance(model, evaluator.evaluateInstance(instance)));
  const source = { kind: 'snapshot' as const, region: model.region ?? null, path: where };
  for (const allPaths of [false, true]) {
    const got = text(renderJson(source, explained, model.warnings, () => summarise(explained), { allPaths }));
    const plain = `{"schemaVersion":1,"source":${JSON.stringify(source)},"results":[${explained.map((e, i) => (i === 0 ? '\n' : ',\n') + JSON.stringify(instanceJson(e, { allPaths }))).join('')}\n],"warnings":`;
    assert.is(got.slice(0, plain.length), plain, `${where} (allPaths ${allPaths})`);
    JSON.parse(got);
  }
}

for (const name of models) {
  test(`${name}: the JSON document is the plain one`, () => {
    compare(buildModel(rawFromDocument(readJson(join(root, name, 'snapshot.json')), 'snapshot.json')), name);
  });
}

test('generated region of 1,000 instances: the JSON document is the plain one', () => {
  compare(buildModel(rawFromDocument(generateRegion({ instances: 1000, seed: 3 }).document, 'region.json')), 'region');
});

test('writeChunks batches text and bytes in order, never splitting a character', async () => {
  const written: Buffer[] = [];
  const stream = { write: (chunk: string | Uint8Array) => (written.push(Buffer.from(chunk as Uint8Array)), true) };
  const big = 'é→'.repeat(400_000);
  const chunks = ['{"a":"', Buffer.from('↔ bytes'), big, '"', Buffer.alloc(1_100_000, 0x61), '}'];
  await writeChunks(stream, chunks);
  assert.ok(written.length >= 3, 'more than one batch');
  for (const part of written) assert.is(Buffer.from(part.toString('utf8')).length, part.length, 'each batch is whole UTF-8');
  assert.is(Buffer.concat(written).toString('utf8'), text(chunks));
});

test('ByteWriter keeps text and bytes in order across full buffers and takes; chunks end between pieces', () => {
  const out = new ByteWriter(16);
  out.text('{"a":"é→');
  out.bytes(Buffer.from('0123456789abcdef0123'));
  out.ascii(0x2c);
  assert.is(out.take(1000), undefined, 'not enough yet');
  const first = out.take()!;
  // The text, the 20 bytes that did not fit after it, and the comma: three chunks, none split.
  assert.equal(first.map((chunk) => Buffer.from(chunk).toString('utf8')), ['{"a":"é→', '0123456789abcdef0123', ',']);
  out.text('"}');
  const second = out.take()!;
  assert.is(out.take(), undefined, 'nothing left');
  assert.is(Buffer.concat([...first, ...second]).toString('utf8'), '{"a":"é→0123456789abcdef0123,"}');
});

test('ByteWriter writes into the memory it is given when that is large enough, and allocates otherwise', () => {
  const memory = Buffer.alloc(48, 0x2e);
  let offset = 0;
  // 16-byte pieces of `memory` while they last, for requests of up to 16 bytes.
  const out = new ByteWriter(16, (size) => {
    if (size > 16 || offset + 16 > memory.length) return undefined;
    offset += 16;
    return memory.subarray(offset - 16, offset);
  });
  out.bytes(Buffer.from('0123456789'));
  out.bytes(Buffer.from('abcdefghij'));
  out.bytes(Buffer.from('klmnopqrstuvwxyz0123')); // larger than a piece: allocated
  out.bytes(Buffer.from('ABCDEFGHIJ'));
  out.bytes(Buffer.from('KLMNOPQRSTUV'));
  const chunks = out.take()!;
  assert.is(Buffer.concat(chunks).toString(), '0123456789abcdefghijklmnopqrstuvwxyz0123ABCDEFGHIJKLMNOPQRSTUV');
  const fromMemory = chunks.map((chunk) => chunk.buffer === memory.buffer);
  assert.equal(fromMemory, [true, true, false, true, false]);
  assert.is(memory.toString(), '0123456789......abcdefghij......ABCDEFGHIJ......');
});

test.run();
