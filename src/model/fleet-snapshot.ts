// A fleet-sized snapshot file read on two threads. JSON.parse is the floor of a check: it runs on
// one core. Here a worker (fleet-worker.ts) parses the Reservations array, which is most of such a
// file, chunk by chunk, and reads its instances, while this thread parses the rest of the file
// and builds the model's context; instances then arrive in input order, batch by batch, and the
// caller evaluates each batch while the worker parses the next.
//
// The result is the model buildModel makes of the same file, or nothing at all:
// - the split is proved by the parses themselves (load/reservations-split.ts); a chunk that does
//   not parse, bad input anywhere, or a dead worker → `FleetFallback`: read the file the usual
//   way, which also reports the first problem in input order;
// - instances are evaluated before the last one is read, which is sound because evaluation reads
//   an instance and the context, nothing of other instances but their interfaces — and those are
//   all in the context when every instance's interfaces are listed in NetworkInterfaces. An
//   instance that brings one that is not is a `FleetFallback` too: what was evaluated so far is
//   thrown away (snapshots that list no interfaces at all are read on two threads and evaluated
//   once complete, see `streaming`).
// Nothing of the parsed context is kept once its model is built: at 100,000 instances it is
// hundreds of MB that every full collection would otherwise trace while instances are evaluated.

import { randomUUID } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, Worker } from 'node:worker_threads';
import { InputError } from '../load/input-error.ts';
import { addDocument } from '../load/raw-from-document.ts';
import { emptyRawSnapshot } from '../load/raw-snapshot.ts';
import { readSnapshotBytes } from '../load/snapshot-files.ts';
import { contextText, splitReservations } from '../load/reservations-split.ts';
import { regionFromPath } from '../load/region.ts';
import { ModelBuilder } from './build-model.ts';
import type { FleetMessage, WorkerData } from './fleet-protocol.ts';
import { CONTROL_SLOTS, MAIN_TO_WORKER, WORKER_TO_MAIN, receive, send, waitUntilAlive } from './fleet-protocol.ts';
import { decodeBatch } from './instance-batch.ts';
import type { InstanceRecord } from './instances.ts';
import type { Instance, Model } from './types.ts';

/** Bytes of Reservations per chunk: small enough to stream, large enough to parse efficiently. */
const CHUNK_BYTES = 2 ** 20;
/** A worker that has not started after this long (it failed to load) is given up. */
const START_MS = 5_000;
/** A started worker that says nothing for this long is taken for dead (it catches its errors). */
const SILENCE_MS = 120_000;

/** The file cannot be read this way; read it the usual way (which reports any bad input). */
export class FleetFallback extends Error {
  constructor(reason: string) {
    super(`fleet read abandoned: ${reason}`);
    this.name = 'FleetFallback';
  }
}

export interface FleetOptions {
  chunkBytes?: number;
}

export class FleetSnapshot {
  /** The model: context complete; instances are added as `instances()` yields them. */
  readonly model: Model;
  /** False when instances cannot be evaluated before all are read (see `complete`). */
  readonly streaming: boolean;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control: Int32Array;
  private readonly builder: ModelBuilder;
  private finished = false;

  private constructor(worker: Worker, port: MessagePort, control: Int32Array, builder: ModelBuilder, streaming: boolean) {
    this.worker = worker;
    this.port = port;
    this.control = control;
    this.builder = builder;
    this.model = builder.model;
    this.streaming = streaming;
  }

  /**
   * Start reading `file` (shown to the user as `shown`). Undefined when its layout does not split
   * (read it the usual way). Throws InputError for a file that cannot be read or is not UTF-8,
   * and FleetFallback when the split does not stand.
   */
  static open(file: string, shown: string, options: FleetOptions = {}): FleetSnapshot | undefined {
    // The worker starts first: its start-up overlaps with reading the file.
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    const { port1, port2 } = new MessageChannel();
    const worker = startWorker({ port: port2, control }, [port2]);
    worker.unref();
    // Its failures reach this thread through the protocol (or its silence), not as events.
    worker.on('error', () => {});
    const stop = () => {
      send(port1, control, MAIN_TO_WORKER, { type: 'stop' });
      void worker.terminate();
      port1.close();
    };
    try {
      // In shared memory: the worker reads the same pages.
      const bytes = readSnapshotBytes(file, shown, true);
      const split = splitReservations(bytes, options.chunkBytes ?? CHUNK_BYTES);
      if (!split) {
        stop();
        return undefined;
      }
      const region = regionFromPath(file);
      send(port1, control, MAIN_TO_WORKER, { type: 'plan', buffer: bytes.buffer as SharedArrayBuffer, chunks: split.chunks, file: shown, region });
      // The rest of the document, with a value in the array's place that nothing else can be.
      const placeholder = `ssm-reach:${randomUUID()}`;
      let document: unknown;
      try {
        document = JSON.parse(contextText(bytes, split, JSON.stringify(placeholder)));
      } catch {
        throw new FleetFallback('the document around Reservations is not JSON');
      }
      const root = document as Record<string, unknown> | null;
      if (root === null || typeof root !== 'object' || Array.isArray(root) || root['Reservations'] !== placeholder) {
        throw new FleetFallback('Reservations is not a top-level member');
      }
      delete root['Reservations'];
      const enis = root['NetworkInterfaces'];
      const ids = Array.isArray(enis) ? enis.map((eni) => (eni !== null && typeof eni === 'object' ? (eni as Record<string, unknown>)['NetworkInterfaceId'] : undefined)).filter((id): id is string => typeof id === 'string') : null;
      send(port1, control, MAIN_TO_WORKER, { type: 'listed', ids });
      const context = emptyRawSnapshot();
      addDocument(context, root, shown, region);
      // The key is present (its elements come from the worker), as addDocument would have said.
      context.items.set('Reservations', []);
      context.absent.delete('Reservations');
      const builder = new ModelBuilder(context);
      builder.noteReservationRegion(region);
      // Without NetworkInterfaces every instance brings its interfaces: nothing can be evaluated
      // before all are read.
      const streaming = ids !== null;
      if (streaming) {
        try {
          builder.completeContext();
        } catch (error) {
          // Its errors come after the instances' in buildModel's order: let that order decide.
          if (error instanceof InputError) throw new FleetFallback('bad input after Reservations');
          throw error;
        }
      }
      return new FleetSnapshot(worker, port1, control, builder, streaming);
    } catch (error) {
      stop();
      throw error;
    }
  }

  /**
   * New instances in input order (a repeated id is not new), each added to `model` before it is
   * yielded; the model is finished (warnings in place) when the last has been yielded.
   */
  *instances(): Generator<Instance> {
    if (!this.streaming) throw new Error('FleetSnapshot.instances() needs a streaming read; use complete()');
    for (const records of this.batches()) {
      for (const record of records) {
        const { added, newInterfaces } = this.builder.addRecord(record);
        if (newInterfaces) throw new FleetFallback('an instance has a network interface that NetworkInterfaces does not list');
        if (added) yield added;
      }
    }
    this.builder.finish();
  }

  /** Every instance read, then the model as buildModel makes it (a read that is not streaming). */
  complete(): Model {
    if (this.streaming) throw new Error('FleetSnapshot.complete() is for a read that is not streaming; use instances()');
    for (const records of this.batches()) for (const record of records) this.builder.addRecord(record);
    this.builder.completeContext();
    return this.builder.finish();
  }

  /** Stop the worker (it stops by itself once done). */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    send(this.port, this.control, MAIN_TO_WORKER, { type: 'stop' });
    void this.worker.terminate();
    this.port.close();
  }

  private *batches(): Generator<InstanceRecord[]> {
    try {
      if (!waitUntilAlive(this.control, START_MS)) throw new FleetFallback('the worker thread did not start');
      for (;;) {
        const message: FleetMessage | undefined = receive(this.port, this.control, WORKER_TO_MAIN, SILENCE_MS);
        if (message === undefined) throw new FleetFallback('the worker thread stopped answering');
        if (message.type === 'batch') yield decodeBatch(message.batch);
        else if (message.type === 'done') break;
        else if (message.type === 'failed') throw new FleetFallback(message.reason);
      }
    } finally {
      this.close();
    }
  }
}

/** The worker thread: the bundled script, or the TypeScript source through tsx when running from source. */
function startWorker(workerData: WorkerData, transferList: MessagePort[]): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Tests run the sources with `node --import tsx`, whose hooks do not reach a worker's entry
    // point on Node 20: the worker registers them itself, then imports its TypeScript module.
    const url = JSON.stringify(new URL('./fleet-worker.ts', here).href);
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`, { eval: true, workerData, transferList });
  }
  return new Worker(new URL('./fleet-worker.js', here), { workerData, transferList });
}
