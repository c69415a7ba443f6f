// Messages between the main thread and the fleet worker, and the blocking send/receive both use.
// Each direction has a counter in a shared Int32Array: the sender posts, then bumps the counter
// and wakes the other side; the receiver takes what the port holds, else sleeps on the counter.

import type { MessagePort } from 'node:worker_threads';
import { receiveMessageOnPort } from 'node:worker_threads';
import type { ReservationsEnd } from '../load/reservations-split.ts';
import type { FileIdentity } from '../load/shared-file.ts';
import type { InstanceBatch } from './instance-batch.ts';

export const MAIN_TO_WORKER = 0;
export const WORKER_TO_MAIN = 1;
/** Set to 1 by the worker as its first act: a worker that failed to load never sets it. */
export const WORKER_ALIVE = 2;
/** Length of the control array. */
export const CONTROL_SLOTS = 3;

export interface WorkerData {
  port: MessagePort;
  control: Int32Array;
}

export interface FleetPlan {
  type: 'plan';
  /** The whole file, shared (not copied). */
  buffer: SharedArrayBuffer;
  /** Runs of whole elements; empty when the worker cuts them itself, after `read`. */
  chunks: Array<{ start: number; end: number }>;
  /**
   * The part of the file the main thread did not read: the worker reads it into `buffer` (from
   * `path`, which must still be the file `identity` describes), checks that bytes
   * [utf8From, utf8To) are UTF-8 and cuts the array from `first` to `end` (reservations-split.ts).
   */
  read?: FleetRead | undefined;
  /** The file as the user named it, for JSON paths and warnings. */
  file: string;
  /** The region the file's folder gives its elements. */
  region: string | undefined;
}

export interface FleetRead {
  path: string;
  from: number;
  to: number;
  identity: FileIdentity;
  utf8From: number;
  utf8To: number;
  first: number;
  end: ReservationsEnd;
  chunkBytes: number;
}

export type FleetMessage =
  | FleetPlan
  /** NetworkInterfaces' ids (null: the key is absent, every inline copy is read in full). */
  | { type: 'listed'; ids: string[] | null }
  | { type: 'stop' }
  /** The instances of one chunk of Reservations; `bytes` is where the chunk was, which this thread no longer reads. */
  | { type: 'batch'; chunk: number; batch: InstanceBatch; bytes: { start: number; end: number } }
  | { type: 'failed'; reason: string }
  | { type: 'done' };

export function send(port: MessagePort, control: Int32Array, direction: number, message: FleetMessage): void {
  port.postMessage(message);
  Atomics.add(control, direction, 1);
  Atomics.notify(control, direction);
}

/** Whether the worker started within `timeoutMs`. */
export function waitUntilAlive(control: Int32Array, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(control, WORKER_ALIVE) === 0) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(control, WORKER_ALIVE, 0, Math.min(left, 1000));
  }
  return true;
}

/**
 * The next message, waiting for it. `timeoutMs` bounds the wait for one that never comes (a
 * thread that died without a word): undefined then.
 */
export function receive(port: MessagePort, control: Int32Array, direction: number, timeoutMs = Infinity): FleetMessage | undefined {
  const deadline = timeoutMs === Infinity ? Infinity : Date.now() + timeoutMs;
  for (;;) {
    const seen = Atomics.load(control, direction);
    const got = receiveMessageOnPort(port);
    if (got) return got.message as FleetMessage;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    Atomics.wait(control, direction, seen, Math.min(left, 1000));
  }
}
