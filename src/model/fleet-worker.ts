// The second thread of a fleet-sized check (fleet-snapshot.ts): parses the chunks of the
// snapshot's Reservations array and reads their instances, while the main thread parses the rest
// of the file and evaluates what this thread has sent. It runs straight through, synchronously:
// messages both ways go through a MessagePort read with receiveMessageOnPort, and each side
// wakes the other with Atomics on a shared counter.

import type { MessagePort } from 'node:worker_threads';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { isUtf8 } from 'node:buffer';
import { chunkText, cutReservations } from '../load/reservations-split.ts';
import { readSharedRange } from '../load/shared-file.ts';
import type { FleetMessage, FleetPlan, WorkerData } from './fleet-protocol.ts';
import { MAIN_TO_WORKER, WORKER_ALIVE, WORKER_TO_MAIN, receive, send } from './fleet-protocol.ts';
import { encodeBatch } from './instance-batch.ts';
import type { InstanceRecord } from './instances.ts';
import { readReservation } from './instances.ts';
import { Reader } from './reader.ts';

/** Thrown when the main thread says stop: the work is abandoned without a word. */
const STOP = Symbol('stop');

const { port, control } = workerData as WorkerData;

Atomics.store(control, WORKER_ALIVE, 1);
Atomics.notify(control, WORKER_ALIVE);
run(port, control);

function run(port: MessagePort, control: Int32Array): void {
  const post = (message: FleetMessage) => send(port, control, WORKER_TO_MAIN, message);
  try {
    const plan = receive(port, control, MAIN_TO_WORKER) as FleetPlan;
    if (plan.type !== 'plan') return;
    const bytes = Buffer.from(plan.buffer);
    let chunks = plan.chunks;
    const part = plan.read;
    if (part) {
      if (!readSharedRange(part.path, bytes, part.from, part.to, part.identity)) {
        post({ type: 'failed', reason: 'the file changed while it was read, or cannot be read again' });
        return;
      }
      if (!isUtf8(bytes.subarray(part.utf8From, part.utf8To))) {
        post({ type: 'failed', reason: 'Reservations is not UTF-8' });
        return;
      }
      chunks = cutReservations(bytes, part.first, part.end, part.chunkBytes);
    }
    let listed: ReadonlyMap<string, { id: string }> | undefined | null = null;
    const takeListed = (wait: boolean) => {
      const message = wait ? receive(port, control, MAIN_TO_WORKER) : receiveMessageOnPort(port)?.message as FleetMessage | undefined;
      if (message === undefined) return;
      if (message.type === 'stop') throw STOP;
      if (message.type === 'listed') listed = message.ids === null ? undefined : new Map(message.ids.map((id) => [id, { id }]));
    };
    // Parsed chunks wait here until the main thread says which interfaces NetworkInterfaces lists
    // (readInstance needs it); it does as soon as it has parsed the rest of the file.
    const parsed: Array<{ elements: unknown[]; bytes: { start: number; end: number } }> = [];
    let reservation = 0;
    let sent = 0;
    const read = () => {
      for (const { elements, bytes: range } of parsed) {
        const records: Array<InstanceRecord & { reservation: number; position: number }> = [];
        for (const element of elements) {
          const reader = new Reader(element, plan.file, `$.Reservations[${reservation}]`);
          const read = readReservation(reader, plan.region, listed ?? undefined);
          for (let position = 0; position < read.length; position++) records.push({ ...read[position]!, reservation, position });
          reservation += 1;
        }
        post({ type: 'batch', chunk: sent++, batch: encodeBatch(records, plan.file, plan.region), bytes: range });
      }
      parsed.length = 0;
    };
    for (let i = 0; i < chunks.length; i++) {
      let elements: unknown;
      try {
        elements = JSON.parse(chunkText(bytes, chunks[i]!));
      } catch {
        post({ type: 'failed', reason: `chunk ${i} of Reservations is not a run of whole elements` });
        return;
      }
      parsed.push({ elements: elements as unknown[], bytes: chunks[i]! });
      if (listed === null) takeListed(false);
      if (listed !== null) read();
    }
    while (listed === null) takeListed(true);
    read();
    post({ type: 'done' });
    // Exit now, while the main thread evaluates: a worker that is still there at the end of the
    // process is torn down then, heap and all, and the process waits for it.
    port.close();
  } catch (error) {
    if (error === STOP) return;
    // Bad input (an InputError) or anything else: the main thread reads the file on its own,
    // which reports the first problem in input order.
    post({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
    port.close();
  }
}

