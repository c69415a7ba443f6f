// A fleet-sized snapshot file read on two threads. JSON.parse is the floor of a check: it runs on
// one core. Here a worker (fleet-worker.ts) takes the Reservations array, which is most of such a
// file — in the usual layout it reads those bytes from the file itself (see `locate`) — parses it
// chunk by chunk and reads its instances, while this thread reads and parses the rest of the file
// and builds the model's context; instances then arrive in input order, batch by batch, and the
// caller evaluates each batch while the worker parses the next. Pages of the file that no thread
// reads any more take the report (`spare`).
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

import { InputError } from '../load/input-error.ts';
import { addDocument } from '../load/raw-from-document.ts';
import { emptyRawSnapshot } from '../load/raw-snapshot.ts';
import { SharedSnapshotFile, checkUtf8 } from '../load/shared-file.ts';
import type { ReservationsSplit } from '../load/reservations-split.ts';
import { contextText, reservationsEnd, reservationsStart, splitReservations } from '../load/reservations-split.ts';
import { regionFromPath } from '../load/region.ts';
import { ModelBuilder } from './build-model.ts';
import type { FleetMessage, FleetPlan } from './fleet-protocol.ts';
import { MAIN_TO_WORKER, WORKER_TO_MAIN, receive, send, waitUntilAlive } from './fleet-protocol.ts';
import { FleetThread } from './fleet-thread.ts';
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
  /** The worker, when the caller started it already. */
  thread?: FleetThread;
}

export class FleetSnapshot {
  /** The model: context complete; instances are added as `instances()` yields them. */
  readonly model: Model;
  /** False when instances cannot be evaluated before all are read (see `complete`). */
  readonly streaming: boolean;
  private readonly thread: FleetThread;
  private readonly builder: ModelBuilder;
  /** The file's bytes, and the parts of them that no thread reads any more (see `spare`). */
  private readonly bytes: Buffer;
  private readonly unused: Array<{ start: number; end: number }>;

  private constructor(thread: FleetThread, builder: ModelBuilder, streaming: boolean, bytes: Buffer, unused: { start: number; end: number }) {
    this.thread = thread;
    this.builder = builder;
    this.bytes = bytes;
    this.unused = [unused];
    this.model = builder.model;
    this.streaming = streaming;
  }

  /**
   * Start reading `file` (shown to the user as `shown`). Undefined when its layout does not split
   * (read it the usual way). Throws InputError for a file that cannot be read or is not UTF-8,
   * and FleetFallback when the split does not stand.
   */
  static open(file: string, shown: string, options: FleetOptions = {}): FleetSnapshot | undefined {
    // The worker starts first (the caller may have started it earlier still): its start-up
    // overlaps with reading the file.
    const thread = options.thread ?? FleetThread.start();
    const { port, control } = thread;
    let snapshot: SharedSnapshotFile | undefined;
    try {
      snapshot = SharedSnapshotFile.open(file, shown);
      const located = locate(snapshot, options.chunkBytes ?? CHUNK_BYTES);
      if (!located) {
        thread.stop();
        return undefined;
      }
      const { bytes, split } = located;
      const region = regionFromPath(file);
      send(port, control, MAIN_TO_WORKER, { type: 'plan', buffer: bytes.buffer as SharedArrayBuffer, chunks: split.chunks, read: located.read, file: shown, region });
      // The rest of the document, with a value in the array's place that nothing else can be.
      const placeholder = unguessable();
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
      send(port, control, MAIN_TO_WORKER, { type: 'listed', ids });
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
      // The document around the array is parsed: its pages can take the report (`spare`).
      return new FleetSnapshot(thread, builder, streaming, bytes, { start: 0, end: split.open });
    } catch (error) {
      thread.stop();
      throw error;
    } finally {
      snapshot?.close();
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

  /**
   * `size` bytes of the file's memory that no thread reads any more, or undefined: the document
   * around Reservations once parsed, and each chunk of the array once its instances are in.
   * Writing a report there costs no page faults, as fresh memory would (render/byte-writer.ts).
   */
  readonly spare = (size: number): Buffer | undefined => {
    while (this.unused.length > 0) {
      const range = this.unused[0]!;
      if (range.end - range.start >= size) {
        range.start += size;
        return this.bytes.subarray(range.start - size, range.start);
      }
      this.unused.shift();
    }
    return undefined;
  };

  /** Stop the worker (it stops by itself once done). */
  close(): void {
    this.thread.stop();
  }

  private *batches(): Generator<InstanceRecord[]> {
    try {
      const { port, control } = this.thread;
      if (!waitUntilAlive(control, START_MS)) throw new FleetFallback('the worker thread did not start');
      for (;;) {
        const message: FleetMessage | undefined = receive(port, control, WORKER_TO_MAIN, SILENCE_MS);
        if (message === undefined) throw new FleetFallback('the worker thread stopped answering');
        if (message.type === 'batch') {
          this.unused.push(message.bytes);
          yield decodeBatch(message.batch);
        } else if (message.type === 'done') break;
        else if (message.type === 'failed') throw new FleetFallback(message.reason);
      }
    } finally {
      this.close();
    }
  }
}

/** The file is read from its start in steps of this size until the Reservations array opens. */
const HEAD_STEP = 4 * 2 ** 20;
/** Then its end, where the array's last element is looked for. */
const TAIL_BYTES = 2 ** 20;

/**
 * Where the Reservations array is and how it is cut. In the usual layout (the array last in the
 * document) this thread reads only the rest of the document, and the worker reads the array's
 * bytes itself (`read`) and cuts them; otherwise this thread reads the whole file and cuts it.
 * The parts this thread parses are checked to be UTF-8 here, the rest by the worker. Undefined
 * when the layout does not split.
 */
function locate(snapshot: SharedSnapshotFile, chunkBytes: number): { bytes: Buffer; split: ReservationsSplit; read?: FleetPlan['read'] } | undefined {
  const { bytes, size } = snapshot;
  // Small steps when the chunks are small (tests cut small files as a fleet's are cut).
  const step = Math.min(HEAD_STEP, Math.max(2 ** 12, chunkBytes * 4));
  let loaded = 0;
  let start;
  while (!start && loaded < size) {
    const to = Math.min(size, loaded + step);
    snapshot.read(loaded, to);
    // The key, spaces and the first element's first key fit in what is looked at again.
    start = reservationsStart(bytes.subarray(0, to), to === size ? 0 : loaded - 2 ** 10);
    loaded = to;
  }
  const tailFrom = Math.max(loaded, size - Math.min(TAIL_BYTES, step));
  if (start && tailFrom > loaded) {
    snapshot.read(tailFrom, size);
    const end = reservationsEnd(bytes, start.first, tailFrom);
    if (end) {
      checkUtf8(bytes.subarray(0, start.open), snapshot.shown);
      checkUtf8(bytes.subarray(end.close + 1), snapshot.shown);
      const split = { begin: start.begin, open: start.open, close: end.close, chunks: [] };
      const read = { path: snapshot.path, from: loaded, to: tailFrom, identity: snapshot.identity, utf8From: start.open, utf8To: end.close + 1, first: start.first, end, chunkBytes };
      return { bytes, split, read };
    }
  }
  snapshot.read(loaded, size);
  checkUtf8(bytes, snapshot.shown);
  const split = splitReservations(bytes, chunkBytes);
  return split && { bytes, split };
}

/**
 * A text no snapshot holds: 128 random bits. Nothing needs secrecy here, only that a file cannot
 * hold the text by chance or by design, so Math.random will do (node:crypto takes milliseconds to load).
 */
function unguessable(): string {
  let text = 'ssm-reach:';
  for (let i = 0; i < 4; i++) text += Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
  return text;
}
